//! Account health: one summary from the signals, each factor visible with
//! its weight and its reason.

use serde::{Deserialize, Serialize};

use super::slipping::{self, AtRisk};
use super::talk::WINDOW_DAYS;
use super::{ContactFlags, CostToServe, Facts, ProofCadence, TalkMix};
use crate::domain::Attitude;
use crate::domain::choice::{Choice, choice_enum};

choice_enum! {
    /// A factor of account health.
    pub enum FactorKind {
        Assessment => ("assessment", "Strategic assessment"),
        Champion => ("champion", "Champion"),
        ProofCadence => ("proof_cadence", "Proof cadence"),
        FutureFocus => ("future_focus", "Talk about the future"),
        OverdueActions => ("overdue_actions", "Overdue actions"),
        CostToServe => ("cost_to_serve", "Cost to serve"),
        RevenueTrend => ("revenue_trend", "Revenue trend"),
        Stage => ("stage", "Relationship stage"),
        EconomicBuyer => ("economic_buyer", "Economic buyer"),
    }
}

/// Non-billable hours per proof statement up to which cost to serve scores
/// full marks.
pub const COST_GOOD_HOURS: f64 = 10.0;
/// Non-billable hours per proof statement from which cost to serve scores
/// nothing.
pub const COST_POOR_HOURS: f64 = 60.0;

/// How much each factor counts; set in the `[health]` section of the
/// configuration file, one key per factor (the keys of [`FactorKind`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// The latest assessment's strategic score.
    pub assessment: f64,
    /// A champion exists.
    pub champion: f64,
    /// The proof log keeps its cadence.
    pub proof_cadence: f64,
    /// Conversations are about the future.
    pub future_focus: f64,
    /// Few overdue action plans.
    pub overdue_actions: f64,
    /// Non-billable hours per proof statement stay low.
    pub cost_to_serve: f64,
    /// Revenue holds or grows year on year.
    pub revenue_trend: f64,
    /// The relationship's stage, and its movement between assessments.
    pub stage: f64,
    /// The economic buyer's attitude.
    pub economic_buyer: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            assessment: 3.0,
            champion: 2.0,
            proof_cadence: 2.0,
            future_focus: 1.0,
            overdue_actions: 1.0,
            cost_to_serve: 1.0,
            revenue_trend: 2.0,
            stage: 1.0,
            economic_buyer: 2.0,
        }
    }
}

impl Weights {
    /// The weight of `kind`.
    pub fn of(&self, kind: FactorKind) -> f64 {
        match kind {
            FactorKind::Assessment => self.assessment,
            FactorKind::Champion => self.champion,
            FactorKind::ProofCadence => self.proof_cadence,
            FactorKind::FutureFocus => self.future_focus,
            FactorKind::OverdueActions => self.overdue_actions,
            FactorKind::CostToServe => self.cost_to_serve,
            FactorKind::RevenueTrend => self.revenue_trend,
            FactorKind::Stage => self.stage,
            FactorKind::EconomicBuyer => self.economic_buyer,
        }
    }

    /// Sets the weight of `kind`. A weight must be a finite number of 0 or
    /// more (0 leaves the factor out of the score); anything else is refused
    /// with a message naming the factor.
    pub fn set(&mut self, kind: FactorKind, weight: f64) -> Result<(), String> {
        if !weight.is_finite() || weight < 0.0 {
            return Err(format!(
                "the weight of `{}` must be a number of 0 or more, not {weight}",
                kind.key()
            ));
        }
        let slot = match kind {
            FactorKind::Assessment => &mut self.assessment,
            FactorKind::Champion => &mut self.champion,
            FactorKind::ProofCadence => &mut self.proof_cadence,
            FactorKind::FutureFocus => &mut self.future_focus,
            FactorKind::OverdueActions => &mut self.overdue_actions,
            FactorKind::CostToServe => &mut self.cost_to_serve,
            FactorKind::RevenueTrend => &mut self.revenue_trend,
            FactorKind::Stage => &mut self.stage,
            FactorKind::EconomicBuyer => &mut self.economic_buyer,
        };
        *slot = weight;
        Ok(())
    }
}

