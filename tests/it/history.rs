//! The history of every record, as the store keeps it: each save, deletion,
//! undo and merge writes its change rows in the same transaction as the
//! change; `changes_since` reads them back in order; the rows and the "brief
//! opened" moment survive reopening and schema upgrades.

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use kam::domain::history::{Change, ChangeAction, RecordKind};
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Id, Importance, PlanStatus, ProofStatement, Stakeholder,
    Step,
};
use kam::store::{LATEST_VERSION, Snapshot, Store};
use rusqlite::Connection;
use tempfile::TempDir;

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    (dir, path)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every change to `account` ever recorded.
fn all_changes(store: &Store, account: Id) -> Vec<Change> {
    store.changes_since(account, DateTime::UNIX_EPOCH).unwrap()
}

/// The changes as (kind, action, field, old, new), for exact comparisons.
type Row = (RecordKind, ChangeAction, String, String, String);

fn shape(changes: &[Change]) -> Vec<Row> {
    changes
        .iter()
        .map(|c| {
            let (field, old, new) = match &c.field {
                Some(f) => (f.field.clone(), f.old.clone(), f.new.clone()),
                None => Default::default(),
            };
            (c.kind, c.action, field, old, new)
        })
        .collect()
}

fn row(kind: RecordKind, action: ChangeAction, field: &str, old: &str, new: &str) -> Row {
    (kind, action, field.into(), old.into(), new.into())
}

fn added(kind: RecordKind) -> Row {
    row(kind, ChangeAction::Added, "", "", "")
}

/// How many rows the change log of the file at `path` holds.
fn log_rows(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// The changes written by `f`, alone.
fn changes_of(store: &mut Store, account: Id, f: impl FnOnce(&mut Store)) -> Vec<Row> {
    let before = all_changes(store, account).len();
    f(store);
    shape(&all_changes(store, account)[before..])
}

#[test]
fn saving_an_account_records_it_added_then_each_changed_field() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    assert_eq!(
        shape(&all_changes(&store, account.id)),
        [added(RecordKind::Account)]
    );
    assert_eq!(all_changes(&store, account.id)[0].label, "Nordwerk");

    let mut edited = account.clone();
    edited.industry = "Machine tools".into();
    edited.revenue_history = crate::support::revenue(&[(2025, 2_380_000)]);
    let rows = changes_of(&mut store, account.id, |s| {
        s.save_account(&edited).unwrap();
    });
    assert_eq!(
        rows,
        [
            row(
                RecordKind::Account,
                ChangeAction::Changed,
                "industry",
                "",
                "Machine tools"
            ),
            row(
                RecordKind::Account,
                ChangeAction::Changed,
                "revenue_history",
                "",
                "2025 2380000"
            ),
        ]
    );

    let unchanged = changes_of(&mut store, account.id, |s| {
        s.save_account(&edited).unwrap();
    });
    assert!(
        unchanged.is_empty(),
        "a save that changes nothing is no change"
    );
}

#[test]
fn issues_plans_steps_proofs_and_stakeholders_are_recorded_under_their_account() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let id = account.id;

    let issue = BusinessIssue::new(id, "Our lines stop for lack of spares");
    let mut plan = ActionPlan::new(issue.id, "Consignment stock pilot");
    plan.steps = vec![Step::new("Scope"), Step::new("Run the pilot")];
    let proof = ProofStatement::new(id, day("2026-11-02"), "Zero line stops in October");
    let person = Stakeholder::new(id, "Dieter Vogel");
    let rows = changes_of(&mut store, id, |s| {
        s.save_issue(&issue).unwrap();
        s.save_plan(&plan).unwrap();
        s.save_proof(&proof).unwrap();
        s.save_stakeholder(&person).unwrap();
    });
    assert_eq!(
        rows,
        [
            added(RecordKind::Issue),
            added(RecordKind::Plan),
            added(RecordKind::Proof),
            added(RecordKind::Stakeholder),
        ]
    );

    let mut issue2 = store.issue(issue.id).unwrap();
    issue2.importance = Importance::Critical;
    let mut plan2 = store.plan(plan.id).unwrap();
    plan2.status = PlanStatus::InProgress;
    plan2.steps[0].done = true;
    let mut proof2 = store.proof(proof.id).unwrap();
    proof2.acknowledged = true;
    let mut person2 = store.stakeholder(person.id).unwrap();
    person2.title = "Head of Maintenance".into();
    let rows = changes_of(&mut store, id, |s| {
        s.save_issue(&issue2).unwrap();
        s.save_plan(&plan2).unwrap();
        s.save_proof(&proof2).unwrap();
        s.save_stakeholder(&person2).unwrap();
    });
    assert_eq!(
        rows,
        [
            row(
                RecordKind::Issue,
                ChangeAction::Changed,
                "importance",
                "Medium",
                "Critical"
            ),
            row(
                RecordKind::Plan,
                ChangeAction::Changed,
                "status",
                "Proposed",
                "In progress"
            ),
            row(
                RecordKind::Plan,
                ChangeAction::Changed,
                "step_done",
                "",
                "Scope"
            ),
            row(
                RecordKind::Proof,
                ChangeAction::Changed,
                "acknowledged",
                "no",
                "yes"
            ),
            row(
                RecordKind::Stakeholder,
                ChangeAction::Changed,
                "title",
                "",
                "Head of Maintenance"
            ),
        ]
    );
    let changes = all_changes(&store, id);
    let mut plan_rows = changes.iter().filter(|c| c.kind == RecordKind::Plan);
    assert!(
        plan_rows.all(|c| c.account_id == Some(id) && c.record_id == plan.id),
        "a plan's changes belong to its issue's account"
    );
}

