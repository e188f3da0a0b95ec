//! The signals page of an open account: its state. The figures come from
//! the account's insight, which the app keeps; the page holds what the
//! insight does not: the breaks in the chain from issue to proof, with one
//! selected, the history of matching tests and the value scorecard.

pub mod draw;
mod keys;

use crate::domain::insight::Gap;
use crate::domain::measure::Series;
use crate::domain::{Id, MatchingResult};
use crate::store::{Result, Store};
use crate::tui::action::Action;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::Why, "why"),
    (Action::Open, "go to record"),
    (Action::Matching, "matching test"),
    (Action::TeamTest, "team test"),
    (Action::NextPage, "page"),
    (Action::Back, "back"),
];

/// The state of the signals page.
#[derive(Debug, Default)]
pub struct SignalsPage {
    /// Breaks in the chain from issue to proof, by kind.
    pub gaps: Vec<Gap>,
    /// Matching tests taken, newest first.
    pub matching: Vec<MatchingResult>,
    /// The value scorecard: each measure with its newest values.
    pub measures: Vec<Series>,
    /// Index of the selected break.
    pub selected: usize,
    /// Scroll position of the list of breaks.
    pub scroll: Scroll,
}

impl SignalsPage {
    /// Reads the page's records of `account_id` again, selecting the break
    /// at `select` when it is one of them.
    pub fn reload(&mut self, store: &Store, account_id: Id, select: Option<Id>) -> Result<()> {
        let kept = self.selected_gap().map(|g| (g.kind, g.record_id));
        self.gaps = store.chain_breaks(Some(account_id))?;
        let mut matching = store.matching_results(account_id)?;
        matching.reverse();
        self.matching = matching;
        self.measures = store.measured_series(account_id)?;
        let target = select
            .and_then(|id| self.gaps.iter().position(|g| g.record_id == id))
            .or_else(|| {
                kept.and_then(|(kind, id)| {
                    self.gaps
                        .iter()
                        .position(|g| g.kind == kind && g.record_id == id)
                })
            });
        self.selected = target.unwrap_or(self.selected);
        self.selected = self.selected.min(self.gaps.len().saturating_sub(1));
        Ok(())
    }

    /// The selected break.
    pub fn selected_gap(&self) -> Option<&Gap> {
        self.gaps.get(self.selected)
    }

    /// Moves the selection by `delta` breaks (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = shift(self.selected, delta, self.gaps.len());
    }
}
