//! The search popup's state: the query being typed and the results the app
//! found for it. Every change of the query asks the app to search again;
//! the view itself never touches the database.

pub mod draw;
mod keys;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{Input, Key, TextArea};

use crate::domain::search::Hit;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// How many results the popup asks for.
pub const LIMIT: usize = 50;

/// The state of the search popup.
#[derive(Debug)]
pub struct SearchView {
    input: TextArea<'static>,
    hits: Vec<Hit>,
    selected: usize,
    error: Option<String>,
    /// Scroll position of the result list.
    pub scroll: Scroll,
}

/// What the app should do after a key in the search popup.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Nothing beyond the view's own state.
    Stay,
    /// The query changed: search again and hand the results to
    /// [`SearchView::set_results`].
    Search(String),
    /// Close the popup.
    Close,
    /// Close the popup and open this record in its account.
    Open(Box<Hit>),
}

impl Default for SearchView {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchView {
    /// An empty search.
    pub fn new() -> Self {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::new());
        input.set_cursor_style(Style::new().add_modifier(Modifier::REVERSED));
        Self {
            input,
            hits: Vec::new(),
            selected: 0,
            error: None,
            scroll: Scroll::default(),
        }
    }

    /// The query as typed.
    pub fn query(&self) -> String {
        self.input.lines().join(" ")
    }

    /// The input line, for drawing.
    pub fn input(&self) -> &TextArea<'static> {
        &self.input
    }

    /// The results for the current query, best first.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// Index of the selected result.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Why the last search failed, if it did.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Takes the results of searching for the current query; the best one
    /// is selected.
    pub fn set_results(&mut self, results: Result<Vec<Hit>, String>) {
        match results {
            Ok(hits) => {
                self.hits = hits;
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(e);
            }
        }
        self.selected = 0;
    }

    /// Handles a key: ↑/↓ (Ctrl-P/Ctrl-N) and PgUp/PgDn move, Enter opens,
    /// Esc closes, and everything else edits the query.
    pub fn handle(&mut self, key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let page = self.scroll.page() as isize;
        let delta = match key.code {
            KeyCode::Up => -1,
            KeyCode::Down => 1,
            KeyCode::Char('p') if ctrl => -1,
            KeyCode::Char('n') if ctrl => 1,
            KeyCode::PageUp => -page,
            KeyCode::PageDown => page,
            KeyCode::Esc => return Outcome::Close,
            KeyCode::Enter => {
                return match self.hits.get(self.selected) {
                    Some(hit) => Outcome::Open(Box::new(hit.clone())),
                    None => Outcome::Stay,
                };
            }
            _ => return self.edit(key),
        };
        self.selected = shift(self.selected, delta, self.hits.len());
        Outcome::Stay
    }

    /// Inserts pasted text into the query (line breaks become spaces).
    pub fn paste(&mut self, text: &str) -> Outcome {
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.input.insert_str(flat);
        Outcome::Search(self.query())
    }

    /// Passes a key to the input line, except those that would break it.
    fn edit(&mut self, key: KeyEvent) -> Outcome {
        let input = Input::from(key);
        let breaks_line = matches!(input.key, Key::Tab | Key::Char('\n' | '\r'))
            || (input.ctrl && matches!(input.key, Key::Char('m' | 'j')));
        let before = self.query();
        if !breaks_line {
            self.input.input(input);
        }
        let after = self.query();
        if after == before {
            Outcome::Stay
        } else {
            Outcome::Search(after)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Id;
    use crate::domain::search::{Marked, RecordKind};
    use crate::tui::screens::search::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn hits(n: usize) -> Vec<Hit> {
        (0..n)
            .map(|i| Hit {
                kind: RecordKind::Plan,
                record_id: Id::new(),
                account_id: Id::new(),
                account_name: "Nordmole".into(),
                plan_id: None,
                title: Marked {
                    text: format!("Plan {i}"),
                    matches: Vec::new(),
                },
                context: None,
                rank: 1.0,
            })
            .collect()
    }

    #[test]
    fn typing_asks_for_a_search_and_letters_stay_letters() {
        let mut view = SearchView::new();
        assert_eq!(
            view.handle(key(KeyCode::Char('j'))),
            Outcome::Search("j".into())
        );
        assert_eq!(
            view.handle(key(KeyCode::Char('k'))),
            Outcome::Search("jk".into())
        );
        assert_eq!(
            view.handle(key(KeyCode::Backspace)),
            Outcome::Search("j".into())
        );
        assert_eq!(view.handle(key(KeyCode::Left)), Outcome::Stay);
        assert_eq!(view.handle(key(KeyCode::Tab)), Outcome::Stay);
        assert_eq!(view.handle(ctrl('m')), Outcome::Stay);
        assert_eq!(view.query(), "j");
    }

    #[test]
    fn arrows_and_ctrl_n_p_move_within_the_results() {
        let mut view = SearchView::new();
        view.set_results(Ok(hits(3)));
        view.handle(key(KeyCode::Down));
        view.handle(ctrl('n'));
        view.handle(ctrl('n'));
        assert_eq!(view.selected(), 2);
        view.handle(ctrl('p'));
        assert_eq!(view.selected(), 1);
        view.handle(key(KeyCode::Up));
        view.handle(key(KeyCode::Up));
        assert_eq!(view.selected(), 0);
    }

    #[test]
    fn enter_opens_the_selected_result_and_esc_closes() {
        let mut view = SearchView::new();
        assert_eq!(view.handle(key(KeyCode::Enter)), Outcome::Stay);
        let found = hits(2);
        view.set_results(Ok(found.clone()));
        view.handle(key(KeyCode::Down));
        assert_eq!(
            view.handle(key(KeyCode::Enter)),
            Outcome::Open(Box::new(found[1].clone()))
        );
        assert_eq!(view.handle(key(KeyCode::Esc)), Outcome::Close);
    }

    #[test]
    fn new_results_select_the_best_and_errors_are_kept() {
        let mut view = SearchView::new();
        view.set_results(Ok(hits(3)));
        view.handle(key(KeyCode::Down));
        view.set_results(Ok(hits(3)));
        assert_eq!(view.selected(), 0);
        view.set_results(Err("disk on fire".into()));
        assert_eq!(view.error(), Some("disk on fire"));
        assert!(view.hits().is_empty());
    }

    #[test]
    fn pasted_line_breaks_become_spaces() {
        let mut view = SearchView::new();
        assert_eq!(
            view.paste("crane\npilot"),
            Outcome::Search("crane pilot".into())
        );
    }
}
