//! Who a person is in outturn. What each role may do is decided in the app
//! layer (`outturn_app::access`); this is only the vocabulary.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Runs the installation: accounts, the audit log, every council.
    Administrator,
    /// Everything for their council: framework, targets, results, reports.
    PerformanceOfficer,
    /// Signs off their business units' results.
    Director,
    /// Enters results and commentary for the measures their nodes own.
    DataOwner,
    /// Reads everything, changes nothing.
    Viewer,
}

pub const ROLE_NAMES: &str = "administrator, performance-officer, director, data-owner, viewer";

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Administrator, Role::PerformanceOfficer, Role::Director, Role::DataOwner, Role::Viewer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::PerformanceOfficer => "performance-officer",
            Role::Director => "director",
            Role::DataOwner => "data-owner",
            Role::Viewer => "viewer",
        }
    }
    pub fn parse(text: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == text.trim())
            .ok_or_else(|| format!("\"{text}\" is not a role: use one of {ROLE_NAMES}"))
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "Administrator",
            Role::PerformanceOfficer => "Performance officer",
            Role::Director => "Director",
            Role::DataOwner => "Data owner",
            Role::Viewer => "Viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
