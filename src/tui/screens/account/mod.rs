//! One account open, on one of its pages: the overview (its profile,
//! business issues, the action plans of the selected issue, and its proof
//! log), stakeholders, conversations, assessments, whitespace and signals.

pub mod assessment;
pub mod conversations;
mod draw;
pub mod overview;
pub mod pages;
mod screen;
pub mod signals;
pub mod stakeholders;
pub mod whitespace;
mod windows;

use crate::domain::{Account, ActionPlan, BusinessIssue, Id};
use crate::store::{Result, Store};
use crate::tui::action::Action;
use crate::tui::command::Kind;
use crate::tui::effect::Effect;
use crate::tui::screens::account::assessment::AssessmentPage;
use crate::tui::screens::account::conversations::ConversationsPage;
use crate::tui::screens::account::overview::proof_log::ProofLog;
use crate::tui::screens::account::pages::Page;
use crate::tui::screens::account::signals::SignalsPage;
use crate::tui::screens::account::stakeholders::StakeholdersPage;
use crate::tui::screens::account::whitespace::WhitespacePage;
use crate::tui::screens::confirm::Confirm;
use crate::tui::screens::forms::Form;
use crate::tui::widgets::scroll::Scroll;

/// The panes of the workspace, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The account's profile.
    Profile,
    /// The customer's business issues.
    Issues,
    /// Our action plans for the selected issue.
    Plans,
    /// The proof-statement log.
    Proofs,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Profile, Pane::Issues, Pane::Plans, Pane::Proofs];

    fn index(self) -> usize {
        Self::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane after this one, wrapping around.
    pub fn next(self) -> Pane {
        Self::ORDER[(self.index() + 1) % Self::ORDER.len()]
    }

    /// The pane before this one, wrapping around.
    pub fn prev(self) -> Pane {
        Self::ORDER[(self.index() + Self::ORDER.len() - 1) % Self::ORDER.len()]
    }

    /// The pane to the right of this one; the last pane stays.
    pub fn right(self) -> Pane {
        Self::ORDER[(self.index() + 1).min(Self::ORDER.len() - 1)]
    }

    /// The pane to the left of this one; the first pane stays.
    pub fn left(self) -> Pane {
        Self::ORDER[self.index().saturating_sub(1)]
    }
}

/// The state of an open account.
#[derive(Debug)]
pub struct AccountView {
    /// The account.
    pub account: Account,
    /// Its business issues, open and important first.
    pub issues: Vec<BusinessIssue>,
    /// Index of the selected issue.
    pub issue_sel: usize,
    /// The plans of the selected issue.
    pub plans: Vec<ActionPlan>,
    /// Index of the selected plan.
    pub plan_sel: usize,
    /// Every plan of the account, for what the proofs link to.
    pub account_plans: Vec<ActionPlan>,
    /// The proof log.
    pub proofs: ProofLog,
    /// The focused pane.
    pub focus: Pane,
    /// Scroll positions of the three lists.
    pub issue_scroll: Scroll,
    /// See `issue_scroll`.
    pub plan_scroll: Scroll,
    /// See `issue_scroll`.
    pub proof_scroll: Scroll,
    /// The page shown.
    pub page: Page,
    /// The stakeholders page.
    pub people: StakeholdersPage,
    /// The conversations page.
    pub talks: ConversationsPage,
    /// The assessments page.
    pub assessment: AssessmentPage,
    /// The whitespace page.
    pub whitespace: WhitespacePage,
    /// The signals page.
    pub signals: SignalsPage,
    /// The record to select on the next reading, e.g. one a command saved.
    wanted: Option<Id>,
}

impl AccountView {
    /// Opens `account_id` on `page`, with `record` selected if given (else
    /// the issues pane focused): one reading of what the page shows.
    pub fn visit(store: &Store, account_id: Id, page: Page, record: Option<Id>) -> Result<Self> {
        let mut ws = Self {
            account: store.account(account_id)?,
            issues: Vec::new(),
            issue_sel: 0,
            plans: Vec::new(),
            plan_sel: 0,
            account_plans: Vec::new(),
            proofs: ProofLog::default(),
            focus: Pane::Issues,
            issue_scroll: Scroll::default(),
            plan_scroll: Scroll::default(),
            proof_scroll: Scroll::default(),
            page,
            people: StakeholdersPage::default(),
            talks: ConversationsPage::default(),
            assessment: AssessmentPage::default(),
            whitespace: WhitespacePage::default(),
            signals: SignalsPage::default(),
            wanted: None,
        };
        ws.reload(store, record)?;
        Ok(ws)
    }

