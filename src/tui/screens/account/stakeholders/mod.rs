//! The stakeholders page of an open account: its state.

pub mod draw;
mod keys;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::insight::ContactLapse;
use crate::domain::org_chart::OrgChart;
use crate::domain::{Id, Stakeholder};
use crate::store::{Result, Store};
use crate::tui::action::Action;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::New, "add person"),
    (Action::Edit, "edit"),
    (Action::Delete, "delete"),
    (Action::NextPage, "page"),
    (Action::Back, "back"),
];

/// The state of the stakeholders page: the account's people, when each was
/// last seen in a conversation, their org chart and the selection.
#[derive(Debug, Default)]
pub struct StakeholdersPage {
    /// The account's stakeholders, by name.
    pub stakeholders: Vec<Stakeholder>,
    /// For each stakeholder, the newest conversation they attended.
    pub last_seen: HashMap<Id, NaiveDate>,
    /// The reporting lines laid out as a tree.
    pub chart: OrgChart,
    /// Index of the selected stakeholder in `stakeholders`.
    pub selected: usize,
    /// Scroll position of the list.
    pub scroll: Scroll,
    /// Scroll position of the org chart.
    pub chart_scroll: Scroll,
}

impl StakeholdersPage {
    /// Reads the account's stakeholders and conversations again, keeping
    /// the selected person, or selecting `select` when it is one of them.
    pub fn reload(&mut self, store: &Store, account_id: Id, select: Option<Id>) -> Result<()> {
        let kept = self.selected_person().map(|s| s.id);
        self.stakeholders = store.stakeholders(account_id)?;
        self.last_seen.clear();
        for talk in store.conversations(account_id)? {
            for person in talk.attendees {
                let seen = self.last_seen.entry(person).or_insert(talk.date);
                *seen = (*seen).max(talk.date);
            }
        }
        self.chart = OrgChart::new(&self.stakeholders);
        let target = select.filter(|id| self.index_of(*id).is_some()).or(kept);
        self.selected = target
            .and_then(|id| self.index_of(id))
            .unwrap_or(self.selected)
            .min(self.stakeholders.len().saturating_sub(1));
        Ok(())
    }

    /// The selected stakeholder.
    pub fn selected_person(&self) -> Option<&Stakeholder> {
        self.stakeholders.get(self.selected)
    }

    /// The stakeholder with `id`, if they belong to this account.
    pub fn person(&self, id: Id) -> Option<&Stakeholder> {
        self.stakeholders.iter().find(|s| s.id == id)
    }

    /// The person `s` reports to, if they belong to this account.
    pub fn manager_of(&self, s: &Stakeholder) -> Option<&Stakeholder> {
        self.person(s.reports_to?)
    }

    /// The newest conversation `s` attended, if any.
    pub fn seen(&self, s: &Stakeholder) -> Option<NaiveDate> {
        self.last_seen.get(&s.id).copied()
    }

    /// The last contact with `s`: entered by hand or from a conversation,
    /// whichever is later.
    pub fn last_contact(&self, s: &Stakeholder) -> Option<NaiveDate> {
        s.last_contact_with(self.seen(s))
    }

    /// How `s` is out of touch on `today`, if they are.
    pub fn lapse(&self, s: &Stakeholder, today: NaiveDate) -> Option<ContactLapse> {
        ContactLapse::of(s, self.seen(s), today)
    }

    /// Moves the selection by `delta` rows, clamped to the list.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = shift(self.selected, delta, self.stakeholders.len());
    }

    /// The number of rows a page move covers.
    pub fn page(&self) -> usize {
        self.scroll.page()
    }

    fn index_of(&self, id: Id) -> Option<usize> {
        self.stakeholders.iter().position(|s| s.id == id)
    }
}
