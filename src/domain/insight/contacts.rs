//! Contact with the customer's people: is there a champion, does all
//! contact run through one person, who is past their contact cadence?

use std::collections::HashSet;

use chrono::NaiveDate;

use super::Facts;
use super::talk::in_window;
use crate::domain::dates::{days_ago, days_between, days_since_created};
use crate::domain::{Attitude, Id, Stakeholder};

/// How a key stakeholder has fallen out of touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactLapse {
    /// Contacted, but longer ago than their cadence.
    Overdue {
        /// Days past the cadence.
        days: i64,
    },
    /// Never contacted: not "overdue by a whole cadence", but a person
    /// added some days ago whom nobody has met yet.
    Never {
        /// Days since the stakeholder was added.
        days_since_added: i64,
    },
}

impl ContactLapse {
    /// Whether `s` is out of touch on `today`, given `seen`, the newest
    /// conversation they attended: `None` when not a key stakeholder (no
    /// contact cadence) or contacted within the cadence. The last contact
    /// is the later of the one entered and `seen`.
    pub fn of(s: &Stakeholder, seen: Option<NaiveDate>, today: NaiveDate) -> Option<Self> {
        let cadence = i64::from(s.cadence_days?);
        match s.last_contact_with(seen) {
            Some(last) => {
                let days = days_between(last, today) - cadence;
                (days > 0).then_some(Self::Overdue { days })
            }
            None => Some(Self::Never {
                days_since_added: days_since_created(s.created_at, today),
            }),
        }
    }

    /// In words: "12 d past the cadence", "never contacted (added 5 d ago)".
    pub fn describe(&self) -> String {
        match self {
            Self::Overdue { days } => format!("{days} d past the cadence"),
            Self::Never { days_since_added } => {
                format!("never contacted (added {})", days_ago(*days_since_added))
            }
        }
    }

    /// Short, for a table cell: "12 d", "never".
    pub fn short(&self) -> String {
        match self {
            Self::Overdue { days } => format!("{days} d"),
            Self::Never { .. } => "never".to_string(),
        }
    }

    /// Orders lapses most urgent first: never contacted before overdue,
    /// then the longer wait first.
    pub fn urgency(&self) -> (bool, std::cmp::Reverse<i64>) {
        match self {
            Self::Never { days_since_added } => (false, std::cmp::Reverse(*days_since_added)),
            Self::Overdue { days } => (true, std::cmp::Reverse(*days)),
        }
    }
}

/// A key stakeholder past their contact cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueContact {
    /// The stakeholder.
    pub stakeholder_id: Id,
    /// Their account.
    pub account_id: Id,
    /// Their name.
    pub name: String,
    /// Their title.
    pub title: String,
    /// Who on our side owns the relationship.
    pub owner: String,
    /// The last contact, entered or from a conversation.
    pub last_contact: Option<NaiveDate>,
    /// How they are out of touch.
    pub lapse: ContactLapse,
}

/// The contact flags of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFlags {
    /// No stakeholder is a champion.
    pub no_champion: bool,
    /// All contact runs through one person: the conversations of the last
    /// 90 days had at most one of the customer's people between them
    /// (however many people are entered).
    pub single_threaded: bool,
    /// Key stakeholders out of touch, most urgent first
    /// ([`ContactLapse::urgency`]).
    pub overdue: Vec<OverdueContact>,
}

impl ContactFlags {
    /// The flags of `facts` on `today`. A stakeholder's last contact is the
    /// later of the one entered and the newest conversation they attended
    /// (`facts.last_seen`); ties in lateness are ordered by name.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let no_champion = !facts
            .stakeholders
            .iter()
            .any(|s| s.attitude == Attitude::Champion);
        let single_threaded = people_in_touch(facts, today) <= 1;
        let mut overdue: Vec<OverdueContact> = facts
            .stakeholders
            .iter()
            .filter_map(|s| {
                let seen = facts.last_seen.get(&s.id).copied();
                Some(OverdueContact {
                    lapse: ContactLapse::of(s, seen, today)?,
                    stakeholder_id: s.id,
                    account_id: s.account_id,
                    name: s.name.clone(),
                    title: s.title.clone(),
                    owner: s.owner.clone(),
                    last_contact: s.last_contact_with(seen),
                })
            })
            .collect();
        overdue.sort_by_cached_key(|o| (o.lapse.urgency(), o.name.to_lowercase()));
        Self {
            no_champion,
            single_threaded,
            overdue,
        }
    }
}

