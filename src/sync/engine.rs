//! One sync, start to end: the local changes committed, the remote fetched,
//! the two merged record by record, the database updated in one
//! transaction, and the result pushed.

use std::collections::BTreeMap;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use super::git::{Change, CommitId, Fetched, Git, GitError, NewCommit, Pushed, Repo};
use super::item::{Content, Item, unfiled};
use super::record_file;
use super::tree::{self, Index, Merged};
use crate::store::{
    Applied, Apply, Pending, PendingItem, Store, StoreError, SyncState, is_nearly_full,
};

/// Why a sync could not run or complete. An unreachable remote is not an
/// error: it is [`Outcome::Offline`].
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// `kam sync init` was never run on this database.
    #[error("this database is not connected to a remote: run `kam sync init REMOTE` first")]
    NotConnected,
    /// The database is encrypted, and sync would put its records on disk
    /// and in the remote as plain text.
    #[error(
        "this database is encrypted, and sync would write its records as plain text \
         into a git repository and the remote, so kam does not sync it"
    )]
    Encrypted,
    /// Another sync of this database is running.
    #[error("another `kam sync` of this database is running; try again when it ends")]
    Busy,
    /// The repository was written by a newer kam.
    #[error(
        "the remote holds a portfolio written by a newer kam (format {found}); \
         this kam writes format {ours}: update kam on this machine, then sync"
    )]
    NewerFormat {
        /// The repository's format.
        found: u32,
        /// This kam's format.
        ours: u32,
    },
    /// A file in the repository cannot be read as a record.
    #[error("{path} in the repository cannot be read: {problem}")]
    Unreadable {
        /// The file.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The remote declined the push for a reason pushing again will not
    /// change.
    #[error("the remote refused the push: {0}")]
    Refused(String),
    /// The remote could not be reached when it had to be (connecting).
    #[error("the remote cannot be reached: {0}")]
    Unreachable(String),
    /// Records kept changing here while the sync tried to apply the merge.
    #[error("records kept changing while syncing; sync again")]
    KeptMoving,
    /// git could not write the repository: the disk holding it is full.
    #[error("the disk is full: nothing was synced")]
    DiskFull,
    /// git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The remote holds what this database holds.
    Pushed,
    /// The remote could not be reached: the local changes are committed
    /// and go out with the next sync. Holds git's words.
    Offline(String),
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Items (records, histories, conflict sets) committed from here.
    pub sent: usize,
    /// Items written into the database from the remote or the merge.
    pub received: usize,
    /// Conflicts this sync found.
    pub conflicts: usize,
    /// How it ended.
    pub outcome: Outcome,
}

/// The version of the repository's layout and file format this kam
/// writes. A kam meeting a higher one refuses to sync.
pub const FORMAT: u32 = 1;

/// The branch kam keeps the portfolio on, here and in the remote.
const BRANCH: &str = "main";
/// The local branch's ref.
const HEAD: &str = "refs/heads/main";
/// The ref a preview's local commit is written to.
const PREVIEW: &str = "refs/kam/preview";
/// The file at the root of the repository that names its format.
const FORMAT_FILE: &str = "format.kam";
/// Keeps git from changing line endings of record files.
const ATTRIBUTES: &str = ".gitattributes";
/// The file a running sync holds locked, inside the repository.
pub(super) const LOCK: &str = "kam-sync.lock";
/// How many times a sync starts over when the remote or the records
/// moved under it.
const ATTEMPTS: usize = 5;

/// The repository kept beside a database: `<stem>.sync.git` in the same
/// folder.
pub fn repo_path(db: &Path) -> PathBuf {
    let stem = db
        .file_stem()
        .map_or_else(|| "kam".into(), |s| s.to_string_lossy());
    db.with_file_name(format!("{stem}.sync.git"))
}

/// What merging with the remote would do, without doing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Items this database would send.
    pub sent: usize,
    /// Items the database would take from the remote or the merge.
    pub received: usize,
    /// Conflicts the merge would find.
    pub conflicts: usize,
    /// Whether the remote holds a portfolio already.
    pub remote_holds_one: bool,
}

/// The repository of a connected database, locked for one sync.
struct Session {
    repo: Repo,
    /// Held while the sync runs; the system releases it if kam dies.
    _lock: Locked,
}

