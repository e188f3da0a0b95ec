//! Encryption at rest, through the store and the real binary with
//! passphrases piped into standard input: nothing readable on disk, wrong
//! passphrases refused clearly, passphrase change, decryption, backups
//! encrypted with the database, and plain databases unchanged.

use std::fs;
use std::path::{Path, PathBuf};

use kam::store::backup::{backups_dir, inspect};
use kam::store::{Store, StoreError};

use crate::support::files::{
    add_marked_account, contains, files_under, kam, key, marked_db, mode, names_in, open,
    succeeded, temp_db, text,
};
use crate::support::pty::{ENTER, Pty};

const MARKER: &str = "CONFIDENTIAL-7f3a-spare-parts-margin";
const LATER: &str = "CONFIDENTIAL-91bc-written-while-encrypted";

/// Every file in the database's folder and below that holds `marker`.
fn files_with(path: &Path, marker: &str) -> Vec<PathBuf> {
    files_under(path.parent().unwrap())
        .into_iter()
        .filter(|f| contains(f, marker))
        .collect()
}

/// A plain database holding the marker, with a daily and a manual copy
/// (both plain, both holding it), then encrypted with "correct horse".
fn encrypted_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_db();
    marked_db(&path, MARKER);
    succeeded(&kam(&path, &["backup"], ""));
    assert_eq!(
        names_in(&backups_dir(&path)).len(),
        2,
        "a daily and a manual copy"
    );
    assert!(
        files_with(&path, MARKER).len() >= 3,
        "the marker is visible in plain files: {:?}",
        files_with(&path, MARKER)
    );
    let out = succeeded(&kam(&path, &["encrypt"], "correct horse\ncorrect horse\n"));
    assert!(out.contains("Encrypted"), "{out}");
    assert!(out.contains("2 backups encrypted too"), "{out}");
    (dir, path)
}

#[test]
fn after_encryption_the_marker_is_nowhere_on_disk() {
    let (_dir, path) = encrypted_db();
    assert_eq!(files_with(&path, MARKER), Vec::<PathBuf>::new());
    assert_ne!(&fs::read(&path).unwrap()[..16], b"SQLite format 3\0");

    // Write more while the database is open, so that the WAL holds it,
    // and take a backup through the encrypted store.
    let mut store = open(&path, Some("correct horse"));
    add_marked_account(&mut store, "Südhafen", LATER);
    let copy = store.backup_now().unwrap();
    for side in ["-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{side}", path.display()));
        assert!(
            file.exists(),
            "{} missing: the WAL test proves nothing",
            file.display()
        );
    }
    let everything = files_under(path.parent().unwrap());
    assert!(everything.len() >= 6, "{everything:?}");
    for marker in [MARKER, LATER] {
        assert_eq!(files_with(&path, marker), Vec::<PathBuf>::new(), "{marker}");
    }
    let info = inspect(&copy, store.passphrase()).unwrap();
    assert!(info.encrypted);
    assert_eq!(info.counts.unwrap().accounts, 2);
    assert!(matches!(
        inspect(&copy, None),
        Err(StoreError::Encrypted(_))
    ));
}

#[test]
fn every_file_kam_writes_is_owner_only() {
    let (_dir, path) = encrypted_db();
    let store = open(&path, Some("correct horse"));
    let copy = store.backup_now().unwrap();
    store.restore(&copy, Some(&key("correct horse"))).unwrap();
    let folder = path.parent().unwrap();
    for file in files_under(folder)
        .into_iter()
        .filter(|f| !f.starts_with(folder.join("home")))
    {
        assert_eq!(
            mode(&file) & !0o600,
            0,
            "{} is {:o}",
            file.display(),
            mode(&file)
        );
    }
    assert_eq!(mode(&backups_dir(&path)), 0o700);
}

