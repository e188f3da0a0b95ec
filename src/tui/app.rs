//! The application state and its one flow: a key becomes an action through
//! the keymap, the focused view turns it into state changes or a
//! [`Command`], and [`App::run`] executes commands against the store and
//! reloads what changed.
mod leaving;
mod live;
mod typing;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{KeyEvent, KeyEventKind};

pub use self::typing::typed_char;

use crate::domain::Id;
use crate::domain::insight::{Insight, Weights};
use crate::domain::portfolio::AccountSummary;
use crate::store::{Store, StoreError, UndoInfo};
use crate::tui::action::Action;
use crate::tui::command::{self, Command, Kind};
use crate::tui::editor;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Context, Keymap, is_ctrl_c};
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::Workspace;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::agenda::AgendaView;
use crate::tui::screens::confirm::Confirm;
use crate::tui::screens::forms::Form;
use crate::tui::screens::help::Help;
use crate::tui::screens::palette::Palette;
use crate::tui::screens::portfolio::Portfolio;
use crate::tui::screens::search::SearchView;
use crate::tui::screens::why::Why;
use crate::tui::theme::Theme;

pub use crate::tui::effect::Tone;

/// The main screen under the windows.
pub enum Main {
    /// One account open.
    Workspace(Box<Workspace>),
    /// The portfolio (or the welcome on an empty database), the agenda or
    /// the map.
    Screen(Box<dyn Screen>),
}

/// The last message, shown in the status line until the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say.
    pub text: String,
    /// How to colour it.
    pub tone: Tone,
}

/// The whole interface state.
pub struct App {
    pub(crate) store: Store,
    pub(crate) today: NaiveDate,
    pub(crate) theme: Theme,
    pub(crate) keymap: Keymap,
    pub(crate) screen: Main,
    pub(crate) portfolio: Vec<AccountSummary>,
    /// The account last selected on the portfolio, selected again when
    /// the portfolio comes back.
    last_account: Option<Id>,
    /// How much each factor counts in account health.
    pub(crate) weights: Weights,
    /// What kam derives about every account, by name; recomputed on each
    /// reload.
    pub(crate) insights: Vec<Insight>,
    /// The windows over the main screen and its popup, the last on top.
    pub(crate) windows: Vec<Box<dyn Screen>>,
    pub(crate) status: Option<Status>,
    pub(crate) undo: Option<UndoInfo>,
    pub(crate) private: bool,
    /// The account whose brief was opened this session, and where its
    /// "since last time" started.
    pub(crate) brief_since: Option<(Id, DateTime<Utc>)>,
    pub(crate) clipboard: Option<String>,
    pub(crate) quit: bool,
    pub(crate) editor_request: Option<String>,
    /// The last key was `Ctrl-E` on an encrypted database and kam said the
    /// editor would read a plain file on disk: another `Ctrl-E` goes ahead.
    pub(crate) editor_warned: bool,
    /// The seed the matching test is shuffled with, when fixed.
    pub(crate) matching_seed: Option<u64>,
    /// The store's data version when the views were last read.
    pub(crate) seen_version: i64,
    /// Whether the terminal is below the smallest size kam draws in.
    pub(crate) too_small: bool,
}

impl App {
    /// Starts on the portfolio, or on the welcome screen when the database
    /// is empty.
    pub fn new(
        store: Store,
        today: NaiveDate,
        theme: Theme,
        keymap: Keymap,
    ) -> Result<Self, StoreError> {
        let path = crate::text::path(store.path());
        let mut app = Self {
            store,
            today,
            theme,
            keymap,
            screen: Main::Screen(Box::new(Portfolio::new(&path, None))),
            portfolio: Vec::new(),
            last_account: None,
            weights: Weights::default(),
            insights: Vec::new(),
            windows: Vec::new(),
            status: None,
            undo: None,
            private: false,
            brief_since: None,
            clipboard: None,
            quit: false,
            editor_request: None,
            editor_warned: false,
            matching_seed: None,
            seen_version: 0,
            too_small: false,
        };
        app.seen_version = app.store.data_version()?;
        app.reload(None)?;
        if app.store.is_read_only() {
            let why = match app.store.read_only_error() {
                StoreError::DiskFull => "The disk is full",
                _ => "Read-only database",
            };
            app.say(
                Tone::Error,
                format!("{why}: you can look, but changes cannot be saved."),
            );
        }
        Ok(app)
    }

