//! Copies of the database made with SQLite's online backup API.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, MAIN_DB};

use super::error::{Result, StoreError};
use super::file::{create_private_dir, create_private_file};

/// The folder beside the database where kam keeps its backups.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Copies the open database to `dest`, a new owner-only file.
pub fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: dest.to_path_buf(),
        source,
    };
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(io)?;
    }
    create_private_file(dest).map_err(io)?;
    let result = conn.backup(MAIN_DB, dest, None);
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    Ok(result?)
}

/// Backs up a database about to be upgraded from schema `version`; returns
/// the backup's path.
pub(super) fn before_upgrade(conn: &Connection, db_path: &Path, version: i64) -> Result<PathBuf> {
    let stem = db_path
        .file_stem()
        .map_or_else(|| "kam".into(), |s| s.to_string_lossy());
    let stamp = Utc::now().format("%Y%m%d-%H%M%S");
    let dest = backups_dir(db_path).join(format!("{stem}-v{version}-before-upgrade-{stamp}.db"));
    copy_to(conn, &dest)?;
    Ok(dest)
}
