//! What the insight of every account is computed from, read in a few
//! set-based queries whatever the number of accounts, and the breaks in the
//! chain from issue to proof.

mod chain;
mod dates;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{Connection, params_from_iter};

use dates::{date, optional_date};

use super::error::Result;
use super::sql::choice;
use super::{assessments, conversations, matching, stakeholders};
use crate::domain::insight::{Facts, MonthHours, PlanEffort, cost, talk};
use crate::domain::{Account, Assessment, Conversation, Id, MatchingResult, Stakeholder};

/// How far back every proof date is read, in days; of the proofs before,
/// only the newest.
const PROOF_DAYS: u64 = 365;

/// Ids bound in one statement, far below SQLite's parameter limit.
const IDS_PER_STATEMENT: usize = 500;

/// Which accounts a query reads: every one, or one.
#[derive(Clone, Copy)]
enum Scope {
    All,
    Account(Id),
}

impl Scope {
    /// Like [`Scope::filter`], but for every account it names the accounts,
    /// so that SQLite walks an `(account, date)` index one account at a
    /// time and reads only the dates asked for, not the whole table.
    fn by_account(self, column: &str) -> String {
        match self {
            Self::All => format!("?1 IS NULL AND {column} IN (SELECT id FROM account)"),
            Self::Account(_) => self.filter(column),
        }
    }

    /// A condition on `column` for a statement whose `?1` is bound to
    /// [`Scope::param`].
    fn filter(self, column: &str) -> String {
        match self {
            Self::All => "?1 IS NULL".to_string(),
            Self::Account(_) => format!("{column} = ?1"),
        }
    }

    /// A condition on the action plans `p` of the accounts in scope.
    fn plans(self) -> &'static str {
        match self {
            Self::All => "?1 IS NULL",
            Self::Account(_) => {
                "p.issue_id IN (SELECT id FROM business_issue WHERE account_id = ?1)"
            }
        }
    }

    /// The value of `?1`.
    fn param(self) -> Option<Id> {
        match self {
            Self::All => None,
            Self::Account(id) => Some(id),
        }
    }
}

/// `today − days`, or the earliest date when that falls before it.
fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today
        .checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// Every account's stakeholders, by name (ignoring case).
fn stakeholders_by_account(
    conn: &Connection,
    scope: Scope,
) -> Result<HashMap<Id, Vec<Stakeholder>>> {
    let list = match scope {
        Scope::All => stakeholders::all(conn)?,
        Scope::Account(id) => stakeholders::for_account(conn, id)?,
    };
    let mut by_account: HashMap<Id, Vec<Stakeholder>> = HashMap::new();
    for s in list {
        by_account.entry(s.account_id).or_default().push(s);
    }
    for list in by_account.values_mut() {
        list.sort_by_cached_key(|s| (s.name.to_lowercase(), s.id));
    }
    Ok(by_account)
}

/// For each key stakeholder (only they have a contact cadence to keep),
/// the newest conversation they attended. The conversations already read
/// (`recent`) answer for most of them at no cost; only the others are
/// looked up, through the attendee index, instead of joining every
/// attendee row ever written.
fn last_seen(
    conn: &Connection,
    stakeholders: &HashMap<Id, Vec<Stakeholder>>,
    recent: &HashMap<Id, Vec<Conversation>>,
) -> Result<HashMap<Id, NaiveDate>> {
    let mut seen: HashMap<Id, NaiveDate> = HashMap::new();
    for c in recent.values().flatten() {
        for person in &c.attendees {
            let day = seen.entry(*person).or_insert(c.date);
            *day = (*day).max(c.date);
        }
    }
    let unseen: Vec<Id> = stakeholders
        .values()
        .flatten()
        .filter(|s| s.is_key())
        .map(|s| s.id)
        .filter(|id| !seen.contains_key(id))
        .collect();
    for chunk in unseen.chunks(IDS_PER_STATEMENT) {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.stakeholder_id, max(c.date) FROM conversation_attendee a
             JOIN conversation c ON c.id = a.conversation_id
             WHERE a.stakeholder_id IN ({}) GROUP BY a.stakeholder_id",
            vec!["?"; chunk.len()].join(", ")
        ))?;
        let rows = stmt.query_map(params_from_iter(chunk), |r| Ok((r.get(0)?, date(r, 1)?)))?;
        for row in rows {
            let (person, date) = row?;
            seen.insert(person, date);
        }
    }
    Ok(seen)
}

/// Every account's conversations on or after `since`, newest first.
fn conversations_since(
    conn: &Connection,
    scope: Scope,
    since: NaiveDate,
) -> Result<HashMap<Id, Vec<Conversation>>> {
    let list = match scope {
        Scope::All => conversations::since(conn, since)?,
        Scope::Account(id) => {
            let mut list = conversations::for_account(conn, id)?;
            list.retain(|c| c.date >= since);
            list
        }
    };
    let mut by_account: HashMap<Id, Vec<Conversation>> = HashMap::new();
    for c in list {
        by_account.entry(c.account_id).or_default().push(c);
    }
    Ok(by_account)
}

