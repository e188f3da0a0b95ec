//! The matching test: can the manager pair each of the customer's problems
//! (in the customer's words) with our solution to it (in ours)? If not, we
//! are not yet a solutions provider.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::id::Id;

/// The share of correct pairs from which we count as a solutions provider.
pub const PASS_PERCENT: u32 = 80;

/// The dated score of one matching test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchingResult {
    /// Stable id.
    pub id: Id,
    /// The account tested.
    pub account_id: Id,
    /// When the test was taken (UTC).
    pub taken_at: DateTime<Utc>,
    /// How many pairs there were to find.
    pub total: u32,
    /// How many the user found.
    pub correct: u32,
}

impl MatchingResult {
    /// A result taken now.
    pub fn new(account_id: Id, total: u32, correct: u32) -> Self {
        Self {
            id: Id::new(),
            account_id,
            taken_at: Utc::now(),
            total,
            correct: correct.min(total),
        }
    }

    /// The share of correct pairs, 0 to 100.
    pub fn percent(&self) -> u32 {
        if self.total == 0 {
            0
        } else {
            (f64::from(self.correct) * 100.0 / f64::from(self.total)).round() as u32
        }
    }

    /// Whether the score shows we are a solutions provider.
    pub fn passed(&self) -> bool {
        self.total > 0 && self.percent() >= PASS_PERCENT
    }

    /// The verdict in one sentence.
    pub fn verdict(&self) -> &'static str {
        if self.passed() {
            "Problems and solutions match: we act as a solutions provider here."
        } else {
            "Problems and solutions do not match up: we are not yet a solutions provider here."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verdict_follows_the_share_of_correct_pairs() {
        let id = Id::new();
        assert_eq!(MatchingResult::new(id, 5, 4).percent(), 80);
        assert!(MatchingResult::new(id, 5, 4).passed());
        assert!(!MatchingResult::new(id, 3, 2).passed()); // 67 %
        assert!(!MatchingResult::new(id, 0, 0).passed());
        assert_eq!(MatchingResult::new(id, 2, 7).correct, 2);
    }
}
