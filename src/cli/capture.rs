//! Quick capture from the shell, for right after a call: `kam log` and
//! `kam issue`.

use anyhow::{Context, Result, anyhow, bail};
use chrono::Local;

use crate::domain::account::{NameMatch, match_by};
use crate::domain::choice::Choice;
use crate::domain::dates::parse_date;
use crate::domain::insight::proof_counts;
use crate::domain::measure::{Better, Measure, NOT_A_QUANTITY, Quantity};
use crate::domain::proof::FUTURE_DATE;
use crate::domain::{Account, BusinessIssue, Id, ProofStatement};
use crate::store::Store;
use crate::text::{first_line, sanitize};

/// What kind of record a query from the shell looks for, in the words of
/// its error messages.
struct Kind {
    /// "account".
    one: &'static str,
    /// "accounts".
    many: &'static str,
    /// "Accounts", heading the list of all candidates.
    heading: &'static str,
    /// "name": the part of the record the query starts.
    part: &'static str,
}

const ACCOUNT: Kind = Kind {
    one: "account",
    many: "accounts",
    heading: "Accounts",
    part: "name",
};

const ISSUE: Kind = Kind {
    one: "business issue",
    many: "business issues",
    heading: "Business issues",
    part: "statement",
};

const PLAN: Kind = Kind {
    one: "action plan",
    many: "action plans",
    heading: "Action plans",
    part: "title",
};

