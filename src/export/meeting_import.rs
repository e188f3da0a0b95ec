//! Meetings with an account's people turned into conversations.
//!
//! Each invitee is matched to a stakeholder by email address, then by
//! name (once, across the portfolio); the account is the one whose people
//! were invited, or the one given when they come from several. The
//! conversation keeps the meeting's date, its subject as the forum, its
//! description as the summary and its length as non-billable hours, with
//! the matched people as attendees. Its id is derived from the meeting's
//! key (the event's UID, with the occurrence for a recurring one): a
//! meeting imported twice, or on two machines, is one conversation.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::meetings::{Invitee, Meeting};
use super::people::key;
use crate::domain::people::person_named;
use crate::domain::{Account, Conversation, Id, Stakeholder};
use crate::store::Snapshot;

/// What importing one meeting does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new conversation with the account.
    Added,
    /// Imported before: the conversation is there, and kept as it is.
    AlreadyThere,
    /// Not imported, and why.
    LeftOut(String),
}

/// One meeting's line in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The meeting: its date and subject, e.g. "2026-11-05 Quarterly
    /// review".
    pub meeting: String,
    /// The account it went to, if any.
    pub account: Option<String>,
    /// The stakeholders it matched, by name.
    pub matched: Vec<String>,
    /// The invitees it matched to nobody (their address, or name).
    pub unmatched: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
}

/// A calendar read against the portfolio: what importing it would do.
#[derive(Debug, Clone, Default)]
pub struct IcsImport {
    /// One line per meeting, in file order.
    pub lines: Vec<Line>,
    /// The conversations to add, ready for `Store::merge`.
    pub records: Snapshot,
}

/// Asks which account a meeting goes to: given the meeting ("2026-11-05
/// Quarterly review") and one choice per account (its name and the
/// people of it invited), answers the index of the one chosen, or `None`
/// to leave the meeting out.
pub type Ask<'a> = &'a mut dyn FnMut(&str, &[String]) -> Option<usize>;