    /// Reads everything again after a change, keeping the selections, or
    /// selecting (and focusing) the record `select` when it is in this
    /// account.
    pub fn reload(&mut self, store: &Store, select: Option<Id>) -> Result<()> {
        self.account = store.account(self.account.id)?;
        let kept_issue = self.selected_issue().map(|i| i.id);
        let kept_plan = self.selected_plan().map(|p| p.id);
        self.issues = store.issues(self.account.id)?;

        let mut issue_target = kept_issue;
        let mut plan_target = kept_plan;
        let mut proof_target = None;
        if let Some(id) = select {
            if self.issues.iter().any(|i| i.id == id) {
                issue_target = Some(id);
                self.focus = Pane::Issues;
            } else if let Ok(plan) = store.plan(id) {
                issue_target = Some(plan.issue_id);
                plan_target = Some(id);
                self.focus = Pane::Plans;
            } else if id == self.account.id {
                self.focus = Pane::Profile;
            } else if store.proof(id).is_ok() {
                proof_target = Some(id);
                self.focus = Pane::Proofs;
            }
        }
        self.issue_sel = position(&self.issues, issue_target, |i| i.id, self.issue_sel);
        self.plans = match self.selected_issue() {
            Some(issue) => store.plans(issue.id)?,
            None => Vec::new(),
        };
        self.plan_sel = position(&self.plans, plan_target, |p| p.id, self.plan_sel);
        self.account_plans = store.account_plans(self.account.id)?;
        self.proofs.reload(store, self.account.id, proof_target)?;
        self.reload_page(store, select)
    }

    /// Shows `page`, read afresh.
    pub fn show(&mut self, store: &Store, page: Page) -> Result<()> {
        self.page = page;
        self.reload_page(store, None)
    }

    /// Reads the shown page beyond the overview again, selecting `select`
    /// when it is one of its records. The other pages are read when they
    /// are shown, so that a reload costs only what is on screen.
    fn reload_page(&mut self, store: &Store, select: Option<Id>) -> Result<()> {
        let id = self.account.id;
        match self.page {
            Page::Overview => Ok(()),
            Page::Stakeholders => self.people.reload(store, id, select),
            Page::Conversations => self.talks.reload(store, id, select),
            Page::Assessment => self.assessment.reload(store, id, select),
            Page::Whitespace => self.whitespace.reload(store, id, select),
            Page::Signals => self.signals.reload(store, id, select),
        }
    }

    /// The selected business issue.
    pub fn selected_issue(&self) -> Option<&BusinessIssue> {
        self.issues.get(self.issue_sel)
    }

    /// The selected action plan.
    pub fn selected_plan(&self) -> Option<&ActionPlan> {
        self.plans.get(self.plan_sel)
    }

    /// Moves the selection of the focused pane by `delta` rows (clamped).
    pub fn move_by(&mut self, store: &Store, delta: isize) -> Result<()> {
        match self.focus {
            Pane::Profile => Ok(()),
            Pane::Issues => {
                let next = shift(self.issue_sel, delta, self.issues.len());
                if next != self.issue_sel {
                    self.issue_sel = next;
                    self.plan_sel = 0;
                    self.plan_scroll = Scroll::default();
                    self.plans = match self.selected_issue() {
                        Some(issue) => store.plans(issue.id)?,
                        None => Vec::new(),
                    };
                }
                Ok(())
            }
            Pane::Plans => {
                self.plan_sel = shift(self.plan_sel, delta, self.plans.len());
                Ok(())
            }
            Pane::Proofs => {
                let next = shift(self.proofs.selected_index(), delta, self.proofs.total());
                self.proofs.select(store, self.account.id, next)
            }
        }
    }

    /// The number of rows a page move covers in the focused pane.
    pub fn page(&self) -> usize {
        match self.focus {
            Pane::Profile => 1,
            Pane::Issues => self.issue_scroll.page(),
            Pane::Plans => self.plan_scroll.page(),
            Pane::Proofs => self.proof_scroll.page(),
        }
    }
}

/// Opens `form` over the account.
fn form(form: Form) -> Effect {
    Effect::Open(Box::new(form))
}

/// Asks `question` before deleting the record `id` of kind `kind`.
fn delete(kind: Kind, id: Id, question: String) -> Effect {
    Effect::Open(Box::new(Confirm::delete(kind, id, question)))
}

