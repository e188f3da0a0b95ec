//! Copies of the database made with SQLite's online backup API, kept in a
//! `backups` folder beside it (owner-only, like every file kam writes).
//!
//! A copy of an encrypted database is encrypted with the same passphrase:
//! it is written through a destination connection keyed like the source.
//! The first start of each day makes an automatic copy and prunes the older
//! ones (see [`rotation`]); `kam backup` makes one on demand.
//!
//! Every copy is written under a hidden working name (`.kam-….db.partial`),
//! verified, flushed to disk and only then renamed into place, so that a
//! file with a copy's name is always a good copy. A database that fails
//! SQLite's `quick_check` is not copied by the daily backup.

pub mod catalog;
mod check;
pub mod rotation;

use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

pub use catalog::{BackupEntry, BackupInfo, BackupKind, inspect};

use super::connection;
use super::database::Store;
use super::error::{Result, StoreError};
use super::file::{self, create_private_dir, create_private_file};
use super::passphrase::Passphrase;
use super::{lock, replace};

/// How often a copy retries a source that another kam holds busy.
const BUSY_RETRIES: u32 = 50;

/// The folder beside the database where kam keeps its backups.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The hidden working name a copy to `dest` is written under until it is
/// verified: `backups/.kam-2026-12-05.db.partial`.
pub(super) fn partial(dest: &Path) -> PathBuf {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    dest.with_file_name(format!(".{name}{PARTIAL}"))
}

/// How the working name of a copy ends.
const PARTIAL: &str = ".partial";

/// Copies the open database to `dest`, a new owner-only file, encrypted with
/// `key` (the source's own passphrase; `None` for a plain database). The
/// copy is written under a working name, verified (a kam database that
/// passes SQLite's `quick_check`), flushed and renamed into place; on any
/// failure nothing is left, neither the working file nor its journal, WAL
/// or shared-memory index. An existing `dest` is never overwritten.
pub fn copy_to(conn: &Connection, key: Option<&Passphrase>, dest: &Path) -> Result<()> {
    let working = partial(dest);
    replace::remove_stale(&working)?;
    write_new(conn, key, &working)
        .and_then(|()| inspect(&working, key).map(drop))
        .and_then(|()| publish(&working, dest))
        .inspect_err(|_| replace::discard(&working))
}

/// Renames the verified copy `working` to `dest`, flushed to disk, unless
/// `dest` exists.
pub(super) fn publish(working: &Path, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::Io {
            path: dest.to_path_buf(),
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        });
    }
    replace::rename_durably(working, dest)
}

/// Writes a copy of the open database into `dest`, a new owner-only file,
/// as it is, without checking it. The copy uses a rollback journal, so that
/// it opens read-only on its own.
pub(super) fn write_new(conn: &Connection, key: Option<&Passphrase>, dest: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: dest.to_path_buf(),
        source,
    };
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(io)?;
    }
    create_private_file(dest).map_err(io)?;
    let result = copy_into(conn, key, dest);
    if result.is_err() {
        replace::discard(dest);
    }
    result
}

fn copy_into(conn: &Connection, key: Option<&Passphrase>, dest: &Path) -> Result<()> {
    let mut target = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    connection::setup(&target, dest, key)?;
    {
        let backup = Backup::new(conn, &mut target)?;
        let mut waits = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if waits < BUSY_RETRIES => {
                    waits += 1;
                    thread::sleep(Duration::from_millis(100));
                }
                _ => return Err(StoreError::Busy),
            }
        }
    }
    target.pragma_update(None, "journal_mode", "DELETE")?;
    target.close().map_err(|(_, e)| StoreError::from(e))
}

/// What re-keying the backups of a database did.
#[derive(Debug, Default)]
pub struct BackupsRekeyed {
    /// Copies rewritten under the new passphrase (or decrypted).
    pub rewritten: Vec<PathBuf>,
    /// Copies that could not be rewritten, and why; they stay as they were.
    pub failed: Vec<(PathBuf, StoreError)>,
}

