//! Quick capture from the shell, for right after a call: `kam log` and
//! `kam issue`.

use anyhow::{Context, Result, anyhow, bail};
use chrono::Local;

use crate::domain::account::{NameMatch, match_name};
use crate::domain::dates::parse_date;
use crate::domain::insight::proof_counts;
use crate::domain::proof::FUTURE_DATE;
use crate::domain::{Account, BusinessIssue, ProofStatement};
use crate::store::Store;
use crate::text::sanitize;

/// Finds the one account `query` names, or explains why not.
pub fn find_account(store: &Store, query: &str) -> Result<Account> {
    let accounts = store.accounts()?;
    match match_name(&accounts, query) {
        NameMatch::One(account) => Ok(account.clone()),
        NameMatch::None if accounts.is_empty() => {
            bail!(
                "no account matches “{}”: the portfolio is empty",
                sanitize(query)
            )
        }
        NameMatch::None => bail!(
            "no account matches “{}”. Accounts: {}",
            sanitize(query),
            names(accounts.iter())
        ),
        NameMatch::Many(found) => bail!(
            "“{}” matches {} accounts: {}. Type more of the name.",
            sanitize(query),
            found.len(),
            names(found.into_iter())
        ),
    }
}

fn names<'a>(accounts: impl Iterator<Item = &'a Account>) -> String {
    accounts
        .map(|a| sanitize(&a.name).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn log(
    store: &mut Store,
    query: &str,
    statement: &str,
    value: Option<String>,
    date: Option<String>,
) -> Result<()> {
    let account = find_account(store, query)?;
    let today = Local::now().date_naive();
    let date = match date {
        Some(text) => parse_date(&text, today).map_err(|e| anyhow!("--date: {e}"))?,
        None => today,
    };
    if !proof_counts(date, today) {
        bail!("--date {date}: {FUTURE_DATE}");
    }
    let mut proof = ProofStatement::new(account.id, date, statement);
    proof.value = value.filter(|v| !v.trim().is_empty());
    store.save_proof(&proof).with_context(|| {
        format!(
            "could not log the proof statement for {}",
            sanitize(&account.name)
        )
    })?;
    println!(
        "Logged a proof statement for {} on {date}.",
        sanitize(&account.name)
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