#[test]
fn deletions_record_the_record_deleted_and_not_what_went_with_it() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let id = account.id;
    let issue = store
        .save_issue(&BusinessIssue::new(id, "Spares run out"))
        .unwrap();
    let plan = store
        .save_plan(&ActionPlan::new(issue.id, "Pilot"))
        .unwrap();
    let proof = store
        .save_proof(&ProofStatement::new(id, day("2026-11-02"), "No stops"))
        .unwrap();
    let person = store
        .save_stakeholder(&Stakeholder::new(id, "Dieter Vogel"))
        .unwrap();

    let rows = changes_of(&mut store, id, |s| {
        s.delete_proof(proof.id).unwrap();
        s.delete_stakeholder(person.id).unwrap();
        s.delete_plan(plan.id).unwrap();
    });
    let deleted = |kind| row(kind, ChangeAction::Deleted, "", "", "");
    assert_eq!(
        rows,
        [
            deleted(RecordKind::Proof),
            deleted(RecordKind::Stakeholder),
            deleted(RecordKind::Plan),
        ]
    );
    store
        .save_plan(&ActionPlan::new(issue.id, "Second pilot"))
        .unwrap();
    let rows = changes_of(&mut store, id, |s| {
        s.delete_issue(issue.id).unwrap();
    });
    assert_eq!(
        rows,
        [deleted(RecordKind::Issue)],
        "its plan goes unmentioned"
    );
    let rows = changes_of(&mut store, id, |s| {
        s.delete_account(id).unwrap();
    });
    assert_eq!(rows, [deleted(RecordKind::Account)]);
    assert!(
        all_changes(&store, id).len() > 5,
        "the history outlives the account"
    );
}

#[test]
fn undo_records_restorations_and_edits_changed_back() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let id = account.id;
    let issue = store
        .save_issue(&BusinessIssue::new(id, "Spares run out"))
        .unwrap();
    let mut plan = ActionPlan::new(issue.id, "Pilot");
    plan.steps = vec![Step::new("Scope")];
    let plan = store.save_plan(&plan).unwrap();

    let mut done = plan.clone();
    done.steps[0].done = true;
    store.save_plan(&done).unwrap();
    let rows = changes_of(&mut store, id, |s| {
        s.undo().unwrap();
    });
    assert_eq!(
        rows,
        [row(
            RecordKind::Plan,
            ChangeAction::Changed,
            "step_reopened",
            "",
            "Scope"
        )]
    );

    store.delete_issue(issue.id).unwrap();
    let rows = changes_of(&mut store, id, |s| {
        s.undo().unwrap();
    });
    assert_eq!(
        rows,
        [row(RecordKind::Issue, ChangeAction::Restored, "", "", "")],
        "the plan comes back with its issue, unmentioned"
    );

    store.delete_account(id).unwrap();
    let rows = changes_of(&mut store, id, |s| {
        s.undo().unwrap();
    });
    assert_eq!(
        rows,
        [row(RecordKind::Account, ChangeAction::Restored, "", "", "")]
    );
    assert_eq!(store.plans(issue.id).unwrap().len(), 1);
}

#[test]
fn a_failed_change_leaves_no_history_behind() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    assert_eq!(log_rows(&path), 1);

    // The history row is written first; the plan then fails its foreign
    // key, and the whole transaction is rolled back.
    let orphan = ActionPlan::new(Id::new(), "A plan for no issue");
    assert!(store.save_plan(&orphan).is_err());
    let stray = ProofStatement::new(Id::new(), day("2026-11-02"), "For no account");
    assert!(store.save_proof(&stray).is_err());
    assert_eq!(log_rows(&path), 1);

    let mut bad = account.clone();
    bad.share_of_wallet = Some(140);
    assert!(store.save_account(&bad).is_err());
    assert_eq!(log_rows(&path), 1);
}

