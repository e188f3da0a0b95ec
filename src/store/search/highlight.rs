//! Marking what matched: the words of a text that start with a query term
//! (compared as the index compares them, without case or accents), cut to a
//! window of words around the first match; and the characters a fuzzy match
//! found.

use std::ops::Range;

use crate::domain::search::{Marked, fold};
use crate::text::sanitize;

/// Query terms folded for comparison with [`mark_words`].
pub(super) fn fold_terms(terms: &[&str]) -> Vec<Vec<char>> {
    terms
        .iter()
        .map(|t| t.chars().map(fold).collect())
        .collect()
}

/// Sanitized `text` with the start of each word that begins with one of
/// `terms` marked (the longest such term). A text of more than `max_words`
/// words is cut to `max_words` around its first match, with `…` where text
/// was left out.
pub(super) fn mark_words(text: &str, terms: &[Vec<char>], max_words: usize) -> Marked {
    let text = sanitize(text);
    let words = words(&text);
    let matches: Vec<(usize, Range<usize>)> = words
        .iter()
        .enumerate()
        .filter_map(|(n, word)| Some((n, matched_prefix(&text[word.clone()], terms, word.start)?)))
        .collect();
    let first = matches.first().map_or(0, |(n, _)| *n);
    let start = first
        .saturating_sub(2)
        .min(words.len().saturating_sub(max_words));
    let end = (start + max_words).min(words.len());
    if start == 0 && end == words.len() {
        return Marked {
            text: text.into_owned(),
            matches: matches.into_iter().map(|(_, r)| r).collect(),
        };
    }
    let from = if start == 0 { 0 } else { words[start].start };
    let to = if end == words.len() {
        text.len()
    } else {
        words[end - 1].end
    };
    let lead = if start == 0 { "" } else { "…" };
    let shift = |at: usize| at - from + lead.len();
    Marked {
        text: format!(
            "{lead}{}{}",
            &text[from..to],
            if to < text.len() { "…" } else { "" }
        ),
        matches: matches
            .into_iter()
            .filter(|(n, _)| (start..end).contains(n))
            .map(|(_, r)| shift(r.start)..shift(r.end))
            .collect(),
    }
}

/// The byte ranges of the words of `text`: its runs of letters and digits.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The range of `word` (at byte `offset` of its text) that the longest of
/// `terms` it starts with covers.
fn matched_prefix(word: &str, terms: &[Vec<char>], offset: usize) -> Option<Range<usize>> {
    let len = terms
        .iter()
        .filter(|t| t.len() <= word.chars().count())
        .filter(|t| word.chars().map(fold).zip(t.iter()).all(|(a, b)| a == *b))
        .map(Vec::len)
        .max()?;
    let bytes: usize = word.chars().take(len).map(char::len_utf8).sum();
    Some(offset..offset + bytes)
}

/// Sanitized `text` with the characters at `indices` (char positions, as
/// the fuzzy matcher reports them) marked; neighbouring characters form one
/// range.
pub(super) fn mark_chars(text: &str, indices: &[u32]) -> Marked {
    let text = sanitize(text).into_owned();
    let mut matches: Vec<Range<usize>> = Vec::new();
    for (n, (at, c)) in text.char_indices().enumerate() {
        if !indices.contains(&(n as u32)) {
            continue;
        }
        let end = at + c.len_utf8();
        match matches.last_mut() {
            Some(last) if last.end == at => last.end = end,
            _ => matches.push(at..end),
        }
    }
    Marked { text, matches }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, terms: &[&str], max: usize) -> (String, Vec<String>) {
        let m = mark_words(text, &fold_terms(terms), max);
        let parts = m
            .matches
            .iter()
            .map(|r| m.text[r.clone()].to_string())
            .collect();
        (m.text, parts)
    }

    #[test]
    fn word_starts_are_marked_ignoring_case_and_accents() {
        let (text, parts) = marked("Crane pilot at Béranger, crânes", &["cra", "beran"], 99);
        assert_eq!(text, "Crane pilot at Béranger, crânes");
        assert_eq!(parts, ["Cra", "Béran", "crâ"]);
        let (_, parts) = marked("scrap the crane", &["cra"], 99);
        assert_eq!(parts, ["cra"], "only word starts");
        let (_, parts) = marked("Pilot", &["p", "pil"], 99);
        assert_eq!(parts, ["Pil"], "the longest term wins");
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(
            marked(text, &["seven"], 4),
            ("…five six seven eight…".into(), vec!["seven".into()])
        );
        assert_eq!(marked(text, &["one"], 3).0, "one two three…");
        assert_eq!(marked(text, &["ten"], 3).0, "…eight nine ten");
        assert_eq!(marked(text, &["zzz"], 2).0, "one two…");
    }

    #[test]
    fn control_characters_are_defused_before_marking() {
        let m = mark_words("Nord\u{1b}[2Jmole crane", &fold_terms(&["cr"]), 9);
        assert_eq!(m.text, "Nord␛[2Jmole crane");
        assert_eq!(&m.text[m.matches[0].clone()], "cr");
    }

    #[test]
    fn fuzzy_positions_become_merged_ranges() {
        let m = mark_chars("Nördmole", &[0, 1, 2, 4]);
        assert_eq!(m.matches, [0..4, 5..6]);
        assert_eq!(&m.text[m.matches[0].clone()], "Nör");
    }
}
