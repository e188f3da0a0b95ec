//! Whole sets of records at once: the portfolio for an export, one account
//! with everything under it (read, or deleted with an undo entry), and
//! records written back in bulk.

use rusqlite::Connection;

use super::database::Store;
use super::error::{Result, StoreError};
use super::history::{self, PastChanges};
use super::snapshot::Snapshot;
use super::{
    accounts, assessments, conversations, issues, matching, plans, proofs, stakeholders, undo_log,
    whitespace,
};
use crate::domain::{Account, Id};
use crate::text::count;

/// `account` with everything under it, each kind as its module orders an
/// account's records; the form an account takes in an undo entry.
fn account_snapshot(conn: &Connection, account: Account) -> Result<Snapshot> {
    let id = account.id;
    let issues = issues::for_account(conn, id)?;
    Ok(Snapshot {
        accounts: vec![account],
        plans: plans::for_issues(conn, &issues)?,
        issues,
        proofs: proofs::all_for_account(conn, id)?,
        stakeholders: stakeholders::for_account(conn, id)?,
        conversations: conversations::for_account(conn, id)?,
        assessments: assessments::for_account(conn, id)?,
        whitespace: whitespace::for_account(conn, id)?,
        matching: matching::for_account(conn, id)?,
    })
}

/// Writes every record of `records`, replacing any with the same id (and each
/// account's whole whitespace grid).
pub(super) fn upsert_all(conn: &Connection, records: &Snapshot) -> Result<()> {
    accounts::upsert_many(conn, &records.accounts)?;
    stakeholders::upsert_many(conn, &records.stakeholders)?;
    conversations::upsert_many(conn, &records.conversations)?;
    issues::upsert_many(conn, &records.issues)?;
    plans::upsert_many(conn, &records.plans)?;
    proofs::upsert_many(conn, &records.proofs)?;
    assessments::upsert_many(conn, &records.assessments)?;
    whitespace::replace_many(conn, &records.whitespace)?;
    matching::upsert_many(conn, &records.matching)
}

impl Store {
    /// Every record in the database, each kind ordered by id, read in one
    /// consistent snapshot even while another kam writes.
    pub fn all_records(&self) -> Result<Snapshot> {
        let tx = self.conn.unchecked_transaction()?;
        Ok(Snapshot {
            accounts: accounts::all(&tx)?,
            issues: issues::all(&tx)?,
            plans: plans::all(&tx)?,
            proofs: proofs::all(&tx)?,
            stakeholders: stakeholders::all(&tx)?,
            conversations: conversations::all(&tx)?,
            assessments: assessments::all(&tx)?,
            whitespace: whitespace::all(&tx)?,
            matching: matching::all(&tx)?,
        })
    }

    /// One account with everything under it, each kind in the order the
    /// workspace shows it: issues open and important first, plans by issue,
    /// proof statements newest first, stakeholders by name,
    /// conversations newest first, assessments and matching tests oldest first.
    pub fn account_records(&self, account_id: Id) -> Result<Snapshot> {
        let tx = self.conn.unchecked_transaction()?;
        let account = self.account(account_id)?;
        account_snapshot(&tx, account)
    }

    /// Deletes an account with everything in it (issues, plans, proof
    /// statements, stakeholders, conversations, assessments, whitespace and
    /// matching tests); the deletion can be undone. Returns what was deleted, for messages.
    pub fn delete_account(&mut self, id: Id) -> Result<String> {
        self.write(|tx| {
            let account = accounts::get(tx, id)?.ok_or(StoreError::NotFound("account"))?;
            history::deleted(tx, Some(id), &account)?;
            let snapshot = account_snapshot(tx, account.clone())?;
            let label = format!(
                "account “{}” ({}, {}, {})",
                account.name,
                count(snapshot.issues.len(), "issue", "issues"),
                count(snapshot.plans.len(), "plan", "plans"),
                count(snapshot.proofs.len(), "proof statement", "proof statements")
            );
            tx.execute("DELETE FROM account WHERE id = ?1", [id])?;
            undo_log::push(tx, &format!("deletion of {label}"), &snapshot)?;
            Ok(label)
        })
    }

    /// Inserts or replaces many records in one transaction, without undo
    /// entries: for the demo portfolio, imports and benchmarks.
    pub fn insert_all(&mut self, records: &Snapshot) -> Result<()> {
        self.insert_with_history(records, |_| Ok(()))
    }

    /// Writes every record of `records` as [`Store::insert_all`] does and,
    /// in the same transaction, the history that `past` tells of them.
    pub fn insert_with_history(
        &mut self,
        records: &Snapshot,
        past: impl FnOnce(&PastChanges) -> Result<()>,
    ) -> Result<()> {
        records.validate()?;
        self.write(|tx| {
            upsert_all(tx, records)?;
            past(&PastChanges::new(tx))
        })
    }
}
