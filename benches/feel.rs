//! kam as a user feels it: the real binary in a pseudo-terminal at 120×40,
//! timed from the outside against the floor (the smallest ratatui +
//! rusqlite program listing as many rows), launches alternating so that a
//! busy machine slows both alike. Builds a 6-account / 10,000-record and a
//! 200-account / 100,000-record portfolio, imports them with `kam import`,
//! then reports medians, 95th percentiles and ratios to the floor.
//!
//! `cargo bench --bench feel` prints the table (and writes it to
//! `target/tmp/feel/speed.md`); `-- --readme` also puts it in README.md;
//! `-- --runs N` sets the launches per program (default 7).

#[path = "feel/floor.rs"]
mod floor;
#[path = "feel/portfolio.rs"]
mod portfolio;
#[path = "feel/stats.rs"]
mod stats;
#[path = "feel/terminal.rs"]
mod terminal;
#[path = "support/words.rs"]
mod words;

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;

use portfolio::Size;
use stats::{Samples, ratio};
use terminal::{Expect, Session};

const KAM: &str = env!("CARGO_BIN_EXE_kam");
const COLS: u16 = 120;
const ROWS: u16 = 40;
/// Key steps repeated per launch.
const REPS: usize = 5;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const PAGE_DOWN: &str = "\x1b[6~";

/// kam's first full frame ends with its status line's hints.
const KAM_READY: &str = "q quit";
/// The hint an open account shows.
const IN_ACCOUNT: &str = "Esc back";
/// The hint the portfolio shows.
const ON_PORTFOLIO: &str = "Enter open";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("floor") => return floor::run(Path::new(&args[2])),
        Some("portfolio") => return write_portfolio(&args[2], Path::new(&args[3])),
        _ => {}
    }
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(7);
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("feel");
    std::fs::create_dir_all(work.join("home"))?;
    let bench = Bench { work, runs };

    let mut table = Table::default();
    for (name, size) in [("10k", portfolio::SMALL), ("100k", portfolio::LARGE)] {
        let db = bench.portfolio(name, size)?;
        let floor_db = bench.floor_rows(name, size.records())?;
        eprintln!("{name}: start, move, open an account and back");
        bench.start_and_back(name, &db, &floor_db, &mut table);
        if name == "100k" {
            eprintln!("{name}: the biggest account from search, its proof log");
            bench.big_account(&db, &floor_db, &mut table);
            eprintln!("{name}: the search popup, key by key");
            bench.search_keys(&db, &floor_db, &mut table);
        }
        eprintln!("{name}: the command line");
        bench.commands(name, &db, &mut table)?;
    }
    let report = table.markdown(&bench);
    println!("{report}");
    std::fs::write(bench.work.join("speed.md"), &report)?;
    if args.iter().any(|a| a == "--readme") {
        put_in_readme(&report)?;
    }
    Ok(())
}

/// Writes the portfolio called `name` ("10k" or "100k") to `path`.
fn write_portfolio(name: &str, path: &Path) -> Result<(), Box<dyn Error>> {
    let size = if name == "10k" {
        portfolio::SMALL
    } else {
        portfolio::LARGE
    };
    portfolio::write(path, size, chrono::Local::now().date_naive())
}

/// Where the data lives and how many launches each program gets.
struct Bench {
    work: PathBuf,
    runs: usize,
}

impl Bench {
    /// A kam database of `size`, made today with `kam import` (kept for the
    /// rest of the day: the signals depend on the date).
    fn portfolio(&self, name: &str, size: Size) -> Result<PathBuf, Box<dyn Error>> {
        let today = chrono::Local::now().date_naive();
        let dir = self.work.join(format!("kam-{name}-{today}"));
        let db = dir.join("kam.db");
        let json = self.work.join(format!("kam-{name}-{today}.json"));
        if !json.exists() {
            // In a process of its own, so that this one stays small: a
            // process started from it counts this one's peak memory as
            // its own.
            eprintln!("{name}: writing {} records", size.records());
            let status = Command::new(std::env::current_exe()?)
                .arg("portfolio")
                .arg(name)
                .arg(&json)
                .status()?;
            if !status.success() {
                return Err(format!("writing {} failed", json.display()).into());
            }
        }
        if !db.exists() {
            std::fs::create_dir_all(&dir)?;
            let status = self
                .kam()
                .arg("--db")
                .arg(&db)
                .arg("import")
                .arg(&json)
                .status()?;
            if !status.success() {
                return Err(format!("kam import of {} failed", json.display()).into());
            }
        }
        Ok(db)
    }

