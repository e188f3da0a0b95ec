//! A field naming a person on the customer's side: free text, with the
//! account's stakeholders offered as the name is typed. The text is kept
//! whatever it says; when it names one stakeholder it links to them, and a
//! name that is nobody's can be added as a new stakeholder in the same
//! save.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::domain::people::person_named;
use crate::domain::search::fold;
use crate::domain::{Id, Stakeholder};
use crate::text;

/// The most stakeholders offered at once.
const MAX_OFFERED: usize = 5;

/// A stakeholder as the picker offers them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Person {
    /// Their id.
    pub id: Id,
    /// Their name.
    pub name: String,
    /// "Name · Title", one line.
    pub label: String,
}

/// What a person field may offer under the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Offer {
    /// A stakeholder whose name holds the text.
    Person(Person),
    /// Adding the text as a new stakeholder.
    Add(String),
}

/// The text of a person field and the account's people it may name.
#[derive(Debug)]
pub(crate) struct PersonPicker {
    /// The name as typed.
    pub area: TextArea<'static>,
    /// The account the people belong to, and a new one joins.
    account: Id,
    /// The account's stakeholders.
    people: Vec<Person>,
    /// The stakeholder the record pointed at when the form opened.
    original: Option<Id>,
    /// The highlighted offer, if any.
    pub highlight: Option<usize>,
    /// The text chosen to be added as a new stakeholder; it counts while
    /// the text is unchanged.
    adding: Option<String>,
}

/// Who a person field names, as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Named {
    /// Nobody: the field is empty.
    Nobody,
    /// Text that is not (yet) a person of the account.
    Text(String),
    /// A stakeholder of the account; the text as typed.
    Person(Id, String),
    /// A new stakeholder to add, by this name.
    New(String),
}

impl PersonPicker {
    /// A picker holding `text`, linked to `linked`, offering `people`, the
    /// stakeholders of `account`.
    pub fn new(
        area: TextArea<'static>,
        linked: Option<Id>,
        account: Id,
        people: &[Stakeholder],
    ) -> Self {
        let people = people
            .iter()
            .map(|s| Person {
                id: s.id,
                name: s.name.clone(),
                label: label(s),
            })
            .collect();
        Self {
            area,
            account,
            people,
            original: linked,
            highlight: None,
            adding: None,
        }
    }

    /// The account a new stakeholder joins.
    pub fn account(&self) -> Id {
        self.account
    }

    /// The text as typed.
    pub fn text(&self) -> String {
        self.area.lines().join(" ")
    }

    /// Whether the text is to be added as a new stakeholder.
    pub fn is_adding(&self) -> bool {
        let text = self.text();
        self.adding.as_deref() == Some(text.trim()) && !text.trim().is_empty()
    }

    /// The stakeholder the text names, if exactly one.
    fn named(&self) -> Option<Id> {
        person_named(
            &self.text(),
            self.people.iter().map(|p| (p.id, p.name.as_str())),
        )
    }

    /// Who the field names. `unchanged` keeps what the record had when the
    /// form opened: its link, even to someone the account no longer lists,
    /// or its text.
    pub fn read(&self, unchanged: bool) -> Named {
        let text = self.text().trim().to_owned();
        if text.is_empty() {
            Named::Nobody
        } else if unchanged {
            match self.original {
                Some(id) => Named::Person(id, text),
                None => Named::Text(text),
            }
        } else if let Some(id) = self.named() {
            Named::Person(id, text)
        } else if self.is_adding() {
            Named::New(text)
        } else {
            Named::Text(text)
        }
    }

    /// The stakeholder the text names, with their label, for display.
    pub fn linked(&self) -> Option<&Person> {
        let id = self
            .named()
            .or(self.original.filter(|_| !self.text().trim().is_empty()))?;
        self.people.iter().find(|p| p.id == id)
    }

    /// What to offer under the text: stakeholders whose name holds it
    /// (whatever the case and accents), then adding it as a new one when
    /// it names nobody. Nothing once it names a stakeholder or is chosen
    /// to be added.
    pub fn offers(&self) -> Vec<Offer> {
        let typed = self.text();
        let typed = typed.trim();
        if typed.is_empty() || self.named().is_some() || self.is_adding() {
            return Vec::new();
        }
        let needle: String = typed.chars().map(fold).collect();
        let mut offers: Vec<Offer> = self
            .people
            .iter()
            .filter(|p| {
                p.name
                    .chars()
                    .map(fold)
                    .collect::<String>()
                    .contains(&needle)
            })
            .take(MAX_OFFERED)
            .cloned()
            .map(Offer::Person)
            .collect();
        offers.push(Offer::Add(typed.to_owned()));
        offers
    }

