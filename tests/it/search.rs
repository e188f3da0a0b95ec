//! Search through the store's public API: the index follows every write
//! path, matching is by word starts and fuzzy names, hostile queries are
//! harmless, ranking puts names and titles first, and older databases are
//! indexed when they are upgraded.

use chrono::NaiveDate;
use kam::domain::search::{Hit, RecordKind};
use kam::domain::{Account, ActionPlan, BusinessIssue, Id, ProofStatement, Stakeholder, Step};
use kam::store::{LATEST_VERSION, Passphrase, Snapshot, Store};
use rusqlite::Connection;

// ---------------------------------------------------------------- helpers

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

fn store() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

/// Searches, failing the test on an error.
fn search(store: &Store, query: &str) -> Vec<Hit> {
    store
        .search(query, 50)
        .unwrap_or_else(|e| panic!("searching {query:?}: {e}"))
}

/// The kinds and plain titles of what `query` finds, in order.
fn found(store: &Store, query: &str) -> Vec<(RecordKind, String)> {
    search(store, query)
        .into_iter()
        .map(|h| (h.kind, h.title.text))
        .collect()
}

/// The ids of what `query` finds, in order.
fn ids(store: &Store, query: &str) -> Vec<Id> {
    search(store, query).iter().map(|h| h.record_id).collect()
}

/// The marked parts of a hit's title, joined by `|`.
fn marked(hit: &Hit) -> String {
    hit.title
        .segments()
        .iter()
        .filter(|(_, m)| *m)
        .map(|(s, _)| *s)
        .collect::<Vec<_>>()
        .join("|")
}

/// One account with a record of every kind, each with its own words.
struct Tree {
    account: Account,
    issue: BusinessIssue,
    plan: ActionPlan,
    proof: ProofStatement,
    person: Stakeholder,
}

fn tree(name: &str) -> Tree {
    let mut account = Account::new(name);
    account.industry = "Container logistics".into();
    account.revenue_history = crate::support::revenue(&[(2025, 2_380_000)]);
    account.share_of_wallet = Some(37);
    let mut issue = BusinessIssue::new(account.id, "Cranes stand still waiting for spares");
    issue.said_by = "Harbour master".into();
    let mut plan = ActionPlan::new(issue.id, "Consignment stock pilot");
    plan.detail = "Keep critical gearboxes on site".into();
    plan.owner = "Ingrid".into();
    plan.billable_hours = 120.0;
    plan.steps = vec![Step::new("Agree the inventory list")];
    let mut proof = ProofStatement::new(account.id, day(), "Turnaround cut by a fifth");
    proof.value = Some("-20 %".into());
    let mut person = Stakeholder::new(account.id, "Dieter Vogel");
    person.title = "Head of Maintenance".into();
    person.email = "dieter.vogel@nordmole.example".into();
    Tree {
        account,
        issue,
        plan,
        proof,
        person,
    }
}

fn snapshot(trees: &[&Tree]) -> Snapshot {
    Snapshot {
        accounts: trees.iter().map(|t| t.account.clone()).collect(),
        issues: trees.iter().map(|t| t.issue.clone()).collect(),
        plans: trees.iter().map(|t| t.plan.clone()).collect(),
        proofs: trees.iter().map(|t| t.proof.clone()).collect(),
        stakeholders: trees.iter().map(|t| t.person.clone()).collect(),
        ..Snapshot::default()
    }
}

/// A store holding `tree` (written with `insert_all`).
fn store_with(tree: &Tree) -> Store {
    let mut store = store();
    store.insert_all(&snapshot(&[tree])).expect("insert_all");
    store
}

// ---------------------------------------------------------------- keeping in step

