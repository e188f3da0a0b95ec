//! What the agenda is built from: the accounts and each one's newest proof
//! statement, as kept per account, and every open plan with its steps.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::database::Store;
use super::error::Result;
use super::plans;
use crate::domain::agenda::{Agenda, AgendaAccount};
use crate::domain::{ActionPlan, Id};

/// Every open action plan with its steps, each with the id of its account,
/// in plan id order.
fn open_plans(conn: &Connection) -> Result<Vec<(Id, ActionPlan)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {}, (SELECT account_id FROM business_issue i WHERE i.id = p.issue_id)
         FROM action_plan p WHERE p.status NOT IN ('done', 'dropped') ORDER BY p.id",
        plans::COLUMNS
    ))?;
    let width = plans::COLUMNS.split(',').count();
    let mut found = stmt
        .query_map([], |r| Ok((r.get::<_, Id>(width)?, plans::from_row(r)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<Id, usize> = found
        .iter()
        .enumerate()
        .map(|(n, (_, p))| (p.id, n))
        .collect();
    let mut steps = conn.prepare_cached(
        "SELECT s.plan_id, s.id, s.text, s.done, s.due FROM plan_step s
         JOIN action_plan p ON p.id = s.plan_id
         WHERE p.status NOT IN ('done', 'dropped') ORDER BY s.plan_id, s.position",
    )?;
    let rows = steps.query_map([], plans::step_from_row)?;
    for row in rows {
        let (plan_id, step) = row?;
        if let Some(&n) = index.get(&plan_id) {
            found[n].1.steps.push(step);
        }
    }
    Ok(found)
}

impl Store {
    /// Every account with its open action plans (and their steps) and the
    /// date of its newest proof statement up to `today`, by name: the
    /// accounts and their proof from the signals kept per account, the
    /// plans in two queries whatever the number of accounts.
    pub fn agenda_accounts(&self, today: NaiveDate) -> Result<Vec<AgendaAccount>> {
        let signals = self.all_signals(today)?;
        let mut by_account: HashMap<Id, Vec<ActionPlan>> = HashMap::new();
        let tx = self.conn.unchecked_transaction()?;
        for (account_id, plan) in open_plans(&tx)? {
            by_account.entry(account_id).or_default().push(plan);
        }
        Ok(signals
            .into_iter()
            .map(|s| AgendaAccount {
                plans: by_account.remove(&s.facts.account.id).unwrap_or_default(),
                last_proof: s.figures.last_proof,
                account: s.facts.account,
            })
            .collect())
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
