//! The assessment page of an open account in the app: moving through the
//! history of assessments, and making, editing and deleting them.

use crate::domain::Assessment;
use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::command::Kind;
use crate::tui::keymap::Context;
use crate::tui::screens::account::movement;
use crate::tui::screens::forms::Form;

impl App {
    /// Handles `action` on the assessment page; keys shared by every page fall
    /// back to the overview's handling.
    pub(crate) fn assessment_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        let page = &mut ws.assessment;
        if let Some(delta) = movement(action, page.scroll.page()) {
            page.move_by(delta);
            return;
        }
        match action {
            Action::New => self.new_assessment(),
            Action::Edit => self.edit_assessment(),
            Action::Delete => self.delete_assessment(),
            _ => self.workspace_action(action),
        }
    }

    /// Opens the form for an assessment dated today, starting from the
    /// latest one's answers (or, for the first, from the account's stage).
    pub(crate) fn new_assessment(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let today = self.today;
        let assessment = match ws.assessment.latest() {
            Some(latest) => latest.follow_up(today),
            None => Assessment::new(ws.account.id, today, ws.account.stage),
        };
        self.open_form(|_| Ok(Form::assessment(&assessment, true)));
    }

    pub(crate) fn edit_assessment(&mut self) {
        let Some(ws) = self.workspace() else { return };
        match ws.assessment.selected().cloned() {
            Some(assessment) => self.open_form(|_| Ok(Form::assessment(&assessment, false))),
            None => {
                let text = match self.keymap.key_for(Context::Assessment, Action::New) {
                    Some(key) => format!("No assessment yet: press {key} to make the first."),
                    None => "No assessment yet.".to_owned(),
                };
                self.say(Tone::Info, text);
            }
        }
    }

    pub(crate) fn delete_assessment(&mut self) {
        let Some(ws) = self.workspace() else { return };
        if let Some(a) = ws.assessment.selected() {
            let question = format!(
                "Delete the assessment of {} (strategic score {}/100)?",
                a.date,
                a.strategic_score()
            );
            self.confirm(Kind::Assessment, a.id, question);
        }
    }
}
