//! The terminal's lifecycle and the event loop.

use std::io::{IsTerminal, stdout};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use chrono::Local;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::DefaultTerminal;

use crate::config::Settings;
use crate::domain::Id;
use crate::store::Store;
use crate::tui::app::{App, Request, typed_char};
use crate::tui::keymap::Keymap;
use crate::tui::signals::Signals;
use crate::tui::theme::Theme;
use crate::tui::{draw, editor};

/// How long the loop waits for an event before it looks for a new day and
/// for changes another window made to the file.
const TICK: Duration = Duration::from_millis(250);

/// How long the loop looks for more events already on their way before it
/// draws. Not zero: crossterm's reader of the terminal returns what it has
/// already read only when given time to wait.
const PENDING: Duration = Duration::from_millis(1);

/// How the interface starts.
#[derive(Debug)]
pub struct Options {
    /// Keys, colours and health weights.
    pub settings: Settings,
    /// Start in private mode, figures hidden.
    pub private: bool,
    /// Messages for the status line (a failed backup, a bad config file).
    pub notices: Vec<String>,
    /// The account to open at once (`kam open`), instead of the portfolio.
    pub start: Option<Start>,
}

/// An account the interface opens on as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// The account.
    pub account: Id,
    /// Whether its prep brief opens over it.
    pub brief: bool,
}

/// Runs the interface on `store` until the user quits. The terminal is
/// restored on every way out, panics and ending signals included; a signal
/// ends the run with a [`crate::tui::signals::Signalled`] error.
pub fn run(store: Store, options: Options) -> Result<()> {
    require_terminal()?;
    let signals = Signals::watch().context("watching for signals")?;
    editor::remove_leftovers();
    let today = Local::now().date_naive();
    let Settings {
        keys,
        colors,
        weights,
        currency,
    } = options.settings;
    let keymap = Keymap::configured(&keys).map_err(anyhow::Error::msg)?;
    let theme = Theme::configured(colors.as_ref());
    // crossterm drops colours under NO_COLOR on its own; the settings have
    // already decided (`--color always` wins over NO_COLOR).
    crossterm::style::Colored::set_ansi_color_disabled(colors.is_none());
    let mut app = App::new(store, today, theme, keymap)?;
    app.set_weights(weights);
    app.set_currency(currency);
    app.set_private(options.private);
    for text in options.notices {
        app.notice(text);
    }
    if let Some(start) = options.start {
        app.open_account(start.account, start.brief);
    }
    let mut terminal = ratatui::init();
    let _ = execute!(stdout(), EnableBracketedPaste);
    turn_bracketed_paste_off_on_panic();
    let result = event_loop(&mut terminal, &mut app, &signals);
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Extends the panic hook `ratatui::init` installed, which leaves raw mode
/// and the alternate screen, so that a panic turns bracketed paste off too
/// before its message is printed: the shell after kam gets pasted text as
/// it was copied.
fn turn_bracketed_paste_off_on_panic() {
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        restore(info);
    }));
}

/// Fails with a clear message unless standard input and output are a
/// terminal; checked before anything is opened or created.
pub fn require_terminal() -> Result<()> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("kam's interface needs a terminal; for scripts use a subcommand (see kam --help)");
    }
    Ok(())
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, signals: &Signals) -> Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let panic_asked = asked_to_panic();
    while !app.should_quit() {
        signals.check()?;
        terminal.draw(|frame| draw::draw(app, frame))?;
        if panic_asked {
            panic!("KAM_DEBUG_PANIC is set: the interface panics on purpose");
        }
        if event::poll(TICK).context("reading the keyboard")? {
            handle_pending(terminal, app)?;
        }
        app.tick(Local::now().date_naive());
    }
    Ok(())
}

/// Whether the interface is to panic once it has drawn its first frame:
/// only in a debug build with `KAM_DEBUG_PANIC` set, so that the tests can
/// prove a panic gives the terminal back and leaves its message readable.
/// Release builds have no such way to panic.
fn asked_to_panic() -> bool {
    cfg!(debug_assertions) && std::env::var_os("KAM_DEBUG_PANIC").is_some()
}

/// Handles every event already waiting, in order, before the next frame: a
/// long burst of keys (text pasted without bracketed paste) costs one
/// frame, and its characters go into a text field as one insertion.
fn handle_pending(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    let mut pending = vec![event::read().context("reading the keyboard")?];
    while event::poll(PENDING).context("reading the keyboard")? {
        pending.push(event::read().context("reading the keyboard")?);
    }
    let mut events = pending.into_iter().peekable();
    while let Some(event) = events.next() {
        if app.should_quit() {
            break;
        }
        match event {
            Event::Key(key) if typed_char(key).is_some() => {
                let mut keys = vec![key];
                while let Some(&Event::Key(next)) = events.peek()
                    && typed_char(next).is_some()
                {
                    keys.push(next);
                    events.next();
                }
                app.type_keys(&keys);
            }
            Event::Key(key) => app.handle_key(key),
            Event::Paste(text) => app.paste(&text),
            Event::Resize(width, height) => app.resize(width, height),
            _ => {}
        }
        serve_requests(terminal, app)?;
    }
    Ok(())
}

/// Does what the app asked of the terminal: copy to the clipboard, run the
/// external editor.
fn serve_requests(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    for request in app.take_requests() {
        match request {
            Request::Copy(text) => copy_to_clipboard(&text),
            Request::Edit(text) => {
                let result = suspended(terminal, || editor::edit_text(&text))?;
                app.editor_finished(result);
            }
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

/// Sends `text` to the terminal's clipboard with the OSC 52 sequence, which
/// works over SSH and inside tmux. Terminals without it ignore it.
fn copy_to_clipboard(text: &str) {
    use std::io::Write as _;
    let mut out = stdout();
    let _ = out.write_all(clipboard_sequence(text).as_bytes());
    let _ = out.flush();
}

/// The OSC 52 sequence that puts `text` on the clipboard. It ends with BEL,
/// the ending xterm brought in, rather than the standard ST (`ESC \`): the
/// terminals that read OSC 52 take BEL, and some of them take nothing else.
fn clipboard_sequence(text: &str) -> String {
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, text);
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    use crate::tui::run::clipboard_sequence;

    #[test]
    fn the_clipboard_sequence_is_osc_52_ended_by_bel() {
        assert_eq!(clipboard_sequence("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(clipboard_sequence("Köln"), "\x1b]52;c;S8O2bG4=\x07");
    }
}
