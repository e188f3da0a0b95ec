//! SQLite's `quick_check`, cheap enough to run before each daily backup,
//! on each copy written, before a restore and in `kam backups`: it reads
//! every page of the file and finds damaged ones.

use std::path::Path;

use rusqlite::Connection;

use super::super::error::{Result, StoreError};

/// Checks the database behind `conn`, the file at `path`; a damaged one is
/// [`StoreError::Corrupt`], naming `path` and the first damage SQLite found.
pub(in crate::store) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let named = |mut e: StoreError| {
        e.name_file(path);
        e
    };
    let mut statement = conn
        .prepare("PRAGMA quick_check(1)")
        .map_err(|e| named(e.into()))?;
    let found: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| named(e.into()))?;
    match found.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: found.join("; "),
        }),
    }
}
