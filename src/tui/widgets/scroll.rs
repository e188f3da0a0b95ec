//! Keeping the selection visible in lists drawn one page at a time.

use std::cell::Cell;
use std::ops::Range;

/// The first visible row of a list, remembered between frames so that the
/// view scrolls only when the selection would leave it.
#[derive(Debug, Default)]
pub struct Scroll {
    top: Cell<usize>,
    page: Cell<usize>,
}

impl Scroll {
    /// The rows to draw for `len` rows with `selected` in a view `rows` high.
    pub fn visible(&self, selected: usize, len: usize, rows: usize) -> Range<usize> {
        self.page.set(rows.max(1));
        if rows == 0 || len == 0 {
            return 0..0;
        }
        // A list that shrank below the view shows from higher up rather
        // than leave blank rows at the bottom.
        let mut top = self.top.get().min(len.saturating_sub(rows));
        if selected < top {
            top = selected;
        } else if selected >= top + rows {
            top = selected + 1 - rows;
        }
        self.top.set(top);
        top..(top + rows).min(len)
    }

    /// How many rows the last frame showed: the size of a page move.
    pub fn page(&self) -> usize {
        self.page.get().max(1)
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::widgets::scroll::*;

    #[test]
    fn scrolls_only_when_the_selection_leaves_the_view() {
        let s = Scroll::default();
        assert_eq!(s.visible(0, 100, 10), 0..10);
        assert_eq!(s.visible(9, 100, 10), 0..10);
        assert_eq!(s.visible(10, 100, 10), 1..11);
        assert_eq!(s.visible(5, 100, 10), 1..11);
        assert_eq!(s.visible(0, 100, 10), 0..10);
        assert_eq!(s.visible(99, 100, 10), 90..100);
        assert_eq!(s.page(), 10);
        assert_eq!(s.visible(94, 95, 10), 85..95, "shrunk under the view");
        assert_eq!(s.visible(2, 4, 10), 0..4);
    }

    #[test]
    fn empty_lists_and_zero_heights_are_harmless() {
        let s = Scroll::default();
        assert_eq!(s.visible(0, 0, 10), 0..0);
        assert_eq!(s.visible(3, 5, 0), 0..0);
        assert_eq!(s.page(), 1);
    }
}
