//! A problem found in a framework file or one of its CSV files, named by
//! file, line and field so the person who wrote it can go straight there.

use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<usize>,
    pub field: String,
    /// The cell as written, when the problem is one cell's (a CSV row's column).
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.file, line, self.field, self.message),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.message),
        }
    }
}

/// A file's name and text, to turn byte positions into line numbers.
pub struct SourceText<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl SourceText<'_> {
    pub fn line_of(&self, span: Range<usize>) -> usize {
        let end = span.start.min(self.text.len());
        self.text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }
}

/// Collects problems for one file.
pub struct Problems<'a> {
    pub source: SourceText<'a>,
    pub found: Vec<FileProblem>,
}

impl<'a> Problems<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Problems { source: SourceText { name, text }, found: Vec::new() }
    }
    /// Records a problem at a byte span of the file.
    pub fn at(&mut self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        let line = self.source.line_of(span);
        self.at_line(Some(line), field, message);
    }
    /// Records a problem at a line (1-based), or for the whole file.
    pub fn at_line(&mut self, line: Option<usize>, field: impl Into<String>, message: impl Into<String>) {
        self.found.push(FileProblem {
            file: self.source.name.to_string(),
            line,
            field: field.into(),
            value: None,
            message: message.into(),
        });
    }
    /// Records a problem with one cell of a CSV row, keeping the cell as written.
    pub fn at_cell(&mut self, line: usize, column: &str, value: &str, message: impl Into<String>) {
        self.found.push(FileProblem {
            file: self.source.name.to_string(),
            line: Some(line),
            field: column.to_string(),
            value: Some(value.to_string()),
            message: message.into(),
        });
    }
}
