//! The page `rapport script` writes prints: headless Chromium turns it into a PDF of several A4
//! pages. Skipped, with a note, where Chromium is not installed (`.ci/run` installs it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// How long Chromium may take to print before the test gives up on it.
const PRINT_LIMIT: Duration = Duration::from_secs(120);

/// The number of pages in a PDF: its `/Type /Page` objects (not `/Type /Pages`).
fn pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1)
        .filter(|w| w.starts_with(key) && w[key.len()] != b's')
        .count()
}

/// Print `html` to `pdf` with headless Chromium, as the README says.
fn print(html: &Path, pdf: &Path, profile: &Path) {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("chromium can be waited for") {
            assert!(status.success(), "chromium failed: {status}");
            return;
        }
        if started.elapsed() > PRINT_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not print within {PRINT_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_script_prints_to_a_pdf_of_several_pages() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("skipped: {CHROMIUM} is not installed, so the script was not printed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("first-morning.html");
    let pdf = dir.path().join("first-morning.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["script", "scenarios/home-care/first-morning.ron", "-o"])
        .arg(&html)
        .output()
        .expect("the binary runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    print(&html, &pdf, &dir.path().join("profile"));
    let bytes = std::fs::read(&pdf).expect("chromium wrote the PDF");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    let n = pages(&bytes);
    assert!(n > 1, "the PDF has {n} page(s)");
}
