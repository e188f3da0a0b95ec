//! The JSON importer (`kam import FILE.json`): no input panics, and a
//! document it reads, written again, reads as the same records.

#![no_main]

use chrono::{DateTime, Utc};
use kam::export::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(records) = json::read(text) else {
        return;
    };
    let at = DateTime::<Utc>::from_timestamp(1_764_000_000, 0).expect("a time");
    let mut written = Vec::new();
    json::write(&mut written, &records, at).expect("records write");
    let written = String::from_utf8(written).expect("UTF-8");
    let again = json::read(&written).expect("a written document reads");
    assert_eq!(again, records);
});
