//! From what the user typed to a safe FTS5 query.

/// At most this many words of a query are searched for.
const MAX_TERMS: usize = 12;

/// The words of `query`: its runs of letters and digits, at most
/// [`MAX_TERMS`]. Everything else (quotes, operators, punctuation) only
/// separates words.
pub(super) fn terms(query: &str) -> Vec<&str> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_TERMS)
        .collect()
}

/// An FTS5 query matching records that hold every term as the start of a
/// word: each term quoted as a string (so no user text is ever read as
/// FTS5 syntax) and prefix-matched. `None` when there is nothing to search.
pub(super) fn fts_query(terms: &[&str]) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let quoted: Vec<String> = terms
        .iter()
        .map(|t| format!("\"{}\"*", t.replace('"', "\"\"")))
        .collect();
    Some(quoted.join(" "))
}

/// `fts` restricted to the title column: records whose name or title
/// holds every word.
pub(super) fn in_title(fts: &str) -> String {
    format!("{{title}} : ({fts})")
}

/// The records matching `fts` but not `other`.
pub(super) fn except(fts: &str, other: &str) -> String {
    format!("{fts} NOT {other}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(terms("  nord  mole "), ["nord", "mole"]);
        assert_eq!(
            terms("\"pilot\" AND (crane*) -x"),
            ["pilot", "AND", "crane", "x"]
        );
        assert_eq!(
            terms("e-mail: Müller 東京"),
            ["e", "mail", "Müller", "東京"]
        );
        assert!(terms("\"*()-^:").is_empty());
        assert_eq!(terms(&"a ".repeat(50)).len(), MAX_TERMS);
    }

    #[test]
    fn every_term_is_quoted_and_prefix_matched() {
        assert_eq!(fts_query(&["AND", "pilot"]).unwrap(), "\"AND\"* \"pilot\"*");
        assert_eq!(fts_query(&["a\"b"]).unwrap(), "\"a\"\"b\"*");
        assert_eq!(fts_query(&[]), None);
    }

    #[test]
    fn tiers_restrict_to_the_title_or_leave_it_out() {
        let fts = fts_query(&["crane", "pil"]).unwrap();
        let title = in_title(&fts);
        assert_eq!(title, "{title} : (\"crane\"* \"pil\"*)");
        assert_eq!(
            except(&fts, &title),
            "\"crane\"* \"pil\"* NOT {title} : (\"crane\"* \"pil\"*)"
        );
    }
}
