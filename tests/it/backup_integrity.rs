//! Damaged databases and backups that are always good: a damaged database
//! is not copied and start-up says which copy to restore, the rotation
//! keeps the newest good copy, `kam backups` marks damaged copies, a
//! damaged copy is not restored, and a copy killed half-way leaves nothing
//! behind that looks like a backup.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use chrono::{Days, Local, NaiveDate};
use kam::domain::{Account, ProofStatement};
use kam::store::backup::{backups_dir, inspect};
use kam::store::{Snapshot, Store, StoreError, restore_unreadable};

use crate::support::files::{
    files_under, kam, marked_db, names_in, open, succeeded, temp_db, text,
};
use crate::support::pty::Pty;

/// The proof statement whose page gets damaged.
const MARKER: &str = "Pump uptime rose to 99.7% after the retrofit";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The name of the automatic copy of `kam.db` for `date`.
fn daily(date: NaiveDate) -> String {
    format!("kam-{}.db", date.format("%Y-%m-%d"))
}

/// Damages the database at `path` the way a failing disk does: the page
/// holding `marker` (a page in the middle, never the header) is overwritten
/// with noise. The database must be closed. Returns the damaged bytes.
pub fn damage_page_holding(path: &Path, marker: &str) -> Vec<u8> {
    let mut bytes = fs::read(path).expect("reading the database");
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .expect("the marker is in the file");
    let page = at / page_size;
    assert!(page > 0, "the marker is on the header page");
    bytes[page * page_size..(page + 1) * page_size].fill(0xa5);
    fs::write(path, &bytes).expect("writing the damage");
    bytes
}

/// A good database at `path` with a good daily copy of `good_day` and
/// damaged daily copies of the `damaged` days before `last`, then damages
/// the database itself. Returns the good copy.
fn damaged_with_backups(path: &Path, good_day: &str, last: NaiveDate, damaged: u64) -> PathBuf {
    marked_db(path, MARKER);
    let dir = backups_dir(path);
    let good = dir.join(daily(day(good_day)));
    open(path, None).backup_to(&good).expect("a good copy");
    let bytes = damage_page_holding(path, MARKER);
    for n in 0..damaged {
        let date = last - Days::new(n);
        fs::write(dir.join(daily(date)), &bytes).expect("a damaged copy");
    }
    good
}

#[test]
fn a_damaged_database_is_not_backed_up_and_start_up_names_the_copy_to_restore() {
    let (_dir, path) = temp_db();
    let yesterday = Local::now().date_naive() - Days::new(1);
    let good = damaged_with_backups(&path, "2026-01-05", yesterday, 10);
    let before = names_in(&backups_dir(&path));

    let output = kam(&path, &["agenda"], "");
    let (out, err) = text(&output);
    assert!(
        err.contains(&format!("{} is damaged", path.display())),
        "{out}\n{err}"
    );
    assert!(
        err.contains(&format!("kam restore {}", good.display())),
        "{err}"
    );
    assert_eq!(
        names_in(&backups_dir(&path)),
        before,
        "no copy made, none pruned"
    );
}

