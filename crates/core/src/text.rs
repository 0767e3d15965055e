//! Text people type or send (a form field, a JSON string, a CSV cell): the
//! characters it may hold. Control characters are refused where text comes
//! in, other than tab, line feed and carriage return: they are never meant,
//! and PostgreSQL cannot store a NUL at all.

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
}
