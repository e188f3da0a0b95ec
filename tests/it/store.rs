//! The SQLite store through its public API, on real files in temporary
//! folders: records, undo, migrations, permissions, bad files, read-only
//! files, two windows on one file, the proof log and the portfolio.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::slice;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Id, Importance, IssueKind, IssueStatus, PlanStatus,
    ProofStatement, RelationshipStage, Stakeholder, Step, TimeFrame,
};
use kam::store::backup::backups_dir;
use kam::store::{Counts, LATEST_VERSION, Snapshot, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// `PRAGMA application_id` of a kam database ("KAM1").
const KAM_APPLICATION_ID: i64 = 0x4B41_4D31;

// ---------------------------------------------------------------- helpers

/// A temporary folder and the path of a database file inside it.
fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("kam.db");
    (dir, path)
}

fn open(path: &Path) -> Store {
    Store::open(path).unwrap_or_else(|e| panic!("opening {}: {e}", path.display()))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// The permission bits of a file or folder.
fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// Reads one integer or text pragma straight from the file, bypassing kam.
fn pragma<T: rusqlite::types::FromSql>(path: &Path, name: &str) -> T {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("raw connection");
    conn.pragma_query_value(None, name, |r| r.get(0))
        .expect("pragma")
}

/// Every file and folder under `dir`, with the files' bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut entries = BTreeMap::new();
    for entry in fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            entries.extend(tree(&path));
            entries.insert(path, None);
        } else {
            let bytes = fs::read(&path).expect("read file");
            entries.insert(path, Some(bytes));
        }
    }
    entries
}

/// Opens `path` expecting a refusal whose message names the path, and checks
/// that nothing in its folder changed; returns the error.
fn refused_untouched(path: &Path) -> StoreError {
    let folder = path.parent().expect("a parent folder");
    let before = tree(folder);
    let Err(err) = Store::open(path) else {
        panic!("{} opened", path.display());
    };
    let after = tree(folder);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .collect();
    assert!(
        changed.is_empty(),
        "refusing {} changed {changed:?}",
        path.display()
    );
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    err
}