#[test]
fn the_right_passphrase_opens_it_and_a_wrong_one_is_refused_clearly() {
    let (_dir, path) = encrypted_db();
    let before = fs::read(&path).unwrap();

    let wrong = kam(
        &path,
        &["log", "Nordwerk", "Another", "delivery"],
        "battery staple\n",
    );
    let (out, err) = text(&wrong);
    assert!(!wrong.status.success());
    assert_eq!(
        err.trim(),
        format!(
            "kam: wrong passphrase for {} (or the file is damaged or not a kam database)",
            path.display()
        ),
        "one clear line, nothing from SQLCipher"
    );
    assert!(out.is_empty(), "{out}");
    assert!(
        fs::read(&path).unwrap() == before,
        "a refusal changed the file"
    );

    let missing = kam(&path, &["log", "Nordwerk", "Another"], "");
    assert!(!missing.status.success());
    assert_eq!(
        text(&missing).1.trim(),
        format!(
            "kam: {} is encrypted (or is not a kam database): it needs its passphrase, \
             and standard input ended before one",
            path.display()
        ),
    );

    let right = kam(
        &path,
        &["log", "Nordwerk", "Another", "delivery"],
        "correct horse\n",
    );
    let out = succeeded(&right);
    assert!(
        out.contains("Logged a proof statement for Nordwerk"),
        "{out}"
    );
    assert!(text(&right).1.is_empty(), "{:?}", text(&right));
    assert_eq!(
        open(&path, Some("correct horse")).counts().unwrap().proofs,
        2
    );
}

#[test]
fn the_store_tells_encrypted_from_wrong_passphrase_and_leaves_the_file_alone() {
    let (_dir, path) = encrypted_db();
    let before = fs::read(&path).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::Encrypted(_))));
    let err = Store::open_with_key(&path, Some(key("nope")))
        .err()
        .unwrap();
    assert!(matches!(err, StoreError::WrongPassphrase(_)), "{err:?}");
    assert!(err.to_string().contains("wrong passphrase"), "{err}");
    assert!(
        fs::read(&path).unwrap() == before,
        "a refusal changed the file"
    );
    assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
}

#[test]
fn changing_the_passphrase_retires_the_old_one_for_database_and_backups() {
    let (_dir, path) = encrypted_db();
    let out = succeeded(&kam(
        &path,
        &["passphrase"],
        "correct horse\nnew saddle\nnew saddle\n",
    ));
    assert!(out.contains("Changed the passphrase"), "{out}");

    assert!(matches!(
        Store::open_with_key(&path, Some(key("correct horse"))),
        Err(StoreError::WrongPassphrase(_))
    ));
    assert_eq!(
        open(&path, Some("new saddle")).counts().unwrap().accounts,
        1
    );
    let copies = files_under(&backups_dir(&path));
    assert_eq!(copies.len(), 2, "{copies:?}");
    for copy in copies {
        assert!(
            inspect(&copy, Some(&key("new saddle"))).is_ok(),
            "{}",
            copy.display()
        );
        assert!(matches!(
            inspect(&copy, Some(&key("correct horse"))),
            Err(StoreError::WrongPassphrase(_))
        ));
    }
    assert_eq!(files_with(&path, MARKER), Vec::<PathBuf>::new());
}

#[test]
fn two_different_new_passphrases_change_nothing() {
    let (_dir, path) = encrypted_db();
    let output = kam(
        &path,
        &["passphrase"],
        "correct horse\nnew saddle\nnew sadle\n",
    );
    assert!(!output.status.success());
    assert!(text(&output).1.contains("differ"), "{:?}", text(&output));
    assert!(matches!(
        Store::open_with_key(&path, Some(key("new saddle"))),
        Err(StoreError::WrongPassphrase(_))
    ));
    assert_eq!(
        open(&path, Some("correct horse"))
            .counts()
            .unwrap()
            .accounts,
        1
    );
}

#[test]
fn decrypting_makes_database_and_backups_plain_again() {
    let (_dir, path) = encrypted_db();
    let out = succeeded(&kam(&path, &["decrypt"], "correct horse\n"));
    assert!(out.contains("Decrypted"), "{out}");
    assert!(out.contains("backups decrypted too"), "{out}");

    assert_eq!(&fs::read(&path).unwrap()[..16], b"SQLite format 3\0");
    assert!(contains(&path, MARKER), "the marker is readable again");
    for copy in files_under(&backups_dir(&path)) {
        assert!(contains(&copy, MARKER), "{}", copy.display());
    }
    assert_eq!(open(&path, None).counts().unwrap().accounts, 1);
}

#[test]
fn encrypting_twice_or_decrypting_a_plain_database_is_refused() {
    let (_dir, path) = encrypted_db();
    let again = kam(&path, &["encrypt"], "correct horse\nx\nx\n");
    assert!(!again.status.success());
    assert!(
        text(&again).1.contains("already encrypted"),
        "{:?}",
        text(&again)
    );

    let (_plain_dir, plain) = temp_db();
    marked_db(&plain, MARKER);
    let output = kam(&plain, &["decrypt"], "");
    assert!(!output.status.success());
    assert!(
        text(&output).1.contains("not encrypted"),
        "{:?}",
        text(&output)
    );
}

