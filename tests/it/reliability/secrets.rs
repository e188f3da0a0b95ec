//! With an encrypted database no record is readable anywhere kam writes:
//! the database, its WAL while a kam has it open, its backups, temporary
//! files, the sync remote, the process's argument list and environment;
//! and the passphrase is never echoed or written down.
//!
//! What sync promises (README, "Desk and laptop"): an encrypted database
//! is never synced, since sync writes records as plain text into a git
//! repository beside the database and into the remote. So the remote must
//! receive nothing, and a database that already syncs is not encrypted
//! (its plain copies would stay behind).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::desk::Desk;
use crate::support::files::{add_marked_account, files_under, open};
use crate::support::kill::{Run, run_to_end};
use crate::support::pty::{CTRL_S, ENTER, Pty, TAB};
use crate::support::sandbox::Sandbox;

/// The passphrase; it must never be written anywhere.
const PASSPHRASE: &str = "Vertraulich-Passphrase-5e1f";

/// Written before the encryption, in a plain database and its backups.
const BEFORE: &str = "SECRET-before-encryption-3b8e";
/// Logged from the shell while the interface has the database open.
const LOGGED: &str = "SECRET-logged-from-the-shell-7c21";
/// An issue noted from the shell while the interface has it open.
const NOTED: &str = "SECRET-issue-from-the-shell-a94d";
/// Typed into a form of the interface and saved.
const TYPED: &str = "SECRET-typed-in-a-form-d07a";

/// Every marker a record holds.
const RECORDS: [&str; 4] = [BEFORE, LOGGED, NOTED, TYPED];

/// A sandbox whose kam runs keep their temporary files in a folder of
/// their own, so that everything kam writes is under the sandbox.
struct Encrypted {
    sandbox: Sandbox,
}

impl Encrypted {
    /// A database holding [`BEFORE`] with a plain daily and manual copy,
    /// then encrypted by `kam encrypt`.
    fn new() -> Self {
        let sandbox = Sandbox::new();
        let mut store = open(&sandbox.db(), None);
        add_marked_account(&mut store, "Nordwerk GmbH", BEFORE);
        drop(store);
        fs::create_dir(sandbox.home().join("tmp")).unwrap();
        let this = Self { sandbox };
        this.ok(&["backup"], "");
        assert!(
            this.files_with(BEFORE).len() >= 3,
            "the plain database and both copies show the record"
        );
        this.ok(&["encrypt"], &format!("{PASSPHRASE}\n{PASSPHRASE}\n"));
        this
    }

    /// The folder TMPDIR names for every kam run.
    fn tmp(&self) -> PathBuf {
        self.sandbox.home().join("tmp")
    }

    /// `kam --db DB ARGS…` with TMPDIR in the sandbox.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = self.sandbox.command();
        command
            .env("TMPDIR", self.tmp())
            .arg("--db")
            .arg(self.sandbox.db())
            .args(args);
        command
    }

    /// Runs kam with `stdin`, asserts that it succeeded and that neither
    /// of its outputs shows the passphrase.
    fn ok(&self, args: &[&str], stdin: &str) -> Run {
        let run = run_to_end(&mut self.command(args), stdin);
        let (out, err) = run.text();
        assert!(run.confirmed(), "kam {args:?}:\n{out}\n{err}");
        assert!(
            !out.contains(PASSPHRASE) && !err.contains(PASSPHRASE),
            "kam {args:?} printed the passphrase"
        );
        run
    }

    /// Every file under the sandbox (database, WAL, backups, home,
    /// temporary files) that holds `text`.
    fn files_with(&self, text: &str) -> Vec<PathBuf> {
        files_under(self.sandbox.db().parent().unwrap())
            .into_iter()
            .filter(|file| holds(file, text))
            .collect()
    }

    /// Asserts that no file under the sandbox holds a record's text or the
    /// passphrase.
    fn assert_nothing_readable(&self, when: &str) {
        for text in RECORDS.iter().chain([&PASSPHRASE]) {
            assert_eq!(
                self.files_with(text),
                Vec::<PathBuf>::new(),
                "{when}: {text} is readable"
            );
        }
    }
}

/// Whether the file holds `text` (a file gone meanwhile holds nothing).
fn holds(path: &Path, text: &str) -> bool {
    fs::read(path).is_ok_and(|bytes| {
        bytes
            .windows(text.len())
            .any(|window| window == text.as_bytes())
    })
}

/// Asserts that the file `/proc/PID/<what>` of a running process holds
/// neither the passphrase nor a record's text.
fn assert_process_clean(pid: u32, what: &str) {
    let path = PathBuf::from(format!("/proc/{pid}/{what}"));
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    assert!(!bytes.is_empty(), "{} is empty", path.display());
    for text in RECORDS.iter().chain([&PASSPHRASE]) {
        assert!(
            !bytes
                .windows(text.len())
                .any(|window| window == text.as_bytes()),
            "{} holds {text}",
            path.display()
        );
    }
}

