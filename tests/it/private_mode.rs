//! Meeting prep in pairs: private mode hides the confidential figures on
//! every screen and in every form; the command palette finds and runs any
//! action; `y` copies what the screen shows; the configuration file changes
//! keys and colours.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::domain::portfolio::AccountSummary;
use kam::store::Store;
use kam::tui::app::App;
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;

use crate::support::tui::copied;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo portfolio in memory, and the app on it with `keymap`.
fn demo_app_with(keymap: Keymap) -> App {
    let mut store = Store::open_in_memory().unwrap();
    kam::demo::load(&mut store, today()).unwrap();
    App::new(store, today(), Theme::new(false), keymap).unwrap()
}

fn demo_app() -> App {
    demo_app_with(Keymap::default_keys())
}

/// Presses each key of `keys`: characters, or `<Tab>`, `<Enter>`, `<Esc>`.
fn press(app: &mut App, keys: &str) {
    let mut rest = keys;
    while !rest.is_empty() {
        let (code, len) = match rest {
            r if r.starts_with("<Tab>") => (KeyCode::Tab, 5),
            r if r.starts_with("<Enter>") => (KeyCode::Enter, 7),
            r if r.starts_with("<Esc>") => (KeyCode::Esc, 5),
            r => {
                let c = r.chars().next().unwrap();
                (KeyCode::Char(c), c.len_utf8())
            }
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        rest = &rest[len..];
    }
}

/// The screen as text, one line per row.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(130, 40)).unwrap();
    terminal.draw(|f| draw::draw(app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The figures private mode must hide: every account's revenue and share
/// of wallet as the screens print them, and the plans' hours.
fn figures(app: &App) -> Vec<String> {
    let mut out = vec!["share of wallet".to_string(), "h billable".to_string()];
    for s in summaries(app) {
        if let Some(share) = s.account.share_of_wallet {
            out.push(format!(" {share}%"));
        }
        for year in &s.account.revenue_history {
            out.push(format!("{} {}", year.year, money(year.amount)));
        }
    }
    out
}

fn summaries(app: &App) -> Vec<AccountSummary> {
    app.store().portfolio(today()).unwrap()
}

/// Revenue as the views print it (mirrors the view's short form).
fn money(amount: i64) -> String {
    if amount >= 1_000_000 {
        format!("{:.2}", amount as f64 / 1e6)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
            + "M"
    } else {
        format!("{:.1}", amount as f64 / 1e3)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
            + "k"
    }
}

fn assert_hidden(app: &App, figures: &[String], what: &str) {
    let text = screen(app);
    for figure in figures {
        assert!(
            !text.contains(figure.as_str()),
            "{what} shows {figure:?} in private mode:\n{text}"
        );
    }
    assert!(
        text.contains("PRIVATE"),
        "{what} has no private-mode marker:\n{text}"
    );
    // One fixed mask everywhere: its width says nothing of the figure.
    let longer = format!("{}•", kam::text::MASK);
    assert!(
        !text.contains(&longer),
        "{what} masks a figure with its own width:\n{text}"
    );
}

#[test]
fn figures_show_normally_so_the_check_below_can_fail() {
    let mut app = demo_app();
    let figures = figures(&app);
    press(&mut app, "<Enter>");
    let text = screen(&app);
    assert!(text.contains("share of wallet"), "{text}");
    // The latest year's revenue and the year before's, on the overview.
    let years_shown = figures
        .iter()
        .filter(|f| f.starts_with("20") && text.contains(f.as_str()))
        .count();
    assert!(years_shown >= 2, "{text}");
    assert!(!text.contains("PRIVATE"));
}

#[test]
fn private_mode_hides_figures_on_every_screen_and_form() {
    let mut app = demo_app();
    let figures = figures(&app);
    press(&mut app, "p");
    assert!(app.is_private());
    assert_hidden(&app, &figures, "the portfolio");
    assert!(
        screen(&app).contains("•••"),
        "the portfolio columns should show dots"
    );
    press(&mut app, "e");
    assert_hidden(&app, &figures, "the account form");
    press(&mut app, "<Esc>");
    // Every account's workspace, with the plans pane and a plan popup.
    for i in 0..summaries(&app).len() {
        press(&mut app, "g");
        for _ in 0..i {
            press(&mut app, "j");
        }
        press(&mut app, "<Enter>");
        assert_hidden(&app, &figures, "the workspace");
        press(&mut app, "<Tab>");
        assert_hidden(&app, &figures, "the plans pane");
        press(&mut app, "<Enter>");
        assert_hidden(&app, &figures, "the plan popup");
        press(&mut app, "e");
        assert_hidden(&app, &figures, "the plan form");
        press(&mut app, "<Esc>");
        press(&mut app, "<Esc>");
        press(&mut app, "<Esc>");
    }
    press(&mut app, "p");
    assert!(!app.is_private());
    assert!(!screen(&app).contains("PRIVATE"));
}

#[test]
fn the_palette_finds_an_action_by_name_and_runs_it() {
    let mut app = demo_app();
    press(&mut app, ":");
    assert!(screen(&app).contains("Command palette"));
    press(&mut app, "private");
    let text = screen(&app);
    assert!(text.contains("private mode"), "{text}");
    assert!(
        !text.contains("quit kam"),
        "the list should be filtered:\n{text}"
    );
    press(&mut app, "<Enter>");
    assert!(app.is_private());
    assert!(!screen(&app).contains("Command palette"));
}

#[test]
fn copy_puts_the_selected_record_on_the_clipboard() {
    let mut app = demo_app();
    press(&mut app, "<Enter><Tab>y");
    let plan = copied(&mut app).expect("something was copied");
    assert!(plan.contains("Status · owner · due"), "{plan}");
    assert!(plan.contains("h billable"), "{plan}");
    assert!(screen(&app).contains("Copied the action plan"));
    // In private mode the copy hides the same figures as the screen.
    press(&mut app, "py");
    let private = copied(&mut app).unwrap();
    assert!(
        !private.contains("h billable") && private.contains("hidden"),
        "{private}"
    );
    assert!(copied(&mut app).is_none(), "a copy is sent once");
}

#[test]
fn configured_keys_drive_the_app() {
    let settings = kam::config::parse("[keys.portfolio]\nopen = [\"o\"]\n", false).unwrap();
    let mut app = demo_app_with(Keymap::configured(&settings.keys).unwrap());
    press(&mut app, "<Enter>");
    assert!(screen(&app).contains("Portfolio"), "Enter no longer opens");
    press(&mut app, "o");
    assert!(screen(&app).contains("Business issues"));
}

#[test]
fn copy_in_the_brief_takes_the_whole_brief_as_markdown() {
    let mut app = demo_app();
    press(&mut app, "<Enter>b");
    press(&mut app, "y");
    let brief = copied(&mut app).expect("the brief was copied");
    assert!(brief.starts_with('#'), "{brief}");
    // Béranger, the first account, has a 38 % share of wallet.
    let share = |text: &str| text.contains("38 %") || text.contains("38%");
    assert!(share(&brief), "{brief}");
    assert!(screen(&app).contains("Copied the brief"));
    press(&mut app, "p");
    press(&mut app, "y");
    let private = copied(&mut app).unwrap();
    assert!(
        !share(&private) && private.contains("Figures hidden"),
        "{private}"
    );
}
