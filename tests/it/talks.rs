//! Conversations: the page of an open account (the mix of the last 90
//! days, the list, the detail), logging one through its form, deleting and
//! undoing, and conversations in the prep brief, "since last time" and the
//! agenda's quiet rule.
//!
//! Every test runs on 2026-11-23 with the monochrome theme.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use kam::domain::agenda::Section;
use kam::domain::brief::{default_since, start_of_day};
use kam::domain::{Account, Conversation, Id, ProofStatement, Stakeholder, TimeFrame};
use kam::export::brief_md;
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::keymap::Context;
use unicode_width::UnicodeWidthStr;

use crate::support::tui::{app_on, copied, press, render, rows, screen, today, type_text};

// ---------------------------------------------------------------- helpers

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

/// `today` moved back `n` days.
fn days_ago(n: u64) -> NaiveDate {
    today() - Days::new(n)
}

// ---------------------------------------------------------------- fixture

/// One account with two stakeholders and five conversations:
///
/// | date       | forum            | time frame | attendees | hours      |
/// |------------|------------------|------------|-----------|------------|
/// | 2026-11-20 | Purchasing       | past       | Ana       | 2 + 1.5    |
/// | 2026-11-06 | Executive review | future     | Ana, Ben  | 0 + 4      |
/// | 2026-10-15 | purchasing       | past       | Ben       | 1 + 0      |
/// | 2026-09-01 | Quality          | past       | —         | 0 + 2      |
/// | 2026-07-01 | Engineering      | future     | Ben       | 0 + 0      |
///
/// The last 90 days (from 2026-08-26) hold the first four: 3 about the
/// past, 1 about the future (25 %), in 3 forums (Purchasing counted once):
/// most talk is about the past.
struct Fixture {
    store: Store,
    account: Id,
    ana: Id,
    ben: Id,
    newest: Id,
}

/// Date, forum, time frame, attendees, summary, billable and non-billable
/// hours of one conversation of the fixture.
type Talk = (
    &'static str,
    &'static str,
    TimeFrame,
    Vec<Id>,
    &'static str,
    f64,
    f64,
);

fn fixture() -> Fixture {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store
        .save_account(&Account::new("Nordwerk Maschinenbau"))
        .unwrap();
    let mut ana = Stakeholder::new(account.id, "Ana Ruiz");
    ana.title = "Head of Purchasing".into();
    let ana = store.save_stakeholder(&ana).unwrap();
    let mut ben = Stakeholder::new(account.id, "Ben Ott");
    ben.title = "Plant director".into();
    let ben = store.save_stakeholder(&ben).unwrap();
    let rows: [Talk; 5] = [
        (
            "2026-11-20",
            "Purchasing",
            TimeFrame::Past,
            vec![ana.id],
            "Late deliveries in October\nThey want credit notes.",
            2.0,
            1.5,
        ),
        (
            "2026-11-06",
            "Executive review",
            TimeFrame::Future,
            vec![ana.id, ben.id],
            "Their 2027 plant expansion: where can we help?",
            0.0,
            4.0,
        ),
        (
            "2026-10-15",
            "purchasing",
            TimeFrame::Past,
            vec![ben.id],
            "Complaints about the price increase",
            1.0,
            0.0,
        ),
        (
            "2026-09-01",
            "Quality",
            TimeFrame::Past,
            vec![],
            "Audit findings from Q2",
            0.0,
            2.0,
        ),
        (
            "2026-07-01",
            "Engineering",
            TimeFrame::Future,
            vec![ben.id],
            "Roadmap of their packaging lines",
            0.0,
            0.0,
        ),
    ];
    let mut newest = None;
    for (date, forum, frame, attendees, summary, billable, non_billable) in rows {
        let mut c = Conversation::new(account.id, day(date), forum);
        c.time_frame = frame;
        c.attendees = attendees;
        c.summary = summary.into();
        c.billable_hours = billable;
        c.non_billable_hours = non_billable;
        let saved = store.save_conversation(&c).unwrap();
        newest.get_or_insert(saved.id);
    }
    Fixture {
        store,
        account: account.id,
        ana: ana.id,
        ben: ben.id,
        newest: newest.expect("five conversations"),
    }
}

