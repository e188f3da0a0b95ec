//! Encryption at rest with SQLCipher: the passphrase type, keying a
//! connection, and rewriting a database file under another key.
//!
//! A database is keyed with `PRAGMA key` as its very first statement;
//! SQLCipher then encrypts every page of the file and of its WAL. Temporary
//! tables and indices stay in memory, and SQLCipher's own logging (which
//! would print over the interface) is switched off.

use std::fmt;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use zeroize::Zeroizing;

use super::backup::{self, BackupsRekeyed};
use super::error::{Result, StoreError};
use super::file::create_private_file;
use super::schema::APPLICATION_ID;
use super::{Store, replace};

/// A database passphrase. Its memory is wiped when it is dropped, and it
/// never shows in `Debug` output.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes `text` as a passphrase; refuses an empty one and one holding a
    /// NUL character.
    pub fn new(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(StoreError::BadPassphrase("it is empty"));
        }
        if text.contains('\0') {
            return Err(StoreError::BadPassphrase("it holds a NUL character"));
        }
        Ok(Self(text))
    }

    /// The passphrase as an SQL string literal, quotes doubled.
    fn literal(&self) -> Zeroizing<String> {
        let mut sql = Zeroizing::new(String::with_capacity(self.0.len() + 2));
        sql.push('\'');
        for c in self.0.chars() {
            if c == '\'' {
                sql.push('\'');
            }
            sql.push(c);
        }
        sql.push('\'');
        sql
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

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
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
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
        rewrite(conn, &path, new.as_ref())?;
        Ok(backup::rekey_all(&path, key.as_ref(), new.as_ref()))
    }
}

/// The number of rows in every table: what a rewrite must keep.
pub(super) fn table_rows(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM \"{schema}\".sqlite_schema
             WHERE type = 'table' AND rootpage > 0 ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let sql = format!(
                "SELECT count(*) FROM \"{schema}\".\"{}\"",
                name.replace('"', "\"\"")
            );
            let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
            Ok((name, n))
        })
        .collect()
}

/// Rewrites the database `conn` has open at `path` so that it is readable
/// with `new` (`None`: plain): writes a new file beside it, checks that it
/// opens with `new` and holds the same rows, then puts it in place of the
/// old one, keeping its modification time (for a backup, when it was
/// taken). `conn` is closed on the way.
pub(super) fn rewrite(conn: Connection, path: &Path, new: Option<&Passphrase>) -> Result<()> {
    let tmp = replace::sibling(path, replace::REKEY);
    replace::remove_stale(&tmp)?;
    create_private_file(&tmp).map_err(|source| StoreError::Io {
        path: tmp.clone(),
        source,
    })?;
    let result = export(&conn, path, &tmp, new).and_then(|expected| {
        replace::close(conn, path)?;
        verify(&tmp, new, &expected)?;
        replace::keep_modified_time(path, &tmp);
        replace::swap(&tmp, path)
    });
    if result.is_err() {
        replace::discard(&tmp);
    }
    result
}

/// What a database holds, compared before and after a rewrite.
#[derive(Debug, PartialEq)]
struct Contents {
    application_id: i32,
    user_version: i64,
    rows: Vec<(String, i64)>,
}

fn contents(conn: &Connection, schema: &str) -> Result<Contents> {
    Ok(Contents {
        application_id: conn.pragma_query_value(Some(schema), "application_id", |r| r.get(0))?,
        user_version: conn.pragma_query_value(Some(schema), "user_version", |r| r.get(0))?,
        rows: table_rows(conn, schema)?,
    })
}

/// Copies everything `conn` holds (the kam database at `path`) into the
/// empty file `dest`, keyed with `key`, in one transaction; returns what was
/// copied.
fn export(
    conn: &Connection,
    path: &Path,
    dest: &Path,
    key: Option<&Passphrase>,
) -> Result<Contents> {
    let dest_str = dest.to_str().ok_or_else(|| StoreError::Io {
        path: dest.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path is not UTF-8"),
    })?;
    let key_text: &str = key.map_or("", |k| &k.0);
    conn.execute(
        "ATTACH DATABASE ?1 AS kam_rekey KEY ?2",
        (dest_str, key_text),
    )?;
    let copied = (|| {
        conn.execute_batch("BEGIN")?;
        let source = contents(conn, "main")?;
        if source.application_id != APPLICATION_ID {
            return Err(StoreError::NotKam(path.to_path_buf()));
        }
        conn.query_row("SELECT sqlcipher_export('kam_rekey')", [], |_| Ok(()))?;
        conn.pragma_update(Some("kam_rekey"), "user_version", source.user_version)?;
        conn.pragma_update(Some("kam_rekey"), "application_id", source.application_id)?;
        conn.execute_batch("COMMIT")?;
        Ok(source)
    })();
    if copied.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    conn.execute_batch("DETACH DATABASE kam_rekey")?;
    copied
}

/// Checks that `path` opens with `key` and holds `expected`.
fn verify(path: &Path, key: Option<&Passphrase>, expected: &Contents) -> Result<()> {
    let conn = open_raw(path, key, true)?;
    let found = contents(&conn, "main")?;
    if &found != expected {
        return Err(StoreError::Data(format!(
            "the rewritten copy of the database differs from the original \
             ({found:?} instead of {expected:?}); the original was kept"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_is_quoted_for_sql_and_hidden_from_debug() {
        let p = Passphrase::new("it's secret").unwrap();
        assert_eq!(*p.literal(), "'it''s secret'");
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
    }

    #[test]
    fn empty_and_nul_passphrases_are_refused() {
        assert!(matches!(
            Passphrase::new(""),
            Err(StoreError::BadPassphrase(_))
        ));
        assert!(matches!(
            Passphrase::new("a\0b"),
            Err(StoreError::BadPassphrase(_))
        ));
    }
}
