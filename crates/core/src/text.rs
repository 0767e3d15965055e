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
    fn text_longer_than_a_field_holds_is_a_problem() {
        assert_eq!(problem(&"a".repeat(MAX_TEXT_CHARS)), None);
        let message = problem(&"a".repeat(MAX_TEXT_CHARS + 1)).unwrap();
        assert!(message.contains("50001 characters long: at most 50000"), "{message}");
        assert!(problem("nul\u{0}").unwrap().contains("U+0000"));
    }
}
