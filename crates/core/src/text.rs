//! Text people type or send (a form field, a JSON string, a CSV cell): the
//! characters it may hold and how long it may be. Control characters are
//! refused where text comes in, other than tab, line feed and carriage
//! return: they are never meant, and PostgreSQL cannot store a NUL at all.
//! A field longer than [`MAX_TEXT_CHARS`] is refused too, so a stranger
//! cannot fill the disk one request at a time.

/// The most characters one field may hold (a long narrative section is a
/// few thousand).
pub const MAX_TEXT_CHARS: usize = 50_000;

/// Why a field's text cannot be taken, if it cannot: a control character,
/// or more than [`MAX_TEXT_CHARS`] characters.
pub fn problem(text: &str) -> Option<String> {
    if let Some(c) = forbidden_character(text) {
        return Some(forbidden_message(c));
    }
    let length = text.chars().count();
    (length > MAX_TEXT_CHARS)
        .then(|| format!("the text is {length} characters long: at most {MAX_TEXT_CHARS} fit in one field; shorten it"))
}

/// The first character no text may hold, if there is one.
pub fn forbidden_character(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Whether a character prints as nothing, so that two codes that look the
/// same may differ, or text may read in another order than it is stored:
/// every format character (Unicode general category Cf: the soft hyphen,
/// zero-width spaces and joiners, the bidirectional marks, embeddings,
/// overrides and isolates, the word joiner and invisible operators, the
/// byte order mark, tags...), every other default-ignorable code point
/// (the combining grapheme joiner, Hangul fillers, variation selectors),
/// private-use characters and noncharacters (no font shows them as
/// meant), and the blank Braille pattern. Unicode 15 tables.
pub fn is_invisible(c: char) -> bool {
    let n = c as u32;
    matches!(
        n,
        // Cf
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
            | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F
            // Other default-ignorable code points (DerivedCoreProperties.txt)
            | 0x034F | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F | 0x2065 | 0x3164
            | 0xFE00..=0xFE0F | 0xFFA0 | 0xFFF0..=0xFFF8 | 0xE0000..=0xE0FFF
            // Private use
            | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF
            // Noncharacters
            | 0xFDD0..=0xFDEF
            // Braille pattern blank
            | 0x2800
    ) || n & 0xFFFE == 0xFFFE
}

/// Why a name that tells things apart (a measure's tag, a committee's name)
/// cannot be taken, if it cannot: empty, or holding a character that prints
/// as nothing or a control character, so that two names looking the same
/// would count as two ("NI\u{200B}" is not "NI").
pub fn name_problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("must not be empty".into());
    }
    text.chars().any(|c| is_invisible(c) || c.is_control()).then(|| {
        format!(
            "\"{}\" holds a character that prints as nothing or a control character: names are visible text only",
            show_invisible(text)
        )
    })
}

/// The text with each invisible or control character written as `<U+200B>`,
/// so that a message quoting it shows where the character is.
pub fn show_invisible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) || c.is_control() {
            shown.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// The message naming such a character, as U+0000.
pub fn forbidden_message(c: char) -> String {
    format!("the text holds the control character U+{:04X}, which cannot be stored: remove it", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_other_than_line_breaks_and_tabs_are_forbidden() {
        assert_eq!(forbidden_character("nul\u{0}byte"), Some('\u{0}'));
        assert_eq!(forbidden_character("esc \u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(forbidden_character("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_character("c1 \u{85}"), Some('\u{85}'));
        assert_eq!(forbidden_character("Line one\r\nline two\tand £ 59.9% — fine"), None);
        assert_eq!(
            forbidden_message('\u{0}'),
            "the text holds the control character U+0000, which cannot be stored: remove it"
        );
    }

    #[test]
    fn names_that_tell_things_apart_are_visible_text() {
        assert_eq!(name_problem("Housing and Investment"), None);
        assert_eq!(name_problem("Overview & Scrutiny — Committee"), None);
        assert_eq!(name_problem("  "), Some("must not be empty".into()));
        let message = name_problem("NI\u{200B}").expect("a zero-width space is refused");
        assert!(message.contains("NI<U+200B>"), "{message}");
        assert!(name_problem("Exec\u{202E}utive").is_some(), "a bidi override is refused");
        assert!(name_problem("tab\there").is_some(), "a control character is refused");
    }

    #[test]
    fn format_and_other_invisible_characters_are_invisible() {
        for c in [
            '\u{AD}',
            '\u{34F}',
            '\u{61C}',
            '\u{115F}',
            '\u{180E}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2060}',
            '\u{2064}',
            '\u{2066}',
            '\u{2069}',
            '\u{3164}',
            '\u{FE0F}',
            '\u{FEFF}',
            '\u{FFA0}',
            '\u{E000}',
            '\u{FFFF}',
            '\u{E0041}',
            '\u{E0100}',
            '\u{10FFFD}',
            '\u{2800}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", c as u32);
        }
        for c in "BV213 ECH-Rep4 CUS.06 café £%—–'’ Ωπ 日本 ٣ ﬁ \u{FFFD}".chars() {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn text_longer_than_a_field_holds_is_a_problem() {
        assert_eq!(problem(&"a".repeat(MAX_TEXT_CHARS)), None);
        let message = problem(&"a".repeat(MAX_TEXT_CHARS + 1)).unwrap();
        assert!(message.contains("50001 characters long: at most 50000"), "{message}");
        assert!(problem("nul\u{0}").unwrap().contains("U+0000"));
    }
}
