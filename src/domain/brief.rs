//! The prep brief: one account on one page for a meeting, built from its
//! records. One model, rendered on screen and as Markdown.
//!
//! Sections, in order: the meetings from the calendar waiting to be
//! written up; what changed since last time; the customer's open
//! business issues, most important first, each with our action plans; the
//! value scorecard; the latest proof statements; the recent conversations; the stakeholders;
//! open questions worth asking.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Local, NaiveDate, NaiveTime, Utc};

use super::choice::Choice;
use super::conversation::waiting_write_up;
use super::history::{Change, ChangeItem, first_line, group, redact};
use super::insight::ProofStatus;
use super::measure::{self, Series};
use super::{
    Account, ActionPlan, BusinessIssue, Conversation, Id, IssueStatus, MatchingResult, PlanStatus,
    ProofStatement, RelationshipStage, Stakeholder, TeamMember, TimeFrame, YearRevenue,
};

/// How many of the latest proof statements the brief shows.
pub const LATEST_PROOFS: usize = 8;

/// How many of the latest conversations the brief shows.
pub const RECENT_CONVERSATIONS: usize = 5;

/// How many meetings waiting to be written up the brief names; the rest
/// are counted.
pub const WRITE_UPS: usize = 3;

/// How many unacknowledged proof statements become questions; the rest are
/// counted.
const UNACKNOWLEDGED_ASKED: usize = 5;

/// How far back "since last time" reaches when the brief was never opened.
pub const DEFAULT_SINCE_DAYS: i64 = 30;

/// Where "since last time" starts: the start of the day of the last
/// conversation or the last time the brief was opened, whichever is later
/// (a conversation dated after `now` does not count); [`DEFAULT_SINCE_DAYS`]
/// before `now` when there is neither.
pub fn default_since(
    last_opened: Option<DateTime<Utc>>,
    last_conversation: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let talked = last_conversation.map(start_of_day).filter(|at| *at <= now);
    last_opened
        .into_iter()
        .chain(talked)
        .max()
        .unwrap_or(now - Duration::days(DEFAULT_SINCE_DAYS))
}

/// The start of `date` in local time: "since 2026-11-01" includes that day.
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    match midnight.and_local_timezone(Local).earliest() {
        Some(local) => local.with_timezone(&Utc),
        None => midnight.and_utc(),
    }
}

/// A moment as people read it, in local time: `2026-11-20 14:05`.
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The records a brief is built from: one account and what belongs to it.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The account.
    pub account: &'a Account,
    /// Its business issues, any status.
    pub issues: &'a [BusinessIssue],
    /// The action plans of those issues.
    pub plans: &'a [ActionPlan],
    /// Its proof statements, any order.
    pub proofs: &'a [ProofStatement],
    /// Its stakeholders, in the order to list them.
    pub stakeholders: &'a [Stakeholder],
    /// Its conversations, any order.
    pub conversations: &'a [Conversation],
    /// Its history since the brief's starting point, in the order written.
    pub changes: &'a [Change],
}

/// The confidential figures of the account: empty in private mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Our revenue with the customer in the latest year recorded.
    pub revenue: Option<YearRevenue>,
    /// The ISO 4217 code of the revenue's currency.
    pub currency: String,
    /// Our share of the customer's spend, in percent.
    pub share_of_wallet: Option<u8>,
}

/// One of our action plans as the brief tells it: no effort figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanBrief {
    /// The plan in one line.
    pub title: String,
    /// Where it stands.
    pub status: PlanStatus,
    /// Who owns it.
    pub owner: String,
    /// The first step not yet done.
    pub next_step: Option<String>,
    /// When that step is due, if it has its own date.
    pub next_step_due: Option<NaiveDate>,
    /// When the plan is due.
    pub due: Option<NaiveDate>,
    /// Whether it is past its due date and still open.
    pub overdue: bool,
}

/// Hours our side spent on a conversation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hours {
    /// Billable hours.
    pub billable: f64,
    /// Non-billable hours.
    pub non_billable: f64,
}

