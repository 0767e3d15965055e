//! How a council is named on every page and document: its name, and for a
//! fictional (demo) council the notice that its figures are made up.

use outturn_store::Council;

/// A council's name and the notice every page and document of it carries,
/// if any. Both are public (the start page lists councils).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilTitle {
    pub name: String,
    /// "Example Borough Council: figures are generated, not real" for a
    /// fictional council; nothing for a real one.
    pub notice: Option<String>,
}

impl CouncilTitle {
    pub fn of(council: &Council) -> Self {
        CouncilTitle { name: council.name.clone(), notice: fictional_notice(&council.name, council.fictional) }
    }
}

/// The one wording of the fictional council notice.
pub fn fictional_notice(name: &str, fictional: bool) -> Option<String> {
    fictional.then(|| format!("{name}: figures are generated, not real"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fictional_council_carries_the_notice() {
        assert_eq!(
            fictional_notice("Example Borough Council", true).as_deref(),
            Some("Example Borough Council: figures are generated, not real")
        );
        assert_eq!(fictional_notice("Stevenage Borough Council", false), None);
    }
}
