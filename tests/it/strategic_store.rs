//! The records of strategic account work in the store: stakeholder roles,
//! conversations with attendees, assessments, whitespace grids and matching
//! results. Saving, undo, deleting an account with everything in it, export
//! and import, and the upgrade of a database written before they existed.

use chrono::{DateTime, NaiveDate, Utc};
use kam::domain::{
    Account, Answer, Assessment, Attitude, Cell, CellState, Conversation, Id, Influence,
    MatchingResult, ProofStatement, RelationshipStage, Stakeholder, TimeFrame, Whitespace,
};
use kam::store::{LATEST_VERSION, Snapshot, Store, StoreError};
use rusqlite::Connection;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a valid date")
}

/// A fresh database file in a temporary folder.
fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kam.db");
    (dir, path)
}

/// An account with two stakeholders, one reporting to the other.
fn account_with_people(store: &mut Store) -> (Account, Stakeholder, Stakeholder) {
    let account = store.save_account(&Account::new("Nordmole")).unwrap();
    let mut boss = Stakeholder::new(account.id, "Ines Kraft");
    boss.influence = Some(Influence::EconomicBuyer);
    boss.attitude = Attitude::Champion;
    let boss = store.save_stakeholder(&boss).unwrap();
    let mut engineer = Stakeholder::new(account.id, "Jonas Brandt");
    engineer.reports_to = Some(boss.id);
    engineer.cadence_days = Some(30);
    engineer.last_contact = Some(day("2026-10-01"));
    engineer.owner = "Lea (service lead)".into();
    let engineer = store.save_stakeholder(&engineer).unwrap();
    (account, boss, engineer)
}

fn conversation(account: &Account, people: &[&Stakeholder]) -> Conversation {
    let mut c = Conversation::new(account.id, day("2026-11-02"), "Engineering");
    c.attendees = people.iter().map(|p| p.id).collect();
    c.attendees.sort();
    c.time_frame = TimeFrame::Future;
    c.summary = "Roadmap for the 2027 retrofit".into();
    c.non_billable_hours = 3.5;
    c
}

fn assessment(account: &Account, date: &str) -> Assessment {
    let mut a = Assessment::new(account.id, day(date), RelationshipStage::Cooperative);
    a.signals[0] = Answer::Yes;
    a.signals[5] = Answer::Partly;
    a.ratings[0].score = 4;
    a.ratings[0].reason = "They shared their cost model".into();
    a
}

fn grid(account: &Account) -> Whitespace {
    let mut w = Whitespace::new(account.id);
    w.add_unit("Plant Mannheim");
    w.add_unit("Plant Ulm");
    w.add_offering("Spare parts");
    w.add_offering("Field service");
    *w.cell_mut(0, 0).unwrap() = Cell {
        state: CellState::Supply,
        value: Some(300_000),
    };
    *w.cell_mut(1, 1).unwrap() = Cell {
        state: CellState::Competitor,
        value: Some(500_000),
    };
    w.cell_mut(1, 0).unwrap().state = CellState::Opportunity;
    w
}

#[test]
fn stakeholder_roles_and_contact_are_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, boss, engineer) = account_with_people(&mut store);
    let people = store.stakeholders(account.id).unwrap();
    assert_eq!(people, [boss.clone(), engineer.clone()]);
    assert_eq!(people[1].reports_to, Some(boss.id));
    assert_eq!(people[0].influence, Some(Influence::EconomicBuyer));

    // A stakeholder cannot report to themselves.
    let mut own = engineer.clone();
    own.reports_to = Some(own.id);
    let err = store.save_stakeholder(&own).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    // Deleting the manager leaves the report without one.
    store.delete_stakeholder(boss.id).unwrap();
    assert_eq!(store.stakeholder(engineer.id).unwrap().reports_to, None);
}

#[test]
fn conversations_keep_their_attendees_and_undo_restores_them() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, boss, engineer) = account_with_people(&mut store);
    let saved = store
        .save_conversation(&conversation(&account, &[&boss, &engineer]))
        .unwrap();
    assert_eq!(store.conversation(saved.id).unwrap(), saved);
    assert_eq!(
        store.conversations(account.id).unwrap(),
        std::slice::from_ref(&saved)
    );
    assert_eq!(store.forums().unwrap(), ["Engineering"]);

    // Someone from another account cannot attend.
    let other = store.save_account(&Account::new("Brennholt")).unwrap();
    let stranger = store
        .save_stakeholder(&Stakeholder::new(other.id, "Dieter Vogel"))
        .unwrap();
    let mut edited = saved.clone();
    edited.attendees.push(stranger.id);
    edited.forum = "Executive review".into();
    store.save_conversation(&edited).unwrap();
    let now = store.conversation(saved.id).unwrap();
    assert_eq!(now.forum, "Executive review");
    assert_eq!(now.attendees, saved.attendees);

    store.undo().unwrap();
    assert_eq!(store.conversation(saved.id).unwrap().forum, "Engineering");

    // Deleting a stakeholder takes them off the attendance; undo puts
    // them back.
    store.delete_stakeholder(engineer.id).unwrap();
    assert_eq!(store.conversation(saved.id).unwrap().attendees, [boss.id]);
    store.undo().unwrap();
    assert_eq!(
        store.conversation(saved.id).unwrap().attendees,
        saved.attendees
    );

    store.delete_conversation(saved.id).unwrap();
    assert!(store.conversations(account.id).unwrap().is_empty());
    store.undo().unwrap();
    assert_eq!(store.conversation(saved.id).unwrap().attendees.len(), 2);
}

