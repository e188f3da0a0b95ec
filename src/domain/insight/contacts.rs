//! Contact with the customer's people: is there a champion, does all
//! contact run through one person, who is past their contact cadence?

use std::collections::HashSet;

use chrono::NaiveDate;

use super::Facts;
use super::talk::in_window;
use crate::domain::{Attitude, Id};

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
    /// Days past the cadence.
    pub days_overdue: i64,
}

/// The contact flags of one account.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFlags {
    /// No stakeholder is a champion.
    pub no_champion: bool,
    /// All contact runs through one person: the conversations of the last
    /// 90 days had at most one customer attendee between them (or, with no
    /// such conversations, the account has at most one stakeholder).
    pub single_threaded: bool,
    /// Key stakeholders past their cadence, most overdue first.
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
        let recent: Vec<_> = facts
            .conversations
            .iter()
            .filter(|c| in_window(c, today))
            .collect();
        let single_threaded = if recent.is_empty() {
            facts.stakeholders.len() <= 1
        } else {
            let people: HashSet<Id> = recent
                .iter()
                .flat_map(|c| c.attendees.iter().copied())
                .collect();
            people.len() <= 1
        };
        let mut overdue: Vec<OverdueContact> = facts
            .stakeholders
            .iter()
            .filter_map(|s| {
                let seen = facts.last_seen.get(&s.id).copied();
                Some(OverdueContact {
                    days_overdue: s.days_overdue(seen, today)?,
                    stakeholder_id: s.id,
                    account_id: s.account_id,
                    name: s.name.clone(),
                    title: s.title.clone(),
                    owner: s.owner.clone(),
                    last_contact: s.last_contact_with(seen),
                })
            })
            .collect();
        overdue.sort_by(|a, b| {
            b.days_overdue
                .cmp(&a.days_overdue)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        Self {
            no_champion,
            single_threaded,
            overdue,
        }
    }
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
        assert!(!flags.single_threaded, "two people, no conversation yet");
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
    fn overdue_key_stakeholders_most_overdue_first_then_by_name() {
        let today = d("2026-11-23");
        let mut f = facts();
        let carl = person(&mut f, "Carl Ott", Attitude::Neutral, Some(30));
        let anna = person(&mut f, "anna Roth", Attitude::Neutral, Some(30));
        let ben = person(&mut f, "Ben Kahl", Attitude::Neutral, Some(60));
        person(&mut f, "Dora Lenz", Attitude::Neutral, None); // not key
        // Carl: entered 2026-09-24 (60 days ago) → 30 days overdue.
        f.stakeholders[0].last_contact = Some(d("2026-09-24"));
        // Anna: never contacted → overdue by her whole cadence, 30 days.
        // Ben: entered 2026-06-01, but seen in a conversation on 2026-09-09
        // (75 days ago) → 15 days past his 60.
        f.stakeholders[2].last_contact = Some(d("2026-06-01"));
        f.last_seen.insert(ben, d("2026-09-09"));
        let overdue = ContactFlags::new(&f, today).overdue;
        let rows: Vec<_> = overdue
            .iter()
            .map(|o| (o.stakeholder_id, o.days_overdue, o.last_contact))
            .collect();
        assert_eq!(
            rows,
            [
                (anna, 30, None),
                (carl, 30, Some(d("2026-09-24"))),
                (ben, 15, Some(d("2026-09-09"))),
            ]
        );
        // A conversation yesterday brings Ben back within his cadence.
        f.last_seen.insert(ben, d("2026-11-22"));
        assert_eq!(ContactFlags::new(&f, today).overdue.len(), 2);
    }
}
