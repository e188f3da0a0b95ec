//! The undo log: before-images of deleted or edited records, kept in the
//! database so that an undo survives a restart. Each entry also keeps the
//! records as the change left them and the window that made it: a window
//! undoes its own changes (and those made before it opened), and only
//! while their records are still as the change left them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::history::PastChanges;
use super::issues::short;
use super::saving::{self, Saved};
use super::{
    Result, Store, StoreError, accounts, assessments, conversations, history, issues, matching,
    plans, proofs, stakeholders, whitespace,
};
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, Id, MatchingResult,
    ProofStatement, Stakeholder, Whitespace,
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

/// Records a deletion, once done: `snapshot` holds the records as they
/// were, and those the deletion left (with their links cleared) are read
/// back as it left them.
pub(super) fn push(conn: &Connection, label: &str, snapshot: &Snapshot) -> Result<()> {
    let after = Snapshot {
        accounts: still_there(conn, &snapshot.accounts)?,
        issues: still_there(conn, &snapshot.issues)?,
        plans: still_there(conn, &snapshot.plans)?,
        proofs: still_there(conn, &snapshot.proofs)?,
        stakeholders: still_there(conn, &snapshot.stakeholders)?,
        conversations: still_there(conn, &snapshot.conversations)?,
        assessments: still_there(conn, &snapshot.assessments)?,
        ..Snapshot::default()
    };
    push_edit(conn, label, snapshot, &after)
}

/// The records of `records` that are stored, as stored.
fn still_there<T: Saved>(conn: &Connection, records: &[T]) -> Result<Vec<T>> {
    records
        .iter()
        .filter_map(|r| T::load(conn, r.record_id()).transpose())
        .collect()
}

/// Records a change: `before` holds the records as they were, `after` as
/// the change left them (a record of `before` missing from `after` was
/// deleted).
pub(super) fn push_edit(
    conn: &Connection,
    label: &str,
    before: &Snapshot,
    after: &Snapshot,
) -> Result<()> {
    conn.execute(
        "INSERT INTO undo_entry (created_at, label, snapshot, after_snapshot, session) \
         VALUES (?1, ?2, ?3, ?4, (SELECT session FROM temp.this_window))",
        (
            Utc::now(),
            label,
            serde_json::to_string(before)?,
            serde_json::to_string(after)?,
        ),
    )?;
    conn.execute(
        "DELETE FROM undo_entry WHERE seq <= (SELECT max(seq) FROM undo_entry) - ?1",
        [KEEP],
    )?;
    Ok(())
}

/// Names this connection as one window: its own changes, and those made
/// before it opened, are the ones its undo takes back.
pub(super) fn open_window(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS this_window (session TEXT NOT NULL, first_seq INTEGER NOT NULL)",
    )?;
    conn.execute(
        "INSERT INTO temp.this_window \
         VALUES (?1, (SELECT coalesce(max(seq), 0) FROM undo_entry))",
        [Id::new().to_string()],
    )?;
    Ok(())
}

/// The undo entries this window may take back, newest first.
const MINE: &str = "FROM undo_entry \
     WHERE session = (SELECT session FROM temp.this_window) \
        OR seq <= (SELECT first_seq FROM temp.this_window) \
     ORDER BY seq DESC LIMIT 1";

/// What changed in another window since an undo entry was written, in
/// words: `None` when every record is still as the change left it.
fn changed_since(conn: &Connection, before: &Snapshot, after: &Snapshot) -> Result<Option<String>> {
    let found = [
        check(conn, &before.accounts, &after.accounts)?,
        check(conn, &before.stakeholders, &after.stakeholders)?,
        check(conn, &before.conversations, &after.conversations)?,
        check(conn, &before.issues, &after.issues)?,
        check(conn, &before.plans, &after.plans)?,
        check(conn, &before.proofs, &after.proofs)?,
        check(conn, &before.assessments, &after.assessments)?,
        check_grids(conn, &before.whitespace, &after.whitespace)?,
    ];
    Ok(found.into_iter().flatten().next())
}

/// Compares each record of `before` as it is now with how the change left
/// it (in `after`, or deleted).
fn check<T: Saved>(conn: &Connection, before: &[T], after: &[T]) -> Result<Option<String>> {
    for record in before {
        let id = record.record_id();
        let left = after.iter().find(|a| a.record_id() == id);
        let now = T::load(conn, id)?;
        let name = format!("the {} “{}”", T::KIND.noun(), short(&record.label()));
        let what = match (left, now) {
            (None, None) => continue,
            (Some(left), Some(now)) if saving::same_version(left, &now) => continue,
            (Some(left), Some(now)) => {
                let fields: Vec<String> = left
                    .diff(&now)
                    .iter()
                    .map(|c| c.field.replace('_', " "))
                    .collect();
                if fields.is_empty() {
                    format!("{name} was changed since")
                } else {
                    format!("{name} was changed since ({})", fields.join(", "))
                }
            }
            (Some(_), None) => format!("{name} was deleted since"),
            (None, Some(_)) => format!("{name} exists again (restored or created again)"),
        };
        return Ok(Some(what));
    }
    Ok(None)
}

/// Compares each whitespace grid of `before` as it is now with how the
/// change left it.
fn check_grids(
    conn: &Connection,
    before: &[Whitespace],
    after: &[Whitespace],
) -> Result<Option<String>> {
    for grid in before {
        let left = after.iter().find(|a| a.account_id == grid.account_id);
        if let Some(left) = left
            && whitespace::get(conn, grid.account_id)? != *left
        {
            return Ok(Some("the whitespace grid was changed since".to_string()));
        }
    }
    Ok(None)
}

impl Store {
    /// What the next [`Store::undo`] would restore, if anything.
    pub fn next_undo(&self) -> Result<Option<UndoInfo>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT label, created_at {MINE}"), [], |r| {
                Ok(UndoInfo {
                    label: r.get(0)?,
                    at: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Restores the records of this window's latest deletion or edit (or,
    /// when it made none, of the latest made before it opened); returns its
    /// label, or `None` when there is nothing to undo.
    ///
    /// When another window changed those records since, nothing is
    /// restored: the entry is dropped, so that earlier changes can still be
    /// undone, and the error says what changed.
    pub fn undo(&mut self) -> Result<Option<String>> {
        let outcome = self.write(|tx| {
            let entry: Option<(i64, String, String, Option<String>)> = tx
                .query_row(
                    &format!("SELECT seq, label, snapshot, after_snapshot {MINE}"),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((seq, label, json, after)) = entry else {
                return Ok(Ok(None));
            };
            tx.execute("DELETE FROM undo_entry WHERE seq = ?1", [seq])?;
            let snapshot: Snapshot = serde_json::from_str(&json)?;
            if let Some(after) = after {
                let after: Snapshot = serde_json::from_str(&after)?;
                if let Some(what) = changed_since(tx, &snapshot, &after)? {
                    return Ok(Err(format!(
                        "Not undone: {what} elsewhere, so it stays as it is."
                    )));
                }
            }
            history::undoing(tx, &snapshot)?;
            snapshot.upsert_all(tx)?;
            Ok(Ok(Some(label)))
        })?;
        outcome.map_err(StoreError::UndoRefused)
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
