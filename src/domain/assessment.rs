//! The strategic assessment: a dated answer to "is this relationship
//! strategic?", from the signals practice agrees on, the quality of the
//! relationship, its stage and where the customer places us.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::account::RelationshipStage;
use super::choice::{Choice, choice_enum};
use super::id::Id;
use super::validation::{Checker, Invalid};

choice_enum! {
    /// An answer to one of the signal questions.
    pub enum Answer {
        Yes => ("yes", "Yes"),
        Partly => ("partly", "Partly"),
        No => ("no", "No"),
    }
}

impl Answer {
    /// What the answer counts for in the strategic score: 1, ½ or 0.
    pub fn points(self) -> f64 {
        match self {
            Self::Yes => 1.0,
            Self::Partly => 0.5,
            Self::No => 0.0,
        }
    }
}

choice_enum! {
    /// A signal that a relationship is strategic.
    pub enum Signal {
        CallsUsStrategic => ("calls_us_strategic", "They call us a strategic supplier"),
        BringsOpportunities => ("brings_opportunities", "They bring opportunities to us"),
        AsksOurInput => ("asks_our_input", "They ask our input before decisions"),
        CriticalToThem => ("critical_to_them", "We are critical to their performance"),
        SolutionsProvider => ("solutions_provider", "Seen as, and proven, solutions provider"),
        ChampionExists => ("champion_exists", "A champion exists on their side"),
        OpenInvitation => ("open_invitation", "Open invitation inside their walls"),
        ManyForums => ("many_forums", "We meet in many forums"),
    }
}

choice_enum! {
    /// One dimension of relationship quality.
    pub enum Quality {
        Trust => ("trust", "Trust"),
        Commitment => ("commitment", "Commitment"),
        Cooperation => ("cooperation", "Cooperation"),
        InformationExchange => ("information_exchange", "Information exchange"),
    }
}

choice_enum! {
    /// The buy-sell ladder: what the customer buys from us, from price to
    /// partnership.
    pub enum Ladder {
        Commodity => ("commodity", "Commodity"),
        Products => ("products", "Products"),
        Services => ("services", "Services"),
        BusinessIssues => ("business_issues", "Business issues"),
        OrganisationalIssues => ("organisational_issues", "Organisational issues"),
    }
}

/// A score from 1 (poor) to 5 (excellent) with the reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 to 5.
    pub score: u8,
    /// Why, in one line.
    pub reason: String,
}

impl Rating {
    /// A middling 3 without a reason.
    pub fn middling() -> Self {
        Self {
            score: 3,
            reason: String::new(),
        }
    }

    /// What the rating counts for in the strategic score: 1 → 0, 5 → 1.
    pub fn points(&self) -> f64 {
        f64::from(self.score.clamp(1, 5) - 1) / 4.0
    }
}

/// One dated assessment of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Stable id.
    pub id: Id,
    /// The account assessed.
    pub account_id: Id,
    /// When it was made.
    pub date: NaiveDate,
    /// The answer to each [`Signal`], in [`Signal::ALL`] order.
    pub signals: [Answer; 8],
    /// Each [`Quality`] rated, in [`Quality::ALL`] order.
    pub ratings: [Rating; 4],
    /// The relationship's stage.
    pub stage: RelationshipStage,
    /// Where the customer places us on the buy-sell ladder today.
    pub ladder_now: Ladder,
    /// Where we aim to be in three years.
    pub ladder_aim: Ladder,
    /// Anything else worth keeping.
    pub note: String,
    /// When the record was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When the record last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// One item of the strategic score: a signal or a quality rating.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreItem {
    /// E.g. "A champion exists on their side" or "Trust".
    pub label: &'static str,
    /// The answer or score as shown, e.g. "Partly" or "4/5".
    pub value: String,
    /// From 0 to 1.
    pub points: f64,
}

/// What changed from one assessment to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentChange {
    /// The strategic score's change, in points.
    pub score: i32,
    /// Each item whose answer or score changed: label, before, after.
    pub items: Vec<(&'static str, String, String)>,
}

impl Assessment {
    /// A new assessment dated `date`: every signal "no", every rating 3.
    pub fn new(account_id: Id, date: NaiveDate, stage: RelationshipStage) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            account_id,
            date,
            signals: [Answer::No; 8],
            ratings: std::array::from_fn(|_| Rating::middling()),
            stage,
            ladder_now: Ladder::Products,
            ladder_aim: Ladder::BusinessIssues,
            note: String::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// A copy for a new assessment on `date`, starting from this one's
    /// answers.
    pub fn follow_up(&self, date: NaiveDate) -> Self {
        let now = Utc::now();
        Self {
            id: Id::new(),
            date,
            created_at: now,
            updated_at: now,
            ..self.clone()
        }
    }

    /// The answer to `signal`.
    pub fn answer(&self, signal: Signal) -> Answer {
        self.signals[signal.index()]
    }

