//! The prep brief (`b`) and "since last time" (`c`) in the interface: real
//! key presses drive an [`App`] on the demo portfolio, the views draw onto
//! ratatui's `TestBackend`, and the screen is read back as text.

use kam::domain::{BusinessIssue, Id, Importance, PlanStatus, YearRevenue};
use kam::store::Store;
use kam::tui::keymap::Context;

use crate::support::tui::{app_on, press, screen, today, type_text};

/// The demo portfolio with a few changes to the account that needs the
/// most attention (the one Enter opens): an issue made critical, a plan
/// agreed, and an issue in wide characters with an escape sequence in it.
/// Returns the store and that account's id and revenue.
fn prepared_store() -> (Store, Id, YearRevenue) {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today()).unwrap();
    let account = store.portfolio(today()).unwrap()[0].account.clone();
    let mut issue = store.issues(account.id).unwrap().pop().unwrap();
    issue.importance = Importance::Critical;
    store.save_issue(&issue).unwrap();
    let mut plan = store
        .account_plans(account.id)
        .unwrap()
        .into_iter()
        .find(|p| p.status == PlanStatus::Proposed)
        .unwrap();
    plan.status = PlanStatus::Agreed;
    store.save_plan(&plan).unwrap();
    let wide = BusinessIssue::new(account.id, "東京の工場 🚀 lines stop\u{1b}[2J");
    store.save_issue(&wide).unwrap();
    (store, account.id, account.latest_revenue().unwrap())
}

/// "2.38M", "186k": revenue as the views print it.
fn money(amount: i64) -> String {
    let (value, unit) = if amount >= 1_000_000 {
        (format!("{:.2}", amount as f64 / 1e6), "M")
    } else {
        (format!("{:.1}", amount as f64 / 1e3), "k")
    };
    value
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_string()
        + unit
}

/// The position a long page shows at its bottom: " 3–24 of 144 lines ".
fn position(text: &str) -> (usize, usize, usize) {
    let row = text
        .lines()
        .find(|l| l.ends_with(" lines ╯"))
        .unwrap_or_else(|| panic!("no position shown:\n{text}"));
    let numbers: Vec<usize> = row
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap())
        .collect();
    match numbers[..] {
        [.., start, end, total] => (start, end, total),
        _ => panic!("no position in {row:?}"),
    }
}

#[test]
fn b_opens_the_brief_full_screen_and_remembers_it_was_opened() {
    let (store, id, revenue) = prepared_store();
    let mut app = app_on(store);
    press(&mut app, "Enter");
    assert_eq!(app.store().last_brief_opened(id).unwrap(), None);
    press(&mut app, "b");
    assert_eq!(app.context(), Context::Brief);
    assert!(app.store().last_brief_opened(id).unwrap().is_some());

    // Tall enough for the demo's own recent history and the changes made
    // above, which come last (oldest first).
    let text = screen(&app, 120, 120);
    assert!(
        text.contains("Prep brief · Groupe Béranger Agroalimentaire"),
        "{text}"
    );
    for heading in [
        "SINCE LAST TIME",
        "Business issue changed",
        "Action plan changed",
    ] {
        assert!(text.contains(heading), "no {heading:?}:\n{text}");
    }
    assert!(text.contains("importance: "), "{text}");
    assert!(text.contains("status: Proposed → Agreed"), "{text}");
    assert!(
        text.contains(&format!(
            "revenue {} {}",
            revenue.year,
            money(revenue.amount)
        )),
        "{text}"
    );
    assert!(!text.contains("PRIVATE"), "{text}");
    assert!(
        !text.contains("Open  Overdue"),
        "the brief covers the workspace:\n{text}"
    );
}

