//! Cost to serve: the hours an account takes, against what it brings.

use chrono::NaiveDate;

use super::Facts;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// The quarter `date` falls in.
    pub fn of(date: NaiveDate) -> Self {
        let _ = date;
        todo!()
    }

    /// The quarter before this one.
    pub fn prev(self) -> Self {
        todo!()
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Q{}", self.year, self.q)
    }
}

/// Hours spent on an account in one quarter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuarterHours {
    /// The quarter.
    pub quarter: Quarter,
    /// Billable hours.
    pub billable: f64,
    /// Non-billable hours.
    pub non_billable: f64,
}

/// An account's cost to serve on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct CostToServe {
    /// The last 8 quarters, oldest first; the last is the current quarter.
    /// A plan's hours count in the quarter of its due date (of its creation
    /// when it has none; plans due after today count in the current
    /// quarter); a conversation's in the quarter it took place.
    pub quarters: Vec<QuarterHours>,
    /// Billable hours of the last 4 quarters.
    pub billable_year: f64,
    /// Non-billable hours of the last 4 quarters.
    pub non_billable_year: f64,
    /// Billable and non-billable hours of the 4 quarters before those.
    pub hours_prior_year: f64,
    /// Annual revenue.
    pub revenue: Option<i64>,
    /// Revenue the year before.
    pub prior_revenue: Option<i64>,
    /// Proof statements of the last 365 days.
    pub proofs_year: usize,
}

impl CostToServe {
    /// The cost to serve of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let _ = (facts, today);
        todo!()
    }

    /// All hours of the last 4 quarters.
    pub fn hours_year(&self) -> f64 {
        self.billable_year + self.non_billable_year
    }

    /// Revenue change year on year, in percent.
    pub fn revenue_change_percent(&self) -> Option<f64> {
        todo!()
    }

    /// Hours of the last 4 quarters per 100,000 of annual revenue.
    pub fn hours_per_100k(&self) -> Option<f64> {
        todo!()
    }

    /// Non-billable hours of the last 4 quarters per proof statement of the
    /// last 365 days; `None` without proof.
    pub fn non_billable_per_proof(&self) -> Option<f64> {
        todo!()
    }
}