/// A recent conversation as the brief tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationBrief {
    /// When it took place.
    pub date: NaiveDate,
    /// Where.
    pub forum: String,
    /// Whether it was about the past, the present or the future.
    pub time_frame: TimeFrame,
    /// The names of the stakeholders who were there, in the order of the
    /// stakeholder list.
    pub attendees: Vec<String>,
    /// The first line of its summary.
    pub summary: String,
    /// The hours it took; `None` in private mode.
    pub hours: Option<Hours>,
}

/// A meeting brought in from the calendar that waits to be written up
/// ([`Conversation::waiting_write_up`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteUp {
    /// The conversation to write up.
    pub id: Id,
    /// When the meeting took place.
    pub date: NaiveDate,
    /// Its subject, kept as the forum.
    pub forum: String,
}

impl WriteUp {
    /// "Meeting on 2026-11-05, Quarterly business review: write up what
    /// was said". The subject comes from the calendar: sanitize it before
    /// display.
    pub fn text(&self) -> String {
        format!(
            "Meeting on {}, {}: write up what was said",
            self.date,
            first_line(&self.forum)
        )
    }
}

/// An open business issue with our plans for it.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueBrief {
    /// The issue, in the customer's words.
    pub issue: BusinessIssue,
    /// Our plans for it, open ones first by due date, then done ones;
    /// dropped plans are left out.
    pub plans: Vec<PlanBrief>,
}

/// Something to ask or settle in the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// An open issue the customer has not confirmed.
    Unconfirmed {
        /// The issue's statement.
        issue: String,
    },
    /// An open issue without any live action plan.
    NoPlan {
        /// The issue's statement.
        issue: String,
    },
    /// A done plan no proof statement points at.
    DoneWithoutProof {
        /// The plan's title.
        plan: String,
    },
    /// A proof statement the customer has not acknowledged.
    Unacknowledged {
        /// The statement.
        proof: String,
        /// Its date.
        date: NaiveDate,
    },
    /// How many more proof statements are not acknowledged.
    MoreUnacknowledged(usize),
}

impl Question {
    /// The question in words. The text comes from the records: sanitize it
    /// before display.
    pub fn text(&self) -> String {
        match self {
            Self::Unconfirmed { issue } => {
                format!("Is this how they see it? Not yet confirmed: “{issue}”")
            }
            Self::NoPlan { issue } => {
                format!("What do we propose? No action plan yet for “{issue}”")
            }
            Self::DoneWithoutProof { plan } => {
                format!("What did it prove? “{plan}” is done, with no proof statement yet")
            }
            Self::Unacknowledged { proof, date } => {
                format!("Do they acknowledge it? “{proof}” ({date})")
            }
            Self::MoreUnacknowledged(n) => {
                format!("… and {n} more proof statements not yet acknowledged")
            }
        }
    }
}

/// The brief of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    /// The account's name.
    pub account: String,
    /// Its industry.
    pub industry: String,
    /// Where the relationship stands.
    pub stage: RelationshipStage,
    /// When the account was last reviewed.
    pub last_review: Option<NaiveDate>,
    /// Revenue and share of wallet; empty when private.
    pub figures: Figures,
    /// Whether confidential figures are left out.
    pub private: bool,
    /// The day the brief is for.
    pub today: NaiveDate,
    /// Where "since last time" starts.
    pub since: DateTime<Utc>,
    /// What changed since then, in time order.
    pub changes: Vec<ChangeItem>,
    /// The proof statements whose values are confidential: their changes
    /// show no value in private mode.
    pub confidential_values: BTreeSet<Id>,
    /// The open business issues, most important first.
    pub issues: Vec<IssueBrief>,
    /// The latest proof statements, newest first.
    pub proofs: Vec<ProofStatement>,
    /// How many proof statements the account has in all.
    pub proofs_total: usize,
    /// The value scorecard: each measure with its values, oldest first;
    /// confidential ones without values when private.
    pub measures: Vec<Series>,
    /// The latest conversations up to `today`, newest first.
    pub conversations: Vec<ConversationBrief>,
    /// How many conversations the account has had up to `today`.
    pub conversations_total: usize,
    /// The latest meetings from the calendar that wait to be written up,
    /// the latest first (at most [`WRITE_UPS`]).
    pub write_ups: Vec<WriteUp>,
    /// How many meetings wait to be written up in all.
    pub write_ups_total: usize,
    /// The customer's people.
    pub stakeholders: Vec<Stakeholder>,
    /// Our people on the account.
    pub team: Vec<TeamMember>,
    /// The latest result of the team's matching test; none until the store
    /// adds it.
    pub team_test: Option<MatchingResult>,
    /// Open questions for the meeting.
    pub questions: Vec<Question>,
    /// Where the proof log stands against the account's cadence.
    pub proof: ProofStatus,
    /// The account's flags as the portfolio shows them
    /// ([`flags`](super::insight::flags)); empty until the store adds
    /// them, since they need the facts the signals are computed from.
    pub flags: Vec<String>,
}

