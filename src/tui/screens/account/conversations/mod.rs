//! The conversations page of an open account: its conversations, newest
//! first, the stakeholders they name, and the selection.

pub mod draw;
mod keys;

use crate::domain::{Conversation, Id, Stakeholder};
use crate::store::{Result, Store};
use crate::tui::action::Action;
use crate::tui::screens::account::shift;
use crate::tui::widgets::scroll::Scroll;

/// The actions worth a hint in the status line on this page, with short
/// names.
pub const HINTS: &[(Action, &str)] = &[
    (Action::NextPage, "page"),
    (Action::New, "new"),
    (Action::Edit, "edit"),
    (Action::Delete, "delete"),
    (Action::Back, "back"),
];

/// The state of the conversations page.
#[derive(Debug, Default)]
pub struct ConversationsPage {
    /// The account's conversations, newest first, with their attendees.
    pub conversations: Vec<Conversation>,
    /// The account's stakeholders, to name the attendees.
    pub stakeholders: Vec<Stakeholder>,
    /// Index of the selected conversation.
    pub selected: usize,
    /// Scroll position of the list.
    pub scroll: Scroll,
}

impl ConversationsPage {
    /// Reads the conversations and stakeholders of `account_id` again,
    /// keeping the selection, or selecting `select` when it is one of the
    /// conversations.
    pub fn reload(&mut self, store: &Store, account_id: Id, select: Option<Id>) -> Result<()> {
        let kept = self.selected_conversation().map(|c| c.id);
        self.conversations = store.conversations(account_id)?;
        self.stakeholders = store.stakeholders(account_id)?;
        let target = select
            .filter(|id| self.conversations.iter().any(|c| c.id == *id))
            .or(kept);
        self.selected = target
            .and_then(|id| self.conversations.iter().position(|c| c.id == id))
            .unwrap_or(self.selected)
            .min(self.conversations.len().saturating_sub(1));
        Ok(())
    }

    /// The selected conversation.
    pub fn selected_conversation(&self) -> Option<&Conversation> {
        self.conversations.get(self.selected)
    }

    /// Moves the selection by `delta` rows (clamped to the list).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = shift(self.selected, delta, self.conversations.len());
    }

    /// The stakeholders who attended `conversation`, in the order of the
    /// stakeholder list; attendees no longer recorded are left out.
    pub fn attendees(&self, conversation: &Conversation) -> Vec<&Stakeholder> {
        self.stakeholders
            .iter()
            .filter(|s| conversation.attendees.contains(&s.id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::Account;
    use crate::tui::screens::account::conversations::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn reloading_keeps_or_moves_the_selection() {
        let mut store = Store::open_in_memory().unwrap();
        let account = store.save_account(&Account::new("Nordwerk")).unwrap();
        let ana = store
            .save_stakeholder(&Stakeholder::new(account.id, "Ana"))
            .unwrap();
        let mut first = Conversation::new(account.id, day(2), "Purchasing");
        first.attendees = vec![ana.id];
        let first = store.save_conversation(&first).unwrap();
        let second = store
            .save_conversation(&Conversation::new(account.id, day(9), "Quality"))
            .unwrap();

        let mut page = ConversationsPage::default();
        page.reload(&store, account.id, None).unwrap();
        assert_eq!(page.selected_conversation().unwrap().id, second.id);
        page.reload(&store, account.id, Some(first.id)).unwrap();
        assert_eq!(page.selected, 1);
        let names: Vec<&str> = page
            .attendees(&page.conversations[1])
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["Ana"]);

        let newest = store
            .save_conversation(&Conversation::new(account.id, day(20), "Finance"))
            .unwrap();
        page.reload(&store, account.id, None).unwrap();
        assert_eq!(page.selected_conversation().unwrap().id, first.id, "kept");
        page.reload(&store, account.id, Some(ana.id)).unwrap();
        assert_eq!(page.selected_conversation().unwrap().id, first.id);
        page.move_by(-5);
        assert_eq!(page.selected_conversation().unwrap().id, newest.id);
        page.move_by(isize::MAX);
        assert_eq!(page.selected, 2);

        store.delete_conversation(first.id).unwrap();
        page.reload(&store, account.id, None).unwrap();
        assert_eq!(page.selected, 1, "clamped to the shorter list");
    }
}
