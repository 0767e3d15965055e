//! Quartiles by linear interpolation between order statistics: Hyndman and
//! Fan's definition 7 ("Sample quantiles in statistical packages", *The
//! American Statistician* 50(4), 1996), R's default and Excel's
//! `QUARTILE.INC`.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::measure::Polarity;

/// The method's code, in every benchmark's output.
pub const QUANTILE_METHOD_CODE: &str = "hyndman-fan-7";

/// The method in words, for pages, reports and the command line.
pub const QUANTILE_METHOD: &str = "quartiles by linear interpolation between the sorted values \
    (Hyndman and Fan's definition 7: R's default, Excel's QUARTILE.INC)";

/// The quartiles of a group's values, and their range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quartiles {
    pub lowest: Decimal,
    /// The 25th percentile.
    pub lower: Decimal,
    pub median: Decimal,
    /// The 75th percentile.
    pub upper: Decimal,
    pub highest: Decimal,
}

impl Quartiles {
    /// The quartiles of `values` (any order); `None` when there are none.
    /// The values must be within [`crate::result::LARGEST_FIGURE`], as
    /// [`crate::benchmark::benchmark`] checks.
    pub fn of(values: &[Decimal]) -> Option<Quartiles> {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let at = |p: Decimal| quantile(&sorted, p);
        Some(Quartiles {
            lowest: *sorted.first()?,
            lower: at(Decimal::new(25, 2))?,
            median: at(Decimal::new(5, 1))?,
            upper: at(Decimal::new(75, 2))?,
            highest: *sorted.last()?,
        })
    }

    /// The edge of the best quarter: the upper quartile when higher is
    /// better (and for an information-only measure, the upper quarter's
    /// edge), the lower quartile when lower is better.
    pub fn top_boundary(&self, polarity: Polarity) -> Decimal {
        match polarity {
            Polarity::Lower => self.lower,
            Polarity::Higher | Polarity::None => self.upper,
        }
    }
}

/// The `p` quantile (0 ≤ p ≤ 1) of values sorted in ascending order, by
/// Hyndman and Fan's definition 7: with n values x₁ … xₙ, h = (n − 1)p + 1
/// and Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). `None` for no values or a
/// `p` outside 0 to 1. Exact for the quartiles (h is a whole number plus
/// 0, ¼, ½ or ¾).
pub fn quantile(sorted: &[Decimal], p: Decimal) -> Option<Decimal> {
    if sorted.is_empty() || p < Decimal::ZERO || p > Decimal::ONE {
        return None;
    }
    let last = Decimal::from(sorted.len() - 1);
    // Counted from 0 here: h − 1 = (n − 1)p.
    let h = last.checked_mul(p)?;
    let j = h.floor();
    let i = j.to_usize()?;
    // Normalised (0.50 is 0.5), so that a quartile has no more places than
    // the values and the interpolation need.
    let fraction = (h - j).normalize();
    let low = sorted[i];
    if fraction.is_zero() || i + 1 >= sorted.len() {
        return Some(low);
    }
    let high = sorted[i + 1];
    // The step from x⌊h⌋ normalised too: 0.5 × 0.6 is 0.3, not 0.30.
    low.checked_add(fraction.checked_mul(high.checked_sub(low)?)?.normalize())
}
