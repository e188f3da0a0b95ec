//! Action plans: what we propose to do about a business issue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::Id;
use super::validation::{Checker, Invalid};

choice_enum! {
    /// Where a plan stands with the customer.
    pub enum PlanStatus {
        Proposed => ("proposed", "Proposed"),
        Agreed => ("agreed", "Agreed"),
        InProgress => ("in_progress", "In progress"),
        Done => ("done", "Done"),
        Dropped => ("dropped", "Dropped"),
    }
}

impl PlanStatus {
    /// Done and dropped plans are closed: they can no longer be overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }
}

/// One ordered, checkable step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id.
    pub id: Id,
    /// What to do.
    pub text: String,
    /// Whether it is done.
    pub done: bool,
    /// When it is due, if it has its own date.
    pub due: Option<NaiveDate>,
}

impl Step {
    /// A new open step.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            id: Id::new(),
            text: text.into(),
            done: false,
            due: None,
        }
    }
}

/// Our proactive response to a business issue, with or without our product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionPlan {
    /// Stable id.
    pub id: Id,
    /// The business issue this plan answers.
    pub issue_id: Id,
    /// The plan in one line.
    pub title: String,
    /// The proposal in full.
    pub detail: String,
    /// Whether the plan uses our product.
    pub uses_product: bool,
    /// Who owns the plan.
    pub owner: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Proposed, agreed, in progress, done or dropped.
    pub status: PlanStatus,
    /// Billable effort, in hours.
    pub billable_hours: f64,
    /// Non-billable effort, in hours.
    pub non_billable_hours: f64,
    /// The ordered steps.
    pub steps: Vec<Step>,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl ActionPlan {
    /// A new proposed plan for `issue_id`.
    pub fn new(issue_id: Id, title: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            issue_id,
            title: title.into(),
            detail: String::new(),
            uses_product: true,
            owner: String::new(),
            due: None,
            status: PlanStatus::Proposed,
            billable_hours: 0.0,
            non_billable_hours: 0.0,
            steps: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether the plan is past its due date and still open on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.status.is_closed() && self.due.is_some_and(|d| d < today)
    }

    /// The first step not yet done.
    pub fn next_step(&self) -> Option<&Step> {
        self.steps.iter().find(|s| !s.done)
    }

    /// Steps done and steps in all.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.steps.iter().filter(|s| s.done).count(),
            self.steps.len(),
        )
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("title", &self.title);
        c.hours("billable_hours", self.billable_hours);
        c.hours("non_billable_hours", self.non_billable_hours);
        c.check(
            self.steps.iter().any(|s| s.text.trim().is_empty()),
            "steps",
            "a step needs text",
        );
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn overdue_only_while_open() {
        let today = d("2026-11-23");
        let mut p = ActionPlan::new(Id::new(), "Consignment stock pilot");
        assert!(!p.is_overdue(today));
        p.due = Some(d("2026-11-22"));
        assert!(p.is_overdue(today));
        p.due = Some(today);
        assert!(!p.is_overdue(today));
        p.due = Some(d("2026-11-01"));
        p.status = PlanStatus::Done;
        assert!(!p.is_overdue(today));
    }

    #[test]
    fn progress_and_next_step() {
        let mut p = ActionPlan::new(Id::new(), "Pilot");
        p.steps = vec![Step::new("Scope"), Step::new("Run"), Step::new("Review")];
        p.steps[0].done = true;
        assert_eq!(p.progress(), (1, 3));
        assert_eq!(p.next_step().unwrap().text, "Run");
    }

    #[test]
    fn hours_must_be_sensible() {
        let mut p = ActionPlan::new(Id::new(), "Pilot");
        p.billable_hours = -2.0;
        p.non_billable_hours = f64::NAN;
        let fields: Vec<_> = p
            .validate()
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["billable_hours", "non_billable_hours"]);
    }
}