#[test]
fn insert_all_indexes_every_kind_of_record_under_its_account() {
    let t = tree("Nordmole Container Terminals GmbH");
    let store = store_with(&t);
    let cases = [
        ("nordmole", RecordKind::Account, t.account.id),
        ("spares", RecordKind::Issue, t.issue.id),
        ("harbour", RecordKind::Issue, t.issue.id),
        ("consignment", RecordKind::Plan, t.plan.id),
        ("gearboxes", RecordKind::Plan, t.plan.id),
        ("ingrid", RecordKind::Plan, t.plan.id),
        ("inventory", RecordKind::Step, t.plan.steps[0].id),
        ("turnaround", RecordKind::Proof, t.proof.id),
        ("vogel", RecordKind::Stakeholder, t.person.id),
        ("maintenance", RecordKind::Stakeholder, t.person.id),
    ];
    for (query, kind, id) in cases {
        let hits = search(&store, query);
        let hit = hits
            .iter()
            .find(|h| h.record_id == id)
            .unwrap_or_else(|| panic!("{query:?} did not find its record: {hits:?}"));
        assert_eq!(hit.kind, kind, "{query}");
        assert_eq!(hit.account_id, t.account.id, "{query}");
        assert_eq!(hit.account_name, "Nordmole Container Terminals GmbH");
    }
    let step = &search(&store, "inventory")[0];
    assert_eq!(step.plan_id, Some(t.plan.id), "a step knows its plan");
}

#[test]
fn edits_deletions_and_undo_keep_the_index_in_step() {
    let t = tree("Nordmole");
    let mut store = store_with(&t);
    assert_eq!(ids(&store, "turnaround"), [t.proof.id]);

    let mut proof = t.proof.clone();
    proof.statement = "Quay availability up to 99 %".into();
    store.save_proof(&proof).unwrap();
    assert!(ids(&store, "turnaround").is_empty(), "the old text is gone");
    assert_eq!(ids(&store, "quay"), [t.proof.id]);

    store.delete_proof(t.proof.id).unwrap();
    assert!(ids(&store, "quay").is_empty(), "a deleted record is gone");

    store.undo().unwrap();
    assert_eq!(ids(&store, "quay"), [t.proof.id], "undo brings it back");
    store.undo().unwrap();
    assert_eq!(ids(&store, "turnaround"), [t.proof.id], "and the old text");
    assert!(ids(&store, "quay").is_empty());
}

#[test]
fn deleting_an_account_unindexes_everything_under_it_and_undo_restores_it() {
    let t = tree("Nordmole");
    let other = tree("Brennholt");
    let mut store = store();
    store.insert_all(&snapshot(&[&t, &other])).unwrap();
    assert_eq!(search(&store, "inventory").len(), 2);

    store.delete_account(t.account.id).unwrap();
    for query in [
        "nordmole",
        "spares",
        "pilot",
        "inventory",
        "turnaround",
        "vogel",
    ] {
        assert!(
            search(&store, query)
                .iter()
                .all(|h| h.account_id == other.account.id),
            "{query} still finds the deleted account's records"
        );
    }
    store.undo().unwrap();
    let accounts: Vec<Id> = search(&store, "inventory")
        .iter()
        .map(|h| h.account_id)
        .collect();
    assert_eq!(accounts.len(), 2);
    assert!(accounts.contains(&t.account.id));
}

/// Asserts that the index of the database at `path` holds exactly what the
/// records say, and that FTS5 finds its own index consistent.
fn assert_index_in_step(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    let differ = |a: &str, b: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM ({a} EXCEPT {b})"), [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let records = "SELECT kind, record_id, account_id, title, body FROM search_source";
    let indexed = "SELECT kind, record_id, account_id, title, body FROM search_doc";
    assert_eq!(
        differ(records, indexed),
        0,
        "records missing from the index"
    );
    assert_eq!(differ(indexed, records), 0, "stale entries in the index");
    conn.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("FTS5 finds the index consistent with its content");
}

