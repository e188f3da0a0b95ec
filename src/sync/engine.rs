//! One sync, start to end: the local changes committed, the remote fetched,
//! the two merged record by record, the database updated in one
//! transaction, and the result pushed.

use std::path::{Path, PathBuf};

use super::git::GitError;
use crate::store::{Store, StoreError};

/// Why a sync could not run or complete. An unreachable remote is not an
/// error: it is [`Outcome::Offline`].
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// `kam sync init` was never run on this database.
    #[error("this database is not connected to a remote: run `kam sync init REMOTE` first")]
    NotConnected,
    /// The database is encrypted, and sync would put its records on disk
    /// and in the remote as plain text.
    #[error(
        "this database is encrypted, and sync would write its records as plain text \
         into a git repository and the remote, so kam does not sync it"
    )]
    Encrypted,
    /// Another sync of this database is running.
    #[error("another `kam sync` of this database is running; try again when it ends")]
    Busy,
    /// The repository was written by a newer kam.
    #[error(
        "the remote holds a portfolio written by a newer kam (format {found}); \
         this kam writes format {ours}: update kam on this machine, then sync"
    )]
    NewerFormat {
        /// The repository's format.
        found: u32,
        /// This kam's format.
        ours: u32,
    },
    /// A file in the repository cannot be read as a record.
    #[error("{path} in the repository cannot be read: {problem}")]
    Unreadable {
        /// The file.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The remote declined the push for a reason pushing again will not
    /// change.
    #[error("the remote refused the push: {0}")]
    Refused(String),
    /// Records kept changing here while the sync tried to apply the merge.
    #[error("records kept changing while syncing; sync again")]
    KeptMoving,
    /// git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The remote holds what this database holds.
    Pushed,
    /// The remote could not be reached: the local changes are committed
    /// and go out with the next sync. Holds git's words.
    Offline(String),
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Items (records, histories, conflict sets) committed from here.
    pub sent: usize,
    /// Items written into the database from the remote or the merge.
    pub received: usize,
    /// Conflicts this sync found.
    pub conflicts: usize,
    /// How it ended.
    pub outcome: Outcome,
}

/// The repository kept beside a database: `<stem>.sync.git` in the same
/// folder.
pub fn repo_path(db: &Path) -> PathBuf {
    todo!()
}

/// Commits the local changes, fetches, merges, updates the database in one
/// transaction, and pushes.
pub fn sync(store: &mut Store) -> Result<Report, SyncError> {
    todo!()
}
