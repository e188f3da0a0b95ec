//! Every account's signals, kept per account (migration 007): the facts its
//! signals are computed from, the figures the portfolio shows and the open
//! plans the agenda lists, each part computed and kept on its own with the
//! account's revision and the day it holds for. Triggers raise an
//! account's revision with every write to a record they are read from, in
//! that write's transaction, so a reading computes again only the accounts
//! whose revision or day moved, and reads one stored row for each of the
//! others.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::agenda::open_plans;
use super::database::Store;
use super::error::{Result, StoreError};
use super::insight::facts_of;
use super::portfolio::{Figures, figures};
use super::{accounts, connection::BUSY_TIMEOUT};
use crate::domain::agenda::AgendaAccount;
use crate::domain::insight::Facts;
use crate::domain::portfolio::AccountSummary;
use crate::domain::{Account, Id};

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

/// What a reading takes of each account, each part computed and kept on
/// its own: all its signals, the summary the portfolio shows, or what the
/// agenda lists.
pub(super) trait Part: Sized + Send + Serialize + DeserializeOwned {
    /// Its name among the kept parts.
    const NAME: &'static str;
    /// It for each of `accounts` on `today`, computed from their records
    /// in the caller's snapshot: `together`, in a handful of queries for
    /// the whole portfolio, else account by account.
    fn compute(
        conn: &Connection,
        accounts: Vec<Account>,
        today: NaiveDate,
        together: bool,
    ) -> Result<Vec<Self>>;
}

impl Part for AccountSignals {
    const NAME: &'static str = "signals";
    fn compute(
        conn: &Connection,
        accounts: Vec<Account>,
        today: NaiveDate,
        together: bool,
    ) -> Result<Vec<Self>> {
        facts_of(conn, accounts, today, together)?
            .into_iter()
            .map(|facts| {
                let figures = figures(conn, facts.account.id, today)?;
                Ok(AccountSignals { facts, figures })
            })
            .collect()
    }
}

impl Part for AccountSummary {
    const NAME: &'static str = "summary";
    fn compute(
        conn: &Connection,
        accounts: Vec<Account>,
        today: NaiveDate,
        _together: bool,
    ) -> Result<Vec<Self>> {
        accounts
            .into_iter()
            .map(|account| Ok(figures(conn, account.id, today)?.summary(account)))
            .collect()
    }
}

impl Part for AgendaAccount {
    const NAME: &'static str = "agenda";
    fn compute(
        conn: &Connection,
        accounts: Vec<Account>,
        today: NaiveDate,
        together: bool,
    ) -> Result<Vec<Self>> {
        let mut plans = if together {
            open_plans(conn, None)?
        } else {
            let mut plans = HashMap::new();
            for account in &accounts {
                plans.extend(open_plans(conn, Some(account.id))?);
            }
            plans
        };
        accounts
            .into_iter()
            .map(|account| {
                let figures = figures(conn, account.id, today)?;
                Ok(AgendaAccount {
                    plans: plans.remove(&account.id).unwrap_or_default(),
                    last_proof: figures.last_proof,
                    last_assessment: figures.last_assessment,
                    account,
                })
            })
            .collect()
    }
}

/// An account's place in the portfolio order, its revision, and whether
/// its kept part holds at that revision on the day asked for.
struct State {
    id: Id,
    revision: Option<Revision>,
    fresh: bool,
}