/// The app on the fixture, with the account open on its conversations
/// page.
fn talks_app(store: Store) -> App {
    let mut app = app_on(store);
    press(&mut app, "Enter 3");
    assert_eq!(app.context(), Context::Conversations);
    app
}

// ---------------------------------------------------------------- the page

#[test]
fn the_page_shows_the_mix_and_warns_when_talk_is_about_the_past() {
    let f = fixture();
    let app = talks_app(f.store);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Last 90 days: 4 conversations · 25 % about the future · 3 forums"),
        "{text}"
    );
    assert!(text.contains("past 3 · present 0 · future 1"), "{text}");
    assert!(text.contains("Most talk is about the past"), "{text}");
    assert!(text.contains("Conversations (5)"), "{text}");
    // Newest first, with hours and who was there.
    let first = text
        .lines()
        .find(|l| l.contains("2026-11-20"))
        .unwrap_or_else(|| panic!("no row of 2026-11-20:\n{text}"));
    assert!(first.contains("Purchasing"), "{first}");
    assert!(first.contains("Past"), "{first}");
    assert!(first.contains("3.5 h"), "{first}");
    assert!(first.contains("Ana Ruiz"), "{first}");
    let order: Vec<usize> = ["2026-11-20", "2026-11-06", "2026-10-15", "2026-07-01"]
        .iter()
        .map(|d| text.find(d).unwrap_or_else(|| panic!("no {d}:\n{text}")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first:\n{text}"
    );
    // The detail box: the whole summary, names and titles, hours.
    assert!(text.contains("They want credit notes."), "{text}");
    assert!(text.contains("• Ana Ruiz — Head of Purchasing"), "{text}");
    assert!(text.contains("2 h billable, 1.5 h non-billable"), "{text}");
    insta::assert_snapshot!("talks_page_120x40", text);
}

#[test]
fn talk_about_the_future_brings_no_warning() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Acme")).unwrap();
    for (n, frame) in [TimeFrame::Future, TimeFrame::Present, TimeFrame::Past]
        .into_iter()
        .enumerate()
    {
        let mut c = Conversation::new(account.id, days_ago(n as u64 * 10), "Engineering");
        c.time_frame = frame;
        store.save_conversation(&c).unwrap();
    }
    let app = talks_app(store);
    let text = screen(&app, 100, 30);
    assert!(
        text.contains("Last 90 days: 3 conversations · 33 % about the future · 1 forum"),
        "{text}"
    );
    assert!(!text.contains("Most talk is about the past"), "{text}");
}

#[test]
fn an_account_without_conversations_says_how_to_log_one() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_account(&Account::new("Acme")).unwrap();
    let app = talks_app(store);
    let text = screen(&app, 100, 30);
    assert!(text.contains("Last 90 days: 0 conversations"), "{text}");
    assert!(
        text.contains("No conversations yet. Press a to log one"),
        "{text}"
    );
    assert!(!text.contains("about the future ·"), "{text}");
}

#[test]
fn private_mode_hides_the_hours() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "p");
    let text = screen(&app, 120, 40);
    assert!(text.contains("hidden in private mode"), "{text}");
    for figure in ["3.5 h", "4 h", "billable", "1.5"] {
        assert!(
            !text.contains(figure),
            "{figure:?} shown in private mode:\n{text}"
        );
    }
    assert!(text.contains("Ana Ruiz"), "{text}");
    insta::assert_snapshot!("talks_private_120x40", text);

    press(&mut app, "y");
    let copied = copied(&mut app).expect("y copies the conversation");
    assert!(copied.contains("They want credit notes."), "{copied}");
    assert!(copied.contains("hidden in private mode"), "{copied}");
    assert!(!copied.contains("billable"), "{copied}");
}

#[test]
fn y_copies_the_selected_conversation() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "j y");
    let copied = copied(&mut app).expect("y copies the conversation");
    assert!(
        copied.starts_with("2026-11-06 · Executive review · about the future"),
        "{copied}"
    );
    assert!(copied.contains("• Ben Ott — Plant director"), "{copied}");
    assert!(
        copied.contains("0 h billable, 4 h non-billable"),
        "{copied}"
    );
}

