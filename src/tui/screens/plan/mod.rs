//! An action plan opened: its ordered steps, checked off, added, moved and
//! removed from the keyboard. Each change is saved at once (and undoable).

pub mod draw;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::domain::plan::parse_step_line;
use crate::domain::{ActionPlan, Id, Step};
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::keymap::is_ctrl_c;
use crate::tui::screens::account::{position, shift};
use crate::tui::widgets::scroll::Scroll;

/// The state of the plan popup.
#[derive(Debug)]
pub struct PlanView {
    plan_id: Id,
    /// Index of the selected step.
    pub selected: usize,
    /// Scroll position of the step list.
    pub scroll: Scroll,
    /// The text of a step being added, when adding: `text`, or `text @
    /// date` with its due date.
    pub adding: Option<TextArea<'static>>,
    /// Why the step typed could not be added (its due date unreadable);
    /// the typing stays for correction.
    pub adding_error: Option<String>,
    /// Whether the view is asking to confirm removing the selected step.
    pub confirming_delete: bool,
    /// Whether Ctrl-C was pressed once over a step being typed: the next
    /// one quits.
    pub quit_asked: bool,
}

/// What the app should do after a key in the plan popup.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing beyond the view's own state.
    Stay,
    /// Close the popup.
    Close,
    /// Quit kam (Ctrl-C, twice over a step being typed).
    Quit,
    /// Save the changed plan, then report the message.
    Save(ActionPlan, String),
    /// Open the full plan form.
    EditPlan,
}

impl PlanView {
    /// A view of the plan `plan_id`, first step selected.
    pub fn new(plan_id: Id) -> Self {
        Self {
            plan_id,
            selected: 0,
            scroll: Scroll::default(),
            adding: None,
            adding_error: None,
            confirming_delete: false,
            quit_asked: false,
        }
    }

    /// The plan shown.
    pub fn plan_id(&self) -> Id {
        self.plan_id
    }

    /// The id of the selected step of `plan`.
    pub fn selected_step(&self, plan: &ActionPlan) -> Option<Id> {
        plan.steps.get(self.selected).map(|s| s.id)
    }

    /// Keeps the selection on `step` in `plan` as read again, wherever it
    /// moved (else where it was, clamped).
    pub fn follow(&mut self, plan: &ActionPlan, step: Option<Id>) {
        self.selected = position(&plan.steps, step, |s| s.id, self.selected);
    }

    /// Whether a step is being typed.
    pub fn has_typed_step(&self) -> bool {
        self.adding
            .as_ref()
            .is_some_and(|input| input.lines().iter().any(|line| !line.is_empty()))
    }

    /// Handles a key (and the action the keymap gives it) for `plan`;
    /// relative due dates count from `today`.
    pub fn handle(
        &mut self,
        key: KeyEvent,
        action: Option<Action>,
        plan: &ActionPlan,
        today: NaiveDate,
    ) -> Outcome {
        let asked = std::mem::take(&mut self.quit_asked);
        if is_ctrl_c(key) {
            if asked || !self.has_typed_step() {
                return Outcome::Quit;
            }
            self.quit_asked = true;
            return Outcome::Stay;
        }
        if let Some(input) = &mut self.adding {
            return match key.code {
                KeyCode::Esc => {
                    self.adding = None;
                    self.adding_error = None;
                    Outcome::Stay
                }
                KeyCode::Enter => {
                    let line = input.lines().join(" ");
                    let (text, due) = match parse_step_line(&line, today) {
                        Ok(step) => step,
                        Err(message) => {
                            self.adding_error = Some(message);
                            return Outcome::Stay;
                        }
                    };
                    self.adding = None;
                    self.adding_error = None;
                    if text.is_empty() {
                        return Outcome::Stay;
                    }
                    let mut changed = plan.clone();
                    let at = (self.selected + 1).min(changed.steps.len());
                    changed.steps.insert(
                        at,
                        Step {
                            due,
                            ..Step::new(text)
                        },
                    );
                    self.selected = at;
                    Outcome::Save(changed, "Added a step.".into())
                }
                _ => {
                    input.input(key);
                    Outcome::Stay
                }
            };
        }
        if self.confirming_delete {
            self.confirming_delete = false;
            if !matches!(key.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter) {
                return Outcome::Stay;
            }
            let mut changed = plan.clone();
            if self.selected >= changed.steps.len() {
                return Outcome::Stay;
            }
            let step = changed.steps.remove(self.selected);
            self.selected = shift(self.selected, 0, changed.steps.len());
            let message = format!(
                "Removed the step “{}”. Press u to undo.",
                first_line(&step.text)
            );
            return Outcome::Save(changed, message);
        }
        let len = plan.steps.len();
        let page = self.scroll.page() as isize;
        match action {
            Some(Action::Back) => Outcome::Close,
            Some(Action::Up) => self.select(shift(self.selected, -1, len)),
            Some(Action::Down) => self.select(shift(self.selected, 1, len)),
            Some(Action::PageUp) => self.select(shift(self.selected, -page, len)),
            Some(Action::PageDown) => self.select(shift(self.selected, page, len)),
            Some(Action::Top) => self.select(0),
            Some(Action::Bottom) => self.select(len.saturating_sub(1)),
            Some(Action::Toggle) if self.selected < len => {
                let mut changed = plan.clone();
                let step = &mut changed.steps[self.selected];
                step.done = !step.done;
                let message = if step.done {
                    "Step done."
                } else {
                    "Step reopened."
                };
                Outcome::Save(changed, message.into())
            }
            Some(Action::MoveUp) if self.selected > 0 && self.selected < len => {
                let mut changed = plan.clone();
                changed.steps.swap(self.selected, self.selected - 1);
                self.selected -= 1;
                Outcome::Save(changed, "Moved the step up.".into())
            }
            Some(Action::MoveDown) if self.selected + 1 < len => {
                let mut changed = plan.clone();
                changed.steps.swap(self.selected, self.selected + 1);
                self.selected += 1;
                Outcome::Save(changed, "Moved the step down.".into())
            }
            Some(Action::New) => {
                self.adding = Some(TextArea::default());
                Outcome::Stay
            }
            Some(Action::Delete) if self.selected < len => {
                self.confirming_delete = true;
                Outcome::Stay
            }
            Some(Action::Edit) => Outcome::EditPlan,
            _ => Outcome::Stay,
        }
    }

