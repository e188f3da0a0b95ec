//! Action plans: what we propose to do about a business issue.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::dates::parse_date;
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
    /// Who owns the plan on the customer's side, as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_owner: String,
    /// The stakeholder who owns the plan on the customer's side, when it
    /// is a person of the account; `customer_owner` then holds their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_owner_id: Option<Id>,
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
            customer_owner: String::new(),
            customer_owner_id: None,
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
        c.short_text("title", &self.title);
        c.long_text("detail", &self.detail);
        c.short_text("owner", &self.owner);
        c.short_text("customer_owner", &self.customer_owner);
        for step in &self.steps {
            c.long_text("steps", &step.text);
        }
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

/// What separates a step's text from its due date in a line typed by the
/// user: `Run the pilot @ 2026-12-20`, `Sign off @ +2w`.
pub const DUE_MARK: &str = " @ ";

/// A step line as typed, `text @ date`, read into its text and due date:
/// the date after the last `@` (preceded by a space) takes every form
/// [`parse_date`] knows, relative to `today`; a line without `@` has no due
/// date. An unreadable date is an error naming it.
pub fn parse_step_line(
    line: &str,
    today: NaiveDate,
) -> Result<(String, Option<NaiveDate>), String> {
    let line = line.trim();
    let Some((text, date)) = line.rsplit_once(" @") else {
        return Ok((line.to_string(), None));
    };
    let date = date.trim();
    if date.is_empty() {
        return Err(format!(
            "“{}”: put its due date after the @, e.g. @ 2026-12-20 or @ +2w",
            text.trim()
        ));
    }
    let due = parse_date(date, today).map_err(|e| format!("“{}”: {e}", text.trim()))?;
    Ok((text.trim().to_string(), Some(due)))
}

/// A step as one editable line: its text and, if it has one, ` @ ` and its
/// due date; [`parse_step_line`] reads it back.
pub fn step_line(step: &Step) -> String {
    let text = step.text.replace(['\n', '\r'], " ");
    match step.due {
        Some(due) => format!("{text}{DUE_MARK}{due}"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_line_carries_its_due_date_after_an_at() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let on = |y, m, d| Some(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(
            parse_step_line("Run the pilot @ 2026-12-20", today),
            Ok(("Run the pilot".to_string(), on(2026, 12, 20)))
        );
        assert_eq!(
            parse_step_line("Sign off @+2w", today),
            Ok(("Sign off".to_string(), on(2026, 12, 7)))
        );
        assert_eq!(
            parse_step_line("Mail anna@example.com", today),
            Ok(("Mail anna@example.com".to_string(), None))
        );
        let err = parse_step_line("Sign off @ next week", today).unwrap_err();
        assert!(
            err.starts_with("“Sign off”: `next week` is not a date"),
            "{err}"
        );
        let err = parse_step_line("Sign off @", today).unwrap_err();
        assert!(err.contains("put its due date after the @"), "{err}");
        let mut step = Step::new("Run the pilot");
        assert_eq!(step_line(&step), "Run the pilot");
        step.due = on(2026, 12, 20);
        assert_eq!(step_line(&step), "Run the pilot @ 2026-12-20");
        assert_eq!(
            parse_step_line(&step_line(&step), today),
            Ok((step.text.clone(), step.due))
        );
    }

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
