//! The pages in a real browser: headless Chromium renders the account page
//! and the portfolio page of a database with hostile text, the screenshots
//! are not blank, the printed PDF exists, and Chromium's network log shows
//! that the pages requested nothing from outside. A control page that does
//! fetch proves the log would show it.
//!
//! Without Chromium the test says so and passes; on CI (`CI` set) it fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::html_cli::{kam, page, sandbox};

/// The names Chromium goes by.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "chrome"];

/// The longest a browser may take to render one page before the test
/// gives up on it.
const PATIENCE: Duration = Duration::from_secs(120);

/// The first Chromium on the `PATH`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// What one page rendered to: the screenshot, the PDF and the network log.
struct Rendered {
    png: PathBuf,
    pdf: PathBuf,
    net_log: PathBuf,
}

/// Renders `html_file` in `browser`, headless, with no proxy and its
/// background services off, once to a screenshot and once printed.
fn render(browser: &Path, html_file: &Path, work: &Path) -> Rendered {
    let stem = html_file
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let out = Rendered {
        png: work.join(format!("{stem}.png")),
        pdf: work.join(format!("{stem}.pdf")),
        net_log: work.join(format!("{stem}.netlog.json")),
    };
    let url = format!("file://{}", html_file.display());
    let shot = format!("--screenshot={}", out.png.display());
    let pdf = format!("--print-to-pdf={}", out.pdf.display());
    let log = format!("--log-net-log={}", out.net_log.display());
    for (n, task) in [
        [shot.as_str(), log.as_str()],
        [pdf.as_str(), "--no-pdf-header-footer"],
    ]
    .iter()
    .enumerate()
    {
        let profile = work.join(format!("{stem}-profile-{n}"));
        let mut child = Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-proxy-server",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--window-size=1000,1400",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(task)
            .arg(&url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting Chromium");
        let started = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if started.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("Chromium did not finish rendering {url}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    out
}

/// The share of the screenshot's pixels that are not white.
fn ink(png: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let inked = pixels
        .chunks(channels)
        .filter(|px| px.iter().take(3).any(|v| *v < 200))
        .count();
    inked as f64 / (pixels.len() / channels) as f64
}

/// The addresses the page itself asked for, from Chromium's network log:
/// requests whose network isolation key is the page's (`file://`), other
/// than the page's own file. Chromium's own traffic has another key.
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = fs::read_to_string(net_log).expect("the network log");
    let log: Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("the network log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].clone();
    log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"] == start_job)
        .filter(|e| {
            e["params"]["network_isolation_key"]
                .as_str()
                .is_some_and(|key| key.starts_with("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|url| !url.starts_with("file:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_pages_render_in_chromium_and_request_nothing_from_outside() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install Chromium (.ci/run does)"
        );
        eprintln!("skipped: no Chromium found (looked for {BROWSERS:?} on PATH)");
        return;
    };
    let (dir, db) = sandbox();
    let work = dir.path().join("browser");
    fs::create_dir(&work).unwrap();
    let pages = [
        (
            "account.html",
            page(&kam(&db, &["brief", "nord", "--format", "html"])),
        ),
        ("portfolio.html", page(&kam(&db, &["review"]))),
    ];
    for (name, html) in &pages {
        let file = work.join(name);
        fs::write(&file, html).unwrap();
        let shown = render(&browser, &file, &work);
        let ink = ink(&shown.png);
        assert!(
            ink > 0.01,
            "{name} renders nearly blank: {ink:.4} of pixels inked"
        );
        let pdf = fs::read(&shown.pdf).expect("the printed page");
        assert!(pdf.starts_with(b"%PDF"), "{name} prints to a PDF");
        assert_eq!(
            page_requests(&shown.net_log),
            Vec::<String>::new(),
            "{name}"
        );
    }

    // The same check on a page that fetches: the log shows its requests.
    let control = work.join("control.html");
    fs::write(
        &control,
        "<!DOCTYPE html><p>control</p><img src=\"http://127.0.0.1:9/probe.png\">",
    )
    .unwrap();
    let shown = render(&browser, &control, &work);
    assert_eq!(
        page_requests(&shown.net_log),
        ["http://127.0.0.1:9/probe.png"]
    );
    assert!(ink(&shown.png) < 0.01, "the control page is nearly blank");
}
