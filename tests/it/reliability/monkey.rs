//! Thousands of random key events against the real app state: no panic, every invariant holds.
//!
//! The monkey presses every key the keymap knows, random characters,
//! Ctrl and Alt chords and named keys, pastes text with bracketed paste
//! (the paste event) and without (the characters typed in a row, as the
//! terminal loop hands them on), resizes the terminal from 1×1 to 300×100
//! and draws every frame, over the demo portfolio and over an empty
//! database. A quit starts a new app on the same file; `$EDITOR` is never
//! run: the monkey answers for it. Afterwards the file keeps every
//! invariant and opens again.
//!
//! Each run has a seed, told when it fails: `KAM_SEED=N` plays that run
//! again; `KAM_ROUNDS=N` makes it N times longer.

use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use kam::store::Store;
use kam::tui::app::{App, Request, typed_char};
use kam::tui::draw;
use kam::tui::keymap::KeyCombo;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::support::hostile::SAMPLES;
use crate::support::rounds::rounds;
use crate::support::sandbox::Sandbox;
use crate::support::tui::{app_on, today};

/// Events per database in a default run.
const EVENTS: usize = 3_000;

/// One event in this many is followed by a frame, and every resize: a
/// frame costs more than an event, and the terminal loop draws once for
/// all the events that arrived together.
const DRAWN: u32 = 3;

/// How many of the last events a failure shows.
const SHOWN: usize = 40;

/// One thing that happens to the interface.
#[derive(Debug, Clone)]
enum Event {
    /// A key press (or, now and then, a release or repeat).
    Key(KeyEvent),
    /// Text pasted with bracketed paste: one paste event.
    Paste(String),
    /// Text pasted without it: a burst of keys, characters typed in a row.
    Burst(String),
    /// The terminal took a new size.
    Resize(u16, u16),
    /// Time passed: the loop's tick looks for a new day and for changes.
    Tick,
}

/// Where the monkey's keys and text come from, and its dice.
struct Monkey {
    rng: fastrand::Rng,
    /// Every key a section of the default keymap binds.
    bound: Vec<KeyEvent>,
}

impl Monkey {
    fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
            bound: bound_keys(),
        }
    }

    fn next(&mut self) -> Event {
        match self.rng.u32(0..100) {
            0..40 => Event::Key(self.bound[self.rng.usize(..self.bound.len())]),
            40..50 => Event::Key(plain(KeyCode::Char(self.character()))),
            50..58 => Event::Key(self.decisive()),
            58..64 => Event::Key(self.chord()),
            64..70 => Event::Key(self.named()),
            70..74 => Event::Key(self.odd_kind()),
            74..82 => Event::Paste(self.text()),
            82..90 => Event::Burst(self.text()),
            90..95 => Event::Resize(self.size(300), self.size(100)),
            _ => Event::Tick,
        }
    }

    /// A character of any kind: often one a form takes (letters, digits,
    /// a date's or an amount's punctuation), else from the hostile
    /// samples, else any Unicode scalar value.
    fn character(&mut self) -> char {
        match self.rng.u32(0..10) {
            0..5 => {
                const COMMON: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:;/%@#?!()[]{}<>'\"";
                char::from(COMMON[self.rng.usize(..COMMON.len())])
            }
            5..8 => {
                let sample = SAMPLES[self.rng.usize(..SAMPLES.len())];
                let chars: Vec<char> = sample.chars().collect();
                chars[self.rng.usize(..chars.len())]
            }
            _ => self.rng.char(..),
        }
    }

    /// A key that ends something: saves a form (Ctrl-S), confirms (y),
    /// goes on (Enter), goes back (Esc) or undoes (u).
    fn decisive(&mut self) -> KeyEvent {
        match self.rng.u32(0..5) {
            0 => KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
            1 => plain(KeyCode::Char('y')),
            2 => plain(KeyCode::Enter),
            3 => plain(KeyCode::Esc),
            _ => plain(KeyCode::Char('u')),
        }
    }

    /// Ctrl or Alt with any character, Ctrl-C included (asked first over
    /// unsaved typing, quits otherwise).
    fn chord(&mut self) -> KeyEvent {
        let modifiers = match self.rng.u32(0..4) {
            0..2 => KeyModifiers::CONTROL,
            2 => KeyModifiers::ALT,
            _ => KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT,
        };
        let c = if self.rng.bool() {
            self.rng.lowercase()
        } else {
            self.character()
        };
        KeyEvent::new(KeyCode::Char(c), modifiers)
    }

    /// A key with a name, bound or not.
    fn named(&mut self) -> KeyEvent {
        let code = match self.rng.u32(0..20) {
            0 => KeyCode::Enter,
            1 => KeyCode::Esc,
            2 => KeyCode::Tab,
            3 => KeyCode::BackTab,
            4 => KeyCode::Backspace,
            5 => KeyCode::Delete,
            6 => KeyCode::Insert,
            7 => KeyCode::Home,
            8 => KeyCode::End,
            9 => KeyCode::PageUp,
            10 => KeyCode::PageDown,
            11 => KeyCode::Up,
            12 => KeyCode::Down,
            13 => KeyCode::Left,
            14 => KeyCode::Right,
            15 => KeyCode::F(self.rng.u8(1..=24)),
            16 => KeyCode::Null,
            17 => KeyCode::CapsLock,
            18 => KeyCode::Menu,
            _ => KeyCode::Char(' '),
        };
        let modifiers = match self.rng.u32(0..6) {
            0 => KeyModifiers::SHIFT,
            1 => KeyModifiers::CONTROL,
            2 => KeyModifiers::ALT,
            _ => KeyModifiers::NONE,
        };
        KeyEvent::new(code, modifiers)
    }

    /// A bound key released or repeated, as terminals with the kitty
    /// protocol report them.
    fn odd_kind(&mut self) -> KeyEvent {
        let mut key = self.bound[self.rng.usize(..self.bound.len())];
        key.kind = if self.rng.bool() {
            KeyEventKind::Release
        } else {
            KeyEventKind::Repeat
        };
        key
    }

    /// Text to paste: a few hostile samples and words, now and then
    /// thousands of characters, with line ends.
    fn text(&mut self) -> String {
        let parts = match self.rng.u32(0..10) {
            0 => self.rng.usize(200..2_000),
            _ => self.rng.usize(1..8),
        };
        let mut text = String::new();
        for _ in 0..parts {
            match self.rng.u32(0..4) {
                0 => text.push_str(SAMPLES[self.rng.usize(..SAMPLES.len())]),
                1 => text.push('\n'),
                2 => text.push_str(
                    ["2026-11-23", "1.5M", "42", "-7", "12.5 %", "Anna Berg, COO"]
                        [self.rng.usize(..6)],
                ),
                _ => text.push(self.character()),
            }
        }
        text
    }

    /// A side of the terminal from 1 to `most`, small sides often.
    fn size(&mut self, most: u16) -> u16 {
        match self.rng.u32(0..4) {
            0 => self.rng.u16(1..=12),
            _ => self.rng.u16(1..=most),
        }
    }
}

