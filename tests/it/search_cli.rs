//! `kam search`, run as a real process on a database in a temporary folder:
//! what it prints, and its exit status with and without matches.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use chrono::NaiveDate;
use kam::domain::{Account, ActionPlan, BusinessIssue, ProofStatement, Step};
use kam::store::{Snapshot, Store};
use tempfile::TempDir;

/// A temporary folder with a home for kam and a database holding one
/// account with an issue, a plan with a step, and a proof statement.
fn database() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("home")).expect("home folder");
    let path = dir.path().join("kam.db");
    let account = Account::new("Nordmole Container Terminals GmbH");
    let issue = BusinessIssue::new(account.id, "Cranes stand still waiting for spares");
    let mut plan = ActionPlan::new(issue.id, "Consignment stock pilot");
    plan.owner = "Ingrid Pilz".into();
    plan.steps = vec![Step::new("Agree the inventory list")];
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let proof = ProofStatement::new(account.id, day, "Crane availability 99.1 % in April");
    let mut store = Store::open(&path).expect("a new database");
    store
        .insert_all(&Snapshot {
            accounts: vec![account],
            issues: vec![issue],
            plans: vec![plan],
            proofs: vec![proof],
            ..Snapshot::default()
        })
        .expect("the records are valid");
    (dir, path)
}

/// Runs `kam --db DB search ARGS…` with its home in the temporary folder.
fn kam_search(db: &Path, args: &[&str]) -> Output {
    let home = db.parent().unwrap().join("home");
    Command::new(env!("CARGO_BIN_EXE_kam"))
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("KAM_DB")
        .stdin(Stdio::null())
        .arg("--db")
        .arg(db)
        .arg("search")
        .args(args)
        .output()
        .expect("running kam")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn matches_are_printed_with_account_kind_and_no_marks_into_a_pipe() {
    let (_dir, db) = database();
    let output = kam_search(&db, &["cons", "pil"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(String::from).collect();
    assert_eq!(
        lines[0],
        "Nordmole Container Terminals GmbH · Plan · Consignment stock pilot — Ingrid Pilz",
        "piped: plain text, no Markdown markers"
    );
}

#[test]
fn terms_may_come_as_one_argument_and_the_limit_is_kept() {
    let (_dir, db) = database();
    let all = stdout(&kam_search(&db, &["cra"]));
    assert_eq!(all.lines().count(), 2, "{all}");
    assert!(all.contains("· Issue · Cranes stand still"), "{all}");
    assert!(all.contains("· Proof · Crane availability"), "{all}");
    let one = kam_search(&db, &["--limit", "1", "cra"]);
    assert_eq!(stdout(&one).lines().count(), 1);
    let quoted = stdout(&kam_search(&db, &["--markdown", "agree inventory"]));
    assert!(
        quoted.contains("· Step · **Agree** the **inventory** list"),
        "{quoted}"
    );
}

#[test]
fn finding_nothing_says_so_on_stderr_and_exits_1() {
    let (_dir, db) = database();
    for query in ["zzqx", "\"(", "-", "AND"] {
        let output = kam_search(&db, &[query]);
        assert_eq!(output.status.code(), Some(1), "{query}");
        assert!(stdout(&output).is_empty(), "{query}");
        assert!(
            stderr(&output).contains("nothing matches"),
            "{query}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn terms_are_required() {
    let (_dir, db) = database();
    let output = kam_search(&db, &[]);
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(stderr(&output).contains("TERMS"), "{}", stderr(&output));
}