#[test]
fn small_and_odd_sizes_draw_without_panic() {
    let f = fixture();
    let mut store = f.store;
    let mut wide = Stakeholder::new(f.account, "東京の工場長 🚀\u{1b}[2J");
    wide.title = "Leiter\u{202e} Überprüfung".into();
    let wide = store.save_stakeholder(&wide).unwrap();
    let mut c = Conversation::new(f.account, today(), "工場見学 – サプライヤーデー 🚀");
    c.attendees = vec![wide.id, f.ana, f.ben];
    c.summary = "\u{1b}]52;c;aGk=\u{7}東京".into();
    store.save_conversation(&c).unwrap();
    let mut app = talks_app(store);
    for private in [false, true] {
        if private {
            press(&mut app, "p");
        }
        for (w, h) in [(40, 10), (41, 11), (45, 13), (60, 14), (80, 24), (33, 7)] {
            let buffer = render(&app, w, h);
            for row in rows(&buffer) {
                assert_eq!(row.width(), usize::from(w), "{w}×{h}: {row:?}");
                assert!(
                    !row.chars().any(|c| c.is_control() || c == '\u{202e}'),
                    "{w}×{h}: {row:?}"
                );
            }
        }
    }
    let text = screen(&app, 120, 40);
    assert!(text.contains("工場見学"), "{text}");
}

// ---------------------------------------------------------------- the form

#[test]
fn logging_a_conversation_with_two_attendees_and_a_new_forum() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Acme")).unwrap();
    let mut ids = Vec::new();
    for name in ["Ana Ruiz", "Ben Ott", "Cy Berg"] {
        ids.push(
            store
                .save_stakeholder(&Stakeholder::new(account.id, name))
                .unwrap()
                .id,
        );
    }
    let mut app = talks_app(store);
    press(&mut app, "a");
    let form = screen(&app, 120, 40);
    assert!(form.contains("New conversation"), "{form}");
    assert!(
        form.contains("2026-11-23"),
        "the date defaults to today:\n{form}"
    );

    // Date, forum, new forum, time frame, attendees, summary, hours.
    press(&mut app, "Tab Tab");
    type_text(&mut app, "Supplier day");
    press(&mut app, "Tab f Tab");
    let list = screen(&app, 120, 40);
    assert!(list.contains("[ ] Ana Ruiz"), "{list}");
    // Tick Ana, skip Ben, tick Cy.
    press(&mut app, "Space Down Down Space Tab");
    type_text(&mut app, "Their plans for a second plant");
    press(&mut app, "Tab");
    type_text(&mut app, "2");
    press(&mut app, "Tab");
    type_text(&mut app, "1,5");
    press(&mut app, "C-s");
    assert_eq!(app.context(), Context::Conversations, "the form closed");

    let saved = app.store().conversations(account.id).unwrap();
    assert_eq!(saved.len(), 1);
    let c = &saved[0];
    assert_eq!(c.date, today());
    assert_eq!(c.forum, "Supplier day");
    assert_eq!(c.time_frame, TimeFrame::Future);
    let mut expected = vec![ids[0], ids[2]];
    expected.sort();
    assert_eq!(c.attendees, expected);
    assert_eq!(c.summary, "Their plans for a second plant");
    assert_eq!((c.billable_hours, c.non_billable_hours), (2.0, 1.5));
    assert!(
        app.store()
            .forums()
            .unwrap()
            .contains(&"Supplier day".to_string())
    );

    // The new forum is offered from now on: S jumps to Service, then to it.
    press(&mut app, "a Tab s s");
    let form = screen(&app, 120, 40);
    assert!(form.contains("◂ Supplier day ▸"), "{form}");
    press(&mut app, "Esc Esc");

    // Editing shows who was there.
    press(&mut app, "e");
    let form = screen(&app, 120, 40);
    assert!(form.contains("Edit conversation"), "{form}");
    assert!(form.contains("[x] Ana Ruiz"), "{form}");
    assert!(form.contains("[ ] Ben Ott"), "{form}");
    assert!(form.contains("[x] Cy Berg"), "{form}");
}

#[test]
fn a_conversation_needs_a_valid_date_and_hours() {
    let mut store = Store::open_in_memory().unwrap();
    let account = store.save_account(&Account::new("Acme")).unwrap();
    let mut app = talks_app(store);
    press(&mut app, "a");
    for _ in 0..10 {
        press(&mut app, "Backspace");
    }
    type_text(&mut app, "someday");
    for _ in 0..6 {
        press(&mut app, "Tab");
    }
    type_text(&mut app, "lots");
    press(&mut app, "C-s");
    let form = screen(&app, 120, 40);
    assert!(form.contains("not a date"), "{form}");
    assert!(form.contains("not a number of hours"), "{form}");
    assert!(app.store().conversations(account.id).unwrap().is_empty());
}