/// A key press with no modifier.
fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Every key any section of the default keymap binds, as its key event.
fn bound_keys() -> Vec<KeyEvent> {
    let table: toml::Table = kam::config::DEFAULT_KEYMAP
        .parse()
        .expect("the default keymap is TOML");
    let mut keys: Vec<KeyEvent> = table
        .values()
        .filter_map(toml::Value::as_table)
        .flat_map(|section| section.values())
        .filter_map(toml::Value::as_array)
        .flatten()
        .filter_map(toml::Value::as_str)
        .map(key_named)
        .collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    keys.dedup();
    keys
}

/// The key event for a key as the keymap names it ("ctrl-d", "G", "f1").
fn key_named(name: &str) -> KeyEvent {
    KeyCombo::parse(name)
        .unwrap_or_else(|e| panic!("the default keymap names {name}: {e}"))
        .event()
}

/// The interface as the terminal loop runs it, on a test terminal.
struct Driven<'s> {
    sandbox: &'s Sandbox,
    app: App,
    terminal: Terminal<TestBackend>,
    /// How many times the monkey quit and a new app started.
    restarts: usize,
}

impl<'s> Driven<'s> {
    fn new(sandbox: &'s Sandbox) -> Self {
        let mut driven = Self {
            sandbox,
            app: app_on(sandbox.store()),
            terminal: Terminal::new(TestBackend::new(120, 40)).expect("test terminal"),
            restarts: 0,
        };
        driven.app.resize(120, 40);
        driven
    }

    /// Hands `event` to the app as the terminal loop would, serves what it
    /// asks of the terminal, and draws the next frame when `draw` (the loop
    /// draws once for all the events that arrived together).
    fn play(&mut self, event: &Event, draw: bool, rng: &mut fastrand::Rng) {
        match event {
            Event::Key(key) => self.app.handle_key(*key),
            Event::Paste(text) => self.app.paste(text),
            Event::Burst(text) => self.burst(text),
            Event::Resize(width, height) => {
                self.terminal.backend_mut().resize(*width, *height);
                self.app.resize(*width, *height);
            }
            Event::Tick => self.app.tick(today()),
        }
        self.serve(rng);
        if self.app.should_quit() {
            self.restarts += 1;
            let size = self.terminal.size().expect("test terminal size");
            self.app = app_on(self.sandbox.store());
            self.app.resize(size.width, size.height);
        }
        if draw {
            self.terminal
                .draw(|frame| draw::draw(&self.app, frame))
                .expect("drawing to a test terminal");
        }
    }

