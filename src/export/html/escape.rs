//! Stored text made safe for an HTML page: terminal controls and
//! bidirectional overrides made visible as on screen
//! ([`sanitize`](crate::text::sanitize)), then the characters HTML gives a
//! meaning to escaped, so that text stays text in elements and attributes
//! alike. The zero-width joiner and non-joiner, which a terminal cannot
//! be trusted with, are kept: a browser draws emoji and Persian with them,
//! and they reorder nothing.

use crate::text::{sanitize, sanitize_lines};

/// The characters a page keeps that [`sanitize`] replaces.
const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];

/// `text` on one line, safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    joined(text, |part| html_escaped(&sanitize(part)))
}

/// `text` with its line breaks kept as `<br>`, safe inside an element.
pub fn escape_lines(text: &str) -> String {
    joined(text.trim(), |part| {
        sanitize_lines(part)
            .iter()
            .map(|line| html_escaped(line))
            .collect::<Vec<_>>()
            .join("<br>")
    })
}

/// `text` with each run between [`JOINERS`] made safe by `safe`, and the
/// joiners put back between them.
fn joined(text: &str, safe: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(JOINERS) {
        out.push_str(&safe(&rest[..at]));
        let joiner = rest[at..].chars().next().unwrap_or_default();
        out.push(joiner);
        rest = &rest[at + joiner.len_utf8()..];
    }
    out.push_str(&safe(rest));
    out
}

/// `text` with `&`, `<`, `>`, `"` and `'` written as character references.
fn html_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_stored_text_stays_text() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escape("Tom & Jerry's"), "Tom &amp; Jerry&#39;s");
    }

    #[test]
    fn controls_and_overrides_are_made_visible() {
        assert_eq!(escape("a\u{1b}[31mred"), "a␛[31mred");
        assert_eq!(escape("abc\u{202e}fed"), "abc\u{fffd}fed");
        assert_eq!(escape("one\ntwo"), "one two");
    }

    #[test]
    fn other_scripts_and_emoji_are_kept() {
        assert_eq!(escape("港口 起重机 👩‍🔧 مرحبا"), "港口 起重机 👩‍🔧 مرحبا");
        assert_eq!(escape("ی\u{200c}ک <\u{200d}"), "ی\u{200c}ک &lt;\u{200d}");
    }

    #[test]
    fn line_breaks_become_breaks_and_each_line_is_escaped() {
        assert_eq!(escape_lines("a<b\r\nc&d\n"), "a&lt;b<br>c&amp;d");
        assert_eq!(
            escape_lines("👩\u{200d}🔧\n\u{202e}x"),
            "👩\u{200d}🔧<br>\u{fffd}x"
        );
    }
}
