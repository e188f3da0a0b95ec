//! Work on the database as a whole that must keep its backups in step:
//! re-keying the database and then every copy of it, and backing a database
//! up before its schema is upgraded.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::backup::{self, BackupsRekeyed, catalog};
use super::database::Store;
use super::error::{Result, StoreError};
use super::passphrase::Passphrase;
use super::{cipher, connection, file, schema};

/// Refuses files that are not kam's or are too new (see [`schema::check`]),
/// and upgrades older ones after backing them up.
pub(super) fn check_and_upgrade(
    conn: &mut Connection,
    key: Option<&Passphrase>,
    path: &Path,
    read_only: bool,
    created: bool,
) -> Result<()> {
    let version = schema::check(conn, path, created)?;
    if version == schema::LATEST_VERSION {
        return Ok(());
    }
    if read_only {
        return Err(StoreError::ReadOnlyNeedsUpgrade(path.to_path_buf()));
    }
    if !created {
        before_upgrade(conn, key, path, version)
            .map_err(|e| StoreError::BackupBeforeUpgrade(e.to_string()))?;
    }
    schema::upgrade(conn)
}

/// Backs up a database about to be upgraded from schema `version`; returns
/// the backup's path.
fn before_upgrade(
    conn: &Connection,
    key: Option<&Passphrase>,
    db_path: &Path,
    version: i64,
) -> Result<PathBuf> {
    let label = format!("v{version}-before-upgrade");
    let dest = catalog::stamped(
        &backup::backups_dir(db_path),
        &catalog::stem(db_path),
        &label,
    );
    backup::copy_to(conn, key, &dest)?;
    Ok(dest)
}

impl Store {
    /// Rewrites the database so that it opens with `new` (`None`: plain),
    /// safely: a new file is written beside it, checked, then renamed over
    /// it. Then every copy in its backups folder is rewritten the same way;
    /// the returned report names the copies that could not be (they stay
    /// as they were). Refused with [`StoreError::InUse`] while another kam
    /// has the database open. Consumes the store: open it again with `new`.
    pub fn rekey(mut self, new: Option<Passphrase>) -> Result<BackupsRekeyed> {
        if self.path == Path::new(":memory:") {
            return Err(StoreError::Data(
                "an in-memory database has no file to encrypt".into(),
            ));
        }
        let _whole = self.lock_whole_file()?;
        let Store {
            conn, path, key, ..
        } = self;
        cipher::rewrite(conn, &path, new.as_ref())?;
        Ok(rekey_all(&path, key.as_ref(), new.as_ref()))
    }

    /// Encrypts the copies [`Store::plain_backups`] finds with the
    /// database's passphrase, holding the database like a re-encryption
    /// does; the report names the copies that could not be. Consumes the
    /// store.
    pub fn encrypt_plain_backups(mut self) -> Result<BackupsRekeyed> {
        let plain = self.plain_backups()?;
        let _whole = self.lock_whole_file()?;
        Ok(rekey_each(plain, None, self.key.as_ref()))
    }
}

/// Makes every backup of the database at `db` readable with `new` (`None`:
/// plain) instead of `old`. Copies already in that state are left alone.
fn rekey_all(db: &Path, old: Option<&Passphrase>, new: Option<&Passphrase>) -> BackupsRekeyed {
    match catalog::files(&backup::backups_dir(db), db) {
        Ok(files) => rekey_each(files.into_iter().map(|(path, _)| path), old, new),
        Err(e) => BackupsRekeyed {
            failed: vec![(backup::backups_dir(db), e)],
            ..BackupsRekeyed::default()
        },
    }
}

/// Makes each copy in `paths` readable with `new` instead of `old`.
fn rekey_each(
    paths: impl IntoIterator<Item = PathBuf>,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
) -> BackupsRekeyed {
    let mut report = BackupsRekeyed::default();
    for path in paths {
        match rekey_one(&path, old, new) {
            Ok(true) => report.rewritten.push(path),
            Ok(false) => {}
            Err(e) => report.failed.push((path, e)),
        }
    }
    report.rewritten.sort();
    report
}

/// Rewrites one copy for `new`; `false` when it already was readable so.
fn rekey_one(path: &Path, old: Option<&Passphrase>, new: Option<&Passphrase>) -> Result<bool> {
    let conn = if file::is_encrypted(path)? {
        let opened = match old {
            Some(old) => connection::open_raw(path, Some(old), false),
            None => Err(StoreError::Encrypted(path.to_path_buf())),
        };
        match opened {
            Ok(conn) => conn,
            Err(StoreError::WrongPassphrase(_) | StoreError::Encrypted(_))
                if new.is_some() && connection::open_raw(path, new, true).is_ok() =>
            {
                return Ok(false);
            }
            Err(StoreError::Encrypted(_)) => {
                return Err(StoreError::WrongPassphrase(path.to_path_buf()));
            }
            Err(e) => return Err(e),
        }
    } else if new.is_none() {
        return Ok(false);
    } else {
        connection::open_raw(path, None, false)?
    };
    cipher::rewrite(conn, path, new)?;
    Ok(true)
}
