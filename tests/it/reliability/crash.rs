//! The real binary killed with SIGKILL during writes: every write it reported is there afterwards.
//!
//! Each test kills kam at moments chosen by seeded dice (`KAM_SEED`
//! repeats a run; `KAM_ROUNDS` multiplies the rounds), spread from its start
//! to a little past its usual end, so that kills land in every step. After
//! each kill: SQLite's `PRAGMA integrity_check` passes, every write kam
//! confirmed (exit status 0, or *Saved* on the screen) is there, nothing is
//! half there, and the next start succeeds without a warning. Killed copies
//! to the backups folder are covered by
//! `backup_integrity::backups_killed_at_any_moment_leave_only_good_copies`,
//! syncs killed at each git step by `sync_cli`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::NaiveDate;
use kam::domain::{Account, BusinessIssue, ProofStatement};
use kam::store::backup::{backups_dir, inspect};
use kam::store::{Snapshot, Store, StoreError};

use crate::support::desk::Desk;
use crate::support::files::{files_under, key, names_in};
use crate::support::kill::{
    Dice, Run, assert_clean_start, assert_integrity, kill_after, run_to_end, usual_time,
};
use crate::support::pty::{CTRL_S, ENTER, Pty, TAB};
use crate::support::rounds::rounds;
use crate::support::sandbox::Sandbox;

/// The account the proofs are logged for.
const ACCOUNT: &str = "Nordwerk GmbH";

/// The passphrase of the encryption test.
const PASSPHRASE: &str = "correct horse";

/// What the tests tell of their run, for the README's figures.
fn tally(what: &str, rounds: usize, killed: usize, confirmed: usize) {
    eprintln!(
        "{what}: {rounds} rounds, {killed} killed before they finished, \
         {confirmed} confirmed writes checked, nothing lost"
    );
}

/// `kam --db DB ARGS…` from the sandbox's home.
fn kam(sandbox: &Sandbox, db: &Path, args: &[&str]) -> Command {
    let mut command = sandbox.command();
    command.arg("--db").arg(db).args(args);
    command
}

/// The start after a kill: `kam agenda`, given `stdin`, must succeed and
/// warn only as `expected` allows.
fn next_start(
    sandbox: &Sandbox,
    db: &Path,
    stdin: &str,
    expected: impl Fn(&str) -> bool,
    when: &str,
) {
    let run = run_to_end(&mut kam(sandbox, db, &["agenda"]), stdin);
    assert_clean_start(&run, expected, when);
}

/// No warning is expected.
fn none(_: &str) -> bool {
    false
}

/// Every proof statement's text in the database at `path`.
fn statements(path: &Path) -> Vec<String> {
    let store = Store::open(path).expect("opening the database");
    let mut statements: Vec<String> = store
        .all_records()
        .expect("reading the records")
        .proofs
        .into_iter()
        .map(|p| p.statement)
        .collect();
    statements.sort();
    statements
}

/// Asserts that every confirmed statement is in `path` and that every
/// statement there is one kam was asked to write, whole.
fn assert_statements(path: &Path, confirmed: &[String], asked: &BTreeSet<String>, when: &str) {
    let stored = statements(path);
    for statement in confirmed {
        assert!(
            stored.contains(statement),
            "{when}: the confirmed {statement:?} is lost"
        );
    }
    for statement in &stored {
        assert!(
            asked.contains(statement),
            "{when}: {statement:?} was never written whole"
        );
    }
}

#[test]
fn kam_log_killed_at_any_moment_keeps_every_proof_it_reported() {
    let rounds = rounds(30);
    let mut dice = Dice::seeded("kam log", 1);
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    sandbox.add_account(ACCOUNT, &[]);
    let usual = usual_time(&mut kam(&sandbox, &db, &["log", ACCOUNT, "warming up"]), "");
    let mut asked = BTreeSet::from(["warming up".to_owned()]);
    let mut confirmed = vec!["warming up".to_owned()];
    let mut killed = 0;
    for round in 0..rounds {
        let statement = format!("Crane {round} back in service · Kran {round} läuft");
        asked.insert(statement.clone());
        let run = kill_after(
            &mut kam(&sandbox, &db, &["log", ACCOUNT, &statement]),
            "",
            dice.moment(usual),
        );
        let when = format!("round {round}");
        if run.confirmed() {
            assert!(run.text().0.contains("Logged"), "{when}: {:?}", run.text());
            confirmed.push(statement);
        } else {
            assert!(run.killed(), "{when}: kam failed: {:?}", run.text());
            killed += 1;
        }
        next_start(&sandbox, &db, "", none, &when);
        assert_integrity(&db, None, &when);
        assert_statements(&db, &confirmed, &asked, &when);
    }
    assert!(killed > 0, "no kill landed before kam finished");
    tally("kam log", rounds, killed, confirmed.len());
}