/// The field names of a validation error.
fn invalid_fields(err: StoreError) -> Vec<&'static str> {
    match err {
        StoreError::Invalid(invalid) => invalid.0.iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Asserts that an edit kept the creation time and moved the update time on.
fn assert_edit_times(
    first: (DateTime<Utc>, DateTime<Utc>),
    edited: (DateTime<Utc>, DateTime<Utc>),
) {
    assert_eq!(edited.0, first.0, "created_at changed on edit");
    assert!(
        edited.1 > first.1,
        "updated_at did not move: {} then {}",
        first.1,
        edited.1
    );
}

fn full_account(name: &str) -> Account {
    Account {
        industry: "Industrial machinery".into(),
        offerings: "Field service, spare parts".into(),
        revenue_history: crate::support::revenue(&[(2025, 1_250_000)]),
        share_of_wallet: Some(35),
        stage: RelationshipStage::Cooperative,
        value_proposition: "Machines that never stop".into(),
        differentiation: "Service inside 4 hours".into(),
        customers: "Automotive suppliers".into(),
        last_review: Some(day("2026-10-01")),
        ..Account::new(name)
    }
}

fn full_issue(account_id: Id, statement: &str) -> BusinessIssue {
    BusinessIssue {
        kind: IssueKind::Goal,
        said_by: "Plant director".into(),
        said_on: Some(day("2026-09-15")),
        confirmed: true,
        confirmed_by: "COO".into(),
        importance: Importance::High,
        time_frame: TimeFrame::Future,
        ..BusinessIssue::new(account_id, statement)
    }
}

fn plan_with_steps(issue_id: Id, title: &str, steps: &[&str]) -> ActionPlan {
    ActionPlan {
        detail: "Stock critical spares on site".into(),
        owner: "Dana".into(),
        due: Some(day("2026-12-15")),
        status: PlanStatus::Agreed,
        billable_hours: 12.5,
        non_billable_hours: 4.0,
        steps: steps.iter().map(|text| Step::new(*text)).collect(),
        ..ActionPlan::new(issue_id, title)
    }
}

fn full_stakeholder(account_id: Id, name: &str) -> Stakeholder {
    Stakeholder {
        title: "Head of maintenance".into(),
        email: "dieter.vogel@nordwerk.example".into(),
        phone: "+49 30 1234567".into(),
        ..Stakeholder::new(account_id, name)
    }
}

fn proof(account_id: Id, date: &str, statement: &str) -> ProofStatement {
    ProofStatement::new(account_id, day(date), statement)
}

/// Writes a kam database at schema version 1, the first kam wrote.
fn write_schema_one_kam_db(path: &Path) {
    let conn = Connection::open(path).expect("raw connection");
    conn.execute_batch(include_str!("../../src/store/migrations/001_workspace.sql"))
        .expect("the first schema");
    conn.pragma_update(None, "user_version", 1)
        .expect("schema version 1");
}

/// The one backup beside `path`, checked to hold schema `version`: taken
/// before the upgrade.
fn only_backup(path: &Path, version: i64) -> PathBuf {
    let copies: Vec<PathBuf> = fs::read_dir(backups_dir(path))
        .expect("backups folder")
        .map(|e| e.expect("backup entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "db"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = copies[0].clone();
    let name = copy.file_name().unwrap().to_string_lossy().into_owned();
    let prefix = format!("kam-v{version}-before-upgrade-");
    assert!(name.starts_with(&prefix), "{name}");
    assert_eq!(pragma::<i64>(&copy, "user_version"), version, "{name}");
    copy
}

/// An account with everything under it, as the store returns it.
fn account_tree(store: &Store, id: Id) -> Snapshot {
    let proofs = store.proof_count(id).expect("proof count");
    Snapshot {
        accounts: vec![store.account(id).expect("account")],
        issues: store.issues(id).expect("issues"),
        plans: store.account_plans(id).expect("plans"),
        proofs: store.proofs(id, 0, proofs).expect("proofs"),
        stakeholders: store.stakeholders(id).expect("stakeholders"),
        conversations: store.conversations(id).expect("conversations"),
        assessments: store.assessments(id).expect("assessments"),
        whitespace: Some(store.whitespace(id).expect("whitespace"))
            .filter(|grid| !grid.is_empty())
            .into_iter()
            .collect(),
        matching: store.matching_results(id).expect("matching"),
        team_rounds: store
            .team_round(id)
            .expect("team round")
            .into_iter()
            .collect(),
    }
}

/// An account with two issues, three plans with steps, proof statements
/// linked to an issue, to a plan, and to nothing, and two stakeholders.
fn save_account_tree(store: &mut Store, name: &str) -> Snapshot {
    let account = store.save_account(&full_account(name)).unwrap();
    let spares = store
        .save_issue(&full_issue(account.id, "Lines stop for lack of spares"))
        .unwrap();
    let launch = store
        .save_issue(&BusinessIssue::new(account.id, "New plant opens in 2027"))
        .unwrap();
    let consignment = store
        .save_plan(&plan_with_steps(
            spares.id,
            "Consignment stock",
            &["Scope", "Pilot", "Roll out"],
        ))
        .unwrap();
    store
        .save_plan(&plan_with_steps(
            spares.id,
            "Predictive maintenance",
            &["Sensors"],
        ))
        .unwrap();
    store
        .save_plan(&plan_with_steps(launch.id, "Commissioning team", &[]))
        .unwrap();
    let mut on_issue = proof(account.id, "2026-11-01", "Spares on site within 24 hours");
    on_issue.issue_id = Some(spares.id);
    let mut on_plan = proof(account.id, "2026-10-01", "Pilot cut downtime by a quarter");
    on_plan.issue_id = Some(spares.id);
    on_plan.plan_id = Some(consignment.id);
    let unlinked = ProofStatement {
        value: Some("99 %".into()),
        ..proof(account.id, "2026-09-01", "99% of repairs within 4 hours")
    };
    for p in [on_issue, on_plan, unlinked] {
        store.save_proof(&p).unwrap();
    }
    store
        .save_stakeholder(&full_stakeholder(account.id, "Dieter Vogel"))
        .unwrap();
    store
        .save_stakeholder(&Stakeholder::new(account.id, "Anna Berg"))
        .unwrap();
    account_tree(store, account.id)
}

// ---------------------------------------------------------------- records

#[test]
fn an_account_reads_back_as_saved_and_an_edit_keeps_created_at() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let saved = store.save_account(&full_account("Nordwerk")).unwrap();
    assert_eq!(saved.id.as_uuid().get_version_num(), 7, "ids are UUIDv7");
    store.save_account(&Account::new("alpine tools")).unwrap();
    assert_eq!(store.account(saved.id).unwrap(), saved);
    let names: Vec<_> = store
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        ["alpine tools", "Nordwerk"],
        "by name, ignoring case"
    );

    let mut edit = saved.clone();
    edit.name = "Nordwerk AG".into();
    edit.share_of_wallet = None;
    edit.created_at = saved.created_at - TimeDelta::days(3);
    let edited = store.save_account(&edit).unwrap();
    assert_eq!(store.account(saved.id).unwrap(), edited);
    assert_eq!(edited.name, "Nordwerk AG");
    assert_eq!(edited.share_of_wallet, None);
    assert_edit_times(
        (saved.created_at, saved.updated_at),
        (edited.created_at, edited.updated_at),
    );

    drop(store);
    assert_eq!(
        open(&path).account(saved.id).unwrap(),
        edited,
        "after reopening"
    );
}

#[test]
fn an_issue_reads_back_as_saved_and_an_edit_keeps_created_at() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let low = store
        .save_issue(&BusinessIssue {
            importance: Importance::Low,
            ..BusinessIssue::new(account.id, "Paperwork slows audits")
        })
        .unwrap();
    let saved = store
        .save_issue(&full_issue(account.id, "Lines stop for lack of spares"))
        .unwrap();
    let resolved = store
        .save_issue(&BusinessIssue {
            status: IssueStatus::Resolved,
            importance: Importance::Critical,
            ..BusinessIssue::new(account.id, "Old supplier went bankrupt")
        })
        .unwrap();
    assert_eq!(store.issue(saved.id).unwrap(), saved);
    assert_eq!(
        store.issues(account.id).unwrap(),
        [saved.clone(), low, resolved],
        "open first, most important first"
    );

    let mut edit = saved.clone();
    edit.created_at = saved.created_at - TimeDelta::days(3);
    edit.status = IssueStatus::Parked;
    edit.said_by = "CFO".into();
    let edited = store.save_issue(&edit).unwrap();
    assert_eq!(store.issue(saved.id).unwrap(), edited);
    assert_edit_times(
        (saved.created_at, saved.updated_at),
        (edited.created_at, edited.updated_at),
    );
}

