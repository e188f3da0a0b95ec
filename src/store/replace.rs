//! Putting a new database file in place of an old one: the new file is
//! written beside the old, checked, flushed to disk, then renamed over it,
//! so that a crash leaves either the old file or the new one, never half.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// `path` with `suffix` appended to its file name, e.g. `kam.db-wal`.
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The purpose of the working file a re-encryption writes.
pub(super) const REKEY: &str = "rekey";

/// The purpose of the working file a restore writes.
pub(super) const RESTORE: &str = "restore";

/// The working file for a new version of `path`, in the same folder.
pub(super) fn sibling(path: &Path, purpose: &str) -> PathBuf {
    with_suffix(path, &format!(".{purpose}-tmp"))
}

/// Removes a working file left behind by an interrupted run, with its
/// journal, WAL and shared-memory index.
pub(super) fn remove_stale(tmp: &Path) -> Result<()> {
    remove_if_present(tmp)?;
    for suffix in ["-journal", "-wal", "-shm"] {
        remove_if_present(&with_suffix(tmp, suffix))?;
    }
    Ok(())
}

/// Removes a working file after a failure; a file that cannot be removed
/// only stays behind.
pub(super) fn discard(tmp: &Path) {
    let _ = remove_stale(tmp);
}

/// Closes `conn`, the last connection to `path`, and checks that it was the
/// last: SQLite removes the WAL when the last connection closes, so a WAL
/// still there means another kam has the file open.
pub(super) fn close(conn: Connection, path: &Path) -> Result<()> {
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    if with_suffix(path, "-wal").exists() {
        return Err(StoreError::InUse(path.to_path_buf()));
    }
    Ok(())
}

/// Flushes `tmp` to disk and renames it over `path`, then removes the old
/// file's leftover shared-memory index.
pub(super) fn swap(tmp: &Path, path: &Path) -> Result<()> {
    rename_durably(tmp, path)?;
    remove_if_present(&with_suffix(path, "-wal"))?;
    remove_if_present(&with_suffix(path, "-shm"))
}

/// Flushes `tmp` to disk and renames it to `path`, the rename flushed too.
pub(super) fn rename_durably(tmp: &Path, path: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(tmp))?;
    fs::rename(tmp, path).map_err(io(path))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    Ok(())
}

/// Gives `tmp` the modification time of `path`, as far as possible.
pub(super) fn keep_modified_time(path: &Path, tmp: &Path) {
    if let Ok(time) = fs::metadata(path).and_then(|m| m.modified()) {
        let _ = File::options()
            .write(true)
            .open(tmp)
            .and_then(|f| f.set_modified(time));
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(StoreError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}
