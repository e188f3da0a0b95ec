//! Business issues: the customer's problems and goals, in the customer's words.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::choice::choice_enum;
use super::id::Id;
use super::validation::{Checker, Invalid};

choice_enum! {
    /// What kind of issue the customer is describing.
    pub enum IssueKind {
        Goal => ("goal", "Goal"),
        Pressure => ("pressure", "Pressure"),
        Initiative => ("initiative", "Initiative"),
        Obstacle => ("obstacle", "Obstacle"),
    }
}

choice_enum! {
    /// How much the issue matters to the customer.
    pub enum Importance {
        Low => ("low", "Low"),
        Medium => ("medium", "Medium"),
        High => ("high", "High"),
        Critical => ("critical", "Critical"),
    }
}

choice_enum! {
    /// Whether the issue is still live for the customer.
    pub enum IssueStatus {
        Open => ("open", "Open"),
        Resolved => ("resolved", "Resolved"),
        Parked => ("parked", "Parked"),
    }
}

choice_enum! {
    /// When the issue sits: a past problem, a present one, or the future.
    pub enum TimeFrame {
        Past => ("past", "Past"),
        Present => ("present", "Present"),
        Future => ("future", "Future"),
    }
}

/// A problem or goal of the customer's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessIssue {
    /// Stable id.
    pub id: Id,
    /// The account the issue belongs to.
    pub account_id: Id,
    /// The issue as the customer states it.
    pub statement: String,
    /// Goal, pressure, initiative or obstacle.
    pub kind: IssueKind,
    /// Who on the customer's side said it.
    pub said_by: String,
    /// The stakeholder who said it, when it was a person of the account;
    /// `said_by` then holds their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_by_id: Option<Id>,
    /// When they said it.
    pub said_on: Option<NaiveDate>,
    /// Whether the customer confirmed our understanding of the issue.
    pub confirmed: bool,
    /// Who confirmed it.
    pub confirmed_by: String,
    /// The stakeholder who confirmed it, when it was a person of the
    /// account; `confirmed_by` then holds their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by_id: Option<Id>,
    /// How much it matters to the customer.
    pub importance: Importance,
    /// Open, resolved or parked.
    pub status: IssueStatus,
    /// Past, present or future.
    pub time_frame: TimeFrame,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl BusinessIssue {
    /// A new open issue of medium importance about the present.
    pub fn new(account_id: Id, statement: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            account_id,
            statement: statement.into(),
            kind: IssueKind::Pressure,
            said_by: String::new(),
            said_by_id: None,
            said_on: None,
            confirmed: false,
            confirmed_by: String::new(),
            confirmed_by_id: None,
            importance: Importance::Medium,
            status: IssueStatus::Open,
            time_frame: TimeFrame::Present,
            created_at: now,
            updated_at: now,
        }
    }

    /// Who said the issue and when, in words: "said by Dieter Vogel on
    /// 2025-10-24", "said by Dieter Vogel" or "said on 2025-10-24"; `None`
    /// when neither is known.
    pub fn said(&self) -> Option<String> {
        let by = self.said_by.trim();
        match (by.is_empty(), self.said_on) {
            (false, Some(on)) => Some(format!("said by {by} on {on}")),
            (false, None) => Some(format!("said by {by}")),
            (true, Some(on)) => Some(format!("said on {on}")),
            (true, None) => None,
        }
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("statement", &self.statement);
        c.long_text("statement", &self.statement);
        c.short_text("said_by", &self.said_by);
        c.short_text("confirmed_by", &self.confirmed_by);
        c.check(
            !self.confirmed
                && (!self.confirmed_by.trim().is_empty() || self.confirmed_by_id.is_some()),
            "confirmed_by",
            "set Confirmed to yes, or clear this field",
        );
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn said_names_who_and_when_only_when_known() {
        let mut issue = BusinessIssue::new(Id::new(), "Lines stop");
        assert_eq!(issue.said(), None);
        issue.said_on = NaiveDate::from_ymd_opt(2025, 10, 24);
        assert_eq!(issue.said().as_deref(), Some("said on 2025-10-24"));
        issue.said_by = "  ".into();
        assert_eq!(issue.said().as_deref(), Some("said on 2025-10-24"));
        issue.said_by = "Dieter Vogel".into();
        assert_eq!(
            issue.said().as_deref(),
            Some("said by Dieter Vogel on 2025-10-24")
        );
        issue.said_on = None;
        assert_eq!(issue.said().as_deref(), Some("said by Dieter Vogel"));
    }

    #[test]
    fn statement_is_required() {
        let issue = BusinessIssue::new(Id::new(), "");
        assert_eq!(issue.validate().unwrap_err().0[0].field, "statement");
    }

    #[test]
    fn a_confirmer_needs_a_confirmation() {
        let mut issue = BusinessIssue::new(Id::new(), "Lines stop for lack of spares");
        issue.confirmed_by = "Plant director".into();
        assert_eq!(issue.validate().unwrap_err().0[0].field, "confirmed_by");
        issue.confirmed = true;
        assert!(issue.validate().is_ok());
    }
}