#[test]
fn a_plan_reads_back_with_its_steps_in_order_and_an_edit_replaces_them() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(account.id, "Lines stop"))
        .unwrap();
    let mut plan = plan_with_steps(
        issue.id,
        "Consignment stock",
        &["Scope", "Pilot", "Roll out"],
    );
    plan.steps[1].done = true;
    plan.steps[2].due = Some(day("2026-12-01"));
    let saved = store.save_plan(&plan).unwrap();
    assert_eq!(store.plan(saved.id).unwrap(), saved);
    assert_eq!(store.plans(issue.id).unwrap(), slice::from_ref(&saved));

    let mut edit = saved.clone();
    edit.created_at = saved.created_at - TimeDelta::days(3);
    edit.steps.reverse();
    edit.steps.remove(1);
    edit.steps.push(Step::new("Review"));
    edit.status = PlanStatus::InProgress;
    let edited = store.save_plan(&edit).unwrap();
    let texts: Vec<_> = store
        .plan(saved.id)
        .unwrap()
        .steps
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(texts, ["Roll out", "Scope", "Review"]);
    assert_eq!(store.plan(saved.id).unwrap(), edited);
    assert_eq!(store.counts().unwrap().steps, 3, "the removed step is gone");
    assert_edit_times(
        (saved.created_at, saved.updated_at),
        (edited.created_at, edited.updated_at),
    );
}

#[test]
fn a_proof_reads_back_with_its_links_and_an_edit_keeps_created_at() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let issue = store
        .save_issue(&BusinessIssue::new(account.id, "Lines stop"))
        .unwrap();
    let plan = store
        .save_plan(&ActionPlan::new(issue.id, "Consignment stock"))
        .unwrap();
    let saved = store
        .save_proof(&ProofStatement {
            value: Some("99 %".into()),
            issue_id: Some(issue.id),
            plan_id: Some(plan.id),
            acknowledged: true,
            ..proof(account.id, "2026-11-02", "99% of repairs within 4 hours")
        })
        .unwrap();
    assert_eq!(store.proof(saved.id).unwrap(), saved);
    assert_eq!(
        store.proofs(account.id, 0, 10).unwrap(),
        slice::from_ref(&saved)
    );

    let mut edit = saved.clone();
    edit.created_at = saved.created_at - TimeDelta::days(3);
    edit.plan_id = None;
    edit.value = None;
    edit.date = day("2026-11-03");
    let edited = store.save_proof(&edit).unwrap();
    assert_eq!(store.proof(saved.id).unwrap(), edited);
    assert_edit_times(
        (saved.created_at, saved.updated_at),
        (edited.created_at, edited.updated_at),
    );
}

#[test]
fn a_stakeholder_reads_back_as_saved_and_an_edit_keeps_created_at() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let saved = store
        .save_stakeholder(&full_stakeholder(account.id, "Dieter Vogel"))
        .unwrap();
    let anna = store
        .save_stakeholder(&Stakeholder::new(account.id, "Anna Berg"))
        .unwrap();
    assert_eq!(store.stakeholder(saved.id).unwrap(), saved);
    assert_eq!(
        store.stakeholders(account.id).unwrap(),
        [anna, saved.clone()],
        "by name"
    );

    let mut edit = saved.clone();
    edit.created_at = saved.created_at - TimeDelta::days(3);
    edit.title = "COO".into();
    edit.phone.clear();
    let edited = store.save_stakeholder(&edit).unwrap();
    assert_eq!(store.stakeholder(saved.id).unwrap(), edited);
    assert_edit_times(
        (saved.created_at, saved.updated_at),
        (edited.created_at, edited.updated_at),
    );
    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("edit of stakeholder “Dieter Vogel”")
    );
    assert_eq!(store.stakeholder(saved.id).unwrap(), saved);
}

