//! outturn-app: the use cases. Each reads facts from the store, asks the core
//! for every rule, and returns plain values for the CLI (and later the web
//! and reports) to render. No status, total or period is computed here.

pub mod access;
pub mod accounts;
pub mod actor;
pub mod audit_event;
pub mod committees;
mod council_title;
pub use council_title::{CouncilTitle, fictional_notice};
pub mod csv_cell;
pub use outturn_store::cache;
pub mod demo;
pub mod export;
pub mod forecast_override;
pub mod framework;
pub mod import;
pub mod legacy;
pub mod published;
pub mod reports;
pub mod results;
pub mod rounds;
pub mod statuses;
pub mod targets;

use outturn_core::Key;
use outturn_store::StoreError;

use framework::file::FileProblem;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", framework_problems(.0))]
    FrameworkFile(Vec<FileProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error("there is no council \"{0}\"{hint}", hint = council_hint(.1))]
    NoCouncil(String, Vec<String>),
    #[error(
        "council {council} has no measure \"{code}\" (codes are case-sensitive; `outturn measures list --council {council}` lists them)"
    )]
    NoMeasure { council: String, code: String },
    #[error("{}", legacy::problems_message(.0))]
    LegacyLines(Vec<legacy::LineProblem>),
    #[error("{}", import::problems_message(.0))]
    ImportRows(Vec<FileProblem>),
    /// Collection rounds, sign-off and publishing: a step that cannot be taken now, or a locked result.
    #[error("{0}")]
    Workflow(String),
    /// Reminders: an email address that cannot be used.
    #[error("{0}")]
    Reminder(String),
    /// Committees and improvement plans.
    #[error("{}", committee_problems(.0))]
    CommitteeFile(Vec<FileProblem>),
    /// No such publication, or one of another council than the one asked
    /// about (answered alike, so that ids say nothing of other councils).
    #[error("there is no published report {0} (`outturn report list` lists them)")]
    NoPublication(i64),
    /// A council that has published no report yet: the public see nothing of it.
    #[error("council {0} has published no report yet")]
    NothingPublished(String),
    #[error("council {council} has no committee action {id}")]
    NoCommitteeAction { council: String, id: i64 },
    #[error("{field}: {message}")]
    BadInput { field: &'static str, message: String },
    /// An export that cannot be written (a workbook's limits).
    #[error("{0}")]
    Export(String),
}

fn committee_problems(problems: &[FileProblem]) -> String {
    let mut text = format!(
        "nothing was stored: the committee file has {} problem{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    text
}

fn framework_problems(problems: &[FileProblem]) -> String {
    let mut text = format!(
        "nothing was applied: the framework has {} problem{}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    text
}

fn council_hint(known: &[String]) -> String {
    if known.is_empty() {
        " (the database has no councils yet: run `outturn demo` or `outturn framework apply FILE`)".to_string()
    } else {
        format!(" (known: {})", known.join(", "))
    }
}

/// Loads a council or says which councils there are.
pub(crate) async fn council(
    store: &dyn outturn_store::Store,
    slug: &Key,
) -> Result<std::sync::Arc<outturn_store::Council>, AppError> {
    match store.council(slug).await? {
        Some(c) => Ok(c),
        None => Err(no_council(store, slug.as_str()).await),
    }
}

/// A council's name and notice, which are public (the start page lists
/// councils, and published reports carry them): for page headings and menus.
pub async fn council_title(store: &dyn outturn_store::Store, council: &Key) -> Result<CouncilTitle, AppError> {
    Ok(CouncilTitle::of(&*crate::council(store, council).await?))
}

/// The error for an unknown council, naming the councils there are.
pub(crate) async fn no_council(store: &dyn outturn_store::Store, slug: &str) -> AppError {
    match store.councils().await {
        Ok(known) => AppError::NoCouncil(slug.to_string(), known.into_iter().map(|c| c.slug.to_string()).collect()),
        Err(e) => e.into(),
    }
}

/// The text with its first letter in capitals, for messages that open a sentence.
pub fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Percent-encodes text for a URL's path segment or query value: every
/// byte but letters, digits and `-_.~` (a period's `/`, a code's space).
pub fn url_path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
