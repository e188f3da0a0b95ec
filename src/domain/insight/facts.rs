//! The facts about one account that its signals are computed from, read by
//! the store in a few lean queries.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Account, Assessment, Conversation, Id, MatchingResult, PlanStatus, Stakeholder,
};

/// One action plan's effort and timing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Hours spent in conversations in one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MonthHours {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Billable hours.
    pub billable: f64,
    /// Non-billable hours.
    pub non_billable: f64,
}

/// What the signals of one account are computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The account.
    pub account: Account,
    /// Its stakeholders.
    pub stakeholders: Vec<Stakeholder>,
    /// For each key stakeholder, the newest conversation they attended,
    /// however old.
    pub last_seen: HashMap<Id, NaiveDate>,
    /// Its conversations of the last 90 days (dated after `today − 90
    /// days`, later ones included), newest first, with attendees.
    pub conversations: Vec<Conversation>,
    /// The hours of its conversations in the quarters the cost to serve
    /// covers (dated [`window_start`](super::cost::window_start) or later), per calendar month,
    /// oldest first.
    pub conversation_hours: Vec<MonthHours>,
    /// Its open action plans, and its done ones dated (due, else created)
    /// in the quarters the cost to serve covers ([`window_start`](super::cost::window_start) or
    /// later); oldest first (ties by id). Dropped plans are left out.
    pub plans: Vec<PlanEffort>,
    /// The dates of its proof statements of the last 365 days (dated
    /// `today − 365 days` or later), plus the newest one before them,
    /// oldest first.
    #[serde(with = "day_numbers")]
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

impl Facts {
    /// Facts with nothing recorded yet about `account`.
    pub fn empty(account: Account) -> Self {
        Self {
            account,
            stakeholders: Vec::new(),
            last_seen: HashMap::new(),
            conversations: Vec::new(),
            conversation_hours: Vec::new(),
            plans: Vec::new(),
            proof_dates: Vec::new(),
            proof_count: 0,
            latest: None,
            previous: None,
            matching: None,
        }
    }
}

/// Many dates written as day numbers (days since 1 January of year 1):
/// shorter than `YYYY-MM-DD` and read without a date parser, for the tens
/// of thousands of proof dates a busy account has in a year.
mod day_numbers {
    use chrono::{Datelike, NaiveDate};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(dates: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(dates.iter().map(Datelike::num_days_from_ce))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<i32>::deserialize(d)?
            .into_iter()
            .map(|n| {
                NaiveDate::from_num_days_from_ce_opt(n)
                    .ok_or_else(|| D::Error::custom(format!("{n} is not a day number")))
            })
            .collect()
    }
}

/// Shared test data for the insight computations.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// A date written `2026-11-23`.
    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// The facts of an account with a 30-day proof cadence and nothing else.
    pub(crate) fn facts() -> Facts {
        Facts::empty(Account::new("Brennholt Verpackung"))
    }
}