#[test]
fn an_encrypted_portfolio_in_use_leaves_no_record_readable_anywhere() {
    let kam = Encrypted::new();
    kam.assert_nothing_readable("after the encryption");

    // The interface holds the database open while the shell writes, so
    // that the WAL stays and holds the new records.
    let db = kam.sandbox.db();
    let tmp = kam.tmp();
    let mut window = Pty::spawn_with_env(
        &["--db".as_ref(), db.as_os_str()],
        &kam.sandbox.home(),
        120,
        40,
        &[("TMPDIR", tmp.to_str().unwrap())],
    );
    window.wait_for("Passphrase for");
    window.send(PASSPHRASE);
    window.send(ENTER);
    window.wait_for("Nordwerk GmbH");
    let with_passphrase = format!("{PASSPHRASE}\n");
    kam.ok(&["log", "Nordwerk", LOGGED], &with_passphrase);
    kam.ok(&["issue", "Nordwerk", NOTED], &with_passphrase);
    window.send(ENTER);
    window.wait_for("Business issues");
    window.send(&format!("{TAB}{TAB}a"));
    window.wait_for("New proof statement");
    window.send(TYPED);
    window.wait_for(TYPED);
    window.send(CTRL_S);
    window.wait_for("Saved proof statement.");
    kam.ok(&["backup"], &with_passphrase);

    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(
        fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "no WAL while the interface is open: the test proves nothing"
    );
    kam.assert_nothing_readable("while the interface is open");
    assert_process_clean(window.process_id(), "cmdline");
    assert_process_clean(window.process_id(), "environ");

    window.send("q");
    assert!(window.wait_exit().success());
    assert!(
        !window.screen().contains(PASSPHRASE),
        "the passphrase was echoed"
    );
    kam.assert_nothing_readable("after the interface closed");

    // Every record is there for the passphrase.
    let store = open(&db, Some(PASSPHRASE));
    let records = store.all_records().unwrap();
    let texts: Vec<&str> = records
        .proofs
        .iter()
        .map(|p| p.statement.as_str())
        .chain(records.issues.iter().map(|i| i.statement.as_str()))
        .collect();
    for text in RECORDS {
        assert!(texts.contains(&text), "{text} is missing: {texts:?}");
    }
}

#[test]
fn an_encrypted_database_sends_nothing_to_the_sync_remote() {
    let kam = Encrypted::new();
    let desk = Desk::new();
    let remote = desk.remote();
    let run = run_to_end(
        &mut kam.command(&["sync", "init", remote.to_str().unwrap()]),
        &format!("{PASSPHRASE}\n"),
    );
    let (_, err) = run.text();
    assert!(!run.confirmed(), "an encrypted database was synced");
    assert!(err.contains("encrypted"), "{err}");
    for repository in [remote, kam.sandbox.db().with_file_name("kam.sync.git")] {
        for text in RECORDS.iter().chain([&PASSPHRASE]) {
            assert!(
                !objects_hold(&desk, &repository, text),
                "{} holds {text}",
                repository.display()
            );
        }
    }
    kam.assert_nothing_readable("after the refused sync");
}

/// Whether any object of the git repository at `repository` (if there is
/// one) holds `text`.
fn objects_hold(desk: &Desk, repository: &Path, text: &str) -> bool {
    if !repository.exists() {
        return false;
    }
    let output = desk
        .git()
        .arg("--git-dir")
        .arg(repository)
        .args(["cat-file", "--batch-all-objects", "--batch"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    output
        .stdout
        .windows(text.len())
        .any(|window| window == text.as_bytes())
}

#[test]
fn a_database_that_syncs_is_not_encrypted_while_its_records_are_plain_in_git() {
    let desk = Desk::new();
    let mut store = open(&desk.db("desk"), None);
    add_marked_account(&mut store, "Nordwerk GmbH", BEFORE);
    drop(store);
    desk.ok("desk", &["sync", "init", &desk.remote_arg()]);
    let repository = desk.db("desk").with_file_name("kam.sync.git");
    assert!(
        objects_hold(&desk, &repository, BEFORE),
        "sync wrote the record"
    );
    let before = fs::read(desk.db("desk")).unwrap();

    let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
    desk.isolate(&mut command);
    command.arg("--db").arg(desk.db("desk")).arg("encrypt");
    let run = run_to_end(&mut command, &format!("{PASSPHRASE}\n{PASSPHRASE}\n"));
    let (out, err) = run.text();
    assert!(
        !run.confirmed(),
        "encrypted, with its records plain in {}:\n{out}",
        repository.display()
    );
    assert!(
        err.contains("syncs through git") && err.contains("kam.sync.git"),
        "{err}"
    );
    assert!(
        fs::read(desk.db("desk")).unwrap() == before,
        "the database changed"
    );
}

#[test]
fn the_passphrases_typed_for_kam_encrypt_are_never_shown() {
    let sandbox = Sandbox::new();
    let mut store = open(&sandbox.db(), None);
    add_marked_account(&mut store, "Nordwerk GmbH", BEFORE);
    drop(store);
    let db = sandbox.db();
    let mut kam = Pty::spawn(
        &["--db".as_ref(), db.as_os_str(), "encrypt".as_ref()],
        &sandbox.home(),
        100,
        30,
    );
    kam.wait_for("New passphrase");
    kam.send(&format!("{PASSPHRASE}{ENTER}"));
    kam.wait_for("again");
    kam.send(&format!("{PASSPHRASE}{ENTER}"));
    kam.wait_for("Encrypted");
    assert!(kam.wait_exit().success());
    kam.assert_restored();
    assert!(
        !kam.screen().contains(PASSPHRASE),
        "the passphrase was echoed:\n{}",
        kam.screen()
    );
    for file in files_under(db.parent().unwrap()) {
        assert!(
            !holds(&file, PASSPHRASE),
            "{} holds the passphrase",
            file.display()
        );
    }
    assert_eq!(
        open(&db, Some(PASSPHRASE)).counts().unwrap().proofs,
        1,
        "the passphrase typed is the one set"
    );
}
