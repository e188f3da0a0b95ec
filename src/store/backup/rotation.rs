//! Which automatic daily copies to keep, as a pure function of their names
//! and dates: the 7 newest, and the newest copy of each of the 4 newest ISO
//! weeks that have one (a copy may count for both). Copies made by hand,
//! before an upgrade and before a restore are not daily copies and are
//! never pruned.

use chrono::{Datelike, NaiveDate};

/// How many of the newest daily copies are kept.
pub const DAILY: usize = 7;

/// How many weeks keep their newest copy.
pub const WEEKLY: usize = 4;

/// The daily copies, given as (file name, date), that the rotation drops,
/// newest first.
pub fn expired<'a>(copies: &[(&'a str, NaiveDate)]) -> Vec<&'a str> {
    let mut sorted = copies.to_vec();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(a.0)));
    let mut keep = vec![false; sorted.len()];
    keep.iter_mut().take(DAILY).for_each(|k| *k = true);
    let mut weeks = Vec::with_capacity(WEEKLY);
    for (i, (_, date)) in sorted.iter().enumerate() {
        let week = date.iso_week();
        if !weeks.contains(&week) {
            if weeks.len() == WEEKLY {
                break;
            }
            weeks.push(week);
            keep[i] = true;
        }
    }
    sorted
        .iter()
        .zip(keep)
        .filter(|(_, kept)| !kept)
        .map(|((name, _), _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// One copy per day from `first` for `days` days, named by date.
    fn every_day(first: &str, days: u64) -> Vec<(String, NaiveDate)> {
        (0..days)
            .map(|n| {
                let d = day(first) + chrono::Days::new(n);
                (d.to_string(), d)
            })
            .collect()
    }

    fn run(copies: &[(String, NaiveDate)]) -> Vec<&str> {
        let borrowed: Vec<(&str, NaiveDate)> =
            copies.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        expired(&borrowed)
    }

    #[test]
    fn up_to_seven_copies_are_all_kept() {
        assert!(run(&every_day("2026-11-01", 7)).is_empty());
        assert!(expired(&[]).is_empty());
    }

    #[test]
    fn five_weeks_of_daily_copies_keep_seven_days_and_four_sundays() {
        // 2026-10-19 is a Monday (ISO week 43); the last copy, 2026-11-22,
        // is the Sunday ending week 47.
        let copies = every_day("2026-10-19", 35);
        let expired = run(&copies);
        let kept: Vec<&str> = copies
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| !expired.contains(n))
            .collect();
        // Week 47: Mon 16th to Sun 22nd are the seven newest; weeks 46, 45
        // and 44 keep their Sundays; week 43 is the fifth week, dropped.
        assert_eq!(
            kept,
            [
                "2026-11-01",
                "2026-11-08",
                "2026-11-15",
                "2026-11-16",
                "2026-11-17",
                "2026-11-18",
                "2026-11-19",
                "2026-11-20",
                "2026-11-21",
                "2026-11-22",
            ]
        );
        assert_eq!(expired.len(), 35 - 10);
        assert_eq!(expired.first(), Some(&"2026-11-14"), "newest first");
    }

    #[test]
    fn sparse_use_keeps_the_newest_copy_of_each_of_four_weeks() {
        let copies: Vec<(String, NaiveDate)> = [
            "2026-08-03", // week 32
            "2026-08-04", // week 32 (newer)
            "2026-09-01", // week 36
            "2026-09-15", // week 38
            "2026-10-06", // week 41
            "2026-10-07", // week 41
            "2026-10-08", // week 41 (newest of 41)
            "2026-11-02", // week 45
            "2026-11-03", // week 45
        ]
        .iter()
        .map(|d| (format!("kam-{d}.db"), day(d)))
        .collect();
        // The 7 newest run from 2026-09-01 on; weeks 45, 41, 38 and 36 are
        // the four newest weeks, so week 32 goes entirely.
        assert_eq!(run(&copies), ["kam-2026-08-04.db", "kam-2026-08-03.db"]);
    }

    #[test]
    fn a_weekly_copy_older_than_the_daily_ones_is_kept() {
        let mut copies = every_day("2026-11-10", 10); // Tue 10th .. Thu 19th
        copies.push(("old".into(), day("2026-10-01")));
        // Seven newest: 13th..19th. Weeks: 47 (19th), 46 (15th), 40 (old);
        // so the 10th, 11th and 12th (week 46 but not its newest) go.
        assert_eq!(run(&copies), ["2026-11-12", "2026-11-11", "2026-11-10"]);
    }
}