impl Brief {
    /// The latest team test in one line: "2026-11-19 · 11 of 21 matches
    /// right (52 %) · not yet a solutions provider · nobody matched 2
    /// problems · the team disagreed on 4".
    pub fn team_test_line(&self) -> Option<String> {
        let result = self.team_test.as_ref()?;
        let mut line = format!(
            "{} · {} · {}",
            result.taken_at.date_naive(),
            result.summary(),
            result.standing()
        );
        if let Some(o) = result
            .team
            .as_ref()
            .and_then(|r| r.outcome(result.account_id))
        {
            let problems = |n| crate::text::count(n, "problem", "problems");
            line.push_str(&format!(
                " · nobody matched {} · the team disagreed on {}",
                problems(o.nobody.len()),
                o.disagreed.len()
            ));
        }
        Some(line)
    }

    /// Builds the brief of `src.account` for `today`, with what changed
    /// since `since`. With `private`, confidential figures and changes to
    /// them are left out.
    pub fn build(src: Sources<'_>, since: DateTime<Utc>, today: NaiveDate, private: bool) -> Self {
        let a = src.account;
        let mut proofs: Vec<ProofStatement> = src.proofs.to_vec();
        proofs.sort_by_key(|p| Reverse((p.date, p.id)));
        let issues = open_issues(&src, today);
        let questions = questions(&issues, src.plans, &proofs);
        let (conversations, conversations_total) = recent_conversations(&src, today);
        let waiting = waiting_write_up(src.conversations, today);
        let mut brief = Self {
            account: a.name.clone(),
            industry: a.industry.clone(),
            stage: a.stage,
            last_review: a.last_review,
            figures: Figures {
                revenue: a.latest_revenue(),
                currency: a.currency.clone(),
                share_of_wallet: a.share_of_wallet,
            },
            private: false,
            today,
            since,
            changes: group(src.changes),
            confidential_values: src
                .proofs
                .iter()
                .filter(|p| p.value_is_confidential())
                .map(|p| p.id)
                .collect(),
            issues,
            proofs_total: proofs.len(),
            measures: measure::series(src.proofs),
            proofs: proofs.into_iter().take(LATEST_PROOFS).collect(),
            conversations,
            conversations_total,
            write_ups_total: waiting.len(),
            write_ups: waiting
                .into_iter()
                .take(WRITE_UPS)
                .map(|c| WriteUp {
                    id: c.id,
                    date: c.date,
                    forum: c.forum.clone(),
                })
                .collect(),
            stakeholders: src.stakeholders.to_vec(),
            team: a.team.clone(),
            team_test: None,
            questions,
            proof: ProofStatus::new(a, src.proofs.iter().map(|p| p.date), today),
            flags: Vec::new(),
        };
        if private {
            brief.redact();
        }
        brief
    }

    /// Leaves out what private mode hides: revenue, share of wallet, the
    /// hours of conversations, the values of confidential measures and
    /// changes to confidential fields.
    pub fn redact(&mut self) {
        self.figures = Figures::default();
        for series in self.measures.iter_mut().filter(|s| s.hidden(true)) {
            series.points.clear();
        }
        for proof in &mut self.proofs {
            proof.value = proof.value_shown(true).map(str::to_owned);
        }
        for c in &mut self.conversations {
            c.hours = None;
        }
        redact(&mut self.changes, &self.confidential_values);
        self.private = true;
    }
}