/// One factor of the health summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// Which factor.
    pub kind: FactorKind,
    /// Its weight.
    pub weight: f64,
    /// How well the account does on it, 0 to 1.
    pub score: f64,
    /// Why, in a sentence with the figures, e.g. "last proof 41 d ago,
    /// cadence 30 d".
    pub reason: String,
    /// Whether the reason holds confidential figures (hours), hidden in
    /// private mode.
    pub confidential: bool,
}

impl Factor {
    /// The reason to show: in private mode a confidential one is replaced
    /// by a notice.
    pub fn reason_shown(&self, private: bool) -> &str {
        if private && self.confidential {
            "hidden in private mode"
        } else {
            &self.reason
        }
    }
}

/// The health summary of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// 0 to 100: the weighted mean of the factors' scores.
    pub score: u8,
    /// Every factor, in [`FactorKind::ALL`] order.
    pub factors: Vec<Factor>,
    /// Why the account is at risk whatever its score, when it is.
    pub at_risk: Option<AtRisk>,
}

impl Health {
    /// The health of an account from its derived signals. Each factor
    /// scores from 0 to 1:
    ///
    /// - assessment: the latest strategic score / 100 (no assessment: 0);
    /// - champion: 1 when a stakeholder is a champion, else 0;
    /// - proof cadence: 1 within the cadence, falling linearly to 0 at twice
    ///   the cadence (no proof: 0);
    /// - future focus: the share of the last 90 days' conversations about
    ///   the future over 50 %, at most 1 (no conversation: 0);
    /// - overdue actions: 1 − overdue / open action plans (none open: 1);
    /// - cost to serve: non-billable hours per proof statement of the last
    ///   year, 1 up to [`COST_GOOD_HOURS`], 0 from [`COST_POOR_HOURS`],
    ///   linear between (hours but no proof: 0; no hours: 1);
    /// - revenue trend: 1 when the latest year's revenue held or grew over
    ///   the year before, 0 from a fall of
    ///   [`slipping::REVENUE_FALL_POOR_PERCENT`] %, linear between (fewer than two
    ///   years: 0.5);
    /// - stage: the relationship stage from 0 (exploratory) to 1
    ///   (integrated), an eighth more or less when it moved up or down
    ///   between the last two assessments;
    /// - economic buyer: the coolest economic buyer's attitude, champion 1
    ///   to opponent 0 (none known: 0).
    ///
    /// Whatever the score, the account is at risk (see [`AtRisk`]) with a
    /// falling revenue trend, a low strategic score and a sceptical or
    /// opposed economic buyer.
    ///
    /// The score is `round(100 × Σ weight × score / Σ weight)`, 0 when every
    /// weight is 0.
    pub fn new(
        facts: &Facts,
        cadence: &ProofCadence,
        talk: &TalkMix,
        contacts: &ContactFlags,
        cost: &CostToServe,
        weights: &Weights,
    ) -> Self {
        let factors: Vec<Factor> = FactorKind::ALL
            .iter()
            .map(|&kind| {
                let (score, reason) = match kind {
                    FactorKind::Assessment => assessment(facts),
                    FactorKind::Champion => champion(facts, contacts),
                    FactorKind::ProofCadence => proof_cadence(cadence),
                    FactorKind::FutureFocus => future_focus(talk),
                    FactorKind::OverdueActions => overdue_actions(facts),
                    FactorKind::CostToServe => cost_to_serve(cost),
                    FactorKind::RevenueTrend => slipping::revenue_trend(facts),
                    FactorKind::Stage => slipping::stage(facts),
                    FactorKind::EconomicBuyer => slipping::economic_buyer(facts),
                };
                Factor {
                    kind,
                    weight: weights.of(kind),
                    score: score.clamp(0.0, 1.0),
                    reason,
                    confidential: matches!(
                        kind,
                        FactorKind::CostToServe | FactorKind::RevenueTrend
                    ),
                }
            })
            .collect();
        let total: f64 = factors.iter().map(|f| f.weight).sum();
        let weighted: f64 = factors.iter().map(|f| f.weight * f.score).sum();
        let score = if total > 0.0 {
            (100.0 * weighted / total).round().clamp(0.0, 100.0) as u8
        } else {
            0
        };
        Self {
            score,
            factors,
            at_risk: AtRisk::new(facts),
        }
    }

