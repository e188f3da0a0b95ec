//! The stakeholders page: the list, the org chart and the contact flags
//! drawn on ratatui's `TestBackend`, the stakeholder form driven by key
//! presses, deletion with undo, and the rule that a reporting line can
//! never close a loop.

use chrono::NaiveDate;
use kam::domain::{Account, Attitude, Conversation, Id, Influence, Stakeholder};
use kam::store::Store;
use kam::tui::app::App;
use unicode_width::UnicodeWidthStr;

use crate::support::tui::{app_on, copied, press, render, rows, screen, type_text};

// ---------------------------------------------------------------- helpers

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date")
}

/// The people of the fixture account, by name.
struct People {
    account: Id,
    anna: Id,
    dieter: Id,
    carl: Id,
}

/// One account with six stakeholders: Anna heads Dieter (the champion)
/// and Erik; Dieter heads Carl, who heads 王芳, three levels below Anna.
/// Mia reports to nobody. Erik (cadence 30, last contact 83 days ago) and
/// Mia (cadence 14, never contacted) are overdue key contacts; Dieter's
/// own entry is old, but he was at a conversation three weeks ago.
fn fixture() -> (Store, People) {
    let mut store = Store::open_in_memory().expect("in-memory store");
    let account = store
        .save_account(&Account::new("Brennholt Verpackung"))
        .expect("account saves")
        .id;
    let person = |name: &str, title: &str| {
        let mut s = Stakeholder::new(account, name);
        s.title = title.into();
        s
    };
    let mut anna = person("Anna Berg", "Managing Director");
    anna.influence = Some(Influence::EconomicBuyer);
    anna.attitude = Attitude::Supporter;
    anna.cadence_days = Some(60);
    anna.last_contact = Some(date("2026-11-13"));
    anna.owner = "Jonas".into();
    let mut dieter = person("Dieter Vogel", "Head of Indirect Procurement");
    dieter.reports_to = Some(anna.id);
    dieter.influence = Some(Influence::Coach);
    dieter.attitude = Attitude::Champion;
    dieter.cadence_days = Some(30);
    dieter.last_contact = Some(date("2026-10-01"));
    dieter.email = "dieter.vogel@brennholt.de".into();
    dieter.phone = "+49 521 4471 20".into();
    dieter.owner = "Jonas".into();
    let mut carl = person("Carl Dahl", "Plant Manager Bielefeld");
    carl.reports_to = Some(dieter.id);
    carl.influence = Some(Influence::Technical);
    let mut wang = person("王芳", "质量工程师");
    wang.reports_to = Some(carl.id);
    wang.influence = Some(Influence::User);
    wang.attitude = Attitude::Sceptic;
    let mut erik = person("Erik Lund", "CFO");
    erik.reports_to = Some(anna.id);
    erik.influence = Some(Influence::EconomicBuyer);
    erik.attitude = Attitude::Opponent;
    erik.cadence_days = Some(30);
    erik.last_contact = Some(date("2026-09-01"));
    erik.owner = "Mia Roth".into();
    let mut mia = person("Mia Sand", "Buyer");
    mia.cadence_days = Some(14);
    let ids = People {
        account,
        anna: anna.id,
        dieter: dieter.id,
        carl: carl.id,
    };
    // Managers first: a reporting line must point at a stored person.
    for s in [anna, dieter, carl, wang, erik, mia] {
        store.save_stakeholder(&s).expect("stakeholder saves");
    }
    let mut talk = Conversation::new(account, date("2026-11-01"), "Purchasing");
    talk.attendees = vec![ids.dieter, ids.carl];
    store.save_conversation(&talk).expect("conversation saves");
    (store, ids)
}

/// The fixture's account open on its stakeholders page.
fn people_app() -> (App, People) {
    let (store, ids) = fixture();
    let mut app = app_on(store);
    press(&mut app, "Enter 2");
    (app, ids)
}

/// The row of `text` holding `needle`.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} on screen:\n{text}"))
}

/// The option the focused choice field shows, between `◂` and `▸`.
fn focused_choice(app: &App) -> String {
    let text = screen(app, 120, 40);
    let row = line_with(&text, "◂ ");
    let start = row.find("◂ ").expect("choice start") + "◂ ".len();
    let end = row.rfind(" ▸").expect("choice end");
    row[start..end].trim().to_string()
}

