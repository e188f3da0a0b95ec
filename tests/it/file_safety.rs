//! Operations on the whole database file, through the real binary: restore,
//! encrypt and decrypt while another kam writes, through a symbolic link,
//! and refusals that leave every file as it was.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use kam::store::backup::backups_dir;

use crate::support::files::{contains, kam, marked_db, names_in, open, succeeded, temp_db, text};

const PASS: &str = "race horse";

/// How many times each whole-file operation is run against the writer.
const ROUNDS: usize = 5;

/// How many times one operation is tried while the writer holds the file.
const TRIES: usize = 60;

/// Whether the file at `path` is encrypted (does not start with SQLite's
/// header).
fn is_encrypted(path: &Path) -> bool {
    fs::read(path).expect("reading the database")[..16] != *b"SQLite format 3\0"
}

/// Opens `path` with SQLite alone, keyed when it is encrypted.
fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("opening with SQLite");
    if is_encrypted(path) {
        conn.pragma_update(None, "key", PASS).expect("keying");
    }
    conn
}

/// Every proof statement in the database or copy at `path`.
fn statements(path: &Path) -> BTreeSet<String> {
    let conn = raw(path);
    let mut query = conn
        .prepare("SELECT statement FROM proof_statement")
        .expect("query");
    query
        .query_map([], |r| r.get(0))
        .expect("reading proof statements")
        .collect::<rusqlite::Result<_>>()
        .expect("reading proof statements")
}

/// Runs `kam log` again and again until `stop`; returns the statements of
/// the runs that said they were saved (exit status 0).
fn writer(path: PathBuf, stop: Arc<AtomicBool>) -> Vec<String> {
    let mut confirmed = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        let entry = format!("entry-{n}");
        n += 1;
        let out = kam(&path, &["log", "Nordwerk", &entry], &format!("{PASS}\n"));
        if out.status.success() {
            confirmed.push(entry);
        }
    }
    confirmed
}

/// Runs one whole-file operation until it succeeds or the tries run out;
/// every refusal must be a clean one. Returns whether it succeeded.
fn until_done(path: &Path, args: &[&str], stdin: &str) -> bool {
    for _ in 0..TRIES {
        let out = kam(path, args, stdin);
        if out.status.success() {
            return true;
        }
        let (_, err) = text(&out);
        let clean = [
            "another kam has this database",
            "busy in another kam",
            "already encrypted",
            "is not encrypted",
        ];
        assert!(
            clean.iter().any(|c| err.contains(c)),
            "kam {args:?} failed otherwise: {err}"
        );
    }
    false
}

#[test]
fn restore_encrypt_and_decrypt_racing_a_writer_lose_no_confirmed_entry() {
    let (dir, path) = temp_db();
    marked_db(&path, "first");
    let start = dir.path().join("start.db");
    succeeded(&kam(&path, &["backup", start.to_str().unwrap()], ""));

    let stop = Arc::new(AtomicBool::new(false));
    let log = {
        let (path, stop) = (path.clone(), Arc::clone(&stop));
        thread::spawn(move || writer(path, stop))
    };
    let restore = ["restore", "--yes", start.to_str().unwrap()];
    let twice = format!("{PASS}\n{PASS}\n");
    let once = format!("{PASS}\n");
    let mut done = 0;
    for _ in 0..ROUNDS {
        for (args, stdin) in [
            (&restore[..], once.as_str()),
            (&["encrypt"][..], twice.as_str()),
            (&["decrypt"][..], once.as_str()),
        ] {
            done += usize::from(until_done(&path, args, stdin));
        }
    }
    stop.store(true, Ordering::Relaxed);
    let confirmed = log.join().expect("the writer");

    assert!(done > 0, "no whole-file operation ever ran");
    assert!(!confirmed.is_empty(), "no kam log ever succeeded");
    let integrity: String = raw(&path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    // A restore puts the old entries away in its "before restore" copy:
    // each confirmed entry is in the database or in one of those.
    let mut kept = statements(&path);
    for name in names_in(&backups_dir(&path)) {
        if name.contains("before-restore") {
            kept.extend(statements(&backups_dir(&path).join(name)));
        }
    }
    let lost: Vec<&String> = confirmed.iter().filter(|e| !kept.contains(*e)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} confirmed entries lost: {lost:?}",
        lost.len(),
        confirmed.len()
    );
}