#[test]
fn deleting_asks_first_and_undo_brings_it_back() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "d");
    let question = screen(&app, 120, 40);
    assert!(
        question.contains("Delete the conversation of 2026-11-20 in “Purchasing”?"),
        "{question}"
    );
    press(&mut app, "n");
    assert_eq!(app.store().conversations(f.account).unwrap().len(), 5);

    press(&mut app, "d y");
    let left = app.store().conversations(f.account).unwrap();
    assert_eq!(left.len(), 4);
    assert!(left.iter().all(|c| c.id != f.newest));
    assert!(screen(&app, 120, 40).contains("Conversations (4)"));

    press(&mut app, "u");
    let back = app.store().conversation(f.newest).unwrap();
    assert_eq!(back.attendees, [f.ana]);
    assert_eq!(
        back.summary,
        "Late deliveries in October\nThey want credit notes."
    );
    assert!(screen(&app, 120, 40).contains("Conversations (5)"));
}

#[test]
fn page_keys_move_the_selection_and_shared_keys_still_work() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "G");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Roadmap of their packaging lines"), "{text}");
    press(&mut app, "k");
    assert!(screen(&app, 120, 40).contains("Audit findings from Q2"));
    press(&mut app, "g");
    assert!(screen(&app, 120, 40).contains("They want credit notes."));
    press(&mut app, "b");
    assert_eq!(app.context(), Context::Brief, "b opens the brief here too");
    press(&mut app, "Esc Esc");
    assert_eq!(app.context(), Context::Portfolio);
}

// ---------------------------------------------------------------- the brief

#[test]
fn the_brief_lists_recent_conversations_on_screen() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "b");
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&screen(&app, 100, 60));
        press(&mut app, "Space");
    }
    assert!(seen.contains("RECENT CONVERSATIONS"), "{seen}");
    assert!(
        seen.contains("2026-11-06  Executive review · about the future"),
        "{seen}"
    );
    assert!(seen.contains("with Ana Ruiz, Ben Ott"), "{seen}");
    assert!(
        seen.contains("Their 2027 plant expansion: where can we help?"),
        "{seen}"
    );
    assert!(seen.contains("0 h billable, 4 h non-billable"), "{seen}");
    assert!(seen.contains("Late deliveries in October"), "{seen}");
    assert!(
        !seen.contains("They want credit notes."),
        "first line only:\n{seen}"
    );

    press(&mut app, "g p");
    let mut private = String::new();
    for _ in 0..10 {
        private.push_str(&screen(&app, 100, 60));
        press(&mut app, "Space");
    }
    assert!(private.contains("with Ana Ruiz, Ben Ott"), "{private}");
    assert!(!private.contains("billable"), "{private}");
}

