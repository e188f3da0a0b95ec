//! Calendars as Outlook, Google Calendar and Apple Calendar export them,
//! read into meetings.

use chrono::NaiveDate;
use kam::export::meeting_import;
use kam::export::meetings::{self, Meeting};

fn read(file: &str) -> Vec<Meeting> {
    let path = format!(
        "{}/tests/it/fixtures/calendar/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    meetings::read(&text, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()).unwrap()
}

fn emails(m: &Meeting) -> Vec<&str> {
    m.people.iter().map(|p| p.email.as_str()).collect()
}

#[test]
fn outlook_windows_time_zones_and_a_weekly_series_with_an_exception() {
    let meetings = read("outlook.ics");
    let shown: Vec<(String, &str, f64)> = meetings
        .iter()
        .map(|m| (m.start.to_string(), m.subject.as_str(), m.hours))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "2026-11-05 10:00:00".into(),
                "Quarterly business review",
                1.5
            ),
            ("2026-11-10 08:30:00".into(), "Crane stand-up", 0.5),
            ("2026-11-24 08:30:00".into(), "Crane stand-up", 0.5),
            ("2026-12-01 08:30:00".into(), "Crane stand-up", 0.5),
        ],
        "the 17th is left out of the series, and nothing after 5 December"
    );
    let review = &meetings[0];
    assert!(
        review
            .description
            .starts_with("Agenda:\n1. Crane availability in Q3, against the 99 % target\n")
    );
    assert_eq!(
        emails(review),
        [
            "laura.brenner@example.com",
            "j.ahlgrimm@nordmole.de",
            "k.soerensen@nordmole.de"
        ]
    );
    assert_eq!(review.people[1].name, "Ahlgrimm, Jens");
    assert!(
        meetings[1].key.ends_with("@20261110T083000"),
        "{}",
        meetings[1].key
    );
    assert_ne!(meetings[1].key, meetings[2].key);
}

#[test]
fn google_times_in_utc_folded_names_and_a_cancelled_meeting() {
    let meetings = read("google.ics");
    assert_eq!(meetings.len(), 3);
    let training = &meetings[0];
    assert_eq!(
        training.start.to_string(),
        "2026-11-18 13:00:00",
        "UTC as written"
    );
    assert_eq!(
        training.people[1].name, "Birte Hansen",
        "the folded CN is joined"
    );
    assert_eq!(
        emails(training),
        [
            "laura.brenner@example.com",
            "b.hansen@nordmole.de",
            "ole.petersen@gmail.com"
        ],
        "the organiser once"
    );
    assert!(meetings[1].cancelled);
    assert_eq!(meetings[1].key, "0a1b2c3d4e5f6g7h8i9j0k1l2m@google.com");
}

#[test]
fn apple_all_day_events_and_folded_addresses() {
    let meetings = read("apple.ics");
    assert_eq!(meetings.len(), 2);
    let visit = &meetings[0];
    assert!(visit.all_day);
    assert_eq!(visit.date(), NaiveDate::from_ymd_opt(2026, 11, 12).unwrap());
    assert_eq!(
        emails(visit),
        ["laura.brenner@example.com", "m.yildiz@nordmole.de"]
    );
    assert_eq!(
        meetings[1].people[0].email,
        "dieter.vogel@brennholt-verpackung.de"
    );
    assert_eq!(meetings[1].hours, 1.0);
}

/// The report of importing `file` into the demo portfolio: each line's
/// meeting, account and outcome.
fn planned(file: &str) -> Vec<(String, Option<String>, String)> {
    let demo = kam::demo::records(crate::support::tui::today()).unwrap();
    let settle = meeting_import::Settle::LeaveOut("pass --account to choose");
    let import = meeting_import::plan(&read(file), &demo, settle, chrono::Utc::now());
    import
        .lines
        .into_iter()
        .map(|l| {
            let outcome = match l.outcome {
                meeting_import::Outcome::LeftOut(why) => why,
                other => format!("{other:?} with {}", l.matched.join(", ")),
            };
            (l.meeting, l.account, outcome)
        })
        .collect()
}

const NORDMOLE: Option<&str> = Some("Nordmole Container Terminals GmbH");

#[test]
fn each_programs_meetings_go_to_the_account_whose_people_were_invited() {
    let outlook = planned("outlook.ics");
    assert_eq!(
        outlook[0],
        (
            "2026-11-05 Quarterly business review".into(),
            NORDMOLE.map(Into::into),
            "Added with Jens Ahlgrimm, Dr. Katrin Sörensen".into()
        )
    );
    assert_eq!(outlook.len(), 4, "each occurrence of the stand-up");
    let google = planned("google.ics");
    assert_eq!(
        google[0].2, "Added with Birte Hansen, Ole Petersen",
        "Ole by name: his address is not the one kam has"
    );
    assert_eq!(google[1].2, "cancelled");
    assert_eq!(google[2].2, "nobody invited is a stakeholder (1 invited)");
    let apple = planned("apple.ics");
    assert_eq!(apple[0].1.as_deref(), NORDMOLE);
    assert_eq!(apple[1].1.as_deref(), Some("Brennholt Verpackung GmbH"));
}
