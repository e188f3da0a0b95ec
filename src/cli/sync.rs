//! `kam sync`: the portfolio between machines through a git remote.

use anyhow::{Result, bail};
use chrono::{DateTime, Local, Utc};
use clap::Subcommand;
use serde::Serialize;

use super::json;
use super::prompt::Prompt;
use crate::domain::Id;
use crate::domain::choice::Choice;
use crate::domain::history::is_confidential;
use crate::store::{Store, SyncConflict, SyncSummary};
use crate::sync::engine::{self, Outcome, Report};
use crate::text::{first_line, sanitize};

/// What `kam sync` does besides syncing.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Connect this database to a git remote: any URL git understands (SSH,
    /// HTTPS, or the path of a bare repository). An empty remote receives
    /// the portfolio; a remote that holds one is merged with this database,
    /// after a summary of what the merge would do.
    Init {
        /// The remote, e.g. git@example.com:me/portfolio.git or
        /// /media/stick/portfolio.git.
        remote: String,
        /// Merge with a remote that already holds a portfolio without
        /// showing the summary first.
        #[arg(long)]
        yes: bool,
    },
    /// Say when the database last synced, whether it has unsynced changes,
    /// and list the unresolved conflicts.
    #[command(after_long_help = JSON_HELP)]
    Status {
        /// Print JSON for scripts instead of text (fields below); a
        /// database not connected is then no error.
        #[arg(long)]
        json: bool,
    },
}

/// The JSON output, explained at the end of `kam sync status --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  connected    whether the database syncs with a remote; when it does not,
               the only field
  remote       the remote, as given to `kam sync init`
  commit       the commit the records match, or null before the first sync
  last_synced  when a sync last completed (RFC 3339, UTC), or null
  unsynced     how many changes made here the remote does not have yet
  conflicts    the unresolved conflicts, each with account (its id), kind
               (the record's kind), record (its id), field, kept (the value
               held here) and other (the other machine's value); both
               values are \"(private)\" for a confidential field in private
               mode";

/// `kam sync [ACTION]`.
pub fn run(
    store: &mut Store,
    action: Option<Action>,
    private: bool,
    prompt: &mut Prompt,
) -> Result<()> {
    match action {
        None => sync(store),
        Some(Action::Init { remote, yes }) => init(store, &remote, yes, prompt),
        Some(Action::Status { json }) => status(store, json, private),
    }
}

/// `kam sync`.
fn sync(store: &mut Store) -> Result<()> {
    let report = engine::sync(store)?;
    println!("{}", describe(&report));
    Ok(())
}

/// The outcome of a sync in one sentence.
pub fn describe(report: &Report) -> String {
    let mut parts = Vec::new();
    if report.sent > 0 {
        parts.push(format!("sent {}", report.sent));
    }
    if report.received > 0 {
        parts.push(format!("received {}", report.received));
    }
    let counts = if parts.is_empty() {
        "nothing to send or receive".to_owned()
    } else {
        parts.join(", ")
    };
    let conflicts = match report.conflicts {
        0 => String::new(),
        1 => "; 1 new conflict: see `kam sync status`".to_owned(),
        n => format!("; {n} new conflicts: see `kam sync status`"),
    };
    match &report.outcome {
        Outcome::Pushed => format!("Synced: {counts}{conflicts}."),
        Outcome::Offline(said) => format!(
            "Offline: the remote cannot be reached ({}). The changes are committed here \
             and go out with the next `kam sync`{conflicts}.",
            sanitize(said.trim())
        ),
    }
}

/// `kam sync init REMOTE`.
fn init(store: &mut Store, remote: &str, yes: bool, prompt: &mut Prompt) -> Result<()> {
    if store.passphrase().is_some() {
        return Err(engine::SyncError::Encrypted.into());
    }
    let fresh = store.is_empty()?;
    store.sync_connect(remote)?;
    println!("Connected to {}.", sanitize(remote));
    if !fresh && !yes && engine::remote_holds_one(store)? {
        let preview = engine::preview(store)?;
        println!(
            "The remote already holds a portfolio. Merging would send {} and receive {} \
             files, with {} conflicts to resolve.",
            preview.sent, preview.received, preview.conflicts
        );
        if !prompt.interactive() {
            bail!("run `kam sync` to merge them, or `kam sync init --yes` next time");
        }
        if !prompt.confirm("Merge now?")? {
            println!("Nothing was merged yet; run `kam sync` when you are ready.");
            return Ok(());
        }
    }
    sync(store)
}

/// `kam sync status`.
fn status(store: &Store, json: bool, private: bool) -> Result<()> {
    let Some(summary) = store.sync_summary()? else {
        if json {
            return json::print(&StatusJson {
                connected: false,
                sync: None,
            });
        }
        bail!("this database is not connected to a remote: run `kam sync init REMOTE` first");
    };
    let conflicts = store.sync_conflicts()?;
    if json {
        json::print(&status_json(&summary, &conflicts, private))?;
    } else {
        let labelled: Vec<_> = conflicts
            .into_iter()
            .map(|c| {
                let label = store.conflict_label(&c);
                (c, label)
            })
            .collect();
        print!("{}", status_text(&summary, &labelled, private, Utc::now()));
    }
    Ok(())
}

/// A conflict's two values, hidden for a confidential field in private
/// mode.
fn values(conflict: &SyncConflict, private: bool) -> (String, String) {
    if private && is_confidential(&conflict.field) {
        return ("(private)".to_owned(), "(private)".to_owned());
    }
    (conflict.kept.clone(), conflict.other.clone())
}

/// `kam sync status --json`.
#[derive(Debug, Serialize)]
struct StatusJson<'a> {
    connected: bool,
    #[serde(flatten)]
    sync: Option<ConnectedJson<'a>>,
}

