//! Keys: the short names a council gives to itself, its node kinds, nodes and
//! milestones in the framework file (`stevenage`, `business-unit`, `customer`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a valid key: use lower-case letters, digits and single hyphens, starting with a letter or digit (for example \"housing-and-investment\")"
)]
pub struct KeyError(pub String);

/// Lower-case letters, digits and hyphens; 1 to 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Key(String);

impl Key {
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        let ok = (1..=64).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if ok { Ok(Key(text.to_string())) } else { Err(KeyError(text.to_string())) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// For command-line arguments and other text: the same rule as [`Key::parse`].
impl std::str::FromStr for Key {
    type Err = KeyError;
    fn from_str(text: &str) -> Result<Key, KeyError> {
        Key::parse(text)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Key::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(Key::parse("housing-and-investment").is_ok());
        assert!(Key::parse("q2-2020").is_ok());
        for bad in ["", "Customer", "a b", "-a", "a-", "a--b", "café"] {
            assert!(Key::parse(bad).is_err(), "{bad}");
        }
    }
}
