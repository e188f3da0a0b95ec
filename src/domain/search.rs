//! Search results: which record matched, in which account, and where in its
//! text the query was found.

use std::ops::Range;

use nucleo_matcher::chars::{normalize, to_lower_case};

use super::choice::choice_enum;
use super::id::Id;

/// `c` as searches compare it: lower case, without diacritics (É → e).
pub fn fold(c: char) -> char {
    to_lower_case(normalize(c))
}

/// The words of `text`, its runs of letters and digits, folded: emoji and
/// punctuation only separate words. "Groupe Béranger 🚀" gives "groupe"
/// and "beranger".
pub fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(fold).collect())
        .collect()
}

choice_enum! {
    /// The kinds of record a search finds.
    pub enum RecordKind {
        Account => ("account", "Account"),
        Issue => ("issue", "Issue"),
        Plan => ("plan", "Plan"),
        Step => ("step", "Step"),
        Proof => ("proof", "Proof"),
        Stakeholder => ("stakeholder", "Person"),
        Conversation => ("conversation", "Talk"),
    }
}

/// Text ready for display with the byte ranges that matched the query.
///
/// The text is sanitized (no control characters); the ranges are sorted,
/// do not overlap, and lie on character boundaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    /// The text.
    pub text: String,
    /// The matched parts of `text`.
    pub matches: Vec<Range<usize>>,
}

impl Marked {
    /// The text cut into pieces, each with whether it matched, in order.
    pub fn segments(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::with_capacity(self.matches.len() * 2 + 1);
        let mut at = 0;
        for range in &self.matches {
            if range.start > at {
                out.push((&self.text[at..range.start], false));
            }
            out.push((&self.text[range.clone()], true));
            at = range.end;
        }
        if at < self.text.len() {
            out.push((&self.text[at..], false));
        }
        out
    }

    /// Whether any part of the text matched.
    pub fn has_matches(&self) -> bool {
        !self.matches.is_empty()
    }
}

/// One record found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// What kind of record it is.
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// The account the record belongs to (the account itself for an
    /// account).
    pub account_id: Id,
    /// That account's name, sanitized.
    pub account_name: String,
    /// For a plan step, the plan it belongs to.
    pub plan_id: Option<Id>,
    /// The record's name or main text (a statement, a title, a step) with
    /// the matches marked; long text is cut around the matches.
    pub title: Marked,
    /// Where the query matched in the record's other text (industry, plan
    /// detail, owner, e-mail …), when it did.
    pub context: Option<Marked>,
    /// How well the record matched; results are sorted by it, best first.
    pub rank: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_text_in_order() {
        let m = Marked {
            text: "Crane pilot in Kiel".into(),
            matches: vec![0..5, 15..19],
        };
        assert_eq!(
            m.segments(),
            [("Crane", true), (" pilot in ", false), ("Kiel", true)]
        );
        assert!(m.has_matches());
        assert_eq!(Marked::default().segments(), []);
    }
}
