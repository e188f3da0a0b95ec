//! Rewriting a database file under another key (or none) with SQLCipher:
//! a new file is written beside it, checked against the original, then
//! put in its place.

use std::path::Path;

use rusqlite::Connection;

use super::connection::{APPLICATION_ID, open_raw};
use super::error::{Result, StoreError};
use super::file::create_private_file;
use super::passphrase::Passphrase;
use super::replace;

/// The number of rows in every table: what a rewrite must keep.
fn table_rows(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
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
    let key_text: &str = key.map_or("", Passphrase::text);
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
