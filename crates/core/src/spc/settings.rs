//! The choices an SPC chart's rules depend on. The published tools differ
//! on each of them, so each is a setting, and the defaults say whose
//! practice they follow (`docs/spc.md` cites the sources).

use serde::{Deserialize, Serialize};

use super::error::SpcError;

/// How limits are computed and which runs count as special cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Points in a row on one side of the mean that make a shift: 7 (MDC's
    /// SQL tool up to v2.5, and NHSRplotthedots) or 6 (MDC's SQL tool's
    /// default since v2.6, January 2024).
    pub shift_length: usize,
    /// Points in a row, each strictly higher (or each strictly lower) than
    /// the one before, that make a trend, counting both end points: 7 (MDC's
    /// SQL tool up to v2.5, and NHSRplotthedots) or 6 (MDC SQL v2.6).
    pub trend_length: usize,
    /// Leave out moving ranges at or above 3.267 times their mean, then take
    /// the mean again (Nelson 1982; NHSRplotthedots' `screen_outliers`). Off
    /// by default, as in the MDC Excel tool, which keeps every moving range.
    pub screen_moving_ranges: bool,
    /// Whether a point beyond a process limit also counts as beyond its
    /// two-sigma line for the two-of-three rule. On by default, as MDC has
    /// counted them since SQL v2.6 (January 2024); before that, and in
    /// NHSRplotthedots, only points between the two lines counted.
    pub two_of_three_counts_beyond_limits: bool,
    /// Compute each segment's limits from its first `n` present values and
    /// hold them for the rest of the segment; `None` uses every value.
    pub fixed_baseline: Option<usize>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shift_length: 7,
            trend_length: 7,
            screen_moving_ranges: false,
            two_of_three_counts_beyond_limits: true,
            fixed_baseline: None,
        }
    }
}

impl Settings {
    /// The lengths MDC's tools allow for a shift or a trend.
    pub const RUN_LENGTHS: [usize; 2] = [6, 7];

    /// Refuses settings no published tool uses.
    pub fn check(&self) -> Result<(), SpcError> {
        if !Self::RUN_LENGTHS.contains(&self.shift_length) {
            return Err(SpcError::ShiftLength(self.shift_length));
        }
        if !Self::RUN_LENGTHS.contains(&self.trend_length) {
            return Err(SpcError::TrendLength(self.trend_length));
        }
        match self.fixed_baseline {
            Some(n) if n < 2 => Err(SpcError::BaselineTooShort(n)),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_their_own_check() {
        assert_eq!(Settings::default().check(), Ok(()));
    }

    #[test]
    fn run_lengths_other_than_6_or_7_are_refused() {
        let s = Settings { shift_length: 8, ..Settings::default() };
        assert_eq!(s.check(), Err(SpcError::ShiftLength(8)));
        let t = Settings { trend_length: 5, ..Settings::default() };
        assert_eq!(t.check(), Err(SpcError::TrendLength(5)));
        let b = Settings { fixed_baseline: Some(1), ..Settings::default() };
        assert_eq!(b.check(), Err(SpcError::BaselineTooShort(1)));
    }
}