impl Session {
    /// Opens (or creates) the repository beside `store`'s file, takes its
    /// lock, clears what a killed git left behind, and points `origin` at
    /// the remote.
    fn open(store: &Store, state: &SyncState) -> Result<Self, SyncError> {
        if store.passphrase().is_some() {
            return Err(SyncError::Encrypted);
        }
        let path = repo_path(store.path());
        let repo = if path.join("HEAD").exists() {
            Repo::open(&path)?
        } else {
            Repo::init_bare(&path)?
        };
        let repo = batch_ssh(repo)?;
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path.join(LOCK))
            .map_err(GitError::Io)?;
        let lock = Locked::take(lock)?;
        remove_stale_locks(&path);
        if repo.remote()?.as_deref() != Some(state.remote.as_str()) {
            repo.set_remote(&state.remote)?;
        }
        Ok(Self { repo, _lock: lock })
    }
}

/// The sync lock of a repository, let go when dropped.
struct Locked(File);

impl Locked {
    /// Takes the lock on `file`, or [`SyncError::Busy`] while another sync
    /// holds it.
    fn take(file: File) -> Result<Self, SyncError> {
        match file.try_lock() {
            Ok(()) => Ok(Self(file)),
            Err(TryLockError::WouldBlock) => Err(SyncError::Busy),
            Err(TryLockError::Error(e)) => Err(GitError::Io(e).into()),
        }
    }
}

impl Drop for Locked {
    /// Lets go of the lock before the file is closed: a process started
    /// from another thread at this moment holds a copy of the descriptor
    /// until it runs its program, and closing alone would leave the lock
    /// held through that copy, so that the next sync would find it busy.
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The repository with ssh told never to ask on the terminal, unless the
/// user chose how git runs ssh.
fn batch_ssh(repo: Repo) -> Result<Repo, SyncError> {
    let chosen = std::env::var_os("GIT_SSH_COMMAND").is_some()
        || std::env::var_os("GIT_SSH").is_some()
        || repo.config("core.sshCommand")?.is_some();
    if chosen {
        return Ok(repo);
    }
    let git = Git::default().env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    Ok(Repo::open_with(git, repo.path())?)
}

/// Removes the lock files a git killed mid-way leaves (`config.lock`,
/// `packed-refs.lock`, `refs/heads/main.lock` …): no git runs on the
/// repository while kam holds its sync lock.
fn remove_stale_locks(dir: &Path) {
    fn sweep(dir: &Path, deep: bool) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if deep {
                    sweep(&path, true);
                }
            } else if path.extension().is_some_and(|e| e == "lock")
                && path.file_name().is_some_and(|n| n != LOCK)
            {
                let _ = std::fs::remove_file(path);
            }
        }
    }
    sweep(dir, false);
    sweep(&dir.join("refs"), true);
}

/// Commits the local changes, fetches, merges, updates the database in one
/// transaction, and pushes. Where git fails on a full disk, says so, and
/// removes what git left half done.
pub fn sync(store: &mut Store) -> Result<Report, SyncError> {
    let result = sync_once(store);
    match result {
        Err(SyncError::Git(GitError::Failed { .. })) if is_nearly_full(store.path()) => {
            remove_git_leftovers(&repo_path(store.path()));
            Err(SyncError::DiskFull)
        }
        other => other,
    }
}

