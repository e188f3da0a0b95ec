//! The command palette: every action of the current view with its keys,
//! filtered as the user types, run with Enter.

pub mod draw;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Context, KeyCombo, Keymap};
use crate::tui::screen::{Cx, RenderContext, Screen};
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The palette's state.
#[derive(Debug)]
pub struct Palette {
    /// The view underneath, whose actions are offered.
    pub context: Context,
    /// What the user typed.
    pub query: String,
    /// Index of the selected entry among the matches.
    pub selected: usize,
    /// Scroll position of the list.
    pub scroll: Scroll,
}

impl Palette {
    /// A palette over the view `context`, showing every action.
    pub fn new(context: Context) -> Self {
        Self {
            context,
            query: String::new(),
            selected: 0,
            scroll: Scroll::default(),
        }
    }

    /// The actions whose name, description or keys contain every word of
    /// the query (ignoring case), in help order.
    pub fn matches(&self, keymap: &Keymap) -> Vec<(Action, Vec<KeyCombo>)> {
        let words: Vec<String> = self
            .query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        keymap
            .bindings(self.context)
            .into_iter()
            .filter(|(action, _)| *action != Action::Palette)
            .filter(|(action, keys)| {
                let keys: Vec<String> = keys.iter().map(|k| k.to_string().to_lowercase()).collect();
                let haystack = format!(
                    "{} {} {}",
                    action.name().replace('_', " "),
                    action.describe().to_lowercase(),
                    keys.join(" ")
                );
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }

    /// Handles one key: typing filters, Enter closes the palette and
    /// performs the selected action on the screen underneath.
    pub fn handle(&mut self, key: KeyEvent, keymap: &Keymap) -> Effect {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let count = self.matches(keymap).len();
        match key.code {
            KeyCode::Esc => Effect::Close,
            KeyCode::Enter => match self.matches(keymap).get(self.selected) {
                Some((action, _)) => Effect::All(vec![Effect::Close, Effect::Act(*action)]),
                None => Effect::Stay,
            },
            KeyCode::Up => self.select(shift(self.selected, -1, count)),
            KeyCode::Down => self.select(shift(self.selected, 1, count)),
            KeyCode::Char('p') if ctrl => self.select(shift(self.selected, -1, count)),
            KeyCode::Char('n') if ctrl => self.select(shift(self.selected, 1, count)),
            KeyCode::Backspace => {
                self.query.pop();
                self.select(0)
            }
            KeyCode::Char(c) if !ctrl => {
                self.query.push(c);
                self.select(0)
            }
            _ => Effect::Stay,
        }
    }

    fn select(&mut self, index: usize) -> Effect {
        self.selected = index;
        Effect::Stay
    }
}

impl Screen for Palette {
    fn context(&self) -> Context {
        Context::Global
    }

    fn title(&self) -> &'static str {
        "Command palette"
    }

    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        self.handle(key, cx.keymap)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::palette::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_filters_and_enter_runs() {
        let keymap = Keymap::default_keys();
        let mut p = Palette::new(Context::Overview);
        let all = p.matches(&keymap).len();
        for c in "undo".chars() {
            assert!(matches!(
                p.handle(key(KeyCode::Char(c)), &keymap),
                Effect::Stay
            ));
        }
        let found = p.matches(&keymap);
        assert!(found.len() < all);
        assert_eq!(found[0].0, Action::Undo);
        assert!(matches!(
            &p.handle(key(KeyCode::Enter), &keymap),
            Effect::All(effects)
                if matches!(effects[..], [Effect::Close, Effect::Act(Action::Undo)])
        ));
    }

    #[test]
    fn keys_and_several_words_match() {
        let keymap = Keymap::default_keys();
        let mut p = Palette::new(Context::Overview);
        p.query = "delete record".into();
        assert_eq!(p.matches(&keymap)[0].0, Action::Delete);
        p.query = "ctrl-c".into();
        assert_eq!(p.matches(&keymap)[0].0, Action::Quit);
        p.query = "no such thing".into();
        assert!(p.matches(&keymap).is_empty());
        assert!(matches!(
            p.handle(key(KeyCode::Enter), &keymap),
            Effect::Stay
        ));
    }

    #[test]
    fn the_palette_does_not_offer_itself() {
        let keymap = Keymap::default_keys();
        let p = Palette::new(Context::Portfolio);
        assert!(
            p.matches(&keymap)
                .iter()
                .all(|(a, _)| *a != Action::Palette)
        );
    }
}
