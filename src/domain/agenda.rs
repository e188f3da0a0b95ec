//! The agenda: what needs doing across every account, by date.
//!
//! Built from each account with its open action plans and the date of its
//! newest proof statement, for one `today`. Four sections:
//!
//! - **Overdue**: open plans and open steps past their due date. A step is
//!   open while it is not done and its plan is not closed.
//! - **Due this week**: open plans and steps due from today through the six
//!   days after it. A rolling week rather than the calendar week, so that on
//!   a Friday the work due on Monday is already in sight.
//! - **Reviews coming up**: an account is reviewed every
//!   [`review_interval_days`](Account::review_interval_days) (its own, 90 by
//!   default) after its last review; reviews due within
//!   [`REVIEW_LOOKAHEAD_DAYS`], or overdue, are listed, and so are accounts
//!   never reviewed.
//! - **Gone quiet**: accounts whose proof log has gone quiet
//!   ([`ProofStatus::gone_quiet`]): no proof statement for longer than their
//!   own proof cadence, or none yet. Conversations do not count.
//!
//! Within a section entries come by date, oldest first; entries without a
//! date (never reviewed, no proof yet) come first, as the most neglected.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::account::Account;
use super::dates::days_between;
use super::id::Id;
use super::insight::ProofStatus;
use super::plan::ActionPlan;

/// How far ahead the agenda looks for account reviews, in days.
pub const REVIEW_LOOKAHEAD_DAYS: u64 = 14;

/// The length of the rolling "this week", today included.
pub const WEEK_DAYS: u64 = 7;

/// One account and what the agenda needs of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgendaAccount {
    /// The account.
    pub account: Account,
    /// Its open action plans (closed ones are ignored anyway), with steps.
    pub plans: Vec<ActionPlan>,
    /// The date of its newest proof statement that counts
    /// ([`proof_counts`](super::insight::proof_counts)).
    pub last_proof: Option<NaiveDate>,
    /// The date of its latest assessment up to today: a review too.
    #[serde(default)]
    pub last_assessment: Option<NaiveDate>,
}

/// The sections of the agenda, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Open plans and steps past their due date.
    Overdue,
    /// Open plans and steps due in the rolling week from today.
    DueThisWeek,
    /// Account reviews overdue or due soon, and accounts never reviewed.
    Reviews,
    /// Accounts whose proof log has gone quiet.
    Quiet,
}

impl Section {
    /// Every section, in display order.
    pub const ALL: [Section; 4] = [
        Section::Overdue,
        Section::DueThisWeek,
        Section::Reviews,
        Section::Quiet,
    ];

    /// The heading shown above the section.
    pub fn title(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue",
            Section::DueThisWeek => "Due this week",
            Section::Reviews => "Reviews coming up",
            Section::Quiet => "Gone quiet",
        }
    }

    /// What an empty section says.
    pub fn empty_note(self) -> &'static str {
        match self {
            Section::Overdue => "nothing overdue",
            Section::DueThisWeek => "nothing due in the next 7 days",
            Section::Reviews => "no account review due in the next 14 days",
            Section::Quiet => "every account keeps its proof cadence",
        }
    }
}

/// What an agenda entry is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An action plan with a due date.
    Plan {
        /// The plan.
        plan_id: Id,
        /// Its title.
        title: String,
    },
    /// One step of an action plan with its own due date.
    Step {
        /// The step.
        step_id: Id,
        /// The plan it belongs to.
        plan_id: Id,
        /// What to do.
        text: String,
        /// The plan's title.
        plan_title: String,
    },
    /// The account's next review.
    Review {
        /// When the account was last reviewed; `None`: never.
        last_review: Option<NaiveDate>,
    },
    /// The account's proof log has gone quiet.
    Quiet {
        /// Where the proof log stands.
        proof: ProofStatus,
    },
}

/// One line of the agenda, or one date of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The account it belongs to.
    pub account_id: Id,
    /// The account's name.
    pub account_name: String,
    /// What it is about.
    pub item: Item,
    /// When it is (or was) due: a plan's or step's due date, the next
    /// review, the day a proof statement fell due. `None` for an account
    /// never reviewed or without proof.
    pub due: Option<NaiveDate>,
    /// Who owns it: the plan's owner; empty for reviews and silences.
    pub owner: String,
}

impl Entry {
    /// The record the entry stands for: the plan, the step, or the account
    /// (for a review or a silence).
    pub fn record_id(&self) -> Id {
        match &self.item {
            Item::Plan { plan_id, .. } => *plan_id,
            Item::Step { step_id, .. } => *step_id,
            Item::Review { .. } | Item::Quiet { .. } => self.account_id,
        }
    }

    /// The record to select when jumping to the entry in its account's
    /// workspace: the plan (for a step too), or the account's profile.
    pub fn jump_target(&self) -> Id {
        match &self.item {
            Item::Plan { plan_id, .. } | Item::Step { plan_id, .. } => *plan_id,
            Item::Review { .. } | Item::Quiet { .. } => self.account_id,
        }
    }

