//! Small text helpers for templates and links.

/// Percent-encodes a query value or a path segment (periods contain `/`).
pub fn url_encode(text: &str) -> String {
    outturn_app::url_path_segment(text)
}