/// The latest [`RECENT_CONVERSATIONS`] conversations up to `today`,
/// newest first, and how many there are up to `today`.
fn recent_conversations(src: &Sources<'_>, today: NaiveDate) -> (Vec<ConversationBrief>, usize) {
    let mut held: Vec<&Conversation> = src
        .conversations
        .iter()
        .filter(|c| c.date <= today)
        .collect();
    held.sort_by_key(|c| Reverse((c.date, c.id)));
    let total = held.len();
    let recent = held
        .into_iter()
        .take(RECENT_CONVERSATIONS)
        .map(|c| ConversationBrief {
            date: c.date,
            forum: c.forum.clone(),
            time_frame: c.time_frame,
            attendees: src
                .stakeholders
                .iter()
                .filter(|s| c.attendees.contains(&s.id))
                .map(|s| first_line(&s.name))
                .collect(),
            summary: first_line(&c.summary),
            hours: Some(Hours {
                billable: c.billable_hours,
                non_billable: c.non_billable_hours,
            }),
        })
        .collect();
    (recent, total)
}

/// The open issues, most important first (the oldest first among equals),
/// each with its live and done plans.
fn open_issues(src: &Sources<'_>, today: NaiveDate) -> Vec<IssueBrief> {
    let mut issues: Vec<&BusinessIssue> = src
        .issues
        .iter()
        .filter(|i| i.status == IssueStatus::Open)
        .collect();
    issues.sort_by_key(|i| (Reverse(i.importance.index()), i.created_at, i.id));
    issues
        .into_iter()
        .map(|issue| {
            let mut plans: Vec<&ActionPlan> = src
                .plans
                .iter()
                .filter(|p| p.issue_id == issue.id && p.status != PlanStatus::Dropped)
                .collect();
            plans.sort_by_key(|p| (p.status.is_closed(), p.due.is_none(), p.due, p.created_at));
            IssueBrief {
                issue: issue.clone(),
                plans: plans.into_iter().map(|p| plan_brief(p, today)).collect(),
            }
        })
        .collect()
}

fn plan_brief(p: &ActionPlan, today: NaiveDate) -> PlanBrief {
    let next = p.next_step();
    PlanBrief {
        title: p.title.clone(),
        status: p.status,
        owner: p.owner.clone(),
        next_step: next.map(|s| s.text.clone()),
        next_step_due: next.and_then(|s| s.due),
        due: p.due,
        overdue: p.is_overdue(today),
    }
}

/// The questions: for the open issues in their order, then for done
/// plans, then for proof statements (`proofs` newest first).
fn questions(
    issues: &[IssueBrief],
    plans: &[ActionPlan],
    proofs: &[ProofStatement],
) -> Vec<Question> {
    let mut found = Vec::new();
    for brief in issues {
        let issue = first_line(&brief.issue.statement);
        if !brief.issue.confirmed {
            found.push(Question::Unconfirmed {
                issue: issue.clone(),
            });
        }
        if brief.plans.is_empty() {
            found.push(Question::NoPlan { issue });
        }
    }
    for plan in plans.iter().filter(|p| p.status == PlanStatus::Done) {
        if !proofs.iter().any(|proof| proof.plan_id == Some(plan.id)) {
            found.push(Question::DoneWithoutProof {
                plan: first_line(&plan.title),
            });
        }
    }
    let unacknowledged: Vec<&ProofStatement> = proofs.iter().filter(|p| !p.acknowledged).collect();
    for proof in unacknowledged.iter().take(UNACKNOWLEDGED_ASKED) {
        found.push(Question::Unacknowledged {
            proof: first_line(&proof.statement),
            date: proof.date,
        });
    }
    if unacknowledged.len() > UNACKNOWLEDGED_ASKED {
        found.push(Question::MoreUnacknowledged(
            unacknowledged.len() - UNACKNOWLEDGED_ASKED,
        ));
    }
    found
}
