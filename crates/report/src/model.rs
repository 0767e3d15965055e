//! The report model: what a committee report says, independent of its
//! format. Sections hold numbered paragraphs (3.1, 3.2 ...), lists, tables
//! and sub-headings; cross-references name paragraph ranges by the numbers
//! the model itself gave. Renderers only lay this out.

use std::collections::HashMap;

use serde::Serialize;

/// Which report this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// The corporate performance report (the Stevenage shape).
    Quarterly,
    /// Amber and Red only, plus items worth noting (the Epping Forest shape).
    Exception,
}

impl ReportKind {
    /// As drafts and the command line name it: "quarterly", "exception".
    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Quarterly => "quarterly",
            ReportKind::Exception => "exception",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "quarterly" => Some(ReportKind::Quarterly),
            "exception" => Some(ReportKind::Exception),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub kind: ReportKind,
    /// "Corporate Performance Report: July to September 2020 (2020/21-Q2)".
    pub title: String,
    /// A fictional council's "figures are generated, not real": printed
    /// under the title and, in paged formats, on every page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    pub cover: Vec<CoverLine>,
    pub sections: Vec<Section>,
    /// The Red and Amber measures given a spotlight, with the paragraphs they take.
    pub spotlights: Vec<SpotlightIndex>,
    /// Every narrative a person still has to write, in the order it appears.
    pub missing_narratives: Vec<String>,
}

/// One line of the cover block; `to_be_set` when the report settings do not give it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverLine {
    pub label: String,
    pub value: String,
    pub to_be_set: bool,
}

/// A section: "1 Purpose", "3 Background", or an appendix ("Appendix A").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// "1", "2" ... for numbered sections, "Appendix A" for appendices.
    pub label: String,
    pub heading: String,
    /// For links: "section-3", "appendix-a".
    pub anchor: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "block", rename_all = "kebab-case")]
pub enum Block {
    /// A heading inside a section: level 1 is directly below the section heading.
    Subheading {
        level: u8,
        text: String,
        /// Starts a new page when printed: a major part of the paper (each
        /// theme's highlights, say), so a reader finds it at a page's top.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        new_page: bool,
    },
    Paragraph(Paragraph),
    #[serde(serialize_with = "tagged_items")]
    List(Vec<ListItem>),
    Table(Table),
    /// A measure's figures against target, period by period. HTML draws it
    /// beside `table` (the same figures); other formats print the table only.
    Chart(Chart),
    /// A measure's statistical process control chart over its history, its
    /// icons with their meaning in words, and a table of what it shows.
    SpcChart(SpcChart),
}

/// A list block as `{"block": "list", "items": [...]}`: serde cannot put
/// the enum's tag beside a bare sequence (the API serves this model as JSON).
fn tagged_items<S: serde::Serializer, T: Serialize>(items: &T, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut list = s.serialize_struct("List", 1)?;
    list.serialize_field("items", items)?;
    list.end()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// Unique in the report, for the drawing's ids: "chart-bv66a".
    pub id: String,
    pub title: String,
    pub points: Vec<crate::chart::ChartPoint>,
    /// The measure's unit, for the value axis ("£250,000", "70 days", "92%").
    #[serde(skip)]
    pub unit: outturn_core::Unit,
    /// The council's words and colours for the statuses marked.
    #[serde(skip)]
    pub labels: outturn_core::StatusLabels,
    /// The same figures as a table: the chart's text alternative.
    pub table: Table,
}

/// A measure's statistical process control (SPC) chart over several years:
/// HTML and PDF draw `svg`, Word shows it as a picture, and every format
/// gives the icons' meaning in words and `table` (the chart's lines and
/// signals: its text alternative) beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpcChart {
    /// Unique in the report, for the drawing's ids: "spc-bv66a".
    pub id: String,
    /// "BV66a: Rent Collection Rate, statistical process control chart, April 2020 to September 2026".
    pub title: String,
    /// The drawing (`crate::spc_chart::spc_chart`), not served with the model's JSON.
    #[serde(skip)]
    pub svg: String,
    /// What the drawing shows in words: its alternative text.
    pub description: String,
    /// The latest point's variation icon, and in words: "Variation: Concern (low)".
    pub variation: outturn_core::spc::VariationIcon,
    pub variation_words: String,
    /// The assurance icon (none without a target to read), and in words: "Assurance: Hit and miss".
    pub assurance: Option<outturn_core::spc::AssuranceIcon>,
    pub assurance_words: String,
    pub table: Table,
}