#[test]
fn the_interface_says_the_database_is_damaged_in_its_status_line() {
    let (dir, path) = temp_db();
    let yesterday = Local::now().date_naive() - Days::new(1);
    damaged_with_backups(&path, "2026-01-05", yesterday, 1);
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();

    let mut kam = Pty::spawn(&["--db".as_ref(), path.as_os_str()], &home, 200, 40);
    kam.wait_status("kam.db is damaged");
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn the_rotation_keeps_the_newest_good_copy_however_old() {
    let (_dir, path) = temp_db();
    let today = day("2026-11-23");
    // Six weeks of damaged daily copies, up to today's.
    let good = damaged_with_backups(&path, "2026-09-01", today, 40);
    // The database itself is good again (restored elsewhere); today's copy
    // is one of the damaged ones, so the rotation runs without a new copy.
    marked_db(&path.with_file_name("fresh.db"), MARKER);
    fs::rename(path.with_file_name("fresh.db"), &path).unwrap();

    let store = open(&path, None);
    assert_eq!(store.daily_backup(today).expect("daily backup"), None);
    assert!(good.exists(), "the only good copy was rotated out");
    // The damaged copies rotate as usual: 7 days and the weeks' newest.
    let damaged_kept = names_in(&backups_dir(&path)).len() - 1;
    assert!(damaged_kept < 40, "{damaged_kept}");
}

#[test]
fn kam_backups_marks_a_damaged_copy() {
    let (_dir, path) = temp_db();
    let yesterday = Local::now().date_naive() - Days::new(1);
    let good = damaged_with_backups(&path, "2026-01-05", yesterday, 1);

    let out = succeeded(&kam(&path, &["backups"], ""));
    let line = |name: &str| {
        out.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is listed:\n{out}"))
            .to_owned()
    };
    assert!(line(&daily(yesterday)).contains("damaged"), "{out}");
    let good_line = line(&good.file_name().unwrap().to_string_lossy());
    assert!(!good_line.contains("damaged"), "{good_line}");
    assert!(good_line.contains("1 accounts"), "{good_line}");
}

#[test]
fn a_damaged_copy_is_not_restored() {
    let (dir, path) = temp_db();
    let copy = dir.path().join("damaged.db");
    marked_db(&copy, MARKER);
    damage_page_holding(&copy, MARKER);
    marked_db(&path, "Keep me");
    let before = fs::read(&path).unwrap();

    let output = kam(&path, &["restore", "--yes", copy.to_str().unwrap()], "");
    let (_, err) = text(&output);
    assert!(!output.status.success(), "{err}");
    assert!(
        err.contains(&format!("{} is damaged", copy.display())),
        "{err}"
    );
    assert!(fs::read(&path).unwrap() == before, "the database changed");
    assert!(
        !backups_dir(&path).exists() || names_in(&backups_dir(&path)).is_empty(),
        "a copy was saved for a refused restore"
    );
}

#[test]
fn a_database_damaged_inside_is_saved_as_it_was_before_a_restore() {
    let (_dir, path) = temp_db();
    marked_db(&path, MARKER);
    let copy = open(&path, None).backup_now().unwrap();
    let damaged = damage_page_holding(&path, MARKER);

    succeeded(&kam(
        &path,
        &["restore", "--yes", copy.to_str().unwrap()],
        "",
    ));
    inspect(&path, None).expect("the restored database is good");
    let saved: Vec<String> = names_in(&backups_dir(&path))
        .into_iter()
        .filter(|n| n.starts_with("kam-before-restore-"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(fs::read(backups_dir(&path).join(&saved[0])).unwrap() == damaged);
}

#[test]
fn an_unreadable_database_is_saved_with_its_wal_before_a_restore() {
    let (_dir, path) = temp_db();
    marked_db(&path, MARKER);
    let copy = open(&path, None).backup_now().unwrap();
    let mut bytes = fs::read(&path).unwrap();
    bytes[100..1024].fill(0xa5);
    fs::write(&path, &bytes).unwrap();
    let wal = path.with_file_name("kam.db-wal");
    fs::write(&wal, "the last writes").unwrap();

    let restored = restore_unreadable(&path, &copy, None).expect("restore");
    let saved = restored.saved.expect("the damaged file was saved");
    assert!(fs::read(&saved).unwrap() == bytes);
    let saved_wal = saved.with_file_name(format!(
        "{}-wal",
        saved.file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(fs::read_to_string(saved_wal).unwrap(), "the last writes");
}

#[test]
fn a_copy_that_fails_verification_leaves_no_file_behind() {
    let (dir, path) = temp_db();
    marked_db(&path, MARKER);
    damage_page_holding(&path, MARKER);
    let store = open(&path, None);

    let dest = dir.path().join("copy.db");
    let failed = store.backup_to(&dest);
    assert!(
        matches!(failed, Err(StoreError::Corrupt { .. })),
        "{failed:?}"
    );
    let failed = store.backup_now();
    assert!(
        matches!(failed, Err(StoreError::Corrupt { .. })),
        "{failed:?}"
    );
    drop(store);
    let left: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|p| p != &path && p.extension().is_none_or(|e| e != "lock"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// How many proof statements [`sizeable_db`] writes.
const PROOFS: usize = 1_000;

/// A plain database at `path` big enough for a copy to take a while.
fn sizeable_db(path: &Path) {
    let mut store = Store::open(path).expect("database");
    let account = Account::new("Nordwerk");
    let date = day("2026-11-02");
    let proofs = (0..PROOFS)
        .map(|n| ProofStatement::new(account.id, date, format!("Delivery {n}: {MARKER}")))
        .collect();
    store
        .insert_all(&Snapshot {
            accounts: vec![account],
            proofs,
            ..Snapshot::default()
        })
        .expect("writing the records");
}

/// A number from 0 to `below`, from a fixed sequence.
fn next(state: &mut u64, below: u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*state >> 33) % below
}

#[test]
fn backups_killed_at_any_moment_leave_only_good_copies() {
    const ROUNDS: usize = 40;
    let mut interrupted = 0;
    let (dir, path) = temp_db();
    sizeable_db(&path);
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();
    let backups = backups_dir(&path);
    let today = backups.join(daily(Local::now().date_naive()));
    let mut state = 7;
    for round in 0..ROUNDS {
        // Every other round the daily copy is due too.
        if round % 2 == 0 {
            let _ = fs::remove_file(&today);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_kam"))
            .arg("--db")
            .arg(&path)
            .arg("backup")
            .env("HOME", &home)
            .env_remove("KAM_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting kam");
        thread::sleep(Duration::from_millis(next(&mut state, 300)));
        let _ = child.kill();
        child.wait().expect("waiting for kam");
        if backups.is_dir() && names_in(&backups).iter().any(|n| n.starts_with('.')) {
            interrupted += 1;
        }

        // The next start tidies up and retries the daily copy.
        succeeded(&kam(&path, &["backups"], ""));
        assert!(today.exists(), "round {round}: the daily copy was retried");
        for file in files_under(&backups) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.starts_with("kam-") && name.ends_with(".db"),
                "round {round}: {name} left behind"
            );
            let info = inspect(&file, None)
                .unwrap_or_else(|e| panic!("round {round}: {name} is not good: {e}"));
            assert_eq!(info.counts.expect("counts").proofs, PROOFS, "{name}");
            // Keep the folder, and so each round, small.
            if file != today {
                fs::remove_file(&file).unwrap();
            }
        }
    }
    eprintln!("{ROUNDS} rounds, {interrupted} killed in the middle of a copy");
}
