//! Dates read straight from their `YYYY-MM-DD` text: the facts read tens
//! of thousands of them, and chrono's format parser costs more than the
//! rest of a row.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::ValueRef;

/// Reads a `YYYY-MM-DD` column without chrono's format parser, which
/// costs more than the rest of a row.
pub(super) fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    let value = row.get_ref(idx)?;
    let parsed = match value {
        ValueRef::Text(text) => parse_date(text),
        _ => None,
    };
    parsed.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            value.data_type(),
            format!("`{value:?}` is not a date").into(),
        )
    })
}

/// Reads a `YYYY-MM-DD` column that may be NULL; see [`date`].
pub(super) fn optional_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        _ => date(row, idx).map(Some),
    }
}

/// The date written `YYYY-MM-DD` in `text`, if it is one.
fn parse_date(text: &[u8]) -> Option<NaiveDate> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(&text[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&text[5..7])?, number(&text[8..])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iso_dates_and_nothing_else() {
        assert_eq!(
            parse_date(b"2026-11-23"),
            NaiveDate::from_ymd_opt(2026, 11, 23)
        );
        assert_eq!(
            parse_date(b"0999-01-01"),
            NaiveDate::from_ymd_opt(999, 1, 1)
        );
        for bad in [
            &b"2026-11-31"[..],
            b"2026-13-01",
            b"2026-1-23",
            b"2026/11/23",
            b"2026-11-2x",
            b"+026-11-23",
            b"2026-11-23 12:00",
            b"",
        ] {
            assert_eq!(parse_date(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