    /// Shows `text` in the status line as information, e.g. a warning from
    /// before the interface started.
    pub fn notice(&mut self, text: impl Into<String>) {
        self.say(Tone::Info, text);
    }

    /// Whether private mode hides confidential figures.
    pub fn is_private(&self) -> bool {
        self.private
    }

    /// Turns private mode on or off: confidential figures (revenue, share
    /// of wallet, hours, cost) are hidden everywhere while it is on.
    pub fn set_private(&mut self, private: bool) {
        self.private = private;
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The store, for callers that need it after the interface closes.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Changes the date "today" refers to (kam may run past midnight).
    pub fn set_today(&mut self, today: NaiveDate) {
        if today != self.today {
            self.today = today;
            if let Err(e) = self.reload(None) {
                self.say(Tone::Error, e.to_string());
            }
        }
    }

    /// Changes how much each factor counts in account health, e.g. to the
    /// weights of the configuration file, and weighs every account again.
    pub fn set_weights(&mut self, weights: Weights) {
        self.weights = weights;
        let today = self.today;
        self.insights = std::mem::take(&mut self.insights)
            .into_iter()
            .map(|insight| Insight::new(insight.facts, &self.weights, today))
            .collect();
    }

    /// What kam derives about the account `account_id` today: proof
    /// cadence, talk mix, contacts, cost to serve and health.
    pub fn insight(&self, account_id: Id) -> Option<&Insight> {
        self.insights
            .iter()
            .find(|i| i.facts.account.id == account_id)
    }

    /// Text the user asked to copy to the clipboard, if any; the terminal
    /// loop sends it (OSC 52).
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    /// Text the focused form wants edited in `$EDITOR`, if it asked.
    pub fn take_editor_request(&mut self) -> Option<String> {
        self.editor_request.take()
    }

    /// Hands the external editor's result back to the form that asked.
    pub fn editor_finished(&mut self, result: std::io::Result<String>) {
        let text = match result {
            Ok(text) => Some(text),
            Err(e) => {
                self.say(Tone::Error, format!("Could not run the editor: {e}"));
                None
            }
        };
        if let Some(window) = self.windows.last_mut() {
            window.edited(text);
        }
    }

    /// Text pasted into the terminal goes to the open form, if any.
    pub fn paste(&mut self, text: &str) {
        if !self.windows.is_empty() {
            let (cx, windows) = self.split();
            let effect = windows
                .last_mut()
                .map_or(Effect::Stay, |w| w.paste(text, &cx));
            return self.apply(effect);
        }
        if self.whitespace_is_busy() {
            self.whitespace_paste(text);
        }
    }

    /// The window that takes the keys now with a keymap section of its
    /// own: a form, the palette or a confirmation leaves the keymap
    /// section, the hints and the help title to the screen underneath.
    pub(crate) fn focused_window(&self) -> Option<&dyn Screen> {
        self.windows
            .iter()
            .rev()
            .map(AsRef::as_ref)
            .find(|w| w.context() != Context::Global)
    }

    /// The view that takes the keys now.
    pub fn context(&self) -> Context {
        if let Some(window) = self.focused_window() {
            return window.context();
        }
        match &self.screen {
            Main::Workspace(ws) => ws.page.context(),
            Main::Screen(screen) => screen.context(),
        }
    }

    /// Handles one key press. A status message stays while the user stays
    /// in the view it was given in; moving to another view clears it,
    /// unless the move itself has something to say.
    pub fn handle_key(&mut self, key: KeyEvent) {
        let view = self.context();
        let earlier = self.status.take();
        self.react(key);
        if self.status.is_none() && self.context() == view {
            self.status = earlier;
        }
    }

    pub(crate) fn react(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if self.too_small && !is_ctrl_c(key) {
            return self.too_small_key(key);
        }
        if is_ctrl_c(key) && !self.has_unsaved_typing() {
            self.quit = true;
            return;
        }
        if !self.windows.is_empty() {
            // A second Ctrl-E goes ahead only right after the first.
            let warned = std::mem::take(&mut self.editor_warned);
            let (cx, windows) = self.split();
            let effect = windows.last_mut().map_or(Effect::Stay, |w| w.key(key, &cx));
            if warned && let Effect::Edit(text) = effect {
                self.editor_request = Some(text);
                return;
            }
            return self.apply(effect);
        }
        self.editor_warned = false;
        if self.whitespace_is_busy() {
            return self.whitespace_key(key);
        }
        if let Some(action) = self.keymap.action(self.context(), key) {
            self.act(action);
        }
    }

    pub(crate) fn act(&mut self, action: Action) {
        if !self.global(action) {
            let cx = Cx {
                store: &self.store,
                today: self.today,
                private: self.private,
                keymap: &self.keymap,
                insights: &self.insights,
                portfolio: &self.portfolio,
            };
            match &mut self.screen {
                Main::Workspace(_) => self.page_action(action),
                Main::Screen(screen) => {
                    let effect = screen.act(action, &cx);
                    self.apply_main(effect);
                }
            }
        }
    }

    /// Performs an action that works the same on every screen; `false`
    /// when `action` is not one of them.
    fn global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                let context = self.context();
                let title = self.title();
                self.open(Box::new(Help::new(context, title)));
            }
            Action::Undo => {
                let _ = self.run(Command::Undo);
            }
            Action::TogglePrivate => {
                self.private = !self.private;
                let text = if self.private {
                    "Private mode: confidential figures are hidden (p shows them)."
                } else {
                    "Private mode off: figures are shown."
                };
                self.say(Tone::Info, text);
            }
            Action::Palette => self.open(Box::new(Palette::new(self.context()))),
            Action::Copy => self.copy(),
            Action::Agenda => self.open_agenda(),
            Action::Search => self.open(Box::new(SearchView::new())),
            Action::Why => {
                if let Some(id) = self.main_account() {
                    let effect = Why::open(id, &self.split().0);
                    self.apply(effect);
                }
            }
            _ => return false,
        }
        true
    }

    /// Shows the agenda, read afresh from the store.
    pub(crate) fn open_agenda(&mut self) {
        let effect = AgendaView::open(&self.split().0);
        self.apply(effect);
    }

    /// Opens a form built by `build`, unless the database is read-only.
    pub(crate) fn open_form(&mut self, build: impl FnOnce(&Store) -> Result<Form, StoreError>) {
        match build(&self.store) {
            Ok(form) => self.open(Box::new(form)),
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// Puts the selected record, as the detail view shows it, on the
    /// clipboard.
    pub(crate) fn copy(&mut self) {
        let copied = match (self.windows.last(), &self.screen) {
            (Some(window), _) => window.copy_text(&self.render_context()),
            (None, Main::Screen(screen)) => screen.copy_text(&self.render_context()),
            (None, Main::Workspace(_)) => crate::tui::draw::copy_text(self),
        };
        match copied {
            Some((what, text)) => {
                self.clipboard = Some(text);
                self.say(Tone::Ok, format!("Copied the {what} to the clipboard."));
            }
            None => self.say(Tone::Info, "Nothing selected to copy."),
        }
    }

    pub(crate) fn confirm(&mut self, kind: Kind, id: Id, question: String) {
        self.open(Box::new(Confirm::delete(kind, id, question)));
    }

    pub(crate) fn refuse_if_read_only(&mut self) -> bool {
        if self.store.is_read_only() {
            self.say(Tone::Error, self.store.read_only_error().to_string());
        }
        self.store.is_read_only()
    }

    /// Executes `command`, reloads the views and reports in the status line;
    /// the windows read the store again whether it worked or not.
    pub fn run(&mut self, command: Command) -> Result<(), StoreError> {
        let result = match command::execute(&mut self.store, command, self.today) {
            Ok(done) => {
                self.say(Tone::Ok, done.message);
                if let Err(e) = self.reload(done.select) {
                    self.say(Tone::Error, e.to_string());
                }
                Ok(())
            }
            Err(mut e) => {
                e.name_file(self.store.path());
                self.say(Tone::Error, e.to_string());
                Err(e)
            }
        };
        if let Err(e) = self.refresh_windows() {
            self.say(Tone::Error, e.to_string());
        }
        result
    }

    /// Reads the portfolio and the open account again, selecting `select`.
    pub(crate) fn reload(&mut self, select: Option<Id>) -> Result<(), StoreError> {
        self.portfolio = self.store.portfolio(self.today)?;
        self.insights = self
            .store
            .facts(self.today)?
            .into_iter()
            .map(|facts| Insight::new(facts, &self.weights, self.today))
            .collect();
        self.undo = self.store.next_undo()?;
        let gone = match &mut self.screen {
            Main::Workspace(ws) => match ws.reload(&self.store, select) {
                Ok(()) => false,
                Err(StoreError::NotFound(_)) => true,
                Err(e) => return Err(e),
            },
            Main::Screen(screen) => {
                if let Some(id) = select {
                    screen.follow(id);
                }
                let cx = Cx {
                    store: &self.store,
                    today: self.today,
                    private: self.private,
                    keymap: &self.keymap,
                    insights: &self.insights,
                    portfolio: &self.portfolio,
                };
                matches!(screen.refresh(&cx)?, Refreshed::Gone(_))
            }
        };
        if gone {
            self.show_portfolio(None)?;
        }
        Ok(())
    }

    /// Does what the main screen asked: closing it goes back to the
    /// portfolio.
    fn apply_main(&mut self, effect: Effect) {
        match effect {
            Effect::Close => {
                let account = self.main_account();
                if let Err(e) = self.show_portfolio(account) {
                    self.say(Tone::Error, e.to_string());
                }
            }
            Effect::All(effects) => {
                for effect in effects {
                    self.apply_main(effect);
                }
            }
            effect => self.apply(effect),
        }
    }

    /// The account the main screen is about, if one.
    fn main_account(&self) -> Option<Id> {
        match &self.screen {
            Main::Workspace(ws) => Some(ws.account.id),
            Main::Screen(screen) => screen.account(),
        }
    }

    /// The main screen, when it is not an open account (for tests).
    pub fn main_screen(&self) -> Option<&dyn Screen> {
        match &self.screen {
            Main::Workspace(_) => None,
            Main::Screen(screen) => Some(screen.as_ref()),
        }
    }

    /// Shows `next` as the main screen; the portfolio's selection is
    /// remembered for when it comes back.
    pub(crate) fn show(&mut self, next: Main) {
        if let Main::Screen(screen) = &self.screen
            && screen.context() == Context::Portfolio
        {
            self.last_account = screen.account();
        }
        self.screen = next;
    }

    /// Goes back to the portfolio, `account` (else the one last selected
    /// there) selected.
    pub(crate) fn show_portfolio(&mut self, account: Option<Id>) -> Result<(), StoreError> {
        let path = crate::text::path(self.store.path());
        let account = account.or(self.last_account);
        self.show(Main::Screen(Box::new(Portfolio::new(&path, account))));
        self.reload(None)
    }

    /// Opens the account `account_id` on `page`, `record` selected.
    fn visit(&mut self, account_id: Id, page: Page, record: Option<Id>) {
        let opened = Workspace::open(&self.store, account_id).and_then(|mut ws| {
            ws.page = page;
            ws.reload(&self.store, record)?;
            Ok(ws)
        });
        match opened {
            Ok(ws) => self.show(Main::Workspace(Box::new(ws))),
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// What a screen may read while it handles a key, and the windows,
    /// borrowed apart so that the top one can be handed the context.
    pub(crate) fn split(&mut self) -> (Cx<'_>, &mut Vec<Box<dyn Screen>>) {
        let cx = Cx {
            store: &self.store,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            portfolio: &self.portfolio,
        };
        (cx, &mut self.windows)
    }

    /// What the screens draw with.
    pub(crate) fn render_context(&self) -> RenderContext<'_> {
        RenderContext {
            theme: &self.theme,
            today: self.today,
            private: self.private,
            keymap: &self.keymap,
            insights: &self.insights,
            weights: &self.weights,
            portfolio: &self.portfolio,
        }
    }

    /// The name of the screen that takes the keys, for the help title.
    fn title(&self) -> &'static str {
        self.focused_screen()
            .map_or_else(|| title_of(self.context()), |s| s.title())
    }

    /// The screen whose keys apply: the top window with a keymap section
    /// of its own, else the main screen; `None` on an open account, whose
    /// pages are described by their keymap section.
    pub(crate) fn focused_screen(&self) -> Option<&dyn Screen> {
        self.focused_window().or(match &self.screen {
            Main::Screen(screen) => Some(screen.as_ref()),
            Main::Workspace(_) => None,
        })
    }

    /// Opens `window` over the others, unless it changes the database and
    /// the database is read-only.
    pub(crate) fn open(&mut self, mut window: Box<dyn Screen>) {
        if window.edits() && self.refuse_if_read_only() {
            return;
        }
        window.opened(&self.split().0);
        self.windows.push(window);
    }

    /// Does what a screen asked.
    pub(crate) fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Stay => {}
            Effect::Close => {
                self.windows.pop();
            }
            Effect::Run(command) => {
                let _ = self.run(command);
            }
            Effect::Submit(command) => match self.run(command) {
                Ok(()) => {
                    self.windows.pop();
                }
                Err(e) => {
                    if let Some(window) = self.windows.last_mut() {
                        window.failed(&e);
                    }
                }
            },
            Effect::Say(tone, text) => self.say(tone, text),
            Effect::Copy(what, text) => {
                self.clipboard = Some(text);
                self.say(Tone::Ok, format!("Copied the {what} to the clipboard."));
            }
            Effect::Edit(text) => self.edit_externally(text),
            Effect::Open(window) => self.open(window),
            Effect::Show(screen) => self.show(Main::Screen(screen)),
            Effect::Visit {
                account_id,
                page,
                record,
            } => self.visit(account_id, page, record),
            Effect::Pass(action) => {
                self.global(action);
            }
            Effect::Act(action) => {
                let (cx, windows) = self.split();
                match windows.last_mut() {
                    Some(window) => {
                        let effect = window.act(action, &cx);
                        self.apply(effect);
                    }
                    None => self.act(action),
                }
            }
            Effect::Quit => self.quit = true,
            Effect::All(effects) => {
                for effect in effects {
                    if let Effect::Run(command) = effect {
                        if self.run(command).is_err() {
                            break;
                        }
                    } else {
                        self.apply(effect);
                    }
                }
            }
        }
    }

    /// Asks for `text` to be edited in `$EDITOR`; on an encrypted database
    /// whose text the editor would read from a plain file, says so first
    /// (the second asking, right after, goes ahead).
    fn edit_externally(&mut self, text: String) {
        let exposed = self.store.passphrase().is_some() && !editor::keeps_text_in_memory();
        if exposed && !self.editor_warned {
            self.editor_warned = true;
            self.say(
                Tone::Info,
                "The database is encrypted, but the editor reads this text from a plain \
                 file on disk until it closes. Ctrl-E again to go ahead.",
            );
        } else {
            self.editor_request = Some(text);
        }
    }

    pub(crate) fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone,
        });
    }
}

/// The name of the screen whose keys are in `context`, for the help title.
fn title_of(context: Context) -> &'static str {
    match context {
        Context::Workspace => "Account workspace",
        Context::People => "Stakeholders",
        Context::Talks => "Conversations",
        Context::Assessment => "Strategic assessment",
        Context::Whitespace => "Whitespace",
        Context::Signals => "Signals",
        _ => "",
    }
}
