//! DOCX: a Word document from the same model the HTML and Markdown come
//! from, walked in the same order. Word styles (Title, Heading 1 to 3,
//! Normal in Arial 11pt, Caption), numbered paragraphs with their number
//! in a hanging indent, bullet lists from a real Word list, tables with a
//! header row that repeats on each page, statuses in words (as the model
//! gives them) and the draft box when narrative is still to be written.
//! Headings, captions and the paragraph introducing a table are kept with
//! what follows; columns are sized to their content (a code narrow, a title
//! wide), as the PDF sizes them; appendices are a landscape section. An
//! SPC chart is a picture (its SVG rasterised: `crate::raster`) with its
//! description as alternative text, its icons' meaning in words beside
//! them, and the table of its lines and signals.

use docx_rs::{
    AbstractNumbering, Docx, Header, Hyperlink, HyperlinkType, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    NumberFormat, Numbering, NumberingId, PageMargin, PageOrientationType, PageSize, Paragraph, Pic, Run, RunFonts,
    SectionProperty, Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

use crate::model::{Block, Inline, ListItem, Report, Table as ModelTable, Text};

/// Open sans-serif font; LibreOffice substitutes Liberation Sans (metric-compatible) where Arial is absent.
const FONT: &str = "Arial";
/// Half-points: 11pt.
const NORMAL_SIZE: usize = 22;
/// The hanging indent holding a paragraph number ("3.12"), in twips (1.5 cm).
const NUMBER_INDENT: i32 = 851;
/// A4 in twips, and its margins (2.54 cm all round).
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const MARGIN: i32 = 1440;
/// Text width of a portrait A4 page with 2.54 cm margins, in twips.
const TEXT_WIDTH: usize = 9026;
/// Text width of a landscape one (appendices).
const LANDSCAPE_TEXT_WIDTH: usize = 13958;
/// Table text: 10pt, in half-points; an em of it is 200 twips.
const TABLE_SIZE: usize = 20;
const TABLE_EM: usize = 200;
/// Numbering 1 is docx-rs's own default (decimal) list; the bullets are 2.
const BULLETS: usize = 2;
const PLACEHOLDER_FILL: &str = "FFF7BF";
const HEADER_FILL: &str = "DEE0E2";
/// Marks header rows while building; replaced by `w:tblHeader` afterwards,
/// which docx-rs cannot write itself.
const HEADER_ROW_MARK: &str = "<w:cantSplit />";

/// Renders a report as a .docx file.
pub fn render(report: &Report) -> Vec<u8> {
    let mut doc = styles(Docx::new()).add_abstract_numbering(bullets()).add_numbering(Numbering::new(BULLETS, BULLETS));
    doc =
        doc.add_paragraph(Paragraph::new().style("Title").keep_next(true).add_run(Run::new().add_text(&report.title)));
    if let Some(notice) = &report.notice {
        // A fictional council says so under the title and atop every page.
        doc = doc.add_paragraph(Paragraph::new().keep_next(true).add_run(Run::new().bold().size(24).add_text(notice)));
        doc = doc.header(notice_header(notice));
    }
    doc = doc.add_table(cover(report));
    if !report.missing_narratives.is_empty() {
        doc = doc.add_paragraph(Paragraph::new());
        doc = doc.add_table(draft_box(&report.missing_narratives));
    }
    let mut bookmark = 0;
    let mut landscape = false;
    // Each picture's alternative text, in document order.
    let mut pictures: Vec<String> = Vec::new();
    for section in &report.sections {
        let appendix = section.label.starts_with("Appendix");
        if appendix && !landscape {
            // The portrait section ends here; the appendices are the last,
            // landscape section (the document's own section properties).
            landscape = true;
            let mut portrait = page(PageOrientationType::Portrait);
            if let Some(notice) = &report.notice {
                // The document's header part (the first, "rIdHeader1") is the
                // last section's; the portrait section names it too.
                portrait = portrait.header(notice_header(notice), NOTICE_HEADER);
            }
            doc = doc.add_paragraph(Paragraph::new().section_property(portrait));
        }
        let width = if landscape { LANDSCAPE_TEXT_WIDTH } else { TEXT_WIDTH };
        let label = if appendix { format!("{}:", section.label) } else { section.label.clone() };
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .keep_next(true)
                .add_run(Run::new().add_text(format!("{label} {}", section.heading))),
        );
        for (i, block) in section.blocks.iter().enumerate() {
            // An introduction stays on the page of its table or list.
            let introduces =
                matches!(section.blocks.get(i + 1), Some(Block::Table(_) | Block::Chart(_) | Block::List(_)));
            match block {
                Block::Subheading { level, text, new_page } => {
                    let style = format!("Heading{}", (level + 1).min(3));
                    doc = doc.add_paragraph(
                        Paragraph::new()
                            .style(&style)
                            .keep_next(true)
                            .page_break_before(*new_page)
                            .add_run(Run::new().add_text(text)),
                    );
                }
                Block::Paragraph(p) => {
                    bookmark += 1;
                    let para = Paragraph::new()
                        .style("NumberedParagraph")
                        .keep_next(introduces)
                        .add_bookmark_start(bookmark, &p.anchor)
                        .add_run(Run::new().bold().add_text(&p.number).add_tab())
                        .add_bookmark_end(bookmark);
                    doc = doc.add_paragraph(runs(para, &p.text));
                }
                Block::List(items) => {
                    for item in items {
                        doc = doc.add_paragraph(list_item(item));
                    }
                }
                Block::Table(t) | Block::Chart(crate::model::Chart { table: t, .. }) => {
                    doc = captioned_table(doc, t, width);
                }
                Block::SpcChart(c) => {
                    doc = spc_chart(doc, c, &mut pictures, width);
                    doc = captioned_table(doc, &c.table, width);
                }
            }
        }
    }
    let orient = if landscape { PageOrientationType::Landscape } else { PageOrientationType::Portrait };
    let (w, h) = if landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
    doc = doc.page_size(w, h).page_orient(orient).page_margin(margins());
    let mut xml = doc.build();
    xml.document = describe_pictures(&mark_header_rows(&xml.document), &pictures);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).expect("a .docx is written to memory");
    out.into_inner()
}

