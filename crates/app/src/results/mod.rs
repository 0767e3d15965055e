//! Results: recording a figure, a commentary or a missing-data reason for a
//! measure's period, and the comparison of new facts with stored ones.

pub mod commentary;
pub mod data_changes;
pub mod data_entry;
pub mod grid;
pub mod judgement;