/// Removes what a git that failed for want of room leaves in the
/// repository: the crash report of `git fast-import`
/// (`fast_import_crash_<pid>`) and half-written packs
/// (`objects/pack/tmp_pack_*`, `tmp_idx_*`). No git runs on the repository
/// while kam holds its sync lock.
fn remove_git_leftovers(dir: &Path) {
    let leftovers = [
        (dir.to_path_buf(), "fast_import_crash_"),
        (dir.join("objects/pack"), "tmp_pack_"),
        (dir.join("objects/pack"), "tmp_idx_"),
    ];
    for (folder, start) in leftovers {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with(start))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// [`sync`], whatever the disk.
fn sync_once(store: &mut Store) -> Result<Report, SyncError> {
    let state = store.sync_state()?.ok_or(SyncError::NotConnected)?;
    let session = Session::open(store, &state)?;
    let repo = &session.repo;
    let mut head = known_or_start_over(store, repo, &state)?;
    let mut report = Report {
        sent: 0,
        received: 0,
        conflicts: 0,
        outcome: Outcome::Pushed,
    };
    for _ in 0..ATTEMPTS {
        let pending = store.sync_pending()?;
        if !pending.items.is_empty() {
            let (commit, sent) = commit_local(repo, head.as_ref(), &pending, HEAD)?;
            report.sent += sent;
            store.sync_committed(pending.upto, commit.as_str())?;
            head = Some(commit);
        }
        if let Some(local) = &head {
            repo.set_ref(HEAD, local)?;
        }
        let remote = match repo.fetch(BRANCH)? {
            Fetched::Unreachable(said) => {
                report.outcome = Outcome::Offline(said);
                return Ok(report);
            }
            Fetched::Done(remote) => remote,
        };
        match (&head, &remote) {
            // Nothing here and nothing there: the first commit says which
            // format the repository is in.
            (None, None) => {
                let (commit, sent) = commit_local(repo, None, &pending, HEAD)?;
                report.sent += sent;
                store.sync_committed(pending.upto, commit.as_str())?;
                head = Some(commit);
            }
            (Some(local), Some(remote)) if contains(repo, local, remote)? => {}
            (local, Some(remote)) => {
                let (merged, commit) = merge_remote(repo, local.as_ref(), remote)?;
                let apply = to_apply(&merged, pending.upto, &commit);
                if store.sync_apply(&apply)? == Applied::Moved {
                    continue;
                }
                report.received += apply.records.len() + apply.conflicts.len() + histories(&merged);
                report.conflicts += merged.found;
                repo.set_ref(HEAD, &commit)?;
                head = Some(commit);
            }
            (Some(_), None) => {}
        }
        let local = head.clone().expect("a commit exists here or there");
        if remote.as_ref() != Some(&local) {
            match repo.push(BRANCH)? {
                Pushed::Done => {}
                Pushed::Rejected(_) => continue,
                Pushed::Refused(said) => return Err(SyncError::Refused(said)),
                Pushed::Unreachable(said) => {
                    report.outcome = Outcome::Offline(said);
                    return Ok(report);
                }
            }
        }
        store.sync_apply(&Apply {
            commit: local.to_string(),
            synced: true,
            ..Apply::default()
        })?;
        repo.tidy()?;
        return Ok(report);
    }
    Err(SyncError::KeptMoving)
}

/// What a sync would do now, with nothing written to the database or the
/// remote.
pub fn preview(store: &Store) -> Result<Preview, SyncError> {
    let state = store.sync_state()?.ok_or(SyncError::NotConnected)?;
    let session = Session::open(store, &state)?;
    let repo = &session.repo;
    let head = known_commit(repo, &state)?;
    let pending = store.sync_pending()?;
    let (local, sent) = if pending.items.is_empty() {
        (head, 0)
    } else {
        let (commit, sent) = commit_local(repo, head.as_ref(), &pending, PREVIEW)?;
        (Some(commit), sent)
    };
    let remote = match repo.fetch(BRANCH)? {
        Fetched::Unreachable(said) => return Err(SyncError::Unreachable(said)),
        Fetched::Done(remote) => remote,
    };
    let mut preview = Preview {
        sent,
        received: 0,
        conflicts: 0,
        remote_holds_one: remote.is_some(),
    };
    let behind = match (&local, &remote) {
        (Some(local), Some(remote)) => !contains(repo, local, remote)?,
        (None, remote) => remote.is_some(),
        (Some(_), None) => false,
    };
    if let (true, Some(remote)) = (behind, &remote) {
        let (merged, _) = merge_remote(repo, local.as_ref(), remote)?;
        preview.received = merged.changed.len();
        preview.conflicts = merged.found;
    }
    Ok(preview)
}

/// Whether the remote holds a portfolio at all, asked without syncing.
pub fn remote_holds_one(store: &Store) -> Result<bool, SyncError> {
    let state = store.sync_state()?.ok_or(SyncError::NotConnected)?;
    let session = Session::open(store, &state)?;
    match session.repo.fetch(BRANCH)? {
        Fetched::Unreachable(said) => Err(SyncError::Unreachable(said)),
        Fetched::Done(remote) => Ok(remote.is_some()),
    }
}

/// The commit the database matches, if the repository still holds it.
fn known_commit(repo: &Repo, state: &SyncState) -> Result<Option<CommitId>, SyncError> {
    let Some(id) = state.commit.as_deref().and_then(CommitId::parse) else {
        return Ok(None);
    };
    Ok(repo.resolve(id.as_str())?.map(|_| id))
}

/// [`known_commit`]. When the repository lost it (deleted, replaced), the
/// remote's copy of it if the remote holds it (the sync that made it
/// pushed it), so that what changed here since merges against it as
/// before; else every record noted again so that the next commit holds
/// them all.
fn known_or_start_over(
    store: &mut Store,
    repo: &Repo,
    state: &SyncState,
) -> Result<Option<CommitId>, SyncError> {
    let known = known_commit(repo, state)?;
    if known.is_some() || state.commit.is_none() {
        return Ok(known);
    }
    if let Fetched::Done(_) = repo.fetch(BRANCH)?
        && let Some(fetched) = known_commit(repo, state)?
    {
        return Ok(Some(fetched));
    }
    store.sync_connect(&state.remote)?;
    Ok(None)
}

/// Whether `commit` contains `other` (is it or descends from it).
fn contains(repo: &Repo, commit: &CommitId, other: &CommitId) -> Result<bool, SyncError> {
    Ok(commit == other || repo.merge_base(commit, other)?.as_ref() == Some(other))
}

/// A commit's files by item.
fn index_of(repo: &Repo, commit: Option<&CommitId>) -> Result<Index, SyncError> {
    Ok(match commit {
        Some(commit) => tree::index(repo.tree(commit)?),
        None => Index::new(),
    })
}

/// Commits the pending items on top of `head` (or as the first commit,
/// with the format file), leaving out files whose bytes did not change;
/// returns the commit (`head` itself when nothing changed) and how many
/// files changed.
fn commit_local(
    repo: &Repo,
    head: Option<&CommitId>,
    pending: &Pending,
    reference: &str,
) -> Result<(CommitId, usize), SyncError> {
    let index = index_of(repo, head)?;
    let mut changes = BTreeMap::new();
    if head.is_none() {
        changes.insert(FORMAT_FILE.to_owned(), Change::Write(format_file()));
        changes.insert(ATTRIBUTES.to_owned(), Change::Write(b"* -text\n".to_vec()));
    }
    let mut written = Vec::new();
    for pending in &pending.items {
        let (item, content, account) = read_pending(pending);
        let old = index.get(&item);
        let Some(content) = content else {
            if let Some(old) = old {
                changes.insert(old.path.clone(), Change::Delete);
            }
            continue;
        };
        let account = account
            .or_else(|| old.and_then(|o| o.account))
            .unwrap_or_else(unfiled);
        let path = item.path(account);
        match old {
            Some(old) if old.path == path => written.push((path, content.to_bytes(), old)),
            _ => {
                if let Some(old) = old {
                    changes.insert(old.path.clone(), Change::Delete);
                }
                changes.insert(path, Change::Write(content.to_bytes()));
            }
        }
    }
    let ids: Vec<_> = written.iter().map(|(_, _, old)| old.blob.clone()).collect();
    let stored = repo.blobs(&ids)?;
    for ((path, bytes, _), stored) in written.into_iter().zip(stored) {
        if bytes != stored {
            changes.insert(path, Change::Write(bytes));
        }
    }
    if changes.is_empty()
        && let Some(head) = head
    {
        return Ok((head.clone(), 0));
    }
    let count = changes.len();
    let message = format!(
        "{count} {} changed",
        if count == 1 { "file" } else { "files" }
    );
    let commit = repo.commit(&NewCommit {
        reference,
        parent: head,
        merge: None,
        message: &message,
        changes: &changes,
    })?;
    Ok((commit, count))
}

/// A pending item as the repository holds it, with the account it is
/// filed under when the database knows it.
fn read_pending(pending: &PendingItem) -> (Item, Option<Content>, Option<crate::domain::Id>) {
    match pending {
        PendingItem::Record {
            kind,
            id,
            account,
            fields,
        } => {
            let item = Item::Record(*kind, *id);
            let content = fields.clone().map(Content::Record);
            (item, content, *account)
        }
        PendingItem::History { record, entries } => {
            let content = Content::History(entries.clone());
            let account = content.account(&Item::History(*record));
            let content = (!entries.is_empty()).then_some(content);
            (Item::History(*record), content, account)
        }
        PendingItem::Conflicts { record, conflicts } => {
            let content = Content::Conflicts(conflicts.clone());
            let account = content.account(&Item::Conflicts(*record));
            let content = (!conflicts.is_empty()).then_some(content);
            (Item::Conflicts(*record), content, account)
        }
    }
}

/// The format file this kam writes.
fn format_file() -> Vec<u8> {
    let mut fields = serde_json::Map::new();
    fields.insert("format".to_owned(), FORMAT.into());
    fields.insert(
        "written_by".to_owned(),
        format!("kam {}", env!("CARGO_PKG_VERSION")).into(),
    );
    record_file::to_text(&fields).into_bytes()
}

/// Refuses a repository written in a newer format than this kam's.
fn check_format(repo: &Repo, index: &Index) -> Result<(), SyncError> {
    let Some(entry) = index.get(&Item::Other(FORMAT_FILE.to_owned())) else {
        return Ok(());
    };
    let bytes = repo.blobs(std::slice::from_ref(&entry.blob))?.remove(0);
    let unreadable = |problem: String| SyncError::Unreadable {
        path: FORMAT_FILE.to_owned(),
        problem,
    };
    let text = String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?;
    let fields = record_file::from_text(&text).map_err(|e| unreadable(e.to_string()))?;
    let found = fields
        .get("format")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| unreadable("it names no format".to_owned()))?;
    if found > u64::from(FORMAT) {
        return Err(SyncError::NewerFormat {
            found: u32::try_from(found).unwrap_or(u32::MAX),
            ours: FORMAT,
        });
    }
    Ok(())
}

