//! Asking the user: passphrases on the terminal without echo, yes/no
//! questions and choices among a few. When standard input is not a terminal (scripts, tests), each
//! answer is one line read from it and nothing is asked aloud.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use zeroize::Zeroizing;

use super::terminal_modes::ModesKept;
use crate::store::{Passphrase, Store, StoreError};

/// How many passphrases a user at the terminal may try.
const TRIES: u32 = 3;

/// Where answers come from.
pub struct Prompt {
    interactive: bool,
}

impl Prompt {
    /// Answers from the terminal when standard input is one, else from
    /// standard input's lines.
    pub fn new() -> Self {
        Self {
            interactive: io::stdin().is_terminal(),
        }
    }

    /// Whether a person at a terminal is answering.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// How many passphrases may be tried: three at the terminal, one from a
    /// script.
    pub fn tries(&self) -> u32 {
        if self.interactive { TRIES } else { 1 }
    }

    /// Asks for a passphrase; what is typed is never shown.
    pub fn secret(&mut self, prompt: &str) -> Result<Passphrase> {
        let mut text = if self.interactive {
            let _kept = ModesKept::now();
            Zeroizing::new(rpassword::prompt_password(prompt).context("reading the passphrase")?)
        } else {
            read_line().context("reading the passphrase from standard input")?
        };
        Ok(Passphrase::new(std::mem::take(&mut *text))?)
    }

    /// Asks for a new passphrase twice; refuses when the two differ.
    pub fn new_secret(&mut self) -> Result<Passphrase> {
        let first = self.secret("New passphrase: ")?;
        let second = self.secret("Type the new passphrase again: ")?;
        if first != second {
            bail!("the two passphrases differ; nothing was changed");
        }
        Ok(first)
    }

    /// Asks `question` with numbered `choices` and "0 leave it out" at the
    /// terminal, until the answer is one of them: the index of the choice,
    /// or `None` for 0 or an empty answer.
    pub fn choose(&mut self, question: &str, choices: &[String]) -> Result<Option<usize>> {
        eprintln!("{question}");
        for (n, choice) in choices.iter().enumerate() {
            eprintln!("  {}  {choice}", n + 1);
        }
        eprintln!("  0  leave it out");
        loop {
            eprint!("Which one? [0-{}] ", choices.len());
            io::stderr().flush().ok();
            let answer = read_line().context("reading the answer")?;
            match answer.trim() {
                "" | "0" => return Ok(None),
                text => match text.parse::<usize>() {
                    Ok(n @ 1..) if n <= choices.len() => return Ok(Some(n - 1)),
                    _ => eprintln!("“{}” is none of them.", crate::text::sanitize(text)),
                },
            }
        }
    }

    /// Asks a yes/no question at the terminal; anything but "y" or "yes" is
    /// no.
    pub fn confirm(&mut self, question: &str) -> Result<bool> {
        eprint!("{question} [y/N] ");
        io::stderr().flush().ok();
        let answer = read_line().context("reading the answer")?;
        Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
    }
}

impl Default for Prompt {
    fn default() -> Self {
        Self::new()
    }
}

/// Standard input ended before the answer.
#[derive(Debug, thiserror::Error)]
#[error("standard input ended")]
struct InputEnded;

/// One line of standard input, without its line ending; the end of input
/// is an [`InputEnded`] error.
fn read_line() -> Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::new());
    if io::stdin().lock().read_line(&mut line)? == 0 {
        return Err(InputEnded.into());
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(line)
}

/// Opens the database at `path`, asking for its passphrase when it is
/// encrypted: up to three tries at the terminal, one line from a script.
///
/// A script that gives no passphrase is told that the file needs one (or
/// is not a kam database: a damaged header looks the same).
pub fn open_store(path: &Path, prompt: &mut Prompt) -> Result<Store> {
    let encrypted = match Store::open(path) {
        Err(encrypted @ StoreError::Encrypted(_)) => encrypted,
        other => return Ok(other?),
    };
    let question = format!("Passphrase for {}: ", crate::text::path(path));
    unlock(prompt, &question, |key| {
        Store::open_with_key(path, Some(key))
    })
    .map_err(|e| {
        if e.downcast_ref::<InputEnded>().is_some() {
            anyhow::anyhow!("{encrypted}, and standard input ended before one")
        } else {
            e
        }
    })
}

/// Asks for a passphrase until `open` accepts it or the tries run out.
pub fn unlock<T>(
    prompt: &mut Prompt,
    question: &str,
    mut open: impl FnMut(Passphrase) -> Result<T, StoreError>,
) -> Result<T> {
    let tries = prompt.tries();
    let mut attempt = 1;
    loop {
        let result = prompt.secret(question).and_then(|key| Ok(open(key)?));
        let retry = match &result {
            Err(e) if attempt < tries => match e.downcast_ref::<StoreError>() {
                Some(StoreError::WrongPassphrase(_)) => Some("wrong passphrase".to_owned()),
                Some(bad @ StoreError::BadPassphrase(_)) => Some(bad.to_string()),
                _ => None,
            },
            _ => None,
        };
        match retry {
            Some(why) => {
                eprintln!("{why}, try again");
                attempt += 1;
            }
            None => return result,
        }
    }
}
