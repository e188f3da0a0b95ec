//! Synthetic portfolios of a given size, written to a temporary file.

use chrono::{Days, NaiveDate};
use kam::domain::choice::Choice;
use kam::domain::{
    Account, ActionPlan, BusinessIssue, Importance, PlanStatus, ProofStatement, RelationshipStage,
    Step, YearRevenue,
};
use kam::store::{Snapshot, Store};
use tempfile::TempDir;

/// The fixed "today" of every benchmark.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A portfolio of `accounts` accounts, each with `issues` issues, two plans
/// of three steps per issue, and `proofs` proof statements; the first
/// account gets `extra_proofs` more.
pub fn portfolio(accounts: usize, issues: usize, proofs: usize, extra_proofs: usize) -> Snapshot {
    let mut s = Snapshot::default();
    for a in 0..accounts {
        let mut account = Account::new(format!("Account {a:02} Industrie GmbH"));
        account.industry = "Manufacturing".into();
        account.revenue_history = vec![YearRevenue {
            year: 2025,
            amount: 1_000_000 + a as i64 * 250_000,
        }];
        account.share_of_wallet = Some(20 + a as u8);
        account.stage = RelationshipStage::Cooperative;
        for i in 0..issues {
            let mut issue = BusinessIssue::new(
                account.id,
                format!("Issue {i}: our lines stop when spare parts run out at plant {i}"),
            );
            issue.importance = Importance::ALL[i % Importance::ALL.len()];
            for p in 0..2 {
                let mut plan = ActionPlan::new(issue.id, format!("Plan {p} for issue {i}"));
                plan.due = today().checked_add_days(Days::new((i * 3 + p) as u64 % 60));
                plan.status = if p == 0 {
                    PlanStatus::InProgress
                } else {
                    PlanStatus::Proposed
                };
                plan.steps = (0..3).map(|n| Step::new(format!("Step {n}"))).collect();
                s.plans.push(plan);
            }
            s.issues.push(issue);
        }
        let count = proofs + if a == 0 { extra_proofs } else { 0 };
        for n in 0..count {
            let date = today()
                .checked_sub_days(Days::new((n / 3) as u64 % 3650))
                .unwrap();
            let mut proof = ProofStatement::new(
                account.id,
                date,
                format!("Delivered result {n}: 99% of repairs within 4 hours across the plants"),
            );
            proof.value = (n % 2 == 0).then(|| format!("{} %", 90 + n % 10));
            s.proofs.push(proof);
        }
        s.accounts.push(account);
    }
    s
}

/// Writes `records` into a new database file; returns the folder (keep it
/// alive) and the file's path.
pub fn database(records: &Snapshot) -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path).unwrap();
    store.insert_all(records).unwrap();
    (dir, path)
}
