//! Bad files and places: each refused or opened read-only with its one
//! message, every byte in the folder as it was.
//!
//! Each bad file is given to a write (`kam log`), a read (`kam export`)
//! and the interface (in a pseudo-terminal); every one of them must say
//! the same one-line message and leave every file in the folder, the
//! database's `-wal` and `-shm` included, byte for byte as it was. The
//! read-only places are real read-only mounts (kam runs as root in CI,
//! where permission bits stop nothing).

use std::ffi::OsStr;
use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::support::files::{kam, marked_db, text};
use crate::support::places::{Mount, Place, Step, changed, contents};
use crate::support::pty::Pty;
use crate::support::rounds::rounds;

/// The marker written into every good database of these tests.
const MARKER: &str = "delivered-4711";

/// A good kam database at `path`, with one account "Nordwerk" whose proof
/// statement says [`MARKER`], closed cleanly.
fn good(path: &Path) {
    marked_db(path, MARKER);
}

/// Overwrites the start of the file: SQLite's header is gone.
fn corrupt_header(path: &Path) {
    good(path);
    let mut bytes = fs::read(path).expect("reading");
    bytes[..16].copy_from_slice(b"Garbage header!!");
    fs::write(path, bytes).expect("writing");
}

/// Cuts the file in half, as a copy that ran out of room would.
fn truncated(path: &Path) {
    good(path);
    let bytes = fs::read(path).expect("reading");
    fs::write(path, &bytes[..bytes.len() / 2]).expect("writing");
}

/// An empty file.
fn zero_bytes(path: &Path) {
    fs::write(path, b"").expect("writing");
}

/// A database written by a kam whose schema this one does not know.
fn from_a_newer_kam(path: &Path) {
    good(path);
    rusqlite::Connection::open(path)
        .and_then(|c| c.pragma_update(None, "user_version", 999))
        .expect("setting the schema version");
}

/// Another program's SQLite database.
fn plain_sqlite(path: &Path) {
    rusqlite::Connection::open(path)
        .and_then(|c| {
            c.execute_batch("CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('mine');")
        })
        .expect("a plain database");
}

/// A folder where the file should be.
fn a_directory(path: &Path) {
    fs::create_dir(path).expect("a folder");
    fs::write(path.join("inside.txt"), "not a database").expect("a file inside");
}

/// A file that is not a database at all.
fn a_text_file(path: &Path) {
    fs::write(path, "Dear diary, not a database.\n").expect("writing");
}

/// A bad file: what it is, how it is made, and what kam must say.
struct BadFile {
    name: &'static str,
    make: fn(&Path),
    message: &'static str,
}

/// Every bad file.
const BAD_FILES: [BadFile; 7] = [
    BadFile {
        name: "corrupt header",
        make: corrupt_header,
        message: "is encrypted (or is not a kam database)",
    },
    BadFile {
        name: "truncated",
        make: truncated,
        message: "is damaged or not a database",
    },
    BadFile {
        name: "zero bytes",
        make: zero_bytes,
        message: "is an empty file, not a kam database",
    },
    BadFile {
        name: "newer kam",
        make: from_a_newer_kam,
        message: "was written by a newer kam",
    },
    BadFile {
        name: "plain SQLite",
        make: plain_sqlite,
        message: "is not a kam database",
    },
    BadFile {
        name: "a directory",
        make: a_directory,
        message: "is a directory, not a database file",
    },
    BadFile {
        name: "a text file",
        make: a_text_file,
        message: "is not a kam database",
    },
];

/// Asserts that a run of kam failed with exactly one line saying
/// `message`.
fn refused_with(what: &str, output: &std::process::Output, message: &str) {
    let (out, err) = text(output);
    assert!(!output.status.success(), "{what}: kam succeeded: {out}");
    assert!(err.contains(message), "{what}: kam said {err:?}");
    assert_eq!(
        err.lines().count(),
        1,
        "{what}: more than one message: {err}"
    );
}

#[test]
fn every_bad_file_gets_its_one_message_and_stays_byte_for_byte_as_it_was() {
    for BadFile {
        name,
        make,
        message,
    } in BAD_FILES
    {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("kam.db");
        fs::create_dir(dir.path().join("home")).expect("home");
        make(&path);
        let before = contents(dir.path());

        let write = kam(&path, &["log", "Nordwerk", "Delivered"], "");
        refused_with(&format!("{name}, kam log"), &write, message);
        let read = kam(&path, &["export"], "");
        refused_with(&format!("{name}, kam export"), &read, message);

        let mut ui = Pty::spawn(
            &[OsStr::new("--db"), path.as_os_str()],
            &dir.path().join("home"),
            100,
            30,
        );
        if name == "corrupt header" {
            // Without SQLite's header the file reads as an encrypted one:
            // at the terminal kam asks for its passphrase, three times.
            for tries in 1..=3 {
                ui.wait_for("Passphrase for");
                ui.send("wrong\r");
                if tries < 3 {
                    ui.wait_until("the passphrase refused", |screen| {
                        screen.matches("try again").count() == tries
                    });
                }
            }
            ui.wait_for("or the file is damaged or not a kam database");
        } else {
            ui.wait_for(message);
        }
        assert!(!ui.wait_exit().success(), "{name}: the interface started");
        ui.assert_restored();

        let changed = changed(&before, &contents(dir.path()));
        assert!(changed.is_empty(), "{name}: files changed: {changed:?}");
    }
}