/// Merges the remote commit into the local one (none before the first
/// commit here): the merge and the commit the database will match (the
/// remote's own when there is no local one or it is the remote's
/// ancestor, else a merge commit of the two).
fn merge_remote(
    repo: &Repo,
    local: Option<&CommitId>,
    remote: &CommitId,
) -> Result<(Merged, CommitId), SyncError> {
    let remote_index = index_of(repo, Some(remote))?;
    check_format(repo, &remote_index)?;
    let Some(local) = local else {
        let merged = tree::merge(repo, &Index::new(), &Index::new(), &remote_index)?;
        return Ok((merged, remote.clone()));
    };
    let base = repo.merge_base(local, remote)?;
    let local_index = index_of(repo, Some(local))?;
    let fast_forward = base.as_ref() == Some(local);
    let base_index = if fast_forward {
        local_index.clone()
    } else {
        index_of(repo, base.as_ref())?
    };
    let merged = tree::merge(repo, &base_index, &local_index, &remote_index)?;
    if fast_forward {
        return Ok((merged, remote.clone()));
    }
    let mut changes = BTreeMap::new();
    for (item, state) in &merged.changed {
        let old = local_index.get(item);
        match state {
            None => {
                if let Some(old) = old {
                    changes.insert(old.path.clone(), Change::Delete);
                }
            }
            Some((content, account)) => {
                let path = item.path(*account);
                if let Some(old) = old.filter(|o| o.path != path) {
                    changes.insert(old.path.clone(), Change::Delete);
                }
                changes.insert(path, Change::Write(content.to_bytes()));
            }
        }
    }
    let commit = repo.commit(&NewCommit {
        reference: HEAD,
        parent: Some(local),
        merge: Some(remote),
        message: "Merged with the remote",
        changes: &changes,
    })?;
    Ok((merged, commit))
}