#[test]
fn changes_since_keeps_the_order_of_writing_and_starts_at_the_moment_given() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    let other = store.save_account(&Account::new("Brennholt")).unwrap();
    thread::sleep(Duration::from_millis(5));
    let since = Utc::now();
    thread::sleep(Duration::from_millis(5));
    let first = store
        .save_issue(&BusinessIssue::new(account.id, "First"))
        .unwrap();
    store
        .save_issue(&BusinessIssue::new(other.id, "Elsewhere"))
        .unwrap();
    let second = store
        .save_issue(&BusinessIssue::new(account.id, "Second"))
        .unwrap();
    let mut edited = first.clone();
    edited.statement = "First, in their words".into();
    store.save_issue(&edited).unwrap();

    let changes = store.changes_since(account.id, since).unwrap();
    let seen: Vec<(Id, ChangeAction, &str)> = changes
        .iter()
        .map(|c| (c.record_id, c.action, c.label.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (first.id, ChangeAction::Added, "First"),
            (second.id, ChangeAction::Added, "Second"),
            (first.id, ChangeAction::Changed, "First, in their words"),
        ],
        "the account's own changes after `since`, oldest first"
    );
    assert!(
        changes
            .windows(2)
            .all(|w| w[0].at <= w[1].at && w[0].seq < w[1].seq)
    );
    assert!(changes.iter().all(|c| c.at >= since));
    assert!(
        store
            .changes_since(account.id, Utc::now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn history_and_the_brief_moment_survive_reopening() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let account = store.save_account(&Account::new("Nordwerk")).unwrap();
    assert_eq!(store.last_brief_opened(account.id).unwrap(), None);
    store.mark_brief_opened(account.id).unwrap();
    let opened = store.last_brief_opened(account.id).unwrap().unwrap();
    let before = all_changes(&store, account.id);
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(all_changes(&store, account.id), before);
    assert_eq!(store.last_brief_opened(account.id).unwrap(), Some(opened));
    thread::sleep(Duration::from_millis(5));
    store.mark_brief_opened(account.id).unwrap();
    assert!(store.last_brief_opened(account.id).unwrap().unwrap() > opened);
}

#[test]
fn history_is_kept_when_the_schema_is_upgraded() {
    let (_dir, path) = temp_db();
    let account = Account::new("Nordwerk");
    let conn = Connection::open(&path).unwrap();
    for sql in [
        include_str!("../../src/store/migrations/001_workspace.sql"),
        include_str!("../../src/store/migrations/002_stakeholders.sql"),
        include_str!("../../src/store/migrations/003_history.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO account (id, name, stage, created_at, updated_at)
         VALUES (?1, 'Nordwerk', 'basic', ?2, ?2)",
        (account.id.to_string(), account.created_at),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO change_log (at, account_id, record_kind, record_id, action, label)
         VALUES (?1, ?2, 'account', ?2, 'added', 'Nordwerk')",
        (account.created_at, account.id.to_string()),
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 3).unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let changes = all_changes(&store, account.id);
    assert_eq!(shape(&changes), [added(RecordKind::Account)]);
    assert_eq!(changes[0].at, account.created_at);
    drop(store);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
}

#[test]
fn merges_record_what_they_add_and_change() {
    let mut store = Store::open_in_memory().unwrap();
    let mut account = Account::new("Nordwerk");
    let records = Snapshot {
        accounts: vec![account.clone()],
        ..Snapshot::default()
    };
    store.merge(&records, true).unwrap();
    assert!(
        all_changes(&store, account.id).is_empty(),
        "a dry run writes nothing"
    );
    store.merge(&records, false).unwrap();
    assert_eq!(
        shape(&all_changes(&store, account.id)),
        [added(RecordKind::Account)]
    );

    account.industry = "Machine tools".into();
    account.updated_at += chrono::Duration::seconds(1);
    let newer = Snapshot {
        accounts: vec![account.clone()],
        ..Snapshot::default()
    };
    let rows = changes_of(&mut store, account.id, |s| {
        s.merge(&newer, false).unwrap();
    });
    assert_eq!(
        rows,
        [row(
            RecordKind::Account,
            ChangeAction::Changed,
            "industry",
            "",
            "Machine tools"
        )]
    );
}
