//! Machines that sync: databases in folders of their own and a bare
//! repository as their remote, in one temporary folder, with kam and git
//! run from a home of their own and none of the machine's git
//! configuration.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kam::store::{Snapshot, Store};
use serde_json::Value;
use tempfile::TempDir;

/// Machines (databases in folders of their own) and a remote, in one
/// temporary folder. git runs with no configuration of the machine's.
pub struct Desk {
    dir: TempDir,
}

impl Desk {
    /// A fresh folder with an empty bare remote in it.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("home")).unwrap();
        let desk = Self { dir };
        let status = desk
            .git()
            .args(["init", "--bare", "--quiet"])
            .arg(desk.remote())
            .status()
            .unwrap();
        assert!(status.success());
        desk
    }

    /// The bare repository the machines sync through.
    pub fn remote(&self) -> PathBuf {
        self.dir.path().join("remote.git")
    }

    /// The remote as `kam sync init` takes it.
    pub fn remote_arg(&self) -> String {
        self.remote().to_str().unwrap().to_owned()
    }

    /// The database of `machine`, in a folder of its own.
    pub fn db(&self, machine: &str) -> PathBuf {
        let folder = self.dir.path().join(machine);
        fs::create_dir_all(&folder).unwrap();
        folder.join("kam.db")
    }

    /// The home folder kam and git run with.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The folder everything lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Gives `command` the home of the machines and none of the
    /// machine's git configuration.
    pub fn isolate(&self, command: &mut Command) {
        let home = self.home();
        command
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("KAM_DB")
            .env_remove("GIT_DIR");
    }

    /// git, isolated.
    pub fn git(&self) -> Command {
        let mut command = Command::new("git");
        self.isolate(&mut command);
        command
    }

    /// `kam --db <machine>/kam.db ARGS`, with `path` first on the `PATH`
    /// when given.
    pub fn kam_with(&self, machine: &str, args: &[&str], path: Option<&Path>) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
        self.isolate(&mut command);
        if let Some(dir) = path {
            let old = std::env::var_os("PATH").unwrap_or_default();
            let mut paths = vec![dir.to_owned()];
            paths.extend(std::env::split_paths(&old));
            command.env("PATH", std::env::join_paths(paths).unwrap());
        }
        command
            .arg("--db")
            .arg(self.db(machine))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// `kam --db <machine>/kam.db ARGS`.
    pub fn kam(&self, machine: &str, args: &[&str]) -> Output {
        self.kam_with(machine, args, None)
    }

    /// Runs kam and asserts it succeeded; returns its standard output.
    pub fn ok(&self, machine: &str, args: &[&str]) -> String {
        let output = self.kam(machine, args);
        let (out, err) = text(&output);
        assert!(
            output.status.success(),
            "kam {args:?} failed:\n{out}\n{err}"
        );
        out
    }

    /// The database of `machine`, opened.
    pub fn store(&self, machine: &str) -> Store {
        Store::open(self.db(machine)).unwrap()
    }

    /// Every record `machine` holds.
    pub fn records(&self, machine: &str) -> Snapshot {
        self.store(machine).all_records().unwrap()
    }

    /// `kam sync status --json` of `machine`.
    pub fn status(&self, machine: &str) -> Value {
        serde_json::from_str(&self.ok(machine, &["sync", "status", "--json"])).unwrap()
    }
}

/// A process's standard output and error as text.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
