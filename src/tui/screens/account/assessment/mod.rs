//! The assessment page of an open account: its state, every strategic
//! assessment of the account and the one selected.

pub mod draw;
mod keys;

use crate::domain::{Assessment, Id};
use crate::store::{Result, Store};
use crate::tui::action::Action;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::New, "follow-up"),
    (Action::Edit, "edit"),
    (Action::Delete, "delete"),
    (Action::Down, "history"),
    (Action::NextPage, "page"),
    (Action::Back, "back"),
];

/// The state of the assessment page.
#[derive(Debug, Default)]
pub struct AssessmentPage {
    /// The account's assessments, oldest first.
    assessments: Vec<Assessment>,
    /// Index of the selected assessment in `assessments`.
    selected: usize,
    /// Scroll position of the history list.
    pub scroll: Scroll,
}

impl AssessmentPage {
    /// Reads the page's records of `account_id` again, selecting `select`
    /// when it is one of them.
    pub fn reload(&mut self, store: &Store, account_id: Id, select: Option<Id>) -> Result<()> {
        self.set(store.assessments(account_id)?, select);
        Ok(())
    }

    /// Takes `assessments` (oldest first) and selects `select` when it is
    /// among them, else the assessment selected before, else the latest.
    pub fn set(&mut self, assessments: Vec<Assessment>, select: Option<Id>) {
        let kept = self.selected().map(|a| a.id);
        self.assessments = assessments;
        let find = |id: Option<Id>| {
            let id = id?;
            self.assessments.iter().position(|a| a.id == id)
        };
        self.selected = find(select)
            .or_else(|| find(kept))
            .unwrap_or(self.assessments.len().saturating_sub(1));
    }

    /// Every assessment, oldest first.
    pub fn assessments(&self) -> &[Assessment] {
        &self.assessments
    }

    /// Index of the selected assessment in [`AssessmentPage::assessments`].
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// The selected assessment.
    pub fn selected(&self) -> Option<&Assessment> {
        self.assessments.get(self.selected)
    }

    /// The assessment made before the selected one.
    pub fn previous(&self) -> Option<&Assessment> {
        self.assessments.get(self.selected.checked_sub(1)?)
    }

    /// The latest assessment.
    pub fn latest(&self) -> Option<&Assessment> {
        self.assessments.last()
    }

    /// The row of the history list that shows the assessment at `index`:
    /// the list shows the latest first.
    pub fn row_of(&self, index: usize) -> usize {
        self.assessments
            .len()
            .saturating_sub(1)
            .saturating_sub(index)
    }

    /// Moves the selection `delta` rows down the history list (clamped):
    /// since the list shows the latest first, down goes back in time.
    pub fn move_by(&mut self, delta: isize) {
        let len = self.assessments.len();
        if len == 0 {
            return;
        }
        let row = shift(self.row_of(self.selected), delta, len);
        self.selected = len - 1 - row;
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::RelationshipStage;
    use crate::tui::screens::account::assessment::*;

    fn assessment(account: Id, month: u32) -> Assessment {
        let date = NaiveDate::from_ymd_opt(2026, month, 1).unwrap();
        Assessment::new(account, date, RelationshipStage::Basic)
    }

    fn page_of(count: u32) -> (AssessmentPage, Vec<Assessment>) {
        let account = Id::new();
        let list: Vec<_> = (1..=count).map(|m| assessment(account, m)).collect();
        let mut page = AssessmentPage::default();
        page.set(list.clone(), None);
        (page, list)
    }

    #[test]
    fn the_latest_is_selected_at_first() {
        let (page, list) = page_of(3);
        assert_eq!(page.selected(), list.last());
        assert_eq!(page.previous(), list.get(1));
        assert_eq!(page.row_of(page.selected_index()), 0);
        let (empty, _) = page_of(0);
        assert_eq!(empty.selected(), None);
        assert_eq!(empty.previous(), None);
    }

    #[test]
    fn down_goes_back_in_time_and_stops_at_the_ends() {
        let (mut page, list) = page_of(3);
        page.move_by(1);
        assert_eq!(page.selected(), list.get(1));
        page.move_by(5);
        assert_eq!(page.selected(), list.first());
        assert_eq!(page.previous(), None);
        page.move_by(-1);
        assert_eq!(page.selected(), list.get(1));
        page.move_by(isize::MIN);
        assert_eq!(page.selected(), list.last());
    }

    #[test]
    fn reloading_keeps_or_moves_the_selection() {
        let (mut page, mut list) = page_of(3);
        page.move_by(2);
        let first = list[0].id;
        page.set(list.clone(), None);
        assert_eq!(page.selected().map(|a| a.id), Some(first), "kept");
        page.set(list.clone(), Some(list[1].id));
        assert_eq!(page.selected().map(|a| a.id), Some(list[1].id), "asked for");
        let gone = list.remove(1);
        page.set(list.clone(), Some(gone.id));
        assert_eq!(page.selected(), list.last(), "deleted: the latest");
    }
}