    /// The floor's database with `rows` rows.
    fn floor_rows(&self, name: &str, rows: usize) -> Result<PathBuf, Box<dyn Error>> {
        let path = self.work.join(format!("floor-{name}.db"));
        floor::fill(&path, rows as i64)?;
        Ok(path)
    }

    /// kam as a command, with a home of its own.
    fn kam(&self) -> Command {
        let mut cmd = Command::new(KAM);
        self.home(|k, v| {
            cmd.env(k, v);
        });
        cmd.env_remove("KAM_DB");
        cmd
    }

    /// The environment kam runs with: its own home, no colour settings of
    /// the user's.
    fn home(&self, mut set: impl FnMut(&str, PathBuf)) {
        let home = self.work.join("home");
        set("XDG_DATA_HOME", home.join(".local/share"));
        set("XDG_CONFIG_HOME", home.join(".config"));
        set("HOME", home);
    }

    fn kam_in_terminal(&self, db: &Path) -> Session {
        let mut cmd = CommandBuilder::new(KAM);
        cmd.arg("--db");
        cmd.arg(db);
        self.home(|k, v| cmd.env(k, v));
        cmd.env_remove("KAM_DB");
        cmd.env_remove("NO_COLOR");
        Session::start(cmd, COLS, ROWS)
    }

    fn floor_in_terminal(&self, db: &Path) -> Session {
        let mut cmd = CommandBuilder::new(std::env::current_exe().expect("this program"));
        cmd.arg("floor");
        cmd.arg(db);
        Session::start(cmd, COLS, ROWS)
    }

    /// Launches the floor and kam in turn `runs` times (after one launch of
    /// each to warm the file cache), the floor pressing `j` and `k`, kam
    /// doing `steps` after `enter`; returns the samples of both.
    fn alternate(
        &self,
        db: &Path,
        floor_db: &Path,
        enter: &[(&str, Expect)],
        steps: &[(&str, Expect)],
    ) -> (Runs, Runs) {
        let mut floor = Runs::new(2);
        let mut kam = Runs::new(steps.len());
        for run in 0..=self.runs {
            let warm = run == 0;
            let mut f = self.floor_in_terminal(floor_db);
            floor.record(
                &mut f,
                floor::MARKER,
                &[],
                &[("j", Expect::Change), ("k", Expect::Change)],
                warm,
            );
            f.quit("q");
            let mut k = self.kam_in_terminal(db);
            kam.record(&mut k, KAM_READY, enter, steps, warm);
            k.quit("q");
        }
        (floor, kam)
    }

    fn start_and_back(&self, name: &str, db: &Path, floor_db: &Path, table: &mut Table) {
        let steps = [
            ("j", Expect::Change),
            ("k", Expect::Change),
            (ENTER, Expect::Text(IN_ACCOUNT)),
            (ESC, Expect::Text(ON_PORTFOLIO)),
        ];
        let (floor, kam) = self.alternate(db, floor_db, &[], &steps);
        let floor_key = floor.keys();
        table.row(
            name,
            "start to first full frame",
            &kam.paint,
            &floor.paint,
            "≤ 2x floor",
        );
        table.row(name, "`j` in the portfolio", &kam.steps[0], &floor_key, "");
        table.row(
            name,
            "`Enter`: open the top account",
            &kam.steps[2],
            &floor_key,
            "",
        );
        table.row(
            name,
            "`Esc` from an account to the portfolio",
            &kam.steps[3],
            &floor_key,
            "≤ floor key + 2 ms",
        );
        table.memory(name, &kam.memory, &floor.memory);
    }

