//! The stakeholders page of an open account in the app: moving through the
//! people, and adding, editing and deleting them.

use crate::domain::Stakeholder;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::app::{App, Main};
use crate::tui::command::Kind;
use crate::tui::screens::account::movement;
use crate::tui::screens::forms::Form;

impl App {
    /// Handles `action` on the stakeholders page; keys shared by every page
    /// fall back to the overview's handling.
    pub(crate) fn people_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        if let Some(delta) = movement(action, ws.people.page()) {
            ws.people.move_by(delta);
            return;
        }
        match action {
            Action::New => self.new_stakeholder(),
            Action::Edit | Action::Open => self.edit_stakeholder(),
            Action::Delete => self.delete_stakeholder(),
            // The overview's pane keys mean nothing here.
            Action::NextPane | Action::PrevPane | Action::Toggle => {}
            _ => self.workspace_action(action),
        }
    }

    pub(crate) fn new_stakeholder(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let person = Stakeholder::new(ws.account.id, "");
        let colleagues = ws.people.stakeholders.clone();
        self.open_form(move |_| Ok(Form::stakeholder(&person, &colleagues, true)));
    }

    pub(crate) fn edit_stakeholder(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let Some(person) = ws.people.selected_person().cloned() else {
            return;
        };
        let colleagues = ws.people.stakeholders.clone();
        self.open_form(move |_| Ok(Form::stakeholder(&person, &colleagues, false)));
    }

    pub(crate) fn delete_stakeholder(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let Some(person) = ws.people.selected_person() else {
            return;
        };
        let reports = ws
            .people
            .stakeholders
            .iter()
            .filter(|s| s.reports_to == Some(person.id))
            .count();
        let name = first_line(&person.name);
        let question = match reports {
            0 => format!("Delete the stakeholder “{name}”?"),
            1 => format!(
                "Delete the stakeholder “{name}”? The person reporting to them will report to nobody."
            ),
            n => format!(
                "Delete the stakeholder “{name}”? The {n} people reporting to them will report to nobody."
            ),
        };
        let id = person.id;
        self.confirm(Kind::Stakeholder, id, question);
    }
}
