//! A person's page, opened over an account's stakeholders: the issues they
//! said or confirmed, the proof statements they acknowledged and the plans
//! they own on the customer's side, each openable.

mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::domain::measure::Measure;
use crate::domain::{ActionPlan, BusinessIssue, Id, Stakeholder};
use crate::store::{PersonLinks, StoreError};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::Context;
use crate::tui::screen::{Cx, Refreshed, RenderContext, Screen};
use crate::tui::screens::account::shift;
use crate::tui::screens::forms::Form;
use crate::tui::screens::plan::PlanView;
use crate::tui::widgets::scroll::Scroll;

/// One row of the page: a record linked to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Row {
    /// An issue they said, confirmed, or both.
    Issue(usize),
    /// A proof statement they acknowledged.
    Proof(usize),
    /// A plan they own on the customer's side.
    Plan(usize),
}

/// The open person window.
#[derive(Debug)]
pub struct PersonView {
    /// The person, as last read.
    person: Stakeholder,
    /// What they are linked to.
    links: PersonLinks,
    /// The account's stakeholders, offered by the forms opened from here.
    people: Vec<Stakeholder>,
    /// The account's issues and plans, offered as a proof's links.
    issues: Vec<BusinessIssue>,
    plans: Vec<ActionPlan>,
    /// The account's measures, offered for a proof's value.
    measures: Vec<Measure>,
    /// Index of the selected row.
    selected: usize,
    /// Scroll position of the rows.
    scroll: Scroll,
}

impl PersonView {
    /// Opens the page of `person`, reading what they are linked to.
    pub fn open(person: Stakeholder, cx: &Cx) -> Effect {
        let mut view = Self {
            person,
            links: PersonLinks::default(),
            people: Vec::new(),
            issues: Vec::new(),
            plans: Vec::new(),
            measures: Vec::new(),
            selected: 0,
            scroll: Scroll::default(),
        };
        match view.refresh(cx) {
            Ok(_) => Effect::Open(Box::new(view)),
            Err(e) => Effect::error(e.to_string()),
        }
    }

    /// The rows, issues first, then proofs, then plans.
    pub(crate) fn rows(&self) -> Vec<Row> {
        let issues = (0..self.links.issues.len()).map(Row::Issue);
        let proofs = (0..self.links.proofs.len()).map(Row::Proof);
        let plans = (0..self.links.plans.len()).map(Row::Plan);
        issues.chain(proofs).chain(plans).collect()
    }

    /// What the person did about `issue`: "said", "confirmed" or both.
    pub(crate) fn role_in(&self, issue: &BusinessIssue) -> &'static str {
        let id = Some(self.person.id);
        match (issue.said_by_id == id, issue.confirmed_by_id == id) {
            (true, true) => "said and confirmed",
            (true, false) => "said",
            _ => "confirmed",
        }
    }

    /// Opens the selected record: an issue's or a proof's form, a plan's
    /// window.
    fn open_selected(&self) -> Effect {
        let account = self.person.account_id;
        let form = |form: Form| Effect::Open(Box::new(form));
        match self.rows().get(self.selected) {
            Some(Row::Issue(i)) => form(Form::issue(&self.links.issues[*i], &self.people, false)),
            Some(Row::Proof(i)) => form(Form::proof(
                &self.links.proofs[*i],
                (&self.issues, &self.plans),
                &self.people,
                &self.measures,
                false,
            )),
            Some(Row::Plan(i)) => {
                PlanView::open(account, self.links.plans[*i].clone(), &self.people)
            }
            None => Effect::Stay,
        }
    }

    /// The record of the row at `index`.
    fn record_at(&self, index: usize) -> Option<Id> {
        Some(match self.rows().get(index)? {
            Row::Issue(i) => self.links.issues[*i].id,
            Row::Proof(i) => self.links.proofs[*i].id,
            Row::Plan(i) => self.links.plans[*i].id,
        })
    }

    fn select(&mut self, index: usize) -> Effect {
        self.selected = index;
        Effect::Stay
    }
}

impl Screen for PersonView {
    fn context(&self) -> Context {
        Context::Person
    }

    fn title(&self) -> &'static str {
        "Person"
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[
            (Action::Open, "open"),
            (Action::Edit, "edit person"),
            (Action::Back, "close"),
        ]
    }

    fn act(&mut self, action: Action, _cx: &Cx) -> Effect {
        let len = self.rows().len();
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
            Action::Open => self.open_selected(),
            Action::Edit => Effect::Open(Box::new(Form::stakeholder(
                &self.person,
                &self.people,
                false,
            ))),
            _ => Effect::Stay,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, rc: &RenderContext) {
        draw::draw(rc, self, frame, area);
    }

    /// Reads the person and what they are linked to again, keeping the
    /// selected record; the window closes when the person is gone.
    fn refresh(&mut self, cx: &Cx) -> Result<Refreshed, StoreError> {
        let kept = self.record_at(self.selected);
        let person = match cx.store.stakeholder(self.person.id) {
            Ok(person) => person,
            Err(StoreError::NotFound(_)) => {
                return Ok(Refreshed::Gone("The stakeholder was deleted.".into()));
            }
            Err(e) => return Err(e),
        };
        let account = person.account_id;
        self.links = cx.store.person_links(person.id)?;
        self.people = cx.store.stakeholders(account)?;
        self.issues = cx.store.issues(account)?;
        self.plans = cx.store.account_plans(account)?;
        self.measures = cx.store.measures(account)?;
        self.person = person;
        let rows = self.rows();
        self.selected = kept
            .and_then(|id| (0..rows.len()).find(|&i| self.record_at(i) == Some(id)))
            .unwrap_or(self.selected)
            .min(rows.len().saturating_sub(1));
        Ok(Refreshed::Kept)
    }

    fn account(&self) -> Option<Id> {
        Some(self.person.account_id)
    }
}
