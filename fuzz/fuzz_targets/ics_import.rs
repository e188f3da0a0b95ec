//! The calendar importer (`kam import FILE.ics`): no input panics, and every
//! meeting it reads starts on or before the day given.

#![no_main]

use chrono::NaiveDate;
use kam::export::meetings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let until = NaiveDate::from_ymd_opt(2026, 12, 5).expect("a date");
    if let Ok(read) = meetings::read(text, until) {
        for meeting in read {
            assert!(meeting.date() <= until, "{meeting:?}");
            assert!(meeting.hours >= 0.0, "{meeting:?}");
        }
    }
});
