//! Database files taken back to the schema an older kam wrote.

use kam::store::{LATEST_VERSION, Snapshot};
use rusqlite::Connection;

/// Takes the file `conn` has open back to the schema before migration 015
/// (revenue kept per year only), the last migration: the single revenue
/// columns are back, empty.
pub fn before_revenue_per_year(conn: &Connection) {
    conn.execute_batch(&format!(
        "ALTER TABLE account ADD COLUMN annual_revenue INTEGER;
         ALTER TABLE account ADD COLUMN prior_revenue INTEGER CHECK (prior_revenue >= 0);
         PRAGMA user_version = {};",
        LATEST_VERSION - 1
    ))
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 014
/// (the region and site of the whitespace grid's units): its columns are
/// gone (and 015's are back) and the schema version is 13.
pub fn before_places(conn: &Connection) {
    before_revenue_per_year(conn);
    conn.execute_batch(
        "ALTER TABLE whitespace_axis DROP COLUMN site;
         ALTER TABLE whitespace_axis DROP COLUMN region;
         PRAGMA user_version = 13;",
    )
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 013
/// (the account team and the team's matching test): its columns and the
/// table of rounds in progress are gone (and the later migrations' before
/// them), search reads accounts as 011 had it, and the version is 12.
pub fn before_team(conn: &Connection) {
    before_places(conn);
    let measures = include_str!("../../../src/store/migrations/011_measures.sql");
    let start = measures.find("DROP VIEW search_source;").unwrap();
    let end = measures.find("FROM conversation;").unwrap() + "FROM conversation;".len();
    conn.execute_batch(&measures[start..end]).unwrap();
    conn.execute_batch(
        "DROP TABLE team_round;
         ALTER TABLE matching_result DROP COLUMN team;
         ALTER TABLE account DROP COLUMN team;
         PRAGMA user_version = 12;",
    )
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 012
/// (revenue per year, currencies, review intervals, executive reviews):
/// its columns are gone (and 013's before them).
fn before_health(conn: &Connection) {
    before_team(conn);
    conn.execute_batch(
        "ALTER TABLE account DROP COLUMN revenue_history;
         ALTER TABLE account DROP COLUMN currency;
         ALTER TABLE account DROP COLUMN review_interval_days;
         ALTER TABLE conversation DROP COLUMN executive_review;",
    )
    .unwrap();
}

/// Takes the file `conn` has open back to the schema before migration 011
/// (measured value): the proof statement's measure columns and their index
/// are gone (and 012's before them), and search reads proof statements as
/// migration 005 had it.
fn before_measures(conn: &Connection) {
    before_health(conn);
    let strategic = include_str!("../../../src/store/migrations/005_strategic.sql");
    let start = strategic.find("DROP VIEW search_source;").unwrap();
    let end = strategic.find("FROM conversation;").unwrap() + "FROM conversation;".len();
    conn.execute_batch(&strategic[start..end]).unwrap();
    conn.execute_batch(
        "DROP INDEX proof_statement_measure;
         ALTER TABLE proof_statement DROP COLUMN measure_confidential;
         ALTER TABLE proof_statement DROP COLUMN measure_target;
         ALTER TABLE proof_statement DROP COLUMN measure_better;
         ALTER TABLE proof_statement DROP COLUMN measure;",
    )
    .unwrap();
}

/// The search view as migration 005 defined it, before 010 made who
/// acknowledged a proof and who owns a plan on the customer's side
/// searchable.
fn search_view_of_005() -> &'static str {
    let sql = include_str!("../../../src/store/migrations/005_strategic.sql");
    let start = sql
        .find("CREATE VIEW search_source")
        .expect("005 defines the view");
    let end = sql
        .find("CREATE TRIGGER conversation_search_insert")
        .expect("then a trigger");
    &sql[start..end]
}

/// Takes the file `conn` has open back to the schema before migration 010
/// (people linked to what they said and saw): its columns, indexes and
/// triggers are gone (and 011's before them), the search view is 005's and
/// the version is 9.
pub fn before_people(conn: &Connection) {
    before_measures(conn);
    conn.execute_batch(
        "DROP TRIGGER stakeholder_renamed;
         DROP TRIGGER stakeholder_unlinked;
         DROP INDEX business_issue_by_sayer;
         DROP INDEX business_issue_by_confirmer;
         DROP INDEX proof_statement_by_acknowledger;
         DROP INDEX action_plan_by_customer_owner;
         DROP VIEW search_source;",
    )
    .unwrap();
    conn.execute_batch(search_view_of_005()).unwrap();
    conn.execute_batch(
        "ALTER TABLE business_issue DROP COLUMN said_by_id;
         ALTER TABLE business_issue DROP COLUMN confirmed_by_id;
         ALTER TABLE proof_statement DROP COLUMN acknowledged_by;
         ALTER TABLE proof_statement DROP COLUMN acknowledged_by_id;
         ALTER TABLE proof_statement DROP COLUMN acknowledged_on;
         ALTER TABLE action_plan DROP COLUMN customer_owner;
         ALTER TABLE action_plan DROP COLUMN customer_owner_id;",
    )
    .unwrap();
    conn.execute_batch("PRAGMA user_version = 9;").unwrap();
}

/// `records` as a database taken back before migration 010 and upgraded
/// again holds them: who acknowledged a proof and who owns a plan on the
/// customer's side are gone with their columns. Who said and confirmed an
/// issue stay, as text the upgrade links again.
pub fn without_what_only_010_holds(records: &mut Snapshot) {
    for proof in &mut records.proofs {
        proof.acknowledged_by.clear();
        proof.acknowledged_by_id = None;
        proof.acknowledged_on = None;
    }
    for plan in &mut records.plans {
        plan.customer_owner.clear();
        plan.customer_owner_id = None;
    }
}

/// Takes the file `conn` has open back to the schema before migration 009
/// (sync): its tables, views, triggers and indexes, and the history's
/// `uid` column, are gone and the schema version is 8 (and the later
/// migrations are undone first).
pub fn before_sync(conn: &Connection) {
    before_people(conn);
    let objects: Vec<(String, String)> = conn
        .prepare(
            "SELECT type, name FROM sqlite_schema
             WHERE (name LIKE 'sync%' OR name LIKE 'change_log_uid%'
                    OR name IN ('change_log_by_uid', 'change_log_by_record'))
               AND type IN ('trigger', 'view', 'table', 'index')
               AND name NOT LIKE 'sqlite_autoindex%'
             ORDER BY type = 'table'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (kind, name) in objects {
        conn.execute_batch(&format!("DROP {kind} IF EXISTS {name}"))
            .unwrap();
    }
    conn.execute_batch("ALTER TABLE change_log DROP COLUMN uid; PRAGMA user_version = 8;")
        .unwrap();
}
