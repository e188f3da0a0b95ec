//! The demo portfolio: five believable accounts shipped as data in
//! `assets/demo.json`, with dates relative to today so it always looks
//! current.

mod history;

use std::collections::HashMap;

use crate::domain::matching::team::{TeamPair, TeamRound};
use crate::domain::measure::Measure;
use chrono::{Datelike, Days, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::people::person_named;
use crate::domain::{
    Account, ActionPlan, Answer, Assessment, Attitude, BusinessIssue, Cell, Conversation, Id,
    Importance, Influence, IssueKind, IssueStatus, Ladder, MatchingResult, Place, PlanStatus,
    ProofStatement, Rating, RelationshipStage, Stakeholder, Step, TeamMember, TimeFrame,
    Whitespace, YearRevenue,
};
use crate::store::{Result, Snapshot, Store, StoreError};

/// The demo portfolio, embedded in the binary.
const DEMO: &str = include_str!("../assets/demo.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    format: String,
    version: u32,
    accounts: Vec<DemoAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    name: String,
    industry: String,
    offerings: String,
    share_of_wallet: Option<u8>,
    stage: RelationshipStage,
    value_proposition: String,
    differentiation: String,
    customers: String,
    last_review_days_ago: Option<u64>,
    proof_cadence_days: u32,
    revenue_history: Vec<DemoYear>,
    currency: String,
    review_interval_days: u32,
    issues: Vec<DemoIssue>,
    proofs: Vec<DemoProof>,
    stakeholders: Vec<DemoPerson>,
    conversations: Vec<DemoTalk>,
    assessments: Vec<DemoAssessment>,
    whitespace: DemoGrid,
    #[serde(default)]
    matching: Vec<DemoMatching>,
    #[serde(default)]
    team: Vec<TeamMember>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoYear {
    years_ago: i32,
    amount: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPerson {
    key: String,
    name: String,
    title: String,
    email: String,
    phone: String,
    reports_to: Option<String>,
    influence: Option<Influence>,
    attitude: Attitude,
    last_contact_days_ago: Option<u64>,
    cadence_days: Option<u32>,
    owner: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTalk {
    days_ago: u64,
    forum: String,
    attendees: Vec<String>,
    time_frame: TimeFrame,
    summary: String,
    billable_hours: f64,
    non_billable_hours: f64,
    executive_review: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAssessment {
    days_ago: u64,
    signals: [Answer; 8],
    ratings: [Rating; 4],
    stage: RelationshipStage,
    ladder_now: Ladder,
    ladder_aim: Ladder,
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoGrid {
    units: Vec<String>,
    offerings: Vec<String>,
    cells: Vec<Vec<Cell>>,
    #[serde(default)]
    places: std::collections::BTreeMap<String, Place>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoMatching {
    days_ago: u64,
    #[serde(default)]
    total: u32,
    #[serde(default)]
    correct: u32,
    team: Option<DemoTeamRound>,
}

/// A finished round of the team's test: what each member wrote (problem,
/// solution), and the pairs each mixed up (problem, the solution chosen
/// instead); every other problem each matched right.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTeamRound {
    seed: u64,
    members: Vec<String>,
    written: Vec<Vec<[String; 2]>>,
    mixed_up: Vec<Vec<[String; 2]>>,
}

impl DemoTeamRound {
    /// The round as kept, each member's choices found by their text.
    fn round(self, account_id: Id) -> Result<TeamRound> {
        let unknown = |what: &str| StoreError::Data(format!("the demo's team round: {what}"));
        let mut round = TeamRound::new(self.members, self.seed).map_err(|e| unknown(&e))?;
        for pairs in self.written {
            round.write(
                pairs
                    .into_iter()
                    .map(|[p, s]| TeamPair::new(p, s))
                    .collect(),
            );
        }
        let test = round
            .test(account_id)
            .map_err(|e| unknown(&e.to_string()))?;
        let solution_of = |text: &str| {
            (0..test.pair_count())
                .find(|&s| test.solution(s) == Some(text))
                .ok_or_else(|| unknown(text))
        };
        for mixed in self.mixed_up {
            let mut choices = TeamRound::choices(&test);
            for (p, choice) in choices.iter_mut().enumerate() {
                let problem = test.problem(p).unwrap_or_default();
                *choice = match mixed.iter().find(|[mp, _]| mp == problem) {
                    Some([_, instead]) => Some(solution_of(instead)?),
                    None => test.answer(p),
                };
            }
            round.record_match(choices);
        }
        Ok(round)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoIssue {
    key: String,
    statement: String,
    kind: IssueKind,
    said_by: String,
    said_days_ago: Option<u64>,
    confirmed_by: Option<String>,
    importance: Importance,
    status: IssueStatus,
    time_frame: TimeFrame,
    plans: Vec<DemoPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPlan {
    key: String,
    title: String,
    detail: String,
    uses_product: bool,
    owner: String,
    /// Who owns the plan on the customer's side.
    #[serde(default)]
    customer_owner: String,
    due_in_days: Option<i64>,
    status: PlanStatus,
    billable_hours: f64,
    non_billable_hours: f64,
    steps: Vec<DemoStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoStep {
    text: String,
    done: bool,
    due_in_days: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProof {
    days_ago: u64,
    statement: String,
    value: Option<String>,
    issue: Option<String>,
    plan: Option<String>,
    acknowledged: bool,
    /// Who acknowledged it, and how many days ago.
    #[serde(default)]
    acknowledged_by: String,
    #[serde(default)]
    acknowledged_days_ago: Option<u64>,
    #[serde(default)]
    measure: Option<Measure>,
}

/// The demo portfolio as records dated relative to `today`.
pub fn records(today: NaiveDate) -> Result<Snapshot> {
    let file: DemoFile =
        serde_json::from_str(DEMO).map_err(|e| StoreError::Data(format!("demo portfolio: {e}")))?;
    if file.format != "kam-demo" || file.version != 1 {
        return Err(StoreError::Data("demo portfolio: unknown format".into()));
    }
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let offset = |days: i64| {
        today
            .checked_add_signed(chrono::Duration::days(days))
            .unwrap_or(today)
    };
    let now = Utc::now();
    let mut out = Snapshot::default();
    for a in file.accounts {
        let mut account = Account::new(a.name);
        account.industry = a.industry;
        account.offerings = a.offerings;
        account.share_of_wallet = a.share_of_wallet;
        account.stage = a.stage;
        account.value_proposition = a.value_proposition;
        account.differentiation = a.differentiation;
        account.customers = a.customers;
        account.last_review = a.last_review_days_ago.map(ago);
        account.proof_cadence_days = a.proof_cadence_days;
        account.revenue_history = a
            .revenue_history
            .iter()
            .map(|y| YearRevenue {
                year: today.year() - y.years_ago,
                amount: y.amount,
            })
            .collect();
        account.currency = a.currency;
        account.review_interval_days = a.review_interval_days;
        let mut keys: HashMap<String, Id> = HashMap::new();
        let people: Vec<(DemoPerson, Stakeholder)> = a
            .stakeholders
            .into_iter()
            .map(|p| {
                let person = Stakeholder::new(account.id, p.name.clone());
                keys.insert(p.key.clone(), person.id);
                (p, person)
            })
            .collect();
        for (p, mut person) in people {
            person.title = p.title;
            person.email = p.email;
            person.phone = p.phone;
            person.reports_to = p.reports_to.and_then(|k| keys.get(&k).copied());
            person.influence = p.influence;
            person.attitude = p.attitude;
            person.last_contact = p.last_contact_days_ago.map(ago);
            person.cadence_days = p.cadence_days;
            person.owner = p.owner;
            out.stakeholders.push(person);
        }
        // Names are linked to the account's people as migration 010 links
        // them: where they name one person without ambiguity.
        let names: Vec<(Id, String)> = out
            .stakeholders
            .iter()
            .filter(|s| s.account_id == account.id)
            .map(|s| (s.id, s.name.clone()))
            .collect();
        let person = |text: &str| person_named(text, names.iter().map(|(i, n)| (*i, n.as_str())));
        for t in a.conversations {
            let mut talk = Conversation::new(account.id, ago(t.days_ago), t.forum);
            talk.attendees = t
                .attendees
                .iter()
                .filter_map(|k| keys.get(k).copied())
                .collect();
            talk.attendees.sort();
            talk.time_frame = t.time_frame;
            talk.executive_review = t.executive_review;
            talk.summary = t.summary;
            talk.billable_hours = t.billable_hours;
            talk.non_billable_hours = t.non_billable_hours;
            out.conversations.push(talk);
        }
        for d in a.assessments {
            let mut assessment = Assessment::new(account.id, ago(d.days_ago), d.stage);
            assessment.signals = d.signals;
            assessment.ratings = d.ratings;
            assessment.ladder_now = d.ladder_now;
            assessment.ladder_aim = d.ladder_aim;
            assessment.note = d.note;
            out.assessments.push(assessment);
        }
        out.whitespace.push(Whitespace {
            account_id: account.id,
            units: a.whitespace.units,
            offerings: a.whitespace.offerings,
            cells: a.whitespace.cells,
            places: a.whitespace.places,
        });
        account.team = a.team;
        for m in a.matching {
            let mut result = match m.team {
                Some(team) => {
                    let round = team.round(account.id)?;
                    MatchingResult::of_team(Id::new(), account.id, round).ok_or_else(|| {
                        StoreError::Data("the demo's team round is unfinished".into())
                    })?
                }
                None => MatchingResult::new(account.id, m.total, m.correct),
            };
            result.taken_at = ago(m.days_ago)
                .and_hms_opt(10, 0, 0)
                .map_or(now, |t| t.and_utc());
            out.matching.push(result);
        }
        for i in a.issues {
            let mut issue = BusinessIssue::new(account.id, i.statement);
            issue.kind = i.kind;
            issue.said_by_id = person(&i.said_by);
            issue.said_by = i.said_by;
            issue.said_on = i.said_days_ago.map(ago);
            issue.confirmed = i.confirmed_by.is_some();
            issue.confirmed_by = i.confirmed_by.unwrap_or_default();
            issue.confirmed_by_id = person(&issue.confirmed_by);
            issue.importance = i.importance;
            issue.status = i.status;
            issue.time_frame = i.time_frame;
            issue.created_at = now;
            keys.insert(i.key, issue.id);
            for p in i.plans {
                let mut plan = ActionPlan::new(issue.id, p.title);
                plan.detail = p.detail;
                plan.uses_product = p.uses_product;
                plan.owner = p.owner;
                plan.customer_owner_id = person(&p.customer_owner);
                plan.customer_owner = p.customer_owner;
                plan.due = p.due_in_days.map(offset);
                plan.status = p.status;
                plan.billable_hours = p.billable_hours;
                plan.non_billable_hours = p.non_billable_hours;
                plan.steps = p
                    .steps
                    .into_iter()
                    .map(|s| Step {
                        done: s.done,
                        due: s.due_in_days.map(offset),
                        ..Step::new(s.text)
                    })
                    .collect();
                keys.insert(p.key, plan.id);
                out.plans.push(plan);
            }
            out.issues.push(issue);
        }
        for p in a.proofs {
            let mut proof = ProofStatement::new(account.id, ago(p.days_ago), p.statement);
            proof.value = p.value;
            proof.issue_id = p.issue.and_then(|k| keys.get(&k).copied());
            proof.plan_id = p.plan.and_then(|k| keys.get(&k).copied());
            proof.acknowledged = p.acknowledged;
            proof.acknowledged_by_id = person(&p.acknowledged_by);
            proof.acknowledged_by = p.acknowledged_by;
            proof.acknowledged_on = p.acknowledged_days_ago.map(ago);
            proof.measure = p.measure;
            out.proofs.push(proof);
        }
        out.accounts.push(account);
    }
    Ok(out)
}

/// Writes the demo portfolio into `store` in one transaction, with the
/// history of how it came to be over the past months; returns the id of the
/// first account.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<Option<Id>> {
    let records = records(today)?;
    store.insert_with_history(&records, |past| history::write(past, &records, today))?;
    Ok(records.accounts.first().map(|a| a.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::brief::{default_since, start_of_day};
    use crate::domain::history::{ChangeAction, RecordKind};

    #[test]
    fn the_demo_has_a_past_that_since_last_time_shows() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let midnight = start_of_day(today);
        let mut store = Store::open_in_memory().unwrap();
        load(&mut store, today).unwrap();
        let demo = store.all_records().unwrap();
        for account in &demo.accounts {
            let all = store
                .changes_since(account.id, midnight - chrono::Duration::days(3650))
                .unwrap();
            assert!(
                all.iter().all(|c| c.at < midnight),
                "{}: in the past",
                account.name
            );
            let proofs = demo.proofs.iter().filter(|p| p.account_id == account.id);
            for proof in proofs {
                let added = |c: &&crate::domain::history::Change| {
                    c.record_id == proof.id && c.action == ChangeAction::Added
                };
                assert!(
                    all.iter().any(|c| added(&c)),
                    "{}: proof added",
                    account.name
                );
            }
            let talked = store.last_conversation(account.id, today).unwrap();
            let since = default_since(None, talked, midnight + chrono::Duration::hours(12));
            let recent = store.changes_since(account.id, since).unwrap();
            assert!(
                recent.iter().any(|c| c.kind == RecordKind::Plan),
                "{}: a plan moved since the last conversation",
                account.name
            );
        }
    }

    #[test]
    fn the_demo_is_complete_and_valid() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let demo = records(today).unwrap();
        demo.validate().unwrap();
        assert_eq!(demo.accounts.len(), 5);
        for account in &demo.accounts {
            let proofs: Vec<_> = demo
                .proofs
                .iter()
                .filter(|p| p.account_id == account.id)
                .collect();
            let oldest = proofs.iter().map(|p| p.date).min().unwrap();
            assert!(
                (today - oldest).num_days() >= 365,
                "{} has under a year of proof",
                account.name
            );
        }
        let linked = demo.proofs.iter().filter(|p| p.plan_id.is_some()).count();
        assert!(linked > 10, "proofs should link to plans");
        assert!(
            demo.accounts.iter().all(|a| a.team.len() >= 3),
            "every account has its team"
        );
        let team_rounds: Vec<_> = demo.matching.iter().filter(|m| m.is_team()).collect();
        assert_eq!(team_rounds.len(), 1, "one finished team round");
        let round = team_rounds[0].team.as_ref().unwrap();
        let outcome = round.outcome(team_rounds[0].account_id).unwrap();
        assert!(!outcome.nobody.is_empty(), "a problem nobody matched");
        assert!(
            !outcome.disagreed.is_empty(),
            "problems the team disagreed on"
        );
        let scorecards: Vec<_> = demo
            .accounts
            .iter()
            .map(|a| {
                let proofs: Vec<_> = demo
                    .proofs
                    .iter()
                    .filter(|p| p.account_id == a.id)
                    .cloned()
                    .collect();
                crate::domain::measure::series(&proofs)
            })
            .collect();
        let all: Vec<_> = scorecards.iter().flatten().collect();
        assert!(all.len() >= 5, "measured series in the demo");
        assert!(
            all.iter().all(|s| s.points.len() >= 2),
            "each measure is a series"
        );
        assert!(
            all.iter().any(|s| s.measure.confidential),
            "a confidential measure"
        );
        assert!(
            all.iter().any(|s| s.target_met() == Some(false)),
            "a target missed"
        );
        for account in &demo.accounts {
            let of = |id: Id| id == account.id;
            let assessments = demo.assessments.iter().filter(|a| of(a.account_id));
            let dates: Vec<_> = assessments.map(|a| a.date).collect();
            assert!(dates.len() >= 4, "{} needs four assessments", account.name);
            assert!(
                dates.windows(2).all(|w| (w[1] - w[0]).num_days() >= 80),
                "{}: assessments a quarter apart",
                account.name
            );
            let people = demo.stakeholders.iter().filter(|s| of(s.account_id));
            assert!(people.count() >= 3, "{} needs stakeholders", account.name);
            let talks: Vec<_> = demo
                .conversations
                .iter()
                .filter(|c| of(c.account_id))
                .collect();
            assert!(talks.len() >= 5, "{} needs conversations", account.name);
            assert!(talks.iter().all(|c| !c.attendees.is_empty()));
            assert!(demo.whitespace.iter().any(|w| of(w.account_id)));
        }
    }
}