    /// Text pasted without bracketed paste: runs of typed characters go in
    /// together, every other key (a line end is Enter, a tab Tab) alone.
    fn burst(&mut self, text: &str) {
        let keys: Vec<KeyEvent> = text
            .chars()
            .map(|c| match c {
                '\n' | '\r' => plain(KeyCode::Enter),
                '\t' => plain(KeyCode::Tab),
                c => plain(KeyCode::Char(c)),
            })
            .collect();
        let mut rest = keys.as_slice();
        while let Some(first) = rest.first() {
            if self.app.should_quit() {
                return;
            }
            let typed = rest
                .iter()
                .take_while(|k| typed_char(**k).is_some())
                .count();
            if typed == 0 {
                self.app.handle_key(*first);
                rest = &rest[1..];
            } else {
                self.app.type_keys(&rest[..typed]);
                rest = &rest[typed..];
            }
        }
    }

    /// Serves the app's requests without leaving the test: the clipboard
    /// takes nothing, and `$EDITOR` answers at once, with the text as it
    /// was, changed, or an error.
    fn serve(&mut self, rng: &mut fastrand::Rng) {
        for request in self.app.take_requests() {
            if let Request::Edit(text) = request {
                let answer = match rng.u32(0..4) {
                    0 => Ok(text),
                    1 => Ok(format!("{text}\n{}", SAMPLES[rng.usize(..SAMPLES.len())])),
                    2 => Ok(String::new()),
                    _ => Err(std::io::Error::other("the editor failed")),
                };
                self.app.editor_finished(answer);
            }
        }
    }
}

/// The seed of this run: `KAM_SEED` when set, else a new one.
fn seed() -> u64 {
    match std::env::var("KAM_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("KAM_SEED must be a whole number, not {text:?}")),
        Err(_) => fastrand::u64(..),
    }
}

/// Lets the monkey loose on the database `sandbox` holds for `events`
/// events; a panic is told with the seed and the last events before it.
/// Returns how many times the app was started again after a quit.
fn run_monkey(sandbox: &Sandbox, what: &str, seed: u64, events: usize) -> usize {
    let mut monkey = Monkey::new(seed);
    let mut answers = fastrand::Rng::with_seed(seed ^ 0x5eed);
    let mut driven = Driven::new(sandbox);
    let mut last: VecDeque<Event> = VecDeque::with_capacity(SHOWN);
    for n in 0..events {
        let event = monkey.next();
        let draw = matches!(event, Event::Resize(..)) || monkey.rng.u32(0..DRAWN) == 0;
        if last.len() == SHOWN {
            last.pop_front();
        }
        last.push_back(event.clone());
        let played = catch_unwind(AssertUnwindSafe(|| driven.play(&event, draw, &mut answers)));
        if let Err(panic) = played {
            eprintln!(
                "The monkey broke kam on {what} at event {n} of {events}; \
                 replay with KAM_SEED={seed}. The last events:\n{last:#?}"
            );
            resume_unwind(panic);
        }
    }
    driven.restarts
}

/// The monkey's run on `sandbox`, then the checks: every invariant holds
/// and the file opens again.
fn monkey_on(sandbox: &Sandbox, what: &str) {
    let seed = seed();
    let events = rounds(EVENTS);
    let restarts = run_monkey(sandbox, what, seed, events);
    let store = Store::open(sandbox.db()).unwrap_or_else(|e| {
        panic!("after the monkey (KAM_SEED={seed}) on {what}, the file does not open: {e}")
    });
    let violations = store
        .invariant_violations()
        .expect("checking the invariants");
    assert!(
        violations.is_empty(),
        "after the monkey (KAM_SEED={seed}) on {what}, kam's invariants are broken:\n{}",
        violations.join("\n")
    );
    let counts = store.counts().expect("counting the records");
    eprintln!(
        "monkey on {what}: seed {seed}, {events} events, {restarts} restarts, \
         left {counts:?}, every invariant holds"
    );
}

#[test]
fn the_monkey_breaks_nothing_on_the_demo() {
    let sandbox = Sandbox::new();
    let mut store = sandbox.store();
    kam::demo::load(&mut store, today()).expect("loading the demo");
    drop(store);
    monkey_on(&sandbox, "the demo");
}

#[test]
fn the_monkey_breaks_nothing_on_an_empty_database() {
    let sandbox = Sandbox::new();
    drop(sandbox.store());
    monkey_on(&sandbox, "an empty database");
}

#[test]
fn the_monkey_presses_every_bound_key() {
    let keys = bound_keys();
    for key in [
        "ctrl-c", "ctrl-u", "backtab", "G", "?", "f1", "enter", "delete",
    ] {
        assert!(keys.contains(&key_named(key)), "{key} is not pressed");
    }
}
