//! The chain from issue to proof: the customer's issue, our action plan,
//! proof that it worked, the customer acknowledging it. Where it breaks.

use crate::domain::choice::choice_enum;
use crate::domain::{ActionPlan, BusinessIssue, Id, ProofStatement};

choice_enum! {
    /// A kind of break in the chain.
    pub enum GapKind {
        IssueNotConfirmed => ("issue_not_confirmed", "Issue the customer never confirmed"),
        IssueWithoutPlan => ("issue_without_plan", "Issue with no action plan"),
        PlanDoneWithoutProof => ("plan_done_without_proof", "Plan done with no proof"),
        ProofNotAcknowledged => ("proof_not_acknowledged", "Proof the customer never acknowledged"),
    }
}

/// One break in the chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// What kind of break.
    pub kind: GapKind,
    /// The account.
    pub account_id: Id,
    /// The record where the chain breaks (issue, plan or proof).
    pub record_id: Id,
    /// The record's text, first line.
    pub text: String,
}

/// The breaks in the chain of one account, by kind in [`GapKind::ALL`]
/// order. Resolved or parked issues are not asked for plans; dropped plans
/// are left out.
pub fn breaks(
    account_id: Id,
    issues: &[BusinessIssue],
    plans: &[ActionPlan],
    proofs: &[ProofStatement],
) -> Vec<Gap> {
    let _ = (account_id, issues, plans, proofs);
    todo!()
}
