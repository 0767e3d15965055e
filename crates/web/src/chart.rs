//! Charts: the SVG geometry lives in `outturn_report::chart`, shared with the
//! HTML committee report, so a measure page and a report draw the same chart.

pub use outturn_report::chart::{ChartPoint, line_chart_in, short_label};