    /// Days past the due date on `today`; 0 when not yet due or undated.
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        self.due.map_or(0, |d| days_between(d, today).max(0))
    }

    /// What the entry is about, in words (raw text: sanitize before
    /// showing it in a terminal).
    pub fn what(&self) -> String {
        match &self.item {
            Item::Plan { title, .. } => title.clone(),
            Item::Step {
                text, plan_title, ..
            } => format!("{text} (step of “{plan_title}”)"),
            Item::Review {
                last_review: Some(d),
            } => format!("account review (last {d})"),
            Item::Review { last_review: None } => "no review yet".to_string(),
            Item::Quiet { proof } => proof.summary(),
        }
    }
}

/// The agenda for one day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agenda {
    /// The entries of each section, in the order of [`Section::ALL`].
    sections: [Vec<Entry>; 4],
}

impl Agenda {
    /// Builds the agenda of `accounts` for `today`.
    pub fn build(accounts: &[AgendaAccount], today: NaiveDate) -> Self {
        let week_end = plus(today, WEEK_DAYS - 1);
        let review_horizon = plus(today, REVIEW_LOOKAHEAD_DAYS);
        let mut agenda = Self::default();
        for a in accounts {
            for entry in dated_work(a) {
                match entry.due {
                    Some(d) if d < today => agenda.push(Section::Overdue, entry),
                    Some(d) if d <= week_end => agenda.push(Section::DueThisWeek, entry),
                    _ => {}
                }
            }
            let review = review(a);
            if review.due.is_none_or(|d| d <= review_horizon) {
                agenda.push(Section::Reviews, review);
            }
            let proof = ProofStatus::new(&a.account, a.last_proof, today);
            if proof.gone_quiet() {
                agenda.push(Section::Quiet, silence(&a.account, proof));
            }
        }
        for entries in &mut agenda.sections {
            sort(entries);
        }
        agenda
    }

    fn push(&mut self, section: Section, entry: Entry) {
        self.sections[section as usize].push(entry);
    }

    /// The entries of one section, by date.
    pub fn section(&self, section: Section) -> &[Entry] {
        &self.sections[section as usize]
    }

    /// Every entry with its section, section by section.
    pub fn entries(&self) -> impl Iterator<Item = (Section, &Entry)> {
        Section::ALL
            .into_iter()
            .flat_map(move |s| self.section(s).iter().map(move |e| (s, e)))
    }

    /// How many entries there are in all.
    pub fn len(&self) -> usize {
        self.sections.iter().map(Vec::len).sum()
    }

    /// Whether nothing needs attention.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every date worth a calendar entry, whenever it falls: each open plan's
/// and open step's due date, and each account's next review (accounts never
/// reviewed have no date and are left out). By date.
pub fn calendar(accounts: &[AgendaAccount]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = accounts
        .iter()
        .flat_map(|a| dated_work(a).chain(Some(review(a))))
        .filter(|e| e.due.is_some())
        .collect();
    sort(&mut entries);
    entries
}

/// The open plans and open steps of an account that have a due date, as
/// entries not yet placed in a section.
fn dated_work(a: &AgendaAccount) -> impl Iterator<Item = Entry> + '_ {
    let entry = |item, due, owner: &str| Entry {
        account_id: a.account.id,
        account_name: a.account.name.clone(),
        item,
        due,
        owner: owner.to_string(),
    };
    a.plans
        .iter()
        .filter(|p| !p.status.is_closed())
        .flat_map(move |p| {
            let plan = p.due.map(|due| {
                entry(
                    Item::Plan {
                        plan_id: p.id,
                        title: p.title.clone(),
                    },
                    Some(due),
                    &p.owner,
                )
            });
            let steps = p.steps.iter().filter(|s| !s.done).filter_map(move |s| {
                s.due.map(|due| {
                    entry(
                        Item::Step {
                            step_id: s.id,
                            plan_id: p.id,
                            text: s.text.clone(),
                            plan_title: p.title.clone(),
                        },
                        Some(due),
                        &p.owner,
                    )
                })
            });
            plan.into_iter().chain(steps)
        })
}

/// The account's next review: the last one (an assessment counts) plus its
/// review interval; undated when it was never reviewed.
fn review(a: &AgendaAccount) -> Entry {
    let account = &a.account;
    let last_review = account.last_reviewed(a.last_assessment);
    Entry {
        account_id: account.id,
        account_name: account.name.clone(),
        item: Item::Review { last_review },
        due: last_review.map(|d| plus(d, u64::from(account.review_interval_days))),
        owner: String::new(),
    }
}

/// The entry of an account gone quiet, dated the day its next proof
/// statement fell due (undated without proof).
fn silence(account: &Account, proof: ProofStatus) -> Entry {
    Entry {
        account_id: account.id,
        account_name: account.name.clone(),
        item: Item::Quiet { proof },
        due: proof.next_due(),
        owner: String::new(),
    }
}

/// `date` plus `days`, or the last date there is.
fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// Undated entries first, then by date, account name and what.
fn sort(entries: &mut [Entry]) {
    entries.sort_by_cached_key(|e| {
        (
            e.due.is_some(),
            e.due,
            e.account_name.to_lowercase(),
            matches!(e.item, Item::Step { .. }),
            e.what(),
        )
    });
}

#[cfg(test)]
mod tests;
