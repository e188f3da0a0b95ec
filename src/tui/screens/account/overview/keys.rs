//! The overview page's keys: moving between panes, and creating, editing,
//! deleting and checking off records.

use crate::domain::measure::Measure;
use crate::domain::{ActionPlan, BusinessIssue, ProofStatement, Stakeholder};
use crate::store::StoreError;

/// What a proof statement's form offers: the account's plans, people and
/// measures.
type ProofLinks = (Vec<ActionPlan>, Vec<Stakeholder>, Vec<Measure>);
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
            Action::TeamTest => return self.open_team_test(cx),
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
                Effect::or_error(cx.store.stakeholders(self.account.id), |people| {
                    PlanView::open(self.account.id, plan.clone(), &people)
                })
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
                Effect::or_error(cx.store.stakeholders(account_id), |people| {
                    form(Form::issue(&issue, &people, true))
                })
            }
            Pane::Plans => match self.selected_issue() {
                Some(issue) => Effect::or_error(cx.store.stakeholders(account_id), |people| {
                    form(Form::plan(
                        &ActionPlan::new(issue.id, ""),
                        account_id,
                        &people,
                        true,
                    ))
                }),
                None => Effect::info("Add a business issue first: plans answer issues."),
            },
            Pane::Proofs => {
                let mut proof = ProofStatement::new(account_id, cx.today, "");
                proof.issue_id = self.selected_issue().map(|i| i.id);
                proof.plan_id = self.selected_plan().map(|p| p.id);
                Effect::or_error(self.proof_links(cx), |(plans, people, measures)| {
                    form(Form::proof(
                        &proof,
                        (&self.issues, &plans),
                        &people,
                        &measures,
                        true,
                    ))
                })
            }
        }
    }

    /// The account's plans and stakeholders, offered by a proof's form.
    fn proof_links(&self, cx: &Cx) -> Result<ProofLinks, StoreError> {
        let account = self.account.id;
        Ok((
            cx.store.account_plans(account)?,
            cx.store.stakeholders(account)?,
            cx.store.measures(account)?,
        ))
    }

    /// Opens the form on the record selected in the focused pane.
    fn overview_edit(&self, cx: &Cx) -> Effect {
        let account_id = self.account.id;
        let people = || cx.store.stakeholders(account_id);
        match self.focus {
            Pane::Profile => form(Form::account(&self.account, false)),
            Pane::Issues => self.selected_issue().map_or(Effect::Stay, |issue| {
                Effect::or_error(people(), |people| form(Form::issue(issue, &people, false)))
            }),
            Pane::Plans => self.selected_plan().map_or(Effect::Stay, |plan| {
                Effect::or_error(people(), |people| {
                    form(Form::plan(plan, account_id, &people, false))
                })
            }),
            Pane::Proofs => {
                let Some(proof) = self.proofs.selected() else {
                    return Effect::Stay;
                };
                Effect::or_error(self.proof_links(cx), |(plans, people, measures)| {
                    form(Form::proof(
                        proof,
                        (&self.issues, &plans),
                        &people,
                        &measures,
                        false,
                    ))
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