#[test]
fn deleting_an_account_removes_its_issues_plans_steps_proofs_and_stakeholders() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let doomed = save_account_tree(&mut store, "Nordwerk");
    let kept = save_account_tree(&mut store, "Südhafen");
    let id = doomed.accounts[0].id;

    let label = store.delete_account(id).unwrap();
    assert!(label.contains("Nordwerk"), "{label}");
    assert!(matches!(store.account(id), Err(StoreError::NotFound(_))));
    for issue in &doomed.issues {
        assert!(matches!(
            store.issue(issue.id),
            Err(StoreError::NotFound(_))
        ));
    }
    for plan in &doomed.plans {
        assert!(matches!(store.plan(plan.id), Err(StoreError::NotFound(_))));
    }
    for p in &doomed.proofs {
        assert!(matches!(store.proof(p.id), Err(StoreError::NotFound(_))));
    }
    for s in &doomed.stakeholders {
        assert!(matches!(
            store.stakeholder(s.id),
            Err(StoreError::NotFound(_))
        ));
    }
    assert_eq!(
        store.counts().unwrap(),
        Counts {
            accounts: 1,
            issues: 2,
            plans: 3,
            steps: 4,
            proofs: 3
        }
    );
    assert_eq!(
        account_tree(&store, kept.accounts[0].id),
        kept,
        "the other account is untouched"
    );
    assert!(matches!(
        store.delete_account(id),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn deleting_an_issue_removes_its_plans_and_unlinks_its_proofs() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let issue = before
        .issues
        .iter()
        .find(|i| i.statement == "Lines stop for lack of spares")
        .unwrap();

    store.delete_issue(issue.id).unwrap();
    assert!(matches!(
        store.issue(issue.id),
        Err(StoreError::NotFound(_))
    ));
    for plan in before.plans.iter().filter(|p| p.issue_id == issue.id) {
        assert!(matches!(store.plan(plan.id), Err(StoreError::NotFound(_))));
    }
    let counts = store.counts().unwrap();
    assert_eq!((counts.issues, counts.plans, counts.steps), (1, 1, 0));
    for p in &before.proofs {
        let after = store.proof(p.id).expect("proofs outlive the issue");
        assert_eq!(
            (after.issue_id, after.plan_id),
            (None, None),
            "{}",
            p.statement
        );
        assert_eq!(after.statement, p.statement);
    }
}

#[test]
fn deleting_a_plan_unlinks_its_proofs_but_keeps_their_issue() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let linked = before.proofs.iter().find(|p| p.plan_id.is_some()).unwrap();

    store.delete_plan(linked.plan_id.unwrap()).unwrap();
    let after = store.proof(linked.id).unwrap();
    assert_eq!(after.plan_id, None);
    assert_eq!(after.issue_id, linked.issue_id);
    assert_eq!(
        store.counts().unwrap().steps,
        1,
        "the plan's three steps went with it"
    );
}

// ---------------------------------------------------------------- undo

#[test]
fn undoing_an_account_deletion_restores_everything_under_it() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let counts = store.counts().unwrap();
    let id = before.accounts[0].id;

    let label = store.delete_account(id).unwrap();
    assert_eq!(
        label,
        "account “Nordwerk” (2 issues, 3 plans, 3 proof statements)"
    );
    assert_eq!(store.counts().unwrap(), Counts::default());
    let restored = store.undo().unwrap();

    assert_eq!(restored, Some(format!("deletion of {label}")));
    assert_eq!(account_tree(&store, id), before);
    assert_eq!(store.counts().unwrap(), counts);
    assert_eq!(store.next_undo().unwrap(), None, "the entry is used up");
}

#[test]
fn undoing_an_issue_deletion_restores_its_plans_and_proof_links() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let id = before.accounts[0].id;
    for issue in &before.issues {
        store.delete_issue(issue.id).unwrap();
    }
    assert!(
        store
            .proofs(id, 0, 10)
            .unwrap()
            .iter()
            .all(|p| p.issue_id.is_none())
    );

    while store.undo().unwrap().is_some() {}
    assert_eq!(account_tree(&store, id), before);
}

#[test]
fn undoing_edits_restores_the_old_values_newest_first() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let id = before.accounts[0].id;

    let mut account = before.accounts[0].clone();
    account.name = "Nordwerk AG".into();
    account.stage = RelationshipStage::Integrated;
    store.save_account(&account).unwrap();
    let mut plan = before.plans[0].clone();
    plan.steps[0].done = true;
    plan.steps.swap(1, 2);
    plan.title = "Consignment stock, phase 2".into();
    store.save_plan(&plan).unwrap();

    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("edit of plan “Consignment stock”")
    );
    assert_eq!(store.plan(plan.id).unwrap(), before.plans[0]);
    assert_eq!(
        store.account(id).unwrap().name,
        "Nordwerk AG",
        "one step at a time"
    );
    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("edit of account “Nordwerk”")
    );
    assert_eq!(account_tree(&store, id), before);
}

#[test]
fn undo_with_nothing_to_undo_returns_none_and_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    assert_eq!(store.undo().unwrap(), None);
    let before = save_account_tree(&mut store, "Nordwerk");
    assert_eq!(store.next_undo().unwrap(), None, "creating is not undoable");
    assert_eq!(store.undo().unwrap(), None);
    assert_eq!(account_tree(&store, before.accounts[0].id), before);
}

#[test]
fn next_undo_names_the_latest_change_and_when_it_happened() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let start = Utc::now();
    let p = &before.proofs[2];
    store.delete_proof(p.id).unwrap();
    let info = store.next_undo().unwrap().expect("an undo entry");
    assert_eq!(
        info.label,
        "deletion of proof statement “99% of repairs within 4 hours”"
    );
    assert!(info.at >= start && info.at <= Utc::now(), "{}", info.at);

    store.delete_issue(before.issues[1].id).unwrap();
    let info = store.next_undo().unwrap().unwrap();
    assert_eq!(
        info.label,
        "deletion of issue “New plant opens in 2027” (1 plan)"
    );
}