#[test]
fn a_form_save_killed_at_any_moment_keeps_what_the_screen_called_saved() {
    let rounds = rounds(6);
    let mut dice = Dice::seeded("form save", 2);
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    sandbox.add_account(ACCOUNT, &[]);
    let mut asked = BTreeSet::new();
    let mut confirmed = Vec::new();
    let mut killed = 0;
    for round in 0..rounds {
        let statement = format!("Berth {round} trial: 52 jobs");
        asked.insert(statement.clone());
        let mut kam = Pty::spawn(&["--db".as_ref(), db.as_os_str()], &sandbox.home(), 120, 40);
        kam.wait_for(ACCOUNT);
        kam.send(ENTER);
        kam.wait_for("Business issues");
        kam.send(&format!("{TAB}{TAB}a"));
        kam.wait_for("New proof statement");
        kam.send(&statement);
        kam.wait_for(&statement);
        kam.send(CTRL_S);
        // The save itself takes a few milliseconds.
        std::thread::sleep(Duration::from_micros(
            u64::try_from(dice.below(40_000)).unwrap_or_default(),
        ));
        kam.signal("KILL");
        kam.wait_exit();
        let when = format!("round {round}");
        if kam.screen().contains("Saved proof statement.") {
            confirmed.push(statement);
        } else {
            killed += 1;
        }
        next_start(&sandbox, &db, "", none, &when);
        assert_integrity(&db, None, &when);
        assert_statements(&db, &confirmed, &asked, &when);
    }
    tally("form save", rounds, killed, confirmed.len());
}

/// A portfolio exported as JSON from the demo: the file to import.
fn demo_export(sandbox: &Sandbox) -> PathBuf {
    let demo = sandbox.home().join("demo.db");
    let export = sandbox.home().join("portfolio.json");
    for args in [
        vec!["demo"],
        vec!["export", "-o", export.to_str().expect("a UTF-8 path")],
    ] {
        let run = run_to_end(&mut kam(sandbox, &demo, &args), "");
        assert!(run.confirmed(), "kam {args:?}: {:?}", run.text());
    }
    export
}

#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let rounds = rounds(10);
    let mut dice = Dice::seeded("import", 3);
    let sandbox = Sandbox::new();
    let export = demo_export(&sandbox);
    let file = export.to_str().expect("a UTF-8 path");
    let whole_db = sandbox.home().join("whole.db");
    let usual = usual_time(&mut kam(&sandbox, &whole_db, &["import", file]), "");
    let whole = Store::open(&whole_db).unwrap().all_records().unwrap();
    assert!(whole.proofs.len() > 50, "the demo is a real portfolio");
    let (mut killed, mut confirmed) = (0, 0);
    for round in 0..rounds {
        let when = format!("round {round}");
        let db = sandbox.home().join(format!("import-{round}.db"));
        // Every other round imports into an existing, empty database.
        if round % 2 == 1 {
            drop(Store::open(&db).unwrap());
        }
        let run = kill_after(
            &mut kam(&sandbox, &db, &["import", file]),
            "",
            dice.moment(usual),
        );
        if run.confirmed() {
            confirmed += 1;
        } else {
            assert!(run.killed(), "{when}: kam failed: {:?}", run.text());
            killed += 1;
        }
        next_start(&sandbox, &db, "", none, &when);
        assert_integrity(&db, None, &when);
        let now = Store::open(&db).unwrap().all_records().unwrap();
        if run.confirmed() {
            assert!(now == whole, "{when}: a confirmed import is not all there");
        } else {
            assert!(
                now == whole || now == Snapshot::default(),
                "{when}: half an import: {} of {} proofs",
                now.proofs.len(),
                whole.proofs.len()
            );
        }
    }
    assert!(killed > 0, "no kill landed before kam finished");
    tally("import", rounds, killed, confirmed);
}

