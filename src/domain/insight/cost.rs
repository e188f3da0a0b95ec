//! Cost to serve: the hours an account takes, against what it brings.

use chrono::{Datelike, Days, NaiveDate};

use super::Facts;
use super::cadence::{WINDOW_DAYS as PROOF_WINDOW_DAYS, proof_counts};
use super::slipping::change_percent;

/// How many quarters the cost to serve covers.
pub const QUARTERS: usize = 8;

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
        Self {
            year: date.year(),
            q: (date.month0() / 3 + 1) as u8,
        }
    }

    /// Its first day (`None` only for years beyond chrono's range).
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, u32::from(self.q) * 3 - 2, 1)
    }

    /// The quarter before this one.
    pub fn prev(self) -> Self {
        match self.q {
            1 => Self {
                year: self.year - 1,
                q: 4,
            },
            q => Self {
                year: self.year,
                q: q - 1,
            },
        }
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

impl QuarterHours {
    /// Billable and non-billable hours.
    pub fn total(&self) -> f64 {
        self.billable + self.non_billable
    }
}

/// The quarters the cost to serve covers on `today`, oldest first: the
/// current one and the seven before it ([`QUARTERS`] in all).
pub fn quarters(today: NaiveDate) -> Vec<Quarter> {
    let mut quarters: Vec<Quarter> =
        std::iter::successors(Some(Quarter::of(today)), |q| Some(q.prev()))
            .take(QUARTERS)
            .collect();
    quarters.reverse();
    quarters
}

/// The first day of the oldest quarter the cost to serve covers on
/// `today`: hours dated before it never count.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    quarters(today)
        .first()
        .and_then(|q| q.first_day())
        .unwrap_or(NaiveDate::MIN)
}

/// An account's cost to serve on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct CostToServe {
    /// The last 8 quarters, oldest first; the last is the current quarter.
    /// A plan's hours count in the quarter of its due date (of its creation
    /// when it has none; plans due after today count in the current
    /// quarter); a conversation's in the quarter it took place (one dated
    /// after today in the current quarter), from the monthly sums of
    /// [`Facts::conversation_hours`]. Dropped plans are left out.
    pub quarters: Vec<QuarterHours>,
    /// Billable hours of the last 4 quarters.
    pub billable_year: f64,
    /// Non-billable hours of the last 4 quarters.
    pub non_billable_year: f64,
    /// Billable and non-billable hours of the 4 quarters before those.
    pub hours_prior_year: f64,
    /// The latest year's revenue.
    pub revenue: Option<i64>,
    /// The revenue of the year before it in the history.
    pub prior_revenue: Option<i64>,
    /// The ISO 4217 code of the revenue's currency.
    pub currency: String,
    /// Proof statements of the last 365 days (dated from `today − 365
    /// days` to `today`).
    pub proofs_year: usize,
}

