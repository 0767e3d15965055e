//! One measure's XmR chart: its values split into segments at recorded
//! process changes, limits per segment, the rules per point, and the icons
//! of the latest point.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use super::error::SpcError;
use super::icons::{AssuranceIcon, VariationIcon};
use super::limits::{Limits, Shortfall, checked_moving_ranges};
use super::rules::{Rule, Side, detect};
use super::settings::Settings;
use super::variation::{ImprovementDirection, Variation};

/// What is charted: the values and what they are judged against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chart {
    /// One value a period, oldest first; `None` is a missing period.
    pub values: Vec<Option<Decimal>>,
    pub improvement: ImprovementDirection,
    pub target: Option<Decimal>,
    /// The index of each value where a recorded process change starts a new
    /// segment, in increasing order. Limits are never rebased on their own:
    /// only a change someone recorded starts new ones.
    pub process_changes: Vec<usize>,
}

/// A stretch of the chart between process changes, with its own limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Index of the segment's first value.
    pub start: usize,
    /// Index just past the segment's last value.
    pub end: usize,
    /// How many of its periods have a value.
    pub values: usize,
    #[serde(flatten)]
    pub limits: Limits,
}

/// One period on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    pub index: usize,
    /// `None` for a missing period: a gap, never a zero.
    pub value: Option<Decimal>,
    /// Which of [`Analysis::segments`] the point belongs to.
    pub segment: usize,
    /// The distance from the period before, within the segment; `None`
    /// after a gap, at a gap and at a segment's first point.
    pub moving_range: Option<Decimal>,
    /// The special cause rules the point meets, in [`Rule::ALL`] order.
    pub special_cause: Vec<Rule>,
    /// The side its signal counts for, when it has one (see `docs/spc.md`
    /// for a point whose rules point both ways).
    pub side: Option<Side>,
    /// `None` for a missing period.
    pub variation: Option<Variation>,
}

/// An analysed chart. The latest segment's limits are repeated at the top
/// level (`mean`, `lower_limit`, …), as a summary shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub limits: Limits,
    pub variation_icon: VariationIcon,
    pub assurance_icon: Option<AssuranceIcon>,
    pub improvement: ImprovementDirection,
    pub target: Option<Decimal>,
    pub settings: Settings,
    pub segments: Vec<Segment>,
    pub points: Vec<Point>,
}

impl Analysis {
    /// The latest point with a value: the one the icons describe.
    pub fn latest(&self) -> Option<&Point> {
        self.points.iter().rev().find(|p| p.value.is_some())
    }
}

impl Chart {
    pub fn new(values: Vec<Option<Decimal>>, improvement: ImprovementDirection) -> Chart {
        Chart { values, improvement, ..Chart::default() }
    }
    pub fn analyse(&self, settings: &Settings) -> Result<Analysis, SpcError> {
        analyse(self, settings)
    }

    /// The index ranges of the segments, checking the process changes.
    fn spans(&self) -> Result<Vec<Range<usize>>, SpcError> {
        let len = self.values.len();
        let mut starts = vec![0];
        for &index in &self.process_changes {
            if index == 0 || index >= len {
                return Err(SpcError::ProcessChangeOutOfRange { index, len });
            }
            let previous = *starts.last().unwrap_or(&0);
            if index <= previous {
                return Err(SpcError::ProcessChangesOutOfOrder { index, previous });
            }
            starts.push(index);
        }
        let ends = starts.iter().skip(1).copied().chain([len]);
        Ok(starts.iter().copied().zip(ends).map(|(s, e)| s..e).collect())
    }
}

/// Limits per segment, rules per point, and the icons of the latest point.
pub fn analyse(chart: &Chart, settings: &Settings) -> Result<Analysis, SpcError> {
    settings.check()?;
    if chart.values.is_empty() {
        return Err(SpcError::NoValues);
    }
    let mut segments = Vec::new();
    let mut points = Vec::with_capacity(chart.values.len());
    for (number, span) in chart.spans()?.into_iter().enumerate() {
        let values = &chart.values[span.clone()];
        let at = |s| shortfall(s, number, &span);
        let limits = Limits::of(values, settings).map_err(at)?;
        let ranges = checked_moving_ranges(values).map_err(at)?;
        let signals = detect(values, &limits, settings);
        for (offset, (signal, moving_range)) in signals.iter().zip(ranges).enumerate() {
            let value = values[offset];
            let side = signal.side();
            points.push(Point {
                index: span.start + offset,
                value,
                segment: number,
                moving_range,
                special_cause: signal.rules(),
                side,
                variation: value.map(|_| Variation::of(side, chart.improvement)),
            });
        }
        let present = values.iter().filter(|v| v.is_some()).count();
        segments.push(Segment { start: span.start, end: span.end, values: present, limits });
    }
    // Every segment has at least two values, so the latest exists.
    let latest_limits = segments.last().map(|s| s.limits).ok_or(SpcError::NoValues)?;
    let variation_icon = points
        .iter()
        .rev()
        .find_map(|p| p.variation.map(|v| VariationIcon::of(v, p.side)))
        .unwrap_or(VariationIcon::CommonCause);
    Ok(Analysis {
        limits: latest_limits,
        variation_icon,
        assurance_icon: AssuranceIcon::of(chart.target, chart.improvement, &latest_limits),
        improvement: chart.improvement,
        target: chart.target,
        settings: *settings,
        segments,
        points,
    })
}

/// Says which segment fell short, counting segments and values from 1.
fn shortfall(shortfall: Shortfall, number: usize, span: &Range<usize>) -> SpcError {
    let (segment, first, last) = (number + 1, span.start + 1, span.end);
    match shortfall {
        Shortfall::TooFewValues(present) => SpcError::TooFewValues { segment, first, last, present },
        Shortfall::NoMovingRange => SpcError::NoMovingRange { segment, first, last },
        Shortfall::TooLarge => SpcError::TooLarge { segment, first, last },
    }
}
