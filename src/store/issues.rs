//! Business issues.

use std::cmp::Reverse;

use std::ops::ControlFlow;

use rusqlite::types::ToSqlOutput;
use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::record::{saved, short};
use super::snapshot::Snapshot;
use super::sql;
use super::sql::choice;
use super::undo_log;
use super::{history, plans, proofs};
use crate::domain::choice::Choice;
use crate::domain::{BusinessIssue, Id, IssueStatus};
use crate::text::count;

const COLUMNS: &str = "id, account_id, statement, kind, said_by, said_on, confirmed, \
     confirmed_by, importance, status, time_frame, created_at, updated_at, said_by_id, \
     confirmed_by_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<BusinessIssue> {
    Ok(BusinessIssue {
        id: row.get(0)?,
        account_id: row.get(1)?,
        statement: row.get(2)?,
        kind: choice(row, 3)?,
        said_by: row.get(4)?,
        said_on: row.get(5)?,
        confirmed: row.get(6)?,
        confirmed_by: row.get(7)?,
        importance: choice(row, 8)?,
        status: choice(row, 9)?,
        time_frame: choice(row, 10)?,
        created_at: sql::timestamp_at(row, 11)?,
        updated_at: sql::timestamp_at(row, 12)?,
        said_by_id: row.get(13)?,
        confirmed_by_id: row.get(14)?,
    })
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<BusinessIssue>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM business_issue WHERE id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

/// An account's issues: open ones first, then by importance, oldest first.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Vec<BusinessIssue>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM business_issue WHERE account_id = ?1 ORDER BY created_at, id"
    ))?;
    let mut issues = stmt
        .query_map([account_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    issues.sort_by_key(|i| (i.status != IssueStatus::Open, Reverse(i.importance.index())));
    Ok(issues)
}

/// The issues `person` said or confirmed, newest first.
pub(super) fn said_or_confirmed_by(conn: &Connection, person: Id) -> Result<Vec<BusinessIssue>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM business_issue WHERE said_by_id = ?1
         UNION SELECT {COLUMNS} FROM business_issue WHERE confirmed_by_id = ?1
         ORDER BY created_at DESC, id"
    ))?;
    let rows = stmt.query_map([person], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every business issue, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<BusinessIssue>> {
    Ok(sql::collect(|each| each_by_id(conn, each))?)
}

/// Every business issue, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(BusinessIssue) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM business_issue ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

/// The issue's values in `COLUMNS` order.
fn values(i: &BusinessIssue) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        i.id.to_sql()?,
        i.account_id.to_sql()?,
        i.statement.to_sql()?,
        ToSqlOutput::from(i.kind.key()),
        i.said_by.to_sql()?,
        i.said_on.to_sql()?,
        i.confirmed.to_sql()?,
        i.confirmed_by.to_sql()?,
        ToSqlOutput::from(i.importance.key()),
        ToSqlOutput::from(i.status.key()),
        ToSqlOutput::from(i.time_frame.key()),
        sql::timestamp(&i.created_at),
        sql::timestamp(&i.updated_at),
        i.said_by_id.to_sql()?,
        i.confirmed_by_id.to_sql()?,
    ])
}

/// Inserts the issues or replaces every column of the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    issues: impl IntoIterator<Item = &'a BusinessIssue>,
) -> Result<()> {
    let rows = issues.into_iter().map(values);
    bulk::upsert(conn, "business_issue", COLUMNS, rows)
}

saved!(BusinessIssue, issues,
    label: |r| format!("edit of issue “{}”", short(&r.statement)),
    account: |a, _conn| Ok(Some(a.account_id)));

/// Deletes a business issue with its action plans; proof statements that
/// pointed at them lose the link. The deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let issue = get(tx, id)?.ok_or(StoreError::NotFound("business issue"))?;
    history::deleted(tx, Some(issue.account_id), &issue)?;
    let plans = plans::for_issue(tx, id)?;
    let plan_ids: Vec<Id> = plans.iter().map(|p| p.id).collect();
    let mut snapshot = Snapshot::issues(vec![issue.clone()]);
    snapshot.proofs = proofs::linked_to(tx, Some(id), &plan_ids)?;
    snapshot.plans = plans;
    let label = format!(
        "issue “{}” ({})",
        short(&issue.statement),
        count(snapshot.plans.len(), "plan", "plans")
    );
    tx.execute("DELETE FROM business_issue WHERE id = ?1", [id])?;
    undo_log::push(tx, &format!("deletion of {label}"), &snapshot)?;
    Ok(label)
}

impl Store {
    /// An account's business issues: open ones first, most important first.
    pub fn issues(&self, account_id: Id) -> Result<Vec<BusinessIssue>> {
        for_account(&self.conn, account_id)
    }

    /// One business issue.
    pub fn issue(&self, id: Id) -> Result<BusinessIssue> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("business issue"))
    }

    /// Creates or updates a business issue after validating it; an edit can
    /// be undone.
    pub fn save_issue(&mut self, issue: &BusinessIssue) -> Result<BusinessIssue> {
        self.save_record(issue)
    }

    /// Deletes a business issue with its action plans; proof statements that
    /// pointed at them lose the link. The deletion can be undone.
    pub fn delete_issue(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
