//! Every date the user types (forms, `kam log --date`, a step's `@ date`):
//! no input panics, and a date read back from how kam writes it is the
//! same date.

#![no_main]

use chrono::{Days, NaiveDate};
use kam::domain::dates::parse_date;
use kam::domain::plan::parse_step_line;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, &str)| {
    let (day, text) = input;
    // Any day from 1900 to about 2079 as today.
    let start = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date");
    let today = start + Days::new(u64::from(day));
    if let Ok(date) = parse_date(text, today) {
        let written = date.format("%Y-%m-%d").to_string();
        assert_eq!(parse_date(&written, today), Ok(date), "{written}");
    }
    if let Ok((step, Some(due))) = parse_step_line(text, today) {
        let line = format!("{step} @ {due}");
        assert_eq!(
            parse_step_line(&line, today),
            Ok((step.clone(), Some(due))),
            "{line}"
        );
    }
});