#[test]
fn assessments_are_kept_oldest_first_and_validated() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, ..) = account_with_people(&mut store);
    let later = store
        .save_assessment(&assessment(&account, "2026-10-01"))
        .unwrap();
    let earlier = store
        .save_assessment(&assessment(&account, "2026-07-01"))
        .unwrap();
    assert_eq!(
        store.assessments(account.id).unwrap(),
        [earlier.clone(), later.clone()]
    );
    assert_eq!(store.assessment(later.id).unwrap().ratings[0].score, 4);

    let mut bad = later.clone();
    bad.ratings[3].score = 0;
    match store.save_assessment(&bad).unwrap_err() {
        StoreError::Invalid(invalid) => assert_eq!(invalid.0[0].field, "information_exchange"),
        other => panic!("{other:?}"),
    }

    store.delete_assessment(earlier.id).unwrap();
    assert_eq!(
        store.assessments(account.id).unwrap(),
        std::slice::from_ref(&later)
    );
    store.undo().unwrap();
    assert_eq!(store.assessments(account.id).unwrap().len(), 2);
}

#[test]
fn whitespace_grids_are_saved_whole_and_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, ..) = account_with_people(&mut store);
    assert!(store.whitespace(account.id).unwrap().is_empty());
    let first = grid(&account);
    store.save_whitespace(&first, None).unwrap();
    assert_eq!(store.whitespace(account.id).unwrap(), first);
    assert_eq!(first.wallet_share().percent(), Some(38)); // 300 / 800

    let mut second = first.clone();
    second.remove_unit(0);
    second.add_offering("Training");
    store.save_whitespace(&second, None).unwrap();
    assert_eq!(store.whitespace(account.id).unwrap(), second);
    store.undo().unwrap();
    assert_eq!(store.whitespace(account.id).unwrap(), first);

    let mut twice = first.clone();
    twice.add_unit("plant ulm");
    assert!(matches!(
        store.save_whitespace(&twice, None).unwrap_err(),
        StoreError::Invalid(_)
    ));
}

#[test]
fn an_account_deletion_takes_everything_and_undo_brings_it_back() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, boss, engineer) = account_with_people(&mut store);
    store
        .save_conversation(&conversation(&account, &[&boss, &engineer]))
        .unwrap();
    store
        .save_assessment(&assessment(&account, "2026-10-01"))
        .unwrap();
    store.save_whitespace(&grid(&account), None).unwrap();
    store
        .save_matching_result(&MatchingResult::new(account.id, 4, 2))
        .unwrap();
    let before = store.account_records(account.id).unwrap();
    assert_eq!(before.conversations.len(), 1);
    assert_eq!(before.whitespace.len(), 1);
    assert_eq!(before.matching.len(), 1);

    store.delete_account(account.id).unwrap();
    assert!(store.whitespace(account.id).unwrap().is_empty());
    assert!(store.matching_results(account.id).unwrap().is_empty());
    store.undo().unwrap();
    assert_eq!(store.account_records(account.id).unwrap(), before);
}

#[test]
fn export_and_import_carry_the_new_records() {
    let mut source = Store::open_in_memory().unwrap();
    let (account, boss, engineer) = account_with_people(&mut source);
    source
        .save_conversation(&conversation(&account, &[&boss, &engineer]))
        .unwrap();
    source
        .save_assessment(&assessment(&account, "2026-10-01"))
        .unwrap();
    source.save_whitespace(&grid(&account), None).unwrap();
    source
        .save_matching_result(&MatchingResult::new(account.id, 5, 3))
        .unwrap();
    let records = source.all_records().unwrap();

    let mut json = Vec::new();
    kam::export::json::write(&mut json, &records, Utc::now()).unwrap();
    let read = kam::export::json::read(std::str::from_utf8(&json).unwrap()).unwrap();
    assert_eq!(read, records);

    let mut target = Store::open_in_memory().unwrap();
    let report = target.merge(&read, false).unwrap();
    assert_eq!(report.conversations.added, 1);
    assert_eq!(report.assessments.added, 1);
    assert_eq!(report.whitespace.added, 1);
    assert_eq!(report.matching.added, 1);
    assert_eq!(target.all_records().unwrap(), records);

    // A second import changes nothing.
    let again = target.merge(&read, false).unwrap();
    assert_eq!(again.changed(), 0);
    assert_eq!(again.whitespace.unchanged, 1);

    // An attendee that exists nowhere is refused, and nothing is written.
    let mut broken = Store::open_in_memory().unwrap();
    let mut dangling = read.clone();
    dangling.conversations[0].attendees.push(Id::new());
    let err = broken.merge(&dangling, false).unwrap_err();
    assert!(err.to_string().contains("points to stakeholder"), "{err}");
    assert!(broken.is_empty().unwrap());
}

