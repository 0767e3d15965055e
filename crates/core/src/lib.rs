//! outturn-core: the rules of council performance management, with no I/O.
//!
//! Every status, year-to-date figure, direction of travel and summary that
//! outturn shows is computed here and only here; the store keeps facts and the
//! outer layers render what this crate returns.

pub mod as_of;
pub mod assess;
pub mod benchmark;
pub mod collection;
pub mod commentary;
pub mod committee;
pub mod direction;
pub mod forecast;
pub mod framework;
pub mod improvement;
pub mod judgement;
pub mod kept_rule;
pub mod key;
pub mod measure;
pub mod milestone;
pub mod period;
pub mod publishing;
pub mod result;
pub mod role;
pub mod roll_up;
pub mod round;
pub mod sign_off;
pub mod spc;
pub mod status;
pub mod status_labels;
pub mod summary;
pub mod target;
pub mod text;
pub mod year_to_date;

pub use as_of::AsOf;
pub use assess::{Assessment, MeasureHistory, MeasureView, assess};
pub use collection::{Collection, RoundState, default_quarter};
pub use committee::{
    ActionProgress, ActionState, ActionUpdate, AskedOf, CommitteeAction, Meeting, ReportConsidered, Resolution,
};
pub use direction::Direction;
pub use framework::{Framework, Node, NodeKind};
pub use improvement::{ImprovementPlan, PlanMilestone};
pub use judgement::Judgement;
pub use kept_rule::{KeptRule, MeasureKeptRule};
pub use key::Key;
pub use measure::{Bands, Measure, MeasureCode, Polarity, StatusRule, Tolerance, ToleranceKind, Unit, YtdRule};
pub use milestone::{Milestone, MilestoneStatus, MilestoneUpdate};
pub use period::{FinancialYear, Frequency, Month, Period, Quarter, supported_day};
pub use result::{Figure, ResultEntry, ResultValue};
pub use role::Role;
pub use roll_up::{RollUpRule, RolledUp, Scores, Tally};
pub use rust_decimal::Decimal;
pub use sign_off::{SignOffState, SignOffStep};
pub use status::Status;
pub use status_labels::{Colour, StatusLabels, StatusStyle};
pub use summary::{GroupCondition, Summary, SummaryGroup, SummaryRule};
pub use target::TargetRevision;