/// Runs reads and the writes `writes` on the marked database in `mount`;
/// the reads show the marker, each write is refused as read-only, and no
/// file changes.
fn read_but_never_written(mount: Mount, writes: &[&[&str]]) {
    let place = Place::new();
    good(&place.seed_db());
    let before = contents(&place.left(mount));
    let mut steps = vec![
        Step::Kam(&["export"], ""),
        Step::Kam(&["search", "delivered"], ""),
    ];
    steps.extend(writes.iter().map(|args| Step::Kam(args, "")));
    let runs = place.run(mount, &steps);
    for read in &runs[..2] {
        assert_eq!(read.code, 0, "{read:?}");
        assert!(read.out.contains(MARKER), "{read:?}");
    }
    for write in &runs[2..] {
        assert_ne!(write.code, 0, "{write:?}");
        assert!(write.err.to_lowercase().contains("read-only"), "{write:?}");
        assert_eq!(write.err.lines().count(), 1, "{write:?}");
    }
    let mut changed = changed(&before, &contents(&place.left(mount)));
    if let Mount::ReadOnlyFile = mount {
        // Beside a read-only file in a folder it can write, SQLite keeps
        // the shared-memory index by which readers see a writer's commits
        // (and an empty WAL with it); the database itself is untouched.
        let wal = fs::metadata(place.left(mount).join("kam.db-wal")).map_or(0, |m| m.len());
        assert_eq!(wal, 0, "the WAL beside a read-only file holds something");
        changed.retain(|name| name != "kam.db-shm" && name != "kam.db-wal");
    }
    assert!(
        changed.is_empty(),
        "files in the read-only place changed: {changed:?}"
    );
}

#[test]
fn a_database_on_a_read_only_mount_is_read_and_never_written() {
    read_but_never_written(
        Mount::ReadOnlyFolder,
        &[&["log", "Nordwerk", "Delivered"], &["backup"]],
    );
}

#[test]
fn a_read_only_database_file_is_read_and_never_written() {
    // Its folder can be written: a backup of it is made there, as of any
    // database kam can read.
    read_but_never_written(
        Mount::ReadOnlyFile,
        &[
            &["log", "Nordwerk", "Delivered"],
            &["issue", "Nordwerk", "Raised"],
        ],
    );
}

#[test]
fn a_wal_left_by_a_killed_kam_is_taken_in_and_nothing_is_lost() {
    let live = tempfile::tempdir().expect("temporary folder");
    let live_db = live.path().join("kam.db");
    good(&live_db);
    // A writer that never checkpoints, copied while it holds the database
    // open: its last commit is only in the WAL, as kill -9 leaves it.
    let conn = rusqlite::Connection::open(&live_db).expect("opening");
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0;
         UPDATE proof_statement SET statement = 'only in the WAL';",
    )
    .expect("writing");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    for side in ["", "-wal", "-shm"] {
        fs::copy(
            format!("{}{side}", live_db.display()),
            format!("{}{side}", path.display()),
        )
        .expect("copying");
    }
    drop(conn);
    assert!(
        fs::metadata(format!("{}-wal", path.display()))
            .unwrap()
            .len()
            > 0
    );

    let read = kam(&path, &["export"], "");
    let (out, err) = text(&read);
    assert!(read.status.success(), "{err}");
    assert!(out.contains("only in the WAL"), "the WAL's commit was lost");
    assert_eq!(err, "", "a warning at the start after a kill");
    let write = kam(&path, &["log", "Nordwerk", "After the kill"], "");
    assert!(write.status.success(), "{:?}", text(&write));
    let conn = rusqlite::Connection::open(&path).expect("opening");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(check, "ok");
}

#[test]
fn a_second_and_third_kam_writing_at_the_same_time_lose_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    good(&path);
    fs::create_dir(dir.path().join("home")).expect("home");
    let mut ui = Pty::spawn(
        &[OsStr::new("--db"), path.as_os_str()],
        &dir.path().join("home"),
        100,
        30,
    );
    ui.wait_for("Nordwerk");
    let per_writer = rounds(15);
    let refused = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let (path, refused) = (path.clone(), Arc::clone(&refused));
            thread::spawn(move || {
                let mut confirmed = Vec::new();
                for n in 0..per_writer {
                    let entry = format!("writer {writer} entry {n}");
                    let out = kam(&path, &["log", "Nordwerk", &entry], "");
                    if out.status.success() {
                        confirmed.push(entry);
                    } else {
                        let (_, err) = text(&out);
                        assert!(err.contains("busy"), "refused otherwise: {err}");
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                }
                confirmed
            })
        })
        .collect();
    let confirmed: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("a writer"))
        .collect();
    ui.send("q");
    ui.wait_exit();

    let conn = rusqlite::Connection::open(&path).expect("opening");
    let stored: Vec<String> = conn
        .prepare("SELECT statement FROM proof_statement")
        .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
        .expect("reading");
    for entry in &confirmed {
        assert!(stored.contains(entry), "{entry} was confirmed and lost");
    }
    let refused = refused.load(Ordering::Relaxed);
    assert!(
        confirmed.len() + refused == 2 * per_writer,
        "every write either confirmed or refused"
    );
    eprintln!(
        "two writers beside the interface: {} writes confirmed and all present, {refused} refused as busy",
        confirmed.len()
    );
}
