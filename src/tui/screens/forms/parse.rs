//! Numbers and step lists as people type them into a form.

use chrono::NaiveDate;

use crate::domain::Step;
use crate::domain::plan::{parse_step_line, step_line};

/// What a date field accepts.
pub(crate) const DATE_HINT: &str = "Dates: 2026-12-01, today, tomorrow, +3d, +2w";

/// What an hours field accepts.
pub(crate) const HOURS_HINT: &str = "Hours: 1.5 or 1,5; empty for none";

/// A date as a date field shows it (`YYYY-MM-DD`); empty for none.
pub(crate) fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// An amount with spaces between groups of three digits: `1 200 000`.
pub fn amount_text(amount: i64) -> String {
    crate::text::grouped(amount, ' ')
}

/// Parses an amount of money in whole currency units.
///
/// Accepts `1200000`, `1 200 000`, `1,200,000`, `1'200'000`, `1.2M`, `850k`
/// and `2bn`; a fractional result is rounded to the nearest unit. Negative
/// amounts pass through so that the domain rules can explain them.
pub fn amount(input: &str) -> Result<i64, String> {
    let bad = || {
        format!(
            "`{}` is not an amount: use 1200000, 1 200 000, 1.2M or 850k",
            input.trim()
        )
    };
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '_'))
        .collect();
    let (negative, unsigned) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    let (body, multiplier) = split_multiplier(unsigned);
    let (whole, fraction) = split_decimal(body, multiplier > 1).ok_or_else(bad)?;
    let value = scale(&whole, &fraction, multiplier).ok_or_else(bad)?;
    Ok(if negative { -value } else { value })
}

/// Splits a trailing `k`, `m`, `b` or `bn` (any case) off `text`.
fn split_multiplier(text: &str) -> (&str, i64) {
    let lower = text.to_ascii_lowercase();
    let suffixes: [(&str, i64); 4] = [
        ("bn", 1_000_000_000),
        ("b", 1_000_000_000),
        ("m", 1_000_000),
        ("k", 1_000),
    ];
    suffixes
        .iter()
        .find(|(suffix, _)| lower.ends_with(suffix))
        .map_or((text, 1), |(suffix, factor)| {
            (&text[..text.len() - suffix.len()], *factor)
        })
}

/// Splits digits with thousands separators and at most one decimal mark
/// into whole and fractional digits.
///
/// When both `,` and `.` occur, the last one is the decimal mark. A single
/// mark followed by exactly three digits is read as a thousands separator
/// unless a multiplier follows (`1.200` is 1200, `1.200k` is 1200 too).
fn split_decimal(body: &str, has_multiplier: bool) -> Option<(String, String)> {
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let marks: Vec<(usize, char)> = body
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    let decimal_at = match marks.as_slice() {
        [] => None,
        [(at, _)] => {
            let after = body.len() - at - 1;
            (has_multiplier || after != 3).then_some(*at)
        }
        [.., (last_at, last)] => {
            let mixed = marks.iter().any(|(_, c)| c != last);
            mixed.then_some(*last_at)
        }
    };
    let (whole, fraction) = match decimal_at {
        Some(at) => (&body[..at], &body[at + 1..]),
        None => (body, ""),
    };
    let mark = decimal_at.map(|at| &body[at..=at]);
    let whole_ok = mark.is_none_or(|m| !whole.contains(m));
    let fraction_ok = fraction.chars().all(|c| c.is_ascii_digit());
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    (whole_ok && fraction_ok && !(whole.is_empty() && fraction.is_empty()))
        .then(|| (whole, fraction.to_owned()))
}

/// `whole.fraction × multiplier`, rounded to a whole number.
fn scale(whole: &str, fraction: &str, multiplier: i64) -> Option<i64> {
    let whole_value: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut value = whole_value.checked_mul(multiplier)?;
    let fraction = &fraction[..fraction.len().min(12)];
    if !fraction.is_empty() {
        let denominator = 10i128.pow(u32::try_from(fraction.len()).ok()?);
        let numerator = i128::from(fraction.parse::<i64>().ok()?) * i128::from(multiplier);
        let rounded = (numerator * 2 + denominator) / (denominator * 2);
        value = value.checked_add(i64::try_from(rounded).ok()?)?;
    }
    Some(value)
}

