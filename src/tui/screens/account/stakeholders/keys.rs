//! The stakeholders page's keys: moving through the people, and adding,
//! editing and deleting them.

use crate::domain::Stakeholder;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::Kind;
use crate::tui::effect::Effect;
use crate::tui::screen::Cx;
use crate::tui::screens::account::{AccountView, delete, form, movement};
use crate::tui::screens::forms::Form;
use crate::tui::screens::person::PersonView;

impl AccountView {
    /// Handles `action` on the stakeholders page; keys shared by every page
    /// fall back to the overview's handling.
    pub(crate) fn stakeholders_act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.people.page()) {
            self.people.move_by(delta);
            return Effect::Stay;
        }
        let colleagues = &self.people.stakeholders;
        match action {
            Action::New => form(Form::stakeholder(
                &Stakeholder::new(self.account.id, ""),
                colleagues,
                true,
            )),
            Action::Open => self
                .people
                .selected_person()
                .map_or(Effect::Stay, |person| PersonView::open(person.clone(), cx)),
            Action::Edit => self
                .people
                .selected_person()
                .map_or(Effect::Stay, |person| {
                    form(Form::stakeholder(person, colleagues, false))
                }),
            Action::Delete => self.delete_stakeholder(),
            // The overview's pane keys mean nothing here.
            Action::NextPane | Action::PrevPane | Action::Toggle => Effect::Stay,
            _ => self.overview_act(action, cx),
        }
    }

    fn delete_stakeholder(&self) -> Effect {
        let Some(person) = self.people.selected_person() else {
            return Effect::Stay;
        };
        let reports = self
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
        delete(Kind::Stakeholder, person.id, question)
    }
}