/// How many of the account's people attended its conversations of the
/// last 90 days, between them.
pub fn people_in_touch(facts: &Facts, today: NaiveDate) -> usize {
    let customer: HashSet<Id> = facts.stakeholders.iter().map(|s| s.id).collect();
    let met: HashSet<Id> = facts
        .conversations
        .iter()
        .filter(|c| in_window(c, today))
        .flat_map(|c| c.attendees.iter().copied())
        .filter(|id| customer.contains(id))
        .collect();
    met.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::facts::fixtures::{d, facts};
    use crate::domain::{Conversation, Stakeholder};

    fn person(f: &mut Facts, name: &str, attitude: Attitude, cadence: Option<u32>) -> Id {
        let mut s = Stakeholder::new(f.account.id, name);
        s.attitude = attitude;
        s.cadence_days = cadence;
        let id = s.id;
        f.stakeholders.push(s);
        id
    }

    fn talk(f: &mut Facts, date: &str, attendees: &[Id]) {
        let mut c = Conversation::new(f.account.id, d(date), "Purchasing");
        c.attendees = attendees.to_vec();
        f.conversations.push(c);
    }

    #[test]
    fn champion_and_threads() {
        let today = d("2026-11-23");
        let mut f = facts();
        let flags = ContactFlags::new(&f, today);
        assert!(flags.no_champion && flags.single_threaded, "nobody at all");
        let anna = person(&mut f, "Anna Roth", Attitude::Supporter, None);
        let ben = person(&mut f, "Ben Kahl", Attitude::Champion, None);
        let flags = ContactFlags::new(&f, today);
        assert!(!flags.no_champion);
        assert!(
            flags.single_threaded,
            "two people entered, nobody in touch yet"
        );
        // Three recent conversations, all with Anna alone; Ben only in one
        // 91 days ago (2026-08-24), outside the window.
        talk(&mut f, "2026-11-20", &[anna]);
        talk(&mut f, "2026-10-01", &[anna]);
        talk(&mut f, "2026-09-01", &[]);
        talk(&mut f, "2026-08-24", &[anna, ben]);
        assert!(ContactFlags::new(&f, today).single_threaded);
        talk(&mut f, "2026-08-26", &[ben]);
        assert!(!ContactFlags::new(&f, today).single_threaded);
    }

    #[test]
    fn single_threaded_counts_people_in_touch_not_people_entered() {
        let today = d("2026-11-23");
        let mut f = facts();
        let anna = person(&mut f, "Anna Roth", Attitude::Champion, None);
        person(&mut f, "Ben Kahl", Attitude::Neutral, None);
        person(&mut f, "Carl Ott", Attitude::Neutral, None);
        assert!(ContactFlags::new(&f, today).single_threaded, "nobody met");
        talk(&mut f, "2026-11-20", &[anna]);
        assert_eq!(people_in_touch(&f, today), 1);
        assert!(ContactFlags::new(&f, today).single_threaded);
        // Someone of another account in the list does not count.
        talk(&mut f, "2026-11-21", &[anna, Id::new()]);
        assert!(ContactFlags::new(&f, today).single_threaded);
    }

    #[test]
    fn overdue_key_stakeholders_most_overdue_first_then_by_name() {
        let today = d("2026-11-23");
        let mut f = facts();
        let carl = person(&mut f, "Carl Ott", Attitude::Neutral, Some(30));
        let anna = person(&mut f, "anna Roth", Attitude::Neutral, Some(30));
        let ben = person(&mut f, "Ben Kahl", Attitude::Neutral, Some(60));
        person(&mut f, "Dora Lenz", Attitude::Neutral, None); // not key
        // Carl: entered 2026-09-24 (60 days ago) → 30 days overdue.
        f.stakeholders[0].last_contact = Some(d("2026-09-24"));
        // Anna: never contacted, added 2026-11-18 → never, 5 days.
        f.stakeholders[1].created_at = d("2026-11-18").and_hms_opt(8, 0, 0).unwrap().and_utc();
        // Ben: entered 2026-06-01, but seen in a conversation on 2026-09-09
        // (75 days ago) → 15 days past his 60.
        f.stakeholders[2].last_contact = Some(d("2026-06-01"));
        f.last_seen.insert(ben, d("2026-09-09"));
        let overdue = ContactFlags::new(&f, today).overdue;
        let rows: Vec<_> = overdue
            .iter()
            .map(|o| (o.stakeholder_id, o.lapse, o.last_contact))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    anna,
                    ContactLapse::Never {
                        days_since_added: 5
                    },
                    None
                ),
                (
                    carl,
                    ContactLapse::Overdue { days: 30 },
                    Some(d("2026-09-24"))
                ),
                (
                    ben,
                    ContactLapse::Overdue { days: 15 },
                    Some(d("2026-09-09"))
                ),
            ]
        );
        assert_eq!(
            overdue[0].lapse.describe(),
            "never contacted (added 5 d ago)"
        );
        assert_eq!(overdue[1].lapse.describe(), "30 d past the cadence");
        // A conversation yesterday brings Ben back within his cadence.
        f.last_seen.insert(ben, d("2026-11-22"));
        assert_eq!(ContactFlags::new(&f, today).overdue.len(), 2);
    }
}