// ------------------------------------------------------------- rendering

#[test]
fn the_page_shows_people_chart_flags_and_the_selected_person() {
    let (app, _) = people_app();
    let text = screen(&app, 120, 40);
    insta::assert_snapshot!("people_page_120x40", text);

    // Two overdue key contacts, a champion, talk with more than one person.
    assert!(text.contains("2 key contacts overdue"), "{text}");
    assert!(!text.contains("No champion"), "{text}");
    assert!(!text.contains("Single-threaded"), "{text}");
    // Erik: last contact 83 days ago, 53 days past a 30-day cadence.
    let erik = line_with(&text, "Erik Lund  ");
    assert!(erik.contains("83 d ago"), "{erik}");
    assert!(erik.contains("30 d OVERDUE 53 d"), "{erik}");
    // Mia was never contacted: not "overdue by her whole cadence".
    let mia = line_with(&text, "Mia Sand  ");
    assert!(
        mia.contains("never") && mia.contains("14 d NEVER") && !mia.contains("OVERDUE"),
        "{mia}"
    );
    // Dieter's conversation three weeks ago counts: not overdue.
    let dieter = line_with(&text, "★ Dieter Vogel");
    assert!(
        dieter.contains("22 d ago") && !dieter.contains("OVERDUE"),
        "{dieter}"
    );
    assert!(dieter.contains("Champion"), "{dieter}");
    // The chart: 王芳 three levels below Anna, Erik on the last branch.
    assert!(text.contains("├─ ★ Dieter Vogel"), "{text}");
    assert!(text.contains("│  └─ Carl Dahl"), "{text}");
    assert!(text.contains("│     └─ 王芳"), "{text}");
    assert!(text.contains("└─ Erik Lund"), "{text}");
    // The first person by name is selected and shown in full.
    assert!(
        text.contains("Reports to  nobody in this account"),
        "{text}"
    );
    assert!(
        text.contains("Direct reports  Dieter Vogel, Erik Lund"),
        "{text}"
    );
}

#[test]
fn moving_down_selects_the_next_person_and_shows_their_detail() {
    let (mut app, _) = people_app();
    press(&mut app, "j");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Reports to  Dieter Vogel"),
        "Carl is second:\n{text}"
    );
    assert!(
        text.contains("Last contact  2026-11-01 (22 d ago, in a conversation)"),
        "{text}"
    );
    press(&mut app, "G");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Reports to  Carl Dahl"),
        "王芳 is last:\n{text}"
    );
}

#[test]
fn small_and_odd_sizes_draw_without_panic_or_broken_wide_characters() {
    let (mut app, _) = people_app();
    press(&mut app, "G");
    for (width, height) in [
        (40, 10),
        (41, 11),
        (50, 16),
        (60, 24),
        (71, 20),
        (72, 20),
        (80, 12),
        (200, 60),
    ] {
        let buffer = render(&app, width, height);
        for (y, row) in rows(&buffer).iter().enumerate() {
            assert_eq!(
                row.width(),
                usize::from(width),
                "{width}×{height} row {y}: {row:?}"
            );
        }
    }
    let text = screen(&app, 40, 10);
    assert!(
        text.contains("王芳"),
        "the selected person shows at 40×10:\n{text}"
    );
}

#[test]
fn an_account_without_people_invites_to_add_them() {
    let mut store = Store::open_in_memory().expect("in-memory store");
    store
        .save_account(&Account::new("Nordmole"))
        .expect("account saves");
    let mut app = app_on(store);
    press(&mut app, "Enter 2");
    let text = screen(&app, 80, 24);
    assert!(text.contains("No stakeholders yet. Press a"), "{text}");
    assert!(text.contains("No champion"), "{text}");
    press(&mut app, "e d j k G");
    assert!(
        !screen(&app, 80, 24).contains("Edit stakeholder"),
        "nothing to edit"
    );
}

// ------------------------------------------------------------------ forms

