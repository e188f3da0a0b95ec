//! Text from the database made safe and tidy for a terminal.
//!
//! Stored text may hold anything a user pasted or a file imported: escape
//! sequences, control characters, bidirectional overrides. None of it may
//! reach the terminal raw. Widths are measured in terminal columns so that
//! wide characters (CJK, emoji) keep tables aligned.

pub mod json;

use std::borrow::Cow;
use std::path::Path;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// What a figure hidden in private mode shows instead, the same whatever
/// the figure's length.
pub const MASK: &str = "•••";

/// Replaces every character that could drive the terminal with a visible,
/// harmless stand-in: C0 controls become their Unicode "control picture"
/// (ESC shows as `␛`), DEL becomes `␡`, C1 controls and bidirectional or
/// invisible formatting characters become `�`. Line ends (newlines and the
/// Unicode line and paragraph separators) become spaces; use
/// [`sanitize_lines`] to keep line structure.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_plain) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_line_end(c) { ' ' } else { replace(c) })
            .collect(),
    )
}

/// Like [`sanitize`], but splits the text into its lines (CR LF, lone CR
/// and the Unicode line and paragraph separators count as line ends).
pub fn sanitize_lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split(|c| c == '\r' || is_line_end(c))
        .map(|line| sanitize(line).into_owned())
        .collect()
}

/// A file's path as a message may show it, sanitized like any stored text:
/// a file name may hold control characters too.
pub fn path(path: &Path) -> String {
    sanitize(&path.display().to_string()).into_owned()
}

/// The most characters [`first_line`] keeps: wider than any terminal, so
/// a list row of a long text costs no more than a row of a short one.
pub const FIRST_LINE_CAP: usize = 1_000;

/// The first line of `text`, sanitized and cut at [`FIRST_LINE_CAP`]
/// characters, with `…` when more text follows. Only that part of `text`
/// is read.
pub fn first_line(text: &str) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .take(FIRST_LINE_CAP + 1)
        .enumerate()
        .find(|&(n, (_, c))| n == FIRST_LINE_CAP || is_line_end(c))
        .map(|(_, (at, _))| at);
    let line = &text[..end.unwrap_or(text.len())];
    let first = sanitize(line.strip_suffix('\r').unwrap_or(line));
    match end {
        Some(_) => format!("{first} …"),
        None => first.into_owned(),
    }
}

/// Characters that end a line: newline, and Unicode's line separator
/// (U+2028) and paragraph separator (U+2029). A carriage return ends one
/// only in [`sanitize_lines`]; elsewhere it is shown as `␍`.
fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\u{2028}' | '\u{2029}')
}

fn is_plain(c: char) -> bool {
    !(c.is_control() || is_format(c) || is_line_end(c))
}

/// Invisible characters that reorder or hide text, the Arabic letter mark
/// (U+061C) among them.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn replace(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
        '\u{7F}' => '␡',
        c if is_plain(c) => c,
        _ => '�',
    }
}

/// The width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Cuts `text` to at most `max` columns, ending with `…` when it was cut.
/// Never splits a wide character.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.width() <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `2380000` as `2,380,000`.
pub fn thousands(n: i64) -> String {
    grouped(n, ',')
}

/// `n` with `separator` between groups of three digits.
pub fn grouped(n: i64, separator: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A count with its noun: "1 plan", "2 plans", "0 plans".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Pads or cuts `text` to exactly `cols` columns.
pub fn fit(text: &str, cols: usize) -> String {
    let cut = truncate(text, cols);
    let pad = cols.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// An amount of money in a short form: 950, 12.5k, 2.38M.
pub fn money(amount: i64) -> String {
    let a = amount as f64;
    match amount.unsigned_abs() {
        0..1_000 => amount.to_string(),
        1_000..1_000_000 => trim_zero(format!("{:.1}", a / 1e3)) + "k",
        _ => trim_zero(format!("{:.2}", a / 1e6)) + "M",
    }
}

/// A decimal number without trailing zeros: "2.50" reads "2.5", "3.0" reads "3".
pub fn trim_zero(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// An amount of money in a short form with its currency: "2.38M EUR".
pub fn money_in(amount: i64, currency: &str) -> String {
    format!("{} {currency}", money(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "plan", "plans"), "1 plan");
        assert_eq!(count(2, "plan", "plans"), "2 plans");
        assert_eq!(count(0, "plan", "plans"), "0 plans");
    }

    #[test]
    fn figures_get_separators() {
        assert_eq!(thousands(2_380_000), "2,380,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-1000), "-1,000");
    }

    #[test]
    fn escape_sequences_are_defused() {
        let hostile = "ok\u{1b}[2J\u{1b}]52;c;aGk=\u{7}\u{9b}31m\u{202e}evil";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert_eq!(safe, "ok␛[2J␛]52;c;aGk=␇�31m�evil");
    }

    #[test]
    fn arabic_letter_mark_and_unicode_line_ends_are_defused() {
        assert_eq!(sanitize("a\u{061C}b"), "a�b");
        assert_eq!(sanitize("one\u{2028}two\u{2029}three"), "one two three");
        assert_eq!(
            sanitize_lines("one\u{2028}two\u{2029}three"),
            ["one", "two", "three"]
        );
        assert_eq!(first_line("one\u{2029}two"), "one …");
    }

    #[test]
    fn the_first_line_of_a_long_text_costs_only_its_start() {
        let long = "word ".repeat(1_000_000);
        let row = first_line(&long);
        assert_eq!(row.chars().count(), FIRST_LINE_CAP + 2, "cut, then \" …\"");
        assert!(row.ends_with(" …"));
        assert_eq!(first_line("short"), "short");
        assert_eq!(
            first_line(&"x".repeat(FIRST_LINE_CAP)),
            "x".repeat(FIRST_LINE_CAP)
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("Müller GmbH 東京 🚀"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_are_split_on_every_line_end() {
        assert_eq!(sanitize_lines("a\r\nb\rc\nd\u{1b}"), ["a", "b", "c", "d␛"]);
        assert_eq!(first_line("one\ntwo"), "one …");
    }

    #[test]
    fn truncation_counts_columns() {
        assert_eq!(truncate("東京都庁", 5), "東京…");
        assert_eq!(width(&truncate("東京都庁", 5)), 5);
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("abcd", 0), "");
        assert_eq!(fit("🚀x", 5), "🚀x  ");
        assert_eq!(width(&fit("東京都庁", 4)), 4);
    }
}
