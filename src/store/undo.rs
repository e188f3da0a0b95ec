//! Taking back a change: the latest entry of this window's undo log is
//! restored, but only while its records are still as the change left them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::database::Store;
use super::error::{Result, StoreError};
use super::record::{Saved, same_version, short};
use super::snapshot::Snapshot;
use super::undo_log::MINE;
use super::{history, moving, records, team_rounds, whitespace};
use crate::domain::Whitespace;
use crate::domain::matching::team::RoundInProgress;

/// What the next undo would restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoInfo {
    /// E.g. "deletion of proof statement “…”".
    pub label: String,
    /// When the change was made.
    pub at: DateTime<Utc>,
}

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
        check_rounds(conn, &before.team_rounds)?,
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
            (Some(left), Some(now)) if same_version(left, &now) => continue,
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

/// A team round comes back only while its account has no other round in
/// progress.
fn check_rounds(conn: &Connection, before: &[RoundInProgress]) -> Result<Option<String>> {
    for round in before {
        if let Some(now) = team_rounds::for_account(conn, round.account_id)? {
            return Ok(Some(format!(
                "another team round was started since ({})",
                now.progress()
            )));
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
    /// When another window changed those records since, or deleted what
    /// they belong to (their account, their issue), nothing is restored:
    /// the entry is dropped, so that earlier changes can still be undone,
    /// and the error says why.
    pub fn undo(&mut self) -> Result<Option<String>> {
        let restored = self.write(|tx| {
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
            let accounts = moving::accounts_of(tx, &snapshot)?;
            records::upsert_all(tx, &snapshot)?;
            moving::unlink_across(tx, &accounts)?;
            Ok(Ok(Some(label)))
        });
        let outcome = match restored {
            // What the records belong to (their account, an issue) was
            // deleted elsewhere: the entry can never apply, so it goes,
            // and the earlier ones can still be undone.
            Err(StoreError::MissingLink) => self.write(|tx| {
                tx.execute(
                    &format!("DELETE FROM undo_entry WHERE seq = (SELECT seq {MINE})"),
                    [],
                )?;
                Ok(Err(
                    "Not undone: what it belongs to was deleted elsewhere since, \
                        so it stays as it is."
                        .to_string(),
                ))
            })?,
            other => other?,
        };
        outcome.map_err(StoreError::UndoRefused)
    }
}