    fn select(&mut self, index: usize) -> Outcome {
        self.selected = index;
        Outcome::Stay
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyModifiers;

    use crate::tui::screens::plan::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn plan() -> ActionPlan {
        let mut p = ActionPlan::new(Id::new(), "Pilot");
        p.steps = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
        p
    }

    #[test]
    fn ctrl_c_over_a_step_being_typed_asks_before_quitting() {
        let plan = plan();
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let mut view = PlanView::new(plan.id);
        assert!(matches!(
            view.handle(ctrl_c, None, &plan, today()),
            Outcome::Quit
        ));

        view.handle(key('a'), Some(Action::New), &plan, today());
        view.handle(key('x'), None, &plan, today());
        assert!(matches!(
            view.handle(ctrl_c, None, &plan, today()),
            Outcome::Stay
        ));
        assert!(view.quit_asked);
        view.handle(key('y'), None, &plan, today());
        assert!(!view.quit_asked, "another key takes the question back");
        assert_eq!(view.adding.as_ref().unwrap().lines(), ["xy"]);
        view.handle(ctrl_c, None, &plan, today());
        assert!(matches!(
            view.handle(ctrl_c, None, &plan, today()),
            Outcome::Quit
        ));
    }

    #[test]
    fn follow_keeps_the_selection_on_its_step() {
        let mut plan = plan();
        let mut view = PlanView::new(plan.id);
        view.handle(key('j'), Some(Action::Down), &plan, today());
        let run = view.selected_step(&plan);
        plan.steps.insert(0, Step::new("Prepare"));
        view.follow(&plan, run);
        assert_eq!(plan.steps[view.selected].text, "Run");
    }

    #[test]
    fn toggling_saves_the_step_done() {
        let plan = plan();
        let mut view = PlanView::new(plan.id);
        view.handle(key('j'), Some(Action::Down), &plan, today());
        let Outcome::Save(changed, _) = view.handle(key(' '), Some(Action::Toggle), &plan, today())
        else {
            panic!("expected a save");
        };
        assert!(changed.steps[1].done);
        assert!(!changed.steps[0].done);
    }

    #[test]
    fn moving_reorders_and_follows_the_step() {
        let plan = plan();
        let mut view = PlanView::new(plan.id);
        let Outcome::Save(changed, _) =
            view.handle(key('J'), Some(Action::MoveDown), &plan, today())
        else {
            panic!("expected a save");
        };
        let texts: Vec<_> = changed.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Run", "Scope", "Review"]);
        assert_eq!(view.selected, 1);
    }

    #[test]
    fn adding_inserts_after_the_selection() {
        let plan = plan();
        let mut view = PlanView::new(plan.id);
        view.handle(key('a'), Some(Action::New), &plan, today());
        for c in "Sign off".chars() {
            view.handle(key(c), None, &plan, today());
        }
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let Outcome::Save(changed, _) = view.handle(enter, None, &plan, today()) else {
            panic!("expected a save");
        };
        assert_eq!(changed.steps[1].text, "Sign off");
        assert_eq!(view.selected, 1);
    }

    #[test]
    fn a_new_step_takes_a_due_date_and_keeps_the_typing_when_it_is_wrong() {
        let plan = plan();
        let mut view = PlanView::new(plan.id);
        view.handle(key('a'), Some(Action::New), &plan, today());
        for c in "Sign off @ soon".chars() {
            view.handle(key(c), None, &plan, today());
        }
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert!(matches!(
            view.handle(enter, None, &plan, today()),
            Outcome::Stay
        ));
        let error = view.adding_error.clone().expect("an error");
        assert!(error.contains("`soon` is not a date"), "{error}");
        let typed = view.adding.as_ref().expect("still adding").lines().join("");
        assert_eq!(typed, "Sign off @ soon");
        for _ in 0.."soon".len() {
            view.handle(
                KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
                None,
                &plan,
                today(),
            );
        }
        for c in "+2w".chars() {
            view.handle(key(c), None, &plan, today());
        }
        let Outcome::Save(changed, _) = view.handle(enter, None, &plan, today()) else {
            panic!("expected a save");
        };
        assert_eq!(changed.steps[1].text, "Sign off");
        assert_eq!(changed.steps[1].due, NaiveDate::from_ymd_opt(2026, 12, 7));
        assert!(view.adding.is_none() && view.adding_error.is_none());
    }

    #[test]
    fn removing_asks_first() {
        let plan = plan();
        let mut view = PlanView::new(plan.id);
        assert!(matches!(
            view.handle(key('d'), Some(Action::Delete), &plan, today()),
            Outcome::Stay
        ));
        assert!(matches!(
            view.handle(key('n'), None, &plan, today()),
            Outcome::Stay
        ));
        assert_eq!(plan.steps.len(), 3);
        view.handle(key('d'), Some(Action::Delete), &plan, today());
        let Outcome::Save(changed, message) = view.handle(key('y'), None, &plan, today()) else {
            panic!("expected a save");
        };
        assert_eq!(changed.steps.len(), 2);
        assert!(message.contains("undo"));
    }
}
