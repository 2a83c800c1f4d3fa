//! The page `rapport script` writes prints: headless Chromium turns it into a PDF of several A4
//! pages. Skipped, with a note, where Chromium is not installed (`.ci/run` installs it).

mod support;

use std::path::Path;
use std::process::Command;

use support::print::{CHROMIUM, pages, print};

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
