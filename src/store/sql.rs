//! Conversions between domain values and SQLite values.

use std::ops::ControlFlow;
use std::sync::LazyLock;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, Row};

use crate::domain::Id;
use crate::domain::choice::Choice;

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Id {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// Reads a value stored as JSON text.
pub(super) fn json_at<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    let text = row.get_ref(idx)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })?;
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

/// Value written as JSON text.
pub(super) fn json<T: serde::Serialize>(value: &T) -> rusqlite::Result<ToSqlOutput<'static>> {
    serde_json::to_string(value)
        .map(ToSqlOutput::from)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// Value written as JSON text, or SQL NULL for `None`.
pub(super) fn json_or_null<T: serde::Serialize>(
    value: Option<&T>,
) -> rusqlite::Result<ToSqlOutput<'static>> {
    value.map_or(Ok(ToSqlOutput::from(rusqlite::types::Null)), json)
}

/// Reads a column holding JSON text or NULL (`None`).
pub(super) fn json_or_null_at<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<T>> {
    if row.get_ref(idx)? == rusqlite::types::ValueRef::Null {
        Ok(None)
    } else {
        json_at(row, idx).map(Some)
    }
}

/// Reads a choice stored by its key (borrowed from the row, not copied).
pub(super) fn choice<T: Choice>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let key = row.get_ref(idx)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })?;
    T::from_key(key).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unknown value `{key}`").into(),
        )
    })
}

/// Reads a choice stored by its key, or NULL for none.
pub(super) fn optional_choice<T: Choice>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>> {
    match row.get_ref(idx)? {
        ValueRef::Null => Ok(None),
        _ => choice(row, idx).map(Some),
    }
}

/// The form of a stored timestamp, as rusqlite writes one:
/// `2026-11-23 09:00:00.123+00:00`.
static TIMESTAMP_TEXT: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%F %T%.f%:z").collect());

/// The form rusqlite first reads a stored timestamp in (any offset).
static TIMESTAMP_READ: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%F %T%.f%#z").collect());

/// The form of a stored date: `2026-11-23`.
static DATE_TEXT: LazyLock<Vec<Item<'static>>> =
    LazyLock::new(|| StrftimeItems::new("%F").collect());

/// `at` as stored: the text rusqlite writes for it, without reading the
/// format anew for every value.
pub(super) fn timestamp(at: &DateTime<Utc>) -> ToSqlOutput<'static> {
    ToSqlOutput::from(at.format_with_items(TIMESTAMP_TEXT.iter()).to_string())
}

/// `date` as stored, as [`timestamp`] for a timestamp.
pub(super) fn date(date: &NaiveDate) -> ToSqlOutput<'static> {
    ToSqlOutput::from(date.format_with_items(DATE_TEXT.iter()).to_string())
}

/// Reads the timestamp in column `idx` as rusqlite does, the stored form
/// read without reading the format anew for every value.
pub(super) fn timestamp_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    if let ValueRef::Text(text) = row.get_ref(idx)?
        && let Some(at) = stored_timestamp(text)
    {
        return Ok(at);
    }
    if let ValueRef::Text(text) = row.get_ref(idx)?
        && let Ok(text) = std::str::from_utf8(text)
        && text.as_bytes().get(10) != Some(&b'T')
    {
        let mut parsed = Parsed::new();
        if chrono::format::parse(&mut parsed, text, TIMESTAMP_READ.iter()).is_ok()
            && let Ok(at) = parsed.to_datetime()
        {
            return Ok(at.with_timezone(&Utc));
        }
    }
    row.get(idx)
}

/// Reads the date in column `idx` as rusqlite does, as [`timestamp_at`]
/// reads a timestamp.
pub(super) fn date_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    if let ValueRef::Text(text) = row.get_ref(idx)?
        && let Some(date) = stored_date(text)
    {
        return Ok(date);
    }
    if let ValueRef::Text(text) = row.get_ref(idx)?
        && let Ok(text) = std::str::from_utf8(text)
    {
        let mut parsed = Parsed::new();
        if chrono::format::parse(&mut parsed, text, DATE_TEXT.iter()).is_ok()
            && let Ok(date) = parsed.to_naive_date()
        {
            return Ok(date);
        }
    }
    row.get(idx)
}

