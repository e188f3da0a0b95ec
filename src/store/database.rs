//! An open kam database: its connection, file, lock and passphrase, and
//! the one write transaction every change goes through.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::connection::BUSY_TIMEOUT;
use super::counts::{Counts, count_records};
use super::error::{Result, StoreError};
use super::passphrase::Passphrase;
use super::{lock, place};

/// An open kam database.
pub struct Store {
    /// The connection every query goes through.
    pub(super) conn: Connection,
    /// The database file (`:memory:` for an in-memory one).
    pub(super) path: PathBuf,
    /// Opened read-only: every edit is refused.
    pub(super) read_only: bool,
    /// Opened read-only because the disk is full.
    pub(super) disk_full: bool,
    /// The passphrase it was opened with; `None` for a plain database.
    pub(super) key: Option<Passphrase>,
    /// This kam's share of the database's lock file (see [`lock`]).
    pub(super) lock: Option<lock::Held>,
}

impl Store {
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

    /// Whether the database holds no account yet: one seek, however many
    /// records there are.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM account)", [], |r| {
                r.get(0)
            })?)
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
    pub(super) fn lock_whole_file(&mut self) -> Result<lock::Held> {
        if self.read_only {
            return Err(self.read_only_error());
        }
        self.lock = None;
        lock::exclusive(&self.path)
    }

    /// Switches this file from its write-ahead log to a rollback journal,
    /// where no other connection has it open: a write that fills an empty
    /// file then goes straight into the file instead of through the log
    /// first, with the same all-or-nothing commit. `false` (and nothing
    /// changed) when another connection holds the file.
    pub(super) fn journal_directly(&self) -> bool {
        self.conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"))
    }

    /// Runs `f` in one write transaction, committed when it returns `Ok`.
    pub(super) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction) -> Result<T>,
    ) -> Result<T> {
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