/// A table's caption, the table, and its notes (or a gap under it).
fn captioned_table(mut doc: Docx, t: &ModelTable, width: usize) -> Docx {
    doc = doc.add_paragraph(Paragraph::new().style("Caption").keep_next(true).add_run(Run::new().add_text(&t.caption)));
    doc = doc.add_table(table(t, width));
    for note in &t.notes {
        doc = doc.add_paragraph(runs(Paragraph::new().style("TableNote"), note));
    }
    if t.notes.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().style("TableNote"));
    }
    doc
}

/// EMUs in a twip.
const EMU_PER_TWIP: u32 = 635;
/// The chart is rasterised this many pixels wide: 1.25 times its drawing's
/// width, about 165 dots an inch at its size on the page.
const CHART_PIXELS: u32 = 875;
/// The icons: 40 units drawn at 3 times, shown 0.9 cm square.
const ICON_PIXELS: u32 = 120;
const ICON_EMU: u32 = 324_000;

/// An SPC chart: its title, the drawing as a picture (its description as
/// the alternative text), and its icons each with their meaning in words,
/// kept together on a page (the table of its lines follows, on the next
/// page when both would not fit, as in the PDF).
fn spc_chart(mut doc: Docx, c: &crate::model::SpcChart, pictures: &mut Vec<String>, width: usize) -> Docx {
    doc = doc.add_paragraph(Paragraph::new().style("Caption").keep_next(true).add_run(Run::new().add_text(&c.title)));
    if let Some((png, w, h)) = crate::raster::png(&c.svg, CHART_PIXELS) {
        // 85% of the text width, as tall as the drawing's shape needs.
        let shown = width as u32 * 85 / 100 * EMU_PER_TWIP;
        let tall = (u64::from(shown) * u64::from(h) / u64::from(w.max(1))) as u32;
        pictures.push(c.description.clone());
        let pic = Pic::new_with_dimensions(png, w, h).id(format!("rIdSpc{}", pictures.len())).size(shown, tall);
        doc = doc.add_paragraph(Paragraph::new().keep_next(true).add_run(Run::new().add_image(pic)));
    }
    // The icons beside their words, in one borderless row, each centred on its line of words.
    let icons = [
        (crate::spc_chart::variation_icon(c.variation), &c.variation_words),
        (crate::spc_chart::assurance_icon(c.assurance), &c.assurance_words),
    ];
    let words_width = (width - 2 * ICON_CELL) / 2;
    let mut cells = Vec::new();
    for (svg, words) in icons {
        let mut icon = Paragraph::new();
        if let Some((png, w, h)) = crate::raster::png_kept(&svg, ICON_PIXELS) {
            pictures.push(words.clone());
            let pic =
                Pic::new_with_dimensions(png, w, h).id(format!("rIdSpc{}", pictures.len())).size(ICON_EMU, ICON_EMU);
            icon = icon.add_run(Run::new().add_image(pic));
        }
        let words = Paragraph::new().add_run(Run::new().size(NORMAL_SIZE).add_text(words));
        cells.push(cell(icon, ICON_CELL).vertical_align(VAlignType::Center));
        cells.push(cell(words, words_width).vertical_align(VAlignType::Center));
    }
    let row = Table::without_borders(vec![TableRow::new(cells)])
        .set_grid(vec![ICON_CELL, words_width, ICON_CELL, words_width])
        .layout(TableLayoutType::Fixed)
        .width(width, WidthType::Dxa);
    doc.add_table(row).add_paragraph(Paragraph::new().style("TableNote"))
}