    fn big_account(&self, db: &Path, floor_db: &Path, table: &mut Table) {
        let enter = [
            ("/", Expect::Text("Type to search")),
            ("nordmole crane", Expect::Text("/ nordmole crane")),
        ];
        let steps = [
            (ENTER, Expect::Text(IN_ACCOUNT)),
            (TAB, Expect::Change),
            (TAB, Expect::Change),
            (TAB, Expect::Change),
            ("j", Expect::Change),
            (PAGE_DOWN, Expect::Change),
            ("G", Expect::Change),
            ("g", Expect::Change),
            (ESC, Expect::Text(ON_PORTFOLIO)),
            ("/", Expect::Text("Type to search")),
            ("nordmole crane", Expect::Text("/ nordmole crane")),
        ];
        let (floor, kam) = self.alternate(db, floor_db, &enter, &steps);
        let floor_key = floor.keys();
        let mut log = Samples::default();
        for step in &kam.steps[4..8] {
            log.extend(step);
        }
        table.row(
            "100k",
            "open the account with 58,400 proof statements from search",
            &kam.steps[0],
            &floor_key,
            "≤ 2x floor key",
        );
        table.row(
            "100k",
            "`j`, `PgDn`, `G`, `g` in its proof log",
            &log,
            &floor_key,
            "flat",
        );
    }

    fn search_keys(&self, db: &Path, floor_db: &Path, table: &mut Table) {
        let enter = [("/", Expect::Text("Type to search"))];
        let mut steps: Vec<(&str, Expect)> =
            ["p", "l", "a", "n", "t", " ", "c", "r", "a", "n", "e"]
                .into_iter()
                .map(|k| (k, Expect::Change))
                .collect();
        steps.push((ESC, Expect::Change));
        steps.push(("/", Expect::Text("Type to search")));
        let (floor, kam) = self.alternate(db, floor_db, &enter, &steps);
        let mut typed = Samples::default();
        for step in &kam.steps[..11] {
            typed.extend(step);
        }
        table.row(
            "100k",
            "search popup, one keystroke (\"plant crane\")",
            &typed,
            &floor.keys(),
            "p95 ≤ 10 ms",
        );
    }

    /// `kam agenda`, `kam health`, `kam export` and `kam import`, each
    /// run several times.
    fn commands(&self, name: &str, db: &Path, table: &mut Table) -> Result<(), Box<dyn Error>> {
        let out = self.work.join(format!("export-{name}.json"));
        let none = Samples::default();
        for (what, args) in [
            ("`kam agenda`", vec!["agenda"]),
            ("`kam health`", vec!["health"]),
            (
                "`kam export` JSON",
                vec!["export", "--force", "-o", out.to_str().unwrap_or_default()],
            ),
        ] {
            let mut times = Samples::default();
            for run in 0..=self.runs * 2 {
                let (time, _) = measure(self.kam().arg("--db").arg(db).args(&args))?;
                if run > 0 {
                    times.push_time(time);
                }
            }
            let target = if what.contains("export") {
                "≤ 300 ms"
            } else {
                "≤ 30 ms"
            };
            table.row(name, what, &times, &none, target);
        }
        let json = self.work.join(format!(
            "kam-{name}-{}.json",
            chrono::Local::now().date_naive()
        ));
        let mut times = Samples::default();
        let mut memory = Samples::default();
        for _ in 0..3.min(self.runs) {
            let dir = tempfile::tempdir_in(&self.work)?;
            let (time, peak) = measure(
                self.kam()
                    .arg("--db")
                    .arg(dir.path().join("kam.db"))
                    .arg("import")
                    .arg(&json),
            )?;
            times.push_time(time);
            if let Some(kib) = peak {
                memory.push(kib as f64 / 1024.0);
            }
        }
        table.row(
            name,
            "`kam import` into an empty file",
            &times,
            &none,
            "≤ 2 s",
        );
        table.sized(name, "`kam import`, peak memory", &memory, "≤ 60 MiB");
        Ok(())
    }
}

/// The samples of one program over its launches.
struct Runs {
    paint: Samples,
    steps: Vec<Samples>,
    memory: Samples,
}

impl Runs {
    fn new(steps: usize) -> Self {
        Self {
            paint: Samples::default(),
            steps: vec![Samples::default(); steps],
            memory: Samples::default(),
        }
    }

    /// Every key step's samples together: "a key" of this program.
    fn keys(&self) -> Samples {
        let mut all = Samples::default();
        for step in &self.steps {
            all.extend(step);
        }
        all
    }

