//! How long `kam sync` takes, with the real binary against a bare
//! repository on local disk: the first sync of a 100,000-record portfolio
//! (into an empty remote, then into a second, empty machine), and a sync
//! of a 10,000-record portfolio with 100 records changed (sent from one
//! machine, received and merged on the other).
//!
//! `cargo bench --bench sync` prints the medians; `-- --runs N` sets the
//! repetitions of the 100-changes syncs (default 5).

#[path = "feel/portfolio.rs"]
mod portfolio;
#[path = "support/words.rs"]
mod words;

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kam::store::Store;
use portfolio::Size;

const KAM: &str = env!("CARGO_BIN_EXE_kam");

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(5);
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sync");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("home"))?;
    let bench = Bench { work };

    let first = bench.first_sync("100k", portfolio::LARGE)?;
    println!(
        "first sync, {} records: send {}, receive on an empty machine {}",
        portfolio::LARGE.records(),
        seconds(first.0),
        seconds(first.1)
    );
    let (sent, received) = bench.hundred_changed(portfolio::SMALL, runs)?;
    println!(
        "{} records, 100 changed, median of {runs} (slowest): send {} ({}), receive and merge {} ({})",
        portfolio::SMALL.records(),
        seconds(median(&sent)),
        seconds(slowest(&sent)),
        seconds(median(&received)),
        seconds(slowest(&received))
    );
    Ok(())
}

/// The middle time (the upper one of an even count).
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// The longest time.
fn slowest(times: &[Duration]) -> Duration {
    times.iter().copied().max().unwrap_or_default()
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Where the data lives.
struct Bench {
    work: PathBuf,
}

impl Bench {
    /// kam with a home of its own.
    fn kam(&self, db: &Path) -> Command {
        let mut command = Command::new(KAM);
        command
            .env("HOME", self.work.join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.work.join("home/.gitconfig"))
            .arg("--db")
            .arg(db);
        command
    }

    /// Runs kam and times it; fails if kam fails.
    fn timed(&self, db: &Path, args: &[&str]) -> Result<Duration, Box<dyn Error>> {
        let start = Instant::now();
        let output = self.kam(db).args(args).output()?;
        let took = start.elapsed();
        if !output.status.success() {
            return Err(format!(
                "kam {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(took)
    }

    /// A database holding a portfolio of `size`, and an empty bare remote.
    fn machine_and_remote(
        &self,
        name: &str,
        size: Size,
    ) -> Result<(PathBuf, PathBuf), Box<dyn Error>> {
        let json = self.work.join(format!("{name}.json"));
        portfolio::write(&json, size, chrono::Local::now().date_naive())?;
        let db = self.work.join(name).join("desk.db");
        std::fs::create_dir_all(db.parent().unwrap())?;
        self.timed(&db, &["import", json.to_str().unwrap()])?;
        let remote = self.work.join(name).join("remote.git");
        let status = Command::new("git")
            .args(["init", "--bare", "--quiet"])
            .arg(&remote)
            .status()?;
        if !status.success() {
            return Err("git init --bare failed".into());
        }
        Ok((db, remote))
    }

    /// The first sync of a portfolio into an empty remote, and then into an
    /// empty second machine.
    fn first_sync(&self, name: &str, size: Size) -> Result<(Duration, Duration), Box<dyn Error>> {
        let (desk, remote) = self.machine_and_remote(name, size)?;
        let remote = remote.to_str().unwrap();
        let sent = self.timed(&desk, &["sync", "init", remote])?;
        let laptop = desk.with_file_name("laptop.db");
        let received = self.timed(&laptop, &["sync", "init", remote])?;
        Ok((sent, received))
    }

    /// Syncs with 100 records changed on the desk, then received on the
    /// laptop, `runs` times.
    fn hundred_changed(
        &self,
        size: Size,
        runs: usize,
    ) -> Result<(Vec<Duration>, Vec<Duration>), Box<dyn Error>> {
        let (desk, remote) = self.machine_and_remote("10k", size)?;
        let remote = remote.to_str().unwrap();
        self.timed(&desk, &["sync", "init", remote])?;
        let laptop = desk.with_file_name("laptop.db");
        self.timed(&laptop, &["sync", "init", remote])?;
        let (mut sent, mut received) = (Vec::new(), Vec::new());
        for run in 0..runs {
            change_hundred(&desk, run)?;
            sent.push(self.timed(&desk, &["sync"])?);
            received.push(self.timed(&laptop, &["sync"])?);
        }
        Ok((sent, received))
    }
}

/// Changes one field of 100 business issues, as edits in the interface do.
fn change_hundred(db: &Path, run: usize) -> Result<(), Box<dyn Error>> {
    let mut store = Store::open(db)?;
    let accounts = store.accounts()?;
    let mut changed = 0;
    'accounts: for account in &accounts {
        for mut issue in store.issues(account.id)? {
            issue.said_by = format!("run {run}, edit {changed}");
            store.save_issue(&issue)?;
            changed += 1;
            if changed == 100 {
                break 'accounts;
            }
        }
    }
    Ok(())
}
