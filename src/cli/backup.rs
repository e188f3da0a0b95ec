//! `kam backup`, `kam backups` and `kam restore`, and the automatic copy
//! made at the first start of each day.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Local};
use clap::Args;
use serde::Serialize;

use super::json;
use super::prompt::{Prompt, open_store, unlock};
use crate::store::backup::{BackupEntry, BackupInfo, BackupKind, backups_dir, inspect};
use crate::store::{Counts, Passphrase, Store, StoreError, restore_unreadable};

/// Makes today's automatic copy if it is the first start of the day. A
/// failure never stops kam: it comes back as a warning to show. A damaged
/// database is not copied, and the warning says which copy to restore.
pub fn daily(store: &Store) -> Option<String> {
    let mut e = store.daily_backup(Local::now().date_naive()).err()?;
    e.name_file(store.path());
    Some(match e {
        StoreError::Corrupt { .. } => damaged(store, &e),
        e => format!("could not make today's backup: {e}"),
    })
}

/// What to do about the damaged database `store`: "kam.db is damaged (…);
/// restore the newest good copy: kam restore backups/kam-2026-12-01.db".
fn damaged(store: &Store, e: &StoreError) -> String {
    let advice = match store.newest_good_backup() {
        Ok(Some(copy)) => format!(
            "restore the newest good copy: kam restore {}",
            copy.display()
        ),
        Ok(None) => "there is no good backup to restore: export what it still holds".into(),
        Err(listing) => format!("its backups could not be checked: {listing}"),
    };
    format!("{e}; it was not backed up today; {advice}")
}

/// `kam backup [FILE]`: one copy now, into the backups folder or `file`.
pub fn backup(store: &Store, file: Option<PathBuf>) -> Result<()> {
    let dest = match file {
        Some(file) => {
            if file.exists() {
                bail!("{} already exists; name a new file", file.display());
            }
            store
                .backup_to(&file)
                .with_context(|| format!("could not back up to {}", file.display()))?;
            file
        }
        None => store.backup_now().context("could not back up")?,
    };
    let how = if store.passphrase().is_some() {
        " (encrypted with the database's passphrase)"
    } else {
        ""
    };
    println!(
        "Backed up {} to {}{how}.",
        store.path().display(),
        dest.display()
    );
    Ok(())
}

/// The JSON output, explained at the end of `kam backups --help`.
const JSON_HELP: &str = "\
JSON output (--json):
  database  the database's path
  folder    the backups folder's path
  backups   newest first, each with file (its name), path, kind (daily,
            manual, before_upgrade or before_restore), modified (date and
            time with the offset, or null), size_bytes, state (readable,
            encrypted: with a passphrase not known here, other_passphrase,
            damaged or unreadable), encrypted (true, false, or null when
            not readable), schema_version and counts (accounts, issues,
            plans, steps, proofs; null when not readable or older than
            the first schema), problem (why it is not readable, or null)";

/// Options of `kam backups`.
#[derive(Debug, Args)]
#[command(after_long_help = JSON_HELP)]
pub struct BackupsArgs {
    /// Print JSON for scripts instead of text (fields below).
    #[arg(long)]
    pub json: bool,
}

/// `kam backups`: the copies in the backups folder, newest first.
pub fn list(store: &Store, args: &BackupsArgs) -> Result<()> {
    let dir = backups_dir(store.path());
    let entries = store.backups()?;
    if args.json {
        return json::print(&BackupsJson {
            database: store.path().to_string_lossy().into_owned(),
            folder: dir.to_string_lossy().into_owned(),
            backups: entries.iter().map(BackupJson::new).collect(),
        });
    }
    if entries.is_empty() {
        println!(
            "No backups of {} yet; they go to {}.",
            store.path().display(),
            dir.display()
        );
        return Ok(());
    }
    println!(
        "Backups of {} in {}:",
        store.path().display(),
        dir.display()
    );
    let width = entries
        .iter()
        .filter_map(|e| e.path.file_name())
        .map(|n| n.to_string_lossy().chars().count())
        .max()
        .unwrap_or(0);
    for entry in entries {
        let name = entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = entry
            .modified
            .map_or_else(|| "?".into(), |d| d.format("%Y-%m-%d %H:%M").to_string());
        let holds = match &entry.details {
            Ok(info) => describe(info),
            Err(StoreError::Encrypted(_)) => "encrypted".into(),
            Err(StoreError::WrongPassphrase(_)) => "encrypted with another passphrase".into(),
            Err(StoreError::Corrupt { detail, .. }) => format!("damaged ({detail})"),
            Err(e) => format!("unreadable: {e}"),
        };
        println!(
            "  {name:<width$}  {date}  {:>9}  {:<14}  {holds}",
            size(entry.size),
            entry.kind.label(),
        );
    }
    Ok(())
}

