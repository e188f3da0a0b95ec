//! The place a database lives in: whether kam can write there, and whether
//! a failed write found the disk full.
//!
//! SQLite keeps a WAL database's `-wal` and `-shm` files beside it, so a
//! database can be written only where its folder can be written too.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rusqlite::ErrorCode;
use rustix::fs::{Access, StatVfsMountFlags, access, statvfs};

use super::error::StoreError;
use super::replace::with_suffix;

/// Below this many free bytes the disk counts as full: a database is
/// opened read-only and a failed write is put down to the lack of room.
/// SQLite needs a few pages for a transaction and 32 KiB for its
/// shared-memory index.
const NEARLY_FULL: u64 = 1 << 20;

/// What can be done in a database's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Folder {
    /// Files can be created there.
    Writable,
    /// Files can be created there, but the disk is (nearly) full.
    Full,
    /// The folder cannot be written, though its filesystem can.
    ReadOnly,
    /// The filesystem is mounted read-only.
    ReadOnlyMount,
}

/// How a database file can be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opening {
    /// For reading and writing.
    ReadWrite,
    /// For reading only; another process may be writing it meanwhile.
    ReadOnly,
    /// For reading only, as an immutable file: nothing can write it while
    /// kam reads, and SQLite could not create its `-shm` there anyway.
    Immutable,
    /// As [`Opening::Immutable`], because the disk is full: SQLite could
    /// not make room for its `-shm`, and no change could be saved.
    Full,
}

/// What can be done in `dir`, the folder of a database.
pub(super) fn folder(dir: &Path) -> Folder {
    if statvfs(dir).is_ok_and(|fs| fs.f_flag.contains(StatVfsMountFlags::RDONLY)) {
        Folder::ReadOnlyMount
    } else if access(dir, Access::WRITE_OK | Access::EXEC_OK).is_err() {
        Folder::ReadOnly
    } else if is_nearly_full(dir) {
        Folder::Full
    } else {
        Folder::Writable
    }
}