    /// A word for the health: "at risk" when the account is (see
    /// [`AtRisk`]), else for the score: "good" (70 and up), "fair" (40 to
    /// 69), "poor".
    pub fn label(&self) -> &'static str {
        if self.at_risk.is_some() {
            return "at risk";
        }
        match self.score {
            70.. => "good",
            40..=69 => "fair",
            _ => "poor",
        }
    }
}

fn assessment(facts: &Facts) -> (f64, String) {
    match &facts.latest {
        Some(a) => {
            let score = a.strategic_score();
            (
                f64::from(score) / 100.0,
                format!("strategic score {score} of 100 on {}", a.date),
            )
        }
        None => (0.0, "no assessment yet".to_string()),
    }
}

fn champion(facts: &Facts, contacts: &ContactFlags) -> (f64, String) {
    let people = facts.stakeholders.len();
    let champions = facts
        .stakeholders
        .iter()
        .filter(|s| s.attitude == Attitude::Champion)
        .count();
    let among = count(people, "stakeholder");
    let reason = match (people, champions) {
        (0, _) => "no stakeholder yet".to_string(),
        (_, 0) => format!("no champion among {among}"),
        (_, n) => format!("{} among {among}", count(n, "champion")),
    };
    (if contacts.no_champion { 0.0 } else { 1.0 }, reason)
}

fn proof_cadence(cadence: &ProofCadence) -> (f64, String) {
    let status = &cadence.status;
    if status.no_proof_yet() {
        return (0.0, status.summary());
    }
    let allowed = f64::from(status.cadence_days.max(1));
    let late = status.days_overdue().unwrap_or(0) as f64;
    (1.0 - late / allowed, status.summary())
}

fn future_focus(talk: &TalkMix) -> (f64, String) {
    match talk.future_percent() {
        Some(percent) => (
            2.0 * talk.future as f64 / talk.total as f64,
            format!(
                "{} of {} in the last {WINDOW_DAYS} days about the future ({percent} %)",
                talk.future,
                count(talk.total, "conversation")
            ),
        ),
        None => (
            0.0,
            format!("no conversation in the last {WINDOW_DAYS} days"),
        ),
    }
}

fn overdue_actions(facts: &Facts) -> (f64, String) {
    let open = facts.plans.iter().filter(|p| !p.status.is_closed());
    let (open, overdue) = open.fold((0, 0), |(n, late), p| {
        (n + 1, late + usize::from(p.overdue))
    });
    if open == 0 {
        return (1.0, "no open action plan".to_string());
    }
    (
        1.0 - overdue as f64 / open as f64,
        format!("{overdue} of {} overdue", count(open, "open action plan")),
    )
}

fn cost_to_serve(cost: &CostToServe) -> (f64, String) {
    match cost.non_billable_per_proof() {
        Some(per_proof) => (
            (COST_POOR_HOURS - per_proof) / (COST_POOR_HOURS - COST_GOOD_HOURS),
            format!(
                "{} non-billable hours per proof statement in the last year",
                hours(per_proof)
            ),
        ),
        None if cost.non_billable_year > 0.0 => (
            0.0,
            format!(
                "{} non-billable hours and no proof statement in the last year",
                hours(cost.non_billable_year)
            ),
        ),
        None => (1.0, "no non-billable hours in the last year".to_string()),
    }
}

