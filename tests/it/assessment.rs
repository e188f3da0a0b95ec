//! The strategic assessment page: the selected assessment in full, the
//! change since the one before, the trend of the strategic score, and the
//! form that makes follow-ups, driven by real key presses and drawn onto
//! ratatui's `TestBackend`.

use chrono::NaiveDate;
use kam::domain::choice::Choice;
use kam::domain::{
    Account, Answer, Assessment, Id, Ladder, Quality, Rating, RelationshipStage, Signal,
};
use kam::store::Store;
use kam::tui::app::App;

use crate::support::tui::{app_on, copied, press, screen, today, type_text};

// ---------------------------------------------------------------- helpers

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// An assessment of `account` on `on`: `signals` holds one of y, p, n per
/// signal in [`Signal::ALL`] order; `scores` the four quality ratings.
fn assessment(
    account: Id,
    on: NaiveDate,
    signals: &str,
    scores: [u8; 4],
    stage: RelationshipStage,
    ladder_now: Ladder,
) -> Assessment {
    let mut a = Assessment::new(account, on, stage);
    for (slot, c) in a.signals.iter_mut().zip(signals.chars()) {
        *slot = match c {
            'y' => Answer::Yes,
            'p' => Answer::Partly,
            _ => Answer::No,
        };
    }
    for (rating, score) in a.ratings.iter_mut().zip(scores) {
        rating.score = score;
    }
    a.ladder_now = ladder_now;
    a.ladder_aim = Ladder::BusinessIssues;
    a
}

/// One account, Nordwerk Hydraulics, with `count` (up to four) of its
/// assessments, a year of them, the strategic score rising: 19, 31, 52
/// and 67.
fn store_with(count: usize) -> (Store, Id) {
    use RelationshipStage::{Basic, Cooperative};
    let mut store = Store::open_in_memory().expect("in-memory store");
    let mut account = Account::new("Nordwerk Hydraulics");
    account.industry = "Industrial hydraulics".into();
    account.stage = Cooperative;
    let id = store.save_account(&account).expect("account saved").id;
    let mut latest = assessment(
        id,
        date(2026, 11, 16),
        "ypppyyny",
        [4, 4, 3, 3],
        Cooperative,
        Ladder::Services,
    );
    latest.ratings[Quality::Trust.index()].reason = "Two years without an escalation".into();
    latest.ratings[Quality::Commitment.index()].reason =
        "Signed the three-year frame agreement".into();
    latest.ratings[Quality::InformationExchange.index()].reason =
        "They share their production plan monthly".into();
    latest.note = "Board reshuffle in spring: check the champion then.".into();
    let history = [
        assessment(
            id,
            date(2025, 11, 18),
            "pnnnnnnp",
            [2, 3, 2, 2],
            Basic,
            Ladder::Products,
        ),
        assessment(
            id,
            date(2026, 3, 4),
            "pnpnpnnp",
            [3, 3, 3, 2],
            Basic,
            Ladder::Products,
        ),
        assessment(
            id,
            date(2026, 7, 15),
            "ppppypnp",
            [3, 4, 3, 3],
            Basic,
            Ladder::Products,
        ),
        latest,
    ];
    for a in history.iter().take(count) {
        store.save_assessment(a).expect("assessment saved");
    }
    (store, id)
}

/// An app on `store` showing the assessment page of its only account.
fn on_page(store: Store) -> App {
    let mut app = app_on(store);
    press(&mut app, "Enter 4");
    app
}

/// The assessment page with all four assessments.
fn history_app() -> App {
    on_page(store_with(4).0)
}

/// Presses Tab `n` times.
fn tab(app: &mut App, n: usize) {
    press(app, &vec!["Tab"; n].join(" "));
}

/// The row of `text` holding `needle`, or a failure showing the screen.
fn row_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?} on screen:\n{text}"))
}

/// The rows under the first row holding `needle`.
fn rows_after<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.contains(needle))
        .skip(1)
        .collect()
}

// ------------------------------------------------------------------ tests

