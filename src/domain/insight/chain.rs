//! The chain from issue to proof: the customer's issue, our action plan,
//! proof that it worked, the customer acknowledging it. Where it breaks.

use std::collections::{HashMap, HashSet};

use crate::domain::choice::choice_enum;
use crate::domain::{ActionPlan, BusinessIssue, Id, IssueStatus, PlanStatus, ProofStatement};

choice_enum! {
    /// A kind of break in the chain.
    pub enum GapKind {
        IssueNotConfirmed => ("issue_not_confirmed", "Issue the customer never confirmed"),
        IssueWithoutPlan => ("issue_without_plan", "Issue with no action plan"),
        PlanDoneWithoutProof => ("plan_done_without_proof", "Plan done with no proof"),
        ProofNotAcknowledged => ("proof_not_acknowledged", "Proof the customer never acknowledged"),
        ProofPlanOfAnotherIssue => ("proof_plan_of_another_issue", "Proof whose plan belongs to another issue"),
        ProofLinkedElsewhere => ("proof_linked_elsewhere", "Proof linked to another account's issue or plan"),
    }
}

/// Whom the records a proof statement can link to belong to, across every
/// account: each issue's account and each plan's issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkOwners {
    /// The account of each business issue.
    pub issue_account: HashMap<Id, Id>,
    /// The business issue of each action plan.
    pub plan_issue: HashMap<Id, Id>,
}

impl LinkOwners {
    /// Whether `proof` names an issue or a plan of another account than
    /// its own. A link to a record that no longer exists is not counted.
    fn links_elsewhere(&self, proof: &ProofStatement) -> bool {
        let plan_issue = proof.plan_id.and_then(|id| self.plan_issue.get(&id));
        [proof.issue_id.as_ref(), plan_issue]
            .into_iter()
            .flatten()
            .filter_map(|issue| self.issue_account.get(issue))
            .any(|account| *account != proof.account_id)
    }

    /// Whether `proof` names both an issue and a plan, and the plan belongs
    /// to another issue.
    fn plan_of_another_issue(&self, proof: &ProofStatement) -> bool {
        match (proof.issue_id, proof.plan_id) {
            (Some(issue), Some(plan)) => self
                .plan_issue
                .get(&plan)
                .is_some_and(|owner| *owner != issue),
            _ => false,
        }
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
    /// The record's text, first line (as stored: sanitize it to show it).
    pub text: String,
}

/// The breaks in the chain of one account, by kind in [`GapKind::ALL`]
/// order, each kind in the order the records were given:
///
/// - every issue the customer has not confirmed;
/// - every open issue without a plan other than dropped ones (resolved or
///   parked issues are not asked for plans);
/// - every done plan that no proof statement names as its plan;
/// - every proof statement the customer has not acknowledged;
/// - every proof statement whose plan belongs to another issue than the
///   one it names;
/// - every proof statement linked to an issue or plan of another account
///   (`owners` knows whose each issue and plan is).
pub fn breaks(
    account_id: Id,
    issues: &[BusinessIssue],
    plans: &[ActionPlan],
    proofs: &[ProofStatement],
    owners: &LinkOwners,
) -> Vec<Gap> {
    let gap = |kind, record_id, text: &str| Gap {
        kind,
        account_id,
        record_id,
        text: first_line(text),
    };
    let planned: HashSet<Id> = plans
        .iter()
        .filter(|p| p.status != PlanStatus::Dropped)
        .map(|p| p.issue_id)
        .collect();
    let proven: HashSet<Id> = proofs.iter().filter_map(|p| p.plan_id).collect();
    let unconfirmed = issues
        .iter()
        .filter(|i| !i.confirmed)
        .map(|i| gap(GapKind::IssueNotConfirmed, i.id, &i.statement));
    let unplanned = issues
        .iter()
        .filter(|i| i.status == IssueStatus::Open && !planned.contains(&i.id))
        .map(|i| gap(GapKind::IssueWithoutPlan, i.id, &i.statement));
    let unproven = plans
        .iter()
        .filter(|p| p.status == PlanStatus::Done && !proven.contains(&p.id))
        .map(|p| gap(GapKind::PlanDoneWithoutProof, p.id, &p.title));
    let unacknowledged = proofs
        .iter()
        .filter(|p| !p.acknowledged)
        .map(|p| gap(GapKind::ProofNotAcknowledged, p.id, &p.statement));
    let mismatched = proofs
        .iter()
        .filter(|p| !owners.links_elsewhere(p) && owners.plan_of_another_issue(p))
        .map(|p| gap(GapKind::ProofPlanOfAnotherIssue, p.id, &p.statement));
    let elsewhere = proofs
        .iter()
        .filter(|p| owners.links_elsewhere(p))
        .map(|p| gap(GapKind::ProofLinkedElsewhere, p.id, &p.statement));
    unconfirmed
        .chain(unplanned)
        .chain(unproven)
        .chain(unacknowledged)
        .chain(mismatched)
        .chain(elsewhere)
        .collect()
}

/// The first non-blank line of `text`, trimmed.
fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::facts::fixtures::d;