/// How a meeting whose invitees belong to several accounts is settled.
pub enum Settle<'a> {
    /// It goes to this account, when its people were invited
    /// (`--account`).
    To(Id),
    /// It is left out; the words say what to do about it, e.g. "pass
    /// --account to choose".
    LeaveOut(&'static str),
    /// The user is asked, meeting by meeting.
    Ask(Ask<'a>),
}

/// Plans the import of `meetings` into `existing`; `settle` says where a
/// meeting whose invitees belong to several accounts goes.
pub fn plan(
    meetings: &[Meeting],
    existing: &Snapshot,
    mut settle: Settle<'_>,
    now: DateTime<Utc>,
) -> IcsImport {
    let known: BTreeSet<Id> = existing.conversations.iter().map(|c| c.id).collect();
    let mut out = IcsImport::default();
    for meeting in meetings {
        let (line, conversation) = one(meeting, existing, &mut settle, &known, now);
        if let Some(c) =
            conversation.filter(|c| !out.records.conversations.iter().any(|o| o.id == c.id))
        {
            out.records.conversations.push(c);
        }
        out.lines.push(line);
    }
    out
}

/// The line and, when it is new, the conversation of `meeting`.
fn one(
    meeting: &Meeting,
    existing: &Snapshot,
    settle: &mut Settle<'_>,
    known: &BTreeSet<Id>,
    now: DateTime<Utc>,
) -> (Line, Option<Conversation>) {
    let mut line = Line {
        meeting: format!("{} {}", meeting.date(), meeting.subject),
        account: None,
        matched: Vec::new(),
        unmatched: Vec::new(),
        outcome: Outcome::Added,
    };
    if meeting.cancelled {
        line.outcome = Outcome::LeftOut("cancelled".into());
        return (line, None);
    }
    let mut people: Vec<&Stakeholder> = Vec::new();
    for invitee in &meeting.people {
        match stakeholder(invitee, &existing.stakeholders) {
            Some(s) if !people.iter().any(|p| p.id == s.id) => people.push(s),
            Some(_) => {}
            None => line.unmatched.push(if invitee.email.is_empty() {
                invitee.name.clone()
            } else {
                invitee.email.clone()
            }),
        }
    }
    let accounts: Vec<&Account> = existing
        .accounts
        .iter()
        .filter(|a| people.iter().any(|p| p.account_id == a.id))
        .collect();
    let several = || {
        let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
        format!(
            "people of several accounts were invited ({})",
            names.join(", ")
        )
    };
    let chosen = match (accounts.as_slice(), settle) {
        ([], _) => Err(format!(
            "nobody invited is a stakeholder ({} invited)",
            meeting.people.len()
        )),
        (_, Settle::To(id)) => accounts
            .iter()
            .find(|a| a.id == *id)
            .copied()
            .ok_or_else(|| "none of the given account's people were invited".into()),
        ([one], _) => Ok(*one),
        (_, Settle::LeaveOut(advice)) => Err(format!("{}; {advice}", several())),
        (many, Settle::Ask(ask)) => {
            let choices: Vec<String> = many
                .iter()
                .map(|a| {
                    let invited: Vec<&str> = people
                        .iter()
                        .filter(|p| p.account_id == a.id)
                        .map(|p| p.name.as_str())
                        .collect();
                    format!("{} ({})", a.name, invited.join(", "))
                })
                .collect();
            ask(&line.meeting, &choices)
                .and_then(|n| many.get(n).copied())
                .ok_or_else(|| format!("{}; you left it out", several()))
        }
    };
    let account = match chosen {
        Ok(a) => a,
        Err(why) => {
            line.outcome = Outcome::LeftOut(why);
            return (line, None);
        }
    };
    line.account = Some(account.name.clone());
    let attendees: Vec<&Stakeholder> = people
        .into_iter()
        .filter(|p| p.account_id == account.id)
        .collect();
    line.matched = attendees.iter().map(|p| p.name.clone()).collect();
    let id = Id::named(account.id, &meeting.key);
    if known.contains(&id) {
        line.outcome = Outcome::AlreadyThere;
        return (line, None);
    }
    let mut c = Conversation::new(account.id, meeting.date(), meeting.subject.clone());
    c.id = id;
    c.attendees = attendees.iter().map(|p| p.id).collect();
    c.summary = meeting.description.trim_end().to_string();
    c.non_billable_hours = (meeting.hours * 100.0).round() / 100.0;
    c.created_at = now;
    c.updated_at = now;
    (line, Some(c))
}

/// The stakeholder `invitee` is: the one with their email address, else
/// the one person in the portfolio their name names ("Family, Given" read
/// both ways).
fn stakeholder<'a>(invitee: &Invitee, people: &'a [Stakeholder]) -> Option<&'a Stakeholder> {
    if !invitee.email.is_empty() {
        let email = key(&invitee.email);
        if let Some(s) = people.iter().find(|s| key(&s.email) == email) {
            return Some(s);
        }
    }
    let name = invitee.name.trim();
    if name.is_empty() || name.contains('@') {
        return None;
    }
    let turned = match name.split_once(',') {
        Some((family, given)) => format!("{} {}", given.trim(), family.trim()),
        None => name.to_string(),
    };
    // Each stakeholder by their name, and without the titles before it
    // ("Dr. Katrin Sörensen" as "Katrin Sörensen").
    let names: Vec<(Id, &str)> = people
        .iter()
        .flat_map(|s| {
            let bare = without_titles(&s.name);
            let short = (bare != s.name).then_some((s.id, bare));
            std::iter::once((s.id, s.name.as_str())).chain(short)
        })
        .collect();
    let id = [name, turned.as_str()]
        .iter()
        .find_map(|text| person_named(text, names.iter().copied()))?;
    people.iter().find(|s| s.id == id)
}

