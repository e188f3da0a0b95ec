//! The facts about one account that its signals are computed from, read by
//! the store in a few lean queries.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{
    Account, Assessment, Conversation, Id, MatchingResult, PlanStatus, Stakeholder,
};

/// One action plan's effort and timing.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanEffort {
    /// The plan.
    pub id: Id,
    /// Its status.
    pub status: PlanStatus,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// The day it was created (UTC).
    pub created: NaiveDate,
    /// Billable hours.
    pub billable_hours: f64,
    /// Non-billable hours.
    pub non_billable_hours: f64,
    /// Whether it, or one of its steps, is past due while open.
    pub overdue: bool,
}

/// What the signals of one account are computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The account.
    pub account: Account,
    /// Its stakeholders.
    pub stakeholders: Vec<Stakeholder>,
    /// For each stakeholder, the newest conversation they attended.
    pub last_seen: HashMap<Id, NaiveDate>,
    /// Its conversations of the last two years (730 days), newest first,
    /// with attendees.
    pub conversations: Vec<Conversation>,
    /// Its action plans that are not dropped.
    pub plans: Vec<PlanEffort>,
    /// The dates of its proof statements of the last 365 days, plus the
    /// newest one before them, oldest first.
    pub proof_dates: Vec<NaiveDate>,
    /// How many proof statements it has in all.
    pub proof_count: usize,
    /// The latest assessment.
    pub latest: Option<Assessment>,
    /// The assessment before the latest.
    pub previous: Option<Assessment>,
    /// The latest matching test.
    pub matching: Option<MatchingResult>,
}
