//! The dated scores of matching tests.

use std::ops::ControlFlow;

use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::history;
use super::snapshot::Snapshot;
use super::sql;
use super::undo_log;
use crate::domain::{Id, MatchingResult};

const COLUMNS: &str = "id, account_id, taken_at, total, correct, team";

fn from_row(row: &Row<'_>) -> rusqlite::Result<MatchingResult> {
    Ok(MatchingResult {
        id: row.get(0)?,
        account_id: row.get(1)?,
        taken_at: sql::timestamp_at(row, 2)?,
        total: row.get(3)?,
        correct: row.get(4)?,
        team: sql::json_or_null_at(row, 5)?,
    })
}

/// One result.
pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<MatchingResult>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM matching_result WHERE id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

/// Deletes one result with an undo entry, in the caller's transaction;
/// returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let result = get(tx, id)?.ok_or(StoreError::NotFound("matching test"))?;
    history::deleted(tx, Some(result.account_id), &result)?;
    let label = format!(
        "{} matching test of {}",
        result.kind_label(),
        result.taken_at.date_naive()
    );
    tx.execute("DELETE FROM matching_result WHERE id = ?1", [id])?;
    let snapshot = Snapshot {
        matching: vec![result],
        ..Snapshot::default()
    };
    undo_log::push(tx, &format!("deletion of the {label}"), &snapshot)?;
    Ok(label)
}

/// An account's results, oldest first.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<MatchingResult>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM matching_result WHERE account_id = ?1 ORDER BY taken_at, id"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest result of every account that has one. The window runs over
/// the columns it orders by; only the rows it keeps are read in full.
pub(super) fn latest(conn: &Connection) -> Result<Vec<MatchingResult>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM matching_result WHERE rowid IN (
             SELECT rowid FROM (
                 SELECT rowid, row_number() OVER (
                     PARTITION BY account_id ORDER BY taken_at DESC, id DESC) AS n
                 FROM matching_result)
             WHERE n = 1)"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every result, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(MatchingResult) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM matching_result ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

fn values(m: &MatchingResult) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        m.id.to_sql()?,
        m.account_id.to_sql()?,
        sql::timestamp(&m.taken_at),
        m.total.to_sql()?,
        m.correct.to_sql()?,
        sql::json_or_null(m.team.as_ref())?,
    ])
}

/// Inserts the results or replaces the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    results: impl IntoIterator<Item = &'a MatchingResult>,
) -> Result<()> {
    let rows = results.into_iter().map(values);
    bulk::upsert(conn, "matching_result", COLUMNS, rows)
}

impl Store {
    /// An account's matching-test results, oldest first.
    pub fn matching_results(&self, account_id: Id) -> Result<Vec<MatchingResult>> {
        for_account(&self.conn, account_id)
    }

    /// Keeps the score of a matching test in the account's history.
    pub fn save_matching_result(&mut self, result: &MatchingResult) -> Result<()> {
        result.validate()?;
        self.write(|tx| {
            history::saved(tx, Some(result.account_id), None, result)?;
            upsert_many(tx, [result])
        })
    }
}