/// A piece of narrative a person writes for a report draft: where it goes
/// ("highlights:housing"), what it is in words ("highlights for Housing"),
/// and the text written so far (Markdown), if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NarrativeSlot {
    pub key: String,
    pub label: String,
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// "3.12", given by the model in order.
    pub number: String,
    /// "para-3-12".
    pub anchor: String,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    /// 0 for a top-level item; nested items (a tree) have higher depths.
    pub depth: usize,
    pub text: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    /// Whether the first cell of each row heads the row (`th scope="row"`).
    pub row_headers: bool,
    pub rows: Vec<Vec<String>>,
    /// Notes under the table ("*Missing data: ...").
    pub notes: Vec<Text>,
}

/// Running text: plain words, cross-references and placeholders.
pub type Text = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "inline", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// A reference to a paragraph range, resolved to the generated numbers.
    Ref(ParaRef),
    /// Narrative a person has to write; shown marked, never blank.
    Placeholder {
        what: String,
    },
}

/// "para 3.12" or "para 3.12 to 3.14".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParaRef {
    pub first: String,
    pub last: String,
    /// The anchor of the first paragraph, for links.
    pub anchor: String,
}

impl ParaRef {
    pub fn words(&self) -> String {
        if self.first == self.last {
            format!("para {}", self.first)
        } else {
            format!("para {} to {}", self.first, self.last)
        }
    }
}

impl Inline {
    pub fn words(&self) -> String {
        match self {
            Inline::Text { text } => text.clone(),
            Inline::Ref(r) => r.words(),
            Inline::Placeholder { what } => placeholder(what),
        }
    }
}

/// How a placeholder reads: "[Narrative needed: highlights for Housing]".
pub fn placeholder(what: &str) -> String {
    format!("[Narrative needed: {what}]")
}

/// The words of a text, as a reader sees them.
pub fn words(text: &[Inline]) -> String {
    text.iter().map(Inline::words).collect()
}

/// A spotlight on one Red or Amber measure, and the paragraphs it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpotlightIndex {
    pub code: String,
    pub status: String,
    /// "BV66a: Rent Collection Rate, September 2020 target 96.3%, achieved 93.4%".
    pub measure_line: String,
    pub first: String,
    pub last: String,
}

impl Report {
    /// Every numbered paragraph, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }
    /// The section with this label ("2").
    pub fn section(&self, label: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.label == label)
    }
}

impl Section {
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }
}

/// Builds text from pieces.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder(pub Text);

impl TextBuilder {
    pub fn new() -> Self {
        TextBuilder(Vec::new())
    }
    pub fn text(mut self, words: impl Into<String>) -> Self {
        self.0.push(Inline::Text { text: words.into() });
        self
    }
    pub fn reference(mut self, id: &str) -> Self {
        self.0.push(Inline::Ref(ParaRef { first: String::new(), last: String::new(), anchor: id.to_string() }));
        self
    }
    pub fn placeholder(mut self, what: impl Into<String>) -> Self {
        self.0.push(Inline::Placeholder { what: what.into() });
        self
    }
    pub fn done(self) -> Text {
        self.0
    }
}

pub(crate) fn plain(words: impl Into<String>) -> Text {
    vec![Inline::Text { text: words.into() }]
}

