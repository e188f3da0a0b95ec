//! The remote `origin`: its URL, and one branch fetched from it and pushed
//! to it. A remote that cannot be reached, or that refuses a push, is an
//! outcome the caller acts on (keep the local commit, merge and push
//! again), with git's own message kept to show the user.

use super::{CommitId, GitError, Repo, Result, failed, spawn, stderr_of};

/// The remote kam syncs with.
const ORIGIN: &str = "origin";

/// What a fetch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The remote answered: the branch's commit there, or `None` if the
    /// remote has no such branch (an empty remote).
    Done(Option<CommitId>),
    /// The remote could not be reached: no network, no such remote, or
    /// authentication failed. git's message says which.
    Unreachable(String),
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote's branch is now the local one.
    Done,
    /// The remote's branch moved since the last fetch (not a fast-forward):
    /// fetch, merge and push again.
    Rejected(String),
    /// The remote declined for another reason (a hook, a protected branch,
    /// no permission to write): pushing again will not help.
    Refused(String),
    /// The remote could not be reached: no network, no such remote, or
    /// authentication failed.
    Unreachable(String),
}

impl Repo {
    /// The URL of `origin`, or `None` if there is none.
    pub fn remote(&self) -> Result<Option<String>> {
        self.config(&format!("remote.{ORIGIN}.url"))
    }

    /// Makes `url` the repository's `origin`: anything git understands
    /// (SSH, HTTPS, or a path to a bare repository).
    pub fn set_remote(&self, url: &str) -> Result<()> {
        if self.remote()?.is_some() {
            self.run(&["remote", "set-url", ORIGIN, url])?;
        } else {
            self.run(&["remote", "add", ORIGIN, url])?;
        }
        Ok(())
    }

    /// The ref where the last fetch left `origin`'s `branch`.
    pub fn remote_ref(branch: &str) -> String {
        format!("refs/remotes/{ORIGIN}/{branch}")
    }

    /// Fetches `branch` from `origin` into [`Repo::remote_ref`] and says
    /// where it is. Every branch of the remote is fetched (kam's remote
    /// holds one), so that a remote without `branch` is an answer, not an
    /// error; a branch deleted there is forgotten here.
    pub fn fetch(&self, branch: &str) -> Result<Fetched> {
        let refspec = format!("+refs/heads/*:refs/remotes/{ORIGIN}/*");
        let output =
            spawn(self.command(["fetch", "--quiet", "--prune", "--no-tags", ORIGIN, &refspec]))?;
        if !output.status.success() {
            return Ok(Fetched::Unreachable(stderr_of(&output)));
        }
        Ok(Fetched::Done(self.resolve(&Self::remote_ref(branch))?))
    }

    /// Pushes the local `refs/heads/<branch>` to `origin`'s branch of the
    /// same name, if that is a fast-forward there.
    pub fn push(&self, branch: &str) -> Result<Pushed> {
        let local = format!("refs/heads/{branch}");
        if self.resolve(&local)?.is_none() {
            return Err(GitError::Failed {
                command: "push".to_owned(),
                message: format!("there is no local branch {branch} to push"),
            });
        }
        let refspec = format!("{local}:{local}");
        let output = spawn(self.command(["push", "--porcelain", ORIGIN, &refspec]))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        // `--porcelain` prints one line per ref: a flag, a tab, the
        // refspec, a tab and a summary ("[rejected] (non-fast-forward)").
        let status = stdout.lines().find_map(|line| {
            let (flag, rest) = line.split_once('\t')?;
            let (_, summary) = rest.split_once('\t').unwrap_or((rest, ""));
            Some((flag.to_owned(), summary.to_owned()))
        });
        let said = stderr_of(&output);
        let message = match &status {
            Some((_, summary)) if !summary.is_empty() => format!("{summary}: {said}"),
            _ => said,
        };
        Ok(match status {
            Some((flag, _)) if matches!(flag.as_str(), " " | "+" | "-" | "*" | "=") => {
                if output.status.success() {
                    Pushed::Done
                } else {
                    return Err(failed("push", &output));
                }
            }
            Some((flag, summary)) if flag == "!" => {
                let moved = ["non-fast-forward", "fetch first", "stale info"]
                    .iter()
                    .any(|why| summary.contains(why));
                if summary.starts_with("[rejected]") && moved {
                    Pushed::Rejected(message)
                } else {
                    Pushed::Refused(message)
                }
            }
            Some(_) => return Err(failed("push", &output)),
            None => Pushed::Unreachable(message),
        })
    }
}