/// The state of every account (or of `only`) on `today` for `part`, by
/// name (ignoring case) as [`Store::accounts`] lists them: one short query
/// that reads no kept part.
fn states(conn: &Connection, today: NaiveDate, only: Option<Id>, part: &str) -> Result<Vec<State>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, s.revision, k.revision IS s.revision AND k.day IS ?1
         FROM account a LEFT JOIN account_signals s ON s.account_id = a.id
         LEFT JOIN kept_signals k ON k.account_id = a.id AND k.part = ?3
         WHERE ?2 IS NULL OR a.id = ?2
         ORDER BY a.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map((today, only, part), |r| {
        Ok(State {
            id: r.get(0)?,
            revision: r.get(1)?,
            fresh: r.get::<_, Option<bool>>(2)?.unwrap_or(false),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The kept part `T` of `id`'s signals as kept, undecoded.
fn stored_text(conn: &Connection, id: Id, part: &str) -> Result<Option<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT value FROM kept_signals WHERE account_id = ?1 AND part = ?2")?;
    Ok(stmt.query_row((id, part), |r| r.get(0)).optional()?)
}

/// Kept text at least this long in all is decoded on every core.
const DECODED_TOGETHER_FROM: usize = 256 * 1024;

/// Each kept text decoded as a `T`, in order; `None` where it cannot be
/// (kept by another version of kam: it is then computed again). A large
/// portfolio's texts are shared out among the machine's cores.
fn decoded<T: Part>(texts: &[String]) -> Vec<Option<T>> {
    let decode = |text: &String| serde_json::from_str(text).ok();
    let size: usize = texts.iter().map(String::len).sum();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if size < DECODED_TOGETHER_FROM || cores < 2 {
        return texts.iter().map(decode).collect();
    }
    let share = texts.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let workers: Vec<_> = texts
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(decode).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    })
}

/// The part `T` of the accounts `ids` on `today`, computed from their
/// records in the caller's snapshot; see [`Part::compute`].
pub(super) fn computed<T: Part>(
    conn: &Connection,
    ids: &[Id],
    today: NaiveDate,
    together: bool,
) -> Result<Vec<T>> {
    let mut accounts = Vec::with_capacity(ids.len());
    for &id in ids {
        accounts.push(accounts::get(conn, id)?.ok_or(StoreError::NotFound("account"))?);
    }
    T::compute(conn, accounts, today, together)
}

/// A part computed at a revision, ready to keep: the account, the
/// revision, and the part as JSON.
type ToKeep = (Id, Revision, String);

/// Keeps the part `part` of accounts as `computed` for `today`, where the
/// account's revision has not moved since.
fn keep(conn: &Connection, part: &str, today: NaiveDate, computed: &[ToKeep]) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO kept_signals (account_id, part, revision, day, value)
             SELECT ?1, ?2, ?3, ?4, ?5
              WHERE (SELECT revision FROM account_signals WHERE account_id = ?1) = ?3
             ON CONFLICT (account_id, part) DO UPDATE
                SET revision = excluded.revision, day = excluded.day, value = excluded.value",
        )?;
        for (id, revision, value) in computed {
            stmt.execute((id, part, revision, today, value))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Runs `write`, a bulk write of many records, without raising an
/// account's revision row by row, then raises every account's once, all in
/// the caller's transaction: the triggers that keep the revisions are
/// dropped for the while and created again from their own stored text, so
/// the schema ends as it began. If `write` fails, the caller's rollback
/// brings the triggers back as they were.
pub(super) fn with_revisions_raised_once<T>(
    conn: &Connection,
    write: impl FnOnce() -> Result<T>,
) -> Result<T> {
    let triggers: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
              WHERE type = 'trigger' AND name LIKE 'account\\_signals\\_%' ESCAPE '\\'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    let value = write()?;
    for (_, sql) in &triggers {
        conn.execute_batch(sql)?;
    }
    conn.execute_batch(
        "INSERT INTO account_signals (account_id) SELECT id FROM account WHERE true
             ON CONFLICT (account_id) DO UPDATE SET revision = revision + 1;",
    )?;
    Ok(value)
}

/// Whether `e` only says the file could not take the signals just now or
/// at all: they are then computed again next time.
fn cannot_keep(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Busy | StoreError::ReadOnly | StoreError::DiskFull
    )
}

/// One account as a reading found it, with the part `T` of its signals
/// unless the caller holds it already.
struct Found<T> {
    id: Id,
    revision: Option<Revision>,
    part: Option<T>,
}

impl Store {
    /// The part `T` of every account's signals on `today` (or of `only`'s),
    /// by name (ignoring case), read in one snapshot; see [`Store::signals`].
    fn read_signals<T: Part>(
        &self,
        today: NaiveDate,
        only: Option<Id>,
        known: &HashMap<Id, Revision>,
    ) -> Result<Vec<Found<T>>> {
        let mut found = Vec::new();
        let mut stale = Vec::new();
        let mut kept = Vec::new();
        {
            let tx = self.conn.unchecked_transaction()?;
            let states = states(&tx, today, only, T::NAME)?;
            let portfolio_size = states.len();
            let mut kept_texts = Vec::new();
            let mut texts = Vec::new();
            for state in states {
                let held =
                    state.revision.is_some() && known.get(&state.id) == state.revision.as_ref();
                let text = if !held && state.fresh {
                    stored_text(&tx, state.id, T::NAME)?
                } else {
                    None
                };
                match text {
                    Some(text) => {
                        kept_texts.push(found.len());
                        texts.push(text);
                    }
                    None if !held => stale.push(found.len()),
                    None => {}
                }
                found.push(Found {
                    id: state.id,
                    revision: state.revision,
                    part: None,
                });
            }
            for (n, part) in kept_texts.into_iter().zip(decoded::<T>(&texts)) {
                match part {
                    Some(part) => found[n].part = Some(part),
                    None => stale.push(n),
                }
            }
            let ids: Vec<Id> = stale.iter().map(|&n| found[n].id).collect();
            let together = only.is_none() && ids.len() * TOGETHER_FROM_ONE_IN > portfolio_size;
            for (&n, part) in stale.iter().zip(computed::<T>(&tx, &ids, today, together)?) {
                if let Some(revision) = found[n].revision {
                    kept.push((found[n].id, revision, serde_json::to_string(&part)?));
                }
                found[n].part = Some(part);
            }
        }
        if !self.read_only && !kept.is_empty() {
            self.conn.busy_timeout(std::time::Duration::ZERO)?;
            let done = keep(&self.conn, T::NAME, today, &kept);
            self.conn.busy_timeout(BUSY_TIMEOUT)?;
            if let Err(e) = done
                && !cannot_keep(&e)
            {
                return Err(e);
            }
        }
        Ok(found)
    }

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
        Ok(self
            .read_signals(today, only, known)?
            .into_iter()
            .map(|found| SignalsRead {
                id: found.id,
                revision: found.revision,
                signals: found.part,
            })
            .collect())
    }

    /// Every account's signals on `today`, by name (ignoring case); see
    /// [`Store::signals`].
    pub fn all_signals(&self, today: NaiveDate) -> Result<Vec<AccountSignals>> {
        self.kept(today)
    }

    /// The part `T` of every account's signals on `today`, by name
    /// (ignoring case); see [`Store::signals`].
    pub(super) fn kept<T: Part>(&self, today: NaiveDate) -> Result<Vec<T>> {
        Ok(self
            .read_signals(today, None, &HashMap::new())?
            .into_iter()
            .filter_map(|found| found.part)
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
