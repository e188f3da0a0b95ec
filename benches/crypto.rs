//! The cost of encryption at rest: opening an encrypted database of about
//! 10,000 records, key derivation included (the budget is 300 ms), next to
//! the same database in plain; and the daily backup of each.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use kam::store::{Passphrase, Store};

#[path = "support/fixture.rs"]
mod fixture;

fn passphrase() -> Passphrase {
    Passphrase::new("correct horse battery staple").unwrap()
}

fn open_encrypted(c: &mut Criterion) {
    // 6 accounts × (25 issues + 50 plans + 150 steps + 1,440 proofs) ≈ 10,000 records.
    let records = fixture::portfolio(6, 25, 1_440, 0);
    let (_plain_dir, plain) = fixture::database(&records);
    let (_dir, path) = fixture::database(&records);
    Store::open(&path)
        .unwrap()
        .rekey(Some(passphrase()))
        .unwrap();

    c.bench_function("open plain database (10k records)", |b| {
        b.iter(|| {
            let store = Store::open(&plain).unwrap();
            assert_eq!(store.counts().unwrap().accounts, 6);
        })
    });
    c.bench_function(
        "open encrypted database (10k records, key derivation)",
        |b| {
            b.iter(|| {
                let store = Store::open_with_key(&path, Some(passphrase())).unwrap();
                assert_eq!(store.counts().unwrap().accounts, 6);
            })
        },
    );

    // On a busy machine the mean drifts with the load; the fastest of a
    // few opens shows the cost itself.
    let mut opens: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            drop(Store::open_with_key(&path, Some(passphrase())).unwrap());
            start.elapsed()
        })
        .collect();
    opens.sort();
    eprintln!(
        "open encrypted database: fastest {:.0} ms, median {:.0} ms of {} (budget 300 ms)",
        opens[0].as_secs_f64() * 1e3,
        opens[opens.len() / 2].as_secs_f64() * 1e3,
        opens.len()
    );

    let store = Store::open_with_key(&path, Some(passphrase())).unwrap();
    let copies = tempfile::tempdir().unwrap();
    let mut n = 0;
    c.bench_function("backup of the encrypted database (10k records)", |b| {
        b.iter(|| {
            n += 1;
            store
                .backup_to(&copies.path().join(format!("{n}.db")))
                .unwrap();
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(6));
    targets = open_encrypted
}
criterion_main!(benches);
