//! The raw connection to a database file, below every other use of it:
//! opening a file with or without a key, SQLCipher's setup, and the marks
//! of a kam database.
//!
//! A database is keyed with `PRAGMA key` as its very first statement;
//! SQLCipher then encrypts every page of the file and of its WAL. Temporary
//! tables and indices stay in memory, and SQLCipher's own logging (which
//! would print over the interface) is switched off.

use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use zeroize::Zeroizing;

use super::error::{Result, StoreError};
use super::passphrase::Passphrase;

/// `PRAGMA application_id` of a kam database ("KAM1").
pub const APPLICATION_ID: i32 = 0x4B41_4D31;

/// How long a write waits for another kam holding the file before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepares a fresh connection: applies `key` (first, as SQLCipher asks),
/// silences SQLCipher's logging and keeps temporary data in memory. With a
/// key, checks that it opens the file: a wrong one is
/// [`StoreError::WrongPassphrase`].
pub(super) fn setup(conn: &Connection, path: &Path, key: Option<&Passphrase>) -> Result<()> {
    if let Some(key) = key {
        let sql = Zeroizing::new(format!("PRAGMA key = {};", *key.literal()));
        conn.execute_batch(&sql)?;
    }
    silence_logging(conn)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    if key.is_some() {
        let check = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        });
        if let Err(e) = check {
            return Err(match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => StoreError::WrongPassphrase(path.to_path_buf()),
                _ => e.into(),
            });
        }
    }
    Ok(())
}

/// Switches SQLCipher's logging off, once per process. The log destination
/// is process-global in SQLCipher and changing it closes the previous
/// stream, so two connections setting it at the same moment would race
/// (and crash); the lock makes the first setting the only one.
fn silence_logging(conn: &Connection) -> Result<()> {
    static SILENCED: Mutex<bool> = Mutex::new(false);
    let mut silenced = SILENCED.lock().unwrap_or_else(PoisonError::into_inner);
    if !*silenced {
        conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))?;
        conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(()))?;
        *silenced = true;
    }
    Ok(())
}

/// Opens an existing database file with `key` (or none) for reading and
/// writing, without kam's schema checks: for backups and rewrites.
pub(super) fn open_raw(
    path: &Path,
    key: Option<&Passphrase>,
    read_only: bool,
) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| on_file(e.into(), path))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    setup(&conn, path, key)?;
    Ok(conn)
}

/// Opens the existing database file at `path` with `key` (or none) for
/// reading only, as an immutable file: SQLite takes no lock and reads
/// neither its WAL nor its shared-memory index, so that not a byte of them
/// changes.
pub(super) fn open_immutable(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| on_file(e.into(), path))?;
    setup(&conn, path, key).map_err(|e| on_file(e, path))?;
    Ok(conn)
}

/// `path` escaped for a `file:` URI: every byte but letters, digits and
/// `/-._~` as `%XX`.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str()
        .as_bytes()
        .iter()
        .map(|&b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Names `path` in a report of damage, which SQLite gives without it.
pub(super) fn on_file(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        other => other,
    }
}