/// Writes the pages of the WAL beside `db` into `db` in the order a
/// checkpoint does (by page number), stopping after `pages` of them: the
/// file as a kill in the middle of a checkpoint leaves it.
fn checkpoint_cut_short(db: &Path, pages: usize) {
    let wal = fs::read(db.with_file_name("kam.db-wal")).expect("the WAL");
    let word = |at: usize| u32::from_be_bytes(wal[at..at + 4].try_into().unwrap());
    let size = usize::try_from(word(8)).unwrap();
    let mut latest = std::collections::BTreeMap::new();
    for frame in wal[32..].chunks_exact(24 + size) {
        latest.insert(
            u32::from_be_bytes(frame[..4].try_into().unwrap()),
            &frame[24..],
        );
    }
    let mut file = fs::read(db).expect("the database");
    for (&page, bytes) in latest.iter().take(pages) {
        let at = (usize::try_from(page).unwrap() - 1) * size;
        file.resize(file.len().max(at + size), 0);
        file[at..at + size].copy_from_slice(bytes);
    }
    fs::write(db, file).expect("writing the pages");
}

/// Imports the demo into a database (encrypted with `passphrase`, if
/// given) while a reader keeps the import's pages in the WAL, then cuts
/// checkpoints short at a quarter, a half and three quarters of them: each
/// time the next start must be clean and find every record.
fn checkpoint_cut_short_loses_nothing(passphrase: Option<&str>) {
    let sandbox = Sandbox::new();
    let export = demo_export(&sandbox);
    let db = sandbox.db();
    drop(Store::open_with_key(&db, passphrase.map(key)).unwrap());
    let reader = rusqlite::Connection::open(&db).unwrap();
    if let Some(passphrase) = passphrase {
        reader.pragma_update(None, "key", passphrase).unwrap();
    }
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM sqlite_schema;")
        .unwrap();
    let stdin = passphrase.map_or(String::new(), |p| format!("{p}\n"));
    let run = run_to_end(
        &mut kam(&sandbox, &db, &["import", export.to_str().unwrap()]),
        &stdin,
    );
    assert!(run.confirmed(), "{:?}", run.text());
    let pages = {
        let wal = fs::metadata(db.with_file_name("kam.db-wal")).unwrap().len();
        usize::try_from(wal / 4096).unwrap()
    };
    assert!(pages > 20, "the import is in the WAL: {pages} pages");
    let proofs = Store::open(sandbox.home().join("demo.db"))
        .unwrap()
        .counts()
        .unwrap()
        .proofs;
    for part in 1..4 {
        let when = format!("{part}/4 of the checkpoint");
        let folder = sandbox.home().join(format!("cut-{part}"));
        fs::create_dir(&folder).unwrap();
        let cut = folder.join("kam.db");
        for name in ["kam.db", "kam.db-wal"] {
            fs::copy(db.with_file_name(name), folder.join(name)).unwrap();
        }
        checkpoint_cut_short(&cut, pages * part / 4);
        next_start(&sandbox, &cut, &stdin, none, &when);
        assert_integrity(&cut, passphrase, &when);
        let store = Store::open_with_key(&cut, passphrase.map(key)).unwrap();
        assert_eq!(store.counts().unwrap().proofs, proofs, "{when}");
    }
    drop(reader);
}

#[test]
fn a_checkpoint_cut_short_by_a_kill_loses_nothing() {
    checkpoint_cut_short_loses_nothing(None);
}

#[test]
fn a_checkpoint_of_an_encrypted_database_cut_short_loses_nothing() {
    checkpoint_cut_short_loses_nothing(Some(PASSPHRASE));
}

/// How many proof statements the database of the backup and encryption
/// tests holds: enough for a copy to take a while.
const PROOFS: usize = 2_000;

/// A plain database at `path` with [`PROOFS`] proof statements.
fn sizeable_db(path: &Path) -> Snapshot {
    let account = Account::new(ACCOUNT);
    let date = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
    let records = Snapshot {
        proofs: (0..PROOFS)
            .map(|n| ProofStatement::new(account.id, date, format!("Delivery {n} on time")))
            .collect(),
        accounts: vec![account],
        ..Snapshot::default()
    };
    let mut store = Store::open(path).expect("database");
    store.insert_all(&records).expect("writing the records");
    store.all_records().expect("reading the records")
}

