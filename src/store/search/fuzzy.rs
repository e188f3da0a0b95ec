//! Fuzzy matching of names, so that "nrdml" finds "Nordmole Container
//! Terminals": every typed character must appear in the name, in order.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::highlight::mark_chars;
use crate::domain::search::Marked;

/// A fuzzy match scoring below this share of a perfect match is dropped:
/// it is too scattered to mean the name.
const MIN_QUALITY: f64 = 0.6;
/// Longer queries are not names: they are left to the full-text search
/// (which also keeps the matcher's scores far from overflowing).
const MAX_QUERY_CHARS: usize = 48;

/// A name that matched, with how well.
#[derive(Debug)]
pub(super) struct NameMatch {
    /// Index of the name in the list given to [`best`].
    pub index: usize,
    /// The name with the matched characters marked.
    pub marked: Marked,
    /// The score as a share of a perfect match's, up to 1.
    pub quality: f64,
}

/// The names matching `terms` (each term somewhere in the name), best
/// first, at most `limit`.
pub(super) fn best<'a>(
    terms: &[&str],
    names: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<NameMatch> {
    let query = terms.join(" ");
    if query.chars().count() > MAX_QUERY_CHARS {
        return Vec::new();
    }
    let pattern = Pattern::new(
        &query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let mut config = Config::DEFAULT;
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    let mut buf = Vec::new();
    let Some(perfect) = pattern
        .score(Utf32Str::new(&query, &mut buf), &mut matcher)
        .filter(|p| *p > 0)
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut indices = Vec::new();
    for (index, name) in names.into_iter().enumerate() {
        let name = crate::text::sanitize(name);
        indices.clear();
        let Some(score) =
            pattern.indices(Utf32Str::new(&name, &mut buf), &mut matcher, &mut indices)
        else {
            continue;
        };
        let quality = (f64::from(score) / f64::from(perfect)).min(1.0);
        if quality < MIN_QUALITY {
            continue;
        }
        indices.sort_unstable();
        indices.dedup();
        found.push(NameMatch {
            index,
            marked: mark_chars(&name, &indices),
            quality,
        });
    }
    found.sort_by(|a, b| b.quality.total_cmp(&a.quality).then(a.index.cmp(&b.index)));
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 4] = [
        "Brennholt Verpackung GmbH",
        "Nordmole Container Terminals GmbH",
        "Groupe Béranger Agroalimentaire",
        "Dieter Vogel",
    ];

    fn names(terms: &[&str]) -> Vec<&'static str> {
        best(terms, NAMES, 10)
            .iter()
            .map(|m| NAMES[m.index])
            .collect()
    }

    #[test]
    fn letters_in_order_find_the_name() {
        assert_eq!(names(&["nrdml"]), ["Nordmole Container Terminals GmbH"]);
        assert_eq!(names(&["beranger"]), ["Groupe Béranger Agroalimentaire"]);
        assert_eq!(names(&["vogel", "die"]), ["Dieter Vogel"]);
    }

    #[test]
    fn scattered_letters_are_not_a_match() {
        assert!(names(&["pilot"]).is_empty(), "{:?}", names(&["pilot"]));
        assert!(names(&["xyz"]).is_empty());
        assert!(names(&["cra"]).is_empty(), "C…r…a in Container Terminals");
    }

    #[test]
    fn long_queries_are_not_names() {
        let long = "nordmole ".repeat(6);
        assert!(names(&long.split(' ').collect::<Vec<_>>()).is_empty());
        assert_eq!(names(&["x".repeat(10_000).as_str()]), Vec::<&str>::new());
    }

    #[test]
    fn matched_letters_are_marked() {
        let m = &best(&["nrdml"], NAMES, 10)[0];
        let marked: String = m
            .marked
            .segments()
            .iter()
            .filter(|(_, hit)| *hit)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(marked.to_lowercase(), "nrdml");
        assert!(m.quality > MIN_QUALITY && m.quality <= 1.0);
    }
}