#[test]
fn undo_survives_reopening_the_store() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let id = before.accounts[0].id;
    let label = store.delete_account(id).unwrap();
    drop(store);

    let mut store = open(&path);
    assert_eq!(
        store.next_undo().unwrap().unwrap().label,
        format!("deletion of {label}")
    );
    store.undo().unwrap();
    assert_eq!(account_tree(&store, id), before);
}

// ---------------------------------------------------------------- migrations

#[test]
fn a_new_file_gets_the_latest_schema_marked_as_kam_in_wal_mode() {
    let (dir, path) = temp_db();
    drop(open(&path));
    assert_eq!(pragma::<i64>(&path, "user_version"), LATEST_VERSION);
    assert_eq!(pragma::<i64>(&path, "application_id"), KAM_APPLICATION_ID);
    assert_eq!(pragma::<String>(&path, "journal_mode"), "wal");
    assert!(!backups_dir(&path).exists(), "a new file needs no backup");
    assert!(dir.path().join("kam.db").is_file());
}

#[test]
fn reopening_a_current_database_keeps_its_data_and_takes_no_backup() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    drop(store);
    for _ in 0..2 {
        let store = open(&path);
        assert_eq!(account_tree(&store, before.accounts[0].id), before);
    }
    assert_eq!(pragma::<i64>(&path, "user_version"), LATEST_VERSION);
    assert!(!backups_dir(&path).exists());
}

#[test]
fn an_older_kam_database_is_backed_up_owner_only_then_upgraded() {
    let (_dir, path) = temp_db();
    write_schema_one_kam_db(&path);

    let mut store = open(&path);
    store.save_account(&Account::new("Nordwerk")).unwrap();
    drop(store);
    assert_eq!(pragma::<i64>(&path, "user_version"), LATEST_VERSION);

    assert_eq!(mode(&backups_dir(&path)), 0o700);
    let copy = only_backup(&path, 1);
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(pragma::<i64>(&copy, "application_id"), KAM_APPLICATION_ID);
}

#[test]
fn a_version_one_database_is_upgraded_keeping_its_records() {
    let (_dir, path) = temp_db();
    let account = Account::new("Nordwerk");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/001_workspace.sql"))
        .unwrap();
    conn.execute(
        "INSERT INTO account (id, name, stage, created_at, updated_at)
         VALUES (?1, ?2, 'basic', ?3, ?3)",
        (account.id.to_string(), &account.name, account.created_at),
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    drop(conn);

    let mut store = open(&path);
    assert_eq!(store.account(account.id).unwrap().name, "Nordwerk");
    let dieter = store
        .save_stakeholder(&Stakeholder::new(account.id, "Dieter Vogel"))
        .unwrap();
    assert_eq!(store.stakeholders(account.id).unwrap(), [dieter]);
    drop(store);
    assert_eq!(pragma::<i64>(&path, "user_version"), LATEST_VERSION);
    only_backup(&path, 1);
}

// ---------------------------------------------------------------- permissions

#[test]
fn a_new_database_and_its_wal_files_are_owner_only() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    store.save_account(&Account::new("Nordwerk")).unwrap();
    assert_eq!(mode(&path), 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        assert!(
            side.exists(),
            "{} is missing: not in WAL mode?",
            side.display()
        );
        let bits = mode(&side);
        assert_eq!(bits & !0o600, 0, "{} is {bits:o}", side.display());
    }
}

#[test]
fn missing_folders_are_created_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path().join("data");
    let inner = outer.join("kam");
    let path = inner.join("portfolio.db");
    drop(open(&path));
    assert_eq!(mode(&outer), 0o700);
    assert_eq!(mode(&inner), 0o700);
    assert_eq!(mode(&path), 0o600);
}

// ---------------------------------------------------------------- bad files

#[test]
fn a_folder_is_refused_untouched() {
    let (_dir, path) = temp_db();
    fs::create_dir(&path).unwrap();
    fs::write(path.join("notes.txt"), "keep me").unwrap();
    let err = refused_untouched(&path);
    assert!(matches!(err, StoreError::IsDirectory(_)), "{err:?}");
}

#[test]
fn a_text_file_is_refused_untouched() {
    let (_dir, path) = temp_db();
    fs::write(&path, "name,revenue\nNordwerk,1250000\n").unwrap();
    let err = refused_untouched(&path);
    assert!(matches!(err, StoreError::NotKam(_)), "{err:?}");
}

#[test]
fn a_short_binary_file_is_refused_untouched() {
    let (_dir, path) = temp_db();
    fs::write(&path, [0x00, 0xff, 0x13, 0x37, 0x42]).unwrap();
    let err = refused_untouched(&path);
    assert!(matches!(err, StoreError::NotKam(_)), "{err:?}");
}

#[test]
fn another_applications_sqlite_database_is_refused_untouched() {
    let (_dir, path) = temp_db();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE contact (name TEXT); INSERT INTO contact VALUES ('Dana');")
        .unwrap();
    drop(conn);
    let err = refused_untouched(&path);
    assert!(matches!(err, StoreError::NotKam(_)), "{err:?}");
}

