//! The demo portfolio's past: when each business issue, action plan and
//! proof statement was added, how each plan moved through its steps and
//! statuses, when issues were closed and proofs acknowledged. With it,
//! "since last time" and the prep brief have something to show.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};

use crate::domain::brief::start_of_day;
use crate::domain::{ActionPlan, BusinessIssue, Id, IssueStatus, PlanStatus, ProofStatement};
use crate::store::{PastChanges, Result, Snapshot};

/// Days between a business issue being heard and a plan proposed for it.
const PLAN_AFTER_DAYS: u64 = 5;
/// Days a closed plan takes when no proof dates its end.
const PLAN_DAYS: u64 = 60;
/// Days an issue without plans stays open before it is closed.
const ISSUE_OPEN_DAYS: u64 = 30;
/// Days between a closed plan and its issue being closed.
const ISSUE_CLOSED_AFTER_DAYS: u64 = 3;
/// Days the customer takes to acknowledge a proof statement.
const ACKNOWLEDGED_AFTER_DAYS: u64 = 6;

/// Writes the history of `records` as it happened before `today`.
pub(super) fn write(past: &PastChanges, records: &Snapshot, today: NaiveDate) -> Result<()> {
    let story = Story {
        past,
        latest: days_before(today, 1),
    };
    for account in &records.accounts {
        let issues = records.issues.iter().filter(|i| i.account_id == account.id);
        let proofs: Vec<&ProofStatement> = records
            .proofs
            .iter()
            .filter(|p| p.account_id == account.id)
            .collect();
        let mut active = 0;
        for issue in issues {
            let heard = story.day(issue.said_on.unwrap_or(days_before(today, 90)));
            let mut closed = None;
            for plan in records.plans.iter().filter(|p| p.issue_id == issue.id) {
                let end = if plan.status.is_closed() {
                    let proven = proofs.iter().filter(|p| p.plan_id == Some(plan.id));
                    let proven = proven.map(|p| p.date).min();
                    story.day(proven.unwrap_or(heard + Days::new(PLAN_DAYS)))
                } else {
                    // Active plans moved in the last few days, one after another.
                    active += 1;
                    days_before(today, 1 + active % 5)
                };
                let start = (heard + Days::new(PLAN_AFTER_DAYS)).min(end);
                story.plan(account.id, plan, start, end)?;
                closed = closed.max(Some(end));
            }
            let closed = closed.map_or(heard + Days::new(ISSUE_OPEN_DAYS), |end| {
                end + Days::new(ISSUE_CLOSED_AFTER_DAYS)
            });
            story.issue(account.id, issue, heard, story.day(closed))?;
        }
        for proof in proofs {
            story.proof(account.id, proof)?;
        }
    }
    Ok(())
}

/// The history being written.
struct Story<'p, 't> {
    past: &'p PastChanges<'t>,
    /// The last day anything may happen on.
    latest: NaiveDate,
}

impl Story<'_, '_> {
    /// `day`, or the latest day when it is later.
    fn day(&self, day: NaiveDate) -> NaiveDate {
        day.min(self.latest)
    }

    /// The issue heard on `heard`, closed on `closed` unless still open.
    fn issue(
        &self,
        account: Id,
        issue: &BusinessIssue,
        heard: NaiveDate,
        closed: NaiveDate,
    ) -> Result<()> {
        if issue.status == IssueStatus::Open {
            return self.past.saved(at(heard, 9), account, None, issue);
        }
        let open = BusinessIssue {
            status: IssueStatus::Open,
            ..issue.clone()
        };
        self.past.saved(at(heard, 9), account, None, &open)?;
        self.past
            .saved(at(closed.max(heard), 16), account, Some(&open), issue)
    }

    /// The plan proposed on `start`: its steps done one by one, then its
    /// status moved on, the last move on `end`.
    fn plan(&self, account: Id, plan: &ActionPlan, start: NaiveDate, end: NaiveDate) -> Result<()> {
        let mut version = plan.clone();
        version.status = PlanStatus::Proposed;
        for step in &mut version.steps {
            step.done = false;
        }
        let (from, to) = (at(start, 10), at(end, 15));
        self.past.saved(from, account, None, &version)?;
        let moves = plan_moves(&version, plan);
        let count = i32::try_from(moves.len()).unwrap_or(i32::MAX);
        for (n, next) in (1..).zip(&moves) {
            let when = from + (to - from) * n / count;
            self.past.saved(when, account, Some(&version), next)?;
            version = next.clone();
        }
        Ok(())
    }

    /// The proof added on its date and acknowledged some days later.
    fn proof(&self, account: Id, proof: &ProofStatement) -> Result<()> {
        if !proof.acknowledged {
            return self.past.saved(at(proof.date, 17), account, None, proof);
        }
        let told = ProofStatement {
            acknowledged: false,
            ..proof.clone()
        };
        self.past.saved(at(proof.date, 17), account, None, &told)?;
        let acknowledged = self.day(proof.date + Days::new(ACKNOWLEDGED_AFTER_DAYS));
        let when = at(acknowledged.max(proof.date), 18);
        self.past.saved(when, account, Some(&told), proof)
    }
}

/// The versions `plan` went through from `first`, a proposal with no step
/// done: each step done in turn, then each status on the way to its own.
fn plan_moves(first: &ActionPlan, plan: &ActionPlan) -> Vec<ActionPlan> {
    let statuses: &[PlanStatus] = match plan.status {
        PlanStatus::Proposed => &[],
        PlanStatus::Agreed => &[PlanStatus::Agreed],
        PlanStatus::InProgress => &[PlanStatus::Agreed, PlanStatus::InProgress],
        PlanStatus::Done => &[PlanStatus::Agreed, PlanStatus::InProgress, PlanStatus::Done],
        PlanStatus::Dropped => &[PlanStatus::Dropped],
    };
    let mut version = first.clone();
    let mut moves = Vec::new();
    for (n, step) in plan.steps.iter().enumerate() {
        if step.done {
            version.steps[n].done = true;
            moves.push(version.clone());
        }
    }
    for status in statuses {
        version.status = *status;
        moves.push(version.clone());
    }
    moves
}

/// `days` before `today`.
fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

/// `hour` o'clock local time on `day`.
fn at(day: NaiveDate, hour: i64) -> DateTime<Utc> {
    start_of_day(day) + TimeDelta::hours(hour)
}