    /// Down and Up move the highlight through the offers; `false` when it
    /// could not move, so that the form moves to the neighbouring field.
    pub fn move_highlight(&mut self, up: bool) -> bool {
        let count = self.offers().len();
        let next = match (self.highlight, up) {
            (None, false) if count > 0 => Some(Some(0)),
            (Some(i), false) if i + 1 < count => Some(Some(i + 1)),
            (Some(0), true) => Some(None),
            (Some(i), true) => Some(Some(i - 1)),
            _ => None,
        };
        next.map(|n| self.highlight = n).is_some()
    }

    /// Whether Enter picks a highlighted offer rather than moving on.
    pub fn takes_enter(&self) -> bool {
        self.highlight.is_some()
    }

    /// Enter on a highlighted offer picks it: a stakeholder's name
    /// replaces the text, or the text is marked to be added. `true` when a
    /// key was taken.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        if key.code != KeyCode::Enter {
            return false;
        }
        let Some(offer) = self.highlight.and_then(|i| self.offers().get(i).cloned()) else {
            return false;
        };
        match offer {
            Offer::Person(p) => {
                self.area.select_all();
                self.area.insert_str(&p.name);
            }
            Offer::Add(name) => self.adding = Some(name),
        }
        self.highlight = None;
        true
    }

    /// Forgets the highlight, as the text changes or the field loses focus.
    pub fn reset_highlight(&mut self) {
        self.highlight = None;
    }
}

/// "Name · Title", one line.
fn label(s: &Stakeholder) -> String {
    let name = text::first_line(&s.name);
    if s.title.trim().is_empty() {
        name
    } else {
        format!("{name} · {}", text::first_line(&s.title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::forms::field::Field;
    use crossterm::event::KeyModifiers;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn people() -> Vec<Stakeholder> {
        let account = Id::new();
        let mut helene = Stakeholder::new(account, "Hélène Marchand");
        helene.title = "Group Technical Director".into();
        vec![helene, Stakeholder::new(account, "Henrik Lund")]
    }

    fn picker(field: &Field) -> &PersonPicker {
        match &field.input {
            crate::tui::screens::forms::field::Input::Person(p) => p,
            _ => panic!("not a person field"),
        }
    }

    #[test]
    fn typing_offers_the_people_whose_name_holds_it_then_adding() {
        let people = people();
        let mut f = Field::person(
            "said_by",
            "Said by",
            "",
            None,
            people[0].account_id,
            &people,
        );
        f.enter(true);
        f.type_text("he");
        let offers = picker(&f).offers();
        assert_eq!(offers.len(), 3, "{offers:?}");
        assert!(
            matches!(&offers[0], Offer::Person(p) if p.label == "Hélène Marchand · Group Technical Director")
        );
        assert_eq!(offers[2], Offer::Add("he".into()));
        f.type_text("lene");
        assert_eq!(picker(&f).offers().len(), 2, "Hélène, and adding");
    }

    #[test]
    fn picking_an_offer_links_the_person() {
        let people = people();
        let mut f = Field::person(
            "said_by",
            "Said by",
            "",
            None,
            people[0].account_id,
            &people,
        );
        f.enter(true);
        f.type_text("marc");
        assert_eq!(picker(&f).read(false), Named::Text("marc".into()));
        assert!(f.move_vertically(false), "Down highlights the first offer");
        assert!(f.takes_enter());
        f.key(press(KeyCode::Enter));
        assert_eq!(f.text(), "Hélène Marchand");
        assert_eq!(
            picker(&f).read(false),
            Named::Person(people[0].id, "Hélène Marchand".into())
        );
        assert!(picker(&f).offers().is_empty());
    }

    #[test]
    fn a_new_name_is_added_only_when_chosen_and_stays_text_otherwise() {
        let people = people();
        let mut f = Field::person(
            "said_by",
            "Said by",
            "",
            None,
            people[0].account_id,
            &people,
        );
        f.enter(true);
        f.type_text("Paul Rey");
        assert_eq!(picker(&f).read(false), Named::Text("Paul Rey".into()));
        assert!(f.move_vertically(false));
        f.key(press(KeyCode::Enter));
        assert_eq!(picker(&f).read(false), Named::New("Paul Rey".into()));
        assert!(f.changed());
        f.type_text("x");
        assert_eq!(
            picker(&f).read(false),
            Named::Text("Paul Reyx".into()),
            "a changed name is no longer the one chosen"
        );
    }

    #[test]
    fn an_untouched_field_keeps_its_link() {
        let people = people();
        let gone = Id::new();
        let f = Field::person(
            "said_by",
            "Said by",
            "Old Name",
            Some(gone),
            people[0].account_id,
            &people,
        );
        assert_eq!(
            picker(&f).read(true),
            Named::Person(gone, "Old Name".into())
        );
        assert_eq!(picker(&f).read(false), Named::Text("Old Name".into()));
    }
}