#[test]
fn a_damaged_kam_database_is_refused_as_corrupt_untouched() {
    let overwrite_page_one: fn(&mut Vec<u8>) = |bytes| bytes[100..1024].fill(0xa5);
    let truncate_to_half: fn(&mut Vec<u8>) = |bytes| bytes.truncate(bytes.len() / 2);
    for damage in [overwrite_page_one, truncate_to_half] {
        let (_dir, path) = temp_db();
        let mut store = open(&path);
        save_account_tree(&mut store, "Nordwerk");
        drop(store);
        let mut bytes = fs::read(&path).unwrap();
        damage(&mut bytes);
        fs::write(&path, &bytes).unwrap();

        let err = refused_untouched(&path);
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    }
}

#[test]
fn a_sqlite_header_over_garbage_is_refused_untouched() {
    let (_dir, path) = temp_db();
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    fs::write(&path, &bytes).unwrap();

    let err = refused_untouched(&path);
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[test]
fn a_database_from_a_newer_kam_is_refused_untouched() {
    let (_dir, path) = temp_db();
    drop(open(&path));
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();
    drop(conn);

    let err = refused_untouched(&path);
    assert!(err.to_string().contains("newer kam"), "{err}");
    assert!(
        matches!(err, StoreError::TooNew { found, known, .. }
            if found == LATEST_VERSION + 1 && known == LATEST_VERSION),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- read-only

#[test]
fn a_file_without_write_permission_opens_read_only_and_refuses_edits() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let before = save_account_tree(&mut store, "Nordwerk");
    let id = before.accounts[0].id;
    store.delete_proof(before.proofs[0].id).unwrap();
    store.undo().unwrap();
    store.delete_proof(before.proofs[1].id).unwrap();
    drop(store);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let bytes = fs::read(&path).unwrap();

    let mut store = open(&path);
    assert!(store.is_read_only());
    assert_eq!(store.account(id).unwrap(), before.accounts[0]);
    assert_eq!(store.proof_count(id).unwrap(), 2);
    assert!(store.next_undo().unwrap().is_some());
    let mut edit = before.accounts[0].clone();
    edit.name = "Nordwerk AG".into();
    assert!(matches!(
        store.save_account(&edit),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(
        store.save_account(&Account::new("Südhafen")),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(
        store.delete_account(id),
        Err(StoreError::ReadOnly)
    ));
    assert!(matches!(store.undo(), Err(StoreError::ReadOnly)));
    assert!(matches!(
        store.insert_all(&Snapshot::default()),
        Err(StoreError::ReadOnly)
    ));
    drop(store);
    assert_eq!(fs::read(&path).unwrap(), bytes, "the file changed");
    assert_eq!(mode(&path), 0o444);
}

#[test]
fn a_database_read_while_0400_is_writable_again_after_chmod_600() {
    let (_dir, path) = temp_db();
    drop(open(&path));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    let store = open(&path);
    assert!(store.is_read_only());
    assert_eq!(store.counts().unwrap(), Counts::default());
    drop(store);
    let shm = path.with_file_name("kam.db-shm");
    assert!(shm.exists(), "SQLite leaves its shared-memory index");

    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    let mut store = open(&path);
    assert!(!store.is_read_only());
    store.save_account(&Account::new("Nordwerk")).unwrap();
    for companion in ["kam.db-wal", "kam.db-shm"] {
        let companion = path.with_file_name(companion);
        assert_eq!(
            mode(&companion) & 0o600,
            0o600,
            "{} stays unwritable",
            companion.display()
        );
    }
}

#[test]
fn a_database_in_a_folder_kam_cannot_write_is_read() {
    let (dir, path) = temp_db();
    let mut store = open(&path);
    store.save_account(&Account::new("Nordwerk")).unwrap();
    drop(store);
    fs::remove_file(path.with_file_name("kam.db.lock")).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
    let folder_writable = rustix::fs::access(dir.path(), rustix::fs::Access::WRITE_OK).is_ok();

    let opened = Store::open(&path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let store = opened.unwrap();
    // Root may write in any folder; everyone else reads this one only.
    assert_eq!(store.is_read_only(), !folder_writable);
    assert_eq!(store.accounts().unwrap()[0].name, "Nordwerk");
}

#[test]
fn an_older_read_only_database_is_refused_untouched_as_it_cannot_be_upgraded() {
    let (_dir, path) = temp_db();
    write_schema_one_kam_db(&path);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let err = refused_untouched(&path);
    assert!(
        matches!(err, StoreError::ReadOnlyNeedsUpgrade(_)),
        "{err:?}"
    );
    assert!(!backups_dir(&path).exists());
}

// ---------------------------------------------------------------- two windows

#[test]
fn two_stores_on_one_file_write_in_turn_and_see_each_others_changes() {
    let (_dir, path) = temp_db();
    let mut left = open(&path);
    let mut right = open(&path);

    let a = left.save_account(&Account::new("Nordwerk")).unwrap();
    let b = right.save_account(&Account::new("Südhafen")).unwrap();
    assert_eq!(left.accounts().unwrap(), [a.clone(), b.clone()]);
    assert_eq!(right.accounts().unwrap(), [a.clone(), b.clone()]);

    for i in 0..20 {
        let date = day("2026-01-01") + TimeDelta::days(i);
        let (writer, account) = if i % 2 == 0 {
            (&mut left, a.id)
        } else {
            (&mut right, b.id)
        };
        writer
            .save_proof(&ProofStatement::new(account, date, format!("Delivery {i}")))
            .unwrap();
    }
    let issue = right
        .save_issue(&BusinessIssue::new(a.id, "Lines stop"))
        .unwrap();
    assert_eq!(left.issues(a.id).unwrap(), [issue]);
    assert_eq!(left.proof_count(b.id).unwrap(), 10);
    assert_eq!(right.proof_count(a.id).unwrap(), 10);

    left.delete_account(b.id).unwrap();
    assert_eq!(right.accounts().unwrap(), [a]);
    assert_eq!(right.proof_count(b.id).unwrap(), 0);
}

#[test]
fn a_write_waits_for_another_window_holding_the_file_instead_of_failing_busy() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let other_window = Connection::open(&path).unwrap();
    other_window.execute_batch("BEGIN IMMEDIATE").unwrap();
    let hold = Duration::from_millis(300);
    let release = thread::spawn(move || {
        thread::sleep(hold);
        other_window.execute_batch("COMMIT").unwrap();
    });

    let started = Instant::now();
    let saved = store.save_account(&Account::new("Nordwerk")).unwrap();
    assert!(
        started.elapsed() >= hold / 2,
        "did not wait for the other window"
    );
    release.join().unwrap();
    assert_eq!(store.account(saved.id).unwrap(), saved);
}

#[test]
fn the_data_version_moves_for_another_windows_commit_and_not_for_our_own() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let start = store.data_version().unwrap();
    store.save_account(&Account::new("Nordwerk")).unwrap();
    assert_eq!(store.data_version().unwrap(), start, "our own commit");

    let mut other_window = open(&path);
    other_window
        .save_account(&Account::new("Brennwerk"))
        .unwrap();
    assert_ne!(
        store.data_version().unwrap(),
        start,
        "another window's commit"
    );
}

// ---------------------------------------------------------------- proof log

#[test]
fn proof_log_windows_run_newest_first_without_gaps_or_overlap() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = Account::new("Nordwerk");
    let other = Account::new("Südhafen");
    let start = day("2020-01-01");
    // Dates repeat, so ties must be broken consistently.
    let mut log: Vec<ProofStatement> = (0..1_000)
        .map(|i| {
            let date = start + TimeDelta::days((i * 37) % 400);
            ProofStatement::new(account.id, date, format!("Delivery {i}"))
        })
        .collect();
    let mut records = Snapshot {
        accounts: vec![account.clone(), other.clone()],
        proofs: log.clone(),
        ..Snapshot::default()
    };
    records
        .proofs
        .push(ProofStatement::new(other.id, start, "Elsewhere"));
    store.insert_all(&records).unwrap();
    log.sort_by(|x, y| y.date.cmp(&x.date).then(y.id.cmp(&x.id)));

    assert_eq!(store.proof_count(account.id).unwrap(), 1_000);
    let mut seen = Vec::new();
    for offset in (0..1_000).step_by(64) {
        let window = store.proofs(account.id, offset, 64).unwrap();
        assert_eq!(window.len(), 64.min(1_000 - offset));
        seen.extend(window);
    }
    assert_eq!(seen, log);
    assert!(store.proofs(account.id, 1_000, 64).unwrap().is_empty());
    for (index, p) in log.iter().enumerate() {
        assert_eq!(store.proof_position(p).unwrap(), index, "{}", p.statement);
    }
}

// ---------------------------------------------------------------- portfolio

#[test]
fn portfolio_counts_open_issues_overdue_plans_and_last_proof_and_puts_attention_first() {
    let today = day("2026-11-23");
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let [alpha, mut beta, gamma, delta, epsilon] =
        ["Alpha", "beta", "Gamma", "Delta", "Epsilon"].map(Account::new);
    beta.created_at = day("2026-11-03").and_hms_opt(9, 0, 0).unwrap().and_utc();
    let issue = |account: &Account, status| BusinessIssue {
        status,
        ..BusinessIssue::new(account.id, "An issue")
    };
    let alpha_open = issue(&alpha, IssueStatus::Open);
    let alpha_resolved = issue(&alpha, IssueStatus::Resolved);
    let epsilon_open = issue(&epsilon, IssueStatus::Open);
    let plan = |issue: &BusinessIssue, due: Option<&str>, status| ActionPlan {
        due: due.map(day),
        status,
        ..ActionPlan::new(issue.id, "A plan")
    };
    let records = Snapshot {
        issues: vec![
            alpha_open.clone(),
            issue(&alpha, IssueStatus::Open),
            alpha_resolved.clone(),
            issue(&beta, IssueStatus::Open),
            issue(&delta, IssueStatus::Parked),
            epsilon_open.clone(),
        ],
        plans: vec![
            plan(&alpha_open, Some("2026-11-20"), PlanStatus::InProgress), // overdue
            plan(&alpha_open, Some("2026-11-01"), PlanStatus::Done),
            plan(&alpha_open, Some("2026-11-23"), PlanStatus::Agreed), // due today
            plan(&alpha_open, None, PlanStatus::Proposed),
            plan(&alpha_resolved, Some("2026-10-01"), PlanStatus::Agreed), // overdue
            plan(&alpha_resolved, Some("2026-09-01"), PlanStatus::Dropped),
            plan(&epsilon_open, Some("2026-11-22"), PlanStatus::Proposed), // overdue
        ],
        proofs: vec![
            proof(alpha.id, "2026-11-13", "Newest"),
            proof(alpha.id, "2026-10-01", "Older, saved later"),
            proof(gamma.id, "2026-11-18", "Recent"),
            proof(delta.id, "2026-08-25", "Long ago"),
            proof(epsilon.id, "2026-11-23", "Today"),
        ],
        accounts: vec![alpha, beta, gamma, delta, epsilon],
        ..Snapshot::default()
    };
    store.insert_all(&records).unwrap();

    let rows: Vec<_> = store
        .portfolio(today)
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                s.account.name.clone(),
                s.open_issues,
                s.overdue_plans,
                s.last_proof,
                s.attention(today),
            )
        })
        .collect();
    let expected = [
        ("Alpha", 2, 2, Some("2026-11-13"), vec!["2 overdue actions"]),
        (
            "Epsilon",
            1,
            1,
            Some("2026-11-23"),
            vec!["1 overdue action"],
        ),
        ("beta", 1, 0, None, vec!["no proof yet (added 20 d ago)"]),
        (
            "Delta",
            0,
            0,
            Some("2026-08-25"),
            vec!["last proof 90 d ago, cadence 30 d"],
        ),
        ("Gamma", 0, 0, Some("2026-11-18"), vec![]),
    ]
    .map(|(name, open, overdue, last, reasons)| {
        (
            name.to_string(),
            open,
            overdue,
            last.map(day),
            reasons.into_iter().map(String::from).collect::<Vec<_>>(),
        )
    });
    assert_eq!(rows, expected);
}

