//! The council's framework: the framework file (TOML and the CSV files it
//! names), applying it, the tree as it stood on a date, and editing one
//! measure's definition.

pub mod apply;
pub mod file;
pub(crate) mod kept_rules;
pub mod measure_edit;
pub mod query;
