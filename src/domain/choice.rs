//! Closed sets of choices (stage, status, importance …) with a stable key for
//! storage and a label for people.

/// A closed set of values a field can take.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every value, in the order a picker shows them.
    const ALL: &'static [Self];
    /// The stable key stored in the database and in exported files.
    fn key(self) -> &'static str;
    /// The label shown to the user.
    fn label(self) -> &'static str;
    /// The value whose key is `key`.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.key() == key)
    }
    /// Position of this value in [`Choice::ALL`].
    fn index(self) -> usize {
        Self::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }
}

/// Declares a choice enum with its keys and labels, and serde support through
/// the keys.
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::domain::choice::Choice for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn key(self) -> &'static str {
                match self { $(Self::$variant => $key),+ }
            }
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::domain::choice::Choice::label(*self))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::domain::choice::Choice::key(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <Self as $crate::domain::choice::Choice>::from_key(&key).ok_or_else(|| {
                    let keys: Vec<&str> = <Self as $crate::domain::choice::Choice>::ALL
                        .iter()
                        .map(|v| $crate::domain::choice::Choice::key(*v))
                        .collect();
                    serde::de::Error::custom(format!(
                        "unknown {} `{}`, expected one of: {}",
                        stringify!($name), key, keys.join(", ")
                    ))
                })
            }
        }
    };
}
pub(crate) use choice_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{IssueStatus, PlanStatus, RelationshipStage};

    #[test]
    fn keys_round_trip() {
        for s in RelationshipStage::ALL {
            assert_eq!(RelationshipStage::from_key(s.key()), Some(*s));
        }
        for s in PlanStatus::ALL {
            assert_eq!(PlanStatus::from_key(s.key()), Some(*s));
        }
        assert_eq!(IssueStatus::from_key("nonsense"), None);
    }

    #[test]
    fn serde_uses_keys_and_explains_unknown_values() {
        let json = serde_json::to_string(&PlanStatus::InProgress).unwrap();
        assert_eq!(json, "\"in_progress\"");
        let err = serde_json::from_str::<PlanStatus>("\"later\"").unwrap_err();
        assert!(
            err.to_string().contains("expected one of: proposed"),
            "{err}"
        );
    }
}
