//! The assessment page's keys: moving through the history of assessments,
//! and making, editing and deleting them.

use crate::domain::Assessment;
use crate::tui::action::Action;
use crate::tui::command::Kind;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::Cx;
use crate::tui::screens::account::{AccountView, delete, form, movement};
use crate::tui::screens::forms::Form;

impl AccountView {
    /// Handles `action` on the assessment page; keys shared by every page
    /// fall back to the overview's handling.
    pub(crate) fn assessment_act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.assessment.scroll.page()) {
            self.assessment.move_by(delta);
            return Effect::Stay;
        }
        match action {
            Action::New => self.new_assessment(cx),
            Action::Edit => self.edit_assessment(cx),
            Action::Delete => self.delete_assessment(),
            _ => self.overview_act(action, cx),
        }
    }

    /// Opens the form for an assessment dated today, starting from the
    /// latest one's answers (or, for the first, from the account's stage).
    fn new_assessment(&self, cx: &Cx) -> Effect {
        let assessment = match self.assessment.latest() {
            Some(latest) => latest.follow_up(cx.today),
            None => Assessment::new(self.account.id, cx.today, self.account.stage),
        };
        form(Form::assessment(&assessment, true))
    }

    fn edit_assessment(&self, cx: &Cx) -> Effect {
        match self.assessment.selected() {
            Some(assessment) => form(Form::assessment(assessment, false)),
            None => Effect::info(match cx.keymap.key_for(Context::Assessment, Action::New) {
                Some(key) => format!("No assessment yet: press {key} to make the first."),
                None => "No assessment yet.".to_owned(),
            }),
        }
    }

    fn delete_assessment(&self) -> Effect {
        self.assessment.selected().map_or(Effect::Stay, |a| {
            let question = format!(
                "Delete the assessment of {} (strategic score {}/100)?",
                a.date,
                a.strategic_score()
            );
            delete(Kind::Assessment, a.id, question)
        })
    }
}
