//! The real kam killed with SIGKILL at a moment chosen by seeded dice, and
//! the checks every kill is followed by: the file intact and the next
//! start clean.
//!
//! The dice are seeded from `KAM_SEED` (a fixed seed when unset) and each
//! test prints its seed, so a failing run can be repeated exactly.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

use super::files::start;

/// Seeded dice.
pub struct Dice(fastrand::Rng);

impl Dice {
    /// Dice seeded from `KAM_SEED`, or from `default` when it is unset; the
    /// seed is printed with `what`, so that a failure can be replayed.
    ///
    /// # Panics
    ///
    /// When `KAM_SEED` is set but is not a whole number.
    pub fn seeded(what: &str, default: u64) -> Self {
        let seed = match std::env::var("KAM_SEED") {
            Ok(text) => text
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("KAM_SEED must be a whole number, not {text:?}")),
            Err(_) => default,
        };
        eprintln!("{what}: KAM_SEED={seed}");
        Self(fastrand::Rng::with_seed(seed))
    }

    /// A moment from the start of a run to a little past its usual end
    /// (`usual`), so that kills land in every step of it.
    pub fn moment(&mut self, usual: Duration) -> Duration {
        let span = u64::try_from(usual.as_micros() * 3 / 2).unwrap_or(u64::MAX);
        Duration::from_micros(self.0.u64(0..=span))
    }

    /// A number from 0 to `below`, excluded.
    pub fn below(&mut self, below: usize) -> usize {
        self.0.usize(0..below)
    }
}

/// How a run that may have been killed ended.
pub struct Run {
    /// Its exit status and what it printed.
    pub output: Output,
}

impl Run {
    /// Whether kam finished and reported success (exit status 0): what it
    /// said it did must be there.
    pub fn confirmed(&self) -> bool {
        self.output.status.success()
    }

    /// Whether the kill ended it (rather than kam exiting on its own).
    pub fn killed(&self) -> bool {
        self.output.status.signal() == Some(libc::SIGKILL)
    }

    /// What it printed on standard output and standard error.
    pub fn text(&self) -> (String, String) {
        (
            String::from_utf8_lossy(&self.output.stdout).into_owned(),
            String::from_utf8_lossy(&self.output.stderr).into_owned(),
        )
    }
}

/// Starts `command` with `stdin` as its input and kills it with SIGKILL
/// after `delay`, unless it ended before.
pub fn kill_after(command: &mut Command, stdin: &str, delay: Duration) -> Run {
    let mut child = start(command, stdin);
    thread::sleep(delay);
    // Killing a process that has just exited (not yet waited for) does
    // nothing: its exit status tells.
    child.kill().expect("killing kam");
    Run {
        output: child.wait_with_output().expect("waiting for kam"),
    }
}

/// Runs `command` to its end with `stdin` as its input.
pub fn run_to_end(command: &mut Command, stdin: &str) -> Run {
    Run {
        output: start(command, stdin)
            .wait_with_output()
            .expect("waiting for kam"),
    }
}

/// How long `command` takes when left alone, which must succeed: the span
/// the kills are spread over.
pub fn usual_time(command: &mut Command, stdin: &str) -> Duration {
    let start = Instant::now();
    let run = run_to_end(command, stdin);
    assert!(
        run.confirmed(),
        "an undisturbed run failed: {:?}",
        run.text()
    );
    start.elapsed()
}

/// Asserts that SQLite's full `PRAGMA integrity_check` passes on the
/// database at `path`, opened with `passphrase` when it is encrypted.
pub fn assert_integrity(path: &Path, passphrase: Option<&str>, when: &str) {
    let conn = rusqlite::Connection::open(path)
        .unwrap_or_else(|e| panic!("{when}: opening {}: {e}", path.display()));
    if let Some(passphrase) = passphrase {
        conn.pragma_update(None, "key", passphrase)
            .expect("setting the key");
    }
    let verdict: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{when}: integrity_check on {}: {e}", path.display()));
    assert_eq!(verdict, ["ok"], "{when}: {} is damaged", path.display());
}

/// Asserts that `run` (the start after a kill) succeeded and said nothing
/// on standard error but lines `expected` accepts.
pub fn assert_clean_start(run: &Run, expected: impl Fn(&str) -> bool, when: &str) {
    let (out, err) = run.text();
    assert!(
        run.confirmed(),
        "{when}: the next start failed ({:?}):\n{out}\n{err}",
        run.output.status
    );
    let unexpected: Vec<&str> = err.lines().filter(|line| !expected(line)).collect();
    assert!(
        unexpected.is_empty(),
        "{when}: the next start warned: {unexpected:?}"
    );
}
