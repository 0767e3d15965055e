//! The text of a paper → its measure result lines.
//!
//! A measure line starts on a line of text that opens with a code and its
//! separator (after any bullet or list number: see `phrasing.rs`). Papers are
//! wrapped at about 80 columns, so the line carries on over the lines of text
//! that follow, until a blank line, a line that opens another item (a code, a
//! bullet, a paragraph number such as "3.145 "), or eight lines in all. A page
//! break can leave blank lines inside a measure line: when what was gathered
//! has no result yet and the next text after up to four blank lines opens
//! with a clause ("achieved 151", "September 2020 achieved 5.8%"), it is read
//! as part of the same line. The gathered lines are joined with spaces (a word
//! broken with a hyphen at the end of a line is joined back) and read by the
//! grammar in `phrasing.rs`; what the grammar does not read as a measure
//! result line (a heading, a footnote naming codes, a forecast table) is left.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::LegacyLine;
use super::phrasing::{self, Statement};

/// A measure line wrapped over more lines of text than this is prose.
const MOST_LINES: usize = 8;
/// Blank lines a page break may leave inside a measure line.
const MOST_BLANKS: usize = 4;

/// A numbered paragraph: "3.145 Performance measures ...".
static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{1,2}\.\d{1,3}(?:\.\d{1,3})*\s+[A-Z(]").expect("paragraph pattern"));

/// Reads the text of a published performance report and returns every
/// measure result line in it, in the order printed.
pub fn extract(text: &str) -> Vec<LegacyLine> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if phrasing::head(lines[i]).is_none() {
            i += 1;
            continue;
        }
        let mut block = gather(&lines, vec![i]);
        let mut statement = phrasing::statement(&join(&lines, &block));
        if statement.as_ref().is_none_or(|s| s.result.is_none() && s.unavailable.is_none())
            && let Some(next) = after_page_break(&lines, *block.last().unwrap_or(&i))
        {
            let mut bridged = block.clone();
            bridged.push(next);
            let bridged = gather(&lines, bridged);
            if let Some(s) = phrasing::statement(&join(&lines, &bridged))
                && (s.result.is_some() || s.unavailable.is_some() || statement.is_none())
            {
                statement = Some(s);
                block = bridged;
            }
        }
        match statement {
            Some(s) => {
                let (first, last) = (block[0], *block.last().unwrap_or(&block[0]));
                found.push(line(
                    s,
                    first,
                    lines[first..=last].iter().map(|l| l.trim_end()).collect::<Vec<_>>().join("\n"),
                ));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// Adds to `block` the lines of text that carry on its last line.
fn gather(lines: &[&str], mut block: Vec<usize>) -> Vec<usize> {
    let mut j = block.last().map_or(0, |l| l + 1);
    while j < lines.len() && block.len() < MOST_LINES && carries_on(lines[j]) {
        block.push(j);
        j += 1;
    }
    block
}

fn carries_on(line: &str) -> bool {
    !line.trim().is_empty()
        && phrasing::head(line).is_none()
        && !phrasing::starts_item(line)
        && !PARAGRAPH.is_match(line)
}

/// The line after one to four blank lines following `last`, if it carries on a statement.
fn after_page_break(lines: &[&str], last: usize) -> Option<usize> {
    let next = (last + 1..lines.len()).take(MOST_BLANKS + 1).find(|&j| !lines[j].trim().is_empty())?;
    (next > last + 1 && phrasing::continues_statement(lines[next])).then_some(next)
}

/// The lines joined into one statement: trimmed, with single spaces, and a
/// word hyphenated across a line break joined back ("on-" + "site").
fn join(lines: &[&str], block: &[usize]) -> String {
    let mut text = String::new();
    for &i in block {
        let line = lines[i].split_whitespace().collect::<Vec<_>>().join(" ");
        let hyphenated = text.ends_with('-')
            && text.chars().rev().nth(1).is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if !text.is_empty() && !hyphenated {
            text.push(' ');
        }
        text.push_str(&line);
    }
    text
}

fn line(s: Statement, first: usize, source_text: String) -> LegacyLine {
    LegacyLine {
        code: s.code,
        title: s.title,
        reported_status: s.reported_status,
        period: s.period,
        target_period: s.target_period,
        target: s.target,
        result: s.result,
        unavailable: s.unavailable,
        unit: s.unit,
        unit_marked: s.unit_marked,
        source_line: first + 1,
        source_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_line_wrapped_over_three_lines_of_text() {
        let text = "3.144 Service delivery remains a focus.\n\n\u{F0B7} CSC12: Percentage of calls abandoned in the Customer Service Centre: \ntarget 10.4%, April 2020 to September 2020 achieved 5.8%\n\n\u{F0B7} CSC13a: Percentage of calls to the CSC resolved within the CSC (by CSC \nadvisors): target 61.8%, April 2019 to September 2020 unable to report \ndue to reporting from the new systems being delayed due to the Covid-19 \nresponse. Calculations have been based on historical data\n\nNext paragraph.\n";
        let found = extract(text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].code.as_str(), found[0].source_line), ("CSC12", 3));
        assert_eq!((found[1].code.as_str(), found[1].source_line), ("CSC13a", 6));
        assert_eq!(found[1].title, "Percentage of calls to the CSC resolved within the CSC (by CSC advisors)");
        assert!(found[1].unavailable.as_deref().unwrap().ends_with("based on historical data"));
        assert_eq!(found[1].source_text.lines().count(), 4);
    }

    #[test]
    fn one_line_after_another_without_blank_lines() {
        let text = "- NI155: Affordable homes delivered, 2019/20 target 150, actual 163\n- NI156: Households in temporary accommodation, March 2020 target 120, actual 131\n";
        let codes: Vec<(String, usize)> = extract(text).into_iter().map(|l| (l.code, l.source_line)).collect();
        assert_eq!(codes, [("NI155".to_string(), 1), ("NI156".to_string(), 2)]);
    }

    #[test]
    fn a_page_break_inside_a_line() {
        let text = "• BV66a: Rent Collection Rate, September 2020 target 96.3%,\n\n\n\nachieved 93.4%\n\nPage 12\n";
        let found = extract(text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].target, found[0].result), (Some(dec!(96.3)), Some(dec!(93.4))));
        assert_eq!(
            found[0].source_text,
            "• BV66a: Rent Collection Rate, September 2020 target 96.3%,\n\n\n\nachieved 93.4%"
        );
        // Text after the blank lines that does not carry the line on is left alone.
        let text = "• BV66a: Rent Collection Rate, September 2020 target 96.3%\n\nThe team is recruiting; 93.4% achieved last year.\n";
        let found = extract(text);
        assert_eq!((found[0].target, found[0].result), (Some(dec!(96.3)), None));
    }

    #[test]
    fn a_hyphen_at_a_line_break_joins_the_word() {
        let text = "ECH-Rep4: Repairs completed right first time on-\nsite, target 92%, outturn 2019/20 94.1%\n";
        assert_eq!(extract(text)[0].title, "Repairs completed right first time on-site");
    }

    #[test]
    fn headings_footnotes_and_tables_are_not_lines() {
        let text = "Spotlight: Website Satisfaction\n\n*Missing data: EOC4a: % of apprentices in post, EOCrec: Time to recruit\n\nMeasure Target Q2 forecast\n\nCSC 12 – Percentage \nof calls abandoned \n\n<15.1% 11.2%\n\nEAA1 - Customer \nsatisfaction with CSC \nservices\n\n> 90% 92%\n";
        assert_eq!(extract(text), vec![]);
    }

    #[test]
    fn windows_line_ends_and_form_feeds() {
        let text = "BV9: % Council Tax collected,\r\nSeptember 2020 target 61%, achieved 59.9%\r\n\x0c\r\nFS3: Savings identified, September 2020 target 30%, achieved 0%\r\n";
        let found = extract(text);
        assert_eq!(found.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["BV9", "FS3"]);
        assert_eq!(found[1].source_line, 4);
    }
}
