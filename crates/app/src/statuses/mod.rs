//! Reading the council's position: statuses for a period, the dashboard, a
//! measure's page and history, measure lists and the API's reads. Queries
//! only; nothing here changes a fact.

pub mod api_reads;
pub mod dashboard;
pub mod measure_page;
pub mod measures_query;
pub mod status_report;