#[test]
fn a_backup_to_a_file_killed_at_any_moment_leaves_a_good_copy_or_none() {
    let rounds = rounds(12);
    let mut dice = Dice::seeded("backup to a file", 4);
    let sandbox = Sandbox::new();
    let db = sandbox.db();
    let records = sizeable_db(&db);
    let stick = sandbox.home().join("stick");
    fs::create_dir(&stick).unwrap();
    let copy = stick.join("kam-copy.db");
    let target = copy.to_str().expect("a UTF-8 path");
    let usual = usual_time(&mut kam(&sandbox, &db, &["backup", target]), "");
    let (mut killed, mut confirmed) = (0, 0);
    for round in 0..rounds {
        let when = format!("round {round}");
        fs::remove_file(&copy).unwrap();
        let run = kill_after(
            &mut kam(&sandbox, &db, &["backup", target]),
            "",
            dice.moment(usual),
        );
        if run.confirmed() {
            confirmed += 1;
            assert!(copy.exists(), "{when}: the confirmed copy is missing");
        } else {
            assert!(run.killed(), "{when}: kam failed: {:?}", run.text());
            killed += 1;
        }
        next_start(&sandbox, &db, "", none, &when);
        assert_integrity(&db, None, &when);
        if copy.exists() {
            let info = inspect(&copy, None)
                .unwrap_or_else(|e| panic!("{when}: the copy is not good: {e}"));
            assert_eq!(info.counts.unwrap().proofs, PROOFS, "{when}");
        } else {
            // The copy is tried again, and succeeds.
            let again = run_to_end(&mut kam(&sandbox, &db, &["backup", target]), "");
            assert!(again.confirmed(), "{when}: {:?}", again.text());
        }
        assert_eq!(
            names_in(&stick),
            ["kam-copy.db"],
            "{when}: working files left beside the copy"
        );
        assert!(Store::open(&db).unwrap().all_records().unwrap() == records);
    }
    tally("backup to a file", rounds, killed, confirmed);
}

/// Copies every file under `from` (a database, its backups) to the same
/// place under `to`.
fn copy_tree(from: &Path, to: &Path) {
    for file in files_under(from) {
        let dest = to.join(file.strip_prefix(from).unwrap());
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&file, &dest).unwrap();
    }
}

/// Whether the database file at `path` is encrypted: it does not start
/// with SQLite's plain header.
fn is_encrypted(path: &Path) -> bool {
    !fs::read(path)
        .expect("the database")
        .starts_with(b"SQLite format 3\0")
}

#[test]
fn an_encryption_killed_at_any_moment_leaves_the_database_plain_or_encrypted_and_whole() {
    // Few rounds: every opening of an encrypted database derives its key
    // on purpose slowly.
    let rounds = rounds(5);
    let mut dice = Dice::seeded("encrypt", 5);
    let sandbox = Sandbox::new();
    let template = sandbox.home().join("template");
    fs::create_dir(&template).unwrap();
    let records = sizeable_db(&template.join("kam.db"));
    let backed_up = run_to_end(
        &mut kam(&sandbox, &template.join("kam.db"), &["backup"]),
        "",
    );
    assert!(backed_up.confirmed(), "{:?}", backed_up.text());
    let twice = format!("{PASSPHRASE}\n{PASSPHRASE}\n");
    let trial = sandbox.home().join("trial");
    copy_tree(&template, &trial);
    let usual = usual_time(
        &mut kam(&sandbox, &trial.join("kam.db"), &["encrypt"]),
        &twice,
    );
    let (mut killed, mut confirmed) = (0, 0);
    for round in 0..rounds {
        let when = format!("round {round}");
        let folder = sandbox.home().join(format!("round-{round}"));
        copy_tree(&template, &folder);
        let db = folder.join("kam.db");
        let run = kill_after(
            &mut kam(&sandbox, &db, &["encrypt"]),
            &twice,
            dice.moment(usual),
        );
        let encrypted = is_encrypted(&db);
        if run.confirmed() {
            confirmed += 1;
            assert!(encrypted, "{when}: a confirmed encryption left it plain");
        } else {
            assert!(run.killed(), "{when}: kam failed: {:?}", run.text());
            killed += 1;
        }
        let passphrase = encrypted.then_some(PASSPHRASE);
        let stdin = passphrase.map_or(String::new(), |p| format!("{p}\n"));
        next_start(
            &sandbox,
            &db,
            &stdin,
            |line| line.contains("can be read without the passphrase"),
            &when,
        );
        assert!(
            !files_under(&folder)
                .iter()
                .any(|f| f.to_string_lossy().contains("rekey-tmp")),
            "{when}: working files left after the next start"
        );
        assert_integrity(&db, passphrase, &when);
        let store = Store::open_with_key(&db, passphrase.map(key))
            .unwrap_or_else(|e| panic!("{when}: the database does not open: {e}"));
        assert!(
            store.all_records().unwrap() == records,
            "{when}: records lost"
        );
        drop(store);

        // `kam encrypt` again finishes the work: the database and every
        // copy encrypted, and a start without a warning.
        let again = if encrypted {
            format!("{PASSPHRASE}\n")
        } else {
            twice.clone()
        };
        let finished = run_to_end(&mut kam(&sandbox, &db, &["encrypt"]), &again);
        let all_done = finished.text().1.contains("already encrypted");
        assert!(
            finished.confirmed() || all_done,
            "{when}: encrypting again failed: {:?}",
            finished.text()
        );
        assert!(is_encrypted(&db), "{when}: still plain");
        for copy in files_under(&backups_dir(&db)) {
            assert!(
                matches!(inspect(&copy, None), Err(StoreError::Encrypted(_))),
                "{when}: {} is readable without the passphrase",
                copy.display()
            );
        }
        next_start(&sandbox, &db, &format!("{PASSPHRASE}\n"), none, &when);
        fs::remove_dir_all(&folder).unwrap();
    }
    tally("encrypt", rounds, killed, confirmed);
}