#[test]
fn a_restore_refused_because_kam_is_open_elsewhere_changes_nothing() {
    let (dir, path) = temp_db();
    marked_db(&path, "first");
    let start = dir.path().join("start.db");
    succeeded(&kam(&path, &["backup", start.to_str().unwrap()], ""));
    let before = names_in(&backups_dir(&path));

    let other = open(&path, None);
    let out = kam(&path, &["restore", "--yes", start.to_str().unwrap()], "");
    assert!(!out.status.success());
    assert!(
        text(&out).1.contains("another kam has this database (")
            && text(&out).1.contains("open: close it first"),
        "{:?}",
        text(&out)
    );
    assert_eq!(names_in(&backups_dir(&path)), before, "a copy was added");
    drop(other);
}

#[test]
fn encrypt_and_passphrase_refuse_before_asking_while_kam_is_open_elsewhere() {
    let (_dir, path) = temp_db();
    marked_db(&path, "first");
    let other = open(&path, None);
    // No passphrase is piped in: a command that asked for one first would
    // fail on the empty input instead.
    let out = kam(&path, &["encrypt"], "");
    assert!(!out.status.success());
    assert!(
        text(&out).1.contains("open: close it first"),
        "{:?}",
        text(&out)
    );
    assert!(contains(&path, "first"), "the file is still plain");
    drop(other);

    succeeded(&kam(&path, &["encrypt"], &format!("{PASS}\n{PASS}\n")));
    let other = open(&path, Some(PASS));
    let out = kam(&path, &["passphrase"], &format!("{PASS}\n"));
    assert!(
        text(&out).1.contains("open: close it first"),
        "{:?}",
        text(&out)
    );
    drop(other);
}

/// A database in `real/kam.db` and a symbolic link `link.db` to it.
fn linked_db(marker: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, _) = temp_db();
    let real = dir.path().join("real").join("kam.db");
    marked_db(&real, marker);
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).expect("symbolic link");
    (dir, real, link)
}

#[test]
fn encrypting_through_a_symbolic_link_encrypts_the_real_file_and_keeps_the_link() {
    let (_dir, real, link) = linked_db("Nordwerk-secret");
    let out = succeeded(&kam(&link, &["encrypt"], &format!("{PASS}\n{PASS}\n")));
    assert!(out.contains("Encrypted"), "{out}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(is_encrypted(&real));
    assert!(!contains(&real, "Nordwerk"), "the real file is still plain");
    let out = succeeded(&kam(
        &link,
        &["log", "Nordwerk", "after"],
        &format!("{PASS}\n"),
    ));
    assert!(out.contains("Logged"), "{out}");
}

#[test]
fn restoring_through_a_symbolic_link_replaces_the_real_file_and_keeps_the_link() {
    let (dir, real, link) = linked_db("first");
    let start = dir.path().join("start.db");
    succeeded(&kam(&link, &["backup", start.to_str().unwrap()], ""));
    succeeded(&kam(&link, &["log", "Nordwerk", "later"], ""));
    succeeded(&kam(
        &link,
        &["restore", "--yes", start.to_str().unwrap()],
        "",
    ));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        !statements(&real).contains("later"),
        "the real file was not restored"
    );
}

/// Every file in `dir` (not below it) with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names_in(dir)
        .into_iter()
        .filter(|name| dir.join(name).is_file())
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("reading a file");
            (name, bytes)
        })
        .collect()
}

/// Runs `kam --db PATH` (the portfolio listing) on a file kam must refuse
/// with `message`, and checks that every file beside it is as it was.
fn refused_untouched(path: &Path, message: &str) {
    let dir = path.parent().unwrap();
    let before = snapshot(dir);
    let out = kam(path, &["backups"], "");
    assert!(!out.status.success(), "{:?}", text(&out));
    let (_, err) = text(&out);
    assert!(err.contains(message), "{err}");
    assert!(
        snapshot(dir) == before,
        "the files changed: {:?} became {:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>(),
        names_in(dir)
    );
}

