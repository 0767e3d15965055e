//! HTML: one self-contained, accessible page. Semantic headings, numbered
//! paragraphs with anchors, tables with captions and header scopes, statuses
//! always in words, and a small print stylesheet.

use crate::model::{Block, Chart, Inline, ListItem, Report, SpcChart, Table, Text};

const STYLE: &str = ".notice{border-left:5px solid #d4351c;padding:0.5rem 1rem;font-size:1.1rem}body{font-family:Arial,Helvetica,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}\
h1{font-size:1.8rem}h2{font-size:1.4rem;margin-top:2rem}h3{font-size:1.2rem}h4,h5,h6{font-size:1rem}\
.para{display:grid;grid-template-columns:4rem 1fr;gap:0 .5rem}.para-number{font-weight:bold}\
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:bold;padding:.25rem 0}\
th,td{border:1px solid #505a5f;padding:.25rem .5rem;text-align:left;vertical-align:top}\
.placeholder{background:#fff7bf;outline:2px dashed #594d00;font-weight:bold}\
.draft{border-left:.5rem solid #594d00;padding:.5rem 1rem;background:#fff7bf}\
dl.cover{display:grid;grid-template-columns:10rem 1fr}dl.cover dt{font-weight:bold}dl.cover dd{margin:0}\
.chart{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart svg{max-width:100%;height:auto}.chart table{width:auto}\
a{color:#1d70b8}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}\
@media print{body{max-width:none;margin:0;font-size:11pt}a{color:inherit;text-decoration:none}\
h2,h3,h4{break-after:avoid}.new-page{break-before:page}table,.para{break-inside:avoid}.draft{border:1px solid #000}}";

pub fn render(report: &Report) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n", esc(&report.title)));
    out.push_str(&render_body(report));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The report's content (title, cover, draft box, sections) without the page
/// around it, for a page that has its own (the web application's report draft).
pub fn render_body(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("<h1>{}</h1>\n", esc(&report.title)));
    if let Some(notice) = &report.notice {
        out.push_str(&format!("<p class=\"notice\"><strong>{}</strong></p>\n", esc(notice)));
    }
    out.push_str("<dl class=\"cover\">\n");
    for line in &report.cover {
        let value =
            if line.to_be_set { "<span class=\"placeholder\">to be set</span>".to_string() } else { esc(&line.value) };
        out.push_str(&format!("<dt>{}</dt><dd>{value}</dd>\n", esc(&line.label)));
    }
    out.push_str("</dl>\n");
    if !report.missing_narratives.is_empty() {
        out.push_str("<aside class=\"draft\" aria-label=\"Draft\"><p><strong>Draft:</strong> narrative still to be written:</p><ul>");
        for what in &report.missing_narratives {
            out.push_str(&format!("<li>{}</li>", esc(what)));
        }
        out.push_str("</ul></aside>\n");
    }
    for section in &report.sections {
        let label =
            if section.label.starts_with("Appendix") { format!("{}:", section.label) } else { section.label.clone() };
        out.push_str(&format!(
            "<section aria-labelledby=\"{a}\">\n<h2 id=\"{a}\">{} {}</h2>\n",
            esc(&label),
            esc(&section.heading),
            a = section.anchor
        ));
        for block in &section.blocks {
            match block {
                Block::Subheading { level, text, new_page } => {
                    let h = (level + 2).min(6);
                    let class = if *new_page { " class=\"new-page\"" } else { "" };
                    out.push_str(&format!("<h{h}{class}>{}</h{h}>\n", esc(text)));
                }
                Block::Paragraph(p) => out.push_str(&format!(
                    "<p class=\"para\" id=\"{}\"><span class=\"para-number\">{}</span><span>{}</span></p>\n",
                    p.anchor,
                    esc(&p.number),
                    text(&p.text)
                )),
                Block::List(items) => list(&mut out, items),
                Block::Table(t) => table(&mut out, t),
                Block::Chart(c) => chart(&mut out, c),
                Block::SpcChart(c) => spc_chart(&mut out, c),
            }
        }
        out.push_str("</section>\n");
    }
    out
}

fn text(t: &Text) -> String {
    t.iter()
        .map(|i| match i {
            Inline::Text { text } => esc(text),
            Inline::Ref(r) => format!("<a href=\"#{}\">{}</a>", r.anchor, esc(&r.words())),
            Inline::Placeholder { .. } => format!("<mark class=\"placeholder\">{}</mark>", esc(&i.words())),
        })
        .collect()
}

/// Nested lists from depths: each deeper item opens a list inside the item before it.
fn list(out: &mut String, items: &[ListItem]) {
    let mut depth: Option<usize> = None;
    out.push_str("<ul>");
    for item in items {
        match depth {
            None => {}
            Some(d) if item.depth > d => {
                for _ in d..item.depth {
                    out.push_str("<ul>");
                }
            }
            Some(d) => {
                out.push_str("</li>");
                for _ in item.depth..d {
                    out.push_str("</ul></li>");
                }
            }
        }
        out.push_str(&format!("<li>{}", text(&item.text)));
        depth = Some(item.depth);
    }
    if let Some(d) = depth {
        out.push_str("</li>");
        for _ in 0..d {
            out.push_str("</ul></li>");
        }
    }
    out.push_str("</ul>\n");
}

fn table(out: &mut String, t: &Table) {
    out.push_str(&format!("<table>\n<caption>{}</caption>\n<thead><tr>", esc(&t.caption)));
    for c in &t.columns {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 && t.row_headers {
                out.push_str(&format!("<th scope=\"row\">{}</th>", esc(cell)));
            } else {
                out.push_str(&format!("<td>{}</td>", esc(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    for note in &t.notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", text(note)));
    }
}

/// The chart as inline SVG with the same figures in a table beside it.
fn chart(out: &mut String, c: &Chart) {
    out.push_str("<div class=\"chart\">\n");
    if let Some(svg) = crate::chart::line_chart_in(&c.id, &c.title, &c.points, Some(c.unit), &c.labels) {
        out.push_str(&svg);
        out.push('\n');
    }
    table(out, &c.table);
    out.push_str("</div>\n");
}

/// The SPC chart as inline SVG (its own title and description), its icons
/// with their meaning in words (the icons hidden from screen readers, which
/// read the words), and the table of its lines and signals.
fn spc_chart(out: &mut String, c: &SpcChart) {
    out.push_str(&format!("<div class=\"chart\">\n<p><strong>{}</strong></p>\n", esc(&c.title)));
    out.push_str(&c.svg);
    out.push_str(&format!(
        "\n<p>{} {}</p>\n<p>{} {}</p>\n",
        crate::spc_chart::variation_icon(c.variation),
        esc(&c.variation_words),
        crate::spc_chart::assurance_icon(c.assurance),
        esc(&c.assurance_words)
    ));
    table(out, &c.table);
    out.push_str("</div>\n");
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
