//! The command line: options, subcommands, and the quick-capture commands
//! that work without the interface.

use std::ffi::OsString;
use std::path::PathBuf;

mod address_book;
mod agenda;
mod backup;
mod brief;
mod capture;
pub mod color;
mod config;
mod crypto;
mod data;
mod demo;
pub mod exit;
mod gaps;
mod health;
mod json;
mod prompt;
mod review;
mod search;
mod shell;
mod stdin;
mod sync;
mod terminal_modes;

use anyhow::{Result, anyhow};
use clap::error::{ContextKind, ErrorKind};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use self::color::ColorChoice;
use crate::domain::account::{NameMatch, match_by};
use crate::store::Store;

/// What `kam --help` ends with: opening an account by name, the
/// environment, and the exit statuses.
const AFTER_HELP: &str = "\
Without a subcommand, kam opens its interface; `kam ACCOUNT`, with a word
that is no subcommand, opens it on that account, as `kam open ACCOUNT` does.

Environment:
  KAM_DB      the database file, as --db
  KAM_CONFIG  the configuration file [default: config.toml in the OS
              configuration directory]
  NO_COLOR    when set and not empty: no colour, unless --color always

Exit status:
  0  found, or done
  1  nothing found: `kam search` matched nothing
  2  an error, a mistake on the command line included";

/// kam: a keyboard-driven workspace for key account managers.
#[derive(Debug, Parser)]
#[command(name = "kam", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    /// The database file [default: kam.db in the OS data directory].
    #[arg(long, global = true, env = "KAM_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Private mode: revenue, share of wallet and hours hidden, in the
    /// interface (p toggles it), in `kam health`, `kam brief` and `kam
    /// review`.
    #[arg(long)]
    pub private: bool,

    /// When to colour the output: auto (where it is a terminal, unless
    /// NO_COLOR is set), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN"
    )]
    pub color: ColorChoice,

    /// What to do instead of opening the interface.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// kam's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the demo portfolio (five accounts) into an empty database.
    Demo,
    /// Show where the configuration file is, or write one with the defaults.
    Config {
        /// `path` or `init`.
        #[command(subcommand)]
        action: config::Action,
    },
    /// Open the interface on an account (`kam ACCOUNT` does the same).
    Open {
        /// The account: the start of any word of its name (accents ignored).
        account: String,
    },
    /// Append a proof statement dated today to an account's log.
    Log {
        /// The account: the start of any word of its name (accents ignored).
        account: String,
        /// What we delivered, e.g. "99% of repairs within 4 hours"; a
        /// lone `-` reads it from standard input, as given, less one final
        /// line break.
        #[arg(required = true, num_args = 1..)]
        statement: Vec<String>,
        /// A measured value, e.g. "99 %"; with --measure, a number and a
        /// unit, or a bare number in the measure's unit.
        #[arg(long)]
        value: Option<String>,
        /// The measure the value belongs to, e.g. "Crane availability": one
        /// of the account's measures (ignoring case), or a new one with
        /// --new-measure.
        #[arg(long, value_name = "NAME", requires = "value")]
        measure: Option<String>,
        /// Starts the measure named by --measure.
        #[arg(long, requires = "measure")]
        new_measure: bool,
        /// Which direction of the measure is better: higher or lower
        /// (a new measure: higher unless given).
        #[arg(long, value_name = "higher|lower", requires = "measure")]
        better: Option<String>,
        /// The measure's target, a number in its unit.
        #[arg(long, value_name = "NUMBER", requires = "measure")]
        target: Option<f64>,
        /// Marks the measure's values confidential: private mode hides them.
        #[arg(long, requires = "measure")]
        confidential: bool,
        /// The date, if not today (2026-12-01, yesterday, -3d …); never
        /// after today.
        #[arg(long)]
        date: Option<String>,
        /// The business issue it proves progress on: a unique,
        /// case-insensitive start of its statement, among the account's
        /// issues.
        #[arg(long, value_name = "WORDS")]
        issue: Option<String>,
        /// The action plan it proves: a unique, case-insensitive start of
        /// its title, among the plans of --issue (or of the account, and the
        /// issue is then the plan's).
        #[arg(long, value_name = "WORDS")]
        plan: Option<String>,
    },
    /// Add a business issue to an account, in the customer's words.
    Issue {
        /// The account: the start of any word of its name (accents ignored).
        account: String,
        /// The issue as the customer said it; a lone `-` reads it from
        /// standard input, as given, less one final line break.
        #[arg(required = true, num_args = 1..)]
        statement: Vec<String>,
        /// Who said it.
        #[arg(long)]
        said_by: Option<String>,
    },
    /// Show what is due across every account: overdue and this week's plans
    /// and steps, account reviews coming up, accounts gone quiet. With
    /// --ics, write the due dates as a calendar file instead.
    Agenda(agenda::AgendaArgs),
    /// Write an account's prep brief as Markdown, or as a page to hand on
    /// (--format html): what changed since last time, the customer's open
    /// issues with our plans, the latest proof statements, the stakeholders
    /// and open questions.
    Brief(brief::BriefArgs),
    /// Write the portfolio review as one self-contained page to print or
    /// hand on: each account's health, stage, revenue and flags, and the
    /// map of strategic score against revenue.
    Review(review::ReviewArgs),
    /// Search all text of all accounts (names, issues, plans, steps, proof
    /// statements, people) and print the best matches; exits with status 1
    /// when nothing matches.
    Search(search::SearchArgs),
    /// Show each account's health, worst first, with its flags; with
    /// ACCOUNT, every factor of the score with its weight and reason.
    Health(health::HealthArgs),
    /// List the breaks in the chain from issue to proof: issues never
    /// confirmed or without a plan, plans done without proof, proof never
    /// acknowledged.
    Gaps(gaps::GapsArgs),
    /// Write the portfolio out: every record as JSON (for `kam import`), or
    /// a readable Markdown document per account.
    Export(data::ExportArgs),
    /// Merge a kam JSON export into the database by record id, or bring in
    /// accounts and contacts from a CRM's CSV export.
    Import(data::ImportArgs),
    /// Back up the database now, into the backups folder beside it or FILE.
    Backup {
        /// Where to write the copy (a new file).
        file: Option<PathBuf>,
    },
    /// List the backups of the database, newest first, with what they hold.
    Backups(backup::BackupsArgs),
    /// Put a backup back in place of the database (the current one is saved
    /// first).
    Restore {
        /// The backup file.
        backup: PathBuf,
        /// Do not ask for confirmation (needed when not run in a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Encrypt the database with a passphrase (asked twice).
    Encrypt,
    /// Remove the database's encryption.
    Decrypt,
    /// Change the passphrase of an encrypted database.
    Passphrase,
    /// Sync the portfolio with a git remote: commit the changes made here,
    /// fetch, merge record by record and field by field, and push. Runs the
    /// git already installed, with its SSH keys and credential helpers.
    Sync {
        /// `init REMOTE` or `status`; none to sync.
        #[command(subcommand)]
        action: Option<sync::Action>,
    },
    /// Print the completion script for a shell (see the README to install it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print kam's manual page, in roff: `kam man > ~/.local/share/man/man1/kam.1`.
    Man,
    /// `kam ACCOUNT`: the interface on that account.
    #[command(external_subcommand)]
    Account(Vec<String>),
}

