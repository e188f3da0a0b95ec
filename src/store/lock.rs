//! The lock file beside a database, `kam.db.lock`, that keeps the
//! operations replacing the whole file (restore, encrypt, decrypt, a new
//! passphrase) apart from every other kam using it.
//!
//! Every store that can write holds a shared lock on it for as long as it
//! is open; replacing the file takes the exclusive lock, which it gets only
//! when no other kam has the database open, and holds until the new file is
//! in place. SQLite's own locks cannot do this: they belong to the file being
//! replaced, so a kam waiting on them would go on to write into the old
//! file after the switch, and lose what it wrote.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use rustix::fs::{FlockOperation, flock};
use rustix::io::Errno;

use super::error::{Result, StoreError};
use super::file::create_private_dir;
use super::replace::with_suffix;

/// How long a kam waits between two looks at a lock another kam holds.
const RETRY: Duration = Duration::from_millis(20);

/// A lock on the lock file of a database, let go when dropped.
#[derive(Debug)]
pub(super) struct Held {
    file: File,
}

impl Drop for Held {
    /// Lets go of the lock before the file is closed: a process started
    /// from another thread at this moment holds a copy of the descriptor
    /// until it runs its program, and closing alone would leave the lock
    /// held through that copy.
    fn drop(&mut self) {
        let _ = flock(&self.file, FlockOperation::Unlock);
    }
}

/// The lock file of the database at `db`.
fn lock_path(db: &Path) -> PathBuf {
    with_suffix(db, ".lock")
}

/// Removes the lock file of `db`, a working file nobody else opens; one
/// that cannot be removed only stays behind.
pub(super) fn remove_file_of(db: &Path) {
    let _ = std::fs::remove_file(lock_path(db));
}

/// Opens (creating owner-only if needed) the lock file of `db`; `None`
/// where the folder cannot be written, so that nothing can replace the
/// database there either.
fn open(db: &Path) -> Result<Option<File>> {
    let path = lock_path(db);
    let io = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(io)?;
    }
    let opened = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .or_else(|_| File::open(&path));
    match opened {
        Ok(file) => Ok(Some(file)),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem | ErrorKind::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(io(e)),
    }
}

/// The lock every kam holds while it has the database at `db` open. Waits
/// while another kam replaces the file, up to `patience`.
pub(super) fn shared(db: &Path, patience: Duration) -> Result<Option<Held>> {
    let Some(file) = open(db)? else {
        return Ok(None);
    };
    let start = Instant::now();
    loop {
        match flock(&file, FlockOperation::NonBlockingLockShared) {
            Ok(()) => return Ok(Some(Held { file })),
            Err(Errno::WOULDBLOCK) if start.elapsed() < patience => thread::sleep(RETRY),
            Err(Errno::WOULDBLOCK) => return Err(StoreError::Busy),
            Err(e) => {
                return Err(StoreError::Io {
                    path: lock_path(db),
                    source: e.into(),
                });
            }
        }
    }
}

/// The lock for replacing the database at `db`: refused with
/// [`StoreError::InUse`] while any other kam has it open.
pub(super) fn exclusive(db: &Path) -> Result<Held> {
    let file = open(db)?.ok_or(StoreError::ReadOnly)?;
    match flock(&file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Held { file }),
        Err(Errno::WOULDBLOCK) => Err(StoreError::InUse(db.to_path_buf())),
        Err(e) => Err(StoreError::Io {
            path: lock_path(db),
            source: e.into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Passphrase, Store, cipher, connection};

    #[test]
    fn a_lock_let_go_is_free_while_a_starting_process_holds_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        let held = shared(&path, Duration::ZERO).unwrap().unwrap();
        // What a process started from another thread holds until it runs
        // its program: a copy of the descriptor.
        let copy = held.file.try_clone().unwrap();
        drop(held);
        assert!(exclusive(&path).is_ok());
        drop(copy);
    }

    #[test]
    fn a_kam_that_waited_while_the_file_was_encrypted_asks_for_the_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kam.db");
        drop(Store::open(&path).unwrap());
        let whole = exclusive(&path).unwrap();
        let waiting = {
            let path = path.clone();
            thread::spawn(move || Store::open(&path).map(drop))
        };
        // Time for the other kam to look at the plain file and wait.
        thread::sleep(Duration::from_millis(300));
        let conn = connection::open_raw(&path, None, false).unwrap();
        cipher::rewrite(conn, &path, Some(&Passphrase::new("pw").unwrap())).unwrap();
        drop(whole);
        let err = waiting.join().unwrap().unwrap_err();
        assert!(matches!(err, StoreError::Encrypted(_)), "{err:?}");
    }
}
