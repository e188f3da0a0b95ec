//! Search in the app: opening the popup, searching the store again on every
//! change of the query, and opening the chosen record in its account.

use crossterm::event::KeyEvent;

use crate::domain::search::{Hit, RecordKind};
use crate::tui::app::{App, Main, Popup, Tone};
use crate::tui::screens::account::Workspace;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::search::{LIMIT, Outcome, SearchView};

impl App {
    /// Opens an empty search popup.
    pub(crate) fn open_search(&mut self) {
        self.popup = Some(Popup::Search(Box::default()));
    }

    /// Handles a key in the search popup.
    pub(crate) fn search_key(&mut self, mut view: Box<SearchView>, key: KeyEvent) {
        let outcome = view.handle(key);
        self.after_search_input(view, outcome);
    }

    /// Text pasted into the search popup goes into its query.
    pub(crate) fn search_paste(&mut self, text: &str) {
        if let Some(Popup::Search(mut view)) = self.popup.take() {
            let outcome = view.paste(text);
            self.after_search_input(view, outcome);
        }
    }

    pub(crate) fn after_search_input(&mut self, mut view: Box<SearchView>, outcome: Outcome) {
        match outcome {
            Outcome::Stay => {}
            Outcome::Search(query) => {
                let results = self.store.search(&query, LIMIT);
                view.set_results(results.map_err(|e| e.to_string()));
            }
            Outcome::Close => return,
            Outcome::Open(hit) => {
                self.open_hit(&hit);
                return;
            }
        }
        self.popup = Some(Popup::Search(view));
    }

    /// Opens the account of `hit` with the record selected on its page: a
    /// step selects its plan, an account opens on the profile, a person on
    /// the stakeholders page and a conversation on the conversations page.
    pub(crate) fn open_hit(&mut self, hit: &Hit) {
        let (select, page) = match hit.kind {
            RecordKind::Account => (hit.account_id, Page::Overview),
            RecordKind::Stakeholder => (hit.record_id, Page::People),
            RecordKind::Conversation => (hit.record_id, Page::Talks),
            RecordKind::Step => (hit.plan_id.unwrap_or(hit.record_id), Page::Overview),
            RecordKind::Issue | RecordKind::Plan | RecordKind::Proof => {
                (hit.record_id, Page::Overview)
            }
        };
        let opened = Workspace::open(&self.store, hit.account_id).and_then(|mut ws| {
            ws.page = page;
            ws.reload(&self.store, Some(select))?;
            Ok(ws)
        });
        match opened {
            Ok(ws) => self.screen = Main::Workspace(Box::new(ws)),
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }
}
