//! A set of records of every kind: the unit of undo, of bulk insertion
//! and of export. Undo entries store it as JSON, so its shape is kept:
//! kinds added later default to none.

use serde::{Deserialize, Serialize};

use crate::domain::matching::team::RoundInProgress;
use crate::domain::{
    Account, ActionPlan, Assessment, BusinessIssue, Conversation, MatchingResult, ProofStatement,
    Stakeholder, Whitespace,
};

/// A set of records, parents before children; the unit of undo and of bulk
/// insertion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Business issues.
    pub issues: Vec<BusinessIssue>,
    /// Action plans with their steps.
    pub plans: Vec<ActionPlan>,
    /// Proof statements.
    pub proofs: Vec<ProofStatement>,
    /// Stakeholders (absent from undo entries written before they existed).
    #[serde(default)]
    pub stakeholders: Vec<Stakeholder>,
    /// Conversations with their attendees.
    #[serde(default)]
    pub conversations: Vec<Conversation>,
    /// Strategic assessments.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Whitespace grids, each replacing its account's whole grid.
    #[serde(default)]
    pub whitespace: Vec<Whitespace>,
    /// Matching-test results.
    #[serde(default)]
    pub matching: Vec<MatchingResult>,
    /// Team rounds in progress (only in undo entries: they stay in the
    /// file they are taken in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team_rounds: Vec<RoundInProgress>,
}

impl Snapshot {
    pub(super) fn accounts(accounts: Vec<Account>) -> Self {
        Self {
            accounts,
            ..Self::default()
        }
    }

    pub(super) fn issues(issues: Vec<BusinessIssue>) -> Self {
        Self {
            issues,
            ..Self::default()
        }
    }

    pub(super) fn plans(plans: Vec<ActionPlan>) -> Self {
        Self {
            plans,
            ..Self::default()
        }
    }

    pub(super) fn proofs(proofs: Vec<ProofStatement>) -> Self {
        Self {
            proofs,
            ..Self::default()
        }
    }

    pub(super) fn stakeholders(stakeholders: Vec<Stakeholder>) -> Self {
        Self {
            stakeholders,
            ..Self::default()
        }
    }

    pub(super) fn conversations(conversations: Vec<Conversation>) -> Self {
        Self {
            conversations,
            ..Self::default()
        }
    }

    pub(super) fn assessments(assessments: Vec<Assessment>) -> Self {
        Self {
            assessments,
            ..Self::default()
        }
    }

    pub(super) fn whitespace(whitespace: Vec<Whitespace>) -> Self {
        Self {
            whitespace,
            ..Self::default()
        }
    }

    /// Validates every record.
    pub fn validate(&self) -> Result<(), crate::domain::Invalid> {
        self.accounts.iter().try_for_each(Account::validate)?;
        self.issues.iter().try_for_each(BusinessIssue::validate)?;
        self.plans.iter().try_for_each(ActionPlan::validate)?;
        self.proofs.iter().try_for_each(ProofStatement::validate)?;
        self.stakeholders
            .iter()
            .try_for_each(Stakeholder::validate)?;
        self.conversations
            .iter()
            .try_for_each(Conversation::validate)?;
        self.assessments.iter().try_for_each(Assessment::validate)?;
        self.whitespace.iter().try_for_each(Whitespace::validate)?;
        self.matching.iter().try_for_each(MatchingResult::validate)
    }
}
