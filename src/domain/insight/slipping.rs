//! The signs of a slipping account: the revenue trend over the years, the
//! relationship's stage and its movement between assessments, and the
//! economic buyer's attitude; and the rule that calls an account at risk
//! whatever its size.

use super::Facts;
use crate::domain::choice::Choice;
use crate::domain::{Attitude, Influence, RelationshipStage, Stakeholder, YearRevenue};
use crate::text::money_in;

/// A fall of revenue year on year, in percent, from which the revenue
/// trend scores nothing.
pub const REVENUE_FALL_POOR_PERCENT: f64 = 20.0;

/// The strategic score from which an account counts as strategic: the
/// portfolio map splits its quadrants there, and below it an account with a
/// falling revenue trend and a sceptical or opposed economic buyer is at
/// risk.
pub const STRATEGIC_SCORE: u8 = 50;

/// The last two years of an account's revenue history, and how many years
/// in a row it has fallen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RevenueTrend {
    /// The latest year.
    pub latest: YearRevenue,
    /// The year before it in the history.
    pub previous: YearRevenue,
    /// How many years in a row, up to the latest, revenue was lower than
    /// the year before.
    pub falling_years: usize,
}

impl RevenueTrend {
    /// The trend of `history` (oldest first); `None` with fewer than two
    /// years.
    pub fn new(history: &[YearRevenue]) -> Option<Self> {
        let [.., previous, latest] = history else {
            return None;
        };
        let falling_years = history
            .windows(2)
            .rev()
            .take_while(|w| w[1].amount < w[0].amount)
            .count();
        Some(Self {
            latest: *latest,
            previous: *previous,
            falling_years,
        })
    }

    /// The change from the previous year to the latest, in percent; `None`
    /// when the previous year's revenue was 0.
    pub fn change_percent(&self) -> Option<f64> {
        change_percent(self.latest.amount, self.previous.amount)
    }

    /// Whether revenue fell from the previous year to the latest.
    pub fn falling(&self) -> bool {
        self.latest.amount < self.previous.amount
    }

    /// "−17 % year on year, 2025 1M EUR against 1.2M EUR in 2024, falling
    /// 3 years running".
    pub fn describe(&self, currency: &str) -> String {
        let change = match self.change_percent() {
            Some(p) => format!("{} % year on year", signed(p.round() as i64)),
            None => "up from nothing".to_string(),
        };
        let mut text = format!(
            "{change}, {} {} against {} in {}",
            self.latest.year,
            money_in(self.latest.amount, currency),
            money_in(self.previous.amount, currency),
            self.previous.year,
        );
        if self.falling_years > 1 {
            text.push_str(&format!(", falling {} years running", self.falling_years));
        }
        text
    }
}

/// The change from `before` to `now`, in percent: `(now − before) /
/// before × 100`; `None` when `before` is 0.
pub fn change_percent(now: i64, before: i64) -> Option<f64> {
    (before != 0).then(|| 100.0 * (now - before) as f64 / before as f64)
}

/// A whole number with its sign, a real minus for falls: "+4", "−17".
fn signed(n: i64) -> String {
    match n {
        0 => "0".to_string(),
        n if n < 0 => format!("−{}", -n),
        n => format!("+{n}"),
    }
}

/// The revenue trend factor: 1 when revenue held or grew year on year,
/// falling linearly to 0 at a fall of [`REVENUE_FALL_POOR_PERCENT`];
/// half marks with fewer than two years known.
pub(super) fn revenue_trend(facts: &Facts) -> (f64, String) {
    let account = &facts.account;
    match RevenueTrend::new(&account.revenue_history) {
        Some(trend) => {
            let fall = -trend.change_percent().unwrap_or(0.0);
            (
                1.0 - fall.max(0.0) / REVENUE_FALL_POOR_PERCENT,
                trend.describe(&account.currency),
            )
        }
        None => (0.5, "fewer than two years of revenue recorded".to_string()),
    }
}

