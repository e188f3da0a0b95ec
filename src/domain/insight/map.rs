//! The portfolio map: every assessed account placed by strategic score
//! against the latest year's revenue, in four quadrants split at a score of
//! [`STRATEGIC_SCORE`] and at the median revenue. The one definition of the
//! quadrants, for the interface's map and the portfolio page alike.

use super::Insight;
use super::slipping::STRATEGIC_SCORE;
use crate::domain::Id;
use crate::text::first_line;

/// Where an account sits on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// High score, high revenue.
    Strategic,
    /// Low score, high revenue: big, but not (yet) strategic.
    LargeButTransactional,
    /// High score, low revenue: small, but strategic.
    Developing,
    /// Low score, low revenue.
    Maintain,
}

impl Quadrant {
    /// The quadrant's label on the map.
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::Strategic => "Strategic",
            Quadrant::LargeButTransactional => "Large but transactional",
            Quadrant::Developing => "Developing",
            Quadrant::Maintain => "Maintain",
        }
    }

    /// Whether size and strategic value disagree here, so the account
    /// deserves a second look: large but not strategic, or small but
    /// strategic.
    pub fn stands_out(self) -> bool {
        matches!(self, Quadrant::LargeButTransactional | Quadrant::Developing)
    }
}

/// An assessed account on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// The account.
    pub account_id: Id,
    /// Its name, first line.
    pub name: String,
    /// The latest assessment's strategic score, 0 to 100.
    pub score: u8,
    /// Annual revenue; drawn at zero when unknown.
    pub revenue: Option<i64>,
}

impl MapPoint {
    /// The quadrant of this point, with revenue split at `median`.
    pub fn quadrant(&self, median: i64) -> Quadrant {
        let strategic = self.score >= STRATEGIC_SCORE;
        let large = self.revenue.is_some_and(|r| r >= median);
        match (strategic, large) {
            (true, true) => Quadrant::Strategic,
            (false, true) => Quadrant::LargeButTransactional,
            (true, false) => Quadrant::Developing,
            (false, false) => Quadrant::Maintain,
        }
    }
}

/// The portfolio map: assessed accounts by score and revenue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PortfolioMap {
    /// Assessed accounts, by score from low to high (then by revenue and
    /// name): the order the selection moves in.
    pub points: Vec<MapPoint>,
    /// Accounts without an assessment: id and name.
    pub not_assessed: Vec<(Id, String)>,
    /// The largest revenue among the points (0 without any).
    pub max_revenue: i64,
    /// The median revenue among the points with a revenue: the line
    /// between large and small accounts.
    pub median_revenue: i64,
}

impl PortfolioMap {
    /// The map of `insights`.
    pub fn new(insights: &[&Insight]) -> Self {
        let mut points = Vec::new();
        let mut not_assessed = Vec::new();
        for insight in insights {
            let account = &insight.facts.account;
            let name = first_line(&account.name);
            match insight.strategic_score() {
                Some(score) => points.push(MapPoint {
                    account_id: account.id,
                    name,
                    score,
                    revenue: account.latest_revenue().map(|r| r.amount),
                }),
                None => not_assessed.push((account.id, name)),
            }
        }
        points.sort_by_cached_key(|p| (p.score, p.revenue, p.name.to_lowercase()));
        let mut revenues: Vec<i64> = points.iter().filter_map(|p| p.revenue).collect();
        revenues.sort_unstable();
        Self {
            max_revenue: revenues.last().copied().unwrap_or(0).max(0),
            median_revenue: median(&revenues),
            points,
            not_assessed,
        }
    }

    /// The quadrant of `point` on this map.
    pub fn quadrant(&self, point: &MapPoint) -> Quadrant {
        point.quadrant(self.median_revenue)
    }

    /// The points in `quadrant`, in map order.
    pub fn in_quadrant(&self, quadrant: Quadrant) -> Vec<&MapPoint> {
        self.points
            .iter()
            .filter(|p| self.quadrant(p) == quadrant)
            .collect()
    }
}

/// The median of sorted `values`; 0 when there are none.
fn median(values: &[i64]) -> i64 {
    let n = values.len();
    match n {
        0 => 0,
        _ if n % 2 == 1 => values[n / 2],
        _ => {
            let sum = i128::from(values[n / 2 - 1]) + i128::from(values[n / 2]);
            i64::try_from(sum / 2).unwrap_or(i64::MAX)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_splits_large_from_small() {
        assert_eq!(median(&[]), 0);
        assert_eq!(median(&[5]), 5);
        assert_eq!(median(&[1, 4, 9]), 4);
        assert_eq!(median(&[2, 4, 6, 8]), 5);
        assert_eq!(median(&[3, 4]), 3);
        assert_eq!(median(&[i64::MAX, i64::MAX]), i64::MAX);
    }
}
