//! The schema and its versioned migrations.
//!
//! Each migration is one SQL file applied in a transaction; the schema
//! version lives in SQLite's `user_version`, and `application_id` marks the
//! file as kam's.

use std::path::Path;

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{M, Migrations};

use super::{accounts, people};

use super::connection::{self, APPLICATION_ID};
use super::error::{Result, StoreError};
use super::passphrase::Passphrase;

/// One migration: SQL alone, or SQL followed by code in the same
/// transaction.
enum Step {
    Sql(&'static str),
    Hooked(&'static str, fn(&Transaction) -> rusqlite::Result<()>),
}

/// Every migration, in order.
const STEPS: &[Step] = &[
    Step::Sql(include_str!("migrations/001_workspace.sql")),
    Step::Sql(include_str!("migrations/002_stakeholders.sql")),
    Step::Sql(include_str!("migrations/003_history.sql")),
    Step::Sql(include_str!("migrations/004_search.sql")),
    Step::Sql(include_str!("migrations/005_strategic.sql")),
    Step::Sql(include_str!("migrations/006_undo_guard.sql")),
    Step::Sql(include_str!("migrations/007_account_signals.sql")),
    Step::Sql(include_str!("migrations/008_proof_log_size.sql")),
    Step::Sql(include_str!("migrations/009_sync.sql")),
    // The links between people and what they said and saw; the code links
    // the existing text to stakeholders where the name is unambiguous.
    Step::Hooked(
        include_str!("migrations/010_people.sql"),
        people::link_existing_names,
    ),
    Step::Sql(include_str!("migrations/011_measures.sql")),
    Step::Sql(include_str!("migrations/012_health.sql")),
    // The account team and the team's matching test.
    Step::Sql(include_str!("migrations/013_team.sql")),
    // The region and site of the whitespace grid's units.
    Step::Sql(include_str!("migrations/014_unit_places.sql")),
    // Revenue kept per year only: the code joins the single figures of
    // last year and the year before to the history, then drops them.
    Step::Hooked(
        include_str!("migrations/015_revenue_per_year.sql"),
        accounts::fold_single_revenues,
    ),
];

/// Every migration in order, as the migration runner takes them.
pub(super) fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .map(|step| match *step {
                Step::Sql(sql) => M::up(sql),
                Step::Hooked(sql, code) => {
                    M::up_with_hook(sql, move |tx: &Transaction| Ok(code(tx)?))
                }
            })
            .collect(),
    )
}

/// The schema version this build of kam writes.
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

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
/// so the main file alone tells whether it is kam's, with one exception: a
/// checkpoint cut short by a crash leaves the main file whole only together
/// with its WAL. Such a file, marked as kam's and with a WAL beside it, is
/// left to the check that reads through the WAL.
pub(super) fn check_untouched(path: &Path, key: Option<&Passphrase>) -> Result<()> {
    let checked = connection::open_immutable(path, key)
        .and_then(|conn| check(&conn, path, false).map(drop))
        .map_err(|e| connection::on_file(e, path));
    match checked {
        Err(StoreError::Corrupt { .. } | StoreError::WrongPassphrase(_))
            if has_wal(path) && marked_as_kams(path, key) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Whether a WAL with frames in it lies beside the database at `path`.
fn has_wal(path: &Path) -> bool {
    std::fs::metadata(super::replace::with_suffix(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// Whether the file at `path` says it is kam's on its own first page,
/// which a checkpoint writes whole: a plain file by its application id
/// (bytes 68 to 71 of SQLite's header), an encrypted one, whose header is
/// unreadable without the WAL's help, by being opened with a passphrase.
fn marked_as_kams(path: &Path, key: Option<&Passphrase>) -> bool {
    if key.is_some() {
        return true;
    }
    let mut header = [0u8; 72];
    std::fs::File::open(path)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header))
        .is_ok_and(|()| {
            i32::from_be_bytes([header[68], header[69], header[70], header[71]]) == APPLICATION_ID
        })
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
