//! The SQLite store: the only module that knows SQL.
//!
//! One file holds a portfolio. Opening it checks that it really is a kam
//! database, upgrades its schema (after a backup), and sets WAL, foreign
//! keys and a busy timeout so that two kam windows can share it. Every
//! change is one transaction, committed before the call returns.

mod accounts;
mod agenda;
mod assessments;
pub mod backup;
mod brief;
mod bulk;
mod cipher;
mod conversations;
mod error;
mod file;
mod history;
mod insight;
mod issues;
mod lock;
mod matching;
mod merge;
mod place;
mod plans;
mod portfolio;
mod proofs;
mod records;
mod replace;
mod restore;
mod saving;
mod schema;
mod search;
mod sql;
mod stakeholders;
mod undo;
mod whitespace;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

pub use cipher::Passphrase;
pub use error::{Conflicted, Result, StoreError};
pub use file::{create_private_dir, create_private_file};
pub use history::PastChanges;
pub use merge::{KindReport, MergeReport};
pub use restore::{Restored, restore_unreadable};
pub use saving::Saved;
pub use schema::LATEST_VERSION;
pub use undo::{Snapshot, UndoInfo};

/// How long a write waits for another kam holding the file before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open kam database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// Opened read-only because the disk is full.
    disk_full: bool,
    key: Option<Passphrase>,
    /// This kam's share of the database's lock file (see [`lock`]).
    lock: Option<lock::Held>,
}

/// How many records of each kind a database holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Accounts.
    pub accounts: usize,
    /// Business issues.
    pub issues: usize,
    /// Action plans.
    pub plans: usize,
    /// Plan steps.
    pub steps: usize,
    /// Proof statements.
    pub proofs: usize,
}

/// How many records of each kind the database `conn` has open holds.
fn count_records(conn: &Connection) -> Result<Counts> {
    let count = |table: &str| -> Result<usize> {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    Ok(Counts {
        accounts: count("account")?,
        issues: count("business_issue")?,
        plans: count("action_plan")?,
        steps: count("plan_step")?,
        proofs: count("proof_statement")?,
    })
}

impl Store {
    /// Opens the database at `path`, creating it (owner-only) if missing and
    /// upgrading its schema if it is older than this kam's.
    ///
    /// A file without write permission opens read-only; see
    /// [`Store::is_read_only`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with_key(path, None)
    }

    /// Opens the database at `path` like [`Store::open`], encrypted with
    /// `key`; a new file is created encrypted with it. Without a key an
    /// encrypted file is [`StoreError::Encrypted`]; a key that does not open
    /// it is [`StoreError::WrongPassphrase`], and a key for a plain file
    /// [`StoreError::NotEncrypted`].
    pub fn open_with_key(path: impl AsRef<Path>, key: Option<Passphrase>) -> Result<Self> {
        Self::open_in(path.as_ref(), key, place::folder)
    }

    /// Opens the database at `path` like [`Store::open_with_key`], `check`
    /// telling what can be done in its folder: where it cannot be written,
    /// the database opens read-only.
    fn open_in(
        path: &Path,
        key: Option<Passphrase>,
        check: fn(&Path) -> place::Folder,
    ) -> Result<Self> {
        let path = file::resolve(path)?;
        let state = file::prepare(&path, check)?;
        let read_only = state.opening != place::Opening::ReadWrite;
        match (&key, state.encrypted) {
            (None, true) => return Err(StoreError::Encrypted(path)),
            (Some(_), false) if !state.created => return Err(StoreError::NotEncrypted(path)),
            _ => {}
        }
        if !state.created {
            schema::check_untouched(&path, key.as_ref())?;
        }
        if !read_only {
            place::unlock_companions(&path);
        }
        // A read-only store writes nothing that a whole-file operation
        // could lose, and leaves no lock file behind.
        let lock = if read_only {
            None
        } else {
            lock::shared(&path, BUSY_TIMEOUT)?
        };
        // An encryption or decryption may have replaced the file while
        // this kam waited for the lock: then it is looked at again.
        if !state.created && file::is_encrypted(&path)? != state.encrypted {
            drop(lock);
            return Self::open_in(&path, key, check);
        }
        let explain =
            |e: StoreError| place::disk_full_said_plainly(cipher::on_file(e, &path), &path);
        let mut conn = if matches!(
            state.opening,
            place::Opening::Immutable | place::Opening::Full
        ) {
            cipher::open_immutable(&path, key.as_ref())
        } else {
            cipher::open_raw(&path, key.as_ref(), read_only)
        }
        .map_err(explain)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Check the file before switching to WAL: the switch writes to the
        // file, and a file kam refuses must be left exactly as it was.
        schema::check_and_upgrade(&mut conn, key.as_ref(), &path, read_only, state.created)
            .map_err(explain)?;
        if !read_only {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| explain(e.into()))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        undo::open_window(&conn).map_err(explain)?;
        Ok(Self {
            conn,
            path,
            read_only,
            disk_full: state.opening == place::Opening::Full,
            key,
            lock,
        })
    }

    /// Opens a private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::check_and_upgrade(&mut conn, None, Path::new(":memory:"), false, true)?;
        undo::open_window(&conn)?;
        Ok(Self {
            conn,
            path: PathBuf::from(":memory:"),
            read_only: false,
            disk_full: false,
            key: None,
            lock: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file was opened read-only (where it, its folder or its
    /// filesystem cannot be written, or the disk is full); every edit then
    /// fails with [`Store::read_only_error`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Why an edit of a read-only store is refused: [`StoreError::DiskFull`]
    /// when it was opened read-only for a full disk, else
    /// [`StoreError::ReadOnly`].
    pub fn read_only_error(&self) -> StoreError {
        if self.disk_full {
            StoreError::DiskFull
        } else {
            StoreError::ReadOnly
        }
    }

    /// The passphrase the database was opened with; `None` for a plain one.
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// Whether the database holds no account yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.counts()?.accounts == 0)
    }

    /// How many records of each kind the database holds.
    pub fn counts(&self) -> Result<Counts> {
        count_records(&self.conn)
    }

    /// A number that changes whenever another connection (another kam
    /// window, `kam log`, an import) commits to the file, and never for
    /// this store's own commits: SQLite's `PRAGMA data_version`, which
    /// costs microseconds to read.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Fails with [`StoreError::InUse`] while another kam has the database
    /// open, as replacing the whole file would: a check to make before
    /// asking for a new passphrase. The operation itself checks again.
    pub fn check_alone(&mut self) -> Result<()> {
        drop(self.lock_whole_file()?);
        self.lock = lock::shared(&self.path, BUSY_TIMEOUT)?;
        Ok(())
    }

    /// Lets go of this kam's share of the lock file and takes it whole, for
    /// an operation that replaces the database file: refused with
    /// [`StoreError::InUse`] while another kam has the database open.
    fn lock_whole_file(&mut self) -> Result<lock::Held> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        self.lock = None;
        lock::exclusive(&self.path)
    }

    /// Runs `f` in one write transaction, committed when it returns `Ok`.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        let run = || {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Links are checked when the transaction commits, not after each
            // statement: records written in bulk may refer to one another in
            // any order (a stakeholder to the one they report to).
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        };
        run().map_err(|e| place::disk_full_said_plainly(e, &self.path))
    }
}