/// The stage factor: exploratory 0, basic ¼, cooperative ½,
/// interdependent ¾, integrated 1; an eighth more when the relationship
/// moved up since the assessment before the latest, an eighth less when it
/// moved down.
pub(super) fn stage(facts: &Facts) -> (f64, String) {
    let now = facts.account.stage;
    let base = now.index() as f64 / (RelationshipStage::ALL.len() - 1) as f64;
    let mut reason = format!("{} stage", now.label().to_lowercase());
    let before = facts
        .previous
        .as_ref()
        .zip(facts.latest.as_ref())
        .map(|(previous, latest)| (previous.stage, latest.stage));
    let step = match before {
        Some((from, to)) if to.index() > from.index() => {
            reason.push_str(&format!(", up from {}", from.label().to_lowercase()));
            0.125
        }
        Some((from, to)) if to.index() < from.index() => {
            reason.push_str(&format!(", down from {}", from.label().to_lowercase()));
            -0.125
        }
        Some(_) => {
            reason.push_str(", unchanged since the assessment before");
            0.0
        }
        None => 0.0,
    };
    (base + step, reason)
}

/// The stakeholders whose role is economic buyer.
fn economic_buyers(facts: &Facts) -> impl Iterator<Item = &Stakeholder> {
    facts
        .stakeholders
        .iter()
        .filter(|s| s.influence == Some(Influence::EconomicBuyer))
}

/// How much an attitude is worth in an economic buyer.
fn attitude_score(attitude: Attitude) -> f64 {
    match attitude {
        Attitude::Champion => 1.0,
        Attitude::Supporter => 0.8,
        Attitude::Neutral => 0.5,
        Attitude::Sceptic => 0.2,
        Attitude::Opponent => 0.0,
    }
}

/// The economic buyer whose attitude is the coolest, if any is known.
fn coolest_buyer(facts: &Facts) -> Option<&Stakeholder> {
    economic_buyers(facts)
        .min_by(|a, b| attitude_score(a.attitude).total_cmp(&attitude_score(b.attitude)))
}

/// The economic buyer factor: the attitude of the coolest economic buyer
/// (champion 1, supporter 0.8, neutral 0.5, sceptic 0.2, opponent 0); no
/// economic buyer known scores nothing.
pub(super) fn economic_buyer(facts: &Facts) -> (f64, String) {
    match coolest_buyer(facts) {
        Some(buyer) => (
            attitude_score(buyer.attitude),
            format!(
                "economic buyer {}: {}",
                buyer.name,
                buyer.attitude.label().to_lowercase()
            ),
        ),
        None => (0.0, "no economic buyer known".to_string()),
    }
}

/// Why an account is at risk whatever its size.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    /// The reason in words, with the revenue figures, to follow "at risk":
    /// "whatever its size: falling revenue trend (…), …".
    pub reason: String,
    /// The reason without figures, for private mode.
    pub private_reason: String,
}

impl AtRisk {
    /// The account's reason to be at risk, when it is: a falling revenue
    /// trend, a strategic score below [`STRATEGIC_SCORE`] and a
    /// sceptical or opposed economic buyer, all three.
    pub fn new(facts: &Facts) -> Option<Self> {
        Some(Self {
            reason: reason(facts, false)?,
            private_reason: reason(facts, true)?,
        })
    }

    /// The reason to show; in private mode without revenue figures.
    pub fn shown(&self, private: bool) -> &str {
        if private {
            &self.private_reason
        } else {
            &self.reason
        }
    }
}

