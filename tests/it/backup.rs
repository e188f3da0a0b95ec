//! Backups through the store and the real binary: the daily copy and its
//! rotation, copies on demand, the listing, restores, and a backup that
//! fails without stopping the user's work.

use std::fs;
use std::path::Path;

use chrono::{Days, Local, NaiveDate};
use kam::store::backup::{BackupKind, backups_dir, inspect};
use kam::store::{Counts, StoreError, restore_unreadable};

use crate::support::files::{
    add_marked_account, contains, files_under, kam, marked_db, mode, names_in, open, succeeded,
    temp_db, text,
};
use crate::support::pty::Pty;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn accounts(counts: Option<Counts>) -> usize {
    counts.expect("a current schema").accounts
}

/// The name of today's automatic copy of `kam.db`.
fn todays_copy() -> String {
    format!("kam-{}.db", Local::now().date_naive().format("%Y-%m-%d"))
}

// ---------------------------------------------------------------- daily copy

#[test]
fn the_first_start_of_a_day_makes_one_owner_only_copy() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Spare parts within 24 hours");
    let store = open(&path, None);

    let copy = store
        .daily_backup(day("2026-11-23"))
        .expect("daily backup")
        .expect("a copy on the first start of the day");
    assert_eq!(copy, backups_dir(&path).join("kam-2026-11-23.db"));
    assert_eq!(mode(&backups_dir(&path)), 0o700);
    assert_eq!(mode(&copy), 0o600);
    let info = inspect(&copy, None).expect("the copy is a kam database");
    assert_eq!(accounts(info.counts), 1);
    assert!(!info.encrypted);
    assert!(contains(&copy, "Spare parts within 24 hours"));

    assert_eq!(store.daily_backup(day("2026-11-23")).unwrap(), None);
    assert_eq!(names_in(&backups_dir(&path)), ["kam-2026-11-23.db"]);
}

#[test]
fn an_empty_database_is_not_copied() {
    let (_dir, path) = temp_db();
    let store = open(&path, None);
    assert_eq!(store.daily_backup(day("2026-11-23")).unwrap(), None);
    assert!(!backups_dir(&path).exists());
}

#[test]
fn rotation_keeps_seven_days_and_four_weeks_and_never_other_copies() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Uptime 99.9%");
    let dir = backups_dir(&path);
    fs::create_dir(&dir).unwrap();
    // Five weeks of daily copies up to yesterday, Sunday 2026-11-22.
    for n in 0..35 {
        let date = day("2026-10-19") + Days::new(n);
        fs::write(dir.join(format!("kam-{date}.db")), "old copy").unwrap();
    }
    let others = [
        "kam-manual-20260101-090000.db",
        "kam-v0-before-upgrade-20250101-090000.db",
        "kam-before-restore-20250601-090000.db",
        "work-2026-10-19.db",
        "notes.txt",
    ];
    for name in others {
        fs::write(dir.join(name), "keep").unwrap();
    }

    // Monday 2026-11-23 (ISO week 48) is the first start of the day.
    let store = open(&path, None);
    store
        .daily_backup(day("2026-11-23"))
        .unwrap()
        .expect("today's copy");

    // The 7 newest: 17th to 23rd; the newest of weeks 48, 47, 46 and 45:
    // the 23rd, 22nd, 15th and 8th.
    let mut expected: Vec<String> = [
        "2026-11-08",
        "2026-11-15",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
    ]
    .iter()
    .map(|d| format!("kam-{d}.db"))
    .chain(others.iter().map(|n| n.to_string()))
    .collect();
    expected.sort();
    assert_eq!(names_in(&dir), expected);
}

#[test]
fn a_failing_daily_backup_only_warns_and_the_work_is_saved() {
    let (dir, path) = temp_db();
    marked_db(&path, "Pilot cut downtime by a quarter");
    // A file where the backups folder should be: no copy can be made.
    fs::write(dir.path().join("backups"), "in the way").unwrap();

    let output = kam(&path, &["log", "Nordwerk", "Second", "delivery"], "");
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}\n{err}");
    assert!(out.contains("Logged a proof statement"), "{out}");
    assert!(
        err.contains("warning: could not make today's backup"),
        "{err}"
    );
    assert_eq!(open(&path, None).counts().unwrap().proofs, 2);
}

