//! Dates as people type them: `2026-12-01`, `today`, `tomorrow`, `+3d`, `+2w`.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

/// Parses a date typed by the user, relative to `today`.
///
/// Accepts an ISO date (`2026-12-01`), `today`, `tomorrow`, `yesterday`, and
/// offsets such as `+3d`, `-2w` or `+1m` (days, weeks, months). The date
/// falls in the years 1 to 9999, which it is written back as
/// (`YYYY-MM-DD`) and read again.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = parse_any_date(input, today)?;
    if !(1..=9999).contains(&date.year()) {
        return Err(format!(
            "`{}` is too far away: a date runs from the year 1 to 9999",
            input.trim()
        ));
    }
    Ok(date)
}

/// A date in any form [`parse_date`] reads, in any year chrono knows.
fn parse_any_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = input.trim().to_lowercase();
    match text.as_str() {
        "today" | "t" => return Ok(today),
        "tomorrow" => return Ok(today + Days::new(1)),
        "yesterday" => return Ok(today - Days::new(1)),
        _ => {}
    }
    if let Some(rest) = text.strip_prefix(['+', '-']) {
        let forward = text.starts_with('+');
        return parse_offset(rest, forward, today)
            .ok_or_else(|| format!("`{}` is not an offset like +3d, +2w or +1m", input.trim()));
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
        format!(
            "`{}` is not a date: use 2026-12-01, today, tomorrow, +3d or +2w",
            input.trim()
        )
    })
}

fn parse_offset(rest: &str, forward: bool, today: NaiveDate) -> Option<NaiveDate> {
    let unit = rest.chars().last().filter(|c| c.is_ascii_alphabetic());
    let digits = if unit.is_some() {
        &rest[..rest.len() - 1]
    } else {
        rest
    };
    let n: u32 = digits.parse().ok()?;
    match unit.unwrap_or('d') {
        'd' => shift_days(today, u64::from(n), forward),
        'w' => shift_days(today, u64::from(n) * 7, forward),
        'm' if forward => today.checked_add_months(Months::new(n)),
        'm' => today.checked_sub_months(Months::new(n)),
        'y' if forward => today.checked_add_months(Months::new(n.checked_mul(12)?)),
        'y' => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

fn shift_days(today: NaiveDate, days: u64, forward: bool) -> Option<NaiveDate> {
    if forward {
        today.checked_add_days(Days::new(days))
    } else {
        today.checked_sub_days(Days::new(days))
    }
}

/// Whole days from `earlier` to `later` (negative when `later` comes first).
pub fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

/// Whole days from the day a record was created (UTC) to `today`; never
/// negative, so a clock set back does not make a record younger than new.
pub fn days_since_created(created_at: DateTime<Utc>, today: NaiveDate) -> i64 {
    days_between(created_at.date_naive(), today).max(0)
}

/// "today", "1 d ago", "12 d ago": how long ago something was, in days.
pub fn days_ago(days: i64) -> String {
    match days {
        0 => "today".to_string(),
        n => format!("{n} d ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn accepts_the_documented_forms() {
        let today = d("2026-11-23");
        assert_eq!(parse_date("2026-12-01", today), Ok(d("2026-12-01")));
        assert_eq!(parse_date(" Today ", today), Ok(today));
        assert_eq!(parse_date("tomorrow", today), Ok(d("2026-11-24")));
        assert_eq!(parse_date("yesterday", today), Ok(d("2026-11-22")));
        assert_eq!(parse_date("+3d", today), Ok(d("2026-11-26")));
        assert_eq!(parse_date("+2w", today), Ok(d("2026-12-07")));
        assert_eq!(parse_date("-1w", today), Ok(d("2026-11-16")));
        assert_eq!(parse_date("+1m", today), Ok(d("2026-12-23")));
        assert_eq!(parse_date("+10", today), Ok(d("2026-12-03")));
    }

    #[test]
    fn rejects_nonsense_with_a_hint() {
        let today = d("2026-11-23");
        let err = parse_date("2026-13-01", today).unwrap_err();
        assert!(err.contains("not a date"), "{err}");
        assert!(parse_date("+3x", today).unwrap_err().contains("offset"));
        assert!(parse_date("+", today).is_err());
        assert!(parse_date("+99999999999d", today).is_err());
        assert!(parse_date("+4000000000y", today).is_err());
    }

    #[test]
    fn a_date_is_one_that_reads_back_as_written() {
        // Found by fuzzing: the year 33529 was taken, and written as
        // `+33529-01-20`, which read as an offset no more.
        let today = d("2026-11-23");
        let err = parse_date("+00000379220m", today).unwrap_err();
        assert!(err.contains("too far away"), "{err}");
        assert!(parse_date("-2026y", today).is_err(), "the year 0");
        assert_eq!(parse_date("+7973y", today), Ok(d("9999-11-23")));
        assert_eq!(parse_date("-2025y", today), Ok(d("0001-11-23")));
        assert_eq!(parse_date("0001-01-01", today), Ok(d("0001-01-01")));
    }

    #[test]
    fn counts_days() {
        assert_eq!(days_between(d("2026-11-01"), d("2026-11-23")), 22);
        assert_eq!(days_between(d("2026-11-23"), d("2026-11-01")), -22);
    }
}
