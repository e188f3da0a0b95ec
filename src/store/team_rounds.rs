//! Team rounds in progress: the team's matching test as it goes, one
//! confirmed turn at a time, until it is finished (and kept as a matching
//! result) or discarded (with an undo entry).

use rusqlite::{Connection, OptionalExtension, Row, ToSql};

use super::bulk::{self, Values};
use super::database::Store;
use super::error::{Result, StoreError};
use super::snapshot::Snapshot;
use super::{history, matching, sql, undo_log};
use crate::domain::matching::team::{MIN_MEMBERS, RoundInProgress};
use crate::domain::{FieldError, Id, Invalid, MatchingResult};

const COLUMNS: &str = "id, account_id, started_at, round";

fn from_row(row: &Row<'_>) -> rusqlite::Result<RoundInProgress> {
    Ok(RoundInProgress {
        id: row.get(0)?,
        account_id: row.get(1)?,
        started_at: sql::timestamp_at(row, 2)?,
        round: sql::json_at(row, 3)?,
    })
}

/// The round in progress of the account `account_id`, if any.
pub(super) fn for_account(conn: &Connection, account_id: Id) -> Result<Option<RoundInProgress>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM team_round WHERE account_id = ?1"
        ))?
        .query_row([account_id], from_row)
        .optional()?)
}

fn values(r: &RoundInProgress) -> rusqlite::Result<Values<'_>> {
    Ok(vec![
        r.id.to_sql()?,
        r.account_id.to_sql()?,
        sql::timestamp(&r.started_at),
        sql::json(&r.round)?,
    ])
}

/// Inserts the rounds or replaces the stored ones.
pub(super) fn upsert_many<'a>(
    conn: &Connection,
    rounds: impl IntoIterator<Item = &'a RoundInProgress>,
) -> Result<()> {
    bulk::upsert(conn, "team_round", COLUMNS, rounds.into_iter().map(values))
}

/// Refuses a round whose members are too few or whose turns are not in
/// order.
fn check(round: &RoundInProgress) -> Result<()> {
    let r = &round.round;
    let problem = if r.members.len() < MIN_MEMBERS {
        Some(format!("a team round has at least {MIN_MEMBERS} members"))
    } else if r.written.len() > r.members.len()
        || r.matched.len() > r.members.len()
        || (!r.matched.is_empty() && r.written.len() < r.members.len())
    {
        Some("a team round's turns go writing, then matching, one member at a time".to_string())
    } else {
        None
    };
    match problem {
        Some(message) => Err(Invalid(vec![FieldError::new("team", message)]).into()),
        None => Ok(()),
    }
}

impl Store {
    /// The team round in progress on the account `account_id`, if any.
    pub fn team_round(&self, account_id: Id) -> Result<Option<RoundInProgress>> {
        for_account(&self.conn, account_id)
    }

    /// Keeps the round as it stands now, in one transaction: called after
    /// every confirmed turn. Refused when another round of the account was
    /// started meanwhile (in another window).
    pub fn save_team_round(&mut self, round: &RoundInProgress) -> Result<()> {
        check(round)?;
        self.write(|tx| {
            if let Some(other) = for_account(tx, round.account_id)?
                && other.id != round.id
            {
                return Err(StoreError::Data(format!(
                    "another team round of this account was started meanwhile ({})",
                    other.progress()
                )));
            }
            upsert_many(tx, [round])
        })
    }

    /// Keeps the finished round as a dated matching result and removes the
    /// round in progress, in one transaction; returns the result.
    pub fn finish_team_round(&mut self, round: &RoundInProgress) -> Result<MatchingResult> {
        let result = MatchingResult::of_team(round.id, round.account_id, round.round.clone())
            .ok_or_else(|| {
                Invalid(vec![FieldError::new(
                    "team",
                    "every member writes and matches before the round is scored",
                )])
            })?;
        result.validate()?;
        self.write(|tx| {
            history::saved(tx, Some(result.account_id), None, &result)?;
            matching::upsert_many(tx, [&result])?;
            tx.execute("DELETE FROM team_round WHERE id = ?1", [round.id])?;
            Ok(())
        })?;
        Ok(result)
    }

    /// Discards the round in progress of the account `account_id`, with an
    /// undo entry; returns what was discarded, for messages.
    pub fn discard_team_round(&mut self, account_id: Id) -> Result<String> {
        self.write(|tx| {
            let round = for_account(tx, account_id)?.ok_or(StoreError::NotFound("team round"))?;
            let label = format!("team round ({})", round.progress());
            tx.execute("DELETE FROM team_round WHERE id = ?1", [round.id])?;
            let snapshot = Snapshot {
                team_rounds: vec![round],
                ..Snapshot::default()
            };
            undo_log::push(tx, &format!("discarding of the {label}"), &snapshot)?;
            Ok(label)
        })
    }
}
