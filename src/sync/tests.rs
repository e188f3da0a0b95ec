//! Sync proven end to end: databases on temporary files, each with its own
//! repository beside it, and a bare repository on local disk as the remote.
//! Machines edit through the store's editing calls, as the interface does,
//! sync with [`engine::sync`] in every order, and must end identical:
//! the same records, the same change history, the same conflicts.

mod machines_three;
mod machines_two;
mod property;
mod refusals_and_recovery;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use tempfile::TempDir;

use super::engine::{self, Report};
use super::git::{Repo, isolated};
use crate::domain::Id;
use crate::domain::history::{Change, FieldChange};
use crate::store::{Snapshot, Store, SyncConflict};

/// A remote on local disk and the folder the machines keep their
/// databases in.
struct World {
    dir: TempDir,
}

impl World {
    /// A world with an empty bare repository as the remote.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let world = Self { dir };
        Repo::init_bare_with(isolated(world.dir.path()), &world.remote()).unwrap();
        world
    }

    /// The remote's path, as `kam sync init` takes it.
    fn remote(&self) -> PathBuf {
        self.dir.path().join("remote.git")
    }

    /// The remote, to inspect or write to as another kam would.
    fn remote_repo(&self) -> Repo {
        Repo::open_with(isolated(self.dir.path()), &self.remote()).unwrap()
    }

    /// A machine with a new, empty database of its own, not connected.
    fn unconnected(&self, name: &str) -> Machine {
        let folder = self.dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let store = Store::open(folder.join("kam.db")).unwrap();
        Machine {
            name: name.to_owned(),
            store,
        }
    }

    /// A machine with a new, empty database connected to the remote.
    fn machine(&self, name: &str) -> Machine {
        let mut machine = self.unconnected(name);
        machine.connect(&self.remote());
        machine
    }
}

/// One database and the repository beside it.
struct Machine {
    name: String,
    store: Store,
}

impl Machine {
    /// Connects the database to `remote`, as `kam sync init` does.
    fn connect(&mut self, remote: &Path) {
        self.store.sync_connect(remote.to_str().unwrap()).unwrap();
    }

    /// Syncs, failing the test on an error.
    fn sync(&mut self) -> Report {
        engine::sync(&mut self.store).unwrap_or_else(|e| panic!("{} syncs: {e}", self.name))
    }

    /// The repository kept beside the database.
    fn repo_path(&self) -> PathBuf {
        engine::repo_path(self.store.path())
    }

    /// Every record.
    fn records(&self) -> Snapshot {
        self.store.all_records().unwrap()
    }

    /// Every unresolved conflict.
    fn conflicts(&self) -> Vec<SyncConflict> {
        self.store.sync_conflicts().unwrap()
    }

    /// The change history of `accounts`, without the order numbers that
    /// are each database's own.
    fn history(&self, accounts: &BTreeSet<Id>) -> Vec<Entry> {
        let mut all: Vec<Entry> = accounts
            .iter()
            .flat_map(|a| {
                self.store
                    .changes_since(*a, DateTime::<Utc>::MIN_UTC)
                    .unwrap()
            })
            .map(Entry::from)
            .collect();
        all.sort();
        all
    }
}

/// One history row as every machine must hold it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    at: DateTime<Utc>,
    record: Id,
    account: Option<Id>,
    kind: String,
    action: String,
    field: Option<(String, String, String)>,
    label: String,
}

impl From<Change> for Entry {
    fn from(c: Change) -> Self {
        Self {
            at: c.at,
            record: c.record_id,
            account: c.account_id,
            kind: format!("{:?}", c.kind),
            action: format!("{:?}", c.action),
            field: c
                .field
                .map(|FieldChange { field, old, new }| (field, old, new)),
            label: c.label,
        }
    }
}

/// How many rounds of everyone syncing in turn may pass before the
/// machines must have nothing left to send or receive.
const ROUNDS_TO_QUIET: usize = 4;

/// The machines sync in turn, round after round, until each one in a row
/// has synced sending and receiving nothing; then every machine must hold
/// the same records, history and conflicts.
fn settle(machines: &mut [&mut Machine]) {
    let n = machines.len();
    let mut quiet = 0;
    for turn in 0..n * ROUNDS_TO_QUIET {
        let machine = &mut machines[turn % n];
        let report = machine.sync();
        assert_eq!(report.outcome, engine::Outcome::Pushed, "{}", machine.name);
        if report.sent > 0 || report.received > 0 {
            quiet = 0;
        } else {
            quiet += 1;
        }
        if quiet == n {
            assert_identical(machines);
            return;
        }
    }
    panic!("the machines still exchange items after {ROUNDS_TO_QUIET} rounds of syncing");
}

/// Every machine holds the same records, history and conflicts.
fn assert_identical(machines: &[&mut Machine]) {
    let (first, rest) = machines.split_first().expect("a machine");
    let accounts: BTreeSet<Id> = machines
        .iter()
        .flat_map(|m| m.records().accounts.into_iter().map(|a| a.id))
        .collect();
    let (records, history, conflicts) =
        (first.records(), first.history(&accounts), first.conflicts());
    for other in rest {
        let names = format!("{} and {}", first.name, other.name);
        assert_eq!(other.records(), records, "records of {names}");
        assert_eq!(other.history(&accounts), history, "history of {names}");
        assert_eq!(other.conflicts(), conflicts, "conflicts of {names}");
    }
}

/// Every order in which `n` machines can take turns.
fn orders(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for order in orders(n - 1) {
        for at in 0..=order.len() {
            let mut order = order.clone();
            order.insert(at, n - 1);
            out.push(order);
        }
    }
    out
}

/// A fixed day for dated records.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

#[test]
fn every_order_of_three_machines_is_listed_once() {
    let all = orders(3);
    assert_eq!(all.len(), 6);
    assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), 6);
}
