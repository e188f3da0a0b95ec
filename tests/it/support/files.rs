//! The database files themselves, for the backup, encryption and
//! file-safety tests: the real binary run with piped standard input,
//! databases holding a marker string, and looks at the files on disk.

use std::fs;
use std::io::{ErrorKind, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use chrono::NaiveDate;
use kam::domain::{Account, ProofStatement};
use kam::store::{Passphrase, Store};
use tempfile::TempDir;

/// A temporary folder and the database path `kam.db` inside it.
pub fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    (dir, path)
}

/// A passphrase from test text.
pub fn key(text: &str) -> Passphrase {
    Passphrase::new(text).expect("a valid passphrase")
}

/// Opens `path`, plain or encrypted with `passphrase`.
pub fn open(path: &Path, passphrase: Option<&str>) -> Store {
    Store::open_with_key(path, passphrase.map(key))
        .unwrap_or_else(|e| panic!("opening {}: {e}", path.display()))
}

/// Adds an account named `name` with one proof statement saying `marker`.
pub fn add_marked_account(store: &mut Store, name: &str, marker: &str) {
    let account = store
        .save_account(&Account::new(name))
        .expect("saving an account");
    let date = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
    store
        .save_proof(&ProofStatement::new(account.id, date, marker))
        .expect("saving a proof statement");
}

/// A plain database at `path` holding one account whose proof statement
/// says `marker`.
pub fn marked_db(path: &Path, marker: &str) {
    let mut store = open(path, None);
    add_marked_account(&mut store, "Nordwerk", marker);
}

/// Runs `kam --db DB ARGS…` with `stdin` piped in (passphrases, one per
/// line) and a private home folder.
pub fn kam(db: &Path, args: &[&str], stdin: &str) -> Output {
    let home = db.parent().expect("a folder").join("home");
    fs::create_dir_all(&home).expect("home folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env("HOME", &home)
        .env_remove("KAM_DB");
    start(&mut command, stdin)
        .wait_with_output()
        .expect("waiting for kam")
}

/// Starts `command` with its output captured and `stdin` written to its
/// input; kam may be done before it reads its input (a plain database
/// needs no passphrase), and then the pipe is closed.
pub fn start(command: &mut Command, stdin: &str) -> Child {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting kam");
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(
            e.kind(),
            ErrorKind::BrokenPipe,
            "writing to kam's stdin: {e}"
        );
    }
    child
}

/// kam's standard output and error as text.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts that kam succeeded; returns its standard output.
pub fn succeeded(output: &Output) -> String {
    let (out, err) = text(output);
    assert!(
        output.status.success(),
        "kam failed ({:?}):\n{out}\n{err}",
        output.status
    );
    out
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Whether the file's bytes contain `marker`.
pub fn contains(path: &Path, marker: &str) -> bool {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    bytes
        .windows(marker.len())
        .any(|window| window == marker.as_bytes())
}

/// The permission bits of a file or folder.
pub fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// The copies in `dir`, by file name.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
