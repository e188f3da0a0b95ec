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

    /// Whether it was made from a calendar's meeting by `kam import`: its
    /// id is the one named after the meeting ([`Id::named`]), where a
    /// conversation logged by hand has a fresh one.
    pub fn from_calendar(&self) -> bool {
        self.id.as_uuid().get_version_num() == 5
    }

    /// Whether it came from the calendar and was never edited since: it
    /// still holds the invitation's text, and waits to be written up with
    /// what was said and what time frame the talk was about.
    pub fn waiting_write_up(&self) -> bool {
        self.from_calendar() && self.updated_at == self.created_at
    }
}

/// The conversations of `conversations` that wait to be written up
/// ([`Conversation::waiting_write_up`]) and took place by `today`, the
/// latest first.
pub fn waiting_write_up(conversations: &[Conversation], today: NaiveDate) -> Vec<&Conversation> {
    let mut waiting: Vec<&Conversation> = conversations
        .iter()
        .filter(|c| c.waiting_write_up() && c.date <= today)
        .collect();
    waiting.sort_by_key(|c| std::cmp::Reverse((c.date, c.id)));
    waiting
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
    fn a_meeting_from_the_calendar_waits_until_it_is_edited() {
        let account = Id::new();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let logged = Conversation::new(account, day(2), "Purchasing");
        assert!(!logged.from_calendar() && !logged.waiting_write_up());

        let mut imported = Conversation::new(account, day(5), "Quarterly business review");
        imported.id = Id::named(account, "uid-1");
        assert!(imported.from_calendar() && imported.waiting_write_up());
        let mut written = imported.clone();
        written.id = Id::named(account, "uid-2");
        written.updated_at = written.created_at + chrono::Duration::seconds(1);
        assert!(written.from_calendar() && !written.waiting_write_up());
        let mut later = imported.clone();
        later.id = Id::named(account, "uid-3");
        later.date = day(6);
        let mut coming = imported.clone();
        coming.id = Id::named(account, "uid-4");
        coming.date = day(30);

        let all = [logged, imported.clone(), written, later.clone(), coming];
        let waiting: Vec<Id> = waiting_write_up(&all, day(23))
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(
            waiting,
            [later.id, imported.id],
            "latest first, none to come"
        );
    }

    #[test]
    fn used_forums_extend_the_defaults_once() {
        let forums = forum_choices(["Supplier day", "purchasing", "Supplier day", ""]);
        assert_eq!(forums.len(), DEFAULT_FORUMS.len() + 1);
        assert_eq!(forums.last().unwrap(), "Supplier day");
    }
}