/// Four assessments: the latest in full, what changed since July, the
/// trend over the year and the history.
#[test]
fn page_with_a_year_of_assessments() {
    let app = history_app();
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Assessment of 2026-11-16 (7 d ago) · Nordwerk Hydraulics"),
        "{text}"
    );
    assert!(row_with(&text, "Strategic score").contains("67/100"));
    assert!(text.contains("mean of 12 items: yes 1, partly ½, no 0; ratings 1→0 … 5→1"));
    assert!(row_with(&text, "A champion exists on their side").contains("Yes"));
    assert!(row_with(&text, "Open invitation inside their walls").contains("No"));
    assert!(text.contains(" Trust                ■■■■□ 4/5"), "{text}");
    assert!(text.contains("Two years without an escalation"));
    assert!(row_with(&text, "├─ Services").contains("◂ today"));
    assert!(row_with(&text, "├─ Business issues").contains("◂ aim in three years"));
    // The change since the assessment before: 52 → 67, six items moved.
    assert!(row_with(&text, "Change since 2026-07-15").contains("Change since"));
    assert!(row_with(&text, "Score +15 points").contains("52 → 67"));
    assert!(row_with(&text, "They call us a strategic supplier  Partly → Yes").contains("Partly"));
    assert!(text.contains("3/5 → 4/5"), "{text}");
    assert!(text.contains("Basic → Cooperative"), "{text}");
    assert!(text.contains("Products → Services"), "{text}");
    // The trend spans the year; the history lists the latest first.
    assert!(text.contains("Strategic score over time"), "{text}");
    assert!(
        row_with(&text, "2025-11-18").contains("2026-11-16"),
        "x axis"
    );
    let history = rows_after(&text, "History (4)");
    assert!(
        history[0].contains("▸ 2026-11-16   67/100  +15  Cooperative"),
        "{text}"
    );
    assert!(history[3].contains("2025-11-18   19/100"), "{text}");
    insta::assert_snapshot!("assessment_page_120x40", text);
}

/// j and k move through the history; the detail, the change and the
/// chart's marked point follow; the oldest has nothing to compare with.
#[test]
fn moving_through_the_history() {
    let mut app = history_app();
    press(&mut app, "j");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Assessment of 2026-07-15"), "{text}");
    assert!(row_with(&text, "Score +21 points").contains("31 → 52"));
    assert!(row_with(&text, "▸ 2026-07-15").contains("52/100"));
    press(&mut app, "G");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Assessment of 2025-11-18"), "{text}");
    assert!(text.contains("First assessment: nothing to compare with yet."));
    press(&mut app, "k g");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Assessment of 2026-11-16"), "{text}");
}

/// Small terminals drop the chart, then the change and the history, and
/// never panic, whatever the number of assessments or an open form.
#[test]
fn small_terminals_never_panic() {
    for count in [0, 1, 2, 4] {
        let mut app = on_page(store_with(count).0);
        for (w, h) in [
            (40, 10),
            (60, 15),
            (80, 24),
            (100, 30),
            (120, 40),
            (200, 60),
        ] {
            let text = screen(&app, w, h);
            if count > 0 {
                assert!(text.contains("Strategic score"), "{w}×{h}:\n{text}");
            } else {
                assert!(
                    text.contains("No strategic assessment yet"),
                    "{w}×{h}:\n{text}"
                );
            }
        }
        press(&mut app, "a");
        for (w, h) in [(40, 10), (60, 15)] {
            let text = screen(&app, w, h);
            assert!(text.contains("New assessment"), "{w}×{h}:\n{text}");
        }
    }
    let app = history_app();
    let small = screen(&app, 40, 10);
    assert!(!small.contains("Strategic score over time"), "{small}");
    let medium = screen(&app, 60, 15);
    assert!(medium.contains("History (4)"), "{medium}");
    assert!(!medium.contains("Strategic score over time"), "{medium}");
}

/// With one assessment there is no trend yet, and the page says so.
#[test]
fn one_assessment_has_no_trend_yet() {
    let app = on_page(store_with(1).0);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("One assessment so far: the trend needs a second."),
        "{text}"
    );
    assert!(text.contains("First assessment: nothing to compare with yet."));
}

/// a opens a follow-up dated today with the latest answers; changing two
/// of them saves a fifth assessment, and the page shows the two changes.
#[test]
fn a_follow_up_changes_two_answers() {
    let (store, account) = store_with(4);
    let before = store
        .assessments(account)
        .expect("read")
        .pop()
        .expect("latest");
    let mut app = on_page(store);
    press(&mut app, "a");
    let form = screen(&app, 120, 40);
    assert!(form.contains("New assessment"), "{form}");
    assert!(row_with(&form, "Date").contains("2026-11-23"), "{form}");
    assert!(
        row_with(&form, "A champion exists").contains("Yes"),
        "{form}"
    );
    insta::assert_snapshot!("assessment_form_120x40", form);
    // Open invitation: No → Yes; cooperation: 3 → 5.
    tab(&mut app, 7);
    press(&mut app, "y");
    tab(&mut app, 6);
    press(&mut app, "5 C-s");

    let saved = app.store().assessments(account).expect("read");
    assert_eq!(saved.len(), 5);
    let new = saved.last().expect("the follow-up");
    assert_eq!(new.date, today());
    assert_ne!(new.id, before.id);
    assert_eq!(new.answer(Signal::OpenInvitation), Answer::Yes);
    assert_eq!(new.rating(Quality::Cooperation).score, 5);
    let mut expected = before.clone();
    expected.signals[Signal::OpenInvitation.index()] = Answer::Yes;
    expected.ratings[Quality::Cooperation.index()] = Rating {
        score: 5,
        reason: String::new(),
    };
    assert_eq!(new.signals, expected.signals);
    assert_eq!(new.ratings, expected.ratings);
    assert_eq!(
        (new.stage, new.note.as_str()),
        (before.stage, before.note.as_str())
    );
    assert_eq!(new.strategic_score(), 79);

    let text = screen(&app, 120, 40);
    assert!(text.contains("Assessment of 2026-11-23 (today)"), "{text}");
    assert!(row_with(&text, "Change since 2026-11-16").contains("Change"));
    assert!(row_with(&text, "Score +12 points").contains("67 → 79"));
    assert!(row_with(&text, "Open invitation inside their walls  No → Yes").contains("Yes"));
    assert!(text.contains("3/5 → 5/5"), "{text}");
    assert_eq!(
        rows_after(&text, "Change since")
            .get(3)
            .map(|r| r.contains('╰')),
        Some(true),
        "two items and no more:\n{text}"
    );
    assert!(text.contains("History (5)"), "{text}");
}

