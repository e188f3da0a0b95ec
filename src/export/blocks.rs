//! The `BEGIN:` and `END:` lines of a vCard or iCalendar file, checked
//! beside its parser: how deep its blocks nest, and whether the last one
//! is closed, each named by its line.

/// What is wrong with the blocks of a file. `outer` counts the outermost
/// blocks up to the one at fault (the contact or calendar it is in).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    /// A block opens inside more blocks than the format nests.
    #[error(
        "BEGIN:{name} at line {line} opens a block {depth} deep; blocks nest at most {limit} deep here"
    )]
    TooDeep {
        /// The block, as written after `BEGIN:`.
        name: String,
        /// Its line, from 1.
        line: usize,
        /// How many blocks it is inside, itself counted.
        depth: usize,
        /// How many the format nests.
        limit: usize,
        /// The outermost block it is in, counted from 1.
        outer: usize,
    },
    /// The text ends inside a block.
    #[error("BEGIN:{name} at line {line} has no END:{name}: the file is cut off")]
    Unclosed {
        /// The outermost block left open, as written after `BEGIN:`.
        name: String,
        /// Its line, from 1.
        line: usize,
        /// Which outermost block it is, counted from 1.
        outer: usize,
    },
}

impl BlockError {
    /// The outermost block the fault is in, counted from 1.
    pub fn outer(&self) -> usize {
        match self {
            Self::TooDeep { outer, .. } | Self::Unclosed { outer, .. } => *outer,
        }
    }
}

/// Checks that no block of `text` is nested more than `limit` deep and
/// that every block is closed by the end. Folded lines (starting with a
/// space or tab) are never a `BEGIN:` or `END:`; an `END:` is not matched
/// against its `BEGIN:`, which the parser does.
pub fn check(text: &str, limit: usize) -> Result<(), BlockError> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut outer = 0;
    for (line, number) in text.lines().zip(1..) {
        let line = line.trim_start_matches('\u{feff}').trim_end();
        if let Some(name) = value_of(line, "BEGIN:") {
            if open.is_empty() {
                outer += 1;
            }
            open.push((name, number));
            if open.len() > limit {
                return Err(BlockError::TooDeep {
                    name: name.to_string(),
                    line: number,
                    depth: open.len(),
                    limit,
                    outer,
                });
            }
        } else if value_of(line, "END:").is_some() {
            open.pop();
        }
    }
    match open.first() {
        Some(&(name, line)) => Err(BlockError::Unclosed {
            name: name.to_string(),
            line,
            outer,
        }),
        None => Ok(()),
    }
}

/// What follows `property` (any case) at the start of `line`.
fn value_of<'a>(line: &'a str, property: &str) -> Option<&'a str> {
    let head = line.get(..property.len())?;
    head.eq_ignore_ascii_case(property)
        .then(|| line[property.len()..].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_nested_too_deep_or_left_open_are_named_by_line() {
        let calendar = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\n begin:x\r\n\
                        END:VEVENT\r\nEND:VCALENDAR\r\n";
        assert_eq!(check(calendar, 2), Ok(()));
        assert_eq!(
            check(calendar, 1),
            Err(BlockError::TooDeep {
                name: "VEVENT".into(),
                line: 2,
                depth: 2,
                limit: 1,
                outer: 1,
            })
        );
        let cards = "\u{feff}begin:vcard\nFN:A\nend:vcard\nBEGIN:VCARD\nFN:B\n";
        let cut = check(cards, 1).unwrap_err();
        assert_eq!(
            cut.to_string(),
            "BEGIN:VCARD at line 4 has no END:VCARD: the file is cut off"
        );
        assert_eq!(cut.outer(), 2);
        assert_eq!(check("", 1), Ok(()));
    }
}
