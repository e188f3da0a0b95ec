//! The conversations page of an open account in the app: moving through
//! the list, and logging, editing and deleting conversations.

use crate::domain::Conversation;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::command::Kind;
use crate::tui::screens::account::movement;
use crate::tui::screens::forms::Form;

impl App {
    /// Handles `action` on the conversations page; keys shared by every
    /// page fall back to the overview's handling.
    pub(crate) fn talks_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        if let Some(delta) = movement(action, ws.talks.scroll.page()) {
            ws.talks.move_by(delta);
            return;
        }
        match action {
            Action::New => self.talks_new(),
            Action::Edit | Action::Open => self.talks_edit(),
            Action::Delete => self.talks_delete(),
            // The overview's panes are not on this page.
            Action::NextPane | Action::PrevPane | Action::Toggle => {}
            _ => self.workspace_action(action),
        }
    }

    /// Opens the form for a new conversation today.
    pub(crate) fn talks_new(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let conversation = Conversation::new(ws.account.id, self.today, "");
        self.open_conversation_form(conversation, true);
    }

    /// Opens the form on the selected conversation.
    pub(crate) fn talks_edit(&mut self) {
        let selected = self
            .workspace()
            .and_then(|ws| ws.talks.selected_conversation().cloned());
        match selected {
            Some(conversation) => self.open_conversation_form(conversation, false),
            None => self.say(Tone::Info, "No conversation yet. Press a to log one."),
        }
    }

    pub(crate) fn open_conversation_form(&mut self, conversation: Conversation, is_new: bool) {
        let Some(ws) = self.workspace() else { return };
        let stakeholders = ws.talks.stakeholders.clone();
        self.open_form(move |store| {
            let forums = store.forums()?;
            Ok(Form::conversation(
                &conversation,
                &stakeholders,
                &forums,
                is_new,
            ))
        });
    }

    /// Asks before deleting the selected conversation.
    pub(crate) fn talks_delete(&mut self) {
        let Some(c) = self
            .workspace()
            .and_then(|ws| ws.talks.selected_conversation())
        else {
            return;
        };
        let question = format!(
            "Delete the conversation of {} in “{}”?",
            c.date,
            first_line(&c.forum)
        );
        let id = c.id;
        self.confirm(Kind::Conversation, id, question);
    }
}
