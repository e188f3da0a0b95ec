//! Migration 009 (sync) on a file an older kam wrote: its records stay as
//! they were, and every history entry gets an id of its own.

use chrono::NaiveDate;
use kam::store::Store;
use rusqlite::Connection;

use crate::support::schema;

#[test]
fn an_older_database_keeps_its_data_and_gets_history_ids() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let mut store = Store::open(&path).unwrap();
    kam::demo::load(&mut store, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    drop(store);
    // Only what a file of that age could hold: no revenue per year,
    // currency, review interval, executive review, account team or team
    // test of its own.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "UPDATE account SET revenue_history = '[]', currency = 'EUR',
                                review_interval_days = 90, team = '[]';
             UPDATE conversation SET executive_review = 0;
             DELETE FROM matching_result WHERE team IS NOT NULL;",
        )
        .unwrap();
    let store = Store::open(&path).unwrap();
    let mut before = store.all_records().unwrap();
    schema::without_what_only_010_holds(&mut before);
    drop(store);
    // A file from before migration 011 holds no measures.
    for proof in &mut before.proofs {
        proof.measure = None;
    }
    // Nor the region and site of whitespace units (migration 014).
    for grid in &mut before.whitespace {
        grid.places.clear();
    }
    let conn = Connection::open(&path).unwrap();
    schema::before_sync(&conn);
    let entries: i64 = conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.all_records().unwrap(), before);
    assert_eq!(store.sync_state().unwrap(), None);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let (rows, uids): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT uid) FROM change_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(entries > 0);
    assert_eq!((rows, uids), (entries, entries));
}