/// The number written in `digits`, all ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// `text` read as a date in exactly the stored form, `2026-11-23`.
fn stored_date(text: &[u8]) -> Option<NaiveDate> {
    match text {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => NaiveDate::from_ymd_opt(
            i32::try_from(number(y)?).ok()?,
            number(&[*m1, *m2])?,
            number(&[*d1, *d2])?,
        ),
        _ => None,
    }
}

/// `text` read as a timestamp in exactly the form [`timestamp`] writes,
/// `2026-11-23 09:00:00.123+00:00`; `None` for any other text, which
/// chrono then reads.
fn stored_timestamp(text: &[u8]) -> Option<DateTime<Utc>> {
    let (date, rest) = text.split_at_checked(10)?;
    let rest = rest.strip_prefix(b" ")?.strip_suffix(b"+00:00")?;
    let (time, fraction) = rest.split_at_checked(8)?;
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(digits)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let [h1, h2, b':', m1, m2, b':', s1, s2] = *time else {
        return None;
    };
    let second = number(&[s1, s2])?;
    if second > 59 {
        return None;
    }
    let time = chrono::NaiveTime::from_hms_nano_opt(
        number(&[h1, h2])?,
        number(&[m1, m2])?,
        second,
        nanos,
    )?;
    Some(stored_date(date)?.and_time(time).and_utc())
}

/// Reads the rows of `sql` one at a time, handing each record `from_row`
/// makes of it to `each` until it says to stop.
pub(super) fn each_row<T>(
    conn: &Connection,
    sql: &str,
    from_row: fn(&Row<'_>) -> rusqlite::Result<T>,
    each: &mut dyn FnMut(T) -> ControlFlow<()>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if each(from_row(row)?).is_break() {
            break;
        }
    }
    Ok(())
}

/// Every record `read` hands over, in order.
pub(super) fn collect<T, E>(
    read: impl FnOnce(&mut dyn FnMut(T) -> ControlFlow<()>) -> Result<(), E>,
) -> Result<Vec<T>, E> {
    let mut all = Vec::new();
    read(&mut |record| {
        all.push(record);
        ControlFlow::Continue(())
    })?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use rusqlite::types::Value;

    use super::*;

    /// `value` read by `read` and by rusqlite from a row holding it.
    fn read_both<T: FromSql + PartialEq + std::fmt::Debug>(
        value: Value,
        read: fn(&Row<'_>, usize) -> rusqlite::Result<T>,
    ) {
        let conn = Connection::open_in_memory().unwrap();
        let (ours, theirs) = conn
            .query_row("SELECT ?1", [&value], |r| {
                Ok((read(r, 0), r.get::<_, T>(0)))
            })
            .unwrap();
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{value:?}"),
            (ours, theirs) => assert!(ours.is_err() && theirs.is_err(), "{value:?}"),
        }
    }

    #[test]
    fn timestamps_and_dates_are_written_and_read_as_rusqlite_does() {
        let base = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let nanos = [0, 123_000_000, 123_456_000, 123_456_789, 1];
        for at in nanos.map(|n| base + Duration::nanoseconds(n)) {
            assert_eq!(timestamp(&at), at.to_sql().unwrap());
            let ToSqlOutput::Owned(text) = timestamp(&at) else {
                panic!("a timestamp is text")
            };
            read_both(text, timestamp_at);
        }
        for text in [
            "2026-11-23T09:00:00Z",
            "2026-11-23 09:00:00",
            "2026-11-23 11:00:00.5+02:00",
            "2026-11-23 25:00:00+00:00",
            "2026-11-23 09:00:60+00:00",
            "2026-11-23 09:00:00.+00:00",
            "2026-11-23 09:00:00.1234567890+00:00",
            "2026-11-23 09:00:00.12+00:00",
            "2026-11-23 09:0a:00+00:00",
            "yesterday",
        ] {
            read_both(Value::Text(text.into()), timestamp_at);
        }
        read_both(Value::Integer(1_790_000_000), timestamp_at);

        let day = base.date_naive();
        assert_eq!(date(&day), day.to_sql().unwrap());
        for text in [
            "2026-11-23",
            "2026-02-30",
            "2026-1-3",
            "+2026-11-23",
            "23.11.2026",
            "",
        ] {
            read_both(Value::Text(text.into()), date_at);
        }
        read_both(Value::Null, date_at);
    }
}
