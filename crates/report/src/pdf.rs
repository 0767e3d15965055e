//! PDF: a committee paper typeset by the typst library from the same model
//! the other renderers walk. The report becomes JSON data (words resolved
//! here, as the model gives them) that a fixed typst template lays out, so
//! no council text is ever read as typst markup. A4, page numbers "Page 3
//! of 12", numbered paragraphs with hanging numbers, tables with header rows
//! (repeated on each page) and row headers, statuses in words, each chart
//! drawn (the HTML report's SVG) above the table of its figures (an SPC
//! chart with its icons and their meaning in words), appendices
//! on landscape pages. The PDF is tagged (headings, lists, tables, links,
//! the charts' descriptions, language en-GB, the title) and
//! claims PDF/UA-1 when it passes typst's checks for it; the same report
//! always gives the same bytes (shipped fonts, no clock).

mod world;

use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::model::{Block, Inline, ListItem, Report, Table, Text};
/// The shipped fonts, for a drawing rasterised for Word (`crate::raster`).
pub(crate) use world::FONT_FILES;
use world::ReportWorld;

/// Why a report could not be typeset: a fault in the template, not in the
/// report, since the report's words are only ever data to it.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("cannot lay out the PDF: {0}")]
    Layout(String),
    #[error("cannot write the PDF: {0}")]
    Export(String),
}

/// Renders a report as a tagged PDF (PDF/UA-1 when it conforms).
pub fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let json = serde_json::to_vec(&document(report)).expect("the report's data serialises to JSON");
    let world = ReportWorld::new(json);
    let laid_out: PagedDocument = typst::compile(&world).output.map_err(|e| PdfError::Layout(messages(&e)))?;
    // PDF/UA-1 is claimed only when typst's checks pass; otherwise the same
    // tagged PDF is written without the claim rather than no PDF at all.
    export(&laid_out, &[PdfStandard::Ua_1]).or_else(|_| export(&laid_out, &[]))
}

fn export(laid_out: &PagedDocument, standards: &[PdfStandard]) -> Result<Vec<u8>, PdfError> {
    let options = PdfOptions {
        creator: Smart::Custom(Some("outturn".to_string())),
        standards: PdfStandards::new(standards).map_err(|e| PdfError::Export(e.message().to_string()))?,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(laid_out, &options).map_err(|e| PdfError::Export(messages(&e)))
}

fn messages(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// What the template reads from /report.json.
#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    /// A fictional council's notice, under the title and atop every page.
    notice: Option<&'a str>,
    cover: Vec<CoverLine<'a>>,
    /// Narrative still to be written, for the draft box.
    missing: &'a [String],
    sections: Vec<Section<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct CoverLine<'a> {
    label: &'a str,
    value: &'a str,
    to_be_set: bool,
}

#[derive(Serialize)]
struct Section<'a> {
    label: &'a str,
    heading: &'a str,
    appendix: bool,
    blocks: Vec<Kept<'a>>,
}

/// A block, and whether it is kept on the page of the block after it: an
/// introduction with its table, list or chart, the text before a chart with it.
#[derive(Serialize)]
struct Kept<'a> {
    keep: bool,
    #[serde(flatten)]
    block: BlockData<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum BlockData<'a> {
    #[serde(rename_all = "kebab-case")]
    Subheading {
        level: u8,
        text: &'a str,
        new_page: bool,
    },
    Paragraph {
        number: &'a str,
        anchor: &'a str,
        text: Vec<InlineData>,
    },
    List {
        items: Vec<ListNode>,
    },
    Table(TableData<'a>),
    /// A measure's figures against target: the drawing (the SVG the HTML
    /// report shows) above the table of the same figures.
    Chart {
        svg: Option<String>,
        /// What the drawing shows, for a screen reader (the table follows it).
        alt: String,
        table: TableData<'a>,
    },
    /// A measure's SPC chart: its title, the drawing, its icons each with
    /// their meaning in words, then the table of its lines and signals.
    SpcChart {
        title: &'a str,
        svg: &'a str,
        alt: &'a str,
        icons: [Icon<'a>; 2],
        table: TableData<'a>,
    },
}

/// An icon drawn beside its words (the drawing is an artifact: the words say it).
#[derive(Serialize)]
struct Icon<'a> {
    svg: String,
    words: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct TableData<'a> {
    caption: &'a str,
    columns: &'a [String],
    row_headers: bool,
    rows: &'a [Vec<String>],
    /// Per column: 0 to fit the content, otherwise a share of the width left.
    widths: Vec<usize>,
    notes: Vec<Vec<InlineData>>,
}

/// Running text with every piece already in words.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum InlineData {
    Text { words: String },
    Ref { words: String, anchor: String },
    Placeholder { words: String },
}

/// A list item with the items nested under it.
#[derive(Serialize)]
struct ListNode {
    text: Vec<InlineData>,
    children: Vec<ListNode>,
}

