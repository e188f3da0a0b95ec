//! Contacts from an address book, and an account's people back out, as
//! vCards (RFC 2426 version 3.0 and RFC 6350 version 4.0).
//!
//! Outlook, Google Contacts and Apple Contacts write the same few
//! properties differently: Google and Apple group an address with its
//! label (`item1.EMAIL`), Apple marks the preferred one with `type=pref`,
//! version 4.0 with `PREF=1`, and 4.0 may write a phone as a `tel:` URI;
//! Outlook writes `N` and `ORG` with a trailing empty component. A card
//! becomes a stakeholder of the account its organisation names (or the
//! account given), matched by email, then by name, through
//! [`People`](super::people::People): an existing person is completed,
//! never overwritten.

use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, Utc};

use super::blocks;
use super::people::{Difference, Merged, People, Person};
use crate::domain::account::{NameMatch, match_name};
use crate::domain::{Account, Id, Stakeholder};
use crate::store::Snapshot;

/// How deep the blocks of a contacts file nest: a card holds no other.
const CARD_DEPTH: usize = 1;

/// One contact as the file gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Card {
    /// The person, with their preferred (or first) email and phone.
    pub person: Person,
    /// The organisation they work for, as written (`ORG`'s first part).
    pub organisation: String,
}

/// Why a file cannot be read as contacts at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VcardError {
    /// Nothing in the file is a vCard.
    #[error("no contact found: a contacts file holds BEGIN:VCARD … END:VCARD blocks")]
    NoCards,
    /// A card is cut off or broken.
    #[error("contact {0} is broken ({1}); export the contacts again")]
    Broken(usize, String),
}

/// Reads every card of `text`.
pub fn read(text: &str) -> Result<Vec<Card>, VcardError> {
    let mut parser = Parser::new(text);
    let mut cards = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(card) => cards.push(card_of(&card)),
            Entry::Eof => break,
            Entry::InvalidLine(_) => {}
            other => {
                let why = match other {
                    Entry::ICalendar(_) => "a calendar, not a contact".to_string(),
                    Entry::UnexpectedComponentEnd { found, .. } => {
                        format!("unexpected END:{}", found.as_str())
                    }
                    Entry::UnterminatedComponent(what) => match blocks::check(text, CARD_DEPTH) {
                        Err(e) => return Err(VcardError::Broken(e.outer(), e.to_string())),
                        Ok(()) => format!("no END:{what}"),
                    },
                    _ => "nested too deeply".to_string(),
                };
                return Err(VcardError::Broken(cards.len() + 1, why));
            }
        }
    }
    if cards.is_empty() {
        return Err(VcardError::NoCards);
    }
    blocks::check(text, CARD_DEPTH).map_err(|e| VcardError::Broken(e.outer(), e.to_string()))?;
    Ok(cards)
}

/// The fields kam keeps of `card`.
fn card_of(card: &VCard) -> Card {
    let name = first_text(card, &VCardProperty::Fn)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| name_from_parts(card));
    let phone = preferred(card, &VCardProperty::Tel)
        .map(|tel| tel.trim_start_matches("tel:").trim().to_string())
        .unwrap_or_default();
    Card {
        person: Person {
            name,
            title: first_text(card, &VCardProperty::Title).unwrap_or_default(),
            email: preferred(card, &VCardProperty::Email).unwrap_or_default(),
            phone,
        },
        organisation: first_text(card, &VCardProperty::Org).unwrap_or_default(),
    }
}

/// The first value of the first `property`, trimmed.
fn first_text(card: &VCard, property: &VCardProperty) -> Option<String> {
    let entry = card.property(property)?;
    entry
        .values
        .first()
        .and_then(VCardValue::as_text)
        .map(|t| t.trim().to_string())
}

/// "Given Family" from `N` (family; given; additional; prefix; suffix).
fn name_from_parts(card: &VCard) -> String {
    let Some(n) = card.property(&VCardProperty::N) else {
        return String::new();
    };
    let part = |i: usize| n.values.get(i).and_then(VCardValue::as_text).unwrap_or("");
    [part(3), part(1), part(2), part(0), part(4)]
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The value of the preferred `property` (`PREF=1`, or `TYPE=pref`), else
/// of the first.
fn preferred(card: &VCard, property: &VCardProperty) -> Option<String> {
    let rank = |e: &VCardEntry| {
        let pref = e.params.iter().find_map(|p| match (&p.name, &p.value) {
            (VCardParameterName::Pref, VCardParameterValue::Integer(n)) => Some(*n),
            (VCardParameterName::Pref, v) => v.as_text()?.parse().ok(),
            (VCardParameterName::Type, v) => v.as_text()?.eq_ignore_ascii_case("pref").then_some(1),
            _ => None,
        });
        pref.unwrap_or(u32::MAX)
    };
    card.properties(property)
        .filter_map(|e| Some((rank(e), e.values.first()?.as_text()?.trim().to_string())))
        .filter(|(_, v)| !v.is_empty())
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, v)| v)
}