/// The state of a database that syncs.
#[derive(Debug, Serialize)]
struct ConnectedJson<'a> {
    remote: &'a str,
    commit: Option<&'a str>,
    last_synced: Option<String>,
    unsynced: usize,
    conflicts: Vec<ConflictJson<'a>>,
}

/// One unresolved conflict.
#[derive(Debug, Serialize)]
struct ConflictJson<'a> {
    account: Id,
    kind: &'static str,
    record: Id,
    field: &'a str,
    kept: String,
    other: String,
}

/// The status of a database that syncs, as JSON.
fn status_json<'a>(
    summary: &'a SyncSummary,
    conflicts: &'a [SyncConflict],
    private: bool,
) -> StatusJson<'a> {
    let conflicts = conflicts
        .iter()
        .map(|c| {
            let (kept, other) = values(c, private);
            ConflictJson {
                account: c.account,
                kind: c.kind.key(),
                record: c.record,
                field: &c.field,
                kept,
                other,
            }
        })
        .collect();
    StatusJson {
        connected: true,
        sync: Some(ConnectedJson {
            remote: &summary.state.remote,
            commit: summary.state.commit.as_deref(),
            last_synced: summary.state.synced_at.map(|t| t.to_rfc3339()),
            unsynced: summary.unsynced,
            conflicts,
        }),
    }
}

/// `kam sync status` for people.
fn status_text(
    summary: &SyncSummary,
    conflicts: &[(SyncConflict, Option<String>)],
    private: bool,
    now: DateTime<Utc>,
) -> String {
    let last = match summary.state.synced_at {
        Some(at) => format!(
            "{} ({})",
            at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
            ago(now - at)
        ),
        None => "never".to_owned(),
    };
    let mut out = format!(
        "Remote:     {}\nLast sync:  {last}\nUnsynced:   {}\nConflicts:  {}\n",
        sanitize(&summary.state.remote),
        match summary.unsynced {
            0 => "none".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        },
        conflicts.len()
    );
    for (c, label) in conflicts {
        let (kept, other) = values(c, private);
        let record = label
            .as_deref()
            .map_or_else(|| c.record.to_string(), |l| format!("“{}”", first_line(l)));
        out.push_str(&format!(
            "  {} {record} · {}: kept “{}”, other “{}”\n",
            c.kind.noun(),
            c.field.replace('_', " "),
            sanitize(&kept),
            sanitize(&other)
        ));
    }
    out
}

/// A duration in rough words: `just now`, `5 min ago`, `3 h ago`, `2 days
/// ago`.
fn ago(elapsed: chrono::Duration) -> String {
    let minutes = elapsed.num_minutes();
    match minutes {
        ..1 => "just now".to_owned(),
        1..60 => format!("{minutes} min ago"),
        60..2880 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}
