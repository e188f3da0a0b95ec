//! The CSV importer (`kam import FILE.csv`): no input panics, into an empty
//! portfolio or one that has an account the file may name.

#![no_main]

use chrono::{DateTime, Utc};
use kam::domain::{Account, Stakeholder};
use kam::export::csv_import;
use kam::store::Snapshot;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let now = DateTime::<Utc>::from_timestamp(1_764_000_000, 0).expect("a time");
    let _ = csv_import::read(bytes, &Snapshot::default(), now);
    let acme = Account::new("Acme");
    let mut anna = Stakeholder::new(acme.id, "Anna Berg");
    anna.email = "anna@acme.example".into();
    let existing = Snapshot {
        accounts: vec![acme],
        stakeholders: vec![anna],
        ..Snapshot::default()
    };
    if let Ok(import) = csv_import::read(bytes, &existing, now) {
        assert!(import.rejected.len() <= import.rows);
    }
});
