//! Narrative a person writes for a report draft, slot by slot: the purpose,
//! highlights and areas for improvement per area, the text of each spotlight,
//! the next quarter's focus. Written in Markdown; the report takes its
//! paragraphs and bullet lists (inline emphasis and links are kept as their
//! words). A slot with nothing written becomes a marked placeholder, listed
//! at the top of the draft, never a silent blank.

use outturn_store::Narrative;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::{Builder, ListItem, NarrativeSlot, TextBuilder, plain};

/// The slot keys of a draft (one vocabulary, in the app, for the web form, the file and the report).
pub use outturn_app::reports::narrative::slot;

/// Writes the slot's narrative as paragraphs and lists, or a placeholder
/// naming it (`label`: "highlights for Housing"), and notes the slot.
pub(crate) fn write(b: &mut Builder, narrative: &Narrative, key: &str, label: &str) {
    let text = narrative.get(key).filter(|t| !t.trim().is_empty()).cloned();
    b.slots.push(NarrativeSlot { key: key.to_string(), label: label.to_string(), text: text.clone() });
    match text {
        Some(markdown) => write_markdown(b, &markdown),
        None => {
            b.para(TextBuilder::new().placeholder(label).done());
        }
    }
}

/// Writes Markdown text as numbered paragraphs and lists.
pub(crate) fn write_markdown(b: &mut Builder, markdown: &str) {
    for block in blocks(markdown) {
        match block {
            Piece::Paragraph(words) => {
                b.para(plain(words));
            }
            Piece::List(items) => {
                b.list(items.into_iter().map(|(depth, words)| ListItem { depth, text: plain(words) }).collect())
            }
        }
    }
}

/// A paragraph, or a list of items with their depths.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Paragraph(String),
    List(Vec<(usize, String)>),
}

/// The paragraphs and lists of a Markdown text, in order (headings read as paragraphs).
pub(crate) fn blocks(markdown: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut words = String::new();
    let mut depth = 0usize;
    let mut items: Vec<(usize, String)> = Vec::new();
    // An item's own words end where its nested list starts.
    let flush_item = |words: &mut String, items: &mut Vec<(usize, String)>, depth: usize| {
        let w = words.trim().to_string();
        if !w.is_empty() {
            items.push((depth.saturating_sub(1), w));
        }
        words.clear();
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => words.push_str(&t),
            Event::SoftBreak | Event::HardBreak => words.push(' '),
            Event::Start(Tag::List(_)) => {
                if depth > 0 {
                    flush_item(&mut words, &mut items, depth);
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                if depth == 0 && !items.is_empty() {
                    out.push(Piece::List(std::mem::take(&mut items)));
                }
            }
            Event::End(TagEnd::Item) => flush_item(&mut words, &mut items, depth),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if depth == 0 => {
                let w = words.trim().to_string();
                if !w.is_empty() {
                    out.push(Piece::Paragraph(w));
                }
                words.clear();
            }
            Event::End(TagEnd::Paragraph) => words.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_nested_lists_come_out_in_order() {
        let md = "Rent collection **fell** in\nSeptember.\n\n- Arrears up\n  - by 2%\n- Courts [closed](http://x)\n\nLast `words`.";
        assert_eq!(
            blocks(md),
            vec![
                Piece::Paragraph("Rent collection fell in September.".into()),
                Piece::List(vec![(0, "Arrears up".into()), (1, "by 2%".into()), (0, "Courts closed".into())]),
                Piece::Paragraph("Last words.".into()),
            ]
        );
        assert!(blocks("  \n").is_empty());
    }
}
