//! Reading the council's position: statuses for a period, the dashboard, a
//! measure's page and history, measure lists, a measure's series for an SPC
//! chart, its benchmarks against other councils and the API's reads.
//! Queries only; nothing here changes a fact.

pub mod api_reads;
pub mod benchmark;
pub mod dashboard;
pub mod early_warning;
pub mod forecast;
pub mod measure_page;
pub mod measures_query;
pub mod spc;
pub mod status_report;
