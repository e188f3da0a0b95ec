//! What a screen asks of the application after a key: one type for every
//! screen, applied in one place ([`crate::tui::app::App`]).

use chrono::{DateTime, Utc};

use super::action::Action;
use super::command::Command;
use super::screen::Screen;
use super::screens::account::pages::Page;
use crate::domain::Id;

/// How the status line colours its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something was saved or done.
    Ok,
    /// Something failed.
    Error,
}

/// What the application does after a screen handled a key or a paste.
pub enum Effect {
    /// Nothing more: the screen changed its own state, if anything.
    Stay,
    /// Close the screen: a window over the others closes; an account, the
    /// agenda or the map goes back to the portfolio.
    Close,
    /// Run a command against the store; the screen stays.
    Run(Command),
    /// Run a command; when it succeeds a window closes (the main screen
    /// stays, read again), when it fails the screen is told
    /// ([`Screen::failed`]) and stays open.
    Submit(Command),
    /// Say something in the status line.
    Say(Tone, String),
    /// Put text on the clipboard; the first part says what it is.
    Copy(&'static str, String),
    /// Edit text in `$EDITOR`; the result goes back to the screen
    /// ([`Screen::edited`]).
    Edit(String),
    /// Open a screen over this one.
    Open(Box<dyn Screen>),
    /// Show a screen in place of the main one, e.g. the agenda or the map.
    Show(Box<dyn Screen>),
    /// Open an account on `page`, with `record` selected if given.
    Visit {
        /// The account.
        account_id: Id,
        /// The page it opens on.
        page: Page,
        /// The record selected.
        record: Option<Id>,
    },
    /// The brief of `account_id` was opened: "since last time" starts at
    /// the given moment for the rest of the session, and the opening is
    /// recorded (unless the database is read-only).
    BriefOpened(Id, DateTime<Utc>),
    /// An action the screen leaves to the application: help, the palette,
    /// search, undo, private mode, quitting.
    Pass(Action),
    /// Perform an action on the screen now on top, as if its key was
    /// pressed there (the palette's choice, after it closed).
    Act(Action),
    /// Leave kam.
    Quit,
    /// Several effects, in order; a command among them that fails stops
    /// the rest.
    All(Vec<Effect>),
}

impl Effect {
    /// Says `text` as information.
    pub fn info(text: impl Into<String>) -> Self {
        Self::Say(Tone::Info, text.into())
    }

    /// Says `text` as an error.
    pub fn error(text: impl Into<String>) -> Self {
        Self::Say(Tone::Error, text.into())
    }

    /// The effect of a store read that may fail: `ok` when it worked, else
    /// the error said in the status line.
    pub fn or_error<T, E: std::fmt::Display>(
        result: Result<T, E>,
        ok: impl FnOnce(T) -> Effect,
    ) -> Self {
        match result {
            Ok(value) => ok(value),
            Err(e) => Self::error(e.to_string()),
        }
    }
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stay => f.write_str("Stay"),
            Self::Close => f.write_str("Close"),
            Self::Run(c) => f.debug_tuple("Run").field(c).finish(),
            Self::Submit(c) => f.debug_tuple("Submit").field(c).finish(),
            Self::Say(tone, text) => f.debug_tuple("Say").field(tone).field(text).finish(),
            Self::Copy(what, _) => f.debug_tuple("Copy").field(what).finish(),
            Self::Edit(_) => f.write_str("Edit"),
            Self::Open(s) => f.debug_tuple("Open").field(&s.context()).finish(),
            Self::Show(s) => f.debug_tuple("Show").field(&s.context()).finish(),
            Self::Visit {
                account_id,
                page,
                record,
            } => f
                .debug_struct("Visit")
                .field("account_id", account_id)
                .field("page", page)
                .field("record", record)
                .finish(),
            Self::BriefOpened(id, since) => {
                f.debug_tuple("BriefOpened").field(id).field(since).finish()
            }
            Self::Pass(a) => f.debug_tuple("Pass").field(a).finish(),
            Self::Act(a) => f.debug_tuple("Act").field(a).finish(),
            Self::Quit => f.write_str("Quit"),
            Self::All(effects) => f.debug_list().entries(effects).finish(),
        }
    }
}
