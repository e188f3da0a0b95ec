//! Proof statements: a log that may grow to many thousands of entries per
//! account, so it is read in windows, newest first, through an index.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::history;
use super::record::saved;
use super::record::short;
use super::snapshot::Snapshot;
use super::sql;
use super::undo_log;
use crate::domain::choice::Choice;
use crate::domain::measure::Measure;
use crate::domain::{Id, ProofStatement};

pub(super) const COLUMNS: &str = "id, account_id, date, statement, value, issue_id, plan_id, acknowledged, created_at, updated_at, \
     acknowledged_by, acknowledged_by_id, acknowledged_on, measure, measure_better, measure_target, measure_confidential";

/// Newest first; ties broken by id so windows never overlap.
const ORDER: &str = "ORDER BY date DESC, id DESC";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<ProofStatement> {
    Ok(ProofStatement {
        id: row.get(0)?,
        account_id: row.get(1)?,
        date: sql::date_at(row, 2)?,
        statement: row.get(3)?,
        value: row.get(4)?,
        issue_id: row.get(5)?,
        plan_id: row.get(6)?,
        acknowledged: row.get(7)?,
        created_at: sql::timestamp_at(row, 8)?,
        updated_at: sql::timestamp_at(row, 9)?,
        acknowledged_by: row.get(10)?,
        acknowledged_by_id: row.get(11)?,
        acknowledged_on: row.get(12)?,
        measure: measure_at(row, 13)?,
    })
}

/// The measure stored in the four columns from `i`.
fn measure_at(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Measure>> {
    let Some(name) = row.get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(Measure {
        name,
        better: sql::choice(row, i + 1)?,
        target: row.get(i + 2)?,
        confidential: row.get(i + 3)?,
    }))
}

pub(super) fn get(conn: &Connection, id: Id) -> Result<Option<ProofStatement>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_statement WHERE id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

pub(super) fn all_for_account(conn: &Connection, account_id: Id) -> Result<Vec<ProofStatement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proof_statement WHERE account_id = ?1 {ORDER}"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Proof statements linked to `issue_id` or to any of `plan_ids`.
pub(super) fn linked_to(
    conn: &Connection,
    issue_id: Option<Id>,
    plan_ids: &[Id],
) -> Result<Vec<ProofStatement>> {
    let mut by_issue = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proof_statement WHERE issue_id = ?1"
    ))?;
    let mut by_plan = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proof_statement WHERE plan_id = ?1"
    ))?;
    let mut found: Vec<ProofStatement> = Vec::new();
    if let Some(issue_id) = issue_id {
        found.extend(
            by_issue
                .query_map([issue_id], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
    }
    for plan_id in plan_ids {
        for proof in by_plan.query_map([plan_id], from_row)? {
            let proof = proof?;
            if !found.iter().any(|p| p.id == proof.id) {
                found.push(proof);
            }
        }
    }
    Ok(found)
}

/// The proof statements `person` acknowledged, newest first.
pub(super) fn acknowledged_by(conn: &Connection, person: Id) -> Result<Vec<ProofStatement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM proof_statement WHERE acknowledged_by_id = ?1 {ORDER}"
    ))?;
    let rows = stmt.query_map([person], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every proof statement, by id.
pub(super) fn all(conn: &Connection) -> Result<Vec<ProofStatement>> {
    Ok(sql::collect(|each| each_by_id(conn, each))?)
}

/// Every proof statement, by id, each handed to `each` as it is read until it
/// says to stop.
pub(super) fn each_by_id(
    conn: &Connection,
    each: &mut dyn FnMut(ProofStatement) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let sql = format!("SELECT {COLUMNS} FROM proof_statement ORDER BY id");
    sql::each_row(conn, &sql, from_row, each)
}

/// The statement's values in `COLUMNS` order.
fn values(p: &ProofStatement) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        p.id.to_sql()?,
        p.account_id.to_sql()?,
        sql::date(&p.date),
        p.statement.to_sql()?,
        p.value.to_sql()?,
        p.issue_id.to_sql()?,
        p.plan_id.to_sql()?,
        p.acknowledged.to_sql()?,
        sql::timestamp(&p.created_at),
        sql::timestamp(&p.updated_at),
        p.acknowledged_by.to_sql()?,
        p.acknowledged_by_id.to_sql()?,
        p.acknowledged_on.to_sql()?,
        owned(p.measure.as_ref().map(|m| m.name.clone())),
        owned(p.measure.as_ref().map(|m| m.better.key().to_string())),
        owned(p.measure.as_ref().and_then(|m| m.target)),
        owned(p.measure.as_ref().is_some_and(|m| m.confidential)),
    ])
}

fn owned(value: impl Into<Value>) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(value.into())
}

