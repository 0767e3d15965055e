//! Targets: revising a measure's target for a period, with a reason.

pub mod target_revise;
