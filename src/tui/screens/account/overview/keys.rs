//! The overview page's keys: moving between panes, and creating, editing,
//! deleting and checking off records.

use crate::domain::measure::Measure;
use crate::domain::{ActionPlan, BusinessIssue, Id, ProofStatement};
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::command::{Command, Kind};
use crate::tui::effect::Effect;
use crate::tui::screen::Cx;
use crate::tui::screens::account::{AccountView, Pane, delete, form, movement};
use crate::tui::screens::forms::{Form, Record};
use crate::tui::screens::plan::PlanView;

impl AccountView {
    /// Handles `action` on the overview; the other pages pass it the keys
    /// every page shares.
    pub(crate) fn overview_act(&mut self, action: Action, cx: &Cx) -> Effect {
        if let Some(delta) = movement(action, self.page()) {
            return Effect::or_error(self.move_by(cx.store, delta), |()| Effect::Stay);
        }
        match action {
            Action::NextPane => self.focus = self.focus.next(),
            Action::PrevPane => self.focus = self.focus.prev(),
            Action::Right => self.focus = self.focus.right(),
            Action::Left => self.focus = self.focus.left(),
            Action::Back => return Effect::Close,
            Action::Open => return self.overview_open(cx),
            Action::New => return self.overview_new(cx),
            Action::Edit => return self.overview_edit(cx),
            Action::EditAccount => return form(Form::account(&self.account, false)),
            Action::Delete => return self.overview_delete(),
            Action::Toggle => return self.overview_toggle(),
            Action::Brief => return self.open_brief(cx),
            Action::Changes => return self.open_changes(cx),
            Action::Matching => return self.open_matching(cx),
            _ => return Effect::Pass(action),
        }
        Effect::Stay
    }

    fn overview_open(&mut self, cx: &Cx) -> Effect {
        match self.focus {
            Pane::Issues => {
                self.focus = Pane::Plans;
                Effect::Stay
            }
            Pane::Plans => self.selected_plan().map_or(Effect::Stay, |plan| {
                PlanView::open(self.account.id, plan.clone())
            }),
            Pane::Profile | Pane::Proofs => self.overview_edit(cx),
        }
    }

    fn overview_new(&self, cx: &Cx) -> Effect {
        let account_id = self.account.id;
        match self.focus {
            Pane::Profile => {
                Effect::info("To add an account, go back to the portfolio (Esc) and press a.")
            }
            Pane::Issues => {
                let mut issue = BusinessIssue::new(account_id, "");
                issue.said_on = Some(cx.today);
                form(Form::issue(&issue, true))
            }
            Pane::Plans => match self.selected_issue() {
                Some(issue) => form(Form::plan(&ActionPlan::new(issue.id, ""), true)),
                None => Effect::info("Add a business issue first: plans answer issues."),
            },
            Pane::Proofs => {
                let mut proof = ProofStatement::new(account_id, cx.today, "");
                proof.issue_id = self.selected_issue().map(|i| i.id);
                proof.plan_id = self.selected_plan().map(|p| p.id);
                Effect::or_error(proof_links(cx, account_id), |(plans, measures)| {
                    form(Form::proof(&proof, &self.issues, &plans, &measures, true))
                })
            }
        }
    }

    /// Opens the form on the record selected in the focused pane.
    fn overview_edit(&self, cx: &Cx) -> Effect {
        match self.focus {
            Pane::Profile => form(Form::account(&self.account, false)),
            Pane::Issues => self
                .selected_issue()
                .map_or(Effect::Stay, |issue| form(Form::issue(issue, false))),
            Pane::Plans => self
                .selected_plan()
                .map_or(Effect::Stay, |plan| form(Form::plan(plan, false))),
            Pane::Proofs => {
                let Some(proof) = self.proofs.selected() else {
                    return Effect::Stay;
                };
                Effect::or_error(proof_links(cx, self.account.id), |(plans, measures)| {
                    form(Form::proof(proof, &self.issues, &plans, &measures, false))
                })
            }
        }
    }

    fn overview_delete(&self) -> Effect {
        let target = match self.focus {
            Pane::Profile => Some((
                Kind::Account,
                self.account.id,
                format!(
                    "Delete the account “{}” with all its issues, plans and proof statements?",
                    first_line(&self.account.name)
                ),
            )),
            Pane::Issues => self.selected_issue().map(|i| {
                (
                    Kind::Issue,
                    i.id,
                    format!(
                        "Delete the business issue “{}” and its action plans?",
                        first_line(&i.statement)
                    ),
                )
            }),
            Pane::Plans => self.selected_plan().map(|p| {
                (
                    Kind::Plan,
                    p.id,
                    format!(
                        "Delete the action plan “{}” and its steps?",
                        first_line(&p.title)
                    ),
                )
            }),
            Pane::Proofs => self.proofs.selected().map(|p| {
                (
                    Kind::Proof,
                    p.id,
                    format!("Delete the proof statement “{}”?", first_line(&p.statement)),
                )
            }),
        };
        target.map_or(Effect::Stay, |(kind, id, question)| {
            delete(kind, id, question)
        })
    }

    fn overview_toggle(&self) -> Effect {
        match self.proofs.selected() {
            Some(base) if self.focus == Pane::Proofs => {
                let mut proof = base.clone();
                proof.acknowledged = !proof.acknowledged;
                Effect::Run(Command::Save {
                    record: Record::Proof(proof),
                    base: Some(Record::Proof(base.clone())),
                })
            }
            _ => Effect::Stay,
        }
    }
}

/// What a proof statement's form offers beside the account's issues: its
/// plans and its measures.
fn proof_links(cx: &Cx, account_id: Id) -> crate::store::Result<(Vec<ActionPlan>, Vec<Measure>)> {
    Ok((
        cx.store.account_plans(account_id)?,
        cx.store.measures(account_id)?,
    ))
}