/// Inserts the statements or replaces every column of the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    proofs: impl IntoIterator<Item = &'a ProofStatement>,
) -> Result<()> {
    let rows = proofs.into_iter().map(values);
    bulk::upsert(conn, "proof_statement", COLUMNS, rows)
}

saved!(ProofStatement, proofs,
    label: |r| format!("edit of proof statement “{}”", short(&r.statement)),
    account: |a, _conn| Ok(Some(a.account_id)));

/// Deletes a proof statement; the deletion can be undone.
/// In the caller's transaction; returns what was deleted, for messages.
pub(super) fn delete(tx: &Connection, id: Id) -> Result<String> {
    let proof = get(tx, id)?.ok_or(StoreError::NotFound("proof statement"))?;
    history::deleted(tx, Some(proof.account_id), &proof)?;
    let label = format!("proof statement “{}”", short(&proof.statement));
    tx.execute("DELETE FROM proof_statement WHERE id = ?1", [id])?;
    undo_log::push(
        tx,
        &format!("deletion of {label}"),
        &Snapshot::proofs(vec![proof]),
    )?;
    Ok(label)
}

impl Store {
    /// Which of the proof statements `ids` have values of a confidential
    /// measure: one look-up by id each.
    pub fn confidential_values(&self, ids: impl IntoIterator<Item = Id>) -> Result<BTreeSet<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT measure_confidential FROM proof_statement WHERE id = ?1")?;
        let mut hidden = BTreeSet::new();
        for id in ids {
            let confidential: Option<bool> = stmt.query_row([id], |r| r.get(0)).optional()?;
            if confidential == Some(true) {
                hidden.insert(id);
            }
        }
        Ok(hidden)
    }

    /// How many proof statements an account has: one row read, however
    /// long the log (the tally is kept by triggers, migration 008).
    pub fn proof_count(&self, account_id: Id) -> Result<usize> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT entries FROM proof_log_size WHERE account_id = ?1")?
            .query_row([account_id], |r| r.get(0))
            .optional()?;
        Ok(n.and_then(|n| usize::try_from(n).ok()).unwrap_or(0))
    }

    /// A window of an account's proof log, newest first: `limit` entries
    /// after skipping `offset`.
    pub fn proofs(
        &self,
        account_id: Id,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<ProofStatement>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_statement WHERE account_id = ?1 {ORDER} LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(params![account_id, limit as i64, offset as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` entries older than `anchor` in its account's log,
    /// newest first: the next window when scrolling down, found through
    /// the index whatever the position.
    pub fn proofs_older_than(
        &self,
        anchor: &ProofStatement,
        limit: usize,
    ) -> Result<Vec<ProofStatement>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_statement
             WHERE account_id = ?1 AND (date < ?2 OR (date = ?2 AND id < ?3)) {ORDER} LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![anchor.account_id, anchor.date, anchor.id, limit as i64],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` entries newer than `anchor` in its account's log,
    /// newest first: the previous window when scrolling up.
    pub fn proofs_newer_than(
        &self,
        anchor: &ProofStatement,
        limit: usize,
    ) -> Result<Vec<ProofStatement>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_statement
             WHERE account_id = ?1 AND (date > ?2 OR (date = ?2 AND id > ?3))
             ORDER BY date ASC, id ASC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![anchor.account_id, anchor.date, anchor.id, limit as i64],
            from_row,
        )?;
        let mut found = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        found.reverse();
        Ok(found)
    }

    /// The `limit` oldest entries of an account's log, newest first.
    pub fn oldest_proofs(&self, account_id: Id, limit: usize) -> Result<Vec<ProofStatement>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM proof_statement WHERE account_id = ?1
             ORDER BY date ASC, id ASC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![account_id, limit as i64], from_row)?;
        let mut found = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        found.reverse();
        Ok(found)
    }

    /// One proof statement.
    pub fn proof(&self, id: Id) -> Result<ProofStatement> {
        get(&self.conn, id)?.ok_or(StoreError::NotFound("proof statement"))
    }

    /// The position of a proof statement in its account's log (0 = newest).
    pub fn proof_position(&self, proof: &ProofStatement) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM proof_statement
             WHERE account_id = ?1 AND (date > ?2 OR (date = ?2 AND id > ?3))",
            params![proof.account_id, proof.date, proof.id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Creates or updates a proof statement after validating it; an edit can
    /// be undone.
    pub fn save_proof(&mut self, proof: &ProofStatement) -> Result<ProofStatement> {
        self.save_record(proof)
    }

    /// Deletes a proof statement; the deletion can be undone.
    pub fn delete_proof(&mut self, id: Id) -> Result<String> {
        self.write(|tx| delete(tx, id))
    }
}
