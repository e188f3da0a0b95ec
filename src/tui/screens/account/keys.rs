//! The account workspace in the app: moving between panes, and creating,
//! editing, deleting and checking off records.

use crate::domain::{ActionPlan, BusinessIssue, ProofStatement};
use crate::text::first_line;
use crate::tui::action::Action;
use crate::tui::app::{App, Main, Tone};
use crate::tui::command::{Command, Kind};
use crate::tui::screens::account::{Pane, Workspace, movement};
use crate::tui::screens::forms::{Form, Record};
use crate::tui::screens::plan::PlanView;

impl App {
    pub(crate) fn workspace_action(&mut self, action: Action) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        if let Some(delta) = movement(action, ws.page()) {
            if let Err(e) = ws.move_by(&self.store, delta) {
                self.say(Tone::Error, e.to_string());
            }
            return;
        }
        match action {
            Action::NextPane => ws.focus = ws.focus.next(),
            Action::PrevPane => ws.focus = ws.focus.prev(),
            Action::Right => ws.focus = ws.focus.right(),
            Action::Left => ws.focus = ws.focus.left(),
            Action::Back => {
                let id = ws.account.id;
                if let Err(e) = self.show_portfolio(Some(id)) {
                    self.say(Tone::Error, e.to_string());
                }
            }
            Action::Open => self.workspace_open(),
            Action::New => self.workspace_new(),
            Action::Edit => self.workspace_edit(),
            Action::EditAccount => {
                let account = ws.account.clone();
                self.open_form(|_| Ok(Form::account(&account, false)));
            }
            Action::Delete => self.workspace_delete(),
            Action::Toggle => self.workspace_toggle(),
            Action::Brief => self.open_brief(),
            Action::Changes => self.open_changes(),
            Action::Matching => self.open_matching(),
            _ => {}
        }
    }

    pub(crate) fn workspace(&self) -> Option<&Workspace> {
        match &self.screen {
            Main::Workspace(ws) => Some(ws),
            _ => None,
        }
    }

    pub(crate) fn workspace_open(&mut self) {
        let Main::Workspace(ws) = &mut self.screen else {
            return;
        };
        match ws.focus {
            Pane::Profile => self.workspace_edit(),
            Pane::Issues => ws.focus = Pane::Plans,
            Pane::Plans => {
                if let Some(plan) = ws.selected_plan() {
                    let window = PlanView::open(ws.account.id, plan.clone());
                    self.apply(window);
                }
            }
            Pane::Proofs => self.workspace_edit(),
        }
    }

    pub(crate) fn workspace_new(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let today = self.today;
        let account_id = ws.account.id;
        match ws.focus {
            Pane::Profile => self.say(
                Tone::Info,
                "To add an account, go back to the portfolio (Esc) and press a.",
            ),
            Pane::Issues => {
                let mut issue = BusinessIssue::new(account_id, "");
                issue.said_on = Some(today);
                self.open_form(|_| Ok(Form::issue(&issue, true)));
            }
            Pane::Plans => match ws.selected_issue() {
                Some(issue) => {
                    let plan = ActionPlan::new(issue.id, "");
                    self.open_form(|_| Ok(Form::plan(&plan, true)));
                }
                None => self.say(
                    Tone::Info,
                    "Add a business issue first: plans answer issues.",
                ),
            },
            Pane::Proofs => {
                let mut proof = ProofStatement::new(account_id, today, "");
                proof.issue_id = ws.selected_issue().map(|i| i.id);
                proof.plan_id = ws.selected_plan().map(|p| p.id);
                let issues = ws.issues.clone();
                self.open_form(move |store| {
                    let plans = store.account_plans(account_id)?;
                    Ok(Form::proof(&proof, &issues, &plans, true))
                });
            }
        }
    }

    pub(crate) fn workspace_edit(&mut self) {
        let Some(ws) = self.workspace() else { return };
        match ws.focus {
            Pane::Profile => {
                let account = ws.account.clone();
                self.open_form(|_| Ok(Form::account(&account, false)));
            }
            Pane::Issues => {
                if let Some(issue) = ws.selected_issue().cloned() {
                    self.open_form(|_| Ok(Form::issue(&issue, false)));
                }
            }
            Pane::Plans => {
                if let Some(plan) = ws.selected_plan().cloned() {
                    self.open_form(|_| Ok(Form::plan(&plan, false)));
                }
            }
            Pane::Proofs => {
                if let Some(proof) = ws.proofs.selected().cloned() {
                    let issues = ws.issues.clone();
                    let account_id = ws.account.id;
                    self.open_form(move |store| {
                        let plans = store.account_plans(account_id)?;
                        Ok(Form::proof(&proof, &issues, &plans, false))
                    });
                }
            }
        }
    }

    pub(crate) fn workspace_delete(&mut self) {
        let Some(ws) = self.workspace() else { return };
        let target = match ws.focus {
            Pane::Profile => Some((
                Kind::Account,
                ws.account.id,
                format!(
                    "Delete the account “{}” with all its issues, plans and proof statements?",
                    first_line(&ws.account.name)
                ),
            )),
            Pane::Issues => ws.selected_issue().map(|i| {
                (
                    Kind::Issue,
                    i.id,
                    format!(
                        "Delete the business issue “{}” and its action plans?",
                        first_line(&i.statement)
                    ),
                )
            }),
            Pane::Plans => ws.selected_plan().map(|p| {
                (
                    Kind::Plan,
                    p.id,
                    format!(
                        "Delete the action plan “{}” and its steps?",
                        first_line(&p.title)
                    ),
                )
            }),
            Pane::Proofs => ws.proofs.selected().map(|p| {
                (
                    Kind::Proof,
                    p.id,
                    format!("Delete the proof statement “{}”?", first_line(&p.statement)),
                )
            }),
        };
        if let Some((kind, id, question)) = target {
            self.confirm(kind, id, question);
        }
    }

    pub(crate) fn workspace_toggle(&mut self) {
        let Some(ws) = self.workspace() else { return };
        if ws.focus != Pane::Proofs {
            return;
        }
        if let Some(base) = ws.proofs.selected().cloned() {
            let mut proof = base.clone();
            proof.acknowledged = !proof.acknowledged;
            let _ = self.run(Command::Save {
                record: Record::Proof(proof),
                base: Some(Record::Proof(base)),
            });
        }
    }
}