/// The database writes that make it match a merge.
fn to_apply(merged: &Merged, upto: i64, commit: &CommitId) -> Apply {
    let mut apply = Apply {
        upto,
        commit: commit.to_string(),
        ..Apply::default()
    };
    for (item, state) in &merged.changed {
        let content = state.as_ref().map(|(c, _)| c);
        match (item, content) {
            (Item::Record(kind, id), Some(Content::Record(fields))) => {
                apply.records.push((*kind, *id, Some(fields.clone())));
            }
            (Item::Record(kind, id), _) => apply.records.push((*kind, *id, None)),
            (Item::History(_), Some(Content::History(entries))) => {
                apply.history.extend(entries.iter().cloned());
            }
            (Item::Conflicts(id), Some(Content::Conflicts(list))) => {
                apply.conflicts.push((*id, list.clone()));
            }
            (Item::Conflicts(id), _) => apply.conflicts.push((*id, Vec::new())),
            _ => {}
        }
    }
    apply
}

/// How many histories a merge changed.
fn histories(merged: &Merged) -> usize {
    merged
        .changed
        .keys()
        .filter(|item| matches!(item, Item::History(_)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_let_go_is_free_while_a_starting_process_holds_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let open = || File::create(dir.path().join(LOCK)).unwrap();
        let held = Locked::take(open()).unwrap();
        assert!(matches!(Locked::take(open()), Err(SyncError::Busy)));
        // What a process started from another thread holds until it runs
        // its program: a copy of the descriptor.
        let copy = held.0.try_clone().unwrap();
        drop(held);
        assert!(Locked::take(open()).is_ok());
        drop(copy);
    }
}
