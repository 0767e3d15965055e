//! Wide data tables scroll inside their own box, so the page never scrolls
//! sideways at 320 CSS pixels (WCAG 2.2 success criterion 1.4.10, Reflow).
//! The box is a region named by the table's caption and reachable with the
//! keyboard, so people who do not use a mouse can scroll it too.
//!
//! Templates open the box with `{{ crate::table_wrapper::open("caption-id")|safe }}`
//! and close it with `{{ crate::table_wrapper::CLOSE|safe }}`; the report
//! preview, generated HTML, goes through [`wrap_tables`].

/// The class the stylesheet (`static/outturn.css`) makes scroll.
pub const CLASS: &str = "app-table-wrapper";

/// The end of the box.
pub const CLOSE: &str = "</div>";

/// The start of the box around a table whose `<caption>` has the id `caption_id`.
pub fn open(caption_id: &str) -> String {
    format!(r#"<div class="{CLASS}" role="region" aria-labelledby="{}" tabindex="0">"#, attribute(caption_id))
}

/// The HTML of a table caption's id from a name and a number: `measures-3`.
pub fn numbered_id(name: &str, number: impl std::fmt::Display) -> String {
    format!("{name}-{number}")
}

/// Puts each `<table>` of generated HTML in the box, giving its `<caption>`
/// an id (`{id_prefix}-1`, `{id_prefix}-2`...) for the box's name. A table
/// without a caption gets a box without a name, still scrollable by keyboard.
pub fn wrap_tables(html: &str, id_prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let mut number = 0;
    while let Some(start) = rest.find("<table") {
        let Some(end) = rest[start..].find("</table>").map(|e| start + e + "</table>".len()) else { break };
        out.push_str(&rest[..start]);
        let table = &rest[start..end];
        match table.find("<caption>") {
            Some(at) => {
                number += 1;
                let id = numbered_id(id_prefix, number);
                out.push_str(&open(&id));
                out.push_str(&table[..at]);
                out.push_str(&format!(r#"<caption id="{}">"#, attribute(&id)));
                out.push_str(&table[at + "<caption>".len()..]);
            }
            None => {
                out.push_str(&format!(r#"<div class="{CLASS}" tabindex="0">"#));
                out.push_str(table);
            }
        }
        out.push_str(CLOSE);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for a double-quoted attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_is_a_focusable_region_named_by_the_caption() {
        assert_eq!(
            open("rounds-caption"),
            r#"<div class="app-table-wrapper" role="region" aria-labelledby="rounds-caption" tabindex="0">"#
        );
        assert_eq!(CLOSE, "</div>");
    }

    #[test]
    fn an_id_cannot_break_out_of_its_attribute() {
        assert!(open(r#"a" onclick="x"#).contains(r#"aria-labelledby="a&quot; onclick=&quot;x""#));
    }

    #[test]
    fn numbered_ids_differ_for_each_table_of_a_kind() {
        assert_eq!(numbered_id("measures", 1), "measures-1");
        assert_ne!(numbered_id("measures", 1), numbered_id("measures", 2));
    }

    #[test]
    fn each_generated_table_is_boxed_and_its_caption_named() {
        let html = "<h2>A</h2>\n<table>\n<caption>One</caption>\n<tr><td>1</td></tr></table>\n<p>x</p>\n<table>\n<caption>Two</caption>\n</table>\n";
        let wrapped = wrap_tables(html, "report-table");
        assert_eq!(
            wrapped,
            "<h2>A</h2>\n\
             <div class=\"app-table-wrapper\" role=\"region\" aria-labelledby=\"report-table-1\" tabindex=\"0\"><table>\n<caption id=\"report-table-1\">One</caption>\n<tr><td>1</td></tr></table></div>\n\
             <p>x</p>\n\
             <div class=\"app-table-wrapper\" role=\"region\" aria-labelledby=\"report-table-2\" tabindex=\"0\"><table>\n<caption id=\"report-table-2\">Two</caption>\n</table></div>\n"
        );
    }

    #[test]
    fn a_table_without_a_caption_is_boxed_without_a_name() {
        let wrapped = wrap_tables("<table><tr><td>1</td></tr></table>", "t");
        assert_eq!(wrapped, r#"<div class="app-table-wrapper" tabindex="0"><table><tr><td>1</td></tr></table></div>"#);
    }

    #[test]
    fn html_without_tables_or_with_an_unclosed_table_is_unchanged() {
        assert_eq!(wrap_tables("<p>No tables</p>", "t"), "<p>No tables</p>");
        assert_eq!(wrap_tables("<p>a</p><table><caption>x</caption>", "t"), "<p>a</p><table><caption>x</caption>");
    }
}