#[test]
fn the_brief_scrolls_to_every_section_and_closes_on_esc() {
    let (store, _, _) = prepared_store();
    let mut app = app_on(store);
    press(&mut app, "Enter b");
    let (start, end, total) = position(&screen(&app, 80, 24));
    assert_eq!((start, end), (1, 21), "21 rows of text at 80×24");
    assert!(total > 100, "the demo account's brief is long");
    press(&mut app, "j");
    assert_eq!(position(&screen(&app, 80, 24)).0, 2);
    press(&mut app, "PageDown");
    assert_eq!(position(&screen(&app, 80, 24)).0, 22, "a page keeps a line");
    press(&mut app, "k");
    assert_eq!(position(&screen(&app, 80, 24)).0, 21);
    press(&mut app, "G");
    let bottom = screen(&app, 80, 24);
    let (_, end, total) = position(&bottom);
    assert_eq!(end, total, "G shows the end:\n{bottom}");
    assert!(bottom.contains("? Do they acknowledge it?"), "{bottom}");
    let mut seen = String::new();
    press(&mut app, "g");
    for _ in 0..40 {
        seen.push_str(&screen(&app, 80, 24));
        press(&mut app, "PageDown");
    }
    for heading in [
        "SINCE LAST TIME",
        "BUSINESS ISSUES",
        "LATEST PROOF STATEMENTS",
        "STAKEHOLDERS",
        "OPEN QUESTIONS",
    ] {
        assert!(seen.contains(heading), "never saw {heading:?}");
    }
    assert!(seen.contains("▸ "), "plans are listed under their issues");
    assert!(seen.contains("next: "), "with their next step");

    press(&mut app, "Esc");
    assert!(!app.should_quit(), "Esc closes the brief");
    assert_eq!(app.context(), Context::Overview);
    press(&mut app, "b b");
    assert_eq!(app.context(), Context::Overview, "b closes it too");
    press(&mut app, "b q");
    assert!(app.should_quit(), "q quits, as everywhere");
}

#[test]
fn private_mode_hides_the_figures_in_the_brief_at_once() {
    let (store, _, revenue) = prepared_store();
    let mut app = app_on(store);
    press(&mut app, "Enter b p");
    assert!(app.is_private());
    assert_eq!(app.context(), Context::Brief, "the brief stays open");
    let text = screen(&app, 120, 40);
    assert!(text.contains("PRIVATE MODE"), "{text}");
    // The status line (the last row) says what private mode hides.
    let brief: Vec<&str> = text.lines().take(39).collect();
    let brief = brief.join("\n");
    assert!(!brief.contains(&money(revenue.amount)), "{brief}");
    assert!(!brief.contains("share of wallet"), "{brief}");
    press(&mut app, "p");
    assert!(
        screen(&app, 120, 40).contains(&money(revenue.amount)),
        "p shows them again"
    );
}

#[test]
fn wide_characters_and_hostile_text_are_drawn_safely() {
    let (store, _, _) = prepared_store();
    let mut app = app_on(store);
    press(&mut app, "Enter b");
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen(&app, 120, 40));
        press(&mut app, "PageDown");
    }
    assert!(seen.contains("東京の工場 🚀 lines stop␛[2J"), "{seen}");
    assert!(!seen.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn c_shows_what_changed_since_a_typed_date() {
    let (store, _, _) = prepared_store();
    let mut app = app_on(store);
    press(&mut app, "Enter c");
    assert_eq!(app.context(), Context::Changes);
    let text = screen(&app, 120, 40);
    assert!(text.contains("Since last time · Groupe Béranger"), "{text}");
    assert!(text.contains("Business issue changed"), "{text}");
    assert!(text.contains("Action plan changed"), "{text}");
    assert!(text.contains("Business issue added"), "{text}");
    let changed = text.find("Business issue changed").unwrap();
    assert!(
        changed < text.rfind("Action plan changed").unwrap(),
        "in time order"
    );

    press(&mut app, "s");
    type_text(&mut app, "2099-01-01");
    assert!(screen(&app, 120, 40).contains("Changes since: 2099-01-01"));
    press(&mut app, "Enter");
    let later = screen(&app, 120, 40);
    assert!(later.contains("Nothing has changed."), "{later}");

    press(&mut app, "/");
    type_text(&mut app, "soon");
    press(&mut app, "Enter");
    assert!(screen(&app, 120, 40).contains("not a date"));
    press(&mut app, "Esc");
    type_text(&mut app, "s");
    type_text(&mut app, "2000-01-01");
    press(&mut app, "Enter");
    assert!(screen(&app, 120, 40).contains("Action plan changed"));
    press(&mut app, "c");
    assert_eq!(app.context(), Context::Overview);
}

#[test]
fn brief_and_changes_draw_at_any_size_without_panicking() {
    for keys in ["Enter b", "Enter c", "Enter c s"] {
        let (store, _, _) = prepared_store();
        let mut app = app_on(store);
        press(&mut app, keys);
        for (w, h) in [
            (120, 40),
            (80, 24),
            (40, 10),
            (20, 5),
            (1, 1),
            (200, 3),
            (3, 60),
        ] {
            let text = screen(&app, w, h);
            assert!(!text.is_empty() || w * h == 0);
        }
        let small = screen(&app, 80, 24);
        assert!(
            small.contains("Groupe Béranger"),
            "{keys} at 80×24:\n{small}"
        );
    }
}
