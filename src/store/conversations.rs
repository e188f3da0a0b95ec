//! Conversations and who attended them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::history;
use super::record::saved;
use super::snapshot::Snapshot;
use super::sql;
use super::sql::choice;
use super::undo_log;
use crate::domain::choice::Choice;
use crate::domain::{Conversation, Id};

const COLUMNS: &str = "id, account_id, date, forum, time_frame, summary, billable_hours, \
     non_billable_hours, created_at, updated_at, executive_review";

const ATTENDEE_COLUMNS: &str = "conversation_id, stakeholder_id";

/// Newest first; ties broken by id.
const ORDER: &str = "ORDER BY date DESC, id DESC";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: row.get(0)?,
        account_id: row.get(1)?,
        date: sql::date_at(row, 2)?,
        forum: row.get(3)?,
        time_frame: choice(row, 4)?,
        summary: row.get(5)?,
        billable_hours: row.get(6)?,
        non_billable_hours: row.get(7)?,
        attendees: Vec::new(),
        created_at: sql::timestamp_at(row, 8)?,
        updated_at: sql::timestamp_at(row, 9)?,
        executive_review: row.get(10)?,
    })
}

/// Fills in each conversation's attendees.
fn with_attendees(conn: &Connection, mut list: Vec<Conversation>) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT stakeholder_id FROM conversation_attendee WHERE conversation_id = ?1
         ORDER BY stakeholder_id",
    )?;
    for c in &mut list {
        c.attendees = stmt
            .query_map([c.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

fn query(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    with_attendees(conn, rows)
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<Conversation>> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM conversation WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?;
    Ok(match found {
        Some(c) => with_attendees(conn, vec![c])?.pop(),
        None => None,
    })
}

/// An account's conversations, newest first.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<Conversation>> {
    query(
        conn,
        &format!("SELECT {COLUMNS} FROM conversation WHERE account_id = ?1 {ORDER}"),
        [account_id],
    )
}

/// Every conversation on or after `since`, of every account, newest first,
/// with their attendees: two queries however many there are. Naming the
/// accounts lets SQLite read the window from the `(account, date)` index
/// instead of the whole table.
pub(super) fn since(conn: &Connection, since: NaiveDate) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM conversation
         WHERE account_id IN (SELECT id FROM account) AND date >= ?1 {ORDER}"
    ))?;
    let mut list = stmt
        .query_map([since], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<Id, usize> = list.iter().enumerate().map(|(n, c)| (c.id, n)).collect();
    // From the conversations to their attendees, not the other way round:
    // the window is usually a small part of the table.
    let mut attendees = conn.prepare_cached(
        "SELECT c.id, a.stakeholder_id FROM conversation c
         CROSS JOIN conversation_attendee a ON a.conversation_id = c.id
         WHERE c.account_id IN (SELECT id FROM account) AND c.date >= ?1",
    )?;
    let rows = attendees.query_map([since], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))?;
    for row in rows {
        let (conversation, person) = row?;
        if let Some(&n) = index.get(&conversation) {
            list[n].attendees.push(person);
        }
    }
    for c in &mut list {
        c.attendees.sort_unstable();
    }
    Ok(list)
}

/// Every conversation, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<Conversation>> {
    query(
        conn,
        &format!("SELECT {COLUMNS} FROM conversation ORDER BY id"),
        [],
    )
}

fn values(c: &Conversation) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        c.id.to_sql()?,
        c.account_id.to_sql()?,
        sql::date(&c.date),
        c.forum.to_sql()?,
        ToSqlOutput::from(c.time_frame.key()),
        c.summary.to_sql()?,
        c.billable_hours.to_sql()?,
        c.non_billable_hours.to_sql()?,
        sql::timestamp(&c.created_at),
        sql::timestamp(&c.updated_at),
        c.executive_review.to_sql()?,
    ])
}

/// Inserts the conversations or replaces the stored ones, attendees and
/// all. Attendees who are no longer stakeholders of the account are left
/// out.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    conversations: impl IntoIterator<Item = &'a Conversation>,
) -> Result<()> {
    let list: Vec<&Conversation> = conversations.into_iter().collect();
    let rows = list.iter().map(|c| values(c));
    bulk::upsert(conn, "conversation", COLUMNS, rows)?;
    let ids: Vec<Id> = list.iter().map(|c| c.id).collect();
    bulk::delete_where_in(conn, "conversation_attendee", "conversation_id", &ids)?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO conversation_attendee ({ATTENDEE_COLUMNS})
         SELECT ?1, id FROM stakeholder WHERE id = ?2 AND account_id = ?3"
    ))?;
    for c in list {
        for person in &c.attendees {
            insert.execute((c.id, person, c.account_id))?;
        }
    }
    Ok(())
}

saved!(Conversation, conversations,
    label: |r| format!("edit of the conversation of {}", r.date),
    account: |a, _conn| Ok(Some(a.account_id)));

/// Deletes a conversation; the deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let c = get(tx, id)?.ok_or(StoreError::NotFound("conversation"))?;
    history::deleted(tx, Some(c.account_id), &c)?;
    let label = format!("conversation of {} ({})", c.date, c.forum);
    tx.execute("DELETE FROM conversation WHERE id = ?1", [id])?;
    undo_log::push(
        tx,
        &format!("deletion of the {label}"),
        &Snapshot::conversations(vec![c]),
    )?;
    Ok(label)
}

impl Store {
    /// An account's conversations, newest first, with their attendees.
    pub fn conversations(&self, account_id: Id) -> Result<Vec<Conversation>> {
        for_account(&self.conn, account_id)
    }

    /// One conversation.
    pub fn conversation(&self, id: Id) -> Result<Conversation> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("conversation"))
    }

    /// Every forum used so far in any account, by name.
    pub fn forums(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT forum FROM conversation ORDER BY forum COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates or updates a conversation after validating it; an edit can
    /// be undone.
    pub fn save_conversation(&mut self, conversation: &Conversation) -> Result<Conversation> {
        let mut trimmed = conversation.clone();
        trimmed.forum = trimmed.forum.trim().to_string();
        self.save_record(&trimmed)
    }

    /// Deletes a conversation; the deletion can be undone.
    pub fn delete_conversation(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