#[test]
fn a_stakeholder_added_through_the_form_is_stored() {
    let (mut app, ids) = people_app();
    press(&mut app, "a");
    assert!(screen(&app, 120, 40).contains("New stakeholder"));
    type_text(&mut app, "Nora Dahl");
    press(&mut app, "Tab");
    type_text(&mut app, "Head of Quality");
    press(&mut app, "Tab D");
    assert_eq!(
        focused_choice(&app),
        "Dieter Vogel · Head of Indirect Procurement"
    );
    press(&mut app, "Tab Right Right");
    assert_eq!(focused_choice(&app), "Technical");
    press(&mut app, "Tab c");
    assert_eq!(focused_choice(&app), "Champion");
    press(&mut app, "Tab");
    type_text(&mut app, "nora.dahl@brennholt.de");
    press(&mut app, "Tab");
    type_text(&mut app, "+49 521 4471 33");
    press(&mut app, "Tab");
    type_text(&mut app, "-3d");
    press(&mut app, "Tab");
    type_text(&mut app, "21");
    press(&mut app, "Tab");
    type_text(&mut app, "Jonas");
    press(&mut app, "C-s");

    let text = screen(&app, 120, 40);
    assert!(
        !text.contains("New stakeholder"),
        "the form closed:\n{text}"
    );
    let stored = app.store().stakeholders(ids.account).expect("stakeholders");
    let nora = stored
        .iter()
        .find(|s| s.name == "Nora Dahl")
        .expect("Nora is stored");
    assert_eq!(nora.title, "Head of Quality");
    assert_eq!(nora.reports_to, Some(ids.dieter));
    assert_eq!(nora.influence, Some(Influence::Technical));
    assert_eq!(nora.attitude, Attitude::Champion);
    assert_eq!(nora.email, "nora.dahl@brennholt.de");
    assert_eq!(nora.phone, "+49 521 4471 33");
    assert_eq!(nora.last_contact, Some(date("2026-11-20")));
    assert_eq!(nora.cadence_days, Some(21));
    assert_eq!(nora.owner, "Jonas");
    // The new person is selected, and under Dieter in the chart.
    assert!(text.contains("Reports to  Dieter Vogel"), "{text}");
    assert!(text.contains("Owner on our side  Jonas"), "{text}");
    assert!(text.contains("│  ├─ Carl Dahl"), "{text}");
    assert!(text.contains("│  └─ ★ Nora Dahl"), "{text}");
}

#[test]
fn form_errors_show_at_their_field_and_keep_what_was_typed() {
    let (mut app, ids) = people_app();
    press(&mut app, "a Tab");
    type_text(&mut app, "Head of Quality");
    for _ in 0..7 {
        press(&mut app, "Tab");
    }
    type_text(&mut app, "often");
    press(&mut app, "C-s");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("New stakeholder"),
        "the form stays open:\n{text}"
    );
    assert!(
        text.contains("required"),
        "the empty name is named:\n{text}"
    );
    assert!(text.contains("`often` is not a number of days"), "{text}");
    assert!(
        text.contains("Head of Quality"),
        "typed text is kept:\n{text}"
    );
    assert_eq!(
        app.store()
            .stakeholders(ids.account)
            .expect("stakeholders")
            .len(),
        6,
        "nothing was saved"
    );
}

#[test]
fn editing_keeps_the_fields_the_form_does_not_change() {
    let (mut app, ids) = people_app();
    press(&mut app, "j j e");
    assert!(screen(&app, 120, 40).contains("Edit stakeholder"));
    press(&mut app, "Tab Tab Tab Tab Tab Tab Tab Tab");
    type_text(&mut app, "5");
    press(&mut app, "C-s");
    let dieter = app.store().stakeholder(ids.dieter).expect("Dieter");
    assert_eq!(dieter.cadence_days, Some(305), "typed after the 30");
    assert_eq!(dieter.reports_to, Some(ids.anna));
    assert_eq!(dieter.email, "dieter.vogel@brennholt.de");
    assert_eq!(dieter.attitude, Attitude::Champion);
}

// ----------------------------------------------------------- delete, undo

