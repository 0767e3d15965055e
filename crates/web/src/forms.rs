//! Reading form fields: numbers as people type them, with a message per field.

use outturn_app::data_entry::FieldError;
use outturn_app::framework_file::parse_decimal;
use outturn_core::Decimal;

/// An optional decimal field; a problem names the field.
pub fn decimal_field(field: &'static str, label: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<Decimal> {
    let t = text.trim().trim_end_matches('%').trim_start_matches('£').trim();
    if t.is_empty() {
        return None;
    }
    match parse_decimal(t) {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError { field, message: format!("{label} must be a number, like 59.9 or 224901") });
            None
        }
    }
}

/// A trimmed text field, None when blank.
pub fn text_field(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}