/// Every account's hours in conversations on or after `since`, per
/// calendar month, oldest first. The rows are summed here rather than
/// grouped in SQL, which would sort them all first.
fn conversation_hours(
    conn: &Connection,
    scope: Scope,
    since: NaiveDate,
) -> Result<HashMap<Id, Vec<MonthHours>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT account_id, date, billable_hours, non_billable_hours
         FROM conversation WHERE date >= ?2 AND {}",
        scope.filter("account_id")
    ))?;
    let rows = stmt.query_map((scope.param(), since), |r| {
        Ok((r.get::<_, Id>(0)?, date(r, 1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut sums: HashMap<Id, BTreeMap<NaiveDate, (f64, f64)>> = HashMap::new();
    for row in rows {
        let (account, day, billable, non_billable): (Id, NaiveDate, f64, f64) = row?;
        let sum = sums
            .entry(account)
            .or_default()
            .entry(day.with_day(1).unwrap_or(day))
            .or_default();
        sum.0 += billable;
        sum.1 += non_billable;
    }
    Ok(sums
        .into_iter()
        .map(|(account, months)| {
            let hours = months
                .into_iter()
                .map(|(month, (billable, non_billable))| MonthHours {
                    month,
                    billable,
                    non_billable,
                })
                .collect();
            (account, hours)
        })
        .collect())
}

/// Every account's open action plans, and its done ones dated (due, else
/// created) on or after `since`, oldest first, with whether each is overdue
/// on `today`: open and past its due date (as the portfolio counts it), or
/// open with an open step past its own. Each plan's account comes from a
/// map of the issues, cheaper than a join.
fn plan_efforts(
    conn: &Connection,
    scope: Scope,
    today: NaiveDate,
    since: NaiveDate,
) -> Result<HashMap<Id, Vec<PlanEffort>>> {
    let mut issues = conn.prepare_cached(&format!(
        "SELECT id, account_id FROM business_issue WHERE {}",
        scope.filter("account_id")
    ))?;
    let account_of: HashMap<Id, Id> = issues
        .query_map([scope.param()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    // CASE stops at the first answer: the steps are only looked at for open
    // plans not past due themselves.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT p.issue_id, p.id, p.status, p.due, substr(p.created_at, 1, 10),
                p.billable_hours, p.non_billable_hours,
                CASE WHEN p.status IN ('done', 'dropped') THEN 0
                     WHEN p.due < ?2 THEN 1
                     ELSE EXISTS (SELECT 1 FROM plan_step s
                                  WHERE s.plan_id = p.id AND NOT s.done AND s.due < ?2)
                END
         FROM action_plan p
         WHERE p.status <> 'dropped' AND {}
           AND (p.status <> 'done' OR coalesce(p.due, substr(p.created_at, 1, 10)) >= ?3)",
        scope.plans()
    ))?;
    let rows = stmt.query_map((scope.param(), today, since), |r| {
        Ok((
            r.get::<_, Id>(0)?,
            PlanEffort {
                id: r.get(1)?,
                status: choice(r, 2)?,
                due: optional_date(r, 3)?,
                created: date(r, 4)?,
                billable_hours: r.get(5)?,
                non_billable_hours: r.get(6)?,
                overdue: r.get(7)?,
            },
        ))
    })?;
    let mut by_account: HashMap<Id, Vec<PlanEffort>> = HashMap::new();
    for row in rows {
        let (issue, plan) = row?;
        if let Some(account) = account_of.get(&issue) {
            by_account.entry(*account).or_default().push(plan);
        }
    }
    for plans in by_account.values_mut() {
        plans.sort_unstable_by_key(|p| (p.created, p.id));
    }
    Ok(by_account)
}

/// Every account's proof dates on or after `since` plus the newest one
/// before, oldest first, and its count of proof statements in all (from
/// the proof log's tally, as the account's page shows it). Each figure is
/// one seek or one short range of an index.
fn proof_dates(
    conn: &Connection,
    scope: Scope,
    since: NaiveDate,
) -> Result<HashMap<Id, (Vec<NaiveDate>, usize)>> {
    let mut by_account: HashMap<Id, (Vec<NaiveDate>, usize)> = HashMap::new();
    let mut totals = conn.prepare_cached(&format!(
        "SELECT a.id,
                coalesce((SELECT entries FROM proof_log_size n WHERE n.account_id = a.id), 0),
                (SELECT max(date) FROM proof_statement p
                  WHERE p.account_id = a.id AND p.date < ?2)
         FROM account a WHERE {}",
        scope.filter("a.id")
    ))?;
    let rows = totals.query_map((scope.param(), since), |r| {
        Ok((
            r.get::<_, Id>(0)?,
            r.get::<_, i64>(1)?,
            optional_date(r, 2)?,
        ))
    })?;
    for row in rows {
        let (account, count, before) = row?;
        by_account.insert(
            account,
            (
                before.into_iter().collect(),
                usize::try_from(count).unwrap_or(0),
            ),
        );
    }
    let mut dates = conn.prepare_cached(&format!(
        "SELECT account_id, date FROM proof_statement WHERE date >= ?2 AND {}",
        scope.by_account("account_id")
    ))?;
    let rows = dates.query_map((scope.param(), since), |r| {
        Ok((r.get::<_, Id>(0)?, date(r, 1)?))
    })?;
    for row in rows {
        let (account, date) = row?;
        by_account.entry(account).or_default().0.push(date);
    }
    for (dates, _) in by_account.values_mut() {
        dates.sort_unstable();
    }
    Ok(by_account)
}

/// An account's latest assessment and the one before it.
type LatestTwo = (Option<Assessment>, Option<Assessment>);

/// Every account's latest assessment and the one before it.
fn latest_assessments(conn: &Connection, scope: Scope) -> Result<HashMap<Id, LatestTwo>> {
    // Latest first.
    let list = match scope {
        Scope::All => assessments::latest_two(conn)?,
        Scope::Account(id) => {
            let mut list = assessments::for_account(conn, id)?;
            list.reverse();
            list.truncate(2);
            list
        }
    };
    let mut by_account: HashMap<Id, LatestTwo> = HashMap::new();
    for a in list {
        let slot = by_account.entry(a.account_id).or_default();
        if slot.0.is_none() {
            slot.0 = Some(a);
        } else {
            slot.1.get_or_insert(a);
        }
    }
    Ok(by_account)
}

/// Every account's latest matching test.
fn latest_matching(conn: &Connection, scope: Scope) -> Result<HashMap<Id, MatchingResult>> {
    let list = match scope {
        Scope::All => matching::latest(conn)?,
        Scope::Account(id) => matching::for_account(conn, id)?.pop().into_iter().collect(),
    };
    Ok(list.into_iter().map(|m| (m.account_id, m)).collect())
}

/// The facts of `accounts`, read in one consistent snapshot.
fn read_facts(
    conn: &Connection,
    accounts: Vec<Account>,
    scope: Scope,
    today: NaiveDate,
) -> Result<Vec<Facts>> {
    let mut stakeholders = stakeholders_by_account(conn, scope)?;
    let talk_since = days_before(today, talk::WINDOW_DAYS.unsigned_abs() - 1);
    let mut conversations = conversations_since(conn, scope, talk_since)?;
    let cost_since = cost::window_start(today);
    let mut hours = conversation_hours(conn, scope, cost_since)?;
    let seen = last_seen(conn, &stakeholders, &conversations)?;
    let mut plans = plan_efforts(conn, scope, today, cost_since)?;
    let mut proofs = proof_dates(conn, scope, days_before(today, PROOF_DAYS))?;
    let mut assessments = latest_assessments(conn, scope)?;
    let mut matching = latest_matching(conn, scope)?;
    Ok(accounts
        .into_iter()
        .map(|account| {
            let id = account.id;
            let stakeholders = stakeholders.remove(&id).unwrap_or_default();
            let last_seen = stakeholders
                .iter()
                .filter(|s| s.is_key())
                .filter_map(|s| Some((s.id, *seen.get(&s.id)?)))
                .collect();
            let (proof_dates, proof_count) = proofs.remove(&id).unwrap_or_default();
            let (latest, previous) = assessments.remove(&id).unwrap_or_default();
            Facts {
                account,
                stakeholders,
                last_seen,
                conversations: conversations.remove(&id).unwrap_or_default(),
                conversation_hours: hours.remove(&id).unwrap_or_default(),
                plans: plans.remove(&id).unwrap_or_default(),
                proof_dates,
                proof_count,
                latest,
                previous,
                matching: matching.remove(&id),
            }
        })
        .collect())
}

/// The facts of `accounts` on `today`, in their order, read in the
/// caller's snapshot: `together`, in a handful of queries for the whole
/// portfolio (worth it when they are a good part of it), else account by
/// account, each read costing what that account holds.
pub(super) fn facts_of(
    conn: &Connection,
    accounts: Vec<Account>,
    today: NaiveDate,
    together: bool,
) -> Result<Vec<Facts>> {
    if together {
        return read_facts(conn, accounts, Scope::All, today);
    }
    let mut facts = Vec::with_capacity(accounts.len());
    for account in accounts {
        let id = account.id;
        facts.extend(read_facts(conn, vec![account], Scope::Account(id), today)?);
    }
    Ok(facts)
}
