//! What the signals say about an account: proof cadence, the mix of
//! conversations, contact with stakeholders, cost to serve, the chain from
//! issue to proof, and the health summary built from them. Every figure
//! comes with the reason for it; nothing here does I/O.

pub mod cadence;
pub mod chain;
pub mod contacts;
pub mod cost;
pub mod facts;
pub mod health;
pub mod map;
pub mod slipping;
pub mod talk;

pub use cadence::{ProofCadence, ProofStatus, proof_counts};
pub use chain::{Gap, GapKind, LinkOwners};
pub use contacts::{ContactFlags, ContactLapse, OverdueContact};
pub use cost::{CostToServe, Quarter, QuarterHours};
pub use facts::{Facts, MonthHours, PlanEffort};
pub use health::{Factor, FactorKind, Health, Weights};
pub use slipping::{AtRisk, RevenueTrend};
pub use talk::TalkMix;

use chrono::NaiveDate;

use super::assessment::{Assessment, AssessmentChange};

/// Everything kam derives about one account on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Insight {
    /// The facts it was derived from.
    pub facts: Facts,
    /// Days since the last proof statement, the longest gap, per month.
    pub cadence: ProofCadence,
    /// Conversations of the last 90 days by time frame and forum.
    pub talk: TalkMix,
    /// Champion, single-threading and overdue contacts.
    pub contacts: ContactFlags,
    /// Hours against revenue.
    pub cost: CostToServe,
    /// The health summary with its factors.
    pub health: Health,
}

impl Insight {
    /// Derives everything from `facts` on `today`, weighing health with
    /// `weights`.
    pub fn new(facts: Facts, weights: &Weights, today: NaiveDate) -> Self {
        let cadence = ProofCadence::new(&facts, today);
        let talk = TalkMix::new(&facts, today);
        let contacts = ContactFlags::new(&facts, today);
        let cost = CostToServe::new(&facts, today);
        let health = Health::new(&facts, &cadence, &talk, &contacts, &cost, weights);
        Self {
            facts,
            cadence,
            talk,
            contacts,
            cost,
            health,
        }
    }

    /// The latest assessment, if any.
    pub fn latest_assessment(&self) -> Option<&Assessment> {
        self.facts.latest.as_ref()
    }

    /// The strategic score of the latest assessment, if any.
    pub fn strategic_score(&self) -> Option<u8> {
        self.latest_assessment().map(Assessment::strategic_score)
    }

    /// What changed between the previous assessment and the latest.
    pub fn assessment_change(&self) -> Option<AssessmentChange> {
        Some(
            self.facts
                .latest
                .as_ref()?
                .change_since(self.facts.previous.as_ref()?),
        )
    }

    /// The flags to show beside the account: see [`flags`].
    pub fn flags(&self) -> Vec<String> {
        flags(&self.cadence.status, &self.contacts, &self.talk)
    }
}

/// The flags of an account, most urgent first, as the portfolio, `kam
/// health` and the brief show them: "proof overdue 12 d" (or "no proof
/// yet"), "no champion", "single-threaded", "2 contacts overdue" (a key
/// stakeholder never contacted counts), "talk mostly about the past".
pub fn flags(proof: &ProofStatus, contacts: &ContactFlags, talk: &TalkMix) -> Vec<String> {
    let mut flags = Vec::new();
    flags.extend(proof.flag());
    if contacts.no_champion {
        flags.push("no champion".to_string());
    }
    if contacts.single_threaded {
        flags.push("single-threaded".to_string());
    }
    match contacts.overdue.len() {
        0 => {}
        1 => flags.push("1 contact overdue".to_string()),
        n => flags.push(format!("{n} contacts overdue")),
    }
    if talk.past_focused {
        flags.push("talk mostly about the past".to_string());
    }
    flags
}
