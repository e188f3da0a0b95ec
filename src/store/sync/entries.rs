//! A record's change history as sync carries it: entries with an id that
//! is the same on every machine, merged as a union.

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, Row};

use super::super::error::Result;
use super::super::sql::{self, choice};
use super::HistoryEntry;
use crate::domain::Id;
use crate::domain::choice::Choice;

fn from_row(r: &Row<'_>) -> rusqlite::Result<HistoryEntry> {
    Ok(HistoryEntry {
        uid: r.get(0)?,
        at: sql::timestamp_at(r, 1)?,
        account_id: r.get(2)?,
        record_kind: choice(r, 3)?,
        record_id: r.get(4)?,
        action: r.get(5)?,
        field: r.get(6)?,
        old_value: r.get(7)?,
        new_value: r.get(8)?,
        label: r.get(9)?,
    })
}

/// Every entry of `record`, oldest first: one seek.
pub(super) fn of(conn: &Connection, record: Id) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, at, account_id, record_kind, record_id, action, field, old_value,
                new_value, label
         FROM change_log WHERE record_id = ?1 ORDER BY at, uid",
    )?;
    let rows = stmt.query_map([record], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds the entries whose uid is not stored yet.
pub(super) fn add(conn: &Connection, entries: &[HistoryEntry]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO change_log (uid, at, account_id, record_kind, record_id, action, field,
                                 old_value, new_value, label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (uid) DO NOTHING",
    )?;
    for e in entries {
        insert.execute((
            &e.uid,
            sql::timestamp(&e.at),
            e.account_id,
            ToSqlOutput::from(e.record_kind.key()),
            e.record_id,
            &e.action,
            &e.field,
            &e.old_value,
            &e.new_value,
            &e.label,
        ))?;
    }
    Ok(())
}