/// The configuration file's settings, its key bindings checked against
/// the interface's keymap: a binding it cannot use, like any mistake in the
/// file, means the defaults and a warning.
fn configured(color: bool) -> (crate::config::Settings, Option<String>) {
    let path = crate::config::path();
    crate::config::load_checked(path.as_deref(), color, |settings| {
        crate::tui::keymap::Keymap::configured(&settings.keys).map(drop)
    })
}

/// Where the database lives unless `--db` or `KAM_DB` says otherwise.
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kam")
        .ok_or_else(|| anyhow!("cannot find a home directory for kam's data; pass --db PATH"))?;
    Ok(dirs.data_dir().join("kam.db"))
}

/// Parses `args` (the whole command line) with clap's own messages
/// coloured as `color` says; a mistake ends the process with clap's message
/// and status 2.
fn parse(args: &[OsString], color: ColorChoice) -> Cli {
    let matches = Cli::command()
        .color(color.for_clap())
        .get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The error clap gives for `args` when their first word is taken for a
/// subcommand: a typo of one gets clap's suggestion
/// ([`ContextKind::SuggestedSubcommand`]). The command line is
/// parsed again as if `kam ACCOUNT` did not exist.
fn not_a_subcommand(args: &[OsString], color: ColorChoice) -> clap::Error {
    let full = Cli::command();
    let mut command = clap::Command::new("kam")
        .color(color.for_clap())
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().cloned());
    match command.try_get_matches_from_mut(args) {
        Err(e) => e,
        Ok(_) => command.error(ErrorKind::InvalidSubcommand, "not a subcommand"),
    }
}