/// What importing one card does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new stakeholder of the account.
    Added,
    /// An existing stakeholder, with the fields kam had empty filled in.
    Completed(Vec<&'static str>),
    /// An existing stakeholder, as it was; where the card says otherwise.
    Unchanged(Vec<Difference>),
    /// Not imported, and why.
    LeftOut(String),
}

/// One card's line in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The person's name as the card gives it (or "(no name)").
    pub name: String,
    /// The account they went to, if any.
    pub account: Option<String>,
    /// What happened.
    pub outcome: Outcome,
}

/// A contacts file read against the portfolio: what it would do.
#[derive(Debug, Clone, Default)]
pub struct VcfImport {
    /// One line per card, in file order.
    pub lines: Vec<Line>,
    /// The stakeholders to add or complete (and those named but unchanged),
    /// ready for `Store::merge`.
    pub records: Snapshot,
}

/// Plans the import of `cards` into `existing`: each card goes to the
/// account `account` when given, else to the account its organisation
/// names without ambiguity.
pub fn plan(
    cards: Vec<Card>,
    existing: &Snapshot,
    account: Option<Id>,
    now: DateTime<Utc>,
) -> VcfImport {
    let mut people = People::new(&existing.stakeholders, now);
    let mut lines = Vec::new();
    for card in cards {
        let name = if card.person.name.is_empty() {
            "(no name)".to_string()
        } else {
            card.person.name.clone()
        };
        let target = match account {
            Some(id) => existing
                .accounts
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| "the account given is not in the database".to_string()),
            None => account_of(&existing.accounts, &card.organisation),
        };
        let line = match (target, card.person.name.is_empty()) {
            (_, true) => Line {
                name,
                account: None,
                outcome: Outcome::LeftOut("the card has no name".into()),
            },
            (Err(why), false) => Line {
                name,
                account: None,
                outcome: Outcome::LeftOut(why),
            },
            (Ok(a), false) => {
                let (_, merged) = people.merge(a.id, card.person);
                Line {
                    name,
                    account: Some(a.name.clone()),
                    outcome: match merged {
                        Merged::Added => Outcome::Added,
                        Merged::Completed(fields) => Outcome::Completed(fields),
                        Merged::Unchanged(differences) => Outcome::Unchanged(differences),
                    },
                }
            }
        };
        lines.push(line);
    }
    VcfImport {
        lines,
        records: Snapshot {
            stakeholders: people.named(),
            ..Snapshot::default()
        },
    }
}