/// Finds the one record of `items` whose `name` starts with `query`, or
/// explains why not: none matches (listing every candidate, or saying
/// `empty` when there are none), or several do (listing them).
fn pick<'a, T>(
    items: &'a [T],
    name: impl Fn(&T) -> &str + Copy,
    query: &str,
    kind: &Kind,
    empty: &str,
) -> Result<&'a T> {
    let list = |found: &mut dyn Iterator<Item = &T>| {
        found
            .map(|item| sanitize(&first_line(name(item))).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match match_by(items, name, query) {
        NameMatch::One(item) => Ok(item),
        NameMatch::None if items.is_empty() => {
            bail!("no {} matches “{}”: {empty}", kind.one, sanitize(query))
        }
        NameMatch::None => bail!(
            "no {} matches “{}”. {}: {}",
            kind.one,
            sanitize(query),
            kind.heading,
            list(&mut items.iter())
        ),
        NameMatch::Many(found) => bail!(
            "“{}” matches {} {}: {}. Type more of the {}.",
            sanitize(query),
            found.len(),
            kind.many,
            list(&mut found.into_iter()),
            kind.part
        ),
    }
}

/// Finds the one account `query` names, or explains why not.
pub fn find_account(store: &Store, query: &str) -> Result<Account> {
    let accounts = store.accounts()?;
    pick(
        &accounts,
        |a| &a.name,
        query,
        &ACCOUNT,
        "the portfolio is empty",
    )
    .cloned()
}

/// The business issue and action plan a proof statement logged for
/// `account` is linked to: the issue among the account's issues, the plan
/// among that issue's plans, or among all the account's plans when no
/// issue is named (the issue is then the plan's).
fn find_links(
    store: &Store,
    account: &Account,
    issue: Option<&str>,
    plan: Option<&str>,
) -> Result<(Option<Id>, Option<Id>)> {
    let name = sanitize(&account.name);
    let issue = match issue {
        Some(query) => {
            let issues = store.issues(account.id)?;
            let empty = format!("{name} has no business issues");
            Some(pick(&issues, |i| &i.statement, query, &ISSUE, &empty)?.clone())
        }
        None => None,
    };
    let Some(query) = plan else {
        return Ok((issue.map(|i| i.id), None));
    };
    let (plans, empty) = match &issue {
        Some(issue) => (
            store.plans(issue.id)?,
            format!(
                "the business issue “{}” has no action plans",
                sanitize(&first_line(&issue.statement))
            ),
        ),
        None => (
            store.account_plans(account.id)?,
            format!("{name} has no action plans"),
        ),
    };
    let plan = pick(&plans, |p| &p.title, query, &PLAN, &empty)?;
    Ok((Some(plan.issue_id), Some(plan.id)))
}

/// The proof statement's links as `kam log` reports them: " (business
/// issue “…”, action plan “…”)", or nothing.
fn links_text(store: &Store, issue_id: Option<Id>, plan_id: Option<Id>) -> Result<String> {
    let mut parts = Vec::new();
    if let Some(id) = issue_id {
        let issue = store.issue(id)?;
        parts.push(format!(
            "business issue “{}”",
            sanitize(&first_line(&issue.statement))
        ));
    }
    if let Some(id) = plan_id {
        let plan = store.plan(id)?;
        parts.push(format!(
            "action plan “{}”",
            sanitize(&first_line(&plan.title))
        ));
    }
    Ok(if parts.is_empty() {
        String::new()
    } else {
        format!(", linked to {}", parts.join(" and "))
    })
}

/// What `kam log` records: a proof statement for the account `query`
/// names, with an optional value, date and links.
pub struct LogEntry {
    /// The account, as typed.
    pub account: String,
    /// What we delivered.
    pub statement: String,
    /// A measured value.
    pub value: Option<String>,
    /// The measure the value belongs to.
    pub measure: Option<MeasureEntry>,
    /// The date, as typed; today when absent.
    pub date: Option<String>,
    /// The business issue, as typed.
    pub issue: Option<String>,
    /// The action plan, as typed.
    pub plan: Option<String>,
}

/// The measure of a `kam log` entry, as typed.
pub struct MeasureEntry {
    /// Its name.
    pub name: String,
    /// Whether it may be a new measure.
    pub new: bool,
    /// Which direction is better, `higher` or `lower`.
    pub better: Option<String>,
    /// Its target.
    pub target: Option<f64>,
    /// Whether its values are confidential.
    pub confidential: bool,
}

/// The measure and value of a statement logged for `account`: an existing
/// measure keeps its definition unless told otherwise, a bare number takes
/// the measure's unit, and an unknown name is refused with the account's
/// measures unless it is new.
fn measured(
    store: &Store,
    account: &Account,
    entry: MeasureEntry,
    value: &str,
) -> Result<(Measure, String)> {
    let better = entry
        .better
        .map(|key| {
            Better::from_key(&key.to_lowercase())
                .ok_or_else(|| anyhow!("--better {}: say higher or lower", sanitize(&key)))
        })
        .transpose()?;
    let newest = store.measure_definition(account.id, &entry.name)?;
    let (mut measure, unit) = match (newest, entry.new) {
        (Some(newest), _) => {
            let unit = newest.quantity().map(|q| q.unit).unwrap_or_default();
            (newest.measure.expect("a measured statement"), unit)
        }
        (None, true) => (
            Measure {
                name: entry.name.trim().to_string(),
                better: Better::Higher,
                target: None,
                confidential: false,
            },
            String::new(),
        ),
        (None, false) => {
            let names = store.measure_names(account.id)?;
            let known = if names.is_empty() {
                format!("{} has no measures yet", sanitize(&account.name))
            } else {
                format!(
                    "the measures of {} are: {}",
                    sanitize(&account.name),
                    names
                        .iter()
                        .map(|n| sanitize(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            bail!(
                "--measure {}: no such measure; {known}. Add --new-measure to start it.",
                sanitize(&entry.name)
            );
        }
    };
    measure.better = better.unwrap_or(measure.better);
    measure.target = entry.target.or(measure.target);
    measure.confidential |= entry.confidential;
    let quantity = match Quantity::parse(value) {
        Some(q) if q.unit.is_empty() => Quantity { unit, ..q },
        Some(q) if unit.is_empty() || q.unit == unit => q,
        Some(q) => bail!(
            "--value {}: {} is measured in {unit}, not {}",
            sanitize(value),
            sanitize(&measure.name),
            sanitize(&q.unit)
        ),
        None => bail!("--value {}: {NOT_A_QUANTITY}", sanitize(value)),
    };
    Ok((measure, quantity.text()))
}

/// Runs `kam log`: checks the date and finds the account and links before
/// anything is written.
pub fn log(store: &mut Store, entry: LogEntry) -> Result<()> {
    let account = find_account(store, &entry.account)?;
    let today = Local::now().date_naive();
    let date = match entry.date {
        Some(text) => parse_date(&text, today).map_err(|e| anyhow!("--date: {e}"))?,
        None => today,
    };
    if !proof_counts(date, today) {
        bail!("--date {date}: {FUTURE_DATE}");
    }
    let (issue_id, plan_id) = find_links(
        store,
        &account,
        entry.issue.as_deref(),
        entry.plan.as_deref(),
    )?;
    let mut proof = ProofStatement::new(account.id, date, entry.statement);
    proof.value = entry.value.filter(|v| !v.trim().is_empty());
    if let Some(measure) = entry.measure {
        let value = proof.value.as_deref().unwrap_or_default();
        let (measure, value) = measured(store, &account, measure, value)?;
        proof.measure = Some(measure);
        proof.value = Some(value);
    }
    proof.issue_id = issue_id;
    proof.plan_id = plan_id;
    store.save_proof(&proof).with_context(|| {
        format!(
            "could not log the proof statement for {}",
            sanitize(&account.name)
        )
    })?;
    println!(
        "Logged a proof statement for {} on {date}{}.",
        sanitize(&account.name),
        links_text(store, issue_id, plan_id)?
    );
    Ok(())
}

pub fn issue(
    store: &mut Store,
    query: &str,
    statement: &str,
    said_by: Option<String>,
) -> Result<()> {
    let account = find_account(store, query)?;
    let mut issue = BusinessIssue::new(account.id, statement);
    issue.said_on = Some(Local::now().date_naive());
    issue.said_by = said_by.unwrap_or_default();
    store.save_issue(&issue).with_context(|| {
        format!(
            "could not add the business issue to {}",
            sanitize(&account.name)
        )
    })?;
    println!("Added a business issue to {}.", sanitize(&account.name));
    Ok(())
}