#[test]
fn every_write_path_leaves_the_index_exactly_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let (t, other) = (tree("Nordmole"), tree("Brennholt"));
    let mut store = Store::open(&path).unwrap();
    store.insert_all(&snapshot(&[&t, &other])).unwrap();
    let mut plan = t.plan.clone();
    plan.steps.push(Step::new("Sign off"));
    plan.title = "Renamed pilot".into();
    store.save_plan(&plan).unwrap();
    let mut account = t.account.clone();
    account.customers = "Shipping alliances".into();
    store.save_account(&account).unwrap();
    let mut person = t.person.clone();
    person.email = String::new();
    store.save_stakeholder(&person).unwrap();
    store.delete_issue(t.issue.id).unwrap();
    store.delete_account(other.account.id).unwrap();
    store.undo().unwrap();
    let mut moved = other.issue.clone();
    moved.account_id = t.account.id;
    store.save_issue(&moved).unwrap();
    store
        .merge(&snapshot(&[&tree("Valdemoro")]), false)
        .unwrap();
    drop(store);
    assert_index_in_step(&path);
}

#[test]
fn steps_rewritten_with_their_plan_are_reindexed() {
    let t = tree("Nordmole");
    let mut store = store_with(&t);
    let mut plan = t.plan.clone();
    plan.steps = vec![Step::new("Count the gearboxes"), Step::new("Sign off")];
    store.save_plan(&plan).unwrap();
    assert!(found(&store, "inventory").is_empty());
    assert_eq!(
        found(&store, "sign"),
        [(RecordKind::Step, "Sign off".to_string())]
    );
}

#[test]
fn an_issue_moved_to_another_account_takes_its_plans_and_steps_along() {
    let t = tree("Nordmole");
    let other = tree("Brennholt");
    let mut store = store();
    store.insert_all(&snapshot(&[&t])).unwrap();
    store.save_account(&other.account).unwrap();
    let mut issue = t.issue.clone();
    issue.account_id = other.account.id;
    store.save_issue(&issue).unwrap();
    for query in ["spares", "consignment", "inventory"] {
        let hits = search(&store, query);
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(hits[0].account_id, other.account.id, "{query}");
        assert_eq!(hits[0].account_name, "Brennholt");
    }
}

#[test]
fn figures_are_not_searchable() {
    let store = store_with(&tree("Nordmole"));
    for query in ["2380000", "2380", "37", "120"] {
        assert!(found(&store, query).is_empty(), "{query} found something");
    }
}

// ---------------------------------------------------------------- matching

#[test]
fn word_starts_match_in_any_order_ignoring_case_and_accents() {
    let mut t = tree("Groupe Béranger Agroalimentaire");
    t.plan.title = "Crane pilot".into();
    let store = store_with(&t);
    let plan = |q: &str| ids(&store, q).contains(&t.plan.id);
    assert!(plan("cra"));
    assert!(plan("CRA PIL"));
    assert!(plan("pilot crane"));
    assert!(!plan("cra xyz"), "every word must match");
    assert!(!plan("rane"), "words match from their start");
    assert_eq!(ids(&store, "beranger")[0], t.account.id);
    assert_eq!(ids(&store, "BÉRAN")[0], t.account.id);
}

#[test]
fn matches_are_marked_in_the_title_and_in_context() {
    let store = store_with(&tree("Nordmole"));
    let hits = search(&store, "cons pil");
    let plan = hits.iter().find(|h| h.kind == RecordKind::Plan).unwrap();
    assert_eq!(plan.title.text, "Consignment stock pilot");
    assert_eq!(marked(plan), "Cons|pil", "the typed word starts");
    assert!(plan.context.is_none(), "the query did not match the detail");

    let hits = search(&store, "gearbox");
    let context = hits[0].context.as_ref().expect("the detail matched");
    assert!(context.text.contains("Keep critical gearboxes on site"));
    assert_eq!(
        context.segments().iter().filter(|(_, m)| *m).count(),
        1,
        "{context:?}"
    );
}

#[test]
fn account_and_person_names_match_fuzzily() {
    let t = tree("Nordmole Container Terminals GmbH");
    let store = store_with(&t);
    let hits = search(&store, "nrdml");
    assert_eq!(hits[0].record_id, t.account.id, "{hits:?}");
    assert_eq!(marked(&hits[0]).to_lowercase().replace('|', ""), "nrdml");
    let hits = search(&store, "dtr vogl");
    assert_eq!(hits[0].record_id, t.person.id, "{hits:?}");
    assert!(
        search(&store, "zzqx").is_empty(),
        "letters the names lack find nothing"
    );
}

