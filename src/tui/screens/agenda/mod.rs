//! The agenda screen's state: the agenda the app loaded, the selected
//! entry and the scroll position. Keys move the selection or ask the app to
//! jump to an entry's record; the view never touches the store.

pub mod draw;
mod screen;

use crate::domain::Id;
use crate::domain::agenda::{Agenda, Entry, Section};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// One row of the agenda as drawn: a section heading, a note for an empty
/// section, or an entry (by its index among all entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The heading of a section, with how many entries it has.
    Heading(Section, usize),
    /// The section has no entries.
    Empty(Section),
    /// The entry at this index of [`Agenda::entries`].
    Entry(usize),
}

/// The state of the agenda screen.
#[derive(Debug, Default)]
pub struct AgendaView {
    agenda: Agenda,
    /// Index of the selected entry among all entries.
    pub selected: usize,
    /// Scroll position of the rows.
    pub scroll: Scroll,
}

impl AgendaView {
    /// A view of `agenda`, first entry selected.
    pub fn new(agenda: Agenda) -> Self {
        Self {
            agenda,
            ..Self::default()
        }
    }

    /// The agenda shown.
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    /// Shows a freshly loaded agenda, the selection staying on the same
    /// entry wherever it moved, else where it was (clamped to the new
    /// length).
    pub fn set_agenda(&mut self, agenda: Agenda) {
        let kept = self.selected_key();
        self.agenda = agenda;
        self.selected = kept
            .and_then(|key| self.agenda.entries().position(|e| key_of(e) == key))
            .unwrap_or(self.selected)
            .min(self.agenda.len().saturating_sub(1));
    }

    /// What identifies the selected entry across reloads.
    fn selected_key(&self) -> Option<(Section, Id)> {
        self.agenda.entries().nth(self.selected).map(key_of)
    }

    /// The selected entry.
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.agenda.entries().nth(self.selected).map(|(_, e)| e)
    }

    /// Every row to draw, headings included, section by section.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.agenda.len() + Section::ALL.len());
        let mut index = 0;
        for section in Section::ALL {
            let count = self.agenda.section(section).len();
            rows.push(Row::Heading(section, count));
            if count == 0 {
                rows.push(Row::Empty(section));
            }
            rows.extend((index..index + count).map(Row::Entry));
            index += count;
        }
        rows
    }

    /// Handles an action from the keymap.
    pub fn handle(&mut self, action: Action) -> Effect {
        let len = self.agenda.len();
        let page = self.scroll.page() as isize;
        match action {
            Action::Up => self.selected = shift(self.selected, -1, len),
            Action::Down => self.selected = shift(self.selected, 1, len),
            Action::PageUp => self.selected = shift(self.selected, -page, len),
            Action::PageDown => self.selected = shift(self.selected, page, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Back => return Effect::Close,
            Action::Open => {
                if let Some(entry) = self.selected_entry() {
                    return Effect::Visit {
                        account_id: entry.account_id,
                        page: Page::Overview,
                        record: Some(entry.jump_target()),
                    };
                }
            }
            _ => return Effect::Pass(action),
        }
        Effect::Stay
    }
}

/// An entry's section and record: a review and a silence of one account
/// share the record, never the section.
fn key_of((section, entry): (Section, &Entry)) -> (Section, Id) {
    (section, entry.record_id())
}

#[cfg(test)]
mod tests;
