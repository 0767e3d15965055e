//! Why a chart could not be drawn: each error says what is wrong and where,
//! in positions a performance officer can find (index from 0, and the
//! value's place counting from 1).

/// A chart or a setting that SPC cannot work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpcError {
    #[error("no values: an SPC chart needs at least two values")]
    NoValues,
    #[error(
        "segment {segment} (values {first} to {last}) has {present} value(s) and needs at least two to compute a mean and limits"
    )]
    TooFewValues { segment: usize, first: usize, last: usize, present: usize },
    #[error(
        "segment {segment} (values {first} to {last}) has no two values in consecutive periods, so no moving range: limits need at least one (a moving range is never taken across a missing period)"
    )]
    NoMovingRange { segment: usize, first: usize, last: usize },
    #[error("segment {segment} (values {first} to {last}) has values too large to compute limits exactly")]
    TooLarge { segment: usize, first: usize, last: usize },
    #[error("shift length {0} is not allowed: a shift is a run of 6 or 7 points")]
    ShiftLength(usize),
    #[error("trend length {0} is not allowed: a trend is a run of 6 or 7 points")]
    TrendLength(usize),
    #[error("a fixed baseline of {0} point(s) is too short: limits need at least 2 values")]
    BaselineTooShort(usize),
    #[error(
        "the process change at index {index} (value {}) is out of range: with {len} values a new segment can start at index 1 to {}",
        .index + 1, .len.saturating_sub(1)
    )]
    ProcessChangeOutOfRange { index: usize, len: usize },
    #[error("process changes must be listed once each, in increasing order: index {index} follows index {previous}")]
    ProcessChangesOutOfOrder { index: usize, previous: usize },
}