#[test]
fn hostile_queries_never_fail() {
    let store = store_with(&tree("Nordmole"));
    let queries = [
        "",
        "   ",
        "\"",
        "\"\"",
        "*",
        "**",
        "AND",
        "OR",
        "NOT",
        "a AND",
        "(",
        ")",
        "(crane",
        "-",
        "-crane",
        "+",
        "^",
        ":",
        "title:crane",
        "NEAR(a b)",
        "crane\"* OR \"x",
        "'; DROP TABLE account; --",
        "\\",
        "\u{0}",
        "\u{1b}[2J",
        "\u{2}crane\u{3}",
        "東京",
        "🚀",
        "e\u{301}",
        "Ünïcödé",
        &"crane ".repeat(500),
        &"x".repeat(10_000),
    ];
    for query in queries {
        assert!(
            store.search(query, 20).is_ok(),
            "{query:?} failed: {:?}",
            store.search(query, 20)
        );
    }
    assert!(found(&store, "\"").is_empty());
    assert!(found(&store, "(").is_empty());
    assert_eq!(ids(&store, "(crane*")[0], tree_issue_id(&store));
}

/// The issue of the one-tree store (the only record mentioning cranes).
fn tree_issue_id(store: &Store) -> Id {
    let accounts = store.accounts().unwrap();
    store.issues(accounts[0].id).unwrap()[0].id
}

#[test]
fn control_characters_never_reach_the_results() {
    let mut t = tree("Nord\u{1b}[2Jmole \u{2}x\u{3}");
    t.issue.statement = "Cranes \u{1b}]52;c;aGk=\u{7} stop\u{3}".into();
    let store = store_with(&t);
    for query in ["nord", "cranes", "stop", "x"] {
        for hit in search(&store, query) {
            for text in [&hit.title.text, &hit.account_name] {
                assert!(!text.chars().any(char::is_control), "{text:?}");
            }
            for range in &hit.title.matches {
                assert!(hit.title.text.is_char_boundary(range.start));
                assert!(hit.title.text.is_char_boundary(range.end));
            }
        }
    }
}

// ---------------------------------------------------------------- ranking

#[test]
fn a_title_match_ranks_above_a_match_in_other_text() {
    let t = tree("Nordmole");
    let mut store = store_with(&t);
    let mut in_detail = ActionPlan::new(t.issue.id, "Spare parts review");
    in_detail.detail = "Compare with the crane supplier's pilot offer".into();
    store.save_plan(&in_detail).unwrap();
    let mut in_title = ActionPlan::new(t.issue.id, "Crane supplier pilot");
    in_title.detail = "Two weeks".into();
    store.save_plan(&in_title).unwrap();

    let order = ids(&store, "crane pilot");
    let title = order.iter().position(|id| *id == in_title.id).unwrap();
    let detail = order.iter().position(|id| *id == in_detail.id).unwrap();
    assert!(title < detail, "{order:?}");
    let hits = search(&store, "crane pilot");
    assert!(hits.windows(2).all(|w| w[0].rank >= w[1].rank));
}

#[test]
fn the_limit_is_kept() {
    let mut store = store();
    let account = store.save_account(&Account::new("Nordmole")).unwrap();
    for n in 0..30 {
        store
            .save_proof(&ProofStatement::new(
                account.id,
                day(),
                format!("Delivery {n}"),
            ))
            .unwrap();
    }
    assert_eq!(store.search("deliv", 7).unwrap().len(), 7);
    assert!(store.search("deliv", 0).unwrap().is_empty());
}

// ---------------------------------------------------------------- migration

