//! outturn-report: committee reports. One report model (sections, numbered
//! paragraphs, tables, cross-references) is built from the app's queries and
//! the council's definitions; thin renderers lay it out as HTML, Markdown,
//! DOCX or PDF.
//!
//! Nothing here computes a status, a count or a period: statuses and summary
//! counts come from `outturn_app::statuses::status_report`, figures are formatted by
//! `Measure::format_figure` (through the status report), period words by
//! `Period::describe`. The model only arranges them and numbers paragraphs.

pub mod chart;
mod common;
pub mod compendium;
pub mod docx;
pub mod exception;
mod follow_up;
pub mod html;
pub mod markdown;
pub mod model;
pub mod narrative;
pub mod pdf;
pub mod publish;
pub mod quarterly;
mod raster;
pub mod spc_chart;
mod spotlight;

use jiff::civil::Date;
use outturn_app::AppError;
use outturn_core::Key;
use outturn_store::StoreError;

pub use model::{Block, Inline, Report, ReportKind, Section};

/// What one rendering of a report is for: the committee and meeting it goes
/// to and the date the figures are as recorded on. The council's stored
/// report settings (cover block, implications: `outturn_app::reports::settings`)
/// fill the rest; whatever is absent from both is shown as "to be set".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The committee that receives the report ("Executive").
    pub committee: Option<String>,
    /// The date of the meeting.
    pub date: Option<Date>,
    /// Figures as recorded by the end of this day; absent means now.
    pub as_of: Option<Date>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the workbook: {0}")]
    Workbook(String),
}

/// The formats a report renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    /// A Word document: binary, so rendered with [`render_bytes`].
    Docx,
    /// A tagged PDF (typst): binary, so rendered with [`render_bytes`].
    Pdf,
}

impl Format {
    /// Every format, in the order a publication stores them (a new format
    /// must be added here and to `code`, whose match will not compile without it).
    pub const ALL: [Format; 4] = [Format::Html, Format::Markdown, Format::Docx, Format::Pdf];

    /// The format's short name and file extension (`html`, `md`, `docx`, `pdf`).
    pub fn code(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The media type a download is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Pdf => "application/pdf",
        }
    }

    /// Whether the format is binary (written to a file, never to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Pdf)
    }
}

/// A report draft as generated now: the report, and every narrative slot in
/// it with what is written so far (the generated parts are never stored).
#[derive(Debug, Clone)]
pub struct Draft {
    pub report: Report,
    pub slots: Vec<model::NarrativeSlot>,
}

impl Draft {
    /// The slots with nothing written yet, in the order they appear.
    pub fn needed(&self) -> impl Iterator<Item = &model::NarrativeSlot> {
        self.slots.iter().filter(|s| s.text.is_none())
    }
}

/// Builds the draft of a report of `kind` for a council and period.
pub async fn draft(
    store: &dyn outturn_store::Store,
    actor: &outturn_app::actor::Actor,
    kind: ReportKind,
    council: &Key,
    period: outturn_core::Period,
    settings: &Settings,
) -> Result<Draft, ReportError> {
    let (report, slots) = match kind {
        ReportKind::Quarterly => quarterly::draft(store, actor, council, period, settings).await?,
        ReportKind::Exception => exception::draft(store, actor, council, period, settings).await?,
    };
    Ok(Draft { report, slots })
}

/// Renders a report in a text format.
///
/// # Panics
///
/// For a binary format ([`Format::is_binary`]): use [`render_bytes`].
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Html => html::render(report),
        Format::Markdown => markdown::render(report),
        Format::Docx | Format::Pdf => panic!("a .docx or .pdf is binary: render it with render_bytes"),
    }
}

/// Renders a report in any format, as the bytes of the file.
pub fn render_bytes(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Html | Format::Markdown => render(report, format).into_bytes(),
        Format::Docx => docx::render(report),
        // The report's words are data to a fixed template, so a failure here
        // is a fault in the template (caught by the tests), not in the report.
        Format::Pdf => pdf::render(report).unwrap_or_else(|e| panic!("{e}")),
    }
}
