//! The database side of a sync on a portfolio of about 100,000 records
//! (80 accounts, 2,000 business issues, 4,000 action plans with 12,000
//! steps, 88,400 proof statements, one account with 58,775 of them), each
//! with the history an import writes: connecting (noting everything),
//! reading everything noted as a first sync does, and reading a hundred
//! edits made since the last sync.
//!
//! `KAM_SYNC_BENCH_DB=path` runs the same on a copy of that database
//! instead (for example one `kam import` filled).

use std::collections::HashMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use kam::domain::Id;
use kam::store::{Snapshot, Store};

#[path = "support/fixture.rs"]
mod fixture;

/// A database file with the portfolio and its history; the folder must
/// be kept alive.
fn database() -> (tempfile::TempDir, PathBuf) {
    if let Ok(given) = std::env::var("KAM_SYNC_BENCH_DB") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sync.db");
        std::fs::copy(given, &path).unwrap();
        return (dir, path);
    }
    let records: Snapshot = fixture::portfolio(80, 25, 375, 58_400);
    let (dir, path) = fixture::database(&records);
    let mut store = Store::open(&path).unwrap();
    store
        .insert_with_history(&Snapshot::default(), |past| {
            let at = Utc::now();
            for a in &records.accounts {
                past.saved(at, a.id, None, a)?;
            }
            for i in &records.issues {
                past.saved(at, i.account_id, None, i)?;
            }
            let accounts: HashMap<Id, Id> = records
                .issues
                .iter()
                .map(|i| (i.id, i.account_id))
                .collect();
            for p in &records.plans {
                past.saved(at, accounts[&p.issue_id], None, p)?;
            }
            for p in &records.proofs {
                past.saved(at, p.account_id, None, p)?;
            }
            Ok(())
        })
        .unwrap();
    (dir, path)
}

fn sync_store(c: &mut Criterion) {
    let (_keep, path) = database();
    let mut store = Store::open(&path).unwrap();
    let mut group = c.benchmark_group("sync_store");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));

    group.bench_function("connect_100k", |b| {
        b.iter(|| store.sync_connect("/remote.git").unwrap())
    });
    group.bench_function("pending_100k", |b| {
        b.iter(|| {
            let pending = store.sync_pending().unwrap();
            assert!(pending.items.len() >= 100_000);
            black_box(pending)
        })
    });

    let pending = store.sync_pending().unwrap();
    store.sync_committed(pending.upto, "c1").unwrap();
    let account = store.accounts().unwrap().remove(0).id;
    for mut issue in store.issues(account).unwrap().into_iter().take(10) {
        issue.said_by = "Mr Holm".into();
        store.save_issue(&issue).unwrap();
    }
    for mut proof in store.oldest_proofs(account, 90).unwrap() {
        proof.acknowledged = !proof.acknowledged;
        store.save_proof(&proof).unwrap();
    }
    group.bench_function("pending_100_edits_of_100k", |b| {
        b.iter(|| {
            let pending = store.sync_pending().unwrap();
            assert_eq!(pending.items.len(), 200);
            black_box(pending)
        })
    });
    group.finish();
}

criterion_group!(benches, sync_store);
criterion_main!(benches);
