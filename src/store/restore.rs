//! Putting a backup back in place of the database. The backup is checked
//! first, the current database is saved into the backups folder, and the
//! switch is one atomic rename.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::backup::{self, BackupInfo, backups_dir, catalog, inspect};
use super::database::Store;
use super::error::{Result, StoreError};
use super::file::{self, create_private_dir, create_private_file};
use super::passphrase::Passphrase;
use super::{connection, lock, replace};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the database as it was before the restore was saved (none when
    /// there was no database file).
    pub saved: Option<PathBuf>,
    /// What the restored database holds.
    pub info: BackupInfo,
}

impl Store {
    /// Replaces the database with a copy of `backup`, which opens with `key`
    /// when it is encrypted (the restored database keeps the backup's
    /// passphrase). The backup is checked to be a kam database first; the
    /// current database is then copied into the backups folder. Refused
    /// with [`StoreError::InUse`], writing nothing, while another kam has
    /// the database open. Consumes the store: open it again to go on.
    pub fn restore(mut self, backup: &Path, key: Option<&Passphrase>) -> Result<Restored> {
        let _whole = self.lock_whole_file()?;
        refuse_itself(&self.path, backup)?;
        inspect(backup, key)?;
        let saved = catalog::stamped(
            &backups_dir(&self.path),
            &catalog::stem(&self.path),
            "before-restore",
        );
        match self.check_integrity() {
            Ok(()) => self.backup_to(&saved)?,
            Err(StoreError::Corrupt { .. }) => save_as_is(&self.path, &saved)?,
            Err(e) => return Err(e),
        }
        let Store { conn, path, .. } = self;
        let info = install(backup, key, &path, |tmp| {
            replace::close(conn, &path).inspect_err(|_| replace::discard(tmp))
        })
        .inspect_err(|_| replace::discard(&saved))?;
        Ok(Restored {
            saved: Some(saved),
            info,
        })
    }
}

/// Restores `backup` (opened with `key` when encrypted) over the database
/// file `db` that kam cannot open, because it is damaged or missing: the
/// file's bytes, and its WAL if any, are copied into the backups folder
/// first, just as they are.
pub fn restore_unreadable(db: &Path, backup: &Path, key: Option<&Passphrase>) -> Result<Restored> {
    let db = &file::resolve(db)?;
    let _whole = lock::exclusive(db)?;
    let exists = db.exists();
    if exists {
        refuse_itself(db, backup)?;
    }
    inspect(backup, key)?;
    let saved = if exists {
        let dest = catalog::stamped(&backups_dir(db), &catalog::stem(db), "before-restore");
        save_as_is(db, &dest)?;
        Some(dest)
    } else {
        None
    };
    let info = install(backup, key, db, |_| Ok(())).inspect_err(|_| {
        if let Some(saved) = &saved {
            replace::discard(saved);
        }
    })?;
    Ok(Restored { saved, info })
}

/// Saves the bytes of the database file `db` that kam cannot copy through
/// SQLite (it is damaged), and its WAL if it holds anything, as `dest`:
/// the file is written under a working name and renamed into place once
/// complete.
fn save_as_is(db: &Path, dest: &Path) -> Result<()> {
    let wal = replace::with_suffix(db, "-wal");
    if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        copy_bytes(&wal, &replace::with_suffix(dest, "-wal"))?;
    }
    let working = backup::partial(dest);
    replace::remove_stale(&working)?;
    copy_bytes(db, &working)
        .and_then(|()| backup::publish(&working, dest))
        .inspect_err(|_| {
            replace::discard(&working);
            let _ = fs::remove_file(replace::with_suffix(dest, "-wal"));
        })
}

/// Refuses to restore the database over itself.
fn refuse_itself(db: &Path, backup: &Path) -> Result<()> {
    let canonical = |p: &Path| {
        fs::canonicalize(p).map_err(|source| StoreError::Io {
            path: p.to_path_buf(),
            source,
        })
    };
    if canonical(db)? == canonical(backup)? {
        return Err(StoreError::RestoreOverItself(backup.to_path_buf()));
    }
    Ok(())
}

/// Copies `backup` into a working file beside `db`, checks the copy, runs
/// `release` (which lets go of `db`), then renames the copy over `db`.
fn install(
    backup: &Path,
    key: Option<&Passphrase>,
    db: &Path,
    release: impl FnOnce(&Path) -> Result<()>,
) -> Result<BackupInfo> {
    let key = if file::is_encrypted(backup)? {
        key
    } else {
        None
    };
    let tmp = replace::sibling(db, replace::RESTORE);
    replace::remove_stale(&tmp)?;
    let staged = connection::open_raw(backup, key, true)
        .and_then(|source| backup::write_new(&source, key, &tmp))
        .and_then(|()| inspect(&tmp, key));
    let info = match staged {
        Ok(info) => info,
        Err(e) => {
            replace::discard(&tmp);
            return Err(e);
        }
    };
    release(&tmp)?;
    replace::swap(&tmp, db).inspect_err(|_| replace::discard(&tmp))?;
    Ok(info)
}

/// Copies a file's bytes into a new owner-only file.
fn copy_bytes(from: &Path, to: &Path) -> Result<()> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    if let Some(dir) = to.parent() {
        create_private_dir(dir).map_err(io_err(dir))?;
    }
    let mut source = File::open(from).map_err(io_err(from))?;
    let mut dest = create_private_file(to).map_err(io_err(to))?;
    io::copy(&mut source, &mut dest)
        .and_then(|_| dest.sync_all())
        .map_err(io_err(to))
}