/// The account `organisation` names, or why there is none.
fn account_of<'a>(accounts: &'a [Account], organisation: &str) -> Result<&'a Account, String> {
    if organisation.trim().is_empty() {
        return Err("no organisation on the card; pass --account to choose one".into());
    }
    match match_name(accounts, organisation) {
        NameMatch::One(a) => Ok(a),
        NameMatch::None => Err(format!(
            "no account is named “{organisation}”; pass --account to choose one"
        )),
        NameMatch::Many(many) => Err(format!(
            "“{organisation}” names {}; pass --account to choose one",
            many.iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The people of `account` as vCards 4.0, one per stakeholder: name,
/// organisation, title, email and phone, and the stakeholder's id as UID,
/// so that an address book updates them on a second import.
pub fn write(account: &Account, people: &[Stakeholder]) -> String {
    let mut out = String::new();
    for person in people {
        let mut card = VCard::default();
        let mut add = |property: VCardProperty, value: &str| {
            if !value.trim().is_empty() {
                card.entries
                    .push(VCardEntry::new(property).with_value(value.to_string()));
            }
        };
        add(VCardProperty::Uid, &format!("urn:uuid:{}", person.id));
        add(VCardProperty::Fn, &person.name);
        add(VCardProperty::Org, &account.name);
        add(VCardProperty::Title, &person.title);
        add(VCardProperty::Email, &person.email);
        add(VCardProperty::Tel, &person.phone);
        // Writing to a String cannot fail.
        let _ = card.write_to(&mut out, calcard::vcard::VCardVersion::V4_0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_card_gives_its_name_title_organisation_and_preferred_addresses() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Berg;Anna;;Dr.;\r\nFN:Dr. Anna Berg\r\n\
                    ORG:Nordwerk GmbH;Maintenance\r\nTITLE:Head of Maintenance\r\n\
                    item1.EMAIL;type=INTERNET:anna.private@example.org\r\n\
                    item2.EMAIL;type=INTERNET;type=WORK;type=pref:anna.berg@nordwerk.de\r\n\
                    TEL;type=CELL:+49 170 555 0101\r\nEND:VCARD\r\n";
        let cards = read(text).unwrap();
        assert_eq!(
            cards,
            [Card {
                person: Person {
                    name: "Dr. Anna Berg".into(),
                    title: "Head of Maintenance".into(),
                    email: "anna.berg@nordwerk.de".into(),
                    phone: "+49 170 555 0101".into(),
                },
                organisation: "Nordwerk GmbH".into(),
            }]
        );
    }

    #[test]
    fn a_version_4_card_without_a_full_name_is_named_from_its_parts() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nN:Kahl;Ben;;;\nEMAIL;PREF=2:b@x.de\n\
                    EMAIL;PREF=1:ben.kahl@nordwerk.de\nTEL;VALUE=uri:tel:+49-30-1234\nEND:VCARD\n";
        let card = &read(text).unwrap()[0];
        assert_eq!(card.person.name, "Ben Kahl");
        assert_eq!(card.person.email, "ben.kahl@nordwerk.de");
        assert_eq!(card.person.phone, "+49-30-1234");
    }

    #[test]
    fn a_phone_uri_is_read_without_the_white_space_after_its_scheme() {
        // Found by fuzzing: `tel:` and a vertical tab left the tab in the
        // number, which the card kam writes of it did not keep.
        let text = "BEGIN:VCARD\nVERSION:4.0\nFN:Katrin\n\
                    TEL;VALUE=uri;TYPE6\"voice,cell\":tel:\u{b}49-160-555-0310\nEND:VCARD\n";
        let card = &read(text).unwrap()[0];
        assert_eq!(card.person.phone, "49-160-555-0310");
    }

    #[test]
    fn a_file_without_cards_or_with_a_broken_one_is_refused() {
        assert_eq!(read("hello"), Err(VcardError::NoCards));
        let err = read("BEGIN:VCARD\nVERSION:3.0\nFN:Anna").unwrap_err();
        assert!(matches!(err, VcardError::Broken(1, _)), "{err}");
    }

    #[test]
    fn cards_go_to_the_account_their_organisation_names_or_are_left_out() {
        let nordwerk = Account::new("Nordwerk GmbH");
        let (north, northbay) = (Account::new("North Ltd"), Account::new("North Bay"));
        let existing = Snapshot {
            accounts: vec![nordwerk.clone(), north, northbay],
            ..Snapshot::default()
        };
        let card = |name: &str, org: &str| Card {
            person: Person {
                name: name.into(),
                ..Person::default()
            },
            organisation: org.into(),
        };
        let cards = vec![
            card("Anna Berg", "Nordwerk"),
            card("Ben Kahl", "Acme"),
            card("Clara Wolf", "North"),
            card("", "Nordwerk"),
            card("Dora Lang", ""),
        ];
        let import = plan(cards, &existing, None, at("2026-12-01T09:00:00Z"));
        let outcomes: Vec<(&str, Option<&str>, String)> = import
            .lines
            .iter()
            .map(|l| {
                let outcome = match &l.outcome {
                    Outcome::LeftOut(why) => why.clone(),
                    other => format!("{other:?}"),
                };
                (l.name.as_str(), l.account.as_deref(), outcome)
            })
            .collect();
        assert_eq!(
            outcomes[0],
            ("Anna Berg", Some("Nordwerk GmbH"), "Added".into())
        );
        assert!(
            outcomes[1].2.contains("no account is named “Acme”"),
            "{outcomes:?}"
        );
        assert!(
            outcomes[2].2.contains("North Ltd, North Bay"),
            "{outcomes:?}"
        );
        assert_eq!(outcomes[3].2, "the card has no name");
        assert!(outcomes[4].2.contains("no organisation"), "{outcomes:?}");
        assert_eq!(import.records.stakeholders.len(), 1);
        assert_eq!(import.records.stakeholders[0].account_id, nordwerk.id);

        let given = plan(
            vec![card("Ben Kahl", "Acme")],
            &existing,
            Some(nordwerk.id),
            at("2026-12-01T09:00:00Z"),
        );
        assert_eq!(given.lines[0].outcome, Outcome::Added);
    }

    #[test]
    fn written_cards_read_back_as_the_same_people() {
        let account = Account::new("Nordwerk; GmbH, Süd");
        let mut anna = Stakeholder::new(account.id, "Anna Berg");
        anna.title = "Head of Maintenance, Plant 2".into();
        anna.email = "anna@nordwerk.de".into();
        anna.phone = "+49 170 555 0101".into();
        let bare = Stakeholder::new(account.id, "株式会社 田中");
        let text = write(&account, &[anna.clone(), bare]);
        assert!(
            text.contains(&format!("UID:urn:uuid:{}", anna.id)),
            "{text}"
        );
        let cards = read(&text).unwrap();
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].person.title, anna.title);
        assert_eq!(cards[0].person.phone, anna.phone);
        assert_eq!(cards[0].organisation, account.name);
        assert_eq!(cards[1].person.name, "株式会社 田中");
    }
}
