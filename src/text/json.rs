//! JSON as kam writes it, for a file or a terminal alike: pretty-printed as
//! `serde_json` prints it, and with every character that could drive or
//! reorder a terminal (DEL, C1 controls, bidirectional and invisible
//! formatting characters, line separators) written as a `\uXXXX` escape.
//! JSON escapes the other controls itself, so the output holds none raw,
//! and reading it back gives every string exactly as it was.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Writes `value` as pretty JSON to `out`.
pub fn to_writer<W: Write, T: ?Sized + Serialize>(out: W, value: &T) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer)
}

/// `value` as pretty JSON.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::new();
    to_writer(&mut bytes, value)?;
    Ok(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// serde_json's pretty printer, escaping what [`super::is_plain`] refuses.
struct Escaping(PrettyFormatter<'static>);

impl Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain_from = 0;
        for (at, c) in fragment.char_indices() {
            if !super::is_plain(c) {
                out.write_all(&fragment.as_bytes()[plain_from..at])?;
                write!(out, "\\u{:04x}", u32::from(c))?;
                plain_from = at + c.len_utf8();
            }
        }
        out.write_all(&fragment.as_bytes()[plain_from..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_array(out)
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array(out)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_array_value(out)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object(out)
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object(out)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.begin_object_value(out)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.0.end_object_value(out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn what_could_drive_a_terminal_is_escaped_and_reads_back_exactly() {
        let hostile = "a\u{1b}[2J b\u{7f} c\u{9b}31m d\u{202e}evil e\u{2028}f \u{200d} 日本 👩‍💻";
        let value = BTreeMap::from([(hostile, vec![hostile])]);
        let json = to_string(&value).unwrap();
        assert!(
            json.chars().all(|c| c == '\n' || super::super::is_plain(c)),
            "{json:?}"
        );
        assert!(json.contains("\\u202e") && json.contains("\\u009b") && json.contains("\\u007f"));
        let back: BTreeMap<String, Vec<String>> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            BTreeMap::from([(hostile.to_owned(), vec![hostile.to_owned()])])
        );
    }

    #[test]
    fn plain_text_is_printed_as_serde_json_prints_it() {
        let value = serde_json::json!({"name": "Nordwerk «Süd» 日本", "n": [1, 2], "empty": {}});
        assert_eq!(
            to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
