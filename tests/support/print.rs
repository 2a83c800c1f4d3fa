//! Printing a page with headless Chromium, as a trainer would to PDF, and turning the PDF into
//! PNG pages to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long Chromium may take to print before the test gives up on it.
const PRINT_LIMIT: Duration = Duration::from_secs(120);

/// The number of pages in a PDF: its `/Type /Page` objects (not `/Type /Pages`).
pub fn pages(pdf: &[u8]) -> usize {
    let key = b"/Type /Page";
    pdf.windows(key.len() + 1)
        .filter(|w| w.starts_with(key) && w[key.len()] != b's')
        .count()
}

/// Print `html` to `pdf` with headless Chromium, as the README says.
pub fn print(html: &Path, pdf: &Path, profile: &Path) {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
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

/// The PDF's pages as PNG files `prefix-1.png`, `prefix-2.png` ... (with `pdftoppm`), in order;
/// empty when `pdftoppm` is not installed.
pub fn png_pages(pdf: &Path, prefix: &Path) -> Vec<PathBuf> {
    let made = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(pdf)
        .arg(prefix)
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return Vec::new();
    }
    let (Some(dir), Some(stem)) = (prefix.parent(), prefix.file_name()) else {
        return Vec::new();
    };
    let stem = stem.to_string_lossy().into_owned();
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-")))
                && p.extension().is_some_and(|e| e == "png")
        })
        .collect();
    found.sort();
    found
}
