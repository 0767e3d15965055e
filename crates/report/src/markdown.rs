//! Markdown: the report as plain text a person can read or paste.

use crate::model::{Block, Chart, Inline, Report, Table, Text, words};

pub fn render(report: &Report) -> String {
    let mut out = format!("# {}\n\n", report.title);
    if let Some(notice) = &report.notice {
        out.push_str(&format!("> **{}**\n\n", escape(notice)));
    }
    for line in &report.cover {
        let value = if line.to_be_set { "**to be set**".to_string() } else { escape(&line.value) };
        out.push_str(&format!("- **{}:** {value}\n", line.label));
    }
    out.push('\n');
    if !report.missing_narratives.is_empty() {
        out.push_str("> **Draft:** narrative still to be written: ");
        out.push_str(&report.missing_narratives.join("; "));
        out.push_str(".\n\n");
    }
    for section in &report.sections {
        let number =
            if section.label.starts_with("Appendix") { format!("{}:", section.label) } else { section.label.clone() };
        out.push_str(&format!("## {number} {}\n\n", section.heading));
        for block in &section.blocks {
            match block {
                Block::Subheading { level, text, .. } => {
                    out.push_str(&format!("{} {text}\n\n", "#".repeat(usize::from(*level) + 2)));
                }
                Block::Paragraph(p) => out.push_str(&format!("**{}** {}\n\n", p.number, text(&p.text))),
                Block::List(items) => {
                    for item in items {
                        out.push_str(&format!("{}- {}\n", "  ".repeat(item.depth), text(&item.text)));
                    }
                    out.push('\n');
                }
                Block::Table(t) | Block::Chart(Chart { table: t, .. }) => table(&mut out, t),
                Block::SpcChart(c) => {
                    // No drawing in plain text: the chart in words, its icons' meaning, its table.
                    out.push_str(&format!("*{}*\n\n{}\n\n", escape(&c.title), escape(&c.description)));
                    out.push_str(&format!("- {}\n- {}\n\n", escape(&c.variation_words), escape(&c.assurance_words)));
                    table(&mut out, &c.table);
                }
            }
        }
    }
    out.trim_end().to_string() + "\n"
}

fn text(t: &Text) -> String {
    t.iter()
        .map(|i| match i {
            Inline::Text { text } => escape(text),
            Inline::Ref(r) => format!("[{}](#{})", r.words(), r.anchor),
            Inline::Placeholder { .. } => format!("**{}**", escape(&i.words())),
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('*', "\\*").replace('[', "\\[").replace(']', "\\]").replace('|', "\\|")
}

fn table(out: &mut String, t: &Table) {
    out.push_str(&format!("*{}*\n\n", escape(&t.caption)));
    out.push_str(&format!("| {} |\n", t.columns.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(t.columns.len())));
    for row in &t.rows {
        out.push_str(&format!("| {} |\n", row.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")));
    }
    out.push('\n');
    for note in &t.notes {
        out.push_str(&format!("{}\n\n", escape(&words(note))));
    }
}
