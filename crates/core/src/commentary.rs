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
    /// The code in JSON and CSV: `not-needed`, `written`, `owed`, `waived`.
    pub fn code(self) -> &'static str {
        match self {
            CommentaryNeed::NotNeeded => "not-needed",
            CommentaryNeed::Written => "written",
            CommentaryNeed::Owed => "owed",
            CommentaryNeed::Waived => "waived",
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

/// A Red or Amber result offered without commentary where the commentary can
/// be given in the same step (a form, an API call): refused, so the owner
/// writes it there and then. Paths that cannot ask (an import row, a target
/// revised, a tolerance changed) record the result and leave it
/// [`CommentaryNeed::Owed`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this result is {status}: say why, and what is being done about it", status = .status.label())]
pub struct CommentaryOwed {
    pub status: Status,
}

/// Checks a result about to be recorded with its commentary (None: no status yet).
pub fn check_entry(status: Option<Status>, commentary: Option<&str>) -> Result<(), CommentaryOwed> {
    match status {
        Some(status) if CommentaryNeed::of(status, commentary, false).is_owed() => Err(CommentaryOwed { status }),
        _ => Ok(()),
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

    #[test]
    fn an_entry_is_refused_only_when_it_would_owe_commentary() {
        assert_eq!(check_entry(Some(Status::Red), None), Err(CommentaryOwed { status: Status::Red }));
        assert_eq!(check_entry(Some(Status::Amber), Some(" ")), Err(CommentaryOwed { status: Status::Amber }));
        assert_eq!(check_entry(Some(Status::Red), Some("Two voids held for decant")), Ok(()));
        assert_eq!(check_entry(Some(Status::Green), None), Ok(()));
        assert_eq!(check_entry(None, None), Ok(()));
        assert_eq!(
            CommentaryOwed { status: Status::Amber }.to_string(),
            "this result is Amber: say why, and what is being done about it"
        );
    }
}