impl Store {
    /// Copies the database to `dest`, a new file (an existing one is never
    /// overwritten), encrypted like the database.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy_to(&self.conn, self.key.as_ref(), dest)
    }

    /// Copies the database into the backups folder, named with the time;
    /// returns the copy's path.
    pub fn backup_now(&self) -> Result<PathBuf> {
        let dest = catalog::stamped(
            &backups_dir(&self.path),
            &catalog::stem(&self.path),
            "manual",
        );
        self.backup_to(&dest)?;
        Ok(dest)
    }

    /// The automatic copy of the first start of `today`: made unless the
    /// backups folder already holds one for that day, then the older daily
    /// copies are pruned. A read-only, empty or in-memory database is not
    /// copied. A damaged database is neither copied nor pruned: that is
    /// [`StoreError::Corrupt`], naming the database. Returns the new copy,
    /// if one was made.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        if self.read_only || self.path == Path::new(":memory:") || self.is_empty()? {
            return Ok(None);
        }
        let dir = backups_dir(&self.path);
        let dest = dir.join(catalog::daily_name(&catalog::stem(&self.path), today));
        let made = if dest.exists() {
            None
        } else {
            self.check_integrity()?;
            self.backup_to(&dest)?;
            Some(dest)
        };
        self.prune(&dir)?;
        Ok(made)
    }

    /// Checks the database with SQLite's `quick_check`; a damaged one is
    /// [`StoreError::Corrupt`], naming the file.
    pub fn check_integrity(&self) -> Result<()> {
        check::quick_check(&self.conn, &self.path)
    }

    /// Deletes the daily copies the rotation no longer keeps, except the
    /// newest good copy of all (one that passes the check), however old.
    fn prune(&self, dir: &Path) -> Result<()> {
        let daily: Vec<(String, NaiveDate)> = catalog::files(dir, &self.path)?
            .into_iter()
            .filter_map(|(path, kind)| match kind {
                BackupKind::Daily(day) => Some((path.file_name()?.to_str()?.to_owned(), day)),
                _ => None,
            })
            .collect();
        let named: Vec<(&str, NaiveDate)> = daily.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        let expired = rotation::expired(&named);
        if expired.is_empty() {
            return Ok(());
        }
        let newest_good = self.newest_good_backup()?;
        for name in expired {
            let path = dir.join(name);
            if newest_good.as_ref() == Some(&path) {
                continue;
            }
            std::fs::remove_file(&path).map_err(|source| StoreError::Io { path, source })?;
        }
        Ok(())
    }

    /// The copies in the backups folder that anyone can read although the
    /// database is encrypted, as an interrupted `kam encrypt` leaves them;
    /// none for a plain database.
    pub fn plain_backups(&self) -> Result<Vec<PathBuf>> {
        if self.key.is_none() {
            return Ok(Vec::new());
        }
        let mut plain: Vec<PathBuf> = catalog::files(&backups_dir(&self.path), &self.path)?
            .into_iter()
            .map(|(path, _)| path)
            .filter(|path| matches!(file::is_encrypted(path), Ok(false)))
            .collect();
        plain.sort();
        Ok(plain)
    }

    /// Removes the working files an interrupted creation, restore,
    /// re-encryption or backup left beside the database and beside its copies (one may hold
    /// the records in plain text). Nothing is removed from a read-only
    /// database.
    pub fn remove_leftovers(&self) -> Result<()> {
        if self.read_only || self.path == Path::new(":memory:") {
            return Ok(());
        }
        for purpose in [replace::REKEY, replace::RESTORE] {
            replace::remove_stale(&replace::sibling(&self.path, purpose))?;
        }
        for creation in file::abandoned_creations(&self.path) {
            replace::remove_stale(&creation)?;
            lock::remove_file_of(&creation);
        }
        // A backups folder that cannot be read is the daily backup's to
        // report.
        let dir = backups_dir(&self.path);
        let copies = catalog::files(&dir, &self.path).unwrap_or_default();
        for (copy, _) in copies {
            replace::remove_stale(&replace::sibling(&copy, replace::REKEY))?;
        }
        for working in catalog::working_files(&dir, &self.path, PARTIAL) {
            replace::remove_stale(&working)?;
        }
        Ok(())
    }

    /// The copies of this database in its backups folder, newest first,
    /// read with this database's passphrase.
    pub fn backups(&self) -> Result<Vec<BackupEntry>> {
        catalog::list(&backups_dir(&self.path), &self.path, self.key.as_ref())
    }

    /// The newest copy in the backups folder that opens with this
    /// database's passphrase and passes the check, if any.
    pub fn newest_good_backup(&self) -> Result<Option<PathBuf>> {
        let copies = catalog::newest_first(&backups_dir(&self.path), &self.path)?;
        Ok(copies
            .into_iter()
            .map(|(path, _)| path)
            .find(|path| inspect(path, self.key.as_ref()).is_ok()))
    }
}
