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
use crate::domain::Id;

/// Rows per statement, far below SQLite's limit of 32,766 parameters.
const ROWS_PER_STATEMENT: usize = 200;

/// One record's values, in the order of its table's column list.
pub(super) type Values<'a> = Vec<ToSqlOutput<'a>>;

/// Inserts `rows` into `table`, replacing every column of a row whose `id`
/// is stored already. `columns` lists the table's columns, `id` among them,
/// in the order of each row's values.
pub(super) fn upsert(
    conn: &Connection,
    table: &str,
    columns: &str,
    rows: &[Values<'_>],
) -> Result<()> {
    let names: Vec<&str> = columns.split(',').map(str::trim).collect();
    let set: Vec<String> = names
        .iter()
        .filter(|c| **c != "id")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let one = format!("({})", vec!["?"; names.len()].join(", "));
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO {table} ({columns}) VALUES {} ON CONFLICT(id) DO UPDATE SET {}",
            vec![one.as_str(); chunk.len()].join(", "),
            set.join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(params_from_iter(chunk.iter().flatten()))?;
    }
    Ok(())
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
