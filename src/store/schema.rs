//! The schema and its versioned migrations.
//!
//! Each migration is one SQL file applied in a transaction; the schema
//! version lives in SQLite's `user_version`, and `application_id` marks the
//! file as kam's.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::people;

use super::connection::{self, APPLICATION_ID};
use super::error::{Result, StoreError};
use super::passphrase::Passphrase;

/// The migrations written in SQL alone, in order; [`migrations`] adds
/// those that also run code.
const SQL_STEPS: &[&str] = &[
    include_str!("migrations/001_workspace.sql"),
    include_str!("migrations/002_stakeholders.sql"),
    include_str!("migrations/003_history.sql"),
    include_str!("migrations/004_search.sql"),
    include_str!("migrations/005_strategic.sql"),
    include_str!("migrations/006_undo_guard.sql"),
    include_str!("migrations/007_account_signals.sql"),
    include_str!("migrations/008_proof_log_size.sql"),
    include_str!("migrations/009_sync.sql"),
];

/// Every migration in order: the SQL ones, then 010, whose SQL adds the
/// links between people and what they said and saw, and whose code links
/// the existing text to stakeholders where the name is unambiguous, then
/// 011, the measures of proof statements, then 012, revenue per year,
/// currency, review interval and executive reviews, then 014, the region
/// and site of the whitespace grid's units.
pub(super) fn migrations() -> Migrations<'static> {
    let mut steps: Vec<M<'static>> = SQL_STEPS.iter().map(|sql| M::up(sql)).collect();
    steps.push(M::up_with_hook(
        include_str!("migrations/010_people.sql"),
        |tx: &rusqlite::Transaction| Ok(people::link_existing_names(tx)?),
    ));
    steps.push(M::up(include_str!("migrations/011_measures.sql")));
    steps.push(M::up(include_str!("migrations/012_health.sql")));
    steps.push(M::up(include_str!("migrations/014_unit_places.sql")));
    Migrations::new(steps)
}

/// The schema version this build of kam writes.
pub const LATEST_VERSION: i64 = SQL_STEPS.len() as i64 + 4;

/// Refuses a file that is not kam's, or that holds none of kam's tables
/// (only a file kam has just `created` may start empty), or was written by
/// a newer kam; returns its schema version.
pub(super) fn check(conn: &Connection, path: &Path, created: bool) -> Result<i64> {
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let fresh = created && app_id == 0 && version == 0 && tables == 0;
    if !fresh && (app_id != APPLICATION_ID || tables == 0) {
        return Err(StoreError::NotKam(path.to_path_buf()));
    }
    if version > LATEST_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: LATEST_VERSION,
        });
    }
    Ok(version)
}

/// Checks the existing file at `path` (opened with `key`) the way
/// [`check`] does, without writing a byte to it, its WAL or its
/// shared-memory index: read as an immutable file, without locks, so that
/// a file kam refuses is left exactly as it was. kam writes its
/// application id and first tables before it ever switches a file to WAL,
/// so the main file alone tells whether it is kam's.
pub(super) fn check_untouched(path: &Path, key: Option<&Passphrase>) -> Result<()> {
    let conn = connection::open_immutable(path, key)?;
    check(&conn, path, false)
        .map(drop)
        .map_err(|e| connection::on_file(e, path))
}

/// Brings the schema of the database `conn` has open to
/// [`LATEST_VERSION`], each migration in its own transaction.
pub(super) fn upgrade(conn: &mut Connection) -> Result<()> {
    migrations().to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => StoreError::from(err),
        other => StoreError::Data(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
