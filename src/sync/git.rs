//! The driver of the `git` the user already has: a bare repository beside
//! the database, written and read with git's plumbing through
//! [`std::process::Command`], never a library, so that SSH keys, agents and
//! credential helpers work as they do on the command line. kam never asks
//! for or stores a password: every git it runs has `GIT_TERMINAL_PROMPT=0`,
//! so a remote that wants one fails instead of waiting on the terminal.
//!
//! - [`Repo::init_bare`] and [`Repo::open`]; [`Repo::set_remote`] and
//!   [`Repo::remote`] for `origin`;
//! - [`Repo::commit`] writes a commit from a parent (or none) and a set of
//!   [`Change`]s in one `git fast-import` stream, optionally with a second
//!   parent (a merge), and moves a ref to it;
//! - [`Repo::tree`] lists a commit's files (`git ls-tree -r -z`) and
//!   [`Repo::blobs`] reads many files' bytes through one
//!   `git cat-file --batch`;
//! - [`Repo::fetch`] and [`Repo::push`] move one branch to and from
//!   `origin` and say what happened ([`Fetched`], [`Pushed`]) with git's own
//!   words kept for the user; [`Repo::merge_base`].
//!
//! There is no work tree and no index: nothing on disk but the repository,
//! and bytes go in and come out exactly (no line-ending conversion happens
//! on this path).

mod commit;
mod read;
mod remote;
#[cfg(test)]
mod tests;

pub use commit::{Change, NewCommit};
pub use remote::{Fetched, Pushed};

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What went wrong talking to git. A remote that cannot be reached or that
/// refuses a push is not an error but an outcome ([`Fetched`], [`Pushed`]).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No `git` on the `PATH`.
    #[error(
        "git is not installed: install it from your package manager \
         (for example `apt install git`, `dnf install git` or `brew install git`) \
         or from https://git-scm.com, then try again"
    )]
    NotInstalled,
    /// The path holds no git repository.
    #[error("{} is not a git repository: {message}", path.display())]
    NotARepository {
        /// The path given.
        path: PathBuf,
        /// What git said.
        message: String,
    },
    /// git ran and failed.
    #[error("`git {command}` failed: {message}")]
    Failed {
        /// The git subcommand, for example `fast-import`.
        command: String,
        /// What git said on its standard error, or its exit status.
        message: String,
    },
    /// git said something kam cannot read.
    #[error("`git {command}` answered in a way kam does not understand: {detail}")]
    Unexpected {
        /// The git subcommand.
        command: String,
        /// What was wrong with the answer.
        detail: String,
    },
    /// Starting git or talking to it failed.
    #[error("could not run git: {0}")]
    Io(#[from] io::Error),
}

/// The result of a git operation.
pub type Result<T, E = GitError> = std::result::Result<T, E>;

macro_rules! object_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Takes a full hexadecimal object id (SHA-1 or SHA-256), or
            /// `None` if `hex` is not one.
            pub fn parse(hex: &str) -> Option<Self> {
                let full = hex.len() == 40 || hex.len() == 64;
                let lower = hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
                (full && lower).then(|| Self(hex.to_owned()))
            }

            /// The id as hexadecimal.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

object_id!(
    /// The id of a commit.
    CommitId
);
object_id!(
    /// The id of a blob: the bytes of one file.
    BlobId
);

/// Environment variables that would point git somewhere other than the
/// repository kam names (set when kam runs inside a git hook, say).
const FOREIGN_ENV: [&str; 7] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
];

/// How git is started: the program and extra environment. The default runs
/// `git` from the `PATH` with the user's configuration.
#[derive(Debug, Clone)]
pub struct Git {
    program: OsString,
    env: Vec<(OsString, OsString)>,
}

impl Default for Git {
    fn default() -> Self {
        Self {
            program: "git".into(),
            env: Vec::new(),
        }
    }
}

impl Git {
    /// Runs `program` instead of `git` from the `PATH`.
    pub fn program(mut self, program: impl Into<OsString>) -> Self {
        self.program = program.into();
        self
    }

    /// Sets an environment variable for every git run (tests use it to
    /// keep the machine's configuration out).
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// A git command, with no prompt, C-quoting of paths off, and nothing
    /// from the environment pointing it elsewhere.
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        for key in FOREIGN_ENV {
            command.env_remove(key);
        }
        command
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(["-c", "core.quotePath=false"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
    }
}

/// Runs `write`, which feeds a git's standard input, with SIGPIPE held
/// back on this thread: a git that ended early (on a full disk, say) then
/// makes the write fail with "broken pipe", and kam reports git's own
/// words, instead of being ended by the signal, which kam lets end it
/// where its own output is closed (`kam backups | head -1`).
fn feeding_git<T>(write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    // SAFETY: the sets are initialised by sigemptyset before use, and
    // pthread_sigmask, sigpending and sigwait change or read this thread's
    // signal state only.
    unsafe {
        let mut pipe = std::mem::zeroed::<libc::sigset_t>();
        libc::sigemptyset(&mut pipe);
        libc::sigaddset(&mut pipe, libc::SIGPIPE);
        let mut before = std::mem::zeroed::<libc::sigset_t>();
        libc::pthread_sigmask(libc::SIG_BLOCK, &pipe, &mut before);
        let written = write();
        let mut pending = std::mem::zeroed::<libc::sigset_t>();
        libc::sigemptyset(&mut pending);
        if libc::sigpending(&mut pending) == 0 && libc::sigismember(&pending, libc::SIGPIPE) == 1 {
            let mut taken = 0;
            libc::sigwait(&pipe, &mut taken);
        }
        libc::pthread_sigmask(libc::SIG_SETMASK, &before, std::ptr::null_mut());
        written
    }
}

/// git with nothing from the machine: HOME, the global and the system
/// configuration all point into a test's folder.
#[cfg(test)]
pub(crate) fn isolated(home: &Path) -> Git {
    Git::default()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
}

/// A bare git repository on local disk.
#[derive(Debug, Clone)]
pub struct Repo {
    dir: PathBuf,
    git: Git,
}

impl Repo {
    /// Creates a bare repository at `path` (and its folders), or opens the
    /// one already there.
    pub fn init_bare(path: &Path) -> Result<Self> {
        Self::init_bare_with(Git::default(), path)
    }

