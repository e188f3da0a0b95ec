//! The strategic assessment form: the eight signals, the four quality
//! ratings with their reasons, the stage, the buy-sell ladder and a note.

use crate::domain::choice::Choice;
use crate::domain::{Assessment, Quality, Rating, Signal};
use crate::tui::screens::forms::field::Field;
use crate::tui::screens::forms::parse::{self, DATE_HINT};
use crate::tui::screens::forms::reader::Reader;

/// The options of a rating field, in score order: the chosen index plus
/// one is the score.
const SCORES: [&str; 5] = ["1 poor", "2 weak", "3 fair", "4 good", "5 excellent"];

/// What a rating field accepts.
const SCORE_HINT: &str = "1 poor to 5 excellent: type the digit, or Space and ←/→";

/// What the ladder fields mean.
const LADDER_HINT: &str = "What they buy from us, from commodity up to organisational issues";

/// The fields of the assessment form, filled from `assessment`.
pub(crate) fn fields(assessment: &Assessment) -> Vec<Field> {
    let mut fields = vec![
        Field::line("date", "Date", &parse::date_text(Some(assessment.date)))
            .required()
            .hint(DATE_HINT),
    ];
    for &signal in Signal::ALL {
        fields.push(
            Field::pick(signal.key(), signal.label(), assessment.answer(signal))
                .hint(question(signal)),
        );
    }
    let scores: Vec<String> = SCORES.iter().map(|s| (*s).to_owned()).collect();
    for &quality in Quality::ALL {
        let rating = assessment.rating(quality);
        let chosen = usize::from(rating.score.clamp(1, 5) - 1);
        fields
            .push(Field::choice(quality.key(), quality.label(), &scores, chosen).hint(SCORE_HINT));
        fields.push(
            Field::line(reason_key(quality), "└ reason", &rating.reason)
                .hint("Why this score, in one line"),
        );
    }
    fields.extend([
        Field::pick("stage", "Relationship stage", assessment.stage),
        Field::pick("ladder_now", "Buy-sell ladder today", assessment.ladder_now).hint(LADDER_HINT),
        Field::pick("ladder_aim", "Aim in three years", assessment.ladder_aim)
            .hint("Where we aim to stand on the ladder in three years: not below today"),
        Field::lines("note", "Note", &assessment.note),
    ]);
    fields
}

/// `original` with the values read from the form.
pub(crate) fn read(original: &Assessment, r: &mut Reader<'_>) -> Assessment {
    let date = r.date("date", original.date);
    let signals = std::array::from_fn(|i| {
        let signal = Signal::ALL[i];
        r.choice(signal.key(), original.answer(signal))
    });
    let ratings = std::array::from_fn(|i| {
        let quality = Quality::ALL[i];
        // The options are the scores 1 to 5 in order.
        let score = u8::try_from(r.selected(quality.key()) + 1).unwrap_or(5);
        Rating {
            score,
            reason: r.text(reason_key(quality)),
        }
    });
    Assessment {
        date,
        signals,
        ratings,
        stage: r.choice("stage", original.stage),
        ladder_now: r.choice("ladder_now", original.ladder_now),
        ladder_aim: r.choice("ladder_aim", original.ladder_aim),
        note: r.text("note"),
        ..original.clone()
    }
}

/// The key of the reason field of `quality`.
fn reason_key(quality: Quality) -> &'static str {
    match quality {
        Quality::Trust => "trust_reason",
        Quality::Commitment => "commitment_reason",
        Quality::Cooperation => "cooperation_reason",
        Quality::InformationExchange => "information_exchange_reason",
    }
}

/// The question behind `signal`, shown while its field has focus.
fn question(signal: Signal) -> &'static str {
    match signal {
        Signal::CallsUsStrategic => "Does the customer itself call us a strategic supplier? y/p/n",
        Signal::BringsOpportunities => {
            "Do they bring opportunities to us instead of us pushing ideas? y/p/n"
        }
        Signal::AsksOurInput => "Do they ask our input before decisions in our area? y/p/n",
        Signal::CriticalToThem => "Is what we supply critical to their performance? y/p/n",
        Signal::SolutionsProvider => {
            "Do they see us as a solutions provider, and have we delivered? y/p/n"
        }
        Signal::ChampionExists => "Is there a champion on their side who values us? y/p/n",
        Signal::OpenInvitation => "Are we invited to bring expertise inside their walls? y/p/n",
        Signal::ManyForums => {
            "Do our people meet theirs in many forums, not only purchasing? y/p/n"
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::{Answer, Id, Ladder, RelationshipStage};
    use crate::tui::screens::forms::assessment::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn an_untouched_form_reads_back_the_record() {
        let mut a = Assessment::new(Id::new(), day(2), RelationshipStage::Cooperative);
        a.signals[Signal::ManyForums.index()] = Answer::Partly;
        a.signals[Signal::ChampionExists.index()] = Answer::Yes;
        a.ratings[Quality::Commitment.index()] = Rating {
            score: 5,
            reason: "Signed a three-year frame".into(),
        };
        a.ratings[Quality::Trust.index()].score = 1;
        a.ladder_now = Ladder::Services;
        a.ladder_aim = Ladder::OrganisationalIssues;
        a.note = "Board changes in spring\nRevisit then".into();
        let fields = fields(&a);
        assert_eq!(
            fields.len(),
            21,
            "date, 8 signals, 4 × 2 for ratings, 4 more"
        );
        let mut r = Reader::new(&fields, day(23));
        assert_eq!(read(&a, &mut r), a);
        assert!(r.finish().is_ok());
    }

    #[test]
    fn every_field_key_is_distinct() {
        let a = Assessment::new(Id::new(), day(2), RelationshipStage::Basic);
        let mut keys: Vec<_> = fields(&a).iter().map(|f| f.key).collect();
        keys.sort_unstable();
        let count = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), count);
    }
}
