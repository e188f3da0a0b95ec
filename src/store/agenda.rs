//! What the agenda is built from: every account's open plans with their
//! steps and its newest proof statement, kept per account.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::database::Store;
use super::error::Result;
use super::plans;
use crate::domain::agenda::{Agenda, AgendaAccount};
use crate::domain::{ActionPlan, Id};

/// The open action plans of every account, or of `account` alone, with
/// their steps, in plan id order, by account. Each plan's account comes
/// from a map of the issues, cheaper than a lookup per plan.
pub(super) fn open_plans(
    conn: &Connection,
    account: Option<Id>,
) -> Result<HashMap<Id, Vec<ActionPlan>>> {
    let (issues, plans) = match account {
        None => ("?1 IS NULL", "?1 IS NULL"),
        Some(_) => (
            "account_id = ?1",
            "p.issue_id IN (SELECT id FROM business_issue WHERE account_id = ?1)",
        ),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, account_id FROM business_issue WHERE {issues}"
    ))?;
    let account_of: HashMap<Id, Id> = stmt
        .query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM action_plan p WHERE p.status NOT IN ('done', 'dropped') AND {plans}",
        plans::COLUMNS
    ))?;
    let mut found = stmt
        .query_map([account], plans::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found.sort_unstable_by_key(|p| p.id);
    let index: HashMap<Id, usize> = found.iter().enumerate().map(|(n, p)| (p.id, n)).collect();
    let mut steps = conn.prepare_cached(&format!(
        "SELECT s.plan_id, s.id, s.text, s.done, s.due FROM plan_step s
         JOIN action_plan p ON p.id = s.plan_id
         WHERE p.status NOT IN ('done', 'dropped') AND {plans}
         ORDER BY s.plan_id, s.position"
    ))?;
    let rows = steps.query_map([account], plans::step_from_row)?;
    for row in rows {
        let (plan_id, step) = row?;
        if let Some(&n) = index.get(&plan_id) {
            found[n].steps.push(step);
        }
    }
    let mut by_account: HashMap<Id, Vec<ActionPlan>> = HashMap::new();
    for plan in found {
        if let Some(&account) = account_of.get(&plan.issue_id) {
            by_account.entry(account).or_default().push(plan);
        }
    }
    Ok(by_account)
}

impl Store {
    /// Every account with its open action plans (and their steps) and the
    /// date of its newest proof statement up to `today`, by name, as kept
    /// per account.
    pub fn agenda_accounts(&self, today: NaiveDate) -> Result<Vec<AgendaAccount>> {
        self.kept(today)
    }

    /// The agenda for `today`: what is overdue or due this week, reviews
    /// coming up and accounts gone quiet, across every account.
    pub fn agenda(&self, today: NaiveDate) -> Result<Agenda> {
        Ok(Agenda::build(&self.agenda_accounts(today)?, today))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::Section;
    use crate::domain::{Account, BusinessIssue, PlanStatus, ProofStatement, Step};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn open_plans_and_their_steps_reach_their_accounts() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.save_account(&Account::new("Nordwerk")).unwrap();
        let b = store.save_account(&Account::new("Acme")).unwrap();
        let quiet = store.save_account(&Account::new("Quiet")).unwrap();
        let issue_a = store
            .save_issue(&BusinessIssue::new(a.id, "Lines stop"))
            .unwrap();
        let issue_b = store
            .save_issue(&BusinessIssue::new(b.id, "Costs"))
            .unwrap();

        let mut open = ActionPlan::new(issue_a.id, "Pilot");
        open.due = Some(d("2026-11-20"));
        open.steps = vec![Step::new("Scope"), Step::new("Run")];
        open.steps[1].due = Some(d("2026-11-25"));
        let open = store.save_plan(&open).unwrap();
        let mut closed = ActionPlan::new(issue_a.id, "Done already");
        closed.status = PlanStatus::Done;
        closed.steps = vec![Step::new("Left over")];
        store.save_plan(&closed).unwrap();
        let other = store
            .save_plan(&ActionPlan::new(issue_b.id, "Price talk"))
            .unwrap();
        for (account, date) in [
            (a.id, "2026-10-01"),
            (a.id, "2026-11-02"),
            (b.id, "2026-09-01"),
        ] {
            store
                .save_proof(&ProofStatement::new(account, d(date), "Delivered"))
                .unwrap();
        }

        let accounts = store.agenda_accounts(d("2026-11-23")).unwrap();
        let names: Vec<&str> = accounts.iter().map(|x| x.account.name.as_str()).collect();
        assert_eq!(names, ["Acme", "Nordwerk", "Quiet"]);
        let [acme, nordwerk, silent] = &accounts[..] else {
            panic!("three accounts")
        };
        assert_eq!(nordwerk.plans, [open]);
        assert_eq!(nordwerk.plans[0].steps.len(), 2);
        assert_eq!(nordwerk.last_proof, Some(d("2026-11-02")));
        assert_eq!(acme.plans, [other]);
        assert_eq!(acme.last_proof, Some(d("2026-09-01")));
        assert!(silent.plans.is_empty());
        assert_eq!(silent.account.id, quiet.id);
        assert_eq!(silent.last_proof, None);

        let agenda = store.agenda(d("2026-11-23")).unwrap();
        assert_eq!(agenda.section(Section::Overdue).len(), 1);
        assert_eq!(agenda.section(Section::DueThisWeek).len(), 1);
        assert_eq!(agenda.section(Section::Quiet).len(), 2);
    }
}
