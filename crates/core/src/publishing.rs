//! The publishing checklist: what must be settled before a committee report
//! is published and its period locked. Publishing with open items needs an
//! explicit override with a reason, which is recorded and printed in the
//! document's history.

use serde::Serialize;

/// What is still open for a report's period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// Narrative slots with nothing written, by their human labels.
    pub narrative_gaps: Vec<String>,
    /// Business units whose results are not signed off, by name.
    pub units_not_signed_off: Vec<String>,
    /// Cover fields still "to be set" (portfolio holder, lead officer...).
    pub cover_fields_unset: Vec<String>,
    /// Measures owing commentary ("NI156 Households in temporary accommodation").
    pub commentary_owed: Vec<String>,
}

/// Why publishing was refused: the open items, each a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the report cannot be published yet: {}", .0.join("; "))]
pub struct OpenItems(pub Vec<String>);

impl Checklist {
    /// Each open item as a sentence a performance officer can act on.
    pub fn open_items(&self) -> Vec<String> {
        let mut items = Vec::new();
        let mut add = |list: &[String], one: &str, many: &str| {
            if !list.is_empty() {
                let what = if list.len() == 1 { one } else { many };
                items.push(format!("{} {what}: {}", list.len(), list.join(", ")));
            }
        };
        add(&self.narrative_gaps, "narrative section not written", "narrative sections not written");
        add(&self.units_not_signed_off, "business unit not signed off", "business units not signed off");
        add(&self.cover_fields_unset, "cover field to be set", "cover fields to be set");
        add(&self.commentary_owed, "measure owes commentary", "measures owe commentary");
        items
    }

    pub fn is_clear(&self) -> bool {
        self.open_items().is_empty()
    }

    /// Whether the report may be published: with nothing open, or with an
    /// override whose reason is written (blank reasons do not count).
    pub fn may_publish(&self, override_reason: Option<&str>) -> Result<(), OpenItems> {
        let items = self.open_items();
        let overridden = override_reason.is_some_and(|r| !r.trim().is_empty());
        if items.is_empty() || overridden { Ok(()) } else { Err(OpenItems(items)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_items_refuse_publishing_unless_overridden_with_a_reason() {
        let check = Checklist {
            narrative_gaps: vec!["Recommendations".into()],
            units_not_signed_off: vec!["Housing and Investment".into(), "Finance".into()],
            cover_fields_unset: vec!["portfolio holder".into()],
            commentary_owed: vec![],
        };
        let refused = check.may_publish(None).unwrap_err();
        assert_eq!(
            refused.0,
            vec![
                "1 narrative section not written: Recommendations",
                "2 business units not signed off: Housing and Investment, Finance",
                "1 cover field to be set: portfolio holder",
            ]
        );
        assert!(check.may_publish(Some("  ")).is_err());
        assert!(check.may_publish(Some("Executive meets on 11 November; Finance signs off at the meeting")).is_ok());
        assert!(Checklist::default().may_publish(None).is_ok());
    }
}
