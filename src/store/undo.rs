//! The undo log: before-images of deleted or edited records, kept in the
//! database so that an undo survives a restart.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::history::PastChanges;
use super::{
    Result, Store, accounts, assessments, conversations, history, issues, matching, plans, proofs,
    stakeholders, whitespace,
};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder, Whitespace,
};

/// How many undo steps are kept.
const KEEP: i64 = 200;

/// A set of records, parents before children; the unit of undo and of bulk
/// insertion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Business issues.
    pub issues: Vec<BusinessIssue>,
    /// Action plans with their steps.
    pub plans: Vec<ActionPlan>,
    /// Proof statements.
    pub proofs: Vec<ProofStatement>,
    /// Stakeholders (absent from undo entries written before they existed).
    #[serde(default)]
    pub stakeholders: Vec<Stakeholder>,
    /// Conversations with their attendees.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
    /// Strategic assessments.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Whitespace grids, each replacing its account's whole grid.
    #[serde(default)]
    pub whitespace: Vec<Whitespace>,
    /// Matching-test results.
    #[serde(default)]
    pub matching: Vec<MatchingResult>,
}

impl Snapshot {
    pub(super) fn accounts(accounts: Vec<Account>) -> Self {
        Self {
            accounts,
            ..Self::default()
        }
    }

    pub(super) fn issues(issues: Vec<BusinessIssue>) -> Self {
        Self {
            issues,
            ..Self::default()
        }
    }

    pub(super) fn plans(plans: Vec<ActionPlan>) -> Self {
        Self {
            plans,
            ..Self::default()
        }
    }

    pub(super) fn proofs(proofs: Vec<ProofStatement>) -> Self {
        Self {
            proofs,
            ..Self::default()
        }
    }

    pub(super) fn stakeholders(stakeholders: Vec<Stakeholder>) -> Self {
        Self {
            stakeholders,
            ..Self::default()
        }
    }

    pub(super) fn conversations(conversations: Vec<Conversation>) -> Self {
        Self {
            conversations,
            ..Self::default()
        }
    }

    pub(super) fn assessments(assessments: Vec<Assessment>) -> Self {
        Self {
            assessments,
            ..Self::default()
        }
    }

    pub(super) fn whitespace(whitespace: Vec<Whitespace>) -> Self {
        Self {
            whitespace,
            ..Self::default()
        }
    }

    /// Writes every record, replacing any with the same id (and each
    /// account's whole whitespace grid).
    pub(super) fn upsert_all(&self, conn: &Connection) -> Result<()> {
        accounts::upsert_many(conn, &self.accounts)?;
        stakeholders::upsert_many(conn, &self.stakeholders)?;
        conversations::upsert_many(conn, &self.conversations)?;
        issues::upsert_many(conn, &self.issues)?;
        plans::upsert_many(conn, &self.plans)?;
        proofs::upsert_many(conn, &self.proofs)?;
        assessments::upsert_many(conn, &self.assessments)?;
        whitespace::replace_many(conn, &self.whitespace)?;
        matching::upsert_many(conn, &self.matching)
    }

    /// Validates every record.
    pub fn validate(&self) -> Result<(), crate::domain::Invalid> {
        self.accounts.iter().try_for_each(Account::validate)?;
        self.issues.iter().try_for_each(BusinessIssue::validate)?;
        self.plans.iter().try_for_each(ActionPlan::validate)?;
        self.proofs.iter().try_for_each(ProofStatement::validate)?;
        self.stakeholders
            .iter()
            .try_for_each(Stakeholder::validate)?;
        self.conversations
            .iter()
            .try_for_each(Conversation::validate)?;
        self.assessments.iter().try_for_each(Assessment::validate)?;
        self.whitespace.iter().try_for_each(Whitespace::validate)?;
        self.matching.iter().try_for_each(MatchingResult::validate)
    }
}

/// What the next undo would restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoInfo {
    /// E.g. "deletion of proof statement “…”".
    pub label: String,
    /// When the change was made.
    pub at: DateTime<Utc>,
}

pub(super) fn push(conn: &Connection, label: &str, snapshot: &Snapshot) -> Result<()> {
    conn.execute(
        "INSERT INTO undo_entry (created_at, label, snapshot) VALUES (?1, ?2, ?3)",
        (Utc::now(), label, serde_json::to_string(snapshot)?),
    )?;
    conn.execute(
        "DELETE FROM undo_entry WHERE seq <= (SELECT max(seq) FROM undo_entry) - ?1",
        [KEEP],
    )?;
    Ok(())
}

impl Store {
    /// What the next [`Store::undo`] would restore, if anything.
    pub fn next_undo(&self) -> Result<Option<UndoInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT label, created_at FROM undo_entry ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(UndoInfo {
                        label: r.get(0)?,
                        at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Restores the records of the latest deletion or edit; returns its
    /// label, or `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.write(|tx| {
            let entry: Option<(i64, String, String)> = tx
                .query_row(
                    "SELECT seq, label, snapshot FROM undo_entry ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((seq, label, json)) = entry else {
                return Ok(None);
            };
            let snapshot: Snapshot = serde_json::from_str(&json)?;
            history::undoing(tx, &snapshot)?;
            snapshot.upsert_all(tx)?;
            tx.execute("DELETE FROM undo_entry WHERE seq = ?1", [seq])?;
            Ok(Some(label))
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
            records.upsert_all(tx)?;
            past(&PastChanges::new(tx))
        })
    }
}
