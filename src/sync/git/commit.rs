//! Writing a commit with `git fast-import`: the parent's tree, the changed
//! files and the commit in one stream, so that a first commit of 100,000
//! files is one process and one pack.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::process::Stdio;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{CommitId, GitError, Repo, Result, commit_id, feeding_git, not_installed, stderr_of};

/// What happens to one file in a new commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file holds these bytes (created or replaced).
    Write(Vec<u8>),
    /// The file is removed (nothing happens if it was not there).
    Delete,
}

/// A commit to write.
#[derive(Debug, Clone)]
pub struct NewCommit<'a> {
    /// The ref the commit becomes, for example `refs/heads/main`; moved
    /// there whatever it pointed at before.
    pub reference: &'a str,
    /// The first parent, whose tree the changes apply to; `None` for a
    /// first commit, which starts from no files.
    pub parent: Option<&'a CommitId>,
    /// A second parent, making the commit a merge (its tree is not used:
    /// the changes say what the merged tree holds relative to `parent`).
    pub merge: Option<&'a CommitId>,
    /// The commit message.
    pub message: &'a str,
    /// Each changed file, by its path from the repository's root
    /// (`/`-separated, as [`crate::sync::record_file::RecordPath`] writes
    /// it).
    pub changes: &'a BTreeMap<String, Change>,
}

/// The name written in kam's commits when git has no `user.name`.
const DEFAULT_NAME: &str = "kam";

impl Repo {
    /// Writes `commit` and moves its ref to it; returns the new commit's
    /// id. The author and committer are git's `user.name` and
    /// `user.email` if set, else "kam".
    pub fn commit(&self, commit: &NewCommit<'_>) -> Result<CommitId> {
        let name = self.config("user.name")?;
        let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let email = self.config("user.email")?.unwrap_or_default();
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let person = format!(
            "{} <{}> {seconds} +0000",
            clean_person(name.unwrap_or(DEFAULT_NAME)),
            clean_person(email.trim())
        );

        let mut command = self.command([
            "fast-import",
            "--quiet",
            "--force",
            "--done",
            "--date-format=raw",
        ]);
        command.stdin(Stdio::piped());
        let mut child = command.spawn().map_err(not_installed)?;
        let stdin = child.stdin.take().expect("stdin is piped");
        // The stream is written on its own thread while this one reads
        // fast-import's answers, so neither side can block the other.
        let (written, output) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || feeding_git(|| write_stream(stdin, commit, &person)));
            let output = child.wait_with_output();
            (writer.join(), output)
        });
        let output = output?;
        if !output.status.success() {
            return Err(GitError::Failed {
                command: "fast-import".to_owned(),
                message: stderr_of(&output),
            });
        }
        match written {
            Ok(result) => result?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        commit_id(&output.stdout, "fast-import")
    }
}

/// The fast-import stream of one commit, ending with a request for its id
/// (`get-mark`, answered on fast-import's standard output).
fn write_stream(
    stdin: std::process::ChildStdin,
    commit: &NewCommit<'_>,
    person: &str,
) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 16, stdin);
    writeln!(out, "feature done")?;
    writeln!(out, "commit {}", commit.reference)?;
    writeln!(out, "mark :1")?;
    writeln!(out, "author {person}")?;
    writeln!(out, "committer {person}")?;
    writeln!(out, "data {}", commit.message.len())?;
    out.write_all(commit.message.as_bytes())?;
    writeln!(out)?;
    if let Some(parent) = commit.parent {
        writeln!(out, "from {parent}")?;
    }
    if let Some(merge) = commit.merge {
        writeln!(out, "merge {merge}")?;
    }
    for (path, change) in commit.changes {
        match change {
            Change::Write(bytes) => {
                write!(out, "M 100644 inline ")?;
                write_quoted(&mut out, path)?;
                writeln!(out, "\ndata {}", bytes.len())?;
                out.write_all(bytes)?;
                writeln!(out)?;
            }
            Change::Delete => {
                write!(out, "D ")?;
                write_quoted(&mut out, path)?;
                writeln!(out)?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "get-mark :1")?;
    writeln!(out, "done")?;
    out.flush()
}

/// A path as a C-style quoted string, which fast-import reads back to the
/// same bytes whatever the path holds (spaces, quotes, line breaks).
fn write_quoted(out: &mut impl Write, path: &str) -> std::io::Result<()> {
    out.write_all(b"\"")?;
    for &byte in path.as_bytes() {
        match byte {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            0..=0x1f | 0x7f => write!(out, "\\{byte:03o}")?,
            _ => out.write_all(&[byte])?,
        }
    }
    out.write_all(b"\"")
}

/// A name or email as git's author line can hold it: no angle brackets or
/// line breaks.
fn clean_person(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r' | '\0'))
        .collect()
}
