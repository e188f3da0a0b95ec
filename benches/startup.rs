//! The real binary in a pseudo-terminal: time from process start to its
//! first frame on a database of 6 accounts and about 10,000 records, and
//! the process's resident memory once the workspace of an account with
//! 100,000 proof statements is on screen.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

#[path = "support/fixture.rs"]
mod fixture;

/// Starts kam on `db`, waits until the screen shows `marker`, sends
/// `keys` (then waits for `after`) and returns the time to the first
/// marker and the resident memory in KiB at the end.
fn run_kam(db: &std::path::Path, marker: &str, keys: &[(&str, &str)]) -> (Duration, u64) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kam"));
    cmd.arg("--db");
    cmd.arg(db);
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let mut wait_for = |text: &str, seen: &mut Vec<u8>| {
        while !String::from_utf8_lossy(seen).contains(text) {
            let n = reader.read(&mut buf).unwrap();
            assert!(n > 0, "kam exited before showing {text}");
            seen.extend_from_slice(&buf[..n]);
        }
    };
    wait_for(marker, &mut seen);
    let first_frame = start.elapsed();
    for (keys, after) in keys {
        seen.clear();
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
        wait_for(after, &mut seen);
    }
    let rss = child
        .process_id()
        .and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0);
    child.kill().ok();
    child.wait().ok();
    (first_frame, rss)
}

fn process_start(c: &mut Criterion) {
    let records = fixture::portfolio(6, 25, 1_440, 0);
    let (_dir, path) = fixture::database(&records);
    c.bench_function("process start to first frame (pty, 10k records)", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run_kam(&path, "Portfolio", &[]).0).sum())
    });

    let big = fixture::portfolio(1, 10, 0, 100_000);
    let (_big_dir, big_path) = fixture::database(&big);
    let (_, rss) = run_kam(
        &big_path,
        "Portfolio",
        &[("\r", "Proof statements"), ("\t\tG", "2016-")],
    );
    let (_, rss_small) = run_kam(&path, "Portfolio", &[("\r", "Proof statements")]);
    eprintln!(
        "resident memory: {:.1} MiB with a 10k-record workspace open; {:.1} MiB at the oldest of 100,000 proof statements",
        rss_small as f64 / 1024.0,
        rss as f64 / 1024.0
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(8));
    targets = process_start
}
criterion_main!(benches);