#[test]
fn a_database_open_elsewhere_is_not_swapped_under_it() {
    let (_dir, path) = temp_db();
    marked_db(&path, MARKER);
    let other = open(&path, None);
    let err = open(&path, None).rekey(Some(key("pw"))).err().unwrap();
    assert!(matches!(err, StoreError::InUse(_)), "{err:?}");
    drop(other);
    assert_eq!(open(&path, None).counts().unwrap().accounts, 1);
    assert!(
        !files_under(path.parent().unwrap())
            .iter()
            .any(|p| p.to_string_lossy().contains("-tmp")),
        "a working file was left behind"
    );
}

#[test]
fn a_plain_database_keeps_working_as_before() {
    let (_dir, path) = temp_db();
    marked_db(&path, MARKER);
    assert_eq!(&fs::read(&path).unwrap()[..16], b"SQLite format 3\0");
    assert!(contains(&path, MARKER));
    let out = succeeded(&kam(&path, &["log", "Nordwerk", "Plain", "still"], ""));
    assert!(out.contains("Logged"), "{out}");
    assert_eq!(open(&path, None).counts().unwrap().proofs, 2);
    assert!(matches!(
        Store::open_with_key(&path, Some(key("pw"))),
        Err(StoreError::NotEncrypted(_))
    ));
}

#[test]
fn a_new_database_can_start_encrypted() {
    let (_dir, path) = temp_db();
    let mut store = open(&path, Some("from the start"));
    add_marked_account(&mut store, "Nordwerk", MARKER);
    drop(store);
    assert_eq!(files_with(&path, MARKER), Vec::<PathBuf>::new());
    assert_eq!(
        open(&path, Some("from the start")).counts().unwrap().proofs,
        1
    );
}

#[test]
fn restoring_an_encrypted_backup_asks_for_its_passphrase_when_it_differs() {
    let (dir, path) = encrypted_db();
    let copy = dir.path().join("old.db");
    open(&path, Some("correct horse")).backup_to(&copy).unwrap();
    succeeded(&kam(
        &path,
        &["passphrase"],
        "correct horse\nnew saddle\nnew saddle\n",
    ));
    // The copy outside the backups folder keeps the old passphrase.
    let out = succeeded(&kam(
        &path,
        &["restore", "--yes", copy.to_str().unwrap()],
        "new saddle\ncorrect horse\n",
    ));
    assert!(out.contains("Restored"), "{out}");
    assert_eq!(
        open(&path, Some("correct horse"))
            .counts()
            .unwrap()
            .accounts,
        1
    );
}

#[test]
fn the_interface_asks_for_the_passphrase_first_without_echo() {
    let (dir, path) = encrypted_db();
    let home = dir.path().join("home");
    let mut kam = Pty::spawn(&["--db".as_ref(), path.as_os_str()], &home, 100, 30);
    kam.wait_for("Passphrase for");
    kam.send("battery staple");
    kam.send(ENTER);
    kam.wait_for("wrong passphrase, try again");
    let screen = kam.screen();
    assert!(
        !screen.contains("battery"),
        "the passphrase was echoed:\n{screen}"
    );
    kam.send("correct horse");
    kam.send(ENTER);
    kam.wait_for("Nordwerk");
    kam.send("q");
    assert!(kam.wait_exit().success());
    kam.assert_restored();
    let screen = kam.screen();
    assert!(
        !screen.contains("horse"),
        "the passphrase was echoed:\n{screen}"
    );
    assert!(
        !screen.to_lowercase().contains("hmac"),
        "SQLCipher logged:\n{screen}"
    );
}

#[test]
fn the_backup_before_an_upgrade_is_encrypted_with_the_database() {
    let (_dir, path) = temp_db();
    // An encrypted kam database at schema version 1.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA key = 'old schema';").unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/001_workspace.sql"))
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);

    let store = open(&path, Some("old schema"));
    assert_eq!(store.counts().unwrap().accounts, 0);
    let copies = files_under(&backups_dir(&path));
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = &copies[0];
    assert!(
        copy.to_string_lossy().contains("-v1-before-upgrade-"),
        "{}",
        copy.display()
    );
    assert_ne!(&fs::read(copy).unwrap()[..16], b"SQLite format 3\0");
    let info = inspect(copy, Some(&key("old schema"))).unwrap();
    assert!(info.encrypted);
    assert_eq!(info.version, 1);
}
