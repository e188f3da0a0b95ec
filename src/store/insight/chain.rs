//! The breaks in the chain from issue to proof, for one account or all.

use std::cmp::Reverse;
use std::collections::HashMap;

use rusqlite::Connection;

use super::Scope;
use crate::domain::choice::Choice;
use crate::domain::insight::{Gap, LinkOwners, chain};
use crate::domain::{ActionPlan, BusinessIssue, Id, IssueStatus, ProofStatement};
use crate::store::database::Store;
use crate::store::error::Result;
use crate::store::{issues, plans, proofs};

/// The action plans in scope that are not dropped, without their steps:
/// the chain needs neither.
fn chain_plans(conn: &Connection, scope: Scope) -> Result<Vec<ActionPlan>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM action_plan p WHERE p.status <> 'dropped' AND {}",
        plans::COLUMNS,
        scope.plans()
    ))?;
    let rows = stmt.query_map([scope.param()], plans::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whose every issue and plan is, dropped plans included.
fn link_owners(conn: &Connection) -> Result<LinkOwners> {
    let pairs = |sql: &str| -> Result<HashMap<Id, Id>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(LinkOwners {
        issue_account: pairs("SELECT id, account_id FROM business_issue")?,
        plan_issue: pairs("SELECT id, issue_id FROM action_plan")?,
    })
}

/// One account's records along the chain from issue to proof.
#[derive(Default)]
struct Chain {
    issues: Vec<BusinessIssue>,
    plans: Vec<ActionPlan>,
    proofs: Vec<ProofStatement>,
}

impl Chain {
    /// The breaks in the chain, the records sorted first: issues as the
    /// issues page lists them (open first, most important first, oldest
    /// first), plans oldest first, proof statements newest first.
    fn breaks(mut self, account_id: Id, owners: &LinkOwners) -> Vec<Gap> {
        self.issues.sort_by_key(|i| {
            (
                i.status != IssueStatus::Open,
                Reverse(i.importance.index()),
                i.created_at,
                i.id,
            )
        });
        self.plans.sort_by_key(|p| (p.created_at, p.id));
        self.proofs.sort_by_key(|p| Reverse((p.date, p.id)));
        chain::breaks(account_id, &self.issues, &self.plans, &self.proofs, owners)
    }
}

impl Store {
    /// The breaks in the chain from issue to proof of one account, or of
    /// every account (by name, ignoring case); see [`chain::breaks`].
    /// Within a kind, issues come as the issues page lists them, plans
    /// oldest first and proof statements newest first.
    pub fn chain_breaks(&self, account: Option<Id>) -> Result<Vec<Gap>> {
        let tx = self.conn.unchecked_transaction()?;
        let (accounts, issues, plans, proofs) = match account {
            Some(id) => (
                vec![self.account(id)?],
                issues::for_account(&tx, id)?,
                chain_plans(&tx, Scope::Account(id))?,
                proofs::all_for_account(&tx, id)?,
            ),
            None => (
                self.accounts()?,
                issues::all(&tx)?,
                chain_plans(&tx, Scope::All)?,
                proofs::all(&tx)?,
            ),
        };
        let owners = link_owners(&tx)?;
        let issue_account = &owners.issue_account;
        let mut chains: HashMap<Id, Chain> = HashMap::new();
        for plan in plans {
            if let Some(account) = issue_account.get(&plan.issue_id) {
                chains.entry(*account).or_default().plans.push(plan);
            }
        }
        for issue in issues {
            chains
                .entry(issue.account_id)
                .or_default()
                .issues
                .push(issue);
        }
        for proof in proofs {
            chains
                .entry(proof.account_id)
                .or_default()
                .proofs
                .push(proof);
        }
        let mut gaps = Vec::new();
        for account in accounts {
            if let Some(chain) = chains.remove(&account.id) {
                gaps.extend(chain.breaks(account.id, &owners));
            }
        }
        Ok(gaps)
    }
}
