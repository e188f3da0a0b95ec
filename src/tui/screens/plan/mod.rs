//! An action plan opened in a window over its account: its ordered steps,
//! checked off, added, moved and removed from the keyboard. Each change is
//! saved at once (and undoable).

pub mod draw;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::domain::plan::parse_step_line;
use crate::domain::{ActionPlan, Id, Stakeholder, Step};
use crate::store::StoreError;
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::effect::{Effect, Tone};
use crate::tui::keymap::{Context, Keymap, is_ctrl_c};
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::{position, shift};
use crate::tui::screens::forms::{Form, Record};
use crate::tui::widgets::scroll::Scroll;

/// The open plan window.
#[derive(Debug)]
pub struct PlanView {
    /// The account the plan belongs to.
    account_id: Id,
    /// The plan as last read from the store.
    plan: ActionPlan,
    /// The account's stakeholders, offered as the plan's owner on the
    /// customer's side when it is edited.
    people: Vec<Stakeholder>,
    /// Index of the selected step.
    selected: usize,
    /// Scroll position of the step list.
    scroll: Scroll,
    /// The text of a step being added, when adding: `text`, or `text @
    /// date` with its due date.
    adding: Option<TextArea<'static>>,
    /// Why the step typed could not be added (its due date unreadable);
    /// the typing stays for correction.
    adding_error: Option<String>,
    /// Whether the window is asking to confirm removing the selected step.
    confirming_delete: bool,
    /// Whether Ctrl-C was pressed once over a step being typed: the next
    /// one quits.
    quit_asked: bool,
    /// A change was just sent to the store, with the selection where it
    /// belongs after the change: the next reading keeps it there.
    saving: bool,
}

impl PlanView {
    /// Opens the window showing `plan` of the account `account_id`, whose
    /// stakeholders are `people`.
    pub fn open(account_id: Id, plan: ActionPlan, people: &[Stakeholder]) -> Effect {
        let mut view = Self::new(account_id, plan);
        view.people = people.to_vec();
        Effect::Open(Box::new(view))
    }

    /// The window showing `plan` of the account `account_id`, first step
    /// selected.
    fn new(account_id: Id, plan: ActionPlan) -> Self {
        Self {
            account_id,
            plan,
            people: Vec::new(),
            selected: 0,
            scroll: Scroll::default(),
            adding: None,
            adding_error: None,
            confirming_delete: false,
            quit_asked: false,
            saving: false,
        }
    }

    /// The id of the selected step.
    fn selected_step(&self) -> Option<Id> {
        self.plan.steps.get(self.selected).map(|s| s.id)
    }

    /// Shows `plan` as read again: the selection stays where a change of
    /// this window put it, else on its step wherever it moved (else where
    /// it was, clamped).
    fn reread(&mut self, plan: ActionPlan) {
        let step = if std::mem::take(&mut self.saving) {
            None
        } else {
            self.selected_step()
        };
        self.selected = position(&plan.steps, step, |s| s.id, self.selected);
        self.plan = plan;
    }

    /// Whether a step is being typed.
    fn has_typed_step(&self) -> bool {
        self.adding
            .as_ref()
            .is_some_and(|input| input.lines().iter().any(|line| !line.is_empty()))
    }

    /// Handles one key: typing a step, answering the question about
    /// removing one, or an action of the keymap. Relative due dates count
    /// from `today`.
    fn handle(&mut self, key: KeyEvent, keymap: &Keymap, today: NaiveDate) -> Effect {
        let asked = std::mem::take(&mut self.quit_asked);
        if is_ctrl_c(key) {
            if asked || !self.has_typed_step() {
                return Effect::Quit;
            }
            self.quit_asked = true;
            return Effect::Stay;
        }
        if self.adding.is_some() {
            return self.type_step(key, today);
        }
        if self.confirming_delete {
            return self.answer_removal(key);
        }
        keymap
            .action(Context::Plan, key)
            .map_or(Effect::Stay, |action| self.perform(action))
    }

    /// A key while a step is typed: Enter adds it after the selection.
    fn type_step(&mut self, key: KeyEvent, today: NaiveDate) -> Effect {
        let Some(input) = &mut self.adding else {
            return Effect::Stay;
        };
        match key.code {
            KeyCode::Esc => {
                self.adding = None;
                self.adding_error = None;
                Effect::Stay
            }
            KeyCode::Enter => {
                let line = input.lines().join(" ");
                let (text, due) = match parse_step_line(&line, today) {
                    Ok(step) => step,
                    Err(message) => {
                        self.adding_error = Some(message);
                        return Effect::Stay;
                    }
                };
                self.adding = None;
                self.adding_error = None;
                if text.is_empty() {
                    return Effect::Stay;
                }
                let mut changed = self.plan.clone();
                let at = (self.selected + 1).min(changed.steps.len());
                changed.steps.insert(
                    at,
                    Step {
                        due,
                        ..Step::new(text)
                    },
                );
                self.selected = at;
                self.save(changed, "Added a step.")
            }
            _ => {
                input.input(key);
                Effect::Stay
            }
        }
    }