#[test]
fn a_failing_daily_backup_shows_in_the_interface_status_line() {
    let (dir, path) = temp_db();
    marked_db(&path, "Pilot cut downtime by a quarter");
    fs::write(dir.path().join("backups"), "in the way").unwrap();
    let home = dir.path().join("home");
    fs::create_dir(&home).unwrap();

    let mut kam = Pty::spawn(&["--db".as_ref(), path.as_os_str()], &home, 120, 40);
    kam.wait_for("Nordwerk");
    kam.wait_status("could not make today's backup");
    kam.send("q");
    assert!(kam.wait_exit().success());
}

#[test]
fn the_command_line_makes_a_daily_copy_before_the_command() {
    let (_dir, path) = temp_db();
    marked_db(&path, "First delivery");
    succeeded(&kam(&path, &["log", "Nordwerk", "Second"], ""));
    let copy = backups_dir(&path).join(todays_copy());
    let info = inspect(&copy, None).expect("today's copy");
    assert_eq!(
        info.counts.unwrap().proofs,
        1,
        "taken before the command ran"
    );
}

// ---------------------------------------------------------------- on demand

#[test]
fn kam_backup_writes_a_timestamped_copy_or_a_named_new_file() {
    let (dir, path) = temp_db();
    marked_db(&path, "Service inside 4 hours");

    let out = succeeded(&kam(&path, &["backup"], ""));
    assert!(out.contains("Backed up"), "{out}");
    let manual: Vec<String> = names_in(&backups_dir(&path))
        .into_iter()
        .filter(|n| n.starts_with("kam-manual-"))
        .collect();
    assert_eq!(manual.len(), 1, "{manual:?}");

    let file = dir.path().join("copy.db");
    succeeded(&kam(&path, &["backup", file.to_str().unwrap()], ""));
    assert_eq!(mode(&file), 0o600);
    assert_eq!(accounts(inspect(&file, None).unwrap().counts), 1);

    let again = kam(&path, &["backup", file.to_str().unwrap()], "");
    assert!(!again.status.success());
    assert!(
        text(&again).1.contains("already exists"),
        "{:?}",
        text(&again)
    );
}

#[test]
fn kam_backups_lists_copies_with_their_record_counts() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Spares on site");
    open(&path, None).backup_now().unwrap();
    let out = succeeded(&kam(&path, &["backups"], ""));
    assert!(out.contains(&todays_copy()), "{out}");
    assert!(out.contains("kam-manual-"), "{out}");
    assert!(
        out.contains("1 accounts, 0 issues, 0 plans, 1 proof statements"),
        "{out}"
    );
    assert!(out.contains("daily") && out.contains("manual"), "{out}");
}

#[test]
fn without_backups_the_listing_says_where_they_will_go() {
    let (_dir, path) = temp_db();
    let out = succeeded(&kam(&path, &["backups"], ""));
    assert!(out.contains("No backups"), "{out}");
    assert!(out.contains("backups"), "{out}");
}

// ---------------------------------------------------------------- restore

#[test]
fn restore_round_trip_saves_the_current_database_first() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Before the backup");
    let copy = open(&path, None).backup_now().unwrap();
    let mut store = open(&path, None);
    add_marked_account(&mut store, "Südhafen", "After the backup");
    assert_eq!(store.counts().unwrap().accounts, 2);

    let restored = store.restore(&copy, None).expect("restore");
    assert_eq!(accounts(restored.info.counts), 1);
    let saved = restored.saved.expect("the current database was saved");
    assert!(
        saved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("kam-before-restore-")
    );
    assert_eq!(accounts(inspect(&saved, None).unwrap().counts), 2);
    assert_eq!(mode(&saved), 0o600);

    let store = open(&path, None);
    assert_eq!(store.counts().unwrap().accounts, 1);
    assert_eq!(mode(&path), 0o600);
    assert!(
        !files_under(path.parent().unwrap())
            .iter()
            .any(|p| p.to_string_lossy().contains("-tmp")),
        "a working file was left behind"
    );
}

