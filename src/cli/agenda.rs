//! `kam agenda`: what is due across every account, printed as plain text,
//! or the due dates written as an iCalendar file.

use std::path::PathBuf;

use anyhow::Result;
use chrono::{Local, NaiveDate, Utc};
use clap::Args;
use serde::Serialize;

use super::data::{to_stdout, write_file};
use super::json;
use crate::domain::Id;
use crate::domain::agenda::{Agenda, Entry, Item, Section, calendar};
use crate::export::ics;
use crate::store::Store;
use crate::text::{first_line, fit, width};

/// The widest the account column grows, in terminal columns.
const ACCOUNT_WIDTH: usize = 30;

/// The JSON output, explained at the end of `kam agenda --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  date      today's date, YYYY-MM-DD
  count     how many entries there are
  entries   section by section (overdue, due_this_week, reviews, gone_quiet),
            each with section, kind (plan, step, review or quiet),
            account_id, account (the account's name), record_id (the plan,
            the step, or the account for a review or a silence), plan_id
            (the plan, of a step too; else null), due (YYYY-MM-DD, or null
            for an account never reviewed or without proof), days_overdue
            (0 when not late), what (in words) and owner (empty for reviews
            and silences)
An empty agenda is not an error: the exit status is 0.";

/// Options of `kam agenda`.
#[derive(Debug, Args)]
#[command(after_long_help = JSON_HELP)]
pub struct AgendaArgs {
    /// Instead of printing the agenda, write every open action plan's and
    /// step's due date and each account's next review to FILE as an
    /// iCalendar (.ics) file, readable by its owner only.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Replace FILE if it already exists.
    #[arg(long, requires = "ics")]
    pub force: bool,
    /// Print JSON for scripts instead of text (fields below).
    #[arg(long, conflicts_with = "ics")]
    pub json: bool,
}

/// Runs `kam agenda`.
pub fn agenda(store: &Store, args: &AgendaArgs) -> Result<()> {
    let today = Local::now().date_naive();
    match &args.ics {
        None if args.json => json::print(&AgendaJson::new(&store.agenda(today)?, today)),
        None => to_stdout(render(&store.agenda(today)?, today).as_bytes()),
        Some(path) => {
            let entries = calendar(&store.agenda_accounts(today)?);
            write_file(
                path,
                ics::calendar(&entries, Utc::now()).as_bytes(),
                args.force,
            )?;
            let n = entries.len();
            println!(
                "Wrote {n} due date{} to {}.",
                if n == 1 { "" } else { "s" },
                crate::text::path(path)
            );
            Ok(())
        }
    }
}

/// The agenda as plain text: a heading per section, then one line per
/// entry with its date, how late or near it is, the account, what, and
/// the owner.
pub fn render(agenda: &Agenda, today: NaiveDate) -> String {
    let account_width = agenda
        .entries()
        .map(|(_, e)| width(&first_line(&e.account_name)))
        .max()
        .unwrap_or(0)
        .min(ACCOUNT_WIDTH);
    let mut out = format!("Agenda for {}\n", today.format("%a %e %b %Y"));
    for section in Section::ALL {
        let entries = agenda.section(section);
        out.push_str(&format!("\n{} · {}\n", section.title(), entries.len()));
        if entries.is_empty() {
            out.push_str(&format!("  {}\n", section.empty_note()));
        }
        for entry in entries {
            out.push_str(&line(entry, today, account_width));
        }
    }
    out
}

/// One entry's line.
fn line(entry: &Entry, today: NaiveDate, account_width: usize) -> String {
    let date = entry.due.map_or_else(|| "—".to_string(), |d| d.to_string());
    let when = match (entry.due, entry.days_overdue(today)) {
        (None, _) => String::new(),
        (Some(_), late) if late > 0 => format!("{late} d overdue"),
        (Some(d), _) if d == today => "today".to_string(),
        (Some(d), _) => format!("in {} d", (d - today).num_days()),
    };
    let owner = first_line(&entry.owner);
    let mut text = format!(
        "  {}  {}  {}  {}",
        fit(&date, 10),
        fit(&when, 12),
        fit(&first_line(&entry.account_name), account_width),
        first_line(&entry.what())
    );
    if !owner.is_empty() {
        text.push_str(&format!("  ({owner})"));
    }
    text.push('\n');
    text
}

/// `kam agenda --json`.
#[derive(Debug, Serialize)]
struct AgendaJson<'a> {
    date: NaiveDate,
    count: usize,
    entries: Vec<EntryJson<'a>>,
}

impl<'a> AgendaJson<'a> {
    fn new(agenda: &'a Agenda, today: NaiveDate) -> Self {
        Self {
            date: today,
            count: agenda.len(),
            entries: agenda
                .entries()
                .map(|(section, entry)| EntryJson::new(section, entry, today))
                .collect(),
        }
    }
}

/// One entry of the agenda.
#[derive(Debug, Serialize)]
struct EntryJson<'a> {
    section: &'static str,
    kind: &'static str,
    account_id: Id,
    account: &'a str,
    record_id: Id,
    plan_id: Option<Id>,
    due: Option<NaiveDate>,
    days_overdue: i64,
    what: String,
    owner: &'a str,
}

impl<'a> EntryJson<'a> {
    fn new(section: Section, entry: &'a Entry, today: NaiveDate) -> Self {
        let (kind, plan_id) = match &entry.item {
            Item::Plan { plan_id, .. } => ("plan", Some(*plan_id)),
            Item::Step { plan_id, .. } => ("step", Some(*plan_id)),
            Item::Review { .. } => ("review", None),
            Item::Quiet { .. } => ("quiet", None),
        };
        Self {
            section: section_key(section),
            kind,
            account_id: entry.account_id,
            account: &entry.account_name,
            record_id: entry.record_id(),
            plan_id,
            due: entry.due,
            days_overdue: entry.days_overdue(today),
            what: entry.what(),
            owner: &entry.owner,
        }
    }
}

/// The section's name in JSON.
fn section_key(section: Section) -> &'static str {
    match section {
        Section::Overdue => "overdue",
        Section::DueThisWeek => "due_this_week",
        Section::Reviews => "reviews",
        Section::Quiet => "gone_quiet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::AgendaAccount;
    use crate::domain::{Account, ActionPlan, Id};

    #[test]
    fn the_agenda_prints_as_aligned_plain_text() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut plan = ActionPlan::new(Id::new(), "Pilot\nsecond line");
        plan.due = Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        plan.owner = "Ana".to_string();
        let mut soon = ActionPlan::new(Id::new(), "Workshop");
        soon.due = Some(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        let mut account = Account::new("Nord\u{1b}[2Jwerk");
        account.last_review = Some(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        let accounts = [AgendaAccount {
            account,
            plans: vec![plan, soon],
            last_proof: NaiveDate::from_ymd_opt(2026, 11, 23),
            last_assessment: None,
        }];
        let text = render(&Agenda::build(&accounts, today), today);
        assert_eq!(
            text,
            "Agenda for Mon 23 Nov 2026\n\
             \n\
             Overdue · 1\n  \
             2026-11-20  3 d overdue   Nord␛[2Jwerk  Pilot …  (Ana)\n\
             \n\
             Due this week · 1\n  \
             2026-11-25  in 2 d        Nord␛[2Jwerk  Workshop\n\
             \n\
             Reviews coming up · 1\n  \
             2026-11-30  in 7 d        Nord␛[2Jwerk  account review (last 2026-09-01)\n\
             \n\
             Gone quiet · 0\n  \
             every account keeps its proof cadence\n"
        );
    }
}
