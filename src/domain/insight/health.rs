//! Account health: one summary from the signals, each factor visible with
//! its weight and its reason.

use serde::{Deserialize, Serialize};

use super::{ContactFlags, CostToServe, Facts, ProofCadence, TalkMix};
use crate::domain::choice::choice_enum;

choice_enum! {
    /// A factor of account health.
    pub enum FactorKind {
        Assessment => ("assessment", "Strategic assessment"),
        Champion => ("champion", "Champion"),
        ProofCadence => ("proof_cadence", "Proof cadence"),
        FutureFocus => ("future_focus", "Talk about the future"),
        OverdueActions => ("overdue_actions", "Overdue actions"),
        CostToServe => ("cost_to_serve", "Cost to serve"),
    }
}

/// How much each factor counts; set in the `[health]` section of the
/// configuration file.
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
        }
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
    /// Why, in a sentence with the figures, e.g. "last proof 41 days ago,
    /// cadence 30 days".
    pub reason: String,
}

/// The health summary of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// 0 to 100: the weighted mean of the factors' scores.
    pub score: u8,
    /// Every factor, in [`FactorKind::ALL`] order.
    pub factors: Vec<Factor>,
}

impl Health {
    /// The health of an account from its derived signals.
    pub fn new(
        facts: &Facts,
        cadence: &ProofCadence,
        talk: &TalkMix,
        contacts: &ContactFlags,
        cost: &CostToServe,
        weights: &Weights,
    ) -> Self {
        let _ = (facts, cadence, talk, contacts, cost, weights);
        todo!()
    }

    /// A word for the score: "good" (70 and up), "fair" (40 to 69), "poor".
    pub fn label(&self) -> &'static str {
        match self.score {
            70.. => "good",
            40..=69 => "fair",
            _ => "poor",
        }
    }
}