// ---------------------------------------------------------------- validation

#[test]
fn invalid_records_are_refused_naming_the_field_and_nothing_is_written() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let nameless = Account::new("  ");
    assert_eq!(
        invalid_fields(store.save_account(&nameless).unwrap_err()),
        ["name"]
    );
    assert!(store.is_empty().unwrap());

    let before = save_account_tree(&mut store, "Nordwerk");
    let counts = store.counts().unwrap();
    let mut account = before.accounts[0].clone();
    account.share_of_wallet = Some(140);
    account.name = "Renamed".into();
    let mut issue = before.issues[0].clone();
    issue.statement.clear();
    let mut plan = before.plans[0].clone();
    plan.billable_hours = -1.0;
    plan.steps.push(Step::new(" "));
    let mut proof = before.proofs[0].clone();
    proof.statement = "\n".into();
    let mut stakeholder = before.stakeholders[0].clone();
    stakeholder.email = "dieter at nordwerk".into();

    assert_eq!(
        invalid_fields(store.save_account(&account).unwrap_err()),
        ["share_of_wallet"]
    );
    assert_eq!(
        invalid_fields(store.save_issue(&issue).unwrap_err()),
        ["statement"]
    );
    assert_eq!(
        invalid_fields(store.save_plan(&plan).unwrap_err()),
        ["billable_hours", "steps"]
    );
    assert_eq!(
        invalid_fields(store.save_proof(&proof).unwrap_err()),
        ["statement"]
    );
    assert_eq!(
        invalid_fields(store.save_stakeholder(&stakeholder).unwrap_err()),
        ["email"]
    );
    let new_issue = BusinessIssue::new(account.id, "");
    assert_eq!(
        invalid_fields(store.save_issue(&new_issue).unwrap_err()),
        ["statement"]
    );

    assert_eq!(store.counts().unwrap(), counts);
    assert_eq!(account_tree(&store, account.id), before);
    assert_eq!(
        store.next_undo().unwrap(),
        None,
        "no undo entry for a refused edit"
    );
}

