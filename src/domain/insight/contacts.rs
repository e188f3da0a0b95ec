//! Contact with the customer's people: is there a champion, does all
//! contact run through one person, who is past their contact cadence?

use chrono::NaiveDate;

use super::Facts;
use crate::domain::Id;

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
    /// The flags of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let _ = (facts, today);
        todo!()
    }
}
