//! `kam import` of contacts (vCard) and meetings (iCalendar), with the
//! report of what each card and meeting became, and `kam export --format
//! vcf` of an account's people.

use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};

use super::data::merge;
use super::prompt::Prompt;
use crate::domain::Account;
use crate::export::meeting_import::{self, IcsImport, Settle};
use crate::export::people::Difference;
use crate::export::vcard::{self, VcfImport};
use crate::export::{meetings, utf8};
use crate::store::{MergeReport, Store};
use crate::text::{count, sanitize};

/// Imports the contacts in `bytes` (read from `shown`): to `account` when
/// given, else to the account each card's organisation names.
pub(super) fn import_contacts(
    store: &mut Store,
    bytes: &[u8],
    shown: &str,
    account: Option<&Account>,
    dry_run: bool,
) -> Result<MergeReport> {
    let text = utf8::text(bytes)
        .with_context(|| format!("{shown} is not a contacts file (not UTF-8 text)"))?;
    let cards = vcard::read(text).with_context(|| format!("cannot import {shown}"))?;
    let existing = store.all_records()?;
    let plan = vcard::plan(cards, &existing, account.map(|a| a.id), Utc::now());
    print_contacts(shown, &plan);
    merge(store, &plan.records, dry_run, shown)
}

/// Where meetings with several accounts' people go: to `account` when
/// given; else the user at the terminal is asked, meeting by meeting,
/// unless it is a dry run or there is nobody to ask.
pub(super) struct Choosing<'a> {
    /// The account given with `--account`.
    pub account: Option<&'a Account>,
    /// Whether to ask, and how.
    pub prompt: &'a mut Prompt,
    /// Whether the calendar is read from standard input, which then
    /// cannot answer.
    pub from_stdin: bool,
}

/// Imports the meetings in `bytes` (read from `shown`) up to `today` as
/// conversations; `choosing` settles meetings with several accounts'
/// people.
pub(super) fn import_meetings(
    store: &mut Store,
    bytes: &[u8],
    shown: &str,
    choosing: Choosing<'_>,
    dry_run: bool,
    today: NaiveDate,
) -> Result<MergeReport> {
    let text =
        utf8::text(bytes).with_context(|| format!("{shown} is not a calendar (not UTF-8 text)"))?;
    let meetings = meetings::read(text, today).with_context(|| format!("cannot import {shown}"))?;
    let existing = store.all_records()?;
    let asking = choosing.prompt.interactive() && !choosing.from_stdin;
    let prompt = choosing.prompt;
    let mut failed = None;
    let mut ask = |meeting: &str, choices: &[String]| {
        let question = format!(
            "{}: people of several accounts were invited. Which account does it go to?",
            sanitize(meeting)
        );
        let shown: Vec<String> = choices.iter().map(|c| sanitize(c).into_owned()).collect();
        match prompt.choose(&question, &shown) {
            Ok(answer) => answer,
            Err(e) => {
                failed.get_or_insert(e);
                None
            }
        }
    };
    let settle = match choosing.account {
        Some(account) => Settle::To(account.id),
        None if dry_run && asking => {
            Settle::LeaveOut("needs a choice: importing asks which account")
        }
        None if asking => Settle::Ask(&mut ask),
        None => Settle::LeaveOut("pass --account to choose"),
    };
    let plan = meeting_import::plan(&meetings, &existing, settle, Utc::now());
    if let Some(e) = failed {
        return Err(e);
    }
    print_meetings(shown, today, &plan);
    merge(store, &plan.records, dry_run, shown)
}

/// The people of `account` as vCards.
pub(super) fn export_contacts(store: &Store, account: &Account) -> Result<String> {
    let people = store.stakeholders(account.id)?;
    Ok(vcard::write(account, &people))
}

/// What each card became.
fn print_contacts(shown: &str, plan: &VcfImport) {
    println!(
        "{shown}: {}.",
        count(plan.lines.len(), "contact", "contacts")
    );
    for line in &plan.lines {
        let name = sanitize(&line.name);
        let to = line
            .account
            .as_deref()
            .map(|a| format!(" → {}", sanitize(a)))
            .unwrap_or_default();
        let text = match &line.outcome {
            vcard::Outcome::Added => format!("  added      {name}{to}"),
            vcard::Outcome::Completed(fields) => {
                format!("  completed  {name}{to}: {} filled in", fields.join(", "))
            }
            vcard::Outcome::Unchanged(differences) if differences.is_empty() => {
                format!("  unchanged  {name}{to}")
            }
            vcard::Outcome::Unchanged(differences) => {
                format!("  unchanged  {name}{to}: {}", kept(differences))
            }
            vcard::Outcome::LeftOut(why) => format!("  left out   {name}: {why}"),
        };
        println!("{text}");
    }
}

/// "kept title “COO” (the card says “Chief Operating Officer”)".
fn kept(differences: &[Difference]) -> String {
    differences
        .iter()
        .map(|d| {
            format!(
                "kept {} “{}” (the card says “{}”)",
                d.field,
                sanitize(&d.kept),
                sanitize(&d.theirs)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What each meeting became.
fn print_meetings(shown: &str, today: NaiveDate, plan: &IcsImport) {
    println!(
        "{shown}: {} up to {today}.",
        count(plan.lines.len(), "meeting", "meetings")
    );
    for line in &plan.lines {
        let meeting = sanitize(&line.meeting);
        let mut details = Vec::new();
        if let Some(account) = &line.account {
            details.push(format!("→ {}", sanitize(account)));
        }
        if !line.matched.is_empty() {
            let names: Vec<String> = line
                .matched
                .iter()
                .map(|n| sanitize(n).into_owned())
                .collect();
            details.push(format!("with {}", names.join(", ")));
        }
        if !line.unmatched.is_empty() && line.account.is_some() {
            let others: Vec<String> = line
                .unmatched
                .iter()
                .map(|n| sanitize(n).into_owned())
                .collect();
            details.push(format!("(not stakeholders: {})", others.join(", ")));
        }
        let text = match &line.outcome {
            meeting_import::Outcome::Added => {
                format!("  added          {meeting} {}", details.join(" "))
            }
            meeting_import::Outcome::AlreadyThere => {
                format!("  already there  {meeting} {}", details.join(" "))
            }
            meeting_import::Outcome::LeftOut(why) => format!("  left out       {meeting}: {why}"),
        };
        println!("{}", text.trim_end());
    }
}
