//! Search as the user types, over 100,000 records: the store's query for
//! 1-, 2- and 3-letter prefixes and a multi-word query, and one keystroke
//! in the search popup including its frame (120×40, TestBackend).

use criterion::{Criterion, criterion_group, criterion_main};
use kam::store::Store;

#[path = "support/fixture.rs"]
mod fixture;

/// Results asked for per keystroke, as the search popup does.
const LIMIT: usize = 50;

fn hundred_thousand_records(c: &mut Criterion) {
    // 80 accounts × (1 + 25 issues + 50 plans + 150 steps + 1,024 proofs).
    let records = fixture::portfolio(80, 25, 1_024, 0);
    let (_dir, path) = fixture::database(&records);
    let store = Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    let total = counts.accounts + counts.issues + counts.plans + counts.steps + counts.proofs;
    assert_eq!(total, 100_000);

    for query in ["p", "pl", "pla", "spare parts plant", "acc 42", "nrdml"] {
        c.bench_function(&format!("search: \"{query}\" (100k records)"), |b| {
            b.iter(|| store.search(query, LIMIT).unwrap())
        });
    }
}

criterion_group!(benches, hundred_thousand_records);
criterion_main!(benches);