#[test]
fn upgrading_a_database_indexes_the_records_it_already_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let account = Account::new("Nordmole Container Terminals");
    let issue = BusinessIssue::new(account.id, "Cranes stand still");
    let person = Stakeholder::new(account.id, "Dieter Vogel");
    let conn = Connection::open(&path).unwrap();
    // The schema just before search arrived.
    for sql in [
        include_str!("../../src/store/migrations/001_workspace.sql"),
        include_str!("../../src/store/migrations/002_stakeholders.sql"),
        include_str!("../../src/store/migrations/003_history.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute(
        "INSERT INTO account (id, name, stage, created_at, updated_at)
         VALUES (?1, ?2, 'basic', ?3, ?3)",
        (account.id.to_string(), &account.name, account.created_at),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO business_issue (id, account_id, statement, kind, importance, status,
           time_frame, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'pressure', 'high', 'open', 'present', ?4, ?4)",
        (
            issue.id.to_string(),
            account.id.to_string(),
            &issue.statement,
            issue.created_at,
        ),
    )
    .unwrap();
    conn.execute(
        "INSERT INTO stakeholder (id, account_id, name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        (
            person.id.to_string(),
            account.id.to_string(),
            &person.name,
            person.created_at,
        ),
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 3).unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(ids(&store, "cranes"), [issue.id]);
    assert_eq!(ids(&store, "nordmole")[0], account.id);
    assert_eq!(ids(&store, "vogel"), [person.id]);
    drop(store);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
}

#[test]
fn a_query_matching_more_than_can_be_ranked_still_fills_the_limit() {
    let mut store = store();
    let account = Account::new("Nordmole");
    let mut records = Snapshot {
        accounts: vec![account.clone()],
        ..Snapshot::default()
    };
    for n in 0..2_100 {
        let text = format!("Delivery {n} on time");
        records
            .proofs
            .push(ProofStatement::new(account.id, day(), text));
    }
    store.insert_all(&records).unwrap();
    let hits = store.search("d", 30).unwrap();
    assert_eq!(hits.len(), 30);
    assert!(hits.iter().all(|h| h.title.text.starts_with("Delivery")));
    assert_eq!(store.search("nor", 5).unwrap()[0].record_id, account.id);
}

#[test]
fn the_index_survives_encryption_and_later_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let t = tree("Nordmole");
    let mut store = Store::open(&path).unwrap();
    store.insert_all(&snapshot(&[&t])).unwrap();
    let key = || Some(Passphrase::new("correct horse").unwrap());
    store.rekey(key()).unwrap();

    let mut store = Store::open_with_key(&path, key()).unwrap();
    assert_eq!(ids(&store, "turnaround"), [t.proof.id]);
    let mut proof = t.proof.clone();
    proof.statement = "Quay availability up".into();
    store.save_proof(&proof).unwrap();
    assert!(ids(&store, "turnaround").is_empty());
    assert_eq!(ids(&store, "quay"), [t.proof.id]);
}

/// A store with one account and `n` proof statements that all match "d".
fn deliveries(n: usize) -> Store {
    let mut store = store();
    let account = Account::new("Nordmole");
    let mut records = Snapshot {
        accounts: vec![account.clone()],
        ..Snapshot::default()
    };
    for i in 0..n {
        let text = format!("Delivery {i} on time");
        records
            .proofs
            .push(ProofStatement::new(account.id, day(), text));
    }
    store.insert_all(&records).unwrap();
    store
}

#[test]
fn a_search_reads_as_much_as_it_shows_however_much_matches() {
    let work = |store: &Store| {
        // Once to prepare the statements, once to count.
        store.search("d", 10).unwrap();
        let (hits, work) = store.work_of(|s| s.search("d", 10)).unwrap();
        assert_eq!(hits.unwrap().len(), 10);
        work
    };
    let (small, large) = (work(&deliveries(1_000)), work(&deliveries(20_000)));
    // Twenty times the matches; only the index itself is a level or two
    // deeper. Ranking every match (or the newest 2,000) would double it.
    assert!(large * 2 < small * 3, "{small} then {large}");
}