    /// The answer to "Remove this step?": y or Enter removes it.
    fn answer_removal(&mut self, key: KeyEvent) -> Effect {
        self.confirming_delete = false;
        if !matches!(key.code, KeyCode::Char('y' | 'Y') | KeyCode::Enter)
            || self.selected >= self.plan.steps.len()
        {
            return Effect::Stay;
        }
        let mut changed = self.plan.clone();
        let step = changed.steps.remove(self.selected);
        self.selected = shift(self.selected, 0, changed.steps.len());
        let message = format!(
            "Removed the step “{}”. Press u to undo.",
            first_line(&step.text)
        );
        self.save(changed, message)
    }

    /// Performs an action of the keymap on the plan.
    fn perform(&mut self, action: Action) -> Effect {
        let len = self.plan.steps.len();
        let page = self.scroll.page() as isize;
        match action {
            Action::Back => Effect::Close,
            Action::Quit => Effect::Quit,
            Action::Help => Effect::Pass(Action::Help),
            Action::Up => self.select(shift(self.selected, -1, len)),
            Action::Down => self.select(shift(self.selected, 1, len)),
            Action::PageUp => self.select(shift(self.selected, -page, len)),
            Action::PageDown => self.select(shift(self.selected, page, len)),
            Action::Top => self.select(0),
            Action::Bottom => self.select(len.saturating_sub(1)),
            Action::Toggle if self.selected < len => {
                let mut changed = self.plan.clone();
                let step = &mut changed.steps[self.selected];
                step.done = !step.done;
                let message = if step.done {
                    "Step done."
                } else {
                    "Step reopened."
                };
                self.save(changed, message)
            }
            Action::MoveUp if self.selected > 0 && self.selected < len => {
                let mut changed = self.plan.clone();
                changed.steps.swap(self.selected, self.selected - 1);
                self.selected -= 1;
                self.save(changed, "Moved the step up.")
            }
            Action::MoveDown if self.selected + 1 < len => {
                let mut changed = self.plan.clone();
                changed.steps.swap(self.selected, self.selected + 1);
                self.selected += 1;
                self.save(changed, "Moved the step down.")
            }
            Action::New => {
                self.adding = Some(TextArea::default());
                Effect::Stay
            }
            Action::Delete if self.selected < len => {
                self.confirming_delete = true;
                Effect::Stay
            }
            Action::Edit => Effect::Open(Box::new(Form::plan(
                &self.plan,
                self.account_id,
                &self.people,
                false,
            ))),
            _ => Effect::Stay,
        }
    }

    fn select(&mut self, index: usize) -> Effect {
        self.selected = index;
        Effect::Stay
    }

    /// Saves `changed` over the plan as read, saying `message` when it is
    /// saved.
    fn save(&mut self, changed: ActionPlan, message: impl Into<String>) -> Effect {
        self.saving = true;
        Effect::All(vec![
            Effect::Run(Command::Save {
                record: Record::Plan(changed),
                base: Some(Record::Plan(self.plan.clone())),
            }),
            Effect::Say(Tone::Ok, message.into()),
        ])
    }
}

impl Screen for PlanView {
    fn context(&self) -> Context {
        Context::Plan
    }

