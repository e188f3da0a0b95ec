//! Search over every account, as the user types: the query and its
//! results, searched again on every change of the query. The chosen
//! result opens in its account.

pub mod draw;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{Input, Key, TextArea};

use crate::domain::search::{Hit, RecordKind};
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::screens::account::pages::Page;
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
    fn set_results(&mut self, results: Result<Vec<Hit>, String>) {
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

    /// Searches again for the query as it now reads.
    fn search(&mut self, cx: &Cx) -> Effect {
        let results = cx.store.search(&self.query(), LIMIT);
        self.set_results(results.map_err(|e| e.to_string()));
        Effect::Stay
    }

    /// Passes a key to the input line, except those that would break it;
    /// searches again when the query changed.
    fn edit(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        let input = Input::from(key);
        let breaks_line = matches!(input.key, Key::Tab | Key::Char('\n' | '\r'))
            || (input.ctrl && matches!(input.key, Key::Char('m' | 'j')));
        let before = self.query();
        if !breaks_line {
            self.input.input(input);
        }
        if self.query() == before {
            Effect::Stay
        } else {
            self.search(cx)
        }
    }
}

/// Opens the account of `hit` with the record selected on its page: a
/// step selects its plan, an account opens on the profile, a person on
/// the stakeholders page and a conversation on the conversations page.
fn visit(hit: &Hit) -> Effect {
    let (select, page) = match hit.kind {
        RecordKind::Account => (hit.account_id, Page::Overview),
        RecordKind::Stakeholder => (hit.record_id, Page::Stakeholders),
        RecordKind::Conversation => (hit.record_id, Page::Conversations),
        RecordKind::Step => (hit.plan_id.unwrap_or(hit.record_id), Page::Overview),
        RecordKind::Issue | RecordKind::Plan | RecordKind::Proof => (hit.record_id, Page::Overview),
    };
    Effect::Visit {
        account_id: hit.account_id,
        page,
        record: Some(select),
    }
}

impl Screen for SearchView {
    /// Search takes typed text, not the keymap's keys: it leaves the
    /// keymap section to the screen underneath.
    fn context(&self) -> Context {
        Context::Global
    }

    fn title(&self) -> &'static str {
        "Search"
    }

    /// ↑/↓ (Ctrl-P/Ctrl-N) and PgUp/PgDn move, Enter opens the selected
    /// result in its account, Esc closes, and everything else edits the
    /// query.
    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let page = self.scroll.page() as isize;
        let delta = match key.code {
            KeyCode::Up => -1,
            KeyCode::Down => 1,
            KeyCode::Char('p') if ctrl => -1,
            KeyCode::Char('n') if ctrl => 1,
            KeyCode::PageUp => -page,
            KeyCode::PageDown => page,
            KeyCode::Esc => return Effect::Close,
            KeyCode::Enter => {
                return match self.hits.get(self.selected) {
                    Some(hit) => Effect::All(vec![Effect::Close, visit(hit)]),
                    None => Effect::Stay,
                };
            }
            _ => return self.edit(key, cx),
        };
        self.selected = shift(self.selected, delta, self.hits.len());
        Effect::Stay
    }

    /// Characters typed faster than results came (they were waiting
    /// together in the terminal's input) go into the query at once, and the
    /// query runs once for what they spell: no search for a query already
    /// typed past.
    fn type_text(&mut self, text: &str, cx: &Cx) -> bool {
        self.input.insert_str(text);
        self.search(cx);
        true
    }

    /// Inserts pasted text into the query (line breaks become spaces).
    fn paste(&mut self, text: &str, cx: &Cx) -> Effect {
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.input.insert_str(flat);
        self.search(cx)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::Id;
    use crate::domain::search::Marked;
    use crate::tui::screen::with_empty_store;
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
    fn typing_searches_again_and_letters_stay_letters() {
        with_empty_store(|cx| {
            let mut view = SearchView::new();
            view.set_results(Ok(hits(3)));
            view.key(key(KeyCode::Char('j')), cx);
            assert!(view.hits().is_empty(), "searched again for “j”");
            view.key(key(KeyCode::Char('k')), cx);
            assert_eq!(view.query(), "jk");
            view.key(key(KeyCode::Backspace), cx);
            assert_eq!(view.query(), "j");
            view.set_results(Ok(hits(3)));
            for unchanged in [key(KeyCode::Left), key(KeyCode::Tab), ctrl('m')] {
                assert!(matches!(view.key(unchanged, cx), Effect::Stay));
            }
            assert_eq!(view.query(), "j");
            assert_eq!(view.hits().len(), 3, "no search while the query stays");
        });
    }

    #[test]
    fn arrows_and_ctrl_n_p_move_within_the_results() {
        with_empty_store(|cx| {
            let mut view = SearchView::new();
            view.set_results(Ok(hits(3)));
            view.key(key(KeyCode::Down), cx);
            view.key(ctrl('n'), cx);
            view.key(ctrl('n'), cx);
            assert_eq!(view.selected(), 2);
            view.key(ctrl('p'), cx);
            assert_eq!(view.selected(), 1);
            view.key(key(KeyCode::Up), cx);
            view.key(key(KeyCode::Up), cx);
            assert_eq!(view.selected(), 0);
        });
    }

    #[test]
    fn enter_opens_the_selected_result_and_esc_closes() {
        with_empty_store(|cx| {
            let mut view = SearchView::new();
            assert!(matches!(view.key(key(KeyCode::Enter), cx), Effect::Stay));
            let found = hits(2);
            view.set_results(Ok(found.clone()));
            view.key(key(KeyCode::Down), cx);
            let wanted = &found[1];
            assert!(matches!(
                &view.key(key(KeyCode::Enter), cx),
                Effect::All(effects) if matches!(
                    effects[..],
                    [Effect::Close, Effect::Visit { account_id, page: Page::Overview, record: Some(select) }]
                        if account_id == wanted.account_id && select == wanted.record_id
                )
            ));
            assert!(matches!(view.key(key(KeyCode::Esc), cx), Effect::Close));
        });
    }

    #[test]
    fn new_results_select_the_best_and_errors_are_kept() {
        let mut view = SearchView::new();
        view.set_results(Ok(hits(3)));
        view.selected = 1;
        view.set_results(Ok(hits(3)));
        assert_eq!(view.selected(), 0);
        view.set_results(Err("disk on fire".into()));
        assert_eq!(view.error(), Some("disk on fire"));
        assert!(view.hits().is_empty());
    }

    #[test]
    fn keys_typed_ahead_of_the_results_run_one_search() {
        with_empty_store(|cx| {
            // Once to prepare the statements, once to count.
            cx.store.search("crane", LIMIT).unwrap();
            let (_, one_search) = cx.store.work_of(|s| s.search("crane", LIMIT)).unwrap();
            let mut view = SearchView::new();
            let (took, typed) = cx.store.work_of(|_| view.type_text("crane", cx)).unwrap();
            assert!(took);
            assert_eq!(view.query(), "crane");
            assert_eq!(typed, one_search, "one search, for the whole word");
        });
    }

    #[test]
    fn pasted_line_breaks_become_spaces() {
        with_empty_store(|cx| {
            let mut view = SearchView::new();
            assert!(matches!(view.paste("crane\npilot", cx), Effect::Stay));
            assert_eq!(view.query(), "crane pilot");
        });
    }
}