fn document(report: &Report) -> Document<'_> {
    Document {
        title: &report.title,
        notice: report.notice.as_deref(),
        cover: report
            .cover
            .iter()
            .map(|l| CoverLine { label: &l.label, value: &l.value, to_be_set: l.to_be_set })
            .collect(),
        missing: &report.missing_narratives,
        sections: report
            .sections
            .iter()
            .map(|s| Section {
                label: &s.label,
                heading: &s.heading,
                appendix: is_appendix(s),
                blocks: s
                    .blocks
                    .iter()
                    .enumerate()
                    .map(|(i, b)| Kept {
                        keep: kept_with_next(b, s.blocks.get(i + 1)),
                        block: block(b, if is_appendix(s) { LANDSCAPE_WIDTH } else { PORTRAIT_WIDTH }),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Appendices (the compendium's wide tables) are set on landscape pages.
fn is_appendix(s: &crate::model::Section) -> bool {
    s.label.starts_with("Appendix")
}

/// Whether a block stays on the page of the next: a paragraph introducing a
/// table, a chart or a list ("An overview of ... is outlined below."), and
/// whatever comes just before a chart (the spotlight's words, its forecast),
/// so a chart is never alone at the top of a page away from its spotlight.
/// A long table or list before a chart is left free to break.
fn kept_with_next(block: &Block, next: Option<&Block>) -> bool {
    match (block, next) {
        (Block::Paragraph(_), Some(Block::Table(_) | Block::Chart(_) | Block::SpcChart(_) | Block::List(_))) => true,
        (Block::Table(t), Some(Block::Chart(_))) => t.rows.len() <= SHORT_TABLE_ROWS,
        (Block::List(items), Some(Block::Chart(_))) => items.len() <= 6,
        _ => false,
    }
}

/// Tables up to this many rows are kept whole on one page (the template's rule).
const SHORT_TABLE_ROWS: usize = 12;

fn block(block: &Block, budget: usize) -> BlockData<'_> {
    match block {
        Block::Subheading { level, text, new_page } => {
            BlockData::Subheading { level: *level, text, new_page: *new_page }
        }
        Block::Paragraph(p) => BlockData::Paragraph { number: &p.number, anchor: &p.anchor, text: text(&p.text) },
        Block::List(items) => BlockData::List { items: tree(items) },
        Block::Table(t) => BlockData::Table(table(t, budget)),
        Block::Chart(c) => BlockData::Chart {
            svg: crate::chart::line_chart_in(&c.id, &c.title, &c.points, Some(c.unit), &c.labels),
            alt: format!(
                "{}: a line chart of the result against the target; the table after it gives the same figures.",
                c.title
            ),
            table: table(&c.table, budget),
        },
        Block::SpcChart(c) => BlockData::SpcChart {
            title: &c.title,
            svg: &c.svg,
            alt: &c.description,
            icons: [
                Icon { svg: crate::spc_chart::variation_icon(c.variation), words: &c.variation_words },
                Icon { svg: crate::spc_chart::assurance_icon(c.assurance), words: &c.assurance_words },
            ],
            table: table(&c.table, budget),
        },
    }
}

fn table(t: &Table, budget: usize) -> TableData<'_> {
    TableData {
        caption: &t.caption,
        columns: &t.columns,
        row_headers: t.row_headers,
        rows: &t.rows,
        widths: widths(t, budget),
        notes: t.notes.iter().map(text).collect(),
    }
}

fn text(t: &Text) -> Vec<InlineData> {
    t.iter()
        .map(|i| match i {
            Inline::Text { text } => InlineData::Text { words: text.clone() },
            Inline::Ref(r) => InlineData::Ref { words: r.words(), anchor: r.anchor.clone() },
            Inline::Placeholder { .. } => InlineData::Placeholder { words: i.words() },
        })
        .collect()
}

/// Nests items by depth: each deeper item goes under the last item above it.
fn tree(items: &[ListItem]) -> Vec<ListNode> {
    let mut roots: Vec<ListNode> = Vec::new();
    for item in items {
        let mut level = &mut roots;
        for _ in 0..item.depth {
            if level.is_empty() {
                break;
            }
            level = &mut level.last_mut().expect("a parent item").children;
        }
        level.push(ListNode { text: text(&item.text), children: Vec::new() });
    }
    roots
}

/// The text width of a portrait A4 page (2.3 cm margins, 16.4 cm) and of a
/// landscape one (25.1 cm, for appendices), in thousandths of an em of
/// table text (9.5pt), as [`world::text_width`] measures.
const PORTRAIT_WIDTH: usize = 48_900;
const LANDSCAPE_WIDTH: usize = 74_900;

/// Column widths, as shares of the table's width, from how wide each
/// column's text runs: its longest cell when every cell fits on one line,
/// otherwise short values (codes, figures, statuses) still on one line and
/// the longer text at least its longest word, with the room left shared by
/// how much more each column has to say (much as a browser lays out a table).
pub(crate) fn widths(t: &Table, budget: usize) -> Vec<usize> {
    /// A cell's inset (5pt each side).
    const PADDING: usize = 1_100;
    /// Values up to this wide (about 16 characters) stay on one line when the table allows it.
    const SHORT: usize = 9_000;
    let column = |i: usize| {
        let bold = i == 0 && t.row_headers;
        let cells = t.rows.iter().filter_map(move |r| r.get(i)).map(move |c| (c.as_str(), bold));
        cells.chain([(t.columns[i].as_str(), true)])
    };
    let n = t.columns.len();
    let natural: Vec<usize> =
        (0..n).map(|i| column(i).map(|(c, b)| world::text_width(c, b)).max().unwrap_or(0) + PADDING).collect();
    let words: Vec<usize> = (0..n)
        .map(|i| {
            let words = column(i).flat_map(|(c, b)| c.split_whitespace().map(move |w| world::text_width(w, b)));
            words.max().unwrap_or(0) + PADDING
        })
        .collect();
    let short: Vec<usize> =
        natural.iter().zip(&words).map(|(&n, &w)| if n <= SHORT + PADDING { n } else { w }).collect();
    let sum = |v: &[usize]| v.iter().sum::<usize>();
    let total = sum(&natural);
    if total <= budget {
        return natural;
    }
    // The least each column takes: short values whole if that fits, else its longest word.
    let least = if sum(&short) < budget { short } else { words };
    let floor = sum(&least);
    if floor >= budget {
        return least;
    }
    let (spare, stretch) = (budget - floor, total - floor);
    least.iter().zip(&natural).map(|(l, n)| l + (n - l) * spare / stretch).collect()
}
