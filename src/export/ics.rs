//! Due dates as an iCalendar file (RFC 5545) that any calendar imports:
//! one all-day event per action plan or step due date and per upcoming
//! account review.
//!
//! Each event's UID is its record's id followed by `@kam` (a review's
//! record is its account, which has one next review), so importing a newer
//! file updates the events instead of duplicating them. Text is escaped as
//! RFC 5545 asks (backslash, comma, semicolon, newline), lines end in CRLF
//! and are folded at 75 octets, never inside a UTF-8 character.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::domain::agenda::{Entry, Item};

/// Who made the calendar, as the PRODID property says it.
pub const PRODID: &str = "-//kam//Agenda//EN";

/// The longest a content line may be, in octets, CRLF excluded.
const LINE_OCTETS: usize = 75;

/// The calendar of `entries`; undated entries are skipped. `stamp` is when
/// the file is made (each event's DTSTAMP).
pub fn calendar(entries: &[Entry], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "CALSCALE:GREGORIAN"] {
        content_line(&mut out, line);
    }
    content_line(&mut out, &format!("PRODID:{PRODID}"));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for entry in entries {
        let Some(due) = entry.due else { continue };
        event(&mut out, entry, due, &stamp);
    }
    content_line(&mut out, "END:VCALENDAR");
    out
}

/// Appends one all-day VEVENT for `entry`, due on `due`.
fn event(out: &mut String, entry: &Entry, due: NaiveDate, stamp: &str) {
    let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
    let end = due.checked_add_days(Days::new(1)).unwrap_or(due);
    let lines = [
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@kam", entry.record_id()),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", day(due)),
        format!("DTEND;VALUE=DATE:{}", day(end)),
        format!("SUMMARY:{}", escape(&summary(entry))),
        format!("DESCRIPTION:{}", escape(&description(entry))),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ];
    for line in lines {
        content_line(out, &line);
    }
}

/// The event's title: the account, then the plan, step or review.
fn summary(entry: &Entry) -> String {
    let what = match &entry.item {
        Item::Plan { title, .. } => title.as_str(),
        Item::Step { text, .. } => text.as_str(),
        Item::Review { .. } => "account review",
        Item::Quiet { .. } => "proof statement due",
    };
    format!("{}: {what}", entry.account_name)
}

/// The event's notes: the account, and the plan and owner where there are.
fn description(entry: &Entry) -> String {
    let mut lines = vec![format!("Account: {}", entry.account_name)];
    match &entry.item {
        Item::Plan { .. } => lines.push("Action plan due".to_string()),
        Item::Step { plan_title, .. } => {
            lines.push(format!("Step of the action plan: {plan_title}"))
        }
        Item::Review {
            last_review: Some(d),
        } => lines.push(format!("Quarterly account review; last review {d}")),
        Item::Review { last_review: None } | Item::Quiet { .. } => {}
    }
    if !entry.owner.trim().is_empty() {
        lines.push(format!("Owner: {}", entry.owner));
    }
    lines.join("\n")
}

/// Escapes a TEXT value: backslash, comma, semicolon and line ends (CR LF,
/// CR or LF become `\n`); other control characters, which TEXT may not
/// hold, become U+FFFD.
fn escape(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into lines of at most [`LINE_OCTETS`] octets, each
/// continuation starting with a space, every line ending in CRLF.
fn content_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        content_line(&mut out, line);
        out
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("a\\b, c; d\r\ne\rf\ng\u{1b}\th"),
            "a\\\\b\\, c\\; d\\ne\\nf\\ng\u{FFFD}\th"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        assert_eq!(folded("short"), "short\r\n");
        let exact = "x".repeat(75);
        assert_eq!(folded(&exact), format!("{exact}\r\n"));
        let long = "x".repeat(76);
        assert_eq!(folded(&long), format!("{}\r\n x\r\n", "x".repeat(75)));
        // 74 ASCII octets, then a 2-octet é that would end at octet 76.
        let accented = format!("{}éé", "x".repeat(74));
        assert_eq!(folded(&accented), format!("{}\r\n éé\r\n", "x".repeat(74)));
        for text in [
            "€".repeat(100),
            "🚀".repeat(60),
            format!("a{}", "é".repeat(90)),
        ] {
            let out = folded(&text);
            for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
                assert!(physical.len() <= 75, "{} octets", physical.len());
            }
            assert_eq!(out.replace("\r\n ", "").trim_end(), text);
        }
    }

    #[test]
    fn every_event_is_all_day_with_a_stable_uid() {
        let plan_id = Id::new();
        let entry = Entry {
            account_id: Id::new(),
            account_name: "Nordwerk".to_string(),
            item: Item::Plan {
                plan_id,
                title: "Pilot".to_string(),
            },
            due: NaiveDate::from_ymd_opt(2026, 12, 31),
            owner: "Ana".to_string(),
        };
        let undated = Entry {
            due: None,
            ..entry.clone()
        };
        let stamp = DateTime::parse_from_rfc3339("2026-11-23T09:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ics = calendar(&[entry, undated], stamp);
        assert_eq!(
            ics,
            format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nPRODID:{PRODID}\r\n\
                 BEGIN:VEVENT\r\nUID:{plan_id}@kam\r\nDTSTAMP:20261123T090500Z\r\n\
                 DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n\
                 SUMMARY:Nordwerk: Pilot\r\nDESCRIPTION:Account: Nordwerk\\nAction plan due\\nOwner: Ana\r\n\
                 TRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        );
    }
}
