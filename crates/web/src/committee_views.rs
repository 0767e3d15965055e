//! The pages of committee meetings, actions and improvement plans.

use askama::Template;
use outturn_app::results::data_entry::FieldError;

use crate::views::{Chrome, StatusTag, error_for};

/// An action's progress as a tag: the words, never the colour alone.
#[derive(Debug, Clone)]
pub struct ProgressTag {
    pub label: &'static str,
    pub class: &'static str,
}

impl ProgressTag {
    pub fn of(progress: outturn_core::ActionProgress) -> ProgressTag {
        use outturn_core::ActionProgress::*;
        let class = match progress {
            NotStarted => "govuk-tag--grey",
            InProgress => "govuk-tag--blue",
            Done => "govuk-tag--green",
            Overdue => "govuk-tag--red",
        };
        ProgressTag { label: progress.label(), class }
    }
}

#[derive(Debug, Clone)]
pub struct MeetingRow {
    pub id: i64,
    pub name: String,
    pub reports: String,
    pub resolutions: usize,
    pub actions: usize,
}

#[derive(Template)]
#[template(path = "committee/meetings.html")]
pub struct MeetingsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub meetings: Vec<MeetingRow>,
}

#[derive(Debug, Clone)]
pub struct ActionRow {
    pub id: i64,
    pub number: u32,
    pub asked: String,
    pub asked_of: String,
    pub due: String,
    pub progress: ProgressTag,
    /// The meeting that asked, on lists that span meetings.
    pub meeting: String,
    pub meeting_id: i64,
}

#[derive(Template)]
#[template(path = "committee/meeting.html")]
pub struct MeetingPage {
    pub chrome: Chrome,
    pub slug: String,
    pub name: String,
    pub reports: Vec<String>,
    pub resolutions: Vec<(u32, String)>,
    pub actions: Vec<ActionRow>,
    pub today: String,
}

#[derive(Debug, Clone)]
pub struct UpdateRow {
    pub at: String,
    pub author: String,
    pub note: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "committee/action.html")]
pub struct ActionPage {
    pub chrome: Chrome,
    pub slug: String,
    pub meeting: String,
    pub meeting_id: i64,
    pub action: ActionRow,
    pub updates: Vec<UpdateRow>,
    pub can_update: bool,
    /// (code, label, checked)
    pub states: Vec<(&'static str, &'static str, bool)>,
    pub note: String,
    pub errors: Vec<FieldError>,
}

impl ActionPage {
    pub fn error(&self, field: &str) -> Option<&str> {
        error_for(&self.errors, field)
    }
}

#[derive(Template)]
#[template(path = "committee/mine.html")]
pub struct MyActionsPage {
    pub chrome: Chrome,
    pub slug: String,
    pub actions: Vec<ActionRow>,
}

#[derive(Debug, Clone)]
pub struct PlanRow {
    pub code: String,
    pub code_url: String,
    pub measure_title: String,
    pub title: String,
    pub owner: String,
    pub review: String,
    pub in_focus: bool,
    pub latest: StatusTag,
}

#[derive(Template)]
#[template(path = "committee/plans.html")]
pub struct PlansPage {
    pub chrome: Chrome,
    pub slug: String,
    pub period: String,
    pub green_periods: u32,
    pub plans: Vec<PlanRow>,
}

#[derive(Template)]
#[template(path = "committee/plan.html")]
pub struct PlanPage {
    pub chrome: Chrome,
    pub slug: String,
    pub plan: PlanRow,
    pub monitored_by: String,
    pub opened: String,
    pub period: String,
    pub green_periods: u32,
    pub actions: Vec<String>,
    /// (what, due)
    pub milestones: Vec<(String, String)>,
    /// (period, status)
    pub statuses: Vec<(String, StatusTag)>,
}