/// Parses the command line and runs it.
pub fn main() -> Result<()> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let color = ColorChoice::in_args(&args);
    let cli = parse(&args, color);
    let path = match &cli.db {
        Some(path) => path.clone(),
        None => default_db_path()?,
    };
    match &cli.command {
        Some(Command::Config { action }) => return config::run(action),
        Some(Command::Completions { shell }) => return shell::completions(*shell),
        Some(Command::Man) => return shell::man(),
        // Only one word may name an account, and only in a portfolio
        // that exists: anything else is a mistake on the command line.
        Some(Command::Account(words)) if words.len() != 1 || !path.exists() => {
            not_a_subcommand(&args, color).exit()
        }
        None => crate::tui::require_terminal()?,
        _ => {}
    }
    let mut prompt = prompt::Prompt::new();
    if let Some(Command::Restore { backup, yes }) = &cli.command {
        return backup::restore(&path, backup, *yes, &mut prompt);
    }
    let mut store = prompt::open_store(&path, &mut prompt)?;
    let warnings: Vec<String> = backup::daily(&store)
        .into_iter()
        .chain(crypto::at_start(&store))
        .collect();
    let interface = Interface {
        private: cli.private,
        color: cli.color,
        warnings,
    };
    if !starts_interface(cli.command.as_ref()) {
        for warning in &interface.warnings {
            eprintln!("kam: warning: {}", crate::text::sanitize(warning));
        }
    }
    let result = match cli.command {
        None => interface.start(store, None),
        Some(Command::Open { account }) => interface.open(store, &account, false),
        Some(Command::Account(words)) => {
            // A word that names no account but is close to a subcommand
            // is taken for a typo of it, and gets clap's suggestion.
            let accounts = store.accounts()?;
            if let NameMatch::None = match_by(&accounts, |a| &a.name, &words[0]) {
                let typo = not_a_subcommand(&args, color);
                if typo.get(ContextKind::SuggestedSubcommand).is_some() {
                    drop(store);
                    typo.exit();
                }
            }
            interface.open(store, &words[0], false)
        }
        Some(Command::Brief(args)) if args.open => {
            let interface = Interface {
                private: interface.private || args.private,
                ..interface
            };
            interface.open(store, &args.account, true)
        }
        Some(Command::Demo) => demo::demo(&mut store),
        Some(Command::Log {
            account,
            statement,
            value,
            measure,
            new_measure,
            better,
            target,
            confidential,
            date,
            issue,
            plan,
        }) => capture::log(
            &mut store,
            capture::LogEntry {
                account,
                statement: stdin::statement(&statement)?,
                value,
                measure: measure.map(|name| capture::MeasureEntry {
                    name,
                    new: new_measure,
                    better,
                    target,
                    confidential,
                }),
                date,
                issue,
                plan,
            },
        ),
        Some(Command::Issue {
            account,
            statement,
            said_by,
        }) => capture::issue(
            &mut store,
            &account,
            &stdin::statement(&statement)?,
            said_by,
        ),
        Some(Command::Agenda(args)) => agenda::agenda(&store, &args),
        Some(Command::Brief(args)) => brief::brief(&mut store, &args, cli.private),
        Some(Command::Review(args)) => review::review(&store, &args, cli.private),
        Some(Command::Search(args)) => search::search(&store, &args, cli.color),
        Some(Command::Health(args)) => {
            health::health(&store, &args, cli.private, &health::configured_weights())
        }
        Some(Command::Gaps(args)) => gaps::gaps(&store, &args),
        Some(Command::Export(args)) => data::export(&store, &args, cli.private),
        Some(Command::Import(args)) => data::import(&mut store, &args, &mut prompt),
        Some(Command::Backup { file }) => backup::backup(&store, file),
        Some(Command::Backups(args)) => backup::list(&store, &args),
        Some(Command::Config { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("these run before the store opens")
        }
        Some(Command::Restore { .. }) => unreachable!("restore runs before the store opens"),
        Some(Command::Encrypt) => crypto::encrypt(store, &mut prompt),
        Some(Command::Decrypt) => crypto::decrypt(store),
        Some(Command::Passphrase) => crypto::change(store, &mut prompt),
        Some(Command::Sync { action }) => sync::run(&mut store, action, cli.private, &mut prompt),
    };
    result.map_err(|mut e| {
        if let Some(err) = e.downcast_mut::<crate::store::StoreError>() {
            err.name_file(&path);
        }
        e
    })
}

/// Whether `command` starts the interface, which shows the warnings in its
/// status line rather than on standard error.
fn starts_interface(command: Option<&Command>) -> bool {
    match command {
        None | Some(Command::Open { .. } | Command::Account(_)) => true,
        Some(Command::Brief(args)) => args.open,
        Some(_) => false,
    }
}

/// How the interface starts, whichever command starts it.
struct Interface {
    /// The command line's private mode.
    private: bool,
    /// The command line's colour choice: the interface's theme follows it.
    color: ColorChoice,
    /// What the status line says first (a failed backup …).
    warnings: Vec<String>,
}

impl Interface {
    /// Starts the interface on the account `query` names (a clear error
    /// listing the candidates when it names none or several), on its prep
    /// brief when `brief`.
    fn open(self, store: Store, query: &str, brief: bool) -> Result<()> {
        let account = capture::find_account(&store, query)?;
        self.start(
            store,
            Some(crate::tui::Start {
                account: account.id,
                brief,
            }),
        )
    }

    /// Starts the interface on the portfolio, or at `start`.
    fn start(self, store: Store, start: Option<crate::tui::Start>) -> Result<()> {
        let (settings, config_warning) = configured(self.color.colors(true));
        let options = crate::tui::Options {
            settings,
            private: self.private,
            notices: self.warnings.into_iter().chain(config_warning).collect(),
            start,
        };
        crate::tui::run(store, options)
    }
}