/// A plain SQLite database (not kam's) in WAL mode at `path`, whose last
/// writes are only in its WAL, as a program killed while writing leaves it.
fn foreign_db_with_hot_wal(path: &Path) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let live = dir.path().join("live.db");
    let conn = rusqlite::Connection::open(&live).expect("a plain database");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;
         CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('only in the WAL');",
    )
    .expect("writing");
    for side in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{side}", live.display()));
        fs::copy(&from, format!("{}{side}", path.display())).expect("copying");
    }
    drop(conn);
}

#[test]
fn a_foreign_database_with_a_hot_wal_is_refused_and_left_as_it_was() {
    let (_dir, path) = temp_db();
    foreign_db_with_hot_wal(&path);
    assert!(
        fs::metadata(format!("{}-wal", path.display()))
            .unwrap()
            .len()
            > 0
    );
    refused_untouched(&path, "is not a kam database");
}

#[test]
fn an_empty_file_is_refused_not_made_into_a_database() {
    let (_dir, path) = temp_db();
    fs::write(&path, b"").unwrap();
    refused_untouched(&path, "is an empty file, not a kam database");
}

#[test]
fn a_file_with_kams_id_and_no_tables_is_refused_and_left_as_it_was() {
    let (_dir, path) = temp_db();
    rusqlite::Connection::open(&path)
        .and_then(|c| c.execute_batch("PRAGMA application_id = 1262570801; VACUUM;"))
        .expect("a file with kam's application id");
    refused_untouched(&path, "is not a kam database");
}

#[test]
fn an_interrupted_encrypt_is_reported_at_every_start_and_finished_by_encrypting_again() {
    let (_dir, path) = temp_db();
    marked_db(&path, "plain-secret");
    succeeded(&kam(&path, &["backup"], ""));
    let copies = names_in(&backups_dir(&path));
    let copy = backups_dir(&path).join(&copies[0]);
    let plain_copy = fs::read(&copy).unwrap();
    let twice = format!("{PASS}\n{PASS}\n");
    succeeded(&kam(&path, &["encrypt"], &twice));
    // As `kam encrypt` killed half-way leaves it: a copy still plain, and
    // working files beside the database and the copy.
    fs::write(&copy, &plain_copy).unwrap();
    let leftovers = [
        PathBuf::from(format!("{}.rekey-tmp", path.display())),
        PathBuf::from(format!("{}.rekey-tmp", copy.display())),
    ];
    for leftover in &leftovers {
        fs::write(leftover, &plain_copy).unwrap();
    }

    let once = format!("{PASS}\n");
    let out = kam(&path, &["log", "Nordwerk", "after"], &once);
    succeeded(&out);
    let (_, err) = text(&out);
    assert!(
        err.contains("1 backup of this encrypted database can be read without the passphrase")
            && err.contains(&copies[0])
            && err.contains("run `kam encrypt`"),
        "{err}"
    );
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} is left", leftover.display());
    }

    let out = succeeded(&kam(&path, &["encrypt"], &once));
    assert!(out.contains("1 backup encrypted too"), "{out}");
    assert!(is_encrypted(&copy));
    assert!(!contains(&copy, "plain-secret"));
    assert_eq!(
        statements(&copy),
        BTreeSet::from(["plain-secret".to_owned()])
    );
    let out = kam(&path, &["log", "Nordwerk", "again"], &once);
    succeeded(&out);
    assert!(
        !text(&out).1.contains("can be read without the passphrase"),
        "{:?}",
        text(&out)
    );
    let again = kam(&path, &["encrypt"], &once);
    assert!(
        text(&again).1.contains("already encrypted"),
        "{:?}",
        text(&again)
    );
}

#[test]
fn a_backup_can_be_restored_over_an_empty_file() {
    let (dir, path) = temp_db();
    marked_db(&path, "first");
    let start = dir.path().join("start.db");
    succeeded(&kam(&path, &["backup", start.to_str().unwrap()], ""));
    fs::write(&path, b"").unwrap();
    succeeded(&kam(
        &path,
        &["restore", "--yes", start.to_str().unwrap()],
        "",
    ));
    assert_eq!(statements(&path), BTreeSet::from(["first".to_owned()]));
}
