//! Text read from a file to import: UTF-8, or the place where it stops
//! being UTF-8, as an editor shows it.

/// Where a file stops being UTF-8 text: the line and column (in
/// characters, both from 1) of the first byte that is not, and that byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("at line {line}, column {column} (byte 0x{byte:02X})")]
pub struct NotUtf8 {
    /// The line, counting line feeds.
    pub line: usize,
    /// The column on that line, counting characters.
    pub column: usize,
    /// The first byte that is not UTF-8 there.
    pub byte: u8,
}

/// `bytes` as text, or where they stop being UTF-8.
pub fn text(bytes: &[u8]) -> Result<&str, NotUtf8> {
    std::str::from_utf8(bytes).map_err(|e| {
        let (valid, rest) = bytes.split_at(e.valid_up_to());
        let line_start = valid
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let column = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count());
        NotUtf8 {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
            column: column + 1,
            byte: rest[0],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_that_is_not_utf8_is_placed_by_line_and_column() {
        assert_eq!(text("é\n".as_bytes()), Ok("é\n"));
        let at = |line, column, byte| Err(NotUtf8 { line, column, byte });
        assert_eq!(text(b"\xffabc"), at(1, 1, 0xFF));
        assert_eq!(text(b"ab\ncd\xc3\xa9\xe9f"), at(2, 4, 0xE9));
        // Cut in the middle of a character, at the very end.
        assert_eq!(text(b"a\r\nb\xf0\x9f"), at(2, 2, 0xF0));
        let shown = text(b"x\n\x00\xfe").unwrap_err().to_string();
        assert_eq!(shown, "at line 2, column 2 (byte 0xFE)");
    }
}
