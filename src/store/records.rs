//! Whole sets of records at once: the portfolio for an export, one account
//! with everything under it (read, or deleted with an undo entry), and
//! records written back in bulk.

use std::ops::ControlFlow;

use rusqlite::Connection;

use super::database::Store;
use super::error::{Result, StoreError};
use super::history::{self, PastChanges};
use super::snapshot::Snapshot;
use super::sql;
use super::{
    accounts, assessments, conversations, issues, matching, plans, proofs, stakeholders,
    team_rounds, undo_log, whitespace,
};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, MatchingResult,
    ProofStatement, Stakeholder, Whitespace,
};
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
        team_rounds: team_rounds::for_account(conn, id)?.into_iter().collect(),
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
    matching::upsert_many(conn, &records.matching)?;
    team_rounds::upsert_many(conn, &records.team_rounds)
}

/// Takes one record at a time, and says whether to go on.
pub type Each<'f, T> = &'f mut dyn FnMut(T) -> ControlFlow<()>;

/// Every record in the database, read kind by kind in one consistent
/// snapshot, each kind ordered by id; each method hands the records of its
/// kind to `each` one at a time, until `each` says to stop.
pub struct EachRecord<'s> {
    tx: rusqlite::Transaction<'s>,
}

impl EachRecord<'_> {
    /// Accounts.
    pub fn accounts(&self, each: Each<'_, Account>) -> Result<()> {
        Ok(accounts::each_by_id(&self.tx, each)?)
    }

    /// Business issues.
    pub fn issues(&self, each: Each<'_, BusinessIssue>) -> Result<()> {
        Ok(issues::each_by_id(&self.tx, each)?)
    }

    /// Action plans with their steps.
    pub fn plans(&self, each: Each<'_, ActionPlan>) -> Result<()> {
        hand_over(plans::all(&self.tx)?, each)
    }

    /// Proof statements.
    pub fn proofs(&self, each: Each<'_, ProofStatement>) -> Result<()> {
        Ok(proofs::each_by_id(&self.tx, each)?)
    }

    /// Stakeholders.
    pub fn stakeholders(&self, each: Each<'_, Stakeholder>) -> Result<()> {
        Ok(stakeholders::each_by_id(&self.tx, each)?)
    }

    /// Conversations with their attendees.
    pub fn conversations(&self, each: Each<'_, Conversation>) -> Result<()> {
        hand_over(conversations::all(&self.tx)?, each)
    }

    /// Strategic assessments.
    pub fn assessments(&self, each: Each<'_, Assessment>) -> Result<()> {
        Ok(assessments::each_by_id(&self.tx, each)?)
    }

    /// Whitespace grids, by account.
    pub fn whitespace(&self, each: Each<'_, Whitespace>) -> Result<()> {
        hand_over(whitespace::all(&self.tx)?, each)
    }

    /// Matching-test results.
    pub fn matching(&self, each: Each<'_, MatchingResult>) -> Result<()> {
        Ok(matching::each_by_id(&self.tx, each)?)
    }
}

/// Hands `records`, a kind read whole with what belongs to each record
/// (steps, attendees, cells), to `each`.
fn hand_over<T>(records: Vec<T>, each: Each<'_, T>) -> Result<()> {
    let _stopped = records.into_iter().try_for_each(each);
    Ok(())
}

/// Deletes an account with everything in it, as [`Store::delete_account`]
/// does, in the caller's transaction; returns what was deleted.
pub(super) fn delete_account(tx: &Connection, id: Id) -> Result<String> {
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
}

impl Store {
    /// Every record in the database, each kind ordered by id, read in one
    /// consistent snapshot even while another kam writes.
    pub fn all_records(&self) -> Result<Snapshot> {
        let all = self.each_record()?;
        Ok(Snapshot {
            accounts: sql::collect(|each| all.accounts(each))?,
            issues: sql::collect(|each| all.issues(each))?,
            plans: sql::collect(|each| all.plans(each))?,
            proofs: sql::collect(|each| all.proofs(each))?,
            stakeholders: sql::collect(|each| all.stakeholders(each))?,
            conversations: sql::collect(|each| all.conversations(each))?,
            assessments: sql::collect(|each| all.assessments(each))?,
            whitespace: sql::collect(|each| all.whitespace(each))?,
            matching: sql::collect(|each| all.matching(each))?,
            // A team round in progress stays with the file it is taken in.
            team_rounds: Vec::new(),
        })
    }

    /// Every record in the database as [`Store::all_records`] reads them,
    /// handed over one at a time as they are read rather than held all at
    /// once: for an export of a large portfolio.
    pub fn each_record(&self) -> Result<EachRecord<'_>> {
        Ok(EachRecord {
            tx: self.conn.unchecked_transaction()?,
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
        self.write(|tx| delete_account(tx, id))
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
