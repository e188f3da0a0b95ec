//! Many rows in one statement.
//!
//! Every statement that writes to a table with search triggers makes
//! SQLite's full-text index flush what it has buffered, so ten thousand
//! records written one statement each cost ten thousand small flushes and
//! the merging of their segments; written a few hundred rows per statement,
//! they cost a few dozen. Every record module writes through [`upsert`].

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, params_from_iter};

use super::error::Result;
use super::signals::with_revisions_raised_once;
use crate::domain::Id;

/// Rows per statement, far below SQLite's limit of 32,766 parameters.
pub(super) const ROWS_PER_STATEMENT: usize = 200;

/// One record's values, in the order of its table's column list.
pub(super) type Values<'a> = Vec<ToSqlOutput<'a>>;

/// Inserts `rows` into `table`, replacing every column of a row whose `id`
/// is stored already. `columns` lists the table's columns, `id` among them,
/// in the order of each row's values.
pub(super) fn upsert<'a>(
    conn: &Connection,
    table: &str,
    columns: &str,
    rows: impl IntoIterator<Item = rusqlite::Result<Values<'a>>>,
) -> Result<()> {
    let set: Vec<String> = names(columns)
        .filter(|c| *c != "id")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let conflict = format!(" ON CONFLICT(id) DO UPDATE SET {}", set.join(", "));
    write(conn, table, columns, &conflict, rows)
}

/// Inserts `rows` into `table`, in order. `columns` lists the columns in
/// the order of each row's values.
pub(super) fn insert<'a>(
    conn: &Connection,
    table: &str,
    columns: &str,
    rows: impl IntoIterator<Item = rusqlite::Result<Values<'a>>>,
) -> Result<()> {
    write(conn, table, columns, "", rows)
}

fn names(columns: &str) -> impl Iterator<Item = &str> {
    columns.split(',').map(str::trim)
}

/// Inserts `rows` a statement of up to [`ROWS_PER_STATEMENT`] at a time,
/// `conflict` saying what to do with a row whose key is stored already.
fn write<'a>(
    conn: &Connection,
    table: &str,
    columns: &str,
    conflict: &str,
    rows: impl IntoIterator<Item = rusqlite::Result<Values<'a>>>,
) -> Result<()> {
    let one = format!("({})", vec!["?"; names(columns).count()].join(", "));
    // The values of one statement's rows at a time: those of a hundred
    // thousand rows would outweigh the records themselves.
    let mut rows = rows.into_iter();
    let mut chunk = Vec::with_capacity(ROWS_PER_STATEMENT);
    loop {
        chunk.clear();
        for row in rows.by_ref().take(ROWS_PER_STATEMENT) {
            chunk.push(row?);
        }
        if chunk.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO {table} ({columns}) VALUES {}{conflict}",
            vec![one.as_str(); chunk.len()].join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(chunk.iter().flatten()))?;
    }
}

/// Deletes the rows of `table` whose `column` holds one of `ids`.
pub(super) fn delete_where_in(
    conn: &Connection,
    table: &str,
    column: &str,
    ids: &[Id],
) -> Result<()> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "DELETE FROM {table} WHERE {column} IN ({})",
            vec!["?"; chunk.len()].join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(chunk))?;
    }
    Ok(())
}

/// The triggers that keep the full-text index (`search_index`) in step with
/// `search_doc`, row by row (migration 004).
const INDEX_TRIGGERS: [&str; 3] = [
    "search_doc_insert",
    "search_doc_delete",
    "search_doc_update",
];

/// Runs `write` with the full-text index left alone, then rebuilds the
/// index once from `search_doc`, all in the caller's transaction; every
/// account's revision is raised once too (see
/// [`with_revisions_raised_once`]).
///
/// The triggers from the records to `search_doc` keep running, so
/// `search_doc` ends exactly as it would have row by row; only the index
/// triggers are dropped for the while and created again from their own
/// stored text, so the schema ends as it began. Indexing many records at
/// once costs a fraction of indexing them a statement at a time, but a
/// rebuild reads every stored document: worth it when `write` brings about
/// as many records as the database holds. If `write` fails, the caller's
/// rollback brings the triggers and the index back as they were.
pub(super) fn with_index_rebuilt_once<T>(
    conn: &Connection,
    write: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let mut triggers = Vec::with_capacity(INDEX_TRIGGERS.len());
    for name in INDEX_TRIGGERS {
        let sql: String = conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
        triggers.push(sql);
    }
    let value = with_revisions_raised_once(conn, write)?;
    for sql in &triggers {
        conn.execute_batch(sql)?;
    }
    rebuild_index(conn)?;
    Ok(value)
}

/// FTS5 settings for indexing every document at once, each with the value
/// to build with and FTS5's default. Segments are not merged as they are
/// written (`automerge`) and are flushed every 4 MiB instead of every 1 MiB
/// (`hashsize`): far fewer of them are written, read and merged again.
const REBUILD_SETTINGS: [(&str, i64, i64); 2] =
    [("automerge", 0, 4), ("hashsize", 4 << 20, 1 << 20)];

/// Rebuilds the full-text index from `search_doc` with
/// [`REBUILD_SETTINGS`], then leaves FTS5's settings as they were: back to
/// their defaults in this connection, and no setting stored in the file.
fn rebuild_index(conn: &Connection) -> Result<()> {
    let set = |name: &str, value: i64| {
        conn.prepare_cached("INSERT INTO search_index (search_index, rank) VALUES (?1, ?2)")?
            .execute((name, value))
    };
    for (name, value, _) in REBUILD_SETTINGS {
        set(name, value)?;
    }
    conn.execute(
        "INSERT INTO search_index (search_index) VALUES ('rebuild')",
        [],
    )?;
    for (name, _, default) in REBUILD_SETTINGS {
        set(name, default)?;
        conn.execute("DELETE FROM search_index_config WHERE k = ?1", [name])?;
    }
    Ok(())
}

/// How many records the search index holds.
pub(super) fn indexed_documents(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM search_doc", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}