    /// The rating of `quality`.
    pub fn rating(&self, quality: Quality) -> &Rating {
        &self.ratings[quality.index()]
    }

    /// Checks every field; the errors name the fields.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::default();
        for (quality, rating) in Quality::ALL.iter().zip(&self.ratings) {
            c.long_text(quality.key(), &rating.reason);
            c.check(
                !(1..=5).contains(&rating.score),
                quality.key(),
                "must be a score from 1 to 5",
            );
        }
        c.long_text("note", &self.note);
        c.check(
            self.ladder_aim.index() < self.ladder_now.index(),
            "ladder_aim",
            "the three-year aim is below where we stand today",
        );
        c.finish()
    }

    /// The twelve items of the strategic score: eight signals, then four
    /// quality ratings.
    pub fn score_items(&self) -> Vec<ScoreItem> {
        let signals = Signal::ALL.iter().map(|s| {
            let answer = self.answer(*s);
            ScoreItem {
                label: s.label(),
                value: answer.label().to_string(),
                points: answer.points(),
            }
        });
        let ratings = Quality::ALL.iter().map(|q| {
            let rating = self.rating(*q);
            ScoreItem {
                label: q.label(),
                value: format!("{}/5", rating.score),
                points: rating.points(),
            }
        });
        signals.chain(ratings).collect()
    }

    /// The strategic score, 0 to 100: the mean of the twelve items of
    /// [`Assessment::score_items`] (yes 1, partly ½, no 0; a rating of 1 to
    /// 5 counts 0 to 1), rounded.
    pub fn strategic_score(&self) -> u8 {
        let items = self.score_items();
        let mean = items.iter().map(|i| i.points).sum::<f64>() / items.len() as f64;
        (mean * 100.0).round() as u8
    }

    /// What changed since `previous`.
    pub fn change_since(&self, previous: &Assessment) -> AssessmentChange {
        let mut items = Vec::new();
        for (now, before) in self.score_items().into_iter().zip(previous.score_items()) {
            if now.value != before.value {
                items.push((now.label, before.value, now.value));
            }
        }
        let mut push = |label, before: &dyn std::fmt::Display, now: &dyn std::fmt::Display| {
            let (before, now) = (before.to_string(), now.to_string());
            if before != now {
                items.push((label, before, now));
            }
        };
        push("Stage", &previous.stage, &self.stage);
        push("Ladder today", &previous.ladder_now, &self.ladder_now);
        push("Ladder aim", &previous.ladder_aim, &self.ladder_aim);
        AssessmentChange {
            score: i32::from(self.strategic_score()) - i32::from(previous.strategic_score()),
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn the_score_is_the_mean_of_twelve_items() {
        let mut a = Assessment::new(Id::new(), day(1), RelationshipStage::Basic);
        // Eight "no" (0) and four ratings of 3 (0.5 each): 2 / 12 = 16.7 %.
        assert_eq!(a.strategic_score(), 17);
        // Three yes, two partly: 4 points; ratings 5, 4, 3, 1: 1 + .75 + .5 + 0.
        a.signals[0] = Answer::Yes;
        a.signals[1] = Answer::Yes;
        a.signals[5] = Answer::Yes;
        a.signals[2] = Answer::Partly;
        a.signals[7] = Answer::Partly;
        a.ratings[0].score = 5;
        a.ratings[1].score = 4;
        a.ratings[3].score = 1;
        // (4 + 2.25) / 12 = 0.5208
        assert_eq!(a.strategic_score(), 52);
        a.signals = [Answer::Yes; 8];
        a.ratings.iter_mut().for_each(|r| r.score = 5);
        assert_eq!(a.strategic_score(), 100);
    }

    #[test]
    fn ratings_and_ladder_are_checked() {
        let mut a = Assessment::new(Id::new(), day(1), RelationshipStage::Basic);
        a.ratings[2].score = 6;
        a.ladder_now = Ladder::Services;
        a.ladder_aim = Ladder::Products;
        let fields: Vec<_> = a
            .validate()
            .unwrap_err()
            .0
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["cooperation", "ladder_aim"]);
    }

    #[test]
    fn change_lists_what_moved() {
        let before = Assessment::new(Id::new(), day(1), RelationshipStage::Basic);
        let mut after = before.follow_up(day(20));
        after.signals[Signal::ChampionExists.index()] = Answer::Yes;
        after.ratings[Quality::Trust.index()].score = 4;
        after.stage = RelationshipStage::Cooperative;
        let change = after.change_since(&before);
        // +1 signal point and +0.25 rating points: 1.25 / 12 = 10.4 points.
        assert_eq!(change.score, 10);
        assert_eq!(
            change.items,
            [
                (
                    "A champion exists on their side",
                    "No".to_string(),
                    "Yes".to_string()
                ),
                ("Trust", "3/5".to_string(), "4/5".to_string()),
                ("Stage", "Basic".to_string(), "Cooperative".to_string()),
            ]
        );
    }
}
