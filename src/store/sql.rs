//! Conversions between domain values and SQLite values.

use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

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