    /// [`Repo::init_bare`] with `git` started as given.
    pub fn init_bare_with(git: Git, path: &Path) -> Result<Self> {
        let mut command = git.command();
        command.args(["init", "--bare", "--quiet"]).arg(path);
        let output = spawn(command)?;
        check("init", &output)?;
        Self::open_with(git, path)
    }

    /// Opens the bare repository at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(Git::default(), path)
    }

    /// [`Repo::open`] with `git` started as given.
    pub fn open_with(git: Git, path: &Path) -> Result<Self> {
        let mut command = git.command();
        command
            .arg("--git-dir")
            .arg(path)
            .args(["rev-parse", "--is-bare-repository"]);
        let output = spawn(command)?;
        let answer = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || answer.trim() != "true" {
            let message = if output.status.success() {
                "it has a work tree, and kam keeps only bare repositories".to_owned()
            } else {
                stderr_of(&output)
            };
            return Err(GitError::NotARepository {
                path: path.to_owned(),
                message,
            });
        }
        Ok(Self {
            dir: path.to_owned(),
            git,
        })
    }

    /// The repository's folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// A git command on this repository.
    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = self.git.command();
        command.arg("--git-dir").arg(&self.dir).args(args);
        command
    }

    /// Runs git with `args` and returns its standard output, or the error
    /// naming `args[0]` if it fails.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>> {
        let output = spawn(self.command(args))?;
        check(args[0], &output)?;
        Ok(output.stdout)
    }

    /// A configuration value of the repository (with the user's and the
    /// system's), or `None` if it is not set.
    pub fn config(&self, key: &str) -> Result<Option<String>> {
        let output = spawn(self.command(["config", "--get", key]))?;
        match output.status.code() {
            Some(0) => Ok(Some(trim_line(&output.stdout, "config")?.to_owned())),
            Some(1) => Ok(None),
            _ => Err(failed("config", &output)),
        }
    }

    /// The commit a ref (or any revision) names, or `None` if there is
    /// none.
    pub fn resolve(&self, name: &str) -> Result<Option<CommitId>> {
        let revision = format!("{name}^{{commit}}");
        let output = spawn(self.command(["rev-parse", "--verify", "--quiet", &revision]))?;
        match output.status.code() {
            Some(0) => commit_id(&output.stdout, "rev-parse").map(Some),
            Some(1) => Ok(None),
            _ => Err(failed("rev-parse", &output)),
        }
    }

    /// Points the ref `name` (for example `refs/heads/main`) at `commit`.
    pub fn set_ref(&self, name: &str, commit: &CommitId) -> Result<()> {
        self.run(&["update-ref", name, commit.as_str()])?;
        Ok(())
    }

    /// Lets git pack its objects when enough have gathered (`git gc
    /// --auto`, in the foreground so that nothing runs on after kam).
    pub fn tidy(&self) -> Result<()> {
        let output = spawn(self.command(["-c", "gc.autoDetach=false", "gc", "--auto", "--quiet"]))?;
        check("gc", &output)
    }

    /// The best common ancestor of two commits, or `None` if their
    /// histories never met.
    pub fn merge_base(&self, a: &CommitId, b: &CommitId) -> Result<Option<CommitId>> {
        let output = spawn(self.command(["merge-base", a.as_str(), b.as_str()]))?;
        match output.status.code() {
            Some(0) => commit_id(&output.stdout, "merge-base").map(Some),
            Some(1) if output.stdout.is_empty() && output.stderr.is_empty() => Ok(None),
            _ => Err(failed("merge-base", &output)),
        }
    }
}

/// Starts a command and waits for it, with git missing said plainly.
fn spawn(mut command: Command) -> Result<Output> {
    command.output().map_err(not_installed)
}

/// `NotFound` when starting git means there is no git.
fn not_installed(error: io::Error) -> GitError {
    if error.kind() == io::ErrorKind::NotFound {
        GitError::NotInstalled
    } else {
        GitError::Io(error)
    }
}

/// An error unless the command succeeded.
fn check(command: &str, output: &Output) -> Result<()> {
    if output.status.success() {
        Ok(())
    } else {
        Err(failed(command, output))
    }
}

/// What git said when it failed.
fn failed(command: &str, output: &Output) -> GitError {
    GitError::Failed {
        command: command.to_owned(),
        message: stderr_of(output),
    }
}

/// git's standard error, trimmed, or its exit status if it said nothing.
fn stderr_of(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if text.is_empty() {
        format!("git exited with {}", output.status)
    } else {
        text
    }
}

/// The one line a command printed, without its line break.
fn trim_line<'a>(stdout: &'a [u8], command: &str) -> Result<&'a str> {
    let text = std::str::from_utf8(stdout).map_err(|_| GitError::Unexpected {
        command: command.to_owned(),
        detail: "output is not UTF-8".to_owned(),
    })?;
    Ok(text.strip_suffix('\n').unwrap_or(text))
}

/// The commit id a command printed on one line.
fn commit_id(stdout: &[u8], command: &str) -> Result<CommitId> {
    let line = trim_line(stdout, command)?;
    CommitId::parse(line).ok_or_else(|| GitError::Unexpected {
        command: command.to_owned(),
        detail: format!("{line:?} is not a commit id"),
    })
}