/// `name` without the titles before it: the leading words that end in a
/// full stop, such as "Dr." or "Prof.".
fn without_titles(name: &str) -> &str {
    let mut rest = name.trim_start();
    while let Some((word, after)) = rest.split_once(char::is_whitespace) {
        if word.len() > 1 && word.ends_with('.') && !after.trim().is_empty() {
            rest = after.trim_start();
        } else {
            break;
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn meeting(key: &str, subject: &str, people: &[(&str, &str)]) -> Meeting {
        Meeting {
            key: key.into(),
            start: NaiveDate::from_ymd_opt(2026, 11, 5)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            all_day: false,
            hours: 1.5,
            subject: subject.into(),
            description: "Agenda\n".into(),
            people: people
                .iter()
                .map(|(name, email)| Invitee {
                    email: email.to_string(),
                    name: name.to_string(),
                })
                .collect(),
            cancelled: false,
        }
    }

    fn portfolio() -> Snapshot {
        let (nordmole, brennholt) = (Account::new("Nordmole"), Account::new("Brennholt"));
        let mut jens = Stakeholder::new(nordmole.id, "Jens Ahlgrimm");
        jens.email = "j.ahlgrimm@nordmole.de".into();
        let katrin = Stakeholder::new(nordmole.id, "Dr. Katrin Sörensen");
        let dieter = Stakeholder::new(brennholt.id, "Dieter Vogel");
        Snapshot {
            accounts: vec![nordmole, brennholt],
            stakeholders: vec![jens, katrin, dieter],
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_meeting_with_one_accounts_people_becomes_its_conversation() {
        let existing = portfolio();
        let m = meeting(
            "uid-1",
            "Quarterly review",
            &[
                ("Brenner, Laura", "laura@example.com"),
                ("Ahlgrimm, Jens", "J.Ahlgrimm@nordmole.de"),
                ("Sörensen, Katrin", "katrin@private.example"),
            ],
        );
        let import = plan(&[m], &existing, Settle::LeaveOut("-"), Utc::now());
        let line = &import.lines[0];
        assert_eq!(line.outcome, Outcome::Added);
        assert_eq!(line.account.as_deref(), Some("Nordmole"));
        assert_eq!(line.matched, ["Jens Ahlgrimm", "Dr. Katrin Sörensen"]);
        assert_eq!(line.unmatched, ["laura@example.com"]);
        let c = &import.records.conversations[0];
        assert_eq!(
            (c.forum.as_str(), c.summary.as_str()),
            ("Quarterly review", "Agenda")
        );
        assert_eq!(c.non_billable_hours, 1.5);
        assert_eq!(c.attendees.len(), 2);
        assert_eq!(c.id, Id::named(existing.accounts[0].id, "uid-1"));

        let mut again = existing.clone();
        again.conversations.push(c.clone());
        let m = meeting(
            "uid-1",
            "Quarterly review",
            &[("", "j.ahlgrimm@nordmole.de")],
        );
        let import = plan(&[m], &again, Settle::LeaveOut("-"), Utc::now());
        assert_eq!(import.lines[0].outcome, Outcome::AlreadyThere);
        assert!(import.records.conversations.is_empty());
    }

    #[test]
    fn cancelled_internal_and_mixed_meetings_are_left_out_with_their_reason() {
        let existing = portfolio();
        let mut cancelled = meeting("a", "Call", &[("", "j.ahlgrimm@nordmole.de")]);
        cancelled.cancelled = true;
        let internal = meeting("b", "Prep", &[("Laura Brenner", "laura@example.com")]);
        let mixed = meeting("c", "Fair", &[("Jens Ahlgrimm", ""), ("Dieter Vogel", "")]);
        let import = plan(
            &[cancelled, internal, mixed.clone()],
            &existing,
            Settle::LeaveOut("pass --account to choose"),
            Utc::now(),
        );
        let reasons: Vec<String> = import
            .lines
            .iter()
            .map(|l| match &l.outcome {
                Outcome::LeftOut(why) => why.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "cancelled",
                "nobody invited is a stakeholder (1 invited)",
                "people of several accounts were invited (Nordmole, Brennholt); pass --account to choose",
            ]
        );
        let brennholt = existing.accounts[1].id;
        let import = plan(
            std::slice::from_ref(&mixed),
            &existing,
            Settle::To(brennholt),
            Utc::now(),
        );
        assert_eq!(import.lines[0].account.as_deref(), Some("Brennholt"));
        assert_eq!(import.lines[0].matched, ["Dieter Vogel"]);
    }

    #[test]
    fn a_mixed_meeting_goes_where_the_user_answers_or_is_left_out() {
        let existing = portfolio();
        let mixed = meeting("c", "Fair", &[("Jens Ahlgrimm", ""), ("Dieter Vogel", "")]);
        let single = meeting("d", "Call", &[("Jens Ahlgrimm", "")]);
        let mut asked = Vec::new();
        let mut answers = vec![None, Some(1)];
        let mut ask = |meeting: &str, choices: &[String]| {
            asked.push((meeting.to_owned(), choices.to_vec()));
            answers.pop().flatten()
        };
        let again = meeting("e", "Fair", &[("Jens Ahlgrimm", ""), ("Dieter Vogel", "")]);
        let meetings = [mixed, single, again];
        let import = plan(&meetings, &existing, Settle::Ask(&mut ask), Utc::now());
        assert_eq!(import.lines[0].account.as_deref(), Some("Brennholt"));
        assert_eq!(import.lines[1].account.as_deref(), Some("Nordmole"));
        assert_eq!(
            import.lines[2].outcome,
            Outcome::LeftOut(
                "people of several accounts were invited (Nordmole, Brennholt); you left it out"
                    .into()
            )
        );
        assert_eq!(
            asked.len(),
            2,
            "a meeting of one account is not asked about"
        );
        assert_eq!(asked[0].0, "2026-11-05 Fair");
        assert_eq!(
            asked[0].1,
            ["Nordmole (Jens Ahlgrimm)", "Brennholt (Dieter Vogel)"]
        );
    }
}
