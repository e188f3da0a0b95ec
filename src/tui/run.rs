//! The terminal's lifecycle and the event loop.

use std::io::{IsTerminal, stdout};

use anyhow::{Context as _, Result, bail};
use chrono::Local;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::DefaultTerminal;

use super::app::App;
use super::keymap::Keymap;
use super::theme::Theme;
use super::{editor, views};
use crate::store::Store;

/// Runs the interface on `store` until the user quits, showing `notice`
/// (e.g. a failed backup) in the status line first. The terminal is
/// restored on every way out, panics included.
pub fn run(store: Store, notice: Option<String>) -> Result<()> {
    require_terminal()?;
    let today = Local::now().date_naive();
    let mut app = App::new(store, today, Theme::from_env(), Keymap::default_keys())?;
    if let Some(text) = notice {
        app.notice(text);
    }
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app);
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Fails with a clear message unless standard input and output are a
/// terminal; checked before anything is opened or created.
pub fn require_terminal() -> Result<()> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("kam's interface needs a terminal; for scripts use a subcommand (see kam --help)");
    }
    Ok(())
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.should_quit() {
        terminal.draw(|frame| views::draw(app, frame))?;
        match event::read().context("reading the keyboard")? {
            Event::Key(key) => app.handle_key(key),
            Event::Paste(text) => app.paste(&text),
            _ => {}
        }
        app.set_today(Local::now().date_naive());
        if let Some(text) = app.take_editor_request() {
            let result = suspended(terminal, || editor::edit_text(&text))?;
            app.editor_finished(result);
        }
    }
    Ok(())
}

/// Gives the terminal to `f` (an external editor) and takes it back.
fn suspended<T>(terminal: &mut DefaultTerminal, f: impl FnOnce() -> T) -> Result<T> {
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    let value = f();
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    terminal.clear()?;
    Ok(value)
}