/// Parses a percentage such as `35` or `35 %`. Values above 100 pass
/// through (up to 255) so that the domain rules can explain them.
pub fn percent(input: &str) -> Result<u8, String> {
    let text = input.trim();
    let digits = text.strip_suffix('%').unwrap_or(text).trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{text}` is not a percentage: use a whole number such as 35"
        ));
    }
    digits
        .parse::<u8>()
        .map_err(|_| "must be a percentage from 0 to 100".to_owned())
}

/// Parses a number of hours such as `1.5`, `1,5` or `2h`; empty is zero.
pub fn hours(input: &str) -> Result<f64, String> {
    let text = input.trim();
    let number = text.strip_suffix(['h', 'H']).unwrap_or(text).trim();
    if number.is_empty() {
        return Ok(0.0);
    }
    let unsigned = number.strip_prefix('-').unwrap_or(number);
    let normal = unsigned.replace(',', ".");
    let well_formed = normal.chars().all(|c| c.is_ascii_digit() || c == '.')
        && normal.matches('.').count() <= 1
        && normal.chars().any(|c| c.is_ascii_digit());
    let value: Option<f64> = well_formed.then(|| normal.parse().ok()).flatten();
    match value {
        Some(v) if number.starts_with('-') => Ok(-v),
        Some(v) => Ok(v),
        None => Err(format!("`{text}` is not a number of hours: use 1.5 or 1,5")),
    }
}

/// Shows hours without a needless `.0`; zero shows as empty.
pub fn hours_text(hours: f64) -> String {
    if hours == 0.0 {
        String::new()
    } else {
        hours.to_string()
    }
}

/// The marker of a done step in the steps field.
const DONE: &str = "[x] ";
/// The marker of an open step in the steps field.
const OPEN: &str = "[ ] ";

/// The steps as editable text: one per line, `[x] ` marking done ones and
/// ` @ ` and the date ending those with a due date.
pub(crate) fn steps_text(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| {
            let marker = if s.done { DONE } else { OPEN };
            format!("{marker}{}", step_line(s))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the steps field back, relative dates counting from `today`. Blank
/// lines are skipped; a line whose text matches an existing step (white
/// space at its ends aside) keeps that step's id and text as stored; its
/// due date is the one the line gives. An unreadable due date is an error
/// naming the step.
pub(crate) fn steps(text: &str, existing: &[Step], today: NaiveDate) -> Result<Vec<Step>, String> {
    let mut unused: Vec<&Step> = existing.iter().collect();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (done, body) = split_marker(line);
            let (body, due) = parse_step_line(body, today)?;
            let step = match unused.iter().position(|s| s.text.trim() == body) {
                Some(at) => unused.remove(at).clone(),
                None => Step::new(body),
            };
            Ok(Step { done, due, ..step })
        })
        .collect()
}

/// Splits a leading `[x]`, `[X]` or `[ ]` off a step line.
fn split_marker(line: &str) -> (bool, &str) {
    for (marker, done) in [("[x]", true), ("[X]", true), ("[ ]", false)] {
        if let Some(rest) = line.strip_prefix(marker)
            && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        {
            return (done, rest.trim());
        }
    }
    (false, line)
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::forms::parse::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn amounts_in_the_ways_people_write_them() {
        assert_eq!(amount("1200000"), Ok(1_200_000));
        assert_eq!(amount("1 200 000"), Ok(1_200_000));
        assert_eq!(amount("1\u{a0}200\u{a0}000"), Ok(1_200_000));
        assert_eq!(amount("1,200,000"), Ok(1_200_000));
        assert_eq!(amount("1.200.000"), Ok(1_200_000));
        assert_eq!(amount("1'200'000"), Ok(1_200_000));
        assert_eq!(amount("1.2M"), Ok(1_200_000));
        assert_eq!(amount("1,2m"), Ok(1_200_000));
        assert_eq!(amount("850k"), Ok(850_000));
        assert_eq!(amount("850 K"), Ok(850_000));
        assert_eq!(amount("2bn"), Ok(2_000_000_000));
        assert_eq!(amount("1,200.50"), Ok(1_201));
        assert_eq!(amount("1.200,4"), Ok(1_200));
        assert_eq!(amount("12.5"), Ok(13));
        assert_eq!(amount("-5k"), Ok(-5_000));
        assert_eq!(amount("0.000001k"), Ok(0));
    }

    #[test]
    fn amounts_show_in_groups_and_read_back() {
        for (value, shown) in [
            (0, "0"),
            (999, "999"),
            (1_200_000, "1 200 000"),
            (-12_345, "-12 345"),
        ] {
            assert_eq!(amount_text(value), shown);
            assert_eq!(amount(shown), Ok(value));
        }
    }

    #[test]
    fn nonsense_amounts_are_refused() {
        for bad in [
            "abc",
            "k",
            "1.2.3,4,5x",
            "1.2,3.4",
            "--5",
            "1e6",
            "99999999999999999999",
            "9999999999bn",
            ",",
        ] {
            let err = amount(bad).unwrap_err();
            assert!(err.contains("not an amount"), "{bad}: {err}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(percent("35"), Ok(35));
        assert_eq!(percent(" 35 % "), Ok(35));
        assert_eq!(percent("140"), Ok(140));
        assert!(percent("300").unwrap_err().contains("0 to 100"));
        assert!(percent("35.5").unwrap_err().contains("not a percentage"));
        assert!(percent("%").is_err());
    }

    #[test]
    fn hours_accept_both_decimal_marks() {
        assert_eq!(hours("1.5"), Ok(1.5));
        assert_eq!(hours("1,5"), Ok(1.5));
        assert_eq!(hours("2h"), Ok(2.0));
        assert_eq!(hours(""), Ok(0.0));
        assert_eq!(hours("-1"), Ok(-1.0));
        for bad in ["inf", "NaN", "1.2.3", "one", "-", "."] {
            assert!(hours(bad).is_err(), "{bad}");
        }
        assert_eq!(hours_text(0.0), "");
        assert_eq!(hours_text(1.5), "1.5");
        assert_eq!(hours_text(3.0), "3");
    }

    #[test]
    fn steps_round_trip_and_keep_their_ids() {
        let mut old = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
        old[0].done = true;
        let text = steps_text(&old);
        assert_eq!(text, "[x] Scope\n[ ] Run\n[ ] Review");
        assert_eq!(steps(&text, &old, today()), Ok(old.clone()));

        let edited = "[ ] Scope\n\n  [X] Run  \nPlan the party\n[x]Review";
        let new = steps(edited, &old, today()).unwrap();
        let summary: Vec<_> = new.iter().map(|s| (s.text.as_str(), s.done)).collect();
        assert_eq!(
            summary,
            [
                ("Scope", false),
                ("Run", true),
                ("Plan the party", false),
                ("[x]Review", false)
            ]
        );
        assert_eq!(new[0].id, old[0].id);
        assert_eq!(new[1].id, old[1].id);
        assert!(old.iter().all(|s| s.id != new[2].id && s.id != new[3].id));
    }

    #[test]
    fn step_due_dates_are_entered_changed_and_cleared_on_their_lines() {
        let mut old = vec![Step::new("Scope"), Step::new("Run")];
        old[1].due = NaiveDate::from_ymd_opt(2026, 12, 1);
        let text = steps_text(&old);
        assert_eq!(text, "[ ] Scope\n[ ] Run @ 2026-12-01");
        let new = steps("Scope @ +1w\nRun", &old, today()).unwrap();
        assert_eq!(new[0].id, old[0].id, "a date added keeps the step");
        assert_eq!(new[0].due, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(new[1].id, old[1].id);
        assert_eq!(new[1].due, None, "a line without @ has no due date");
        let err = steps("Scope\nRun @ someday", &old, today()).unwrap_err();
        assert!(err.starts_with("“Run”: `someday` is not a date"), "{err}");
    }

    #[test]
    fn duplicate_step_texts_get_distinct_ids() {
        let old = vec![Step::new("Call"), Step::new("Call")];
        let new = steps("Call\nCall\nCall", &old, today()).unwrap();
        assert_eq!(new[0].id, old[0].id);
        assert_eq!(new[1].id, old[1].id);
        assert_ne!(new[2].id, old[0].id);
        assert_ne!(new[2].id, old[1].id);
    }

    #[test]
    fn an_empty_marker_is_a_step_without_text() {
        let new = steps("[x]", &[], today()).unwrap();
        assert_eq!(new.len(), 1);
        assert!(new[0].done);
        assert_eq!(new[0].text, "");
    }
}