#[test]
fn deleting_asks_first_and_undo_restores_the_person_and_their_reports() {
    let (mut app, ids) = people_app();
    press(&mut app, "j j d");
    let text = screen(&app, 120, 40);
    // The question wraps in the popup.
    assert!(
        text.contains("Delete the stakeholder “Dieter Vogel”?"),
        "{text}"
    );
    assert!(text.contains("will report to nobody."), "{text}");
    press(&mut app, "n");
    assert!(app.store().stakeholder(ids.dieter).is_ok(), "n keeps him");

    press(&mut app, "d y");
    assert!(
        app.store().stakeholder(ids.dieter).is_err(),
        "y deletes him"
    );
    let carl = app.store().stakeholder(ids.carl).expect("Carl stays");
    assert_eq!(carl.reports_to, None, "Carl's line went with Dieter");
    let text = screen(&app, 120, 40);
    let (page, status) = text.rsplit_once('\n').expect("a status line");
    assert!(!page.contains("Dieter Vogel"), "{text}");
    assert!(status.contains("Press u to undo"), "{status}");
    assert!(page.contains("No champion"), "{text}");

    press(&mut app, "u");
    let dieter = app
        .store()
        .stakeholder(ids.dieter)
        .expect("undo restores Dieter");
    assert_eq!(dieter.reports_to, Some(ids.anna));
    let carl = app.store().stakeholder(ids.carl).expect("Carl");
    assert_eq!(carl.reports_to, Some(ids.dieter), "and Carl's line to him");
    let talks = app
        .store()
        .conversations(ids.account)
        .expect("conversations");
    assert!(
        talks[0].attendees.contains(&ids.dieter),
        "and his conversation"
    );
    let text = screen(&app, 120, 40);
    assert!(text.contains("│  └─ Carl Dahl"), "{text}");
    assert!(!text.contains("No champion"), "{text}");
}

// -------------------------------------------------------- reporting lines

/// Every option of the "Reports to" field of the selected person's edit
/// form, read from the screen by cycling through them.
fn manager_options(app: &mut App) -> Vec<String> {
    press(app, "e Tab Tab");
    let first = focused_choice(app);
    let mut options = vec![first.clone()];
    loop {
        press(app, "Right");
        let shown = focused_choice(app);
        if shown == first {
            break;
        }
        options.push(shown);
        assert!(options.len() < 20, "the choice cycles");
    }
    press(app, "Esc");
    options
}

#[test]
fn nobody_can_be_made_to_report_to_their_own_reports() {
    let (mut app, _) = people_app();
    // Anna heads everyone but Mia: only Mia is offered.
    assert_eq!(
        manager_options(&mut app),
        ["— nobody in this account —", "Mia Sand · Buyer"]
    );
    // Dieter may report to anyone but himself, Carl and 王芳.
    press(&mut app, "j j");
    let options = manager_options(&mut app);
    assert_eq!(
        options,
        [
            "Anna Berg · Managing Director",
            "Erik Lund · CFO",
            "Mia Sand · Buyer",
            "— nobody in this account —",
        ],
        "starting from his manager, Anna"
    );
    // 王芳, at the bottom, may report to anyone else.
    press(&mut app, "G");
    let options = manager_options(&mut app);
    assert_eq!(options.len(), 6, "{options:?}");
    assert_eq!(options[0], "Carl Dahl · Plant Manager Bielefeld");
}

#[test]
fn a_loop_in_imported_data_draws_once_and_can_be_undone_in_the_form() {
    let (mut store, ids) = fixture();
    // Anna made to report to Carl outside kam: a loop Anna → Dieter → Carl.
    let mut anna = store.stakeholder(ids.anna).expect("Anna");
    anna.reports_to = Some(ids.carl);
    store.save_stakeholder(&anna).expect("the store allows it");
    let mut app = app_on(store);
    press(&mut app, "Enter 2");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Anna Berg · Managing Director (reporting loop)"),
        "{text}"
    );
    assert_eq!(
        text.matches("Carl Dahl · Plant").count(),
        1,
        "once:\n{text}"
    );
    // The form shows the loop as it is; choosing nobody breaks it.
    press(&mut app, "e Tab Tab");
    assert_eq!(focused_choice(&app), "Carl Dahl (a reporting loop)");
    press(&mut app, "Right C-s");
    let anna = app.store().stakeholder(ids.anna).expect("Anna");
    assert_eq!(anna.reports_to, None);
}

#[test]
fn y_copies_the_selected_person_as_the_detail_shows_them() {
    let (mut app, _) = people_app();
    press(&mut app, "j j y");
    let copied = copied(&mut app).expect("something was copied");
    assert!(
        copied.starts_with("Dieter Vogel\nHead of Indirect Procurement\n"),
        "{copied}"
    );
    assert!(
        copied.contains("Email  dieter.vogel@brennholt.de"),
        "{copied}"
    );
    assert!(copied.contains("Reports to  Anna Berg"), "{copied}");
}
