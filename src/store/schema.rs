//! The schema and its versioned migrations.
//!
//! Each migration is one SQL file applied in a transaction; the schema
//! version lives in SQLite's `user_version`, and `application_id` marks the
//! file as kam's. An existing database is backed up before it is upgraded.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::backup;
use super::cipher::Passphrase;
use super::error::{Result, StoreError};

/// `PRAGMA application_id` of a kam database ("KAM1").
pub const APPLICATION_ID: i32 = 0x4B41_4D31;

const STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_workspace.sql")),
    M::up(include_str!("migrations/002_stakeholders.sql")),
    M::up(include_str!("migrations/003_history.sql")),
    M::up(include_str!("migrations/004_search.sql")),
    M::up(include_str!("migrations/005_strategic.sql")),
    M::up(include_str!("migrations/006_undo_guard.sql")),
];

const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version this build of kam writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

/// Refuses files that are not kam's or are too new, and upgrades older ones
/// after backing them up.
pub(super) fn check_and_upgrade(
    conn: &mut Connection,
    key: Option<&Passphrase>,
    path: &Path,
    read_only: bool,
) -> Result<()> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let fresh = app_id == 0 && version == 0 && tables == 0;
    if !fresh && app_id != APPLICATION_ID {
        return Err(StoreError::NotKam(path.to_path_buf()));
    }
    if version > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: LATEST_VERSION,
        });
    }
    if version == LATEST_VERSION {
        return Ok(());
    }
    if read_only {
        return Err(StoreError::ReadOnlyNeedsUpgrade(path.to_path_buf()));
    }
    if !fresh {
        backup::before_upgrade(conn, key, path, version)
            .map_err(|e| StoreError::BackupBeforeUpgrade(e.to_string()))?;
    }
    MIGRATIONS.to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
        other => StoreError::Data(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }
}
