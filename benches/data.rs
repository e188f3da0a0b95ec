//! Export and import of a portfolio of about 10,000 records (10 accounts,
//! 1,000 business issues, 2,000 action plans with 6,000 steps, 6,800 proof
//! statements, 200 stakeholders): the whole portfolio written as JSON as it
//! is read, and that JSON parsed and merged into an empty database file (from
//! text, and streamed from a file as `kam import` does), and a hundred
//! records merged into the filled file.

use std::hint::black_box;
use std::time::Duration;

use chrono::Utc;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kam::domain::Stakeholder;
use kam::export::json;
use kam::store::{Snapshot, Store};

#[path = "support/fixture.rs"]
mod fixture;

fn records() -> Snapshot {
    let mut records = fixture::portfolio(10, 100, 680, 0);
    for account in &records.accounts {
        for n in 0..20 {
            let mut s =
                Stakeholder::new(account.id, format!("Stakeholder {n} of {}", account.name));
            s.title = "Head of Maintenance".into();
            s.email = format!("person{n}@example.com");
            records.stakeholders.push(s);
        }
    }
    records
}

fn count(r: &Snapshot) -> usize {
    r.accounts.len() + r.issues.len() + r.plans.len() + r.proofs.len() + r.stakeholders.len()
}

/// Times reading an export with `read` and importing it into an empty
/// database, each round on a new file.
fn import_into_empty(b: &mut criterion::Bencher, read: impl Fn() -> Snapshot) {
    b.iter_batched(
        || {
            let dir = tempfile::tempdir().unwrap();
            let empty = Store::open(dir.path().join("import.db")).unwrap();
            (dir, empty)
        },
        |(dir, mut empty)| {
            let incoming = read();
            let report = empty.merge(&incoming, false).unwrap();
            assert_eq!(report.changed(), count(&incoming));
            (dir, empty)
        },
        BatchSize::PerIteration,
    )
}

fn data(c: &mut Criterion) {
    let records = records();
    assert!(count(&records) >= 10_000, "{} records", count(&records));
    let (_keep, path) = fixture::database(&records);
    let store = Store::open(&path).unwrap();

    let mut group = c.benchmark_group("data");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    // As `kam export` does it: each record written as it is read.
    group.bench_function("export_json_10k", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(8 << 20);
            json::write_all(&mut out, &store.each_record().unwrap(), Utc::now()).unwrap();
            black_box(out)
        })
    });

    let mut document = Vec::new();
    json::write(&mut document, &store.all_records().unwrap(), Utc::now()).unwrap();
    let document = String::from_utf8(document).unwrap();
    group.bench_function("import_json_10k_into_empty_db", |b| {
        import_into_empty(b, || json::read(&document).unwrap());
    });

    // As `kam import` does it: streamed from the file, indexed once.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    std::fs::write(&file, &document).unwrap();
    group.bench_function("import_json_file_10k_into_empty_db", |b| {
        import_into_empty(b, || json::read_file(&file).unwrap());
    });

    // A small import into the filled file keeps the row-by-row index: it
    // must not pay for a rebuild of the whole index.
    let mut few = Snapshot::default();
    let account = records.accounts[0].id;
    for n in 0..100 {
        let mut s = Stakeholder::new(account, format!("New contact {n}"));
        s.title = "Buyer".into();
        few.stakeholders.push(s);
    }
    group.bench_function("import_100_into_10k_db", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let copy = dir.path().join("filled.db");
                std::fs::copy(&path, &copy).unwrap();
                let filled = Store::open(&copy).unwrap();
                (dir, filled)
            },
            |(dir, mut filled)| {
                let report = filled.merge(&few, false).unwrap();
                assert_eq!(report.changed(), 100);
                (dir, filled)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, data);
criterion_main!(benches);