/// Why the account is at risk, in words, when it is; `private` leaves the
/// revenue figures out.
fn reason(facts: &Facts, private: bool) -> Option<String> {
    let trend = RevenueTrend::new(&facts.account.revenue_history).filter(RevenueTrend::falling)?;
    let score = facts
        .latest
        .as_ref()
        .map(|a| a.strategic_score())
        .filter(|&s| s < STRATEGIC_SCORE)?;
    let buyer = economic_buyers(facts)
        .find(|s| matches!(s.attitude, Attitude::Sceptic | Attitude::Opponent))?;
    let revenue = if private {
        "falling revenue trend".to_string()
    } else {
        format!(
            "falling revenue trend ({})",
            trend.describe(&facts.account.currency)
        )
    };
    Some(format!(
        "whatever its size: {revenue}, low strategic score ({score} of 100, below \
         {STRATEGIC_SCORE}) and {} economic buyer ({})",
        match buyer.attitude {
            Attitude::Opponent => "an opposed",
            _ => "a sceptical",
        },
        buyer.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::health::tests::{ago, middling, today};
    use crate::domain::insight::{FactorKind, Insight, Weights};
    use crate::domain::{Answer, Assessment, TimeFrame};

    fn years(amounts: &[i64]) -> Vec<YearRevenue> {
        amounts
            .iter()
            .zip(2021..)
            .map(|(&amount, year)| YearRevenue { year, amount })
            .collect()
    }

    fn factor(facts: &Facts, kind: FactorKind) -> (f64, String) {
        let health = Insight::new(facts.clone(), &Weights::default(), today()).health;
        let f = &health.factors[kind.index()];
        (f.score, f.reason.clone())
    }

    /// An assessment with strategic score 33: four of the eight signals
    /// yes, every quality rated 1 (4 of 12 points).
    fn score_33(facts: &Facts, stage: RelationshipStage) -> Assessment {
        let mut a = Assessment::new(facts.account.id, ago(20), stage);
        for i in 0..4 {
            a.signals[i] = Answer::Yes;
        }
        for rating in &mut a.ratings {
            rating.score = 1;
        }
        assert_eq!(a.strategic_score(), 33);
        a
    }

    /// The example: big and long-standing, revenue down 17 % year
    /// on year, the basic stage, strategic score 33 and a sceptical
    /// economic buyer; otherwise in good order (champion, proof on time,
    /// talk about the future, nothing overdue).
    fn slipping() -> Facts {
        let mut f = middling();
        f.account.revenue_history = years(&[2_900_000, 2_510_000, 2_083_300]);
        f.account.stage = RelationshipStage::Basic;
        f.previous = Some(score_33(&f, RelationshipStage::Cooperative));
        f.latest = Some(score_33(&f, RelationshipStage::Basic));
        f.stakeholders[1].attitude = Attitude::Sceptic;
        f.proof_dates = vec![ago(3)];
        for c in &mut f.conversations {
            c.time_frame = TimeFrame::Future;
        }
        for p in &mut f.plans {
            p.overdue = false;
        }
        f
    }

    #[test]
    fn the_revenue_trend_falls_to_nothing_at_a_fifth_less() {
        let mut f = middling();
        for (amounts, expected) in [
            (&[100, 120][..], 1.0),
            (&[100, 100][..], 1.0),
            (&[100, 90][..], 0.5),
            (&[100, 80][..], 0.0),
            (&[100, 50][..], 0.0),
            (&[0, 50][..], 1.0),
            (&[100][..], 0.5),
        ] {
            f.account.revenue_history = years(amounts);
            let (score, _) = factor(&f, FactorKind::RevenueTrend);
            assert!((score - expected).abs() < 1e-9, "{amounts:?}: {score}");
        }
        f.account.revenue_history = years(&[300, 200, 100, 110, 100]);
        f.account.currency = "CHF".into();
        let trend = RevenueTrend::new(&f.account.revenue_history).unwrap();
        assert_eq!(trend.falling_years, 1);
        f.account.revenue_history = years(&[400, 300, 200, 100]);
        assert_eq!(
            factor(&f, FactorKind::RevenueTrend).1,
            "−50 % year on year, 2024 100 CHF against 200 CHF in 2023, falling 3 years running"
        );
    }

    #[test]
    fn the_stage_counts_with_its_movement() {
        let mut f = middling();
        f.latest = None;
        for (stage, expected) in [
            (RelationshipStage::Exploratory, 0.0),
            (RelationshipStage::Basic, 0.25),
            (RelationshipStage::Integrated, 1.0),
        ] {
            f.account.stage = stage;
            assert_eq!(factor(&f, FactorKind::Stage).0, expected, "{stage}");
        }
        f.account.stage = RelationshipStage::Basic;
        f.previous = Some(score_33(&f, RelationshipStage::Cooperative));
        f.latest = Some(score_33(&f, RelationshipStage::Basic));
        assert_eq!(
            factor(&f, FactorKind::Stage),
            (0.125, "basic stage, down from cooperative".to_string())
        );
        f.account.stage = RelationshipStage::Interdependent;
        f.previous = Some(score_33(&f, RelationshipStage::Cooperative));
        f.latest = Some(score_33(&f, RelationshipStage::Interdependent));
        assert_eq!(
            factor(&f, FactorKind::Stage),
            (
                0.875,
                "interdependent stage, up from cooperative".to_string()
            )
        );
    }

    #[test]
    fn the_coolest_economic_buyer_counts() {
        let mut f = middling();
        for (attitude, expected) in [
            (Attitude::Champion, 1.0),
            (Attitude::Supporter, 0.8),
            (Attitude::Neutral, 0.5),
            (Attitude::Sceptic, 0.2),
            (Attitude::Opponent, 0.0),
        ] {
            f.stakeholders[1].attitude = attitude;
            assert_eq!(factor(&f, FactorKind::EconomicBuyer).0, expected);
        }
        // A second, warmer economic buyer does not hide the opponent.
        f.stakeholders[0].influence = Some(Influence::EconomicBuyer);
        assert_eq!(
            factor(&f, FactorKind::EconomicBuyer),
            (0.0, "economic buyer Ben Kahl: opponent".to_string())
        );
        f.stakeholders.clear();
        assert_eq!(
            factor(&f, FactorKind::EconomicBuyer),
            (0.0, "no economic buyer known".to_string())
        );
    }

    #[test]
    fn the_slipping_account_of_the_example_is_at_risk_not_good() {
        let health = Insight::new(slipping(), &Weights::default(), today()).health;
        assert_ne!(health.label(), "good");
        assert_eq!(health.label(), "at risk");
        let at_risk = health.at_risk.as_ref().expect("at risk");
        assert_eq!(
            at_risk.reason,
            "whatever its size: falling revenue trend (−17 % year on year, 2023 2.08M EUR \
             against 2.51M EUR in 2022, falling 2 years running), low strategic score \
             (33 of 100, below 50) and a sceptical economic buyer (Ben Kahl)"
        );
        assert_eq!(
            at_risk.shown(true),
            "whatever its size: falling revenue trend, low strategic score \
             (33 of 100, below 50) and a sceptical economic buyer (Ben Kahl)"
        );
    }

    #[test]
    fn at_risk_whatever_its_size_and_score() {
        let mut f = slipping();
        f.account.revenue_history = years(&[90_000_000, 80_000_000]);
        f.stakeholders[1].attitude = Attitude::Opponent;
        // Every weight on the factors the account does well on.
        let weights = Weights {
            assessment: 0.0,
            revenue_trend: 0.0,
            stage: 0.0,
            economic_buyer: 0.0,
            ..Weights::default()
        };
        let health = Insight::new(f, &weights, today()).health;
        assert!(health.score >= 70, "{}", health.score);
        assert_eq!(health.label(), "at risk");
        assert!(
            health
                .at_risk
                .unwrap()
                .reason
                .contains("an opposed economic buyer"),
            "opposed"
        );
    }

    #[test]
    fn any_one_sign_missing_is_not_at_risk() {
        let mut rising = slipping();
        rising.account.revenue_history = years(&[2_000_000, 2_100_000]);
        let mut strategic = slipping();
        let mut a = score_33(&strategic, RelationshipStage::Basic);
        a.signals = [Answer::Yes; 8];
        strategic.latest = Some(a);
        let mut neutral = slipping();
        neutral.stakeholders[1].attitude = Attitude::Neutral;
        let mut unassessed = slipping();
        unassessed.latest = None;
        for f in [rising, strategic, neutral, unassessed] {
            let health = Insight::new(f, &Weights::default(), today()).health;
            assert_eq!(health.at_risk, None);
            assert_ne!(health.label(), "at risk");
        }
    }
}
