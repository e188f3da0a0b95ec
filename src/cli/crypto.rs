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

/// `kam encrypt`: a plain database becomes an encrypted one.
pub fn encrypt(store: Store, prompt: &mut Prompt) -> Result<()> {
    if store.passphrase().is_some() {
        bail!(
            "{} is already encrypted; `kam passphrase` changes its passphrase",
            store.path().display()
        );
    }
    let path = store.path().to_path_buf();
    let key = prompt.new_secret()?;
    let backups = store.rekey(Some(key))?;
    println!(
        "Encrypted {}. Keep the passphrase safe: without it nobody, you included, can read the database.",
        path.display()
    );
    report(
        &backups,
        "encrypted",
        "is still readable without a passphrase",
        AGAIN,
    )
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
pub fn change(store: Store, prompt: &mut Prompt) -> Result<()> {
    let path = not_plain(&store)?;
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
        println!("{} backup(s) {done} too.", backups.rewritten.len());
    }
    if backups.failed.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "WARNING: {} backup(s) could not be {done} and each {left}:",
        backups.failed.len()
    );
    for (path, e) in &backups.failed {
        let _ = write!(message, "\n  {}: {e}", path.display());
    }
    message.push('\n');
    message.push_str(remedy);
    bail!(message)
}