/// The first assessment starts from the account's stage and a blank
/// slate.
#[test]
fn the_first_assessment() {
    let (store, account) = store_with(0);
    let mut app = on_page(store);
    let text = screen(&app, 120, 40);
    assert!(text.contains("No strategic assessment yet."), "{text}");
    assert!(text.contains("Press a to make the first"), "{text}");
    press(&mut app, "a C-s");
    let saved = app.store().assessments(account).expect("read");
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].date, today());
    assert_eq!(saved[0].stage, RelationshipStage::Cooperative);
    assert_eq!(saved[0].signals, [Answer::No; 8]);
    let text = screen(&app, 120, 40);
    assert!(
        row_with(&text, "Strategic score").contains("17/100"),
        "{text}"
    );
}

/// An aim below today's rung is refused at the aim field; what was typed
/// stays, and saving works once the aim is raised.
#[test]
fn the_aim_may_not_be_below_today() {
    let (store, account) = store_with(4);
    let mut app = on_page(store);
    press(&mut app, "e");
    // The trust reason, then the aim (ladder today is Services).
    tab(&mut app, 10);
    type_text(&mut app, " (kept)");
    tab(&mut app, 9);
    press(&mut app, "c C-s");
    let text = screen(&app, 120, 40);
    assert!(text.contains("Edit assessment"), "{text}");
    let error = rows_after(&text, "Aim in three years");
    // The message wraps under the field's value.
    assert!(
        error[0].contains("the three-year aim is below where we")
            && error[1].contains("stand today"),
        "{text}"
    );
    assert!(row_with(&text, "Aim in three years").contains("Commodity"));
    assert!(
        text.contains("Two years without an escalation (kept)"),
        "{text}"
    );
    let stored = app.store().assessments(account).expect("read");
    assert_eq!(
        stored.last().map(|a| a.ladder_aim),
        Some(Ladder::BusinessIssues)
    );

    press(&mut app, "b C-s");
    let stored = app.store().assessments(account).expect("read");
    assert_eq!(stored.len(), 4, "an edit, not a new one");
    let latest = stored.last().expect("latest");
    assert_eq!(latest.ladder_aim, Ladder::BusinessIssues);
    assert_eq!(
        latest.rating(Quality::Trust).reason,
        "Two years without an escalation (kept)"
    );
}

/// d asks, deletes the selected assessment, and u brings it back.
#[test]
fn delete_and_undo() {
    let (store, account) = store_with(4);
    let mut app = on_page(store);
    press(&mut app, "j d");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("Delete the assessment of 2026-07-15 (strategic score 52/100)?"),
        "{text}"
    );
    press(&mut app, "y");
    let left: Vec<_> = app
        .store()
        .assessments(account)
        .expect("read")
        .iter()
        .map(|a| a.date)
        .collect();
    assert_eq!(
        left,
        [date(2025, 11, 18), date(2026, 3, 4), date(2026, 11, 16)]
    );
    let text = screen(&app, 120, 40);
    assert!(text.contains("History (3)"), "{text}");
    assert!(
        row_with(&text, "Score +36 points").contains("31 → 67"),
        "{text}"
    );

    press(&mut app, "u");
    assert_eq!(app.store().assessments(account).expect("read").len(), 4);
    let text = screen(&app, 120, 40);
    assert!(text.contains("History (4)"), "{text}");
    assert!(text.contains("2026-07-15"), "{text}");
}

/// y copies the selected assessment as the page shows it.
#[test]
fn copying_the_selected_assessment() {
    let mut app = history_app();
    press(&mut app, "j y");
    let copied = copied(&mut app).expect("something copied");
    let mut lines = copied.lines();
    assert_eq!(
        lines.next(),
        Some("Assessment of 2026-07-15 · Nordwerk Hydraulics")
    );
    assert_eq!(lines.next(), Some("Strategic score  52/100"));
    assert!(
        copied.contains(" Yes     Seen as, and proven, solutions provider"),
        "{copied}"
    );
    assert!(
        copied.contains(" ├─ Products              ◂ today"),
        "{copied}"
    );
}