#[test]
fn insert_all_writes_everything_or_nothing() {
    let (_dir, path) = temp_db();
    let mut store = open(&path);
    let account = Account::new("Nordwerk");
    let issue = BusinessIssue::new(account.id, "Lines stop");
    let plan = plan_with_steps(issue.id, "Consignment stock", &["Scope", "Pilot"]);
    let orphan = proof(Id::new(), "2026-11-01", "Belongs to no account");
    let records = Snapshot {
        accounts: vec![account.clone()],
        issues: vec![issue.clone()],
        plans: vec![plan.clone()],
        proofs: vec![proof(account.id, "2026-11-02", "Fine"), orphan],
        stakeholders: vec![Stakeholder::new(account.id, "Anna Berg")],
        ..Snapshot::default()
    };

    let err = store.insert_all(&records).unwrap_err();
    assert!(matches!(err, StoreError::MissingLink), "{err:?}");
    assert_eq!(store.counts().unwrap(), Counts::default());

    let mut invalid = records.clone();
    invalid.proofs.clear();
    invalid.issues[0].statement.clear();
    assert_eq!(
        invalid_fields(store.insert_all(&invalid).unwrap_err()),
        ["statement"]
    );
    assert_eq!(store.counts().unwrap(), Counts::default());

    let mut valid = records;
    valid.proofs.pop();
    store.insert_all(&valid).unwrap();
    assert_eq!(account_tree(&store, account.id), valid);
    assert_eq!(
        store.next_undo().unwrap(),
        None,
        "bulk inserts are not undoable"
    );
}