/// The width of an icon's cell, in twips (the icon and the cell's margins).
const ICON_CELL: usize = 760;

/// docx-rs writes every picture's `wp:docPr` with id 1 and no description:
/// each is given its own id and its alternative text, in document order.
fn describe_pictures(document: &[u8], pictures: &[String]) -> Vec<u8> {
    const WRITTEN: &str = r#"<wp:docPr id="1" name="Figure" />"#;
    let xml = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(xml.len());
    let mut rest: &str = &xml;
    let mut n = 0;
    while let Some(at) = rest.find(WRITTEN) {
        out.push_str(&rest[..at]);
        n += 1;
        let descr = pictures.get(n - 1).map(|d| attribute(d)).unwrap_or_default();
        out.push_str(&format!(r#"<wp:docPr id="{n}" name="Picture {n}" descr="{descr}" />"#));
        rest = &rest[at + WRITTEN.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Text as an XML attribute's value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The margins of every page: 2.54 cm, header and footer 1.25 cm.
fn margins() -> PageMargin {
    PageMargin::new().top(MARGIN).bottom(MARGIN).left(MARGIN).right(MARGIN).header(708).footer(708)
}

/// A section's page: A4, portrait or landscape.
/// The relationship id docx-rs gives the document's first header part.
const NOTICE_HEADER: &str = "rIdHeader1";

/// A fictional council's notice as a page header.
fn notice_header(notice: &str) -> Header {
    Header::new().add_paragraph(Paragraph::new().add_run(Run::new().bold().size(17).add_text(notice)))
}

fn page(orient: PageOrientationType) -> SectionProperty {
    let size = match orient {
        PageOrientationType::Landscape => PageSize::new().size(A4_LONG, A4_SHORT),
        _ => PageSize::new().size(A4_SHORT, A4_LONG),
    };
    SectionProperty::new().page_size(size.orient(orient)).page_margin(margins())
}

/// Normal, Title, Heading 1 to 3, Caption and the report's own paragraph styles.
fn styles(doc: Docx) -> Docx {
    let fonts = || RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    doc.default_fonts(fonts())
        .default_size(NORMAL_SIZE)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .q_format(true)
                .fonts(fonts())
                .size(NORMAL_SIZE)
                .line_spacing(LineSpacing::new().after(120)),
        )
        .add_style(heading("Title", "Title", 36, 0))
        .add_style(heading("Heading1", "heading 1", 30, 0))
        .add_style(heading("Heading2", "heading 2", 26, 1))
        .add_style(heading("Heading3", "heading 3", 24, 2))
        .add_style(Style::new("Caption", StyleType::Paragraph).name("caption").based_on("Normal").q_format(true).bold())
        .add_style(
            Style::new("NumberedParagraph", StyleType::Paragraph).name("Numbered Paragraph").based_on("Normal").indent(
                Some(NUMBER_INDENT),
                Some(SpecialIndentType::Hanging(NUMBER_INDENT)),
                None,
                None,
            ),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .based_on("Normal")
                .size(TABLE_SIZE)
                .line_spacing(LineSpacing::new().after(0)),
        )
        .add_style(Style::new("TableNote", StyleType::Paragraph).name("Table Note").based_on("Normal").size(20))
        .add_style(Style::new("Placeholder", StyleType::Character).name("Placeholder").bold().highlight("yellow"))
}

fn bullets() -> AbstractNumbering {
    let mut numbering = AbstractNumbering::new(BULLETS);
    for level in 0..9 {
        let symbol = if level % 2 == 0 { "\u{2022}" } else { "\u{2013}" };
        let left = 360 * (level as i32 + 1) + NUMBER_INDENT;
        numbering = numbering.add_level(
            Level::new(level, Start::new(1), NumberFormat::new("bullet"), LevelText::new(symbol), LevelJc::new("left"))
                .indent(Some(left), Some(SpecialIndentType::Hanging(360)), None, None),
        );
    }
    numbering
}

fn list_item(item: &ListItem) -> Paragraph {
    let para =
        Paragraph::new().style("Normal").numbering(NumberingId::new(BULLETS), IndentLevel::new(item.depth.min(8)));
    runs(para, &item.text)
}

/// Adds the runs of a text: words, references as links to the paragraph, placeholders marked.
fn runs(mut para: Paragraph, text: &Text) -> Paragraph {
    for inline in text {
        para = match inline {
            Inline::Text { text } => para.add_run(Run::new().add_text(text)),
            Inline::Ref(r) => para.add_hyperlink(
                Hyperlink::new(&r.anchor, HyperlinkType::Anchor).add_run(Run::new().add_text(r.words())),
            ),
            Inline::Placeholder { .. } => para.add_run(placeholder(inline.words())),
        };
    }
    para
}

/// Narrative a person has to write: marked, never blank (bold on yellow, in the Placeholder style).
fn placeholder(words: impl Into<String>) -> Run {
    Run::new().style("Placeholder").bold().highlight("yellow").add_text(words)
}

fn cell(para: Paragraph, width: usize) -> TableCell {
    TableCell::new().width(width, WidthType::Dxa).add_paragraph(para.style("TableText"))
}

fn cover(report: &Report) -> Table {
    let rows = report
        .cover
        .iter()
        .map(|line| {
            let value = if line.to_be_set { placeholder("to be set") } else { Run::new().add_text(&line.value) };
            TableRow::new(vec![
                cell(Paragraph::new().add_run(Run::new().bold().add_text(&line.label)), 2500),
                cell(Paragraph::new().add_run(value), TEXT_WIDTH - 2500),
            ])
        })
        .collect();
    Table::without_borders(rows).set_grid(vec![2500, TEXT_WIDTH - 2500]).width(TEXT_WIDTH, WidthType::Dxa)
}

/// The draft box: a shaded single-cell table listing the narrative still to be written.
fn draft_box(missing: &[String]) -> Table {
    let mut box_cell = TableCell::new()
        .width(TEXT_WIDTH, WidthType::Dxa)
        .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(PLACEHOLDER_FILL))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().bold().add_text("Draft:"))
                .add_run(Run::new().add_text(" narrative still to be written:")),
        );
    for what in missing {
        box_cell = box_cell.add_paragraph(
            Paragraph::new()
                .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                .indent(Some(360), Some(SpecialIndentType::Hanging(360)), None, None)
                .add_run(Run::new().add_text(what)),
        );
    }
    Table::new(vec![TableRow::new(vec![box_cell])]).set_grid(vec![TEXT_WIDTH]).width(TEXT_WIDTH, WidthType::Dxa)
}

/// A table as wide as the text, its columns sized to their content as the
/// PDF sizes them (codes and figures on one line, titles given the room),
/// with a fixed layout so Word keeps those widths.
fn table(t: &ModelTable, text_width: usize) -> Table {
    let widths = column_widths(t, text_width);
    let header_cells = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, &width)| {
            cell(Paragraph::new().keep_next(true).add_run(Run::new().bold().add_text(c)), width)
                .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(HEADER_FILL))
        })
        .collect();
    let mut rows = vec![TableRow::new(header_cells).cant_split()];
    // A short table is kept on one page: each row's text kept with the next row's.
    let short = t.rows.len() <= 12;
    for (r, row) in t.rows.iter().enumerate() {
        let keep = short && r + 1 < t.rows.len();
        let cells = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (value, &width))| {
                let run = if i == 0 && t.row_headers { Run::new().bold() } else { Run::new() };
                cell(Paragraph::new().keep_next(keep).add_run(run.add_text(value)), width)
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    Table::new(rows).set_grid(widths).layout(TableLayoutType::Fixed).width(text_width, WidthType::Dxa)
}

/// Column widths in twips summing to the text width, from the PDF's sizing
/// (in thousandths of an em of table text).
fn column_widths(t: &ModelTable, text_width: usize) -> Vec<usize> {
    let n = t.columns.len().max(1);
    let shares = crate::pdf::widths(t, text_width * 1000 / TABLE_EM);
    let total: usize = shares.iter().sum();
    if shares.len() != n || total == 0 {
        return vec![text_width / n; n];
    }
    let mut widths: Vec<usize> = shares.iter().map(|s| s * text_width / total).collect();
    let short = text_width - widths.iter().sum::<usize>();
    if let Some(last) = widths.last_mut() {
        *last += short;
    }
    widths
}

/// Header rows are the only rows built with `cantSplit`; each also gets
/// `tblHeader`, so Word and LibreOffice repeat it on every page and
/// assistive technology reads it as the column headers.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    xml.replace(HEADER_ROW_MARK, "<w:cantSplit /><w:tblHeader />").into_bytes()
}