/// "1 champion", "3 champions".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Hours with one decimal, without a trailing ".0".
fn hours(h: f64) -> String {
    let text = format!("{h:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
pub(super) mod tests {
    use chrono::Days;

    use super::*;
    use crate::domain::insight::facts::fixtures::{d, facts};
    use crate::domain::insight::{Insight, PlanEffort};
    use crate::domain::{
        Answer, Assessment, Conversation, Id, Influence, PlanStatus, RelationshipStage,
        Stakeholder, TimeFrame, YearRevenue,
    };

    pub(in crate::domain::insight) fn today() -> chrono::NaiveDate {
        d("2026-11-23")
    }

    pub(in crate::domain::insight) fn ago(days: u64) -> chrono::NaiveDate {
        today() - Days::new(days)
    }

    /// An account doing middling on every factor.
    pub(in crate::domain::insight) fn middling() -> Facts {
        let mut f = facts();
        let account = f.account.id;
        // Strategic score 52: three yes, two partly (4 points) and ratings
        // 5, 4, 3, 1 (2.25 points): 6.25 / 12 = 0.52.
        let mut a = Assessment::new(account, ago(30), RelationshipStage::Cooperative);
        for (i, answer) in [(0, Answer::Yes), (1, Answer::Yes), (5, Answer::Yes)] {
            a.signals[i] = answer;
        }
        a.signals[2] = Answer::Partly;
        a.signals[7] = Answer::Partly;
        for (i, score) in [5, 4, 3, 1].into_iter().enumerate() {
            a.ratings[i].score = score;
        }
        f.latest = Some(a);
        let mut anna = Stakeholder::new(account, "Anna Roth");
        anna.attitude = Attitude::Champion;
        // A neutral economic buyer: 0.5.
        let mut ben = Stakeholder::new(account, "Ben Kahl");
        ben.influence = Some(Influence::EconomicBuyer);
        f.stakeholders = vec![anna, ben];
        // A cooperative relationship: 0.5; revenue down 10 %: 0.5.
        f.account.stage = RelationshipStage::Cooperative;
        f.account.revenue_history = vec![
            YearRevenue {
                year: 2024,
                amount: 1_000_000,
            },
            YearRevenue {
                year: 2025,
                amount: 900_000,
            },
        ];
        // Last proof 45 days ago with a 30-day cadence: 15 days late, 0.5.
        f.proof_dates = vec![ago(100), ago(45)];
        // One of four conversations about the future: 25 % of 50 %, 0.5.
        f.conversations = [
            TimeFrame::Future,
            TimeFrame::Past,
            TimeFrame::Present,
            TimeFrame::Present,
        ]
        .into_iter()
        .enumerate()
        .map(|(n, frame)| {
            let mut c = Conversation::new(account, ago(10 * n as u64 + 1), "Engineering");
            c.time_frame = frame;
            c
        })
        .collect();
        // One of four open plans overdue: 0.75. 70 non-billable hours this
        // year over 2 proof statements: 35 per proof, (60 − 35) / 50 = 0.5.
        // A done plan counts for hours but is not open.
        f.plans = (0..5)
            .map(|n| PlanEffort {
                id: Id::new(),
                status: if n == 4 {
                    PlanStatus::Done
                } else {
                    PlanStatus::InProgress
                },
                due: Some(d("2026-10-01")),
                created: d("2026-01-10"),
                billable_hours: 5.0,
                non_billable_hours: 14.0,
                overdue: n == 0,
            })
            .collect();
        f
    }

    fn scores(health: &Health) -> Vec<f64> {
        health.factors.iter().map(|f| f.score).collect()
    }

    #[test]
    fn the_score_is_the_weighted_mean_of_the_factors() {
        let health = Insight::new(middling(), &Weights::default(), today()).health;
        assert_eq!(
            scores(&health),
            [0.52, 1.0, 0.5, 0.5, 0.75, 0.5, 0.5, 0.5, 0.5]
        );
        // (3 × .52 + 2 × 1 + 2 × .5 + .5 + .75 + .5 + 2 × .5 + .5 + 2 × .5)
        // / 15 = 8.81 / 15.
        assert_eq!(health.score, 59);
        assert_eq!(health.label(), "fair");
        let reasons: Vec<&str> = health.factors.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "strategic score 52 of 100 on 2026-10-24",
                "1 champion among 2 stakeholders",
                "last proof 45 d ago, cadence 30 d",
                "1 of 4 conversations in the last 90 days about the future (25 %)",
                "1 of 4 open action plans overdue",
                "35 non-billable hours per proof statement in the last year",
                "−10 % year on year, 2025 900k EUR against 1M EUR in 2024",
                "cooperative stage",
                "economic buyer Ben Kahl: neutral",
            ]
        );
        assert_eq!(
            health.factors[6].reason_shown(true),
            "hidden in private mode"
        );
        assert_eq!(
            health.factors[5].reason_shown(true),
            "hidden in private mode"
        );
        assert_eq!(health.factors[2].reason_shown(true), reasons[2]);
    }

    #[test]
    fn weights_change_the_score() {
        let mut weights = Weights {
            assessment: 0.0,
            champion: 0.0,
            proof_cadence: 1.0,
            future_focus: 0.0,
            overdue_actions: 3.0,
            cost_to_serve: 0.0,
            revenue_trend: 0.0,
            stage: 0.0,
            economic_buyer: 0.0,
        };
        // (.5 + 3 × .75) / 4 = 0.6875.
        assert_eq!(Insight::new(middling(), &weights, today()).health.score, 69);
        weights.proof_cadence = 0.0;
        weights.overdue_actions = 0.0;
        assert_eq!(Insight::new(middling(), &weights, today()).health.score, 0);
    }

    #[test]
    fn a_new_account_scores_what_it_has_not_got_as_nothing() {
        let health = Insight::new(facts(), &Weights::default(), today()).health;
        assert_eq!(
            scores(&health),
            [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.5, 0.0, 0.0]
        );
        // (1 + 1 + 2 × .5) / 15.
        assert_eq!(health.score, 20);
        assert_eq!(health.label(), "poor");
        assert_eq!(health.factors[0].reason, "no assessment yet");
        assert_eq!(health.factors[1].reason, "no stakeholder yet");
        assert!(
            health.factors[2].reason.starts_with("no proof yet (added "),
            "{}",
            health.factors[2].reason
        );
        assert_eq!(
            health.factors[3].reason,
            "no conversation in the last 90 days"
        );
        assert_eq!(health.factors[4].reason, "no open action plan");
        assert_eq!(
            health.factors[5].reason,
            "no non-billable hours in the last year"
        );
        assert_eq!(
            health.factors[6].reason,
            "fewer than two years of revenue recorded"
        );
        assert_eq!(health.factors[7].reason, "exploratory stage");
        assert_eq!(health.factors[8].reason, "no economic buyer known");
        assert_eq!(health.at_risk, None);
    }

    #[test]
    fn cadence_and_cost_fall_linearly() {
        let score = |f: &Facts, kind: FactorKind| {
            let health = Insight::new(f.clone(), &Weights::default(), today()).health;
            health.factors[kind.index()].score
        };
        let mut f = facts();
        for (since, expected) in [(0, 1.0), (30, 1.0), (36, 0.8), (60, 0.0), (90, 0.0)] {
            f.proof_dates = vec![ago(since)];
            assert_eq!(
                score(&f, FactorKind::ProofCadence),
                expected,
                "{since} days"
            );
        }
        // One proof statement this year; the non-billable hours of one plan.
        let plan = |hours| PlanEffort {
            id: Id::new(),
            status: PlanStatus::Done,
            due: Some(ago(5)),
            created: ago(50),
            billable_hours: 100.0,
            non_billable_hours: hours,
            overdue: false,
        };
        for (hours, expected) in [
            (0.0, 1.0),
            (10.0, 1.0),
            (20.0, 0.8),
            (60.0, 0.0),
            (75.0, 0.0),
        ] {
            f.plans = vec![plan(hours)];
            assert_eq!(score(&f, FactorKind::CostToServe), expected, "{hours} h");
        }
        f.proof_dates.clear();
        assert_eq!(
            score(&f, FactorKind::CostToServe),
            0.0,
            "hours but no proof"
        );
        let health = Insight::new(f, &Weights::default(), today()).health;
        assert_eq!(
            health.factors[5].reason,
            "75 non-billable hours and no proof statement in the last year"
        );
    }

    #[test]
    fn future_focus_is_full_from_half_the_talk() {
        let mut f = middling();
        f.conversations[1].time_frame = TimeFrame::Future;
        let health = Insight::new(f.clone(), &Weights::default(), today()).health;
        assert_eq!(health.factors[3].score, 1.0, "2 of 4");
        f.conversations[2].time_frame = TimeFrame::Future;
        let health = Insight::new(f, &Weights::default(), today()).health;
        assert_eq!(health.factors[3].score, 1.0, "3 of 4 is no better");
    }

    #[test]
    fn weights_must_be_finite_and_not_negative() {
        let mut w = Weights::default();
        assert_eq!(w.set(FactorKind::Champion, 0.5), Ok(()));
        assert_eq!(w.of(FactorKind::Champion), 0.5);
        let err = w.set(FactorKind::FutureFocus, -1.0).unwrap_err();
        assert!(err.contains("future_focus") && err.contains("-1"), "{err}");
        assert!(w.set(FactorKind::Assessment, f64::NAN).is_err());
        assert!(w.set(FactorKind::Assessment, f64::INFINITY).is_err());
        assert_eq!(w.of(FactorKind::Assessment), 3.0, "left as it was");
    }
}
