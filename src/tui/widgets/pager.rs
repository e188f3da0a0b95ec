//! Scrolling a page of text by lines: the first visible line, clamped to
//! the text drawn in the last frame.

use std::cell::Cell;

use crate::tui::action::Action;

/// The first visible line of a long text, with the page height and the
/// last useful first line remembered from the last frame.
#[derive(Debug, Default)]
pub struct Pager {
    top: usize,
    page: Cell<usize>,
    max_top: Cell<usize>,
}

impl Pager {
    /// Moves for `action` (up, down, page up and down, top, bottom);
    /// `false` when the action is not a movement.
    pub fn scroll(&mut self, action: Action) -> bool {
        let page = self.page.get().max(1);
        let max = self.max_top.get();
        let top = self.top.min(max);
        self.top = match action {
            Action::Up => top.saturating_sub(1),
            Action::Down => (top + 1).min(max),
            Action::PageUp => top.saturating_sub(page),
            Action::PageDown => (top + page).min(max),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        };
        true
    }

    /// The first line to draw of `total` lines in a view `rows` high;
    /// remembers both for the next movement.
    pub fn top(&self, total: usize, rows: usize) -> usize {
        self.page.set(rows.saturating_sub(1).max(1));
        self.max_top.set(total.saturating_sub(rows));
        self.top.min(self.max_top.get())
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::widgets::pager::*;

    #[test]
    fn scrolls_within_the_text_drawn() {
        let mut p = Pager::default();
        assert_eq!(p.top(100, 10), 0);
        assert!(p.scroll(Action::Down));
        assert_eq!(p.top(100, 10), 1);
        p.scroll(Action::PageDown);
        assert_eq!(p.top(100, 10), 10, "a page keeps one line of context");
        p.scroll(Action::Bottom);
        assert_eq!(p.top(100, 10), 90);
        p.scroll(Action::Down);
        assert_eq!(p.top(100, 10), 90, "never past the end");
        p.scroll(Action::PageUp);
        assert_eq!(p.top(100, 10), 81);
        p.scroll(Action::Top);
        assert_eq!(p.top(100, 10), 0);
        p.scroll(Action::Up);
        assert_eq!(p.top(100, 10), 0);
        assert!(!p.scroll(Action::Open));
    }

    #[test]
    fn short_texts_and_shrinking_ones_stay_at_the_top() {
        let mut p = Pager::default();
        assert_eq!(p.top(5, 10), 0);
        p.scroll(Action::Bottom);
        assert_eq!(p.top(5, 10), 0);
        p.top(50, 10);
        p.scroll(Action::Bottom);
        assert_eq!(p.top(12, 10), 2, "clamped when the text got shorter");
        assert_eq!(p.top(0, 0), 0);
    }
}
