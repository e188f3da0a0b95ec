//! The database passphrase: wiped from memory when dropped, never shown.

use std::fmt;

use zeroize::Zeroizing;

use super::error::{Result, StoreError};

/// A database passphrase. Its memory is wiped when it is dropped, and it
/// never shows in `Debug` output.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes `text` as a passphrase; refuses an empty one and one holding a
    /// NUL character.
    pub fn new(text: impl Into<String>) -> Result<Self> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(StoreError::BadPassphrase("it is empty"));
        }
        if text.contains('\0') {
            return Err(StoreError::BadPassphrase("it holds a NUL character"));
        }
        Ok(Self(text))
    }

    /// The passphrase as it was typed.
    pub(super) fn text(&self) -> &str {
        &self.0
    }

    /// The passphrase as an SQL string literal, quotes doubled.
    pub(super) fn literal(&self) -> Zeroizing<String> {
        let mut sql = Zeroizing::new(String::with_capacity(self.0.len() + 2));
        sql.push('\'');
        for c in self.0.chars() {
            if c == '\'' {
                sql.push('\'');
            }
            sql.push(c);
        }
        sql.push('\'');
        sql
    }
}

impl PartialEq for Passphrase {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_is_quoted_for_sql_and_hidden_from_debug() {
        let p = Passphrase::new("it's secret").unwrap();
        assert_eq!(*p.literal(), "'it''s secret'");
        assert_eq!(format!("{p:?}"), "Passphrase(…)");
    }

    #[test]
    fn empty_and_nul_passphrases_are_refused() {
        assert!(matches!(
            Passphrase::new(""),
            Err(StoreError::BadPassphrase(_))
        ));
        assert!(matches!(
            Passphrase::new("a\0b"),
            Err(StoreError::BadPassphrase(_))
        ));
    }
}
