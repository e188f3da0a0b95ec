//! A private temporary folder per test: a home directory for kam and the
//! path of its database file, plus the few store calls the tests share.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Local, NaiveDate};
use kam::domain::{Account, ProofStatement};
use kam::store::Store;
use tempfile::TempDir;

/// A temporary folder holding `home/` and the database path `kam.db`;
/// everything is removed when it is dropped.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// A fresh, empty sandbox; the database file does not exist yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        fs::create_dir(dir.path().join("home")).expect("home folder");
        Self { dir }
    }

    /// The database file kam is pointed at.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("kam.db")
    }

    /// The home directory given to kam, so that nothing outside the sandbox
    /// (the real `~/.local/share/kam`) is ever touched.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `kam` with no input, its home and configuration in the sandbox and no
    /// `KAM_DB` from the environment the tests run in: as from another shell.
    pub fn command(&self) -> Command {
        let home = self.home();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kam"));
        cmd.current_dir(&home)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env_remove("KAM_DB")
            .stdin(Stdio::null());
        cmd
    }

    /// Opens the database through kam's own store (creating it if needed).
    pub fn store(&self) -> Store {
        Store::open(self.db()).unwrap_or_else(|e| panic!("opening {}: {e}", self.db().display()))
    }

    /// Creates an account called `name`, with one proof statement per entry
    /// of `proofs` (statement and date).
    pub fn add_account(&self, name: &str, proofs: &[(&str, NaiveDate)]) -> Account {
        let mut store = self.store();
        let account = store
            .save_account(&Account::new(name))
            .expect("saving the account");
        for (statement, date) in proofs {
            store
                .save_proof(&ProofStatement::new(account.id, *date, *statement))
                .expect("saving a proof statement");
        }
        account
    }

    /// Takes every write permission from the database file (mode 0444), the
    /// way kam recognises a read-only database even when run as root.
    pub fn make_read_only(&self) {
        fs::set_permissions(self.db(), fs::Permissions::from_mode(0o444)).expect("chmod 0444");
    }
}

/// Today's date as kam sees it (local time).
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// The account called exactly `name` in `store`.
pub fn account_named(store: &Store, name: &str) -> Account {
    let accounts = store.accounts().expect("listing accounts");
    accounts
        .iter()
        .find(|a| a.name == name)
        .cloned()
        .unwrap_or_else(|| {
            let names: Vec<_> = accounts.iter().map(|a| a.name.as_str()).collect();
            panic!("no account {name:?} among {names:?}")
        })
}

/// The newest proof statements (up to 100) of the account called `name` in
/// the database at `path`, newest first.
pub fn proofs_of(path: &Path, name: &str) -> Vec<ProofStatement> {
    let store = Store::open(path).expect("opening the database");
    let account = account_named(&store, name);
    store
        .proofs(account.id, 0, 100)
        .expect("reading the proof log")
}
