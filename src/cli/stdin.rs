//! `-` for standard input: `kam import -` reads the file from it, and
//! `kam log ACCOUNT -` (or `kam issue ACCOUNT -`) the text.

use std::io::{IsTerminal, Read};

use anyhow::{Context, Result, bail};

/// The word that stands for standard input.
pub const DASH: &str = "-";

/// Everything on standard input.
pub fn read_all() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    Ok(bytes)
}

/// The text of a statement given as `words` on the command line, joined
/// by spaces; a lone `-` reads it from standard input instead.
pub fn statement(words: &[String]) -> Result<String> {
    match words {
        [dash] if dash == DASH => {
            if std::io::stdin().is_terminal() {
                eprintln!("kam: type the text, then Ctrl-D on a line of its own");
            }
            let bytes = read_all()?;
            let text = String::from_utf8(bytes).context("standard input is not UTF-8 text")?;
            let text = without_final_newline(text);
            if text.trim().is_empty() {
                bail!("standard input is empty: nothing to record");
            }
            Ok(text)
        }
        _ => Ok(words.join(" ")),
    }
}

/// `text` as given, with one final line break (`\n` or `\r\n`) removed, as
/// `echo` and the clipboard tools add one.
fn without_final_newline(mut text: String) -> String {
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_final_newline_goes_and_nothing_else() {
        assert_eq!(without_final_newline("a\n".into()), "a");
        assert_eq!(without_final_newline("a\r\n".into()), "a");
        assert_eq!(without_final_newline("a\n\n".into()), "a\n");
        assert_eq!(without_final_newline("  a\tb  ".into()), "  a\tb  ");
        assert_eq!(
            without_final_newline("line 1\nline 2".into()),
            "line 1\nline 2"
        );
    }

    #[test]
    fn words_are_joined_by_spaces() {
        let words = ["Crane", "availability", "99 %"].map(String::from);
        assert_eq!(statement(&words).unwrap(), "Crane availability 99 %");
    }
}
