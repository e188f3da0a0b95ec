//! The command line: options, subcommands, and the quick-capture commands
//! that work without the interface.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use chrono::Local;
use clap::{Parser, Subcommand};

use crate::domain::account::{NameMatch, match_name};
use crate::domain::dates::parse_date;
use crate::domain::{Account, BusinessIssue, ProofStatement};
use crate::store::Store;
use crate::text::sanitize;

/// kam: a keyboard-driven workspace for key account managers.
///
/// Without a subcommand, kam opens its interface on the database.
#[derive(Debug, Parser)]
#[command(name = "kam", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: kam.db in the OS data directory].
    #[arg(long, global = true, env = "KAM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// What to do instead of opening the interface.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// kam's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the demo portfolio (five accounts) into an empty database.
    Demo,
    /// Append a proof statement dated today to an account's log.
    Log {
        /// The account: a unique, case-insensitive start of its name.
        account: String,
        /// What we delivered, e.g. "99% of repairs within 4 hours".
        #[arg(required = true, num_args = 1..)]
        statement: Vec<String>,
        /// A measured value, e.g. "99 %".
        #[arg(long)]
        value: Option<String>,
        /// The date, if not today (2026-12-01, yesterday, -3d …).
        #[arg(long)]
        date: Option<String>,
    },
    /// Add a business issue to an account, in the customer's words.
    Issue {
        /// The account: a unique, case-insensitive start of its name.
        account: String,
        /// The issue as the customer said it.
        #[arg(required = true, num_args = 1..)]
        statement: Vec<String>,
        /// Who said it.
        #[arg(long)]
        said_by: Option<String>,
    },
}

/// Where the database lives unless `--db` or `KAM_DB` says otherwise.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kam")
        .ok_or_else(|| anyhow!("cannot find a home directory for kam's data; pass --db PATH"))?;
    Ok(dirs.data_dir().join("kam.db"))
}

/// Parses the command line and runs it.
pub fn main() -> Result<()> {
    let cli = Cli::parse();
    let path = match cli.db {
        Some(path) => path,
        None => default_db_path()?,
    };
    let mut store = Store::open(&path)?;
    match cli.command {
        None => crate::tui::run(store),
        Some(Command::Demo) => demo(&mut store),
        Some(Command::Log {
            account,
            statement,
            value,
            date,
        }) => log(&mut store, &account, &statement.join(" "), value, date),
        Some(Command::Issue {
            account,
            statement,
            said_by,
        }) => issue(&mut store, &account, &statement.join(" "), said_by),
    }
}

fn demo(store: &mut Store) -> Result<()> {
    let existing = store.counts()?.accounts;
    if existing > 0 {
        bail!(
            "{} already holds {existing} account(s); the demo only goes into an empty database (try --db demo.db)",
            store.path().display()
        );
    }
    let today = Local::now().date_naive();
    crate::demo::load(store, today)?;
    let c = store.counts()?;
    println!(
        "Loaded the demo portfolio into {}: {} accounts, {} business issues, {} action plans, {} proof statements.",
        store.path().display(),
        c.accounts,
        c.issues,
        c.plans,
        c.proofs
    );
    Ok(())
}

/// Finds the one account `query` names, or explains why not.
fn find_account(store: &Store, query: &str) -> Result<Account> {
    let accounts = store.accounts()?;
    match match_name(&accounts, query) {
        NameMatch::One(account) => Ok(account.clone()),
        NameMatch::None if accounts.is_empty() => {
            bail!("no account matches “{}”: the portfolio is empty", sanitize(query))
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

fn log(store: &mut Store, query: &str, statement: &str, value: Option<String>, date: Option<String>) -> Result<()> {
    let account = find_account(store, query)?;
    let today = Local::now().date_naive();
    let date = match date {
        Some(text) => parse_date(&text, today).map_err(|e| anyhow!("--date: {e}"))?,
        None => today,
    };
    let mut proof = ProofStatement::new(account.id, date, statement);
    proof.value = value.filter(|v| !v.trim().is_empty());
    store
        .save_proof(&proof)
        .with_context(|| format!("could not log the proof statement for {}", sanitize(&account.name)))?;
    println!("Logged a proof statement for {} on {date}.", sanitize(&account.name));
    Ok(())
}

fn issue(store: &mut Store, query: &str, statement: &str, said_by: Option<String>) -> Result<()> {
    let account = find_account(store, query)?;
    let mut issue = BusinessIssue::new(account.id, statement);
    issue.said_on = Some(Local::now().date_naive());
    issue.said_by = said_by.unwrap_or_default();
    store
        .save_issue(&issue)
        .with_context(|| format!("could not add the business issue to {}", sanitize(&account.name)))?;
    println!("Added a business issue to {}.", sanitize(&account.name));
    Ok(())
}