    #[test]
    fn every_kind_of_break_is_found_in_order() {
        let account = Id::new();
        let mut stops = BusinessIssue::new(account, "\n  Lines stop for lack of spares\nsince May");
        stops.confirmed = true;
        let unconfirmed = BusinessIssue::new(account, "Audit findings pile up");
        let mut parked = BusinessIssue::new(account, "Move to one supplier");
        parked.status = IssueStatus::Parked;
        let mut resolved = BusinessIssue::new(account, "Late invoices");
        (resolved.status, resolved.confirmed) = (IssueStatus::Resolved, true);

        // `stops` has a live plan; `unconfirmed` only a dropped one.
        let mut stock = ActionPlan::new(stops.id, "Consignment stock");
        stock.status = PlanStatus::Done;
        let mut dropped = ActionPlan::new(unconfirmed.id, "Audit support");
        dropped.status = PlanStatus::Dropped;
        let mut proven = ActionPlan::new(stops.id, "Spare parts forecast");
        proven.status = PlanStatus::Done;

        let mut proof = ProofStatement::new(account, d("2026-11-02"), "Forecast hit 97 %");
        (proof.plan_id, proof.acknowledged) = (Some(proven.id), true);
        let loose = ProofStatement::new(account, d("2026-11-10"), "No line stop in October");

        let gaps = breaks(
            account,
            &[stops.clone(), unconfirmed.clone(), parked.clone(), resolved],
            &[stock.clone(), dropped, proven],
            &[proof, loose.clone()],
            &LinkOwners::default(),
        );
        let found: Vec<_> = gaps
            .iter()
            .map(|g| (g.kind, g.record_id, g.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    GapKind::IssueNotConfirmed,
                    unconfirmed.id,
                    "Audit findings pile up"
                ),
                (
                    GapKind::IssueNotConfirmed,
                    parked.id,
                    "Move to one supplier"
                ),
                (
                    GapKind::IssueWithoutPlan,
                    unconfirmed.id,
                    "Audit findings pile up"
                ),
                (GapKind::PlanDoneWithoutProof, stock.id, "Consignment stock"),
                (
                    GapKind::ProofNotAcknowledged,
                    loose.id,
                    "No line stop in October"
                ),
            ]
        );
        assert!(gaps.iter().all(|g| g.account_id == account));
        assert_eq!(
            first_line(&stops.statement),
            "Lines stop for lack of spares"
        );
    }

    #[test]
    fn a_sound_chain_has_no_break() {
        assert!(breaks(Id::new(), &[], &[], &[], &LinkOwners::default()).is_empty());
    }

    #[test]
    fn proofs_whose_links_disagree_are_breaks() {
        let account = Id::new();
        let other_account = Id::new();
        let stops = BusinessIssue::new(account, "Lines stop");
        let costs = BusinessIssue::new(account, "Costs rise");
        let foreign = BusinessIssue::new(other_account, "Their issue");
        let stock = ActionPlan::new(stops.id, "Consignment stock");
        let foreign_plan = ActionPlan::new(foreign.id, "Their plan");
        let mut owners = LinkOwners::default();
        for issue in [&stops, &costs, &foreign] {
            owners.issue_account.insert(issue.id, issue.account_id);
        }
        for plan in [&stock, &foreign_plan] {
            owners.plan_issue.insert(plan.id, plan.issue_id);
        }
        let proof = |text: &str, issue: Option<Id>, plan: Option<Id>| {
            let mut p = ProofStatement::new(account, d("2026-11-02"), text);
            (p.issue_id, p.plan_id, p.acknowledged) = (issue, plan, true);
            p
        };
        let sound = proof("Sound", Some(stops.id), Some(stock.id));
        let plan_only = proof("Plan only", None, Some(stock.id));
        let crossed = proof("Crossed", Some(costs.id), Some(stock.id));
        let their_issue = proof("Their issue", Some(foreign.id), None);
        let their_plan = proof("Their plan", None, Some(foreign_plan.id));
        let gaps = breaks(
            account,
            &[],
            &[],
            &[
                sound,
                plan_only,
                crossed.clone(),
                their_issue.clone(),
                their_plan.clone(),
            ],
            &owners,
        );
        let found: Vec<_> = gaps.iter().map(|g| (g.kind, g.record_id)).collect();
        assert_eq!(
            found,
            [
                (GapKind::ProofPlanOfAnotherIssue, crossed.id),
                (GapKind::ProofLinkedElsewhere, their_issue.id),
                (GapKind::ProofLinkedElsewhere, their_plan.id),
            ]
        );
    }
}