#[test]
fn the_markdown_brief_lists_recent_conversations_and_hides_hours_when_private() {
    let f = fixture();
    let since = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let brief = f.store.brief(f.account, since, today(), false).unwrap();
    assert_eq!(brief.conversations.len(), 5);
    assert_eq!(brief.conversations_total, 5);
    assert_eq!(brief.conversations[0].date, day("2026-11-20"));
    assert_eq!(brief.conversations[1].attendees, ["Ana Ruiz", "Ben Ott"]);
    let md = brief_md::render(&brief);
    assert!(md.contains("## Recent conversations\n\n"), "{md}");
    assert!(
        md.contains(
            "- 2026-11-06 · **Executive review** · about the future · with Ana Ruiz, Ben Ott\n  \
             Their 2027 plant expansion: where can we help?\n  \
             *0 h billable, 4 h non-billable*\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("- 2026-09-01 · **Quality** · about the past\n"),
        "{md}"
    );
    let recent = md.find("## Recent conversations").unwrap();
    let people = md.find("## Stakeholders").unwrap();
    assert!(md.find("## Latest proof statements").unwrap() < recent);
    assert!(recent < people);

    let private = f.store.brief(f.account, since, today(), true).unwrap();
    assert!(private.conversations.iter().all(|c| c.hours.is_none()));
    let md = brief_md::render(&private);
    assert!(md.contains("with Ana Ruiz, Ben Ott"), "{md}");
    assert!(!md.contains("billable"), "{md}");
}

#[test]
fn the_brief_shows_the_latest_five_and_skips_future_dates() {
    let f = fixture();
    let mut store = f.store;
    let extra = Conversation::new(f.account, day("2026-05-01"), "Finance");
    store.save_conversation(&extra).unwrap();
    let planned = Conversation::new(f.account, day("2026-12-01"), "Planned visit");
    store.save_conversation(&planned).unwrap();
    let brief = store.brief(f.account, Utc::now(), today(), false).unwrap();
    assert_eq!(
        brief.conversations_total, 6,
        "the planned one is not held yet"
    );
    let dates: Vec<NaiveDate> = brief.conversations.iter().map(|c| c.date).collect();
    assert_eq!(
        dates,
        [
            "2026-11-20",
            "2026-11-06",
            "2026-10-15",
            "2026-09-01",
            "2026-07-01"
        ]
        .map(day)
    );
    let md = brief_md::render(&brief);
    assert!(md.contains("*The latest 5 of 6.*"), "{md}");
}

// ---------------------------------------------------------------- since last time

#[test]
fn since_last_time_starts_at_the_later_of_the_last_conversation_and_brief() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let opened = Utc.with_ymd_and_hms(2026, 11, 2, 14, 30, 0).unwrap();
    let talked = day("2026-11-20");
    assert_eq!(
        default_since(Some(opened), Some(talked), now),
        start_of_day(talked)
    );
    assert_eq!(
        default_since(Some(opened), Some(day("2026-10-30")), now),
        opened,
        "a talk before the last brief"
    );
    assert_eq!(default_since(None, Some(talked), now), start_of_day(talked));
    assert_eq!(
        default_since(Some(opened), Some(day("2026-11-30")), now),
        opened,
        "a conversation still to come does not count"
    );
}

#[test]
fn since_last_time_in_the_app_starts_at_the_last_conversation() {
    let f = fixture();
    let mut app = talks_app(f.store);
    press(&mut app, "c");
    assert_eq!(app.context(), Context::Changes);
    let text = screen(&app, 120, 40);
    assert!(text.contains("2026-11-20 00:00"), "{text}");
}

// ---------------------------------------------------------------- the agenda

#[test]
fn conversations_do_not_keep_an_account_off_the_quiet_list() {
    let mut store = Store::open_in_memory().unwrap();
    let talked = store.save_account(&Account::new("Talked lately")).unwrap();
    let silent = store.save_account(&Account::new("Silent")).unwrap();
    let lapsed = store
        .save_account(&Account::new("Talked long ago"))
        .unwrap();
    let never = store.save_account(&Account::new("Never")).unwrap();
    for account in [talked.id, silent.id, lapsed.id] {
        store
            .save_proof(&ProofStatement::new(account, days_ago(60), "Delivered"))
            .unwrap();
    }
    for (account, ago) in [(talked.id, 10), (lapsed.id, 40), (never.id, 45)] {
        let c = Conversation::new(account, days_ago(ago), "Engineering");
        store.save_conversation(&c).unwrap();
    }
    // A meeting still to come is no sign of life yet.
    let planned = Conversation::new(silent.id, today() + Days::new(3), "Quality");
    store.save_conversation(&planned).unwrap();

    let agenda = store.agenda(today()).unwrap();
    let quiet: Vec<(String, String, Option<NaiveDate>)> = agenda
        .section(Section::Quiet)
        .iter()
        .map(|e| (e.account_name.clone(), e.what(), e.due))
        .collect();
    let lapsed = "last proof 60 d ago, cadence 30 d".to_string();
    assert_eq!(quiet.len(), 4, "{quiet:?}");
    assert_eq!(quiet[0].0, "Never");
    assert!(quiet[0].1.starts_with("no proof yet (added "), "{quiet:?}");
    assert_eq!(quiet[0].2, None);
    for (at, name) in [(1, "Silent"), (2, "Talked lately"), (3, "Talked long ago")] {
        assert_eq!(
            quiet[at],
            (name.to_string(), lapsed.clone(), Some(days_ago(30)))
        );
    }
}
