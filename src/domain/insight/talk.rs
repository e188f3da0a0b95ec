//! The mix of conversations: are we talking about the customer's future?

use std::collections::HashSet;

use chrono::NaiveDate;

use super::Facts;
use crate::domain::dates::days_between;
use crate::domain::{Conversation, TimeFrame};

/// How many days of conversations the mix covers.
pub const WINDOW_DAYS: i64 = 90;

/// Whether `conversation` falls in the last [`WINDOW_DAYS`] days up to
/// `today`: dated after `today − 90 days` and not after `today`.
pub fn in_window(conversation: &Conversation, today: NaiveDate) -> bool {
    (0..WINDOW_DAYS).contains(&days_between(conversation.date, today))
}

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
    /// The mix of `facts` on `today`: the conversations dated after
    /// `today − 90 days` and not after `today` (see [`in_window`]).
    pub fn new(facts: &Facts, today: NaiveDate) -> Self {
        let recent: Vec<&Conversation> = facts
            .conversations
            .iter()
            .filter(|c| in_window(c, today))
            .collect();
        let count = |frame: TimeFrame| recent.iter().filter(|c| c.time_frame == frame).count();
        let forums: HashSet<String> = recent
            .iter()
            .map(|c| c.forum.trim().to_lowercase())
            .collect();
        let (total, past) = (recent.len(), count(TimeFrame::Past));
        Self {
            total,
            past,
            present: count(TimeFrame::Present),
            future: count(TimeFrame::Future),
            forums: forums.len(),
            past_focused: past * 2 > total,
        }
    }

    /// The share of conversations about the future, 0 to 100, rounded;
    /// `None` without conversations.
    pub fn future_percent(&self) -> Option<u8> {
        (self.total > 0).then(|| (self.future as f64 * 100.0 / self.total as f64).round() as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::insight::facts::fixtures::{d, facts};

    fn talk(list: &[(&str, &str, TimeFrame)]) -> TalkMix {
        let mut f = facts();
        let account = f.account.id;
        f.conversations = list
            .iter()
            .map(|(date, forum, frame)| {
                let mut c = Conversation::new(account, d(date), *forum);
                c.time_frame = *frame;
                c
            })
            .collect();
        TalkMix::new(&f, d("2026-11-23"))
    }

    #[test]
    fn counts_the_last_90_days_by_time_frame_and_forum() {
        use TimeFrame::*;
        // today − 90 days = 2026-08-25, which is outside; 2026-08-26 is in.
        let mix = talk(&[
            ("2026-11-24", "Engineering", Future), // tomorrow: not yet
            ("2026-11-20", "Purchasing", Past),
            ("2026-10-02", "purchasing ", Future),
            ("2026-09-15", "Executive review", Present),
            ("2026-08-26", "Engineering", Future),
            ("2026-08-25", "Quality", Past),
        ]);
        assert_eq!((mix.total, mix.past, mix.present, mix.future), (4, 1, 1, 2));
        assert_eq!(mix.forums, 3, "Purchasing counted once, Quality too old");
        assert!(!mix.past_focused);
        assert_eq!(mix.future_percent(), Some(50));
    }

    #[test]
    fn past_focus_needs_more_than_half() {
        use TimeFrame::*;
        let half = talk(&[
            ("2026-11-20", "Purchasing", Past),
            ("2026-11-19", "Purchasing", Present),
        ]);
        assert!(!half.past_focused, "exactly half is not more than half");
        let most = talk(&[
            ("2026-11-20", "Purchasing", Past),
            ("2026-11-19", "Purchasing", Past),
            ("2026-11-18", "Engineering", Future),
        ]);
        assert!(most.past_focused);
        // 1 of 3 = 33.3 %.
        assert_eq!(most.future_percent(), Some(33));
    }

    #[test]
    fn no_conversation_has_no_share() {
        let mix = talk(&[]);
        assert_eq!((mix.total, mix.forums), (0, 0));
        assert!(!mix.past_focused);
        assert_eq!(mix.future_percent(), None);
    }
}
