//! The mix of conversations: are we talking about the customer's future?

use chrono::NaiveDate;

use super::Facts;

/// How many days of conversations the mix covers.
pub const WINDOW_DAYS: i64 = 90;

/// The conversations of the last [`WINDOW_DAYS`] days, by time frame and
/// forum.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkMix {
    /// Conversations in the window.
    pub total: usize,
    /// Of those, about the past.
    pub past: usize,
    /// About the present.
    pub present: usize,
    /// About the future.
    pub future: usize,
    /// Distinct forums (ignoring case).
    pub forums: usize,
    /// Whether more than half the conversations were about the past.
    pub past_focused: bool,
}

impl TalkMix {
    /// The mix of `facts` on `today`.
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let _ = (facts, today);
        todo!()
    }

    /// The share of conversations about the future, 0 to 100; `None`
    /// without conversations.
    pub fn future_percent(&self) -> Option<u8> {
        todo!()
    }
}
