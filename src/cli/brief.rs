//! `kam brief`: an account's prep brief as Markdown, or as a page to hand
//! on (HTML, with its charts), on standard output or in an owner-only file,
//! to print, mail to a colleague or read on a phone.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use chrono::{Local, Utc};
use clap::{Args, ValueEnum};

use super::capture::find_account;
use super::data::{to_stdout, write_file};
use crate::domain::brief::{default_since, start_of_day};
use crate::domain::dates::parse_date;
use crate::domain::insight::Insight;
use crate::export::brief_md;
use crate::export::html::account::{AccountPage, render};
use crate::store::Store;
use crate::text::sanitize;

/// Options of `kam brief`.
#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The account: the start of any word of its name (accents ignored).
    pub account: String,
    /// Write the brief to FILE (a new file, owner-only) instead of standard
    /// output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out revenue, share of wallet, effort hours (of plans and
    /// conversations) and the values of confidential measures (as `kam
    /// --private brief` does).
    #[arg(long)]
    pub private: bool,
    /// Markdown (md), or a self-contained page to print or hand on (html):
    /// the brief with the strategic score over time, each measure's trend
    /// against its target and the proof cadence drawn as charts.
    #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
    pub format: BriefFormat,
    /// Where "since last time" starts: 2026-11-01, -2w, yesterday …
    /// [default: the last conversation or the last time the brief was
    /// opened, whichever is later, else 30 days ago].
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Open the interface on the account's brief instead of printing it.
    #[arg(long, conflicts_with_all = ["output", "since", "force"])]
    pub open: bool,
}

/// What `kam brief` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page.
    Html,
}

/// Runs `kam brief`, and remembers (unless the database is read-only) that
/// the brief was opened, as the interface does; `private` is the command
/// line's global private mode.
pub fn brief(store: &mut Store, args: &BriefArgs, private: bool) -> Result<()> {
    let private = private || args.private;
    let account = find_account(store, &args.account)?;
    let today = Local::now().date_naive();
    let since = match &args.since {
        Some(text) => start_of_day(parse_date(text, today).map_err(|e| anyhow!("--since: {e}"))?),
        None => default_since(
            store.last_brief_opened(account.id)?,
            store.last_conversation(account.id, today)?,
            Utc::now(),
        ),
    };
    let brief = store.brief(account.id, since, today, private)?;
    let (text, what) = match args.format {
        BriefFormat::Md => (brief_md::render(&brief), "the prep brief"),
        BriefFormat::Html => {
            let facts = store.account_facts(account.id, today)?;
            let insight = Insight::new(facts, &super::health::configured_weights(), today);
            let assessments = store.assessments(account.id)?;
            let page = AccountPage {
                brief: &brief,
                insight: &insight,
                assessments: &assessments,
            };
            (render(&page), "the account review page")
        }
    };
    match &args.output {
        None => to_stdout(text.as_bytes())?,
        Some(path) => {
            write_file(path, text.as_bytes(), args.force)?;
            println!(
                "Wrote {what} of {} to {}{}.",
                sanitize(&account.name),
                crate::text::path(path),
                if private { ", figures hidden" } else { "" }
            );
        }
    }
    if !store.is_read_only()
        && let Err(e) = store.mark_brief_opened(account.id)
    {
        eprintln!("kam: warning: could not remember that the brief was opened: {e}");
    }
    Ok(())
}
