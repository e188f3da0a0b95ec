//! Opening a database: the file's checks, the lock, the raw connection,
//! the schema (backed up, then upgraded) and the settings that let two kam
//! windows share it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::connection::{self, BUSY_TIMEOUT};
use super::database::Store;
use super::error::{Result, StoreError};
use super::passphrase::Passphrase;
use super::{file, lock, maintenance, place, replace, schema, undo_log};

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
    pub(super) fn open_in(
        path: &Path,
        key: Option<Passphrase>,
        check: fn(&Path) -> place::Folder,
    ) -> Result<Self> {
        let path = file::resolve(path)?;
        if file::is_missing(&path)? {
            Self::create(&path, key.clone(), check)?;
        }
        Self::open_file(&path, key, check)
    }

    /// Creates a new database at `path`, whole or not at all: it is made
    /// under a hidden working name beside it, its schema committed and the
    /// file closed, then renamed into place. A kam killed meanwhile leaves
    /// no file at `path` (an empty or half-made one would be refused by
    /// every later start). Another kam that created `path` first wins.
    fn create(
        path: &Path,
        key: Option<Passphrase>,
        check: fn(&Path) -> place::Folder,
    ) -> Result<()> {
        let working = file::creation_sibling(path);
        replace::remove_stale(&working)?;
        let made = Self::open_file(&working, key, check)
            .map(drop)
            .and_then(|()| {
                // Closing the last connection folds the WAL into the file.
                if replace::with_suffix(&working, "-wal").exists() {
                    Err(StoreError::InUse(working.clone()))
                } else if path.exists() {
                    Ok(())
                } else {
                    replace::rename_durably(&working, path)
                }
            });
        replace::discard(&working);
        lock::remove_file_of(&working);
        made
    }

    /// Opens the database file at `path`, creating it in place when
    /// missing.
    fn open_file(
        path: &Path,
        key: Option<Passphrase>,
        check: fn(&Path) -> place::Folder,
    ) -> Result<Self> {
        let path = path.to_path_buf();
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
            |e: StoreError| place::disk_full_said_plainly(connection::on_file(e, &path), &path);
        let mut conn = if matches!(
            state.opening,
            place::Opening::Immutable | place::Opening::Full
        ) {
            connection::open_immutable(&path, key.as_ref())
        } else {
            connection::open_raw(&path, key.as_ref(), read_only)
        }
        .map_err(explain)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Check the file before switching to WAL: the switch writes to the
        // file, and a file kam refuses must be left exactly as it was.
        maintenance::check_and_upgrade(&mut conn, key.as_ref(), &path, read_only, state.created)
            .map_err(explain)?;
        if !read_only {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| explain(e.into()))?;
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        undo_log::open_window(&conn).map_err(explain)?;
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
        maintenance::check_and_upgrade(&mut conn, None, Path::new(":memory:"), false, true)?;
        undo_log::open_window(&conn)?;
        Ok(Self {
            conn,
            path: PathBuf::from(":memory:"),
            read_only: false,
            disk_full: false,
            key: None,
            lock: None,
        })
    }
}