    /// Times the first paint of `session`, goes through `enter` untimed,
    /// then times `steps` [`REPS`] times; keeps nothing of a warm-up.
    fn record(
        &mut self,
        session: &mut Session,
        ready: &str,
        enter: &[(&str, Expect)],
        steps: &[(&str, Expect)],
        warm: bool,
    ) {
        let Some(paint) = session.first_paint(ready) else {
            eprintln!("never saw {ready:?}:\n{}", session.contents());
            return;
        };
        for (keys, expect) in enter {
            if session.step(keys, *expect).is_none() {
                eprintln!("no answer to {keys:?}:\n{}", session.contents());
                return;
            }
        }
        let mut times = vec![Samples::default(); steps.len()];
        for _ in 0..REPS {
            for ((keys, expect), samples) in steps.iter().zip(&mut times) {
                match session.step(keys, *expect) {
                    Some(time) => samples.push_time(time),
                    None => {
                        eprintln!("no answer to {keys:?}:\n{}", session.contents());
                        return;
                    }
                }
            }
        }
        if warm {
            return;
        }
        self.paint.push_time(paint);
        for (all, these) in self.steps.iter_mut().zip(&times) {
            all.extend(these);
        }
        if let Some(kib) = session.peak_memory_kib() {
            self.memory.push(kib as f64 / 1024.0);
        }
    }
}

/// Runs `cmd` to its end and returns its wall time and, where the system
/// tells, its peak resident memory in KiB (at least this process's own
/// peak, which a started process inherits in the count).
fn measure(cmd: &mut Command) -> Result<(Duration, Option<u64>), Box<dyn Error>> {
    cmd.stdout(std::process::Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn()?;
    #[cfg(target_os = "linux")]
    {
        let mut status = 0;
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: the child is ours and not waited for elsewhere; `status`
        // and `usage` are valid for writes.
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        let time = start.elapsed();
        if pid < 0 || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
            return Err(format!("{cmd:?} failed").into());
        }
        Ok((time, u64::try_from(usage.ru_maxrss).ok()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let mut child = child;
        let status = child.wait()?;
        let time = start.elapsed();
        if !status.success() {
            return Err(format!("{cmd:?} failed").into());
        }
        Ok((time, None))
    }
}

/// The report's rows.
#[derive(Default)]
struct Table {
    rows: Vec<[String; 6]>,
}

impl Table {
    fn row(&mut self, data: &str, what: &str, kam: &Samples, floor: &Samples, target: &str) {
        let floor_shown = if floor.len() == 0 {
            "–".to_string()
        } else {
            floor.show("ms")
        };
        self.rows.push([
            what.to_string(),
            data.to_string(),
            kam.show("ms"),
            floor_shown,
            ratio(kam, floor),
            target.to_string(),
        ]);
    }

    fn memory(&mut self, data: &str, kam: &Samples, floor: &Samples) {
        self.rows.push([
            "peak memory, TUI".to_string(),
            data.to_string(),
            kam.show("MiB"),
            floor.show("MiB"),
            ratio(kam, floor),
            "≤ 20 MiB".to_string(),
        ]);
    }

    fn sized(&mut self, data: &str, what: &str, kam: &Samples, target: &str) {
        self.rows.push([
            what.to_string(),
            data.to_string(),
            kam.show("MiB"),
            "–".to_string(),
            "–".to_string(),
            target.to_string(),
        ]);
    }

    fn markdown(&self, bench: &Bench) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| What (120×40; median, p95) | Data | kam | floor | kam / floor | Target |\n|---|---|---|---|---|---|"
        );
        for row in &self.rows {
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        let _ = write!(
            out,
            "\n{} alternating launches of each program after one warm-up, {REPS} rounds of keys per launch; \
             10k: {} records in {} accounts; 100k: {} records in {} accounts. \
             \"floor key\": `j`/`k` in the floor.",
            bench.runs,
            portfolio::SMALL.records(),
            portfolio::SMALL.accounts,
            portfolio::LARGE.records(),
            portfolio::LARGE.accounts,
        );
        out
    }
}

/// Replaces the table between README.md's speed markers with `report`.
fn put_in_readme(report: &str) -> Result<(), Box<dyn Error>> {
    const BEGIN: &str = "<!-- speed table: begin -->\n";
    const END: &str = "<!-- speed table: end -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path)?;
    let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        return Err("README.md has no speed table markers".into());
    };
    let updated = format!("{}{BEGIN}{report}\n{}", &readme[..begin], &readme[end..]);
    std::fs::write(&path, updated)?;
    Ok(())
}
