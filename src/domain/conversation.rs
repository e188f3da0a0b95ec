//! Conversations: the meetings, calls and forums where our people meet the
//! customer's.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;
use super::issue::TimeFrame;
use super::validation::{Checker, Invalid};

/// The forums offered when logging a conversation; any other name the user
/// types becomes a forum too.
pub const DEFAULT_FORUMS: &[&str] = &[
    "Purchasing",
    "Engineering",
    "Operations",
    "Executive review",
    "Quality",
    "Finance",
    "Service",
    "Innovation workshop",
];

/// One meeting, call or forum with the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// Stable id.
    pub id: Id,
    /// The account it was with.
    pub account_id: Id,
    /// When it took place.
    pub date: NaiveDate,
    /// Where it took place, e.g. "Purchasing" or "Executive review".
    pub forum: String,
    /// The customer's stakeholders who were there.
    pub attendees: Vec<Id>,
    /// Whether the talk was about the past, the present or the future.
    pub time_frame: TimeFrame,
    /// What was said and agreed.
    pub summary: String,
    /// Billable hours our side spent on it.
    pub billable_hours: f64,
    /// Non-billable hours our side spent on it.
    pub non_billable_hours: f64,
    /// Whether it was an executive review: the customer's senior leadership
    /// and ours.
    #[serde(default)]
    pub executive_review: bool,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl Conversation {
    /// A new conversation about the present, on `date`, in `forum`.
    pub fn new(account_id: Id, date: NaiveDate, forum: impl Into<String>) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            account_id,
            date,
            forum: forum.into(),
            attendees: Vec::new(),
            time_frame: TimeFrame::Present,
            summary: String::new(),
            billable_hours: 0.0,
            non_billable_hours: 0.0,
            executive_review: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        c.required("forum", &self.forum);
        c.short_text("forum", &self.forum);
        c.long_text("summary", &self.summary);
        c.hours("billable_hours", self.billable_hours);
        c.hours("non_billable_hours", self.non_billable_hours);
        c.finish()
    }

    /// All hours, billable or not.
    pub fn hours(&self) -> f64 {
        self.billable_hours + self.non_billable_hours
    }
}

/// The forums to offer: the defaults, then every other forum in `used`
/// (by first appearance), without repeats (ignoring case).
pub fn forum_choices<'a>(used: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut forums: Vec<String> = DEFAULT_FORUMS.iter().map(|f| f.to_string()).collect();
    for forum in used {
        let forum = forum.trim();
        if !forum.is_empty() && !forums.iter().any(|f| f.eq_ignore_ascii_case(forum)) {
            forums.push(forum.to_string());
        }
    }
    forums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forum_and_hours_are_checked() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        let mut c = Conversation::new(Id::new(), day, " ");
        c.non_billable_hours = -1.0;
        let fields: Vec<_> = c
            .validate()
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["forum", "non_billable_hours"]);
        c.forum = "Engineering".into();
        c.non_billable_hours = 2.5;
        assert!(c.validate().is_ok());
        assert_eq!(c.hours(), 2.5);
    }

    #[test]
    fn used_forums_extend_the_defaults_once() {
        let forums = forum_choices(["Supplier day", "purchasing", "Supplier day", ""]);
        assert_eq!(forums.len(), DEFAULT_FORUMS.len() + 1);
        assert_eq!(forums.last().unwrap(), "Supplier day");
    }
}
