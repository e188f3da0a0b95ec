//! The harness of the interface tests: an [`App`] on a fixed "today" with
//! the monochrome theme and the default keys, driven by key presses and
//! drawn onto ratatui's `TestBackend`, the buffer read back as text.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kam::store::Store;
use kam::tui::app::{App, Request};
use kam::tui::draw;
use kam::tui::keymap::Keymap;
use kam::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// The day every test runs on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// An app on `store`, monochrome, with the default keys.
pub fn app_on(store: Store) -> App {
    App::new(store, today(), Theme::new(false), Keymap::default_keys()).expect("the app starts")
}

/// The key event for one token of [`press`].
pub fn key(token: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match token {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "BackTab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Space" => plain(KeyCode::Char(' ')),
        "Backspace" => plain(KeyCode::Backspace),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "PageDown" => plain(KeyCode::PageDown),
        _ => {
            let mut chars = token.chars();
            match (chars.next(), chars.next(), chars.next(), chars.next()) {
                (Some(c), None, _, _) if c.is_uppercase() => {
                    KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
                }
                (Some(c), None, _, _) => plain(KeyCode::Char(c)),
                (Some('C'), Some('-'), Some(c), None) => {
                    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
                }
                _ => panic!("unknown key token {token:?}"),
            }
        }
    }
}

/// Presses the keys in `keys`, separated by spaces, as a user would: a
/// single character ("j", "E", "?"), a named key ("Enter", "Tab", "Esc",
/// "Space", "Backspace", "PageDown", …) or a control chord ("C-s").
pub fn press(app: &mut App, keys: &str) {
    for token in keys.split_whitespace() {
        app.handle_key(key(token));
    }
}

/// Types `text` one character at a time, as into a text field.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// Draws `app` on a `width`×`height` test terminal and returns the buffer.
pub fn render(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| draw::draw(app, frame))
        .expect("drawing to a test terminal");
    terminal.backend().buffer().clone()
}

/// The buffer as one string per row. The cells hidden under a wide
/// character are skipped, so each row is exactly as wide, in terminal
/// columns, as the buffer, unless a cell is broken.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut hidden = 0;
            for x in area.left()..area.right() {
                let symbol = buffer[(x, y)].symbol();
                if hidden > 0 {
                    hidden -= 1;
                    continue;
                }
                row.push_str(symbol);
                hidden = symbol.width().saturating_sub(1);
            }
            row
        })
        .collect()
}

/// What the user sees: the rows of the screen, trailing blanks trimmed so
/// that snapshots survive editors.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let lines: Vec<String> = rows(&render(app, width, height))
        .iter()
        .map(|r| r.trim_end().to_string())
        .collect();
    lines.join("\n")
}

/// The text the app last asked to put on the clipboard, taking every
/// request it made.
pub fn copied(app: &mut App) -> Option<String> {
    (app.take_requests().into_iter().rev()).find_map(|r| match r {
        Request::Copy(text) => Some(text),
        Request::Edit(_) => None,
    })
}

/// The text the app last asked `$EDITOR` to edit, taking every request it
/// made.
pub fn editor_asked(app: &mut App) -> Option<String> {
    (app.take_requests().into_iter().rev()).find_map(|r| match r {
        Request::Edit(text) => Some(text),
        Request::Copy(_) => None,
    })
}