/// `kam restore BACKUP`: puts a copy back after checking it and asking
/// (unless `yes`), saving the current database first.
pub fn restore(db: &Path, backup: &Path, yes: bool, prompt: &mut Prompt) -> Result<()> {
    if !backup.is_file() {
        bail!("there is no backup file {}", backup.display());
    }
    let current = if db.exists() {
        match open_store(db, prompt) {
            Ok(store) => Some(store),
            Err(e) if unreadable(&e) => {
                eprintln!("kam: {e:#}; it will be saved as it is before the restore");
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let own_key = current.as_ref().and_then(|s| s.passphrase().cloned());
    let (info, key) = check_backup(backup, own_key, prompt)?;
    if !yes {
        if !prompt.interactive() {
            bail!(
                "restoring replaces {}: pass --yes to confirm (standard input is not a terminal)",
                db.display()
            );
        }
        let question = format!(
            "Restore {} ({}) over {}? The current database is saved first.",
            backup.display(),
            describe(&info),
            db.display()
        );
        if !prompt.confirm(&question)? {
            println!("Nothing was restored.");
            return Ok(());
        }
    }
    let restored = match current {
        Some(store) => store.restore(backup, key.as_ref()),
        None => restore_unreadable(db, backup, key.as_ref()),
    }
    .with_context(|| format!("could not restore {}", backup.display()))?;
    println!(
        "Restored {} over {}: {}.",
        backup.display(),
        db.display(),
        describe(&restored.info)
    );
    if let Some(saved) = restored.saved {
        println!("The database as it was is saved in {}.", saved.display());
    }
    Ok(())
}

/// Whether opening the current database failed because of the file itself
/// (a restore is then the way out) rather than, say, a passphrase.
fn unreadable(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(
            StoreError::Corrupt { .. }
                | StoreError::NotKam(_)
                | StoreError::EmptyFile(_)
                | StoreError::TooNew { .. }
        )
    )
}

/// Checks the backup, with the database's own passphrase first and then,
/// if that does not open it, with one asked for.
fn check_backup(
    backup: &Path,
    own_key: Option<Passphrase>,
    prompt: &mut Prompt,
) -> Result<(BackupInfo, Option<Passphrase>)> {
    match inspect(backup, own_key.as_ref()) {
        Ok(info) => return Ok((info, own_key)),
        Err(StoreError::Encrypted(_) | StoreError::WrongPassphrase(_)) => {}
        Err(e @ StoreError::Corrupt { .. }) => {
            bail!("{e}: it cannot be restored; choose another copy (`kam backups` lists them)")
        }
        Err(e) => return Err(e.into()),
    }
    let question = format!("Passphrase for {}: ", backup.display());
    unlock(prompt, &question, |key| {
        inspect(backup, Some(&key)).map(|info| (info, Some(key)))
    })
}

/// `kam backups --json`.
#[derive(Debug, Serialize)]
struct BackupsJson {
    database: String,
    folder: String,
    backups: Vec<BackupJson>,
}

/// One copy.
#[derive(Debug, Serialize)]
struct BackupJson {
    file: String,
    path: String,
    kind: &'static str,
    modified: Option<DateTime<Local>>,
    size_bytes: u64,
    state: &'static str,
    encrypted: Option<bool>,
    schema_version: Option<i64>,
    counts: Option<CountsJson>,
    problem: Option<String>,
}

impl BackupJson {
    fn new(entry: &BackupEntry) -> Self {
        let (state, encrypted) = match &entry.details {
            Ok(info) => ("readable", Some(info.encrypted)),
            Err(StoreError::Encrypted(_)) => ("encrypted", Some(true)),
            Err(StoreError::WrongPassphrase(_)) => ("other_passphrase", Some(true)),
            Err(StoreError::Corrupt { .. }) => ("damaged", None),
            Err(_) => ("unreadable", None),
        };
        let info = entry.details.as_ref().ok();
        Self {
            file: entry
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: entry.path.to_string_lossy().into_owned(),
            kind: match entry.kind {
                BackupKind::Daily(_) => "daily",
                BackupKind::Manual => "manual",
                BackupKind::BeforeUpgrade => "before_upgrade",
                BackupKind::BeforeRestore => "before_restore",
            },
            modified: entry.modified,
            size_bytes: entry.size,
            state,
            encrypted,
            schema_version: info.map(|i| i.version),
            counts: info.and_then(|i| i.counts).map(|c| CountsJson {
                accounts: c.accounts,
                issues: c.issues,
                plans: c.plans,
                steps: c.steps,
                proofs: c.proofs,
            }),
            problem: entry.details.as_ref().err().map(ToString::to_string),
        }
    }
}

/// The records a copy holds.
#[derive(Debug, Serialize)]
struct CountsJson {
    accounts: usize,
    issues: usize,
    plans: usize,
    steps: usize,
    proofs: usize,
}

/// "5 accounts, 12 issues, 9 plans, 30 proof statements, encrypted".
fn describe(info: &BackupInfo) -> String {
    let mut text = match info.counts {
        Some(Counts {
            accounts,
            issues,
            plans,
            proofs,
            ..
        }) => format!(
            "{accounts} accounts, {issues} issues, {plans} plans, {proofs} proof statements"
        ),
        None => format!("schema version {}", info.version),
    };
    if info.encrypted {
        text.push_str(", encrypted");
    }
    text
}

/// A size for people: "812 B", "48 KiB", "3.1 MiB".
fn size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{} KiB", bytes / 1024),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
