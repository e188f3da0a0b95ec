//! The application: it routes a key or a paste to the focused screen and
//! applies the [`Effect`] the screen answers with; a [`Command`] in it is
//! executed by [`App::run`], after which every open screen reads the store
//! again.
mod global;
mod leaving;
mod live;
mod outside;
mod requests;
mod syncing;
mod typing;

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind};

pub use self::requests::Request;
pub use self::typing::typed_char;

use crate::domain::Id;
use crate::store::{Store, StoreError};
use crate::tui::action::Action;
use crate::tui::command::{self, Command};
use crate::tui::effect::Effect;
use crate::tui::keymap::{Context, Keymap, is_ctrl_c};
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::AccountView;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::portfolio::Portfolio;
use crate::tui::shared::Shared;
use crate::tui::theme::Theme;

pub use crate::tui::effect::Tone;

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
    /// What every screen reads.
    shared: Shared,
    /// The main screen under the windows: the portfolio (or the welcome
    /// on an empty database), an open account, the agenda or the map.
    screen: Box<dyn Screen>,
    /// The account last selected on the portfolio, selected again when
    /// the portfolio comes back.
    last_account: Option<Id>,
    /// The windows over the main screen, the last on top.
    windows: Vec<Box<dyn Screen>>,
    pub(crate) status: Option<Status>,
    /// What only the terminal loop can do, asked and not yet done.
    requests: Vec<Request>,
    quit: bool,
    /// The last key was `Ctrl-E` on an encrypted database and kam said the
    /// editor would read a plain file on disk: another `Ctrl-E` goes ahead.
    editor_warned: bool,
    /// The store's data version when the views were last read.
    seen_version: i64,
    /// Whether the terminal is below the smallest size kam draws in.
    too_small: bool,
    /// The sync running in the background, if one is.
    syncing: Option<syncing::Running>,
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
            shared: Shared::new(store, today, theme, keymap),
            screen: Box::new(Portfolio::new(&path, None)),
            last_account: None,
            windows: Vec::new(),
            status: None,
            requests: Vec::new(),
            quit: false,
            editor_warned: false,
            seen_version: 0,
            too_small: false,
            syncing: None,
        };
        app.seen_version = app.shared.store.data_version()?;
        app.reload(None)?;
        if app.shared.store.is_read_only() {
            let why = match app.shared.store.read_only_error() {
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

    /// Text pasted into the terminal goes to the top window, else to the
    /// main screen.
    pub fn paste(&mut self, text: &str) {
        let (cx, windows, screen) = self.split();
        match windows.last_mut() {
            Some(window) => {
                let effect = window.paste(text, &cx);
                self.apply(effect);
            }
            None => {
                let effect = screen.paste(text, &cx);
                self.apply_main(effect);
            }
        }
    }

    /// The window that takes the keys now with a keymap section of its
    /// own: a form, the palette or a confirmation leaves the keymap
    /// section, the hints and the help title to the screen underneath.
    fn focused_window(&self) -> Option<&dyn Screen> {
        self.windows
            .iter()
            .rev()
            .map(AsRef::as_ref)
            .find(|w| w.context() != Context::Global)
    }

    /// The view that takes the keys now.
    pub fn context(&self) -> Context {
        self.focused_screen().context()
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

    fn react(&mut self, key: KeyEvent) {
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
            let (cx, windows, _) = self.split();
            let effect = windows.last_mut().map_or(Effect::Stay, |w| w.key(key, &cx));
            if warned && let Effect::Edit(text) = effect {
                self.requests.push(Request::Edit(text));
                return;
            }
            return self.apply(effect);
        }
        self.editor_warned = false;
        let (cx, _, screen) = self.split();
        let effect = screen.key(key, &cx);
        self.apply_main(effect);
    }

    /// Performs `action` on the main screen, unless it works the same on
    /// every screen.
    fn act(&mut self, action: Action) {
        if !self.global(action) {
            let (cx, _, screen) = self.split();
            let effect = screen.act(action, &cx);
            self.apply_main(effect);
        }
    }

    /// Executes `command`, reloads the views and reports in the status line;
    /// the windows read the store again whether it worked or not.
    pub fn run(&mut self, command: Command) -> Result<(), StoreError> {
        let result = match command::execute(&mut self.shared.store, command, self.shared.today) {
            Ok(done) => {
                self.say(Tone::Ok, done.message);
                if let Err(e) = self.reload(done.select) {
                    self.say(Tone::Error, e.to_string());
                }
                Ok(())
            }
            Err(mut e) => {
                e.name_file(self.shared.store.path());
                self.say(Tone::Error, e.to_string());
                Err(e)
            }
        };
        if let Err(e) = self.refresh_windows() {
            self.say(Tone::Error, e.to_string());
        }
        result
    }

    /// Reads the portfolio and the main screen again, selecting `select`;
    /// `false` when the main screen asked to be read on a later change.
    fn reload(&mut self, select: Option<Id>) -> Result<bool, StoreError> {
        self.shared.read()?;
        let (cx, _, screen) = self.split();
        if let Some(id) = select {
            screen.follow(id);
        }
        match screen.refresh(&cx)? {
            Refreshed::Kept => Ok(true),
            Refreshed::Later => Ok(false),
            Refreshed::Gone(_) | Refreshed::Closed => self.show_portfolio(None).map(|()| true),
        }
    }

    /// Does what the main screen asked: closing it goes back to the
    /// portfolio, and a command it submits that fails is handed back to it.
    fn apply_main(&mut self, effect: Effect) {
        match effect {
            Effect::Close => {
                let account = self.screen.account();
                if let Err(e) = self.show_portfolio(account) {
                    self.say(Tone::Error, e.to_string());
                }
            }
            Effect::Submit(command) => {
                if let Err(e) = self.run(command) {
                    self.screen.failed(&e);
                }
            }
            Effect::All(effects) => self.apply_each(effects, Self::apply_main),
            effect => self.apply(effect),
        }
    }

    /// Applies `effects` in order with `apply`, stopping at a command that
    /// fails.
    fn apply_each(&mut self, effects: Vec<Effect>, apply: fn(&mut Self, Effect)) {
        for effect in effects {
            match effect {
                Effect::Run(command) => {
                    if self.run(command).is_err() {
                        break;
                    }
                }
                effect => apply(self, effect),
            }
        }
    }

    /// The main screen, then the windows over it, the top one last.
    pub(crate) fn screens(&self) -> impl Iterator<Item = &dyn Screen> {
        std::iter::once(self.screen.as_ref()).chain(self.windows.iter().map(AsRef::as_ref))
    }

    /// Shows `next` as the main screen; the portfolio's selection is
    /// remembered for when it comes back.
    fn show(&mut self, next: Box<dyn Screen>) {
        if self.screen.context() == Context::Portfolio {
            self.last_account = self.screen.account();
        }
        self.screen = next;
    }

    /// Goes back to the portfolio, `account` (else the one last selected
    /// there) selected.
    fn show_portfolio(&mut self, account: Option<Id>) -> Result<(), StoreError> {
        let path = crate::text::path(self.shared.store.path());
        let account = account.or(self.last_account);
        self.show(Box::new(Portfolio::new(&path, account)));
        self.reload(None).map(|_| ())
    }

    /// Opens the account `account_id` on its overview, and its prep brief
    /// over it when `brief`: where `kam open` starts.
    pub fn open_account(&mut self, account_id: Id, brief: bool) {
        self.visit(account_id, Page::Overview, None);
        if brief && self.screen.account() == Some(account_id) {
            self.act(Action::Brief);
        }
    }

    /// Opens the account `account_id` on `page`, `record` selected.
    fn visit(&mut self, account_id: Id, page: Page, record: Option<Id>) {
        match AccountView::visit(&self.shared.store, account_id, page, record) {
            Ok(ws) => self.show(Box::new(ws)),
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// What a screen may read while it handles a key, the windows and the
    /// main screen, borrowed apart so that a screen can be handed the
    /// context.
    fn split(&mut self) -> (Cx<'_>, &mut Vec<Box<dyn Screen>>, &mut dyn Screen) {
        (self.shared.cx(), &mut self.windows, self.screen.as_mut())
    }

    /// What the screens draw with.
    pub(crate) fn render_context(&self) -> RenderContext<'_> {
        self.shared.render_context()
    }

    /// Whether `u` would undo something now.
    pub(crate) fn can_undo(&self) -> bool {
        self.shared.undo.is_some()
    }

    /// The screen whose keys apply: the top window with a keymap section
    /// of its own, else the main screen.
    pub(crate) fn focused_screen(&self) -> &dyn Screen {
        self.focused_window().unwrap_or(self.screen.as_ref())
    }

    /// Opens `window` over the others, unless it changes the database and
    /// the database is read-only.
    fn open(&mut self, mut window: Box<dyn Screen>) {
        if window.edits() && self.shared.store.is_read_only() {
            return self.say(Tone::Error, self.shared.store.read_only_error().to_string());
        }
        window.opened(&self.split().0);
        self.windows.push(window);
    }

    /// Does what a screen asked.
    fn apply(&mut self, effect: Effect) {
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
                self.requests.push(Request::Copy(text));
                self.say(Tone::Ok, format!("Copied the {what} to the clipboard."));
            }
            Effect::Edit(text) => self.edit_externally(text),
            Effect::Open(window) => self.open(window),
            Effect::Show(screen) => self.show(screen),
            Effect::Visit {
                account_id,
                page,
                record,
            } => self.visit(account_id, page, record),
            Effect::BriefOpened(account_id, since) => {
                self.shared.brief_since = Some((account_id, since));
                if !self.shared.store.is_read_only() {
                    let _ = self.run(Command::MarkBriefOpened(account_id));
                }
            }
            Effect::Pass(action) => {
                self.global(action);
            }
            Effect::Act(action) => {
                let (cx, windows, _) = self.split();
                match windows.last_mut() {
                    Some(window) => {
                        let effect = window.act(action, &cx);
                        self.apply(effect);
                    }
                    None => self.act(action),
                }
            }
            Effect::Quit => self.quit = true,
            Effect::All(effects) => self.apply_each(effects, Self::apply),
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            tone,
        });
    }
}