#[test]
fn kam_restore_asks_for_yes_when_not_in_a_terminal() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Before");
    let copy = open(&path, None).backup_now().unwrap();
    add_marked_account(&mut open(&path, None), "Südhafen", "After");
    let copy = copy.to_str().unwrap();

    let refused = kam(&path, &["restore", copy], "y\n");
    assert!(!refused.status.success());
    assert!(text(&refused).1.contains("--yes"), "{:?}", text(&refused));
    assert_eq!(open(&path, None).counts().unwrap().accounts, 2);

    let out = succeeded(&kam(&path, &["restore", "--yes", copy], ""));
    assert!(out.contains("Restored"), "{out}");
    assert!(out.contains("saved in"), "{out}");
    assert_eq!(open(&path, None).counts().unwrap().accounts, 1);
}

#[test]
fn a_file_that_is_not_a_kam_database_is_not_restored() {
    let (dir, path) = temp_db();
    marked_db(&path, "Keep me");
    let bogus = dir.path().join("bogus.db");
    fs::write(&bogus, "name,revenue\nNordwerk,1\n").unwrap();
    let before = fs::read(&path).unwrap();

    let output = kam(&path, &["restore", "--yes", bogus.to_str().unwrap()], "");
    assert!(!output.status.success());
    assert!(
        text(&output).1.contains("not a kam database"),
        "{:?}",
        text(&output)
    );
    assert!(fs::read(&path).unwrap() == before, "the database changed");

    let itself = open(&path, None).restore(&path, None);
    assert!(
        matches!(itself, Err(StoreError::RestoreOverItself(_))),
        "{itself:?}"
    );
}

#[test]
fn a_damaged_database_is_kept_aside_as_it_was_and_replaced() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Good days");
    let copy = open(&path, None).backup_now().unwrap();
    let mut bytes = fs::read(&path).unwrap();
    bytes[100..1024].fill(0xa5);
    fs::write(&path, &bytes).unwrap();

    let out = succeeded(&kam(
        &path,
        &["restore", "--yes", copy.to_str().unwrap()],
        "",
    ));
    assert!(out.contains("Restored"), "{out}");
    assert_eq!(open(&path, None).counts().unwrap().accounts, 1);
    let saved: Vec<_> = names_in(&backups_dir(&path))
        .into_iter()
        .filter(|n| n.starts_with("kam-before-restore-"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(
        fs::read(backups_dir(&path).join(&saved[0])).unwrap() == bytes,
        "the damaged file was not saved as it was"
    );
}

#[test]
fn a_missing_database_is_restored_from_a_backup() {
    let (dir, path) = temp_db();
    marked_db(&path, "Only copy");
    let copy = dir.path().join("safe.db");
    open(&path, None).backup_to(&copy).unwrap();
    fs::remove_file(&path).unwrap();

    let restored = restore_unreadable(&path, &copy, None).expect("restore");
    assert_eq!(restored.saved, None);
    assert_eq!(open(&path, None).counts().unwrap().accounts, 1);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn kinds_of_copies_are_told_apart() {
    let (_dir, path) = temp_db();
    marked_db(&path, "Kinds");
    let store = open(&path, None);
    store.backup_now().unwrap();
    store.daily_backup(day("2026-11-23")).unwrap();
    let kinds: Vec<BackupKind> = store.backups().unwrap().iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&BackupKind::Manual), "{kinds:?}");
    assert!(
        kinds.contains(&BackupKind::Daily(day("2026-11-23"))),
        "{kinds:?}"
    );
    assert!(
        store
            .backups()
            .unwrap()
            .iter()
            .all(|e| e.details.as_ref().is_ok_and(|i| accounts(i.counts) == 1))
    );
    assert!(Path::new(&backups_dir(&path)).is_dir());
}