impl CostToServe {
    /// The cost to serve of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let current = Quarter::of(today);
        let mut quarters: Vec<QuarterHours> = quarters(today)
            .into_iter()
            .map(|quarter| QuarterHours {
                quarter,
                billable: 0.0,
                non_billable: 0.0,
            })
            .collect();
        let mut add = |date: NaiveDate, billable: f64, non_billable: f64| {
            let quarter = Quarter::of(date).min(current);
            if let Some(slot) = quarters.iter_mut().find(|h| h.quarter == quarter) {
                slot.billable += billable;
                slot.non_billable += non_billable;
            }
        };
        for plan in &facts.plans {
            add(
                plan.due.unwrap_or(plan.created),
                plan.billable_hours,
                plan.non_billable_hours,
            );
        }
        for month in &facts.conversation_hours {
            add(month.month, month.billable, month.non_billable);
        }
        let (prior, year) = quarters.split_at(QUARTERS / 2);
        let year_start = today.checked_sub_days(Days::new(PROOF_WINDOW_DAYS));
        Self {
            billable_year: year.iter().map(|h| h.billable).sum(),
            non_billable_year: year.iter().map(|h| h.non_billable).sum(),
            hours_prior_year: prior.iter().map(QuarterHours::total).sum(),
            revenue: facts.account.latest_revenue().map(|y| y.amount),
            prior_revenue: facts.account.previous_revenue().map(|y| y.amount),
            currency: facts.account.currency.clone(),
            proofs_year: facts
                .proof_dates
                .iter()
                .filter(|d| {
                    year_start.is_some_and(|start| **d >= start) && proof_counts(**d, today)
                })
                .count(),
            quarters,
        }
    }

    /// All hours of the last 4 quarters.
    pub fn hours_year(&self) -> f64 {
        self.billable_year + self.non_billable_year
    }

    /// Revenue change year on year, in percent, as the revenue trend
    /// reads it; `None` without both figures or with no prior revenue.
    pub fn revenue_change_percent(&self) -> Option<f64> {
        change_percent(self.revenue?, self.prior_revenue?)
    }

    /// Hours of the last 4 quarters per 100,000 of the latest year's revenue; `None`
    /// without revenue.
    pub fn hours_per_100k(&self) -> Option<f64> {
        let revenue = self.revenue.filter(|r| *r > 0)?;
        Some(self.hours_year() / revenue as f64 * 100_000.0)
    }

    /// Non-billable hours of the last 4 quarters per proof statement of the
    /// last 365 days; `None` without proof.
    pub fn non_billable_per_proof(&self) -> Option<f64> {
        (self.proofs_year > 0).then(|| self.non_billable_year / self.proofs_year as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::facts::fixtures::{d, facts};
    use crate::domain::insight::{MonthHours, PlanEffort};
    use crate::domain::{Id, PlanStatus, YearRevenue};

    fn revenue(years: &[(i32, i64)]) -> Vec<YearRevenue> {
        years
            .iter()
            .map(|&(year, amount)| YearRevenue { year, amount })
            .collect()
    }

    fn plan(due: Option<&str>, created: &str, billable: f64, non_billable: f64) -> PlanEffort {
        PlanEffort {
            id: Id::new(),
            status: PlanStatus::InProgress,
            due: due.map(d),
            created: d(created),
            billable_hours: billable,
            non_billable_hours: non_billable,
            overdue: false,
        }
    }

    #[test]
    fn quarters_of_dates() {
        assert_eq!(Quarter::of(d("2026-11-23")), Quarter { year: 2026, q: 4 });
        assert_eq!(Quarter::of(d("2026-03-31")), Quarter { year: 2026, q: 1 });
        assert_eq!(Quarter::of(d("2026-04-01")), Quarter { year: 2026, q: 2 });
        let q1 = Quarter { year: 2026, q: 1 };
        assert_eq!(q1.prev(), Quarter { year: 2025, q: 4 });
        assert_eq!(q1.prev().prev().to_string(), "2025 Q3");
        assert_eq!(q1.prev().first_day(), Some(d("2025-10-01")));
        // 2026 Q4 and the seven quarters before: from 2025 Q1.
        assert_eq!(window_start(d("2026-11-23")), d("2025-01-01"));
        assert_eq!(window_start(d("2026-12-31")), d("2025-01-01"));
        assert_eq!(window_start(d("2027-01-01")), d("2025-04-01"));
    }

    #[test]
    fn hours_land_in_their_quarter() {
        let today = d("2026-11-23");
        let mut f = facts();
        f.account.revenue_history = revenue(&[(2025, 320_000), (2026, 400_000)]);
        f.plans = vec![
            plan(Some("2026-12-15"), "2026-01-05", 10.0, 4.0), // due later: 2026 Q4
            plan(None, "2026-05-02", 0.0, 6.0),                // created: 2026 Q2
            plan(Some("2025-02-01"), "2024-12-01", 3.0, 1.0),  // 2025 Q1, oldest shown
            plan(Some("2024-12-31"), "2024-10-01", 50.0, 50.0), // 2024 Q4: too old
        ];
        f.conversation_hours = vec![MonthHours {
            month: d("2025-11-01"),
            billable: 2.0,
            non_billable: 1.5,
        }];
        // Proofs on 2025-11-23 (exactly 365 days ago), 2026-03-01 and
        // 2026-11-30 (after today); one before the window, 2025-11-22.
        f.proof_dates = ["2025-11-22", "2025-11-23", "2026-03-01", "2026-11-30"]
            .into_iter()
            .map(d)
            .collect();
        let cost = CostToServe::new(&f, today);
        let shown: Vec<String> = cost
            .quarters
            .iter()
            .map(|h| h.quarter.to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3",
                "2026 Q4"
            ]
        );
        let hours: Vec<(f64, f64)> = cost
            .quarters
            .iter()
            .map(|h| (h.billable, h.non_billable))
            .collect();
        assert_eq!(
            hours,
            [
                (3.0, 1.0),
                (0.0, 0.0),
                (0.0, 0.0),
                (2.0, 1.5),
                (0.0, 0.0),
                (0.0, 6.0),
                (0.0, 0.0),
                (10.0, 4.0),
            ]
        );
        // Last 4 quarters (2026): billable 10, non-billable 6 + 4 = 10.
        assert_eq!((cost.billable_year, cost.non_billable_year), (10.0, 10.0));
        // 2025: 3 + 1 + 2 + 1.5 = 7.5.
        assert_eq!(cost.hours_prior_year, 7.5);
        assert_eq!(cost.proofs_year, 2);
        // 20 hours per 400,000 → 5 per 100,000.
        assert_eq!(cost.hours_per_100k(), Some(5.0));
        // (400,000 − 320,000) / 320,000 = 25 %.
        assert_eq!(cost.revenue_change_percent(), Some(25.0));
        // 10 non-billable hours over 2 proof statements.
        assert_eq!(cost.non_billable_per_proof(), Some(5.0));
    }

    #[test]
    fn ratios_need_their_figures() {
        let cost = CostToServe::new(&facts(), d("2026-11-23"));
        assert_eq!(cost.quarters.len(), QUARTERS);
        assert_eq!(cost.hours_year(), 0.0);
        assert_eq!(cost.hours_per_100k(), None);
        assert_eq!(cost.revenue_change_percent(), None);
        assert_eq!(cost.non_billable_per_proof(), None);
        let mut f = facts();
        f.account.revenue_history = revenue(&[(2025, 0), (2026, 100_000)]);
        let cost = CostToServe::new(&f, d("2026-11-23"));
        assert_eq!(cost.revenue_change_percent(), None, "no base to compare");
        assert_eq!(cost.hours_per_100k(), Some(0.0));
    }
}
