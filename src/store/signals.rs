//! Every account's signals, kept per account (migration 007): the facts its
//! signals are computed from and its portfolio figures, stored with the
//! account's revision and the day they hold for. Triggers raise an
//! account's revision with every write to a record they are read from, in
//! that write's transaction, so a reading computes again only the accounts
//! whose revision or day moved, and reads one stored row for each of the
//! others.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use super::database::Store;
use super::error::{Result, StoreError};
use super::insight::facts_of;
use super::portfolio::{Figures, figures};
use super::{accounts, connection::BUSY_TIMEOUT};
use crate::domain::Id;
use crate::domain::insight::Facts;

/// A number that goes up with every write to a record an account's
/// signals are read from; kept by triggers, whoever writes.
pub type Revision = i64;

/// What is kept of one account: what its signals are computed from, and
/// its figures in the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSignals {
    /// What the signals are computed from.
    pub facts: Facts,
    /// The portfolio's figures.
    pub figures: Figures,
}

/// One account as a reading found it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalsRead {
    /// The account.
    pub id: Id,
    /// Its revision; `None` when the file keeps none for it, and its
    /// signals are then computed on every reading.
    pub revision: Option<Revision>,
    /// Its signals; `None` when the caller said it holds them at this
    /// revision already.
    pub signals: Option<AccountSignals>,
}

/// When more than one account in this many must be computed again, the
/// whole portfolio is read in one go rather than account by account.
const TOGETHER_FROM_ONE_IN: usize = 4;

/// An account's place in the portfolio order, its revision, and whether its
/// stored signals hold at that revision on the day asked for.
struct State {
    id: Id,
    revision: Option<Revision>,
    fresh: bool,
}

/// The state of every account (or of `only`) on `today`, by name
/// (ignoring case) as [`Store::accounts`] lists them: one short query that
/// reads no stored signals.
fn states(conn: &Connection, today: NaiveDate, only: Option<Id>) -> Result<Vec<State>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, s.revision, s.computed_revision IS s.revision AND s.day IS ?1
         FROM account a LEFT JOIN account_signals s ON s.account_id = a.id
         WHERE ?2 IS NULL OR a.id = ?2
         ORDER BY a.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map((today, only), |r| {
        Ok(State {
            id: r.get(0)?,
            revision: r.get(1)?,
            fresh: r.get::<_, Option<bool>>(2)?.unwrap_or(false),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored signals of `id`, if they can be read: stored by another
/// version of kam, they may not, and are then computed again.
fn stored(conn: &Connection, id: Id) -> Result<Option<AccountSignals>> {
    let mut stmt =
        conn.prepare_cached("SELECT signals FROM account_signals WHERE account_id = ?1")?;
    let text: Option<String> = stmt.query_row([id], |r| r.get(0))?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// The signals of the accounts `ids` on `today`, computed from their
/// records in the caller's snapshot; `portfolio_size` decides whether
/// they are read together or one by one.
pub(super) fn computed(
    conn: &Connection,
    ids: &[Id],
    today: NaiveDate,
    portfolio_size: usize,
) -> Result<Vec<AccountSignals>> {
    let together = ids.len() * TOGETHER_FROM_ONE_IN > portfolio_size;
    let mut accounts = Vec::with_capacity(ids.len());
    for &id in ids {
        accounts.push(accounts::get(conn, id)?.ok_or(StoreError::NotFound("account"))?);
    }
    facts_of(conn, accounts, today, together)?
        .into_iter()
        .map(|facts| {
            let figures = figures(conn, facts.account.id, today)?;
            Ok(AccountSignals { facts, figures })
        })
        .collect()
}

/// Keeps `computed` signals (each with the revision it was read at) for
/// `today`, where the revision has not moved since.
fn keep(
    conn: &Connection,
    today: NaiveDate,
    computed: &[(Revision, &AccountSignals)],
) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare_cached(
            "UPDATE account_signals SET computed_revision = ?2, day = ?3, signals = ?4
             WHERE account_id = ?1 AND revision = ?2",
        )?;
        for (revision, signals) in computed {
            let text = serde_json::to_string(signals)?;
            stmt.execute((signals.facts.account.id, revision, today, text))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Whether `e` only says the file could not take the signals just now or
/// at all: they are then computed again next time.
fn cannot_keep(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Busy | StoreError::ReadOnly | StoreError::DiskFull
    )
}

impl Store {
    /// Every account's signals on `today` (or only those of `only`), by
    /// name (ignoring case), read in one snapshot. An account whose
    /// revision `known` gives is not read at all: the caller holds its
    /// signals. The others are read from what is kept, or, where their
    /// records changed since or the day moved, computed and kept again
    /// (quietly not, where the file cannot be written).
    pub fn signals(
        &self,
        today: NaiveDate,
        only: Option<Id>,
        known: &HashMap<Id, Revision>,
    ) -> Result<Vec<SignalsRead>> {
        let mut reads = Vec::new();
        let mut stale = Vec::new();
        {
            let tx = self.conn.unchecked_transaction()?;
            let states = states(&tx, today, only)?;
            let portfolio_size = if only.is_some() { 1 } else { states.len() };
            for state in states {
                let held =
                    state.revision.is_some() && known.get(&state.id) == state.revision.as_ref();
                let signals = match (held, state.fresh) {
                    (true, _) => None,
                    (false, true) => stored(&tx, state.id)?,
                    (false, false) => None,
                };
                if !held && signals.is_none() {
                    stale.push(reads.len());
                }
                reads.push(SignalsRead {
                    id: state.id,
                    revision: state.revision,
                    signals,
                });
            }
            let ids: Vec<Id> = stale.iter().map(|&n| reads[n].id).collect();
            for (n, signals) in stale
                .iter()
                .zip(computed(&tx, &ids, today, portfolio_size)?)
            {
                reads[*n].signals = Some(signals);
            }
        }
        let to_keep: Vec<(Revision, &AccountSignals)> = stale
            .iter()
            .filter_map(|&n| Some((reads[n].revision?, reads[n].signals.as_ref()?)))
            .collect();
        if !self.read_only && !to_keep.is_empty() {
            self.conn.busy_timeout(std::time::Duration::ZERO)?;
            let kept = keep(&self.conn, today, &to_keep);
            self.conn.busy_timeout(BUSY_TIMEOUT)?;
            if let Err(e) = kept
                && !cannot_keep(&e)
            {
                return Err(e);
            }
        }
        Ok(reads)
    }

    /// Every account's signals on `today`, by name (ignoring case); see
    /// [`Store::signals`].
    pub fn all_signals(&self, today: NaiveDate) -> Result<Vec<AccountSignals>> {
        Ok(self
            .signals(today, None, &HashMap::new())?
            .into_iter()
            .filter_map(|read| read.signals)
            .collect())
    }

    /// The facts of every account on `today`, by name (ignoring case).
    pub fn facts(&self, today: NaiveDate) -> Result<Vec<Facts>> {
        Ok(self
            .all_signals(today)?
            .into_iter()
            .map(|s| s.facts)
            .collect())
    }

    /// The facts of one account on `today`.
    pub fn account_facts(&self, id: Id, today: NaiveDate) -> Result<Facts> {
        self.signals(today, Some(id), &HashMap::new())?
            .pop()
            .and_then(|read| read.signals)
            .map(|s| s.facts)
            .ok_or(StoreError::NotFound("account"))
    }
}

#[cfg(test)]
mod tests;