#[test]
fn people_may_be_imported_before_the_one_they_report_to() {
    let mut store = Store::open_in_memory().unwrap();
    let account = Account::new("Valdemoro");
    let boss = Stakeholder::new(account.id, "Carmen Ruiz");
    let mut report = Stakeholder::new(account.id, "Pablo Sanz");
    report.reports_to = Some(boss.id);
    store
        .insert_all(&Snapshot {
            accounts: vec![account.clone()],
            stakeholders: vec![report.clone(), boss.clone()],
            ..Snapshot::default()
        })
        .unwrap();
    assert_eq!(
        store.stakeholder(report.id).unwrap().reports_to,
        Some(boss.id)
    );
}

/// A database as kam wrote it before schema 005: schema 004 with an
/// account, a stakeholder and a proof statement.
fn version_4_database(path: &std::path::Path, account: &Account, created: DateTime<Utc>) {
    let conn = Connection::open(path).unwrap();
    for sql in [
        include_str!("../../src/store/migrations/001_workspace.sql"),
        include_str!("../../src/store/migrations/002_stakeholders.sql"),
        include_str!("../../src/store/migrations/003_history.sql"),
        include_str!("../../src/store/migrations/004_search.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO account (id, name, annual_revenue, stage, created_at, updated_at)
         VALUES (?1, 'Nordwerk', 1200000, 'cooperative', ?2, ?2)",
        (account.id.to_string(), created),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO stakeholder (id, account_id, name, title, email, created_at, updated_at)
         VALUES (?1, ?2, 'Anna Berg', 'Head of Maintenance', 'anna@nordwerk.de', ?3, ?3)",
        (Id::new().to_string(), account.id.to_string(), created),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO proof_statement (id, account_id, date, statement, created_at, updated_at)
         VALUES (?1, ?2, '2026-10-05', 'Line stops down by a third', ?3, ?3)",
        (Id::new().to_string(), account.id.to_string(), created),
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 4).unwrap();
}

#[test]
fn a_version_4_database_upgrades_in_place_with_a_backup_and_keeps_its_meaning() {
    let (dir, path) = temp_db();
    let account = Account::new("Nordwerk");
    let created = account.created_at;
    version_4_database(&path, &account, created);

    let store = Store::open(&path).unwrap();
    let stored = store.account(account.id).unwrap();
    assert_eq!(stored.name, "Nordwerk");
    assert_eq!(stored.latest_revenue().map(|r| r.amount), Some(1_200_000));
    assert_eq!(stored.stage, RelationshipStage::Cooperative);
    assert_eq!(stored.updated_at, created, "the upgrade changes no record");
    assert_eq!(stored.proof_cadence_days, 30, "the cadence kam used before");
    assert_eq!(stored.previous_revenue(), None);

    let people = store.stakeholders(account.id).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].email, "anna@nordwerk.de");
    assert_eq!(people[0].attitude, Attitude::Neutral);
    assert_eq!(people[0].influence, None);
    assert_eq!(people[0].cadence_days, None, "nobody becomes a key contact");
    assert_eq!(store.proof_count(account.id).unwrap(), 1);
    assert!(store.conversations(account.id).unwrap().is_empty());
    assert!(store.assessments(account.id).unwrap().is_empty());

    // Old records are still found by search.
    let hits = store.search("maintenance", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.title.text.contains("Anna Berg")),
        "{hits:?}"
    );
    drop(store);

    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    let backups: Vec<String> = std::fs::read_dir(kam::store::backup::backups_dir(&path))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        backups
            .iter()
            .any(|name| name.contains("v4-before-upgrade")),
        "{backups:?}"
    );
    drop(dir);
}

#[test]
fn conversations_are_searchable() {
    let mut store = Store::open_in_memory().unwrap();
    let (account, boss, engineer) = account_with_people(&mut store);
    store
        .save_conversation(&conversation(&account, &[&boss, &engineer]))
        .unwrap();
    let hits = store.search("retrofit", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].account_id, account.id);
    let proof = ProofStatement::new(account.id, day("2026-11-01"), "Retrofit pilot on time");
    store.save_proof(&proof).unwrap();
    assert_eq!(store.search("retrofit", 10).unwrap().len(), 2);
}