    fn title(&self) -> &'static str {
        "Action plan"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Toggle, "done"),
            (Action::New, "add step"),
            (Action::MoveDown, "move"),
            (Action::Back, "close"),
        ]
    }

    fn key(&mut self, key: KeyEvent, cx: &Cx) -> Effect {
        self.handle(key, cx.keymap, cx.today)
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        self.perform(action)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    /// Reads the plan again; it is gone when it was deleted or no longer
    /// answers the same issue of the account.
    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        let plan = cx
            .store
            .account_plans(self.account_id)?
            .into_iter()
            .find(|p| p.id == self.plan.id && p.issue_id == self.plan.issue_id);
        self.people = cx.store.stakeholders(self.account_id)?;
        Ok(match plan {
            Some(plan) => {
                self.reread(plan);
                Refreshed::Kept
            }
            None => Refreshed::Gone("The plan was deleted or moved elsewhere.".into()),
        })
    }

    fn has_unsaved_typing(&self) -> bool {
        self.has_typed_step()
    }

    fn account(&self) -> Option<Id> {
        Some(self.account_id)
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

    /// The window over `plan`, and the keys.
    fn window(plan: &ActionPlan) -> (PlanView, Keymap) {
        (
            PlanView::new(Id::new(), plan.clone()),
            Keymap::default_keys(),
        )
    }

    /// The plan `effect` saves and what it says then.
    fn saved(effect: Effect) -> (ActionPlan, String) {
        match effect {
            Effect::All(effects) => match <[Effect; 2]>::try_from(effects) {
                Ok(
                    [
                        Effect::Run(Command::Save {
                            record: Record::Plan(plan),
                            ..
                        }),
                        Effect::Say(Tone::Ok, message),
                    ],
                ) => (plan, message),
                other => panic!("expected a save, got {other:?}"),
            },
            other => panic!("expected a save, got {other:?}"),
        }
    }

    fn typed(view: &mut PlanView, keys: &Keymap, text: &str) {
        for c in text.chars() {
            view.handle(key(c), keys, today());
        }
    }

    #[test]
    fn ctrl_c_over_a_step_being_typed_asks_before_quitting() {
        let (mut view, keys) = window(&plan());
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(matches!(view.handle(ctrl_c, &keys, today()), Effect::Quit));

        view.perform(Action::New);
        typed(&mut view, &keys, "x");
        assert!(matches!(view.handle(ctrl_c, &keys, today()), Effect::Stay));
        assert!(view.quit_asked);
        typed(&mut view, &keys, "y");
        assert!(!view.quit_asked, "another key takes the question back");
        assert_eq!(view.adding.as_ref().unwrap().lines(), ["xy"]);
        view.handle(ctrl_c, &keys, today());
        assert!(matches!(view.handle(ctrl_c, &keys, today()), Effect::Quit));
    }

    #[test]
    fn reading_again_keeps_the_selection_on_its_step() {
        let mut plan = plan();
        let (mut view, _) = window(&plan);
        view.perform(Action::Down);
        plan.steps.insert(0, Step::new("Prepare"));
        view.reread(plan.clone());
        assert_eq!(plan.steps[view.selected].text, "Run");
    }

    #[test]
    fn toggling_saves_the_step_done() {
        let (mut view, _) = window(&plan());
        view.perform(Action::Down);
        let (changed, message) = saved(view.perform(Action::Toggle));
        assert!(changed.steps[1].done);
        assert!(!changed.steps[0].done);
        assert_eq!(message, "Step done.");
    }

    #[test]
    fn moving_reorders_and_follows_the_step() {
        let (mut view, _) = window(&plan());
        let (changed, _) = saved(view.perform(Action::MoveDown));
        let texts: Vec<_> = changed.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Run", "Scope", "Review"]);
        assert_eq!(view.selected, 1);
        view.reread(changed);
        assert_eq!(view.selected, 1, "the selection stays on the moved step");
    }

    #[test]
    fn adding_inserts_after_the_selection() {
        let (mut view, keys) = window(&plan());
        view.perform(Action::New);
        typed(&mut view, &keys, "Sign off");
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let (changed, _) = saved(view.handle(enter, &keys, today()));
        assert_eq!(changed.steps[1].text, "Sign off");
        assert_eq!(view.selected, 1);
    }

    #[test]
    fn a_new_step_takes_a_due_date_and_keeps_the_typing_when_it_is_wrong() {
        let (mut view, keys) = window(&plan());
        view.perform(Action::New);
        typed(&mut view, &keys, "Sign off @ soon");
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert!(matches!(view.handle(enter, &keys, today()), Effect::Stay));
        let error = view.adding_error.clone().expect("an error");
        assert!(error.contains("`soon` is not a date"), "{error}");
        let typed_text = view.adding.as_ref().expect("still adding").lines().join("");
        assert_eq!(typed_text, "Sign off @ soon");
        for _ in 0.."soon".len() {
            let backspace = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
            view.handle(backspace, &keys, today());
        }
        typed(&mut view, &keys, "+2w");
        let (changed, _) = saved(view.handle(enter, &keys, today()));
        assert_eq!(changed.steps[1].text, "Sign off");
        assert_eq!(changed.steps[1].due, NaiveDate::from_ymd_opt(2026, 12, 7));
        assert!(view.adding.is_none() && view.adding_error.is_none());
    }

    #[test]
    fn removing_asks_first() {
        let (mut view, keys) = window(&plan());
        assert!(matches!(view.perform(Action::Delete), Effect::Stay));
        assert!(matches!(
            view.handle(key('n'), &keys, today()),
            Effect::Stay
        ));
        assert_eq!(view.plan.steps.len(), 3);
        view.perform(Action::Delete);
        let (changed, message) = saved(view.handle(key('y'), &keys, today()));
        assert_eq!(changed.steps.len(), 2);
        assert!(message.contains("undo"));
    }

    #[test]
    fn editing_opens_the_plan_form_over_the_plan() {
        let (mut view, _) = window(&plan());
        assert!(matches!(view.perform(Action::Edit), Effect::Open(_)));
    }
}
