//! outturn-report: committee reports. One report model (sections, numbered
//! paragraphs, tables, cross-references) is built from the app's queries and
//! the council's definitions; thin renderers lay it out as HTML or Markdown.
//!
//! Nothing here computes a status, a count or a period: statuses and summary
//! counts come from `outturn_app::status_report`, figures are formatted by
//! `Measure::format_figure` (through the status report), period words by
//! `Period::describe`. The model only arranges them and numbers paragraphs.

mod common;
pub mod compendium;
pub mod docx;
pub mod exception;
pub mod html;
pub mod markdown;
pub mod model;
pub mod quarterly;

use jiff::civil::Date;
use outturn_app::AppError;
use outturn_store::StoreError;

pub use model::{Block, Inline, Report, ReportKind, Section};

/// Report settings: what the cover block says. Until settings are stored per
/// council, they come from the command line; whatever is absent is shown as
/// "to be set".
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
}

impl Format {
    /// Whether the format is binary (written to a file, never to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx)
    }
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
        Format::Docx => panic!("a .docx is binary: render it with render_bytes"),
    }
}

/// Renders a report in any format, as the bytes of the file.
pub fn render_bytes(report: &Report, format: Format) -> Vec<u8> {
    match format {
        Format::Html | Format::Markdown => render(report, format).into_bytes(),
        Format::Docx => docx::render(report),
    }
}
