//! Strategic assessments: every one kept, oldest first.

use std::ops::ControlFlow;

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
use crate::domain::{Assessment, Id, Rating};

const COLUMNS: &str = "id, account_id, date, calls_us_strategic, brings_opportunities, \
     asks_our_input, critical_to_them, solutions_provider, champion_exists, open_invitation, \
     many_forums, trust, trust_reason, commitment, commitment_reason, cooperation, \
     cooperation_reason, information_exchange, information_exchange_reason, stage, ladder_now, \
     ladder_aim, note, created_at, updated_at";

/// Oldest first; ties broken by creation.
const ORDER: &str = "ORDER BY date, created_at, id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Assessment> {
    let signals = [
        choice(row, 3)?,
        choice(row, 4)?,
        choice(row, 5)?,
        choice(row, 6)?,
        choice(row, 7)?,
        choice(row, 8)?,
        choice(row, 9)?,
        choice(row, 10)?,
    ];
    let rating = |at: usize| -> rusqlite::Result<Rating> {
        Ok(Rating {
            score: row.get(at)?,
            reason: row.get(at + 1)?,
        })
    };
    Ok(Assessment {
        id: row.get(0)?,
        account_id: row.get(1)?,
        date: sql::date_at(row, 2)?,
        signals,
        ratings: [rating(11)?, rating(13)?, rating(15)?, rating(17)?],
        stage: choice(row, 19)?,
        ladder_now: choice(row, 20)?,
        ladder_aim: choice(row, 21)?,
        note: row.get(22)?,
        created_at: sql::timestamp_at(row, 23)?,
        updated_at: sql::timestamp_at(row, 24)?,
    })
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<Assessment>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM assessment WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

/// An account's assessments, oldest first.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assessment WHERE account_id = ?1 {ORDER}"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest two assessments of every account, keyed by account: latest
/// first. The window runs over the few columns it orders by; only the rows
/// it keeps are read in full.
pub(super) fn latest_two(conn: &Connection) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assessment WHERE rowid IN (
             SELECT rowid FROM (
                 SELECT rowid, row_number() OVER (
                     PARTITION BY account_id ORDER BY date DESC, created_at DESC, id DESC) AS n
                 FROM assessment)
             WHERE n <= 2)
         ORDER BY account_id, date DESC, created_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every assessment, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(Assessment) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM assessment ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

fn values(a: &Assessment) -> rusqlite::Result<Values<'_>> {
    let mut v = vec![a.id.to_sql()?, a.account_id.to_sql()?, sql::date(&a.date)];
    v.extend(a.signals.iter().map(|s| ToSqlOutput::from(s.key())));
    for r in &a.ratings {
        v.push(r.score.to_sql()?);
        v.push(r.reason.to_sql()?);
    }
    v.extend([
        ToSqlOutput::from(a.stage.key()),
        ToSqlOutput::from(a.ladder_now.key()),
        ToSqlOutput::from(a.ladder_aim.key()),
        a.note.to_sql()?,
        sql::timestamp(&a.created_at),
        sql::timestamp(&a.updated_at),
    ]);
    Ok(v)
}

/// Inserts the assessments or replaces the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    assessments: impl IntoIterator<Item = &'a Assessment>,
) -> Result<()> {
    let rows = assessments.into_iter().map(values);
    bulk::upsert(conn, "assessment", COLUMNS, rows)
}

saved!(Assessment, assessments,
    label: |r| format!("edit of the assessment of {}", r.date),
    account: |a, _conn| Ok(Some(a.account_id)));

/// Deletes an assessment; the deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let a = get(tx, id)?.ok_or(StoreError::NotFound("assessment"))?;
    history::deleted(tx, Some(a.account_id), &a)?;
    let label = format!("assessment of {}", a.date);
    tx.execute("DELETE FROM assessment WHERE id = ?1", [id])?;
    undo_log::push(
        tx,
        &format!("deletion of the {label}"),
        &Snapshot::assessments(vec![a]),
    )?;
    Ok(label)
}

impl Store {
    /// An account's strategic assessments, oldest first.
    pub fn assessments(&self, account_id: Id) -> Result<Vec<Assessment>> {
        for_account(&self.conn, account_id)
    }

    /// One assessment.
    pub fn assessment(&self, id: Id) -> Result<Assessment> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("assessment"))
    }

    /// Creates or updates an assessment after validating it; an edit can be
    /// undone.
    pub fn save_assessment(&mut self, assessment: &Assessment) -> Result<Assessment> {
        self.save_record(assessment)
    }

    /// Deletes an assessment; the deletion can be undone.
    pub fn delete_assessment(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
