//! Stakeholders.

use std::ops::ControlFlow;

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::record::saved;
use super::snapshot::Snapshot;
use super::sql;
use super::sql::{choice, optional_choice};
use super::undo_log;
use super::{conversations, history, people};
use crate::domain::choice::Choice;
use crate::domain::{Id, Stakeholder};

const COLUMNS: &str = "id, account_id, name, title, email, phone, created_at, updated_at, \
     reports_to, influence, attitude, last_contact, cadence_days, owner";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Stakeholder> {
    Ok(Stakeholder {
        id: row.get(0)?,
        account_id: row.get(1)?,
        name: row.get(2)?,
        title: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        created_at: sql::timestamp_at(row, 6)?,
        updated_at: sql::timestamp_at(row, 7)?,
        reports_to: row.get(8)?,
        influence: optional_choice(row, 9)?,
        attitude: choice(row, 10)?,
        last_contact: row.get(11)?,
        cadence_days: row.get(12)?,
        owner: row.get(13)?,
    })
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<Stakeholder>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM stakeholder WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// An account's stakeholders, by name.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<Stakeholder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM stakeholder WHERE account_id = ?1 ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every stakeholder, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<Stakeholder>> {
    Ok(sql::collect(|each| each_by_id(conn, each))?)
}

/// Every stakeholder, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(Stakeholder) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM stakeholder ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

/// The stakeholder's values in `COLUMNS` order.
fn values(s: &Stakeholder) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        s.id.to_sql()?,
        s.account_id.to_sql()?,
        s.name.to_sql()?,
        s.title.to_sql()?,
        s.email.to_sql()?,
        s.phone.to_sql()?,
        sql::timestamp(&s.created_at),
        sql::timestamp(&s.updated_at),
        s.reports_to.to_sql()?,
        match s.influence {
            Some(i) => ToSqlOutput::from(i.key()),
            None => ToSqlOutput::from(rusqlite::types::Null),
        },
        ToSqlOutput::from(s.attitude.key()),
        s.last_contact.to_sql()?,
        s.cadence_days.to_sql()?,
        s.owner.to_sql()?,
    ])
}

/// Inserts the stakeholders or replaces every column of the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    stakeholders: impl IntoIterator<Item = &'a Stakeholder>,
) -> Result<()> {
    let rows = stakeholders.into_iter().map(values);
    bulk::upsert(conn, "stakeholder", COLUMNS, rows)
}

saved!(Stakeholder, stakeholders,
    label: |r| format!("edit of stakeholder “{}”", r.name),
    account: |a, _conn| Ok(Some(a.account_id)));

/// Deletes a stakeholder; the deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let stakeholder = get(tx, id)?.ok_or(StoreError::NotFound("stakeholder"))?;
    history::deleted(tx, Some(stakeholder.account_id), &stakeholder)?;
    let label = format!("stakeholder “{}”", stakeholder.name);
    // The conversations they attended, so that an undo puts them
    // back among the attendees.
    let attended = conversations::for_account(tx, stakeholder.account_id)?
        .into_iter()
        .filter(|c| c.attendees.contains(&id))
        .collect();
    // Their reports, whose line to them the deletion clears, so that
    // an undo draws it again. The person comes first: the lines
    // point at them.
    let reports = for_account(tx, stakeholder.account_id)?
        .into_iter()
        .filter(|s| s.reports_to == Some(id) && s.id != id);
    // What they said, confirmed, acknowledged or own, whose link the
    // deletion clears (their name stays as text), so that an undo links
    // it again.
    let linked = people::links(tx, id)?;
    let snapshot = Snapshot {
        conversations: attended,
        issues: linked.issues,
        proofs: linked.proofs,
        plans: linked.plans,
        ..Snapshot::stakeholders(std::iter::once(stakeholder).chain(reports).collect())
    };
    tx.execute("DELETE FROM stakeholder WHERE id = ?1", [id])?;
    undo_log::push(tx, &format!("deletion of {label}"), &snapshot)?;
    Ok(label)
}

impl Store {
    /// An account's stakeholders, by name.
    pub fn stakeholders(&self, account_id: Id) -> Result<Vec<Stakeholder>> {
        for_account(&self.conn, account_id)
    }

    /// One stakeholder.
    pub fn stakeholder(&self, id: Id) -> Result<Stakeholder> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("stakeholder"))
    }

    /// Creates or updates a stakeholder after validating it; an edit can be
    /// undone.
    pub fn save_stakeholder(&mut self, stakeholder: &Stakeholder) -> Result<Stakeholder> {
        self.save_record(stakeholder)
    }

    /// Deletes a stakeholder; the deletion can be undone.
    pub fn delete_stakeholder(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