/// Builds a report: numbers paragraphs as they are added, remembers the
/// paragraphs of named spans, and resolves references to them at the end
/// (so a recommendation can cite a spotlight written after it).
pub(crate) struct Builder {
    sections: Vec<Section>,
    next_section: u32,
    next_para: u32,
    spans: HashMap<String, (String, String)>,
    open_spans: Vec<String>,
    missing: Vec<String>,
    /// The narrative slots met so far, in order.
    pub slots: Vec<NarrativeSlot>,
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            sections: Vec::new(),
            next_section: 1,
            next_para: 1,
            spans: HashMap::new(),
            open_spans: Vec::new(),
            missing: Vec::new(),
            slots: Vec::new(),
        }
    }

    /// Starts the next numbered section.
    pub fn section(&mut self, heading: &str) {
        let n = self.next_section;
        self.next_section += 1;
        self.next_para = 1;
        self.sections.push(Section {
            label: n.to_string(),
            heading: heading.to_string(),
            anchor: format!("section-{n}"),
            blocks: Vec::new(),
        });
    }

    /// Starts an appendix ("Appendix A"); its content is not numbered.
    pub fn appendix(&mut self, letter: char, heading: &str) {
        self.sections.push(Section {
            label: format!("Appendix {letter}"),
            heading: heading.to_string(),
            anchor: format!("appendix-{}", letter.to_ascii_lowercase()),
            blocks: Vec::new(),
        });
    }

    fn blocks(&mut self) -> &mut Vec<Block> {
        &mut self.sections.last_mut().expect("a section is started before content is added").blocks
    }

    pub fn subheading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks().push(Block::Subheading { level, text: text.into(), new_page: false });
    }

    /// A subheading that starts a major part of the paper on a new page.
    pub fn subheading_on_new_page(&mut self, level: u8, text: impl Into<String>) {
        self.blocks().push(Block::Subheading { level, text: text.into(), new_page: true });
    }

    /// Adds the next numbered paragraph and returns its number.
    pub fn para(&mut self, text: Text) -> String {
        let section = self.sections.last().map(|s| s.label.clone()).unwrap_or_default();
        let number = format!("{section}.{}", self.next_para);
        self.next_para += 1;
        for id in &self.open_spans {
            let entry = self.spans.entry(id.clone()).or_insert_with(|| (number.clone(), number.clone()));
            entry.1 = number.clone();
        }
        let anchor = format!("para-{}", number.replace('.', "-"));
        self.blocks().push(Block::Paragraph(Paragraph { number: number.clone(), anchor, text }));
        number
    }

    pub fn list(&mut self, items: Vec<ListItem>) {
        if !items.is_empty() {
            self.blocks().push(Block::List(items));
        }
    }

    pub fn table(&mut self, table: Table) {
        self.blocks().push(Block::Table(table));
    }

    pub fn chart(&mut self, chart: Chart) {
        self.blocks().push(Block::Chart(chart));
    }

    pub fn spc_chart(&mut self, chart: SpcChart) {
        self.blocks().push(Block::SpcChart(chart));
    }

    /// Paragraphs added from now until [`Builder::end_span`] belong to the span `id`.
    pub fn begin_span(&mut self, id: &str) {
        self.open_spans.push(id.to_string());
    }
    pub fn end_span(&mut self, id: &str) {
        self.open_spans.retain(|s| s != id);
    }
    /// The first and last paragraph of a span, once written.
    pub fn span(&self, id: &str) -> Option<(String, String)> {
        self.spans.get(id).cloned()
    }

    /// Resolves every reference; a reference to a span with no paragraphs is a bug.
    pub fn finish(mut self) -> (Vec<Section>, Vec<String>) {
        for section in &mut self.sections {
            for block in &mut section.blocks {
                let texts: Vec<&mut Text> = match block {
                    Block::Paragraph(p) => vec![&mut p.text],
                    Block::List(items) => items.iter_mut().map(|i| &mut i.text).collect(),
                    Block::Table(t)
                    | Block::Chart(Chart { table: t, .. })
                    | Block::SpcChart(SpcChart { table: t, .. }) => t.notes.iter_mut().collect(),
                    Block::Subheading { .. } => vec![],
                };
                for text in texts {
                    for inline in text.iter_mut() {
                        if let Inline::Ref(r) = inline {
                            let (first, last) = self.spans.get(&r.anchor).cloned().unwrap_or_else(|| {
                                panic!("the report refers to {} but wrote no paragraph for it", r.anchor)
                            });
                            r.anchor = format!("para-{}", first.replace('.', "-"));
                            r.first = first;
                            r.last = last;
                        }
                    }
                }
            }
        }
        // Every placeholder, in the order it appears.
        for section in &self.sections {
            for block in &section.blocks {
                let texts: Vec<&Text> = match block {
                    Block::Paragraph(p) => vec![&p.text],
                    Block::List(items) => items.iter().map(|i| &i.text).collect(),
                    Block::Table(t)
                    | Block::Chart(Chart { table: t, .. })
                    | Block::SpcChart(SpcChart { table: t, .. }) => t.notes.iter().collect(),
                    _ => vec![],
                };
                for inline in texts.into_iter().flatten() {
                    if let Inline::Placeholder { what } = inline {
                        self.missing.push(what.clone());
                    }
                }
            }
        }
        (self.sections, self.missing)
    }
}
