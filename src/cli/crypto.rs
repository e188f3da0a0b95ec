//! `kam encrypt`, `kam decrypt` and `kam passphrase`: encryption at rest.
//! The current passphrase was asked for when the database was opened; a
//! new one is typed twice.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::prompt::Prompt;
use crate::store::Store;
use crate::store::backup::BackupsRekeyed;

/// What to do about backups left under the old key.
const AGAIN: &str = "Delete them, or run `kam passphrase` to try again.";

/// What to do about backups left readable without a passphrase.
const ENCRYPT_AGAIN: &str = "Delete them, or run `kam encrypt` to try again.";

/// `kam encrypt`: a plain database becomes an encrypted one. On an
/// encrypted database it finishes an interrupted run: the backups still
/// readable without a passphrase are encrypted.
pub fn encrypt(mut store: Store, prompt: &mut Prompt) -> Result<()> {
    let path = store.path().to_path_buf();
    let backups = if store.passphrase().is_some() {
        if store.plain_backups()?.is_empty() {
            bail!(
                "{} is already encrypted; `kam passphrase` changes its passphrase",
                path.display()
            );
        }
        let backups = store.encrypt_plain_backups()?;
        println!("{} was already encrypted.", path.display());
        backups
    } else {
        refuse_synced(&store)?;
        store.check_alone()?;
        let key = prompt.new_secret()?;
        let backups = store.rekey(Some(key))?;
        println!(
            "Encrypted {}. Keep the passphrase safe: without it nobody, you included, can read the database.",
            path.display()
        );
        backups
    };
    report(
        &backups,
        "encrypted",
        "is still readable without a passphrase",
        ENCRYPT_AGAIN,
    )
}

/// Refuses to encrypt a database that syncs through git: its records are
/// plain text in the repository beside it and in the remote, and an
/// encrypted database does not sync, so encrypting it would leave those
/// copies readable while promising the contrary.
fn refuse_synced(store: &Store) -> Result<()> {
    if let Some(state) = store.sync_state()? {
        bail!(
            "{} syncs through git, so its records are plain text in {} and in the remote {}, \
             and an encrypted database does not sync; nothing was changed. To keep an \
             encrypted portfolio, import it into a new file and encrypt that: \
             kam export | kam --db NEW.db import - && kam --db NEW.db encrypt",
            store.path().display(),
            crate::sync::engine::repo_path(store.path()).display(),
            state.remote
        );
    }
    Ok(())
}

/// Tidies up after an interrupted restore or re-encryption at the start of
/// kam, and warns about backups of an encrypted database that anyone can
/// read, with the command that encrypts them.
pub fn at_start(store: &Store) -> Option<String> {
    if let Err(e) = store.remove_leftovers() {
        return Some(format!("could not remove a working file: {e}"));
    }
    match store.plain_backups() {
        Ok(plain) if plain.is_empty() => None,
        Ok(plain) => {
            let names: Vec<String> = plain.iter().map(|p| p.display().to_string()).collect();
            Some(format!(
                "{} of this encrypted database can be read without the passphrase \
                 ({}); run `kam encrypt` to encrypt them",
                crate::text::count(plain.len(), "backup", "backups"),
                names.join(", ")
            ))
        }
        Err(e) => Some(format!("could not check the backups: {e}")),
    }
}

/// `kam decrypt`: an encrypted database becomes a plain one.
pub fn decrypt(store: Store) -> Result<()> {
    let path = not_plain(&store)?;
    let backups = store.rekey(None)?;
    println!(
        "Decrypted {}: it opens without a passphrase now.",
        path.display()
    );
    report(
        &backups,
        "decrypted",
        "still needs the old passphrase",
        "Delete them if you no longer need them.",
    )
}

/// `kam passphrase`: an encrypted database gets a new passphrase.
pub fn change(mut store: Store, prompt: &mut Prompt) -> Result<()> {
    let path = not_plain(&store)?;
    store.check_alone()?;
    let key = prompt.new_secret()?;
    let backups = store.rekey(Some(key))?;
    println!("Changed the passphrase of {}.", path.display());
    report(
        &backups,
        "re-encrypted",
        "still opens with the old passphrase",
        AGAIN,
    )
}

/// The database's path; refuses a plain database.
fn not_plain(store: &Store) -> Result<PathBuf> {
    if store.passphrase().is_none() {
        bail!(
            "{} is not encrypted; `kam encrypt` encrypts it",
            store.path().display()
        );
    }
    Ok(store.path().to_path_buf())
}

/// Says what happened to the backups; a copy left behind is an error, so
/// that it cannot go unnoticed.
fn report(backups: &BackupsRekeyed, done: &str, left: &str, remedy: &str) -> Result<()> {
    if !backups.rewritten.is_empty() {
        let copies = crate::text::count(backups.rewritten.len(), "backup", "backups");
        println!("{copies} {done} too.");
    }
    if backups.failed.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "WARNING: {} could not be {done} and each {left}:",
        crate::text::count(backups.failed.len(), "backup", "backups")
    );
    for (path, e) in &backups.failed {
        let _ = write!(message, "\n  {}: {e}", path.display());
    }
    message.push('\n');
    message.push_str(remedy);
    bail!(message)
}
