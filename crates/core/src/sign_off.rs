//! Sign-off of a business unit's results for a period: open -> submitted ->
//! signed off -> published (locked). The steps people take are appended as
//! events; the state is what they add up to. A signed-off unit's results
//! change only after it is reopened with a reason; once its period is
//! published, only a recorded correction (with a reason) may change them.

use std::fmt;

use serde::Serialize;

use crate::period::Period;

/// Where a business unit's results for a period stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignOffState {
    /// Being entered: provisional.
    Open,
    /// Sent to the director for sign-off: provisional.
    Submitted,
    /// The director has signed the figures off.
    SignedOff,
    /// A report for the period has been published: locked.
    Published,
}

impl SignOffState {
    pub fn code(self) -> &'static str {
        match self {
            SignOffState::Open => "open",
            SignOffState::Submitted => "submitted",
            SignOffState::SignedOff => "signed-off",
            SignOffState::Published => "published",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SignOffState::Open => "Open",
            SignOffState::Submitted => "Submitted",
            SignOffState::SignedOff => "Signed off",
            SignOffState::Published => "Published",
        }
    }
    /// Whether figures in this state are still provisional (not yet signed off).
    pub fn is_provisional(self) -> bool {
        matches!(self, SignOffState::Open | SignOffState::Submitted)
    }
}

impl fmt::Display for SignOffState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A step someone takes, recorded as an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignOffStep {
    /// A data owner or officer sends the unit's results for sign-off.
    Submit,
    /// The director responsible signs them off.
    SignOff,
    /// Back to open, with a reason, so results can change again.
    Reopen,
}

impl SignOffStep {
    pub const ALL: [SignOffStep; 3] = [SignOffStep::Submit, SignOffStep::SignOff, SignOffStep::Reopen];

    pub fn code(self) -> &'static str {
        match self {
            SignOffStep::Submit => "submit",
            SignOffStep::SignOff => "sign-off",
            SignOffStep::Reopen => "reopen",
        }
    }
    pub fn parse(text: &str) -> Option<SignOffStep> {
        SignOffStep::ALL.into_iter().find(|s| s.code() == text)
    }
    /// What the step is called in a sentence ("signed off").
    pub fn past(self) -> &'static str {
        match self {
            SignOffStep::Submit => "submitted",
            SignOffStep::SignOff => "signed off",
            SignOffStep::Reopen => "reopened",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignOffError {
    #[error("it cannot be {} while it is {}", .step.past(), .state.label().to_lowercase())]
    NotNow { step: SignOffStep, state: SignOffState },
    #[error("say why it is reopened: a reason is required")]
    ReasonRequired,
    #[error("the period is published and locked: change a figure by recording a correction with a reason")]
    Published,
}

/// The state after the steps taken, in order; `published` when a report for
/// the period has been published.
pub fn state_after(steps: impl IntoIterator<Item = SignOffStep>, published: bool) -> SignOffState {
    if published {
        return SignOffState::Published;
    }
    steps.into_iter().fold(SignOffState::Open, |_, step| match step {
        SignOffStep::Submit => SignOffState::Submitted,
        SignOffStep::SignOff => SignOffState::SignedOff,
        SignOffStep::Reopen => SignOffState::Open,
    })
}

/// Whether the step may be taken now; a reopening needs a reason.
pub fn check_step(state: SignOffState, step: SignOffStep, reason: Option<&str>) -> Result<(), SignOffError> {
    let allowed = match (state, step) {
        (SignOffState::Published, _) => return Err(SignOffError::Published),
        (SignOffState::Open, SignOffStep::Submit) => true,
        (SignOffState::Submitted, SignOffStep::SignOff) => true,
        (SignOffState::Submitted | SignOffState::SignedOff, SignOffStep::Reopen) => true,
        _ => false,
    };
    if !allowed {
        return Err(SignOffError::NotNow { step, state });
    }
    if step == SignOffStep::Reopen && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(SignOffError::ReasonRequired);
    }
    Ok(())
}

/// What stands in the way of changing a result in a given state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// Ordinary edits are allowed.
    Unlocked,
    /// Signed off: reopen with a reason first.
    SignedOff,
    /// Published: only a recorded correction with a reason.
    Published,
}

pub fn lock(state: SignOffState) -> Lock {
    match state {
        SignOffState::Open | SignOffState::Submitted => Lock::Unlocked,
        SignOffState::SignedOff => Lock::SignedOff,
        SignOffState::Published => Lock::Published,
    }
}

/// Whether a result for `result_period` (a measure's own period: a month, a
/// quarter, a year) belongs to the sign-off of `round_period`: it lies inside
/// it, or it is the year whose last quarter the round is.
pub fn covers(round_period: Period, result_period: Period) -> bool {
    round_period.contains(result_period)
        || (result_period.contains(round_period) && result_period.end_date() == round_period.end_date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    #[test]
    fn steps_add_up_to_a_state() {
        use SignOffStep::*;
        assert_eq!(state_after([], false), SignOffState::Open);
        assert_eq!(state_after([Submit], false), SignOffState::Submitted);
        assert_eq!(state_after([Submit, SignOff], false), SignOffState::SignedOff);
        assert_eq!(state_after([Submit, SignOff, Reopen], false), SignOffState::Open);
        assert_eq!(state_after([Submit], true), SignOffState::Published);
    }

    #[test]
    fn only_the_next_step_is_allowed() {
        use SignOffState::*;
        assert!(check_step(Open, SignOffStep::Submit, None).is_ok());
        assert_eq!(
            check_step(Open, SignOffStep::SignOff, None),
            Err(SignOffError::NotNow { step: SignOffStep::SignOff, state: Open })
        );
        assert!(check_step(Submitted, SignOffStep::SignOff, None).is_ok());
        assert_eq!(check_step(SignedOff, SignOffStep::Reopen, Some("  ")), Err(SignOffError::ReasonRequired));
        assert!(check_step(SignedOff, SignOffStep::Reopen, Some("figure keyed wrongly")).is_ok());
        assert_eq!(check_step(Published, SignOffStep::Reopen, Some("x")), Err(SignOffError::Published));
        assert_eq!(
            SignOffError::NotNow { step: SignOffStep::SignOff, state: Open }.to_string(),
            "it cannot be signed off while it is open"
        );
    }

    #[test]
    fn a_round_covers_its_months_and_the_year_it_ends() {
        assert!(covers(p("2020/21-Q2"), p("2020-09")));
        assert!(covers(p("2020/21-Q2"), p("2020-07")));
        assert!(covers(p("2020/21-Q2"), p("2020/21-Q2")));
        assert!(!covers(p("2020/21-Q2"), p("2020-10")));
        assert!(!covers(p("2020/21-Q2"), p("2020/21")));
        assert!(covers(p("2020/21-Q4"), p("2020/21")));
    }

    #[test]
    fn signed_off_and_published_lock() {
        assert_eq!(lock(SignOffState::Submitted), Lock::Unlocked);
        assert_eq!(lock(SignOffState::SignedOff), Lock::SignedOff);
        assert_eq!(lock(SignOffState::Published), Lock::Published);
    }
}
