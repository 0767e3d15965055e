//! The commentary rule: a measure that is Red or Amber for a period needs
//! its owner's commentary (why, and what is being done). It holds however
//! the status came about (a result typed in, an import row, the API, a
//! target revised, a tolerance changed): every path asks here, and while
//! commentary is owed the measure shows "commentary needed", its owner's
//! to-do list lists it and the unit's results cannot be signed off, unless a
//! performance officer has recorded why it is not needed.

use crate::status::Status;

/// Where a measure's commentary for a period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommentaryNeed {
    /// Green, no target, information only, Missing or Awaiting.
    NotNeeded,
    /// Red or Amber, and the owner wrote why.
    Written,
    /// Red or Amber with no commentary: the owner owes it.
    Owed,
    /// Red or Amber with no commentary, and an officer recorded why none is needed.
    Waived,
}

impl CommentaryNeed {
    pub fn of(status: Status, commentary: Option<&str>, waived: bool) -> CommentaryNeed {
        let needs = status.needs_commentary();
        let written = commentary.is_some_and(|c| !c.trim().is_empty());
        match (needs, written, waived) {
            (false, _, _) => CommentaryNeed::NotNeeded,
            (true, true, _) => CommentaryNeed::Written,
            (true, false, true) => CommentaryNeed::Waived,
            (true, false, false) => CommentaryNeed::Owed,
        }
    }
    pub fn is_owed(self) -> bool {
        self == CommentaryNeed::Owed
    }
    pub fn label(self) -> &'static str {
        match self {
            CommentaryNeed::NotNeeded => "Not needed",
            CommentaryNeed::Written => "Written",
            CommentaryNeed::Owed => "Commentary needed",
            CommentaryNeed::Waived => "Not needed (recorded by an officer)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_and_amber_owe_commentary_until_written_or_waived() {
        use CommentaryNeed::*;
        for status in [Status::Red, Status::Amber] {
            assert_eq!(CommentaryNeed::of(status, None, false), Owed);
            assert_eq!(CommentaryNeed::of(status, Some("  "), false), Owed);
            assert_eq!(CommentaryNeed::of(status, Some("Two voids held for decant"), false), Written);
            assert_eq!(CommentaryNeed::of(status, None, true), Waived);
        }
        for status in [Status::Green, Status::Missing, Status::Awaiting, Status::NoTarget, Status::InformationOnly] {
            assert_eq!(CommentaryNeed::of(status, None, false), NotNeeded);
        }
        assert!(Owed.is_owed() && !Waived.is_owed() && !Written.is_owed());
    }
}
