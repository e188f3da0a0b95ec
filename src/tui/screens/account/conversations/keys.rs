//! The conversations page's keys: moving through the list, and logging,
//! editing and deleting conversations.

use crate::domain::Conversation;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::Kind;
use crate::tui::effect::Effect;
use crate::tui::screen::Cx;
use crate::tui::screens::account::{AccountView, delete, form, movement};
use crate::tui::screens::forms::Form;

impl AccountView {
    /// Handles `action` on the conversations page; keys shared by every
    /// page fall back to the overview's handling.
    pub(crate) fn conversations_act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.talks.scroll.page()) {
            self.talks.move_by(delta);
            return Effect::Stay;
        }
        match action {
            Action::New => {
                let conversation = Conversation::new(self.account.id, cx.today, "");
                self.conversation_form(&conversation, true, cx)
            }
            Action::Edit | Action::Open => match self.talks.selected_conversation() {
                Some(conversation) => self.conversation_form(conversation, false, cx),
                None => Effect::info("No conversation yet. Press a to log one."),
            },
            Action::Delete => self.delete_conversation(),
            // The overview's panes are not on this page.
            Action::NextPane | Action::PrevPane | Action::Toggle => Effect::Stay,
            _ => self.overview_act(action, cx),
        }
    }

    fn conversation_form(&self, conversation: &Conversation, is_new: bool, cx: &Cx) -> Effect {
        Effect::or_error(cx.store.forums(), |forums| {
            form(Form::conversation(
                conversation,
                &self.talks.stakeholders,
                &forums,
                is_new,
            ))
        })
    }

    /// Asks before deleting the selected conversation.
    fn delete_conversation(&self) -> Effect {
        let Some(c) = self.talks.selected_conversation() else {
            return Effect::Stay;
        };
        let question = format!(
            "Delete the conversation of {} in “{}”?",
            c.date,
            first_line(&c.forum)
        );
        delete(Kind::Conversation, c.id, question)
    }
}
