//! Stable record identifiers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A record id: a UUIDv7, so ids sort by creation time and stay unique when
/// records move between databases; or, for a record made from something
/// that has a name of its own elsewhere (a calendar's meeting), a UUIDv5 of
/// that name, so that every database makes it with the same id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Uuid);

impl Id {
    /// A fresh id for a new record.
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }

    /// The id of the record named `name` within `scope` (a UUIDv5): the
    /// same wherever and whenever it is made.
    pub fn named(scope: Id, name: &str) -> Self {
        Self(Uuid::new_v5(&scope.0, name.as_bytes()))
    }

    /// The underlying UUID.
    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for Id {
    type Err = uuid::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = Id::new();
        assert_eq!(id.to_string().parse::<Id>().unwrap(), id);
    }

    #[test]
    fn a_named_id_is_the_same_for_the_same_name_and_scope_only() {
        let (scope, other) = (Id::new(), Id::new());
        assert_eq!(Id::named(scope, "uid-1"), Id::named(scope, "uid-1"));
        assert_ne!(Id::named(scope, "uid-1"), Id::named(scope, "uid-2"));
        assert_ne!(Id::named(scope, "uid-1"), Id::named(other, "uid-1"));
    }

    #[test]
    fn later_ids_sort_after_earlier_ones() {
        let a = Id::new();
        let b = Id::new();
        assert!(a < b);
    }
}