/// The desk with the demo portfolio and the laptop, both connected.
fn two_machines() -> Desk {
    let desk = Desk::new();
    desk.ok("desk", &["demo"]);
    desk.ok("desk", &["sync", "init", &desk.remote_arg()]);
    desk.ok("laptop", &["sync", "init", &desk.remote_arg()]);
    desk
}

/// `kam --db <machine>/kam.db sync`, isolated as the desk's commands are.
fn sync(desk: &Desk, machine: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
    desk.isolate(&mut command);
    command.arg("--db").arg(desk.db(machine)).arg("sync");
    command
}

/// The statements of every business issue `machine` holds.
fn issues_on(desk: &Desk, machine: &str) -> BTreeSet<String> {
    desk.records(machine)
        .issues
        .into_iter()
        .map(|i| i.statement)
        .collect()
}

#[test]
fn syncs_killed_at_any_moment_lose_no_edit_and_the_next_sync_completes() {
    let rounds = rounds(8);
    let mut dice = Dice::seeded("sync", 6);
    let desk = two_machines();
    let account = desk.store("desk").accounts().unwrap()[0].id;
    // The usual time of a sync that sends an edit.
    let warm_up = "Edit before the kills from the desk".to_owned();
    desk.store("desk")
        .save_issue(&BusinessIssue::new(account, &warm_up))
        .unwrap();
    let usual = usual_time(&mut sync(&desk, "desk"), "");
    let mut written = BTreeSet::from([warm_up]);
    let mut killed = 0;
    for round in 0..rounds {
        let machine = ["desk", "laptop"][round % 2];
        let when = format!("round {round} on the {machine}");
        let statement = format!("Edit {round} from the {machine}");
        desk.store(machine)
            .save_issue(&BusinessIssue::new(account, &statement))
            .unwrap();
        written.insert(statement);
        let run = kill_after(&mut sync(&desk, machine), "", dice.moment(usual));
        if !run.confirmed() {
            assert!(run.killed(), "{when}: kam failed: {:?}", run.text());
            killed += 1;
        }
        assert_integrity(&desk.db(machine), None, &when);
        let status: Run = run_to_end(
            &mut {
                let mut command = sync(&desk, machine);
                command.arg("status");
                command
            },
            "",
        );
        assert_clean_start(&status, none, &when);
        let mine: BTreeSet<String> = written
            .iter()
            .filter(|s| s.ends_with(machine))
            .cloned()
            .collect();
        assert!(
            issues_on(&desk, machine).is_superset(&mine),
            "{when}: a local edit is lost"
        );
    }
    // The next syncs complete, and both machines hold every edit.
    for machine in ["desk", "laptop", "desk"] {
        let run = run_to_end(&mut sync(&desk, machine), "");
        assert!(
            run.confirmed(),
            "the {machine}'s sync after the kills: {:?}",
            run.text()
        );
    }
    assert_eq!(desk.records("desk"), desk.records("laptop"));
    assert!(issues_on(&desk, "desk").is_superset(&written));
    tally("sync", rounds, killed, written.len());
}
