//! The size of each account's proof log, read from a tally instead of
//! counted: it must stay equal to the log itself through every kind of
//! write, and a file written before the tally existed gets it filled.

use chrono::{Days, NaiveDate};
use kam::domain::{Account, Id, ProofStatement};
use kam::store::{Snapshot, Store};
use rusqlite::Connection;

use crate::support::schema;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// `n` proof statements of `account`, one a day back from today.
fn proofs(account: Id, n: usize) -> Vec<ProofStatement> {
    (0..n)
        .map(|i| {
            let date = today().checked_sub_days(Days::new(i as u64)).unwrap();
            ProofStatement::new(account, date, format!("delivered {i}"))
        })
        .collect()
}

/// Two accounts with 30 and 12 proof statements.
fn two_accounts(store: &mut Store) -> (Id, Id) {
    let (a, b) = (Account::new("Nordmole"), Account::new("Brennholt"));
    let (a_id, b_id) = (a.id, b.id);
    let mut all = proofs(a_id, 30);
    all.extend(proofs(b_id, 12));
    let records = Snapshot {
        accounts: vec![a, b],
        proofs: all,
        ..Snapshot::default()
    };
    store.insert_all(&records).unwrap();
    (a_id, b_id)
}

/// The tally of `account` against its log as read entry by entry.
fn tally_agrees(store: &Store, account: Id) -> usize {
    let tally = store.proof_count(account).unwrap();
    let counted = store.proofs(account, 0, usize::MAX >> 1).unwrap().len();
    assert_eq!(tally, counted, "tally and log of {account}");
    tally
}

#[test]
fn the_tally_follows_every_write() {
    let mut store = Store::open_in_memory().unwrap();
    let (a, b) = two_accounts(&mut store);
    assert_eq!((tally_agrees(&store, a), tally_agrees(&store, b)), (30, 12));

    let added = store
        .save_proof(&ProofStatement::new(b, today(), "one more"))
        .unwrap();
    assert_eq!(tally_agrees(&store, b), 13);

    store.delete_proof(added.id).unwrap();
    assert_eq!(tally_agrees(&store, b), 12);
    store.undo().unwrap();
    assert_eq!(tally_agrees(&store, b), 13);

    let mut moved = store.proofs(a, 0, 1).unwrap().remove(0);
    moved.account_id = b;
    store
        .insert_all(&Snapshot {
            proofs: vec![moved],
            ..Snapshot::default()
        })
        .unwrap();
    assert_eq!((tally_agrees(&store, a), tally_agrees(&store, b)), (29, 14));

    store.delete_account(a).unwrap();
    assert_eq!(store.proof_count(a).unwrap(), 0);
    assert_eq!(tally_agrees(&store, b), 14);
    store.undo().unwrap();
    assert_eq!((tally_agrees(&store, a), tally_agrees(&store, b)), (29, 14));
}

#[test]
fn a_file_from_before_the_tally_gets_it_filled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let mut store = Store::open(&path).unwrap();
    let (a, b) = two_accounts(&mut store);
    drop(store);
    // Back to the schema before migration 008, which brought the tally.
    let conn = Connection::open(&path).unwrap();
    schema::before_sync(&conn);
    conn.execute_batch(
        "DROP TRIGGER proof_log_size_insert;
         DROP TRIGGER proof_log_size_delete;
         DROP TRIGGER proof_log_size_move;
         DROP TABLE proof_log_size;
         PRAGMA user_version = 7;",
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!((tally_agrees(&store, a), tally_agrees(&store, b)), (30, 12));
}
