//! Committee reports: the council's report settings, a draft's narrative
//! and forecasts, and publishing (frozen files).

pub mod narrative;
pub mod publication;
pub mod settings;
