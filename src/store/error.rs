//! Everything that can go wrong in the store, worded for the user.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

use crate::domain::Invalid;
use crate::domain::merge::Conflict;
use crate::store::snapshot::Snapshot;

/// What a save found when the record had changed differently in another
/// window.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflicted {
    /// The fields changed differently here and there.
    pub conflicts: Vec<Conflict>,
    /// The record as the other window stored it: a snapshot holding it
    /// alone.
    pub theirs: Snapshot,
}

impl Conflicted {
    /// The conflicting fields' names, e.g. `importance and status`.
    pub fn names(&self) -> String {
        let names: Vec<String> = self.conflicts.iter().map(Conflict::name).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}

/// A store failure. Each variant's message is fit to show the user as is.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database path names a directory.
    #[error("{0} is a directory, not a database file")]
    IsDirectory(PathBuf),
    /// The file exists but is not a kam database.
    #[error("{0} is not a kam database")]
    NotKam(PathBuf),
    /// The file exists but is empty.
    #[error(
        "{0} is an empty file, not a kam database: delete it to start a new database there, \
         or name another file"
    )]
    EmptyFile(PathBuf),
    /// The file looks encrypted and no passphrase was given.
    #[error("{0} is encrypted (or is not a kam database): it needs its passphrase")]
    Encrypted(PathBuf),
    /// The passphrase does not open the file.
    #[error("wrong passphrase for {0} (or the file is damaged or not a kam database)")]
    WrongPassphrase(PathBuf),
    /// A passphrase was given for a file that is not encrypted.
    #[error("{0} is not encrypted: open it without a passphrase")]
    NotEncrypted(PathBuf),
    /// A passphrase kam cannot use.
    #[error("that passphrase cannot be used: {0}")]
    BadPassphrase(&'static str),
    /// The file must be replaced but another kam has it open.
    #[error("another kam has this database ({0}) open: close it first")]
    InUse(PathBuf),
    /// A backup was to be restored over the file it is.
    #[error("{0} is the database itself, not a backup of it")]
    RestoreOverItself(PathBuf),
    /// The file is damaged.
    #[error("{path} is damaged or not a database ({detail})")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite reported.
        detail: String,
    },
    /// The file was written by a newer kam.
    #[error(
        "{path} was written by a newer kam (schema version {found}, this kam knows up to {known}); \
         upgrade kam to open it"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The schema version in the file.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// The file or its folder cannot be created or opened.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The database was opened read-only and an edit was attempted.
    #[error("the database is read-only: changes cannot be saved")]
    ReadOnly,
    /// An older schema must be upgraded but the file is read-only.
    #[error("{0} needs an upgrade to this kam's schema but is read-only")]
    ReadOnlyNeedsUpgrade(PathBuf),
    /// Another process holds the database for too long.
    #[error("the database is busy in another kam; try again")]
    Busy,
    /// The disk is full.
    #[error("the disk is full: nothing was written")]
    DiskFull,
    /// The backup taken before an upgrade failed, so the upgrade was not run.
    #[error("could not back up the database before upgrading it, so it was left as it was: {0}")]
    BackupBeforeUpgrade(String),
    /// A record failed validation.
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// A record was not found (deleted meanwhile, perhaps in another window).
    #[error("that {0} no longer exists")]
    NotFound(&'static str),
    /// The record changed in another window since it was read, and some
    /// fields changed differently there; nothing was written.
    #[error(
        "changed in another window meanwhile: {} changed there too; nothing was saved",
        .0.names()
    )]
    Conflict(Box<Conflicted>),
    /// The record was deleted in another window since it was read; nothing
    /// was written.
    #[error("this {0} was deleted in another window meanwhile; nothing was saved")]
    DeletedElsewhere(String),
    /// A record this one belongs to or links to no longer exists.
    #[error(
        "a record it belongs to or links to does not exist (deleted meanwhile, perhaps in another window); nothing was saved"
    )]
    MissingLink,
    /// An undo was refused because its records changed since; the message
    /// says what changed.
    #[error("{0}")]
    UndoRefused(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored value could not be read back.
    #[error("stored data could not be read: {0}")]
    Data(String),
    /// Records to import were refused; nothing was written.
    #[error("nothing was imported: {0}")]
    Import(String),
}

impl StoreError {
    /// Names `path` in a damaged-file error that does not name its file
    /// yet: SQLite reports damage found by any query without saying where.
    pub fn name_file(&mut self, path: &Path) {
        if let Self::Corrupt { path: named, .. } = self
            && named.as_os_str().is_empty()
        {
            path.clone_into(named);
        }
    }
}

/// SQLite's message for `SQLITE_FULL`.
const SQLITE_FULL_MESSAGE: &str = "database or disk is full";

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::ConstraintViolation)
                if matches!(&err, rusqlite::Error::SqliteFailure(e, _)
                    if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) =>
            {
                Self::MissingLink
            }
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Self::Corrupt {
                path: PathBuf::new(),
                detail: err.to_string(),
            },
            _ => match err {
                rusqlite::Error::QueryReturnedNoRows => Self::NotFound("record"),
                // A full disk met inside an SQL function (SQLCipher's
                // export while encrypting) comes back as a plain error
                // carrying SQLite's own words for it.
                rusqlite::Error::SqliteFailure(_, Some(message))
                    if message.contains(SQLITE_FULL_MESSAGE) =>
                {
                    Self::DiskFull
                }
                other => Self::Sqlite(other),
            },
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(err: serde_json::Error) -> Self {
        Self::Data(err.to_string())
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_inside_an_sql_function_is_said_plainly() {
        let inside = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some("database or disk is full".into()),
        );
        assert!(matches!(StoreError::from(inside), StoreError::DiskFull));
    }

    #[test]
    fn a_full_disk_is_said_plainly() {
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        let err = StoreError::from(full);
        assert_eq!(err.to_string(), "the disk is full: nothing was written");
    }

    #[test]
    fn damage_found_by_a_query_names_the_file() {
        let mut found = StoreError::Corrupt {
            path: PathBuf::new(),
            detail: "database disk image is malformed".into(),
        };
        found.name_file(Path::new("kam.db"));
        let named = found.to_string();
        assert!(named.starts_with("kam.db is damaged"), "{named}");
        let mut other = StoreError::Corrupt {
            path: PathBuf::from("a.db"),
            detail: String::new(),
        };
        other.name_file(Path::new("b.db"));
        assert!(other.to_string().starts_with("a.db"), "{other}");
    }
}
