//! Milestones, commitments and work programmes: items judged in words
//! (on track, at risk...) rather than against a numeric target.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;

use crate::as_of::AsOf;
use crate::key::Key;
use crate::period::Period;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub key: Key,
    /// The council's word for it: milestone, commitment, work programme...
    pub kind: String,
    pub title: String,
    pub node: Key,
    pub due: Option<Period>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum MilestoneStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Achieved,
    NotAchieved,
    /// Affected by a named external factor (Covid-19, a General Election).
    AffectedByExternalFactor {
        factor: String,
    },
}

pub const MILESTONE_STATUS_NAMES: &str =
    "not-started, on-track, at-risk, off-track, achieved, not-achieved, affected-by-external-factor";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MilestoneStatusError {
    #[error("\"{0}\" is not a milestone status: use one of {MILESTONE_STATUS_NAMES}")]
    Unknown(String),
    #[error("affected-by-external-factor needs the factor named (for example \"Covid-19\")")]
    FactorNeeded,
    #[error("a factor is only given with affected-by-external-factor")]
    FactorNotExpected,
}

impl MilestoneStatus {
    pub fn parse(status: &str, factor: Option<&str>) -> Result<Self, MilestoneStatusError> {
        let factor = factor.map(str::trim).filter(|f| !f.is_empty());
        let plain = match status.trim() {
            "not-started" => MilestoneStatus::NotStarted,
            "on-track" => MilestoneStatus::OnTrack,
            "at-risk" => MilestoneStatus::AtRisk,
            "off-track" => MilestoneStatus::OffTrack,
            "achieved" => MilestoneStatus::Achieved,
            "not-achieved" => MilestoneStatus::NotAchieved,
            "affected-by-external-factor" => {
                let factor = factor.ok_or(MilestoneStatusError::FactorNeeded)?;
                return Ok(MilestoneStatus::AffectedByExternalFactor { factor: factor.to_string() });
            }
            other => return Err(MilestoneStatusError::Unknown(other.to_string())),
        };
        if factor.is_some() {
            return Err(MilestoneStatusError::FactorNotExpected);
        }
        Ok(plain)
    }
    pub fn code(&self) -> &'static str {
        match self {
            MilestoneStatus::NotStarted => "not-started",
            MilestoneStatus::OnTrack => "on-track",
            MilestoneStatus::AtRisk => "at-risk",
            MilestoneStatus::OffTrack => "off-track",
            MilestoneStatus::Achieved => "achieved",
            MilestoneStatus::NotAchieved => "not-achieved",
            MilestoneStatus::AffectedByExternalFactor { .. } => "affected-by-external-factor",
        }
    }
    pub fn factor(&self) -> Option<&str> {
        match self {
            MilestoneStatus::AffectedByExternalFactor { factor } => Some(factor),
            MilestoneStatus::NotStarted
            | MilestoneStatus::OnTrack
            | MilestoneStatus::AtRisk
            | MilestoneStatus::OffTrack
            | MilestoneStatus::Achieved
            | MilestoneStatus::NotAchieved => None,
        }
    }
    /// Reported by exception: at risk, off track, not achieved or affected
    /// by an external factor.
    pub fn is_exception(&self) -> bool {
        match self {
            MilestoneStatus::AtRisk
            | MilestoneStatus::OffTrack
            | MilestoneStatus::NotAchieved
            | MilestoneStatus::AffectedByExternalFactor { .. } => true,
            MilestoneStatus::NotStarted | MilestoneStatus::OnTrack | MilestoneStatus::Achieved => false,
        }
    }
}

impl fmt::Display for MilestoneStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MilestoneStatus::NotStarted => f.write_str("Not started"),
            MilestoneStatus::OnTrack => f.write_str("On track"),
            MilestoneStatus::AtRisk => f.write_str("At risk"),
            MilestoneStatus::OffTrack => f.write_str("Off track"),
            MilestoneStatus::Achieved => f.write_str("Achieved"),
            MilestoneStatus::NotAchieved => f.write_str("Not achieved"),
            MilestoneStatus::AffectedByExternalFactor { factor } => {
                write!(f, "Affected by an external factor: {factor}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneUpdate {
    pub milestone: Key,
    pub period: Period,
    pub status: MilestoneStatus,
    pub update: Option<String>,
    pub recorded_at: Timestamp,
}

/// The update for a milestone and period as recorded at `as_of`.
pub fn update_as_recorded<'a>(
    updates: &'a [MilestoneUpdate],
    milestone: &Key,
    period: Period,
    as_of: AsOf,
) -> Option<&'a MilestoneUpdate> {
    updates
        .iter()
        .enumerate()
        .filter(|(_, u)| &u.milestone == milestone && u.period == period && as_of.knows(u.recorded_at))
        .max_by_key(|(order, u)| (u.recorded_at, *order))
        .map(|(_, u)| u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_and_the_factor_is_required_and_named() {
        assert_eq!(MilestoneStatus::parse("on-track", None), Ok(MilestoneStatus::OnTrack));
        let s = MilestoneStatus::parse("affected-by-external-factor", Some("Covid-19")).unwrap();
        assert_eq!(s.to_string(), "Affected by an external factor: Covid-19");
        assert_eq!(
            MilestoneStatus::parse("affected-by-external-factor", Some(" ")),
            Err(MilestoneStatusError::FactorNeeded)
        );
        assert_eq!(MilestoneStatus::parse("on-track", Some("x")), Err(MilestoneStatusError::FactorNotExpected));
        assert!(MilestoneStatus::parse("green", None).unwrap_err().to_string().contains("on-track"));
    }

    #[test]
    fn exceptions_are_at_risk_off_track_not_achieved_and_external_factors() {
        let exceptions: Vec<&str> = MILESTONE_STATUS_NAMES
            .split(", ")
            .map(|name| MilestoneStatus::parse(name, (name == "affected-by-external-factor").then_some("Covid-19")))
            .map(Result::unwrap)
            .filter(MilestoneStatus::is_exception)
            .map(|s| s.code())
            .collect();
        assert_eq!(exceptions, ["at-risk", "off-track", "not-achieved", "affected-by-external-factor"]);
    }
}
