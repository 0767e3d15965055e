//! The log: one tracing subscriber for the process, installed at start,
//! writing to stderr (stdout is for what a command prints). Lines for people
//! by default, one JSON object a line for a log collector; which lines is
//! `RUST_LOG`'s choice, by default info for outturn and the request lines,
//! warnings for the rest.

use std::io::IsTerminal;

use clap::ValueEnum;
use tracing_subscriber::EnvFilter;

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum LogFormat {
    /// A line a person reads.
    #[default]
    Text,
    /// One JSON object a line.
    Json,
}

/// The crates whose info lines are wanted unless `RUST_LOG` says otherwise
/// (tower_http writes the line for each response).
const DEFAULT_FILTER: &str = "warn,outturn=info,outturn_core=info,outturn_store=info,outturn_app=info,outturn_report=info,outturn_web=info,tower_http=info";

pub fn init(format: LogFormat) {
    let (filter, bad_rust_log) = match std::env::var("RUST_LOG") {
        Ok(text) if !text.trim().is_empty() => match EnvFilter::try_new(&text) {
            Ok(filter) => (filter, None),
            Err(e) => (EnvFilter::new(DEFAULT_FILTER), Some(e.to_string())),
        },
        _ => (EnvFilter::new(DEFAULT_FILTER), None),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // try_init: a second subscriber (a test that installed its own) is not an error worth stopping for.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).with_span_list(false).try_init(),
    };
    if let Some(e) = bad_rust_log {
        tracing::warn!("RUST_LOG cannot be read ({e}): using the default, {DEFAULT_FILTER}");
    }
}
