//! `kam import` of contacts and calendars and `kam export --format vcf`,
//! run as the real binary.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::support::sandbox::Sandbox;

fn fixture(path: &str) -> String {
    format!("{}/tests/it/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A sandbox holding the demo portfolio.
fn demo() -> Sandbox {
    let s = Sandbox::new();
    let mut store = s.store();
    kam::demo::load(&mut store, crate::support::sandbox::today()).unwrap();
    s
}

fn run(s: &Sandbox, args: &[&str]) -> Output {
    s.command()
        .arg("--db")
        .arg(s.db())
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn conversations(s: &Sandbox) -> usize {
    s.store().all_records().unwrap().conversations.len()
}

#[test]
fn a_dry_run_reports_every_contact_and_writes_nothing() {
    let s = demo();
    let before = s.store().all_records().unwrap().stakeholders;
    let out = run(&s, &["import", &fixture("contacts/apple.vcf"), "--dry-run"]);
    assert!(out.status.success(), "{out:?}");
    let report = text(&out);
    assert!(
        report.contains(
            "  completed  Mehmet Yıldız → Nordmole Container Terminals GmbH: phone filled in"
        ),
        "{report}"
    );
    assert!(
        report.contains("  added      Annika Lindqvist → Nordmole Container Terminals GmbH"),
        "{report}"
    );
    assert!(report.contains("Dry run: nothing was written."), "{report}");
    assert_eq!(s.store().all_records().unwrap().stakeholders, before);

    let out = run(&s, &["import", &fixture("contacts/apple.vcf")]);
    assert!(out.status.success(), "{out:?}");
    let people = s.store().all_records().unwrap().stakeholders;
    assert_eq!(people.len(), before.len() + 1);
    let mehmet = people.iter().find(|p| p.name == "Mehmet Yıldız").unwrap();
    assert_eq!(mehmet.phone, "+49 160 9012 3344");
}

#[test]
fn a_contact_from_an_unknown_organisation_goes_where_account_says() {
    let s = demo();
    let out = run(
        &s,
        &[
            "import",
            &fixture("contacts/google.vcf"),
            "--account",
            "brennh",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let report = text(&out);
    assert!(
        report.contains("  added      Lena Vos → Brennholt Verpackung GmbH"),
        "{report}"
    );
    assert!(
        report.contains("  left out   (no name): the card has no name"),
        "{report}"
    );
    let out = run(
        &s,
        &[
            "import",
            &fixture("contacts/google.vcf"),
            "--account",
            "nobody",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

#[test]
fn a_calendar_imported_twice_gives_each_meeting_once() {
    let s = demo();
    let before = conversations(&s);
    let first = run(&s, &["import", &fixture("calendar/outlook.ics")]);
    assert!(first.status.success(), "{first:?}");
    assert!(
        text(&first).contains("4 meetings up to"),
        "{}",
        text(&first)
    );
    assert_eq!(conversations(&s), before + 4);
    let second = run(&s, &["import", &fixture("calendar/outlook.ics")]);
    assert!(second.status.success(), "{second:?}");
    assert_eq!(
        text(&second).matches("  already there  ").count(),
        4,
        "{}",
        text(&second)
    );
    assert_eq!(conversations(&s), before + 4);
    let review = s
        .store()
        .all_records()
        .unwrap()
        .conversations
        .into_iter()
        .find(|c| c.forum == "Quarterly business review")
        .unwrap();
    assert_eq!(review.non_billable_hours, 1.5);
    assert_eq!(review.attendees.len(), 2);
    assert!(review.summary.starts_with("Agenda:\n1. Crane availability"));
}

#[test]
fn a_calendar_on_standard_input_is_told_by_its_content() {
    let s = demo();
    let mut child = s
        .command()
        .arg("--db")
        .arg(s.db())
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let calendar = std::fs::read(fixture("calendar/google.ics")).unwrap();
    child.stdin.take().unwrap().write_all(&calendar).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let report = text(&out);
    assert!(report.contains("standard input: 3 meetings"), "{report}");
    assert!(
        report.contains("  left out       2026-11-24 Call with Frank Oltmanns: cancelled"),
        "{report}"
    );
}

#[test]
fn an_accounts_people_go_out_as_cards_that_come_back_unchanged() {
    let s = demo();
    let out = run(&s, &["export", "--format", "vcf", "--account", "nordmole"]);
    assert!(out.status.success(), "{out:?}");
    let cards = text(&out);
    assert_eq!(cards.matches("BEGIN:VCARD").count(), 6, "{cards}");
    assert!(cards.contains("FN:Dr. Katrin Sörensen"));
    let path = s.home().join("nordmole.vcf");
    std::fs::write(&path, &cards).unwrap();
    let back = run(&s, &["import", path.to_str().unwrap()]);
    assert!(back.status.success(), "{back:?}");
    assert_eq!(
        text(&back).matches("  unchanged  ").count(),
        6,
        "{}",
        text(&back)
    );

    let out = run(&s, &["export", "--format", "vcf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--account"),
        "{out:?}"
    );
}

/// A calendar file in `s`'s home holding one meeting, yesterday, with
/// people of two accounts: Jens Ahlgrimm of Nordmole and Dieter Vogel of
/// Brennholt.
fn mixed_calendar(s: &Sandbox) -> std::path::PathBuf {
    let day = (crate::support::sandbox::today() - chrono::Duration::days(1)).format("%Y%m%d");
    let text = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kam tests//EN",
        "BEGIN:VEVENT",
        "UID:trade-fair-1",
        &format!("DTSTART:{day}T140000"),
        &format!("DTEND:{day}T150000"),
        "SUMMARY:Trade fair booth",
        "ATTENDEE;CN=Jens Ahlgrimm:mailto:j.ahlgrimm@nordmole.de",
        "ATTENDEE;CN=Dieter Vogel:mailto:dieter.vogel@brennholt-verpackung.de",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n");
    let path = s.home().join("fair.ics");
    std::fs::write(&path, text).unwrap();
    path
}

/// The names of the accounts of the conversations named "Trade fair
/// booth".
fn fair_accounts(s: &Sandbox) -> Vec<String> {
    let records = s.store().all_records().unwrap();
    records
        .conversations
        .iter()
        .filter(|c| c.forum == "Trade fair booth")
        .filter_map(|c| records.accounts.iter().find(|a| a.id == c.account_id))
        .map(|a| a.name.clone())
        .collect()
}

#[test]
fn without_a_terminal_a_meeting_of_several_accounts_is_left_out_with_why() {
    let s = demo();
    let file = mixed_calendar(&s);
    let out = run(&s, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let report = text(&out);
    assert!(report.contains(": 1 meeting up to "), "{report}");
    assert!(report.contains("  left out       "), "{report}");
    assert!(
        report.contains("Trade fair booth: people of several accounts were invited ("),
        "{report}"
    );
    assert!(report.contains("; pass --account to choose"), "{report}");
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "nothing asked: {out:?}"
    );
    assert!(fair_accounts(&s).is_empty());
}

#[test]
fn at_a_terminal_kam_asks_which_account_a_meeting_of_several_goes_to() {
    use crate::support::pty::{ENTER, Pty};

    let s = demo();
    let file = mixed_calendar(&s);
    let db = s.db();
    let dry = [
        "--db".as_ref(),
        db.as_os_str(),
        "import".as_ref(),
        file.as_os_str(),
        "--dry-run".as_ref(),
    ];
    let mut kam = Pty::spawn(&dry, &s.home(), 160, 30);
    assert!(kam.wait_exit().success());
    let screen = kam.screen();
    assert!(
        !screen.contains("Which one?"),
        "a dry run never asks\n{screen}"
    );
    assert!(
        screen.contains("; needs a choice: importing asks which account"),
        "{screen}"
    );

    let args = [
        "--db".as_ref(),
        db.as_os_str(),
        "import".as_ref(),
        file.as_os_str(),
    ];
    let mut kam = Pty::spawn(&args, &s.home(), 160, 30);
    kam.wait_for("Which one? [0-2]");
    let screen = kam.screen();
    assert!(
        screen.contains("Trade fair booth: people of several accounts were invited."),
        "{screen}"
    );
    assert!(screen.contains("  0  leave it out"), "{screen}");
    let brennholt = screen
        .lines()
        .find(|l| l.contains("Brennholt Verpackung GmbH (Dieter Vogel)"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("Brennholt offered\n{screen}"))
        .to_owned();
    assert!(screen.contains("Nordmole Container Terminals GmbH (Jens Ahlgrimm)"));
    kam.send("7");
    kam.send(ENTER);
    kam.wait_for("“7” is none of them.");
    kam.send(&brennholt);
    kam.send(ENTER);
    assert!(kam.wait_exit().success());
    kam.wait_for("  added          ");
    assert_eq!(fair_accounts(&s), ["Brennholt Verpackung GmbH"]);
}