/// Index of the item with the first of `targets` found among `items`, else
/// `fallback` clamped to the list: a selection follows its record, by id,
/// wherever a change elsewhere moved it.
pub fn position<T>(
    items: &[T],
    targets: impl IntoIterator<Item = Id>,
    id: impl Fn(&T) -> Id,
    fallback: usize,
) -> usize {
    targets
        .into_iter()
        .find_map(|t| items.iter().position(|i| id(i) == t))
        .unwrap_or_else(|| fallback.min(items.len().saturating_sub(1)))
}

/// `index` moved by `delta` within `0..len`.
pub fn shift(index: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    index.saturating_add_signed(delta).min(len - 1)
}

/// How far `action` moves the selection of a list whose page is `page`
/// rows, for [`shift`] to clamp; `None` when `action` does not move it.
pub fn movement(action: Action, page: usize) -> Option<isize> {
    let page = page as isize;
    match action {
        Action::Up => Some(-1),
        Action::Down => Some(1),
        Action::PageUp => Some(-page),
        Action::PageDown => Some(page),
        Action::Top => Some(isize::MIN),
        Action::Bottom => Some(isize::MAX),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use crate::domain::ProofStatement;
    use crate::store::Snapshot;
    use crate::tui::screens::account::*;

    /// A store with one account of three issues, a plan each, and
    /// `proofs` proof statements; the account's id.
    fn account_with_proofs(proofs: usize) -> (Store, Id) {
        let mut store = Store::open_in_memory().unwrap();
        let account = Account::new("Acme");
        let issues: Vec<BusinessIssue> = (0..3)
            .map(|i| BusinessIssue::new(account.id, format!("issue {i}")))
            .collect();
        let plans = issues
            .iter()
            .map(|i| ActionPlan::new(i.id, "plan"))
            .collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let proofs = (0..proofs)
            .map(|i| {
                let date = today.checked_sub_days(Days::new((i / 3) as u64)).unwrap();
                ProofStatement::new(account.id, date, format!("delivered {i}"))
            })
            .collect();
        let id = account.id;
        let records = Snapshot {
            accounts: vec![account],
            issues,
            plans,
            proofs,
            ..Snapshot::default()
        };
        store.insert_all(&records).unwrap();
        (store, id)
    }

    /// The work SQLite does to open `account`, on the overview page.
    fn work_to_open(store: &Store, account: Id) -> u64 {
        let (view, work) = store
            .work_of(|s| AccountView::visit(s, account, Page::Overview, None))
            .unwrap();
        assert!(!view.unwrap().proofs.window().1.is_empty());
        work
    }

    #[test]
    fn opening_an_account_costs_the_same_whatever_the_length_of_its_proof_log() {
        let (short, short_id) = account_with_proofs(100);
        let (long, long_id) = account_with_proofs(20_000);
        assert_eq!(long.proof_count(long_id).unwrap(), 20_000);
        assert_eq!(work_to_open(&short, short_id), work_to_open(&long, long_id));
    }

    #[test]
    fn panes_cycle_both_ways() {
        assert_eq!(Pane::Proofs.next(), Pane::Profile);
        assert_eq!(Pane::Profile.prev(), Pane::Proofs);
        assert_eq!(Pane::Issues.next(), Pane::Plans);
        assert_eq!(
            Pane::Proofs.right(),
            Pane::Proofs,
            "h and l stop at the ends"
        );
        assert_eq!(Pane::Profile.left(), Pane::Profile);
        assert_eq!(Pane::Issues.right(), Pane::Plans);
        assert_eq!(Pane::Plans.left(), Pane::Issues);
    }

    #[test]
    fn shifting_clamps() {
        assert_eq!(shift(0, -1, 5), 0);
        assert_eq!(shift(3, 10, 5), 4);
        assert_eq!(shift(3, isize::MIN, 5), 0);
        assert_eq!(shift(0, 1, 0), 0);
    }

    #[test]
    fn list_keys_move_by_a_row_a_page_or_to_an_end() {
        assert_eq!(movement(Action::Up, 8), Some(-1));
        assert_eq!(movement(Action::PageDown, 8), Some(8));
        assert_eq!(shift(3, movement(Action::Top, 8).unwrap(), 5), 0);
        assert_eq!(shift(3, movement(Action::Bottom, 8).unwrap(), 5), 4);
        assert_eq!(movement(Action::Open, 8), None);
    }
}
