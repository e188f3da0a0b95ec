//! After the meeting: a meeting `kam import` brought in from the calendar
//! waits to be written up; the brief offers it, `w` opens the conversation
//! form on its summary with the time frame next, and saving writes it up.

use chrono::{DateTime, Duration, Utc};
use kam::domain::{Conversation, Id, TimeFrame};
use kam::store::{Snapshot, Store};
use kam::tui::keymap::Context;

use crate::support::pty::{CTRL_S, Pty, TAB};
use crate::support::sandbox::{self, Sandbox};
use crate::support::tui::{app_on, press, screen, today, type_text};

/// The invitation's text the meeting brings.
const INVITATION: &str = "Agenda:\n1. Crane availability in Q3";

/// A meeting of `account` on `days_ago` days before the demo's today, as
/// `kam import` makes it: its id named after the event, never edited.
fn from_calendar(account: Id, uid: &str, days_ago: i64, subject: &str) -> Conversation {
    let mut c = Conversation::new(account, today() - Duration::days(days_ago), subject);
    c.id = Id::named(account, uid);
    c.summary = INVITATION.into();
    c.non_billable_hours = 1.5;
    let at: DateTime<Utc> = "2026-11-20T09:00:00Z".parse().unwrap();
    (c.created_at, c.updated_at) = (at, at);
    c
}

/// The demo portfolio with two meetings from the calendar waiting to be
/// written up in the account Enter opens; returns it with that account.
fn portfolio_after_meetings() -> (Store, Id) {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today()).unwrap();
    let account = store.portfolio(today()).unwrap()[0].account.id;
    let meetings = Snapshot {
        conversations: vec![
            from_calendar(account, "uid-qbr", 2, "Quarterly business review"),
            from_calendar(account, "uid-visit", 9, "Site visit"),
        ],
        ..Snapshot::default()
    };
    store.merge(&meetings, false).unwrap();
    (store, account)
}

/// The top of a screen down to the line holding `end` (left out): the
/// part of the brief that does not change with the clock.
fn down_to(text: &str, end: &str) -> String {
    let lines: Vec<&str> = text.lines().take_while(|l| !l.contains(end)).collect();
    lines.join("\n")
}

#[test]
fn the_brief_offers_the_latest_meeting_to_write_up_and_w_writes_it_up() {
    let (store, account) = portfolio_after_meetings();
    let mut app = app_on(store);
    press(&mut app, "Enter b");
    assert_eq!(app.context(), Context::Brief);
    let text = screen(&app, 100, 30);
    insta::assert_snapshot!(
        "brief_after_the_meeting_100x30",
        format!(
            "{}\n…\n{}",
            down_to(&text, "SINCE LAST TIME"),
            text.lines().last().unwrap()
        )
    );

    press(&mut app, "w");
    let form = screen(&app, 100, 40);
    assert!(form.contains("Write up the meeting of"), "{form}");
    type_text(
        &mut app,
        "They accept 99.2 % and want the battery plan by March",
    );
    press(&mut app, "Tab");
    type_text(&mut app, "f");
    press(&mut app, "C-s");
    assert_eq!(
        app.context(),
        Context::Brief,
        "the form closed on the brief"
    );

    let latest = Id::named(account, "uid-qbr");
    let written = app.store().conversation(latest).unwrap();
    assert_eq!(
        written.summary,
        format!("They accept 99.2 % and want the battery plan by March\n\n{INVITATION}"),
        "what was typed comes first, the invitation stays below"
    );
    assert_eq!(written.time_frame, TimeFrame::Future);
    assert!(!written.waiting_write_up());

    let text = screen(&app, 100, 40);
    assert!(
        !text.contains("Quarterly business review: write up"),
        "{text}"
    );
    assert!(
        text.contains("Site visit: write up what was said"),
        "the next one is offered: {text}"
    );
}

#[test]
fn leaving_the_write_up_untouched_changes_nothing() {
    let (store, account) = portfolio_after_meetings();
    let mut app = app_on(store);
    press(&mut app, "Enter b w");
    press(&mut app, "Esc");
    assert_eq!(
        app.context(),
        Context::Brief,
        "no question: nothing was typed"
    );
    let meeting = app
        .store()
        .conversation(Id::named(account, "uid-qbr"))
        .unwrap();
    assert!(meeting.waiting_write_up());
    assert_eq!(meeting.summary, INVITATION);
}

#[test]
fn the_markdown_brief_and_the_conversations_page_show_what_waits() {
    let (store, account) = portfolio_after_meetings();
    let brief = store.brief(account, Utc::now(), today(), false).unwrap();
    let markdown = kam::export::brief_md::render(&brief);
    let wanted = format!(
        "## After the meeting\n\n- Meeting on {}, Quarterly business review: write up what was said\n- Meeting on {}, Site visit: write up what was said\n",
        today() - Duration::days(2),
        today() - Duration::days(9)
    );
    assert!(markdown.contains(&wanted), "{markdown}");

    let mut app = app_on(store);
    press(&mut app, "Enter 3");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Conversations ("), "{text}");
    assert!(text.contains("· ✎ 2 to write up"), "{text}");
    assert!(
        text.contains(&format!(
            "{}✎ Quarterly business",
            today() - Duration::days(2)
        )),
        "{text}"
    );
}

/// A calendar of one meeting with Jens Ahlgrimm of Nordmole, yesterday.
fn calendar() -> String {
    let day = (sandbox::today() - Duration::days(1)).format("%Y%m%d");
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kam tests//EN",
        "BEGIN:VEVENT",
        "UID:after-the-meeting-1",
        &format!("DTSTART:{day}T100000"),
        &format!("DTEND:{day}T113000"),
        "SUMMARY:Quarterly business review",
        "DESCRIPTION:Agenda:\\n1. Crane availability in Q3",
        "ATTENDEE;CN=Jens Ahlgrimm:mailto:j.ahlgrimm@nordmole.de",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    .join("\r\n")
}

#[test]
fn a_meeting_imported_from_the_calendar_is_written_up_from_the_brief() {
    let s = Sandbox::new();
    kam::demo::load(&mut s.store(), sandbox::today()).unwrap();
    let file = s.home().join("meetings.ics");
    std::fs::write(&file, calendar()).unwrap();
    let out = s
        .command()
        .arg("--db")
        .arg(s.db())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let db = s.db();
    let args = ["--db".as_ref(), db.as_os_str(), "nordmole".as_ref()];
    let mut kam = Pty::spawn(&args, &s.home(), 120, 40);
    kam.wait_for("Business issues");
    kam.send("b");
    kam.wait_for("Quarterly business review: write up what was said");
    kam.wait_status("w write up");
    kam.send("w");
    kam.wait_for("Write up the meeting of");
    kam.send("Crane availability accepted; battery plan due in March");
    kam.send(TAB);
    kam.send("f");
    kam.send(CTRL_S);
    kam.wait_status("Saved conversation.");
    kam.wait_gone("write up what was said");
    kam.send("q");
    assert!(kam.wait_exit().success());

    let store = s.store();
    let nordmole = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|a| a.name.starts_with("Nordmole"))
        .unwrap();
    let meeting = store
        .conversations(nordmole.id)
        .unwrap()
        .into_iter()
        .find(|c| c.from_calendar())
        .expect("the imported meeting");
    assert_eq!(
        meeting.summary,
        "Crane availability accepted; battery plan due in March\n\nAgenda:\n1. Crane availability in Q3"
    );
    assert_eq!(meeting.time_frame, TimeFrame::Future);
    assert!(!meeting.waiting_write_up());
}