/// The folder holding the database at `db`.
fn dir_of(db: &Path) -> &Path {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// How to open the existing database at `db`, whose file can be written
/// when `file_writable`, and whose folder `check` looks at.
///
/// Where no `-wal` can be created (the folder cannot be written, or the
/// disk is full) and none is there, no other kam has the database open,
/// every committed change is in the file, and it is read as an immutable
/// file. Where a `-wal` is there, it may hold changes, and is read; its
/// `-shm` is there too, and a full disk lets the database be written (what
/// does not fit then fails with [`StoreError::DiskFull`]).
pub(super) fn opening(db: &Path, file_writable: bool, check: fn(&Path) -> Folder) -> Opening {
    let folder = check(dir_of(db));
    if with_suffix(db, "-wal").symlink_metadata().is_ok() {
        return if file_writable && matches!(folder, Folder::Writable | Folder::Full) {
            Opening::ReadWrite
        } else {
            Opening::ReadOnly
        };
    }
    match folder {
        Folder::Writable if file_writable => Opening::ReadWrite,
        Folder::Writable => Opening::ReadOnly,
        Folder::Full if file_writable => Opening::Full,
        Folder::Full | Folder::ReadOnly | Folder::ReadOnlyMount => Opening::Immutable,
    }
}

/// Gives the owner back write permission on the `-wal` and `-shm` of the
/// writable database at `db`: SQLite creates them with the database's
/// mode, so a database once opened while it was read-only (`0400`) leaves
/// them read-only, and would stay read-only after a `chmod 600`. Where
/// that fails, SQLite's own refusal says the database is read-only.
pub(super) fn unlock_companions(db: &Path) {
    for companion in [with_suffix(db, "-wal"), with_suffix(db, "-shm")] {
        let Ok(meta) = fs::symlink_metadata(&companion) else {
            continue;
        };
        let mode = meta.permissions().mode();
        if meta.is_file() && mode & 0o200 == 0 {
            let _ = fs::set_permissions(&companion, fs::Permissions::from_mode(mode | 0o200));
        }
    }
}

/// `err`, said as [`StoreError::DiskFull`] when it is an I/O failure of
/// SQLite while the disk holding `db` is (nearly) full: SQLite reports a
/// write that ran out of space as a plain I/O error, without the reason.
pub(super) fn disk_full_said_plainly(err: StoreError, db: &Path) -> StoreError {
    said_plainly(err, || is_nearly_full(dir_of(db)))
}

/// `err` as [`disk_full_said_plainly`] says it, `nearly_full` telling
/// whether the disk has room left.
fn said_plainly(err: StoreError, nearly_full: impl FnOnce() -> bool) -> StoreError {
    match &err {
        StoreError::Sqlite(e)
            if e.sqlite_error_code() == Some(ErrorCode::SystemIoFailure) && nearly_full() =>
        {
            StoreError::DiskFull
        }
        _ => err,
    }
}

/// Whether the filesystem holding `dir` has almost no room left; one that
/// gives no sizes at all (no blocks) is taken to have room.
pub(crate) fn is_nearly_full(dir: &Path) -> bool {
    statvfs(dir)
        .is_ok_and(|fs| fs.f_blocks > 0 && fs.f_bavail.saturating_mul(fs.f_frsize) < NEARLY_FULL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Account;
    use crate::store::Store;

    /// A folder holding a kam database with one account, closed.
    fn database() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let mut store = Store::open(&path).unwrap();
        store.save_account(&Account::new("Nordwerk")).unwrap();
        drop(store);
        (dir, path)
    }

    /// The names of the files in `dir`.
    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_database_on_a_read_only_mount_is_read_as_an_immutable_file() {
        let (dir, path) = database();
        let before = files(dir.path());
        let bytes = fs::read(&path).unwrap();

        let mut store = Store::open_in(&path, None, |_| Folder::ReadOnlyMount).unwrap();
        assert!(store.is_read_only());
        assert_eq!(store.accounts().unwrap()[0].name, "Nordwerk");
        assert!(matches!(
            store.save_account(&Account::new("Südhafen")),
            Err(StoreError::ReadOnly)
        ));
        // On a real read-only mount SQLite could create none of these.
        assert_eq!(files(dir.path()), before, "no -wal, -shm or lock file");
        drop(store);
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn a_folder_that_cannot_be_written_opens_read_only_with_the_changes_in_its_wal() {
        let (_dir, path) = database();
        let mut writer = Store::open(&path).unwrap();
        writer.save_account(&Account::new("Südhafen")).unwrap();
        assert!(with_suffix(&path, "-wal").exists());

        let reader = Store::open_in(&path, None, |_| Folder::ReadOnly).unwrap();
        assert!(reader.is_read_only());
        assert_eq!(reader.accounts().unwrap().len(), 2, "the WAL is read");
        drop(writer);
        assert_eq!(reader.accounts().unwrap().len(), 2);
    }

    #[test]
    fn a_full_disk_is_read_without_writing_and_edits_say_it_is_full() {
        let (dir, path) = database();
        let before = files(dir.path());

        let mut store = Store::open_in(&path, None, |_| Folder::Full).unwrap();
        assert!(store.is_read_only());
        assert_eq!(store.accounts().unwrap()[0].name, "Nordwerk");
        assert_eq!(
            store
                .daily_backup(chrono::Local::now().date_naive())
                .unwrap(),
            None
        );
        let err = store.save_account(&Account::new("Südhafen")).unwrap_err();
        assert_eq!(err.to_string(), "the disk is full: nothing was written");
        assert_eq!(files(dir.path()), before, "no -wal, -shm or backup");
    }

    #[test]
    fn a_full_disk_with_another_kam_running_is_written_as_far_as_it_fits() {
        let (_dir, path) = database();
        let _other = Store::open(&path).unwrap();
        let mut store = Store::open_in(&path, None, |_| Folder::Full).unwrap();
        assert!(!store.is_read_only());
        store.save_account(&Account::new("Südhafen")).unwrap();
    }

    #[test]
    fn a_writable_folder_and_file_open_for_writing() {
        let (dir, path) = database();
        assert_eq!(folder(dir.path()), Folder::Writable);
        assert_eq!(opening(&path, true, folder), Opening::ReadWrite);
        assert_eq!(opening(&path, false, folder), Opening::ReadOnly);
    }

    #[test]
    fn an_io_failure_on_a_full_disk_is_said_plainly() {
        let io = || {
            StoreError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_WRITE),
                None,
            ))
        };
        let full = said_plainly(io(), || true);
        assert_eq!(full.to_string(), "the disk is full: nothing was written");
        let other = said_plainly(io(), || false);
        assert!(other.to_string().contains("disk I/O error"), "{other}");
        let busy = said_plainly(StoreError::Busy, || true);
        assert!(matches!(busy, StoreError::Busy));
    }
}
