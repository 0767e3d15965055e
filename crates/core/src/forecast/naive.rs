//! The two benchmark methods of FPP3 §5.2, which need no fitting: the
//! naive forecast (the latest result) and the seasonal naive forecast (the
//! result for the same period a season earlier). A missing result is
//! skipped, never read as zero: the naive method takes the latest result
//! there is, the seasonal one the latest result for the same period of the
//! season, falling back to the naive forecast when that period was never
//! reported.

use rust_decimal::Decimal;

/// The naive forecasts 1 to `horizon` periods after `values[..origin]`:
/// the latest result, every period ahead. `None` with no result before the origin.
pub(super) fn naive(values: &[Option<Decimal>], origin: usize, horizon: usize) -> Option<Vec<Decimal>> {
    let latest = values[..origin].iter().rev().find_map(|v| *v)?;
    Some(vec![latest; horizon])
}

/// The seasonal naive forecasts 1 to `horizon` periods after
/// `values[..origin]`: for the period at index t, y[t - m(k + 1)] with k
/// the whole seasons between the origin and t (FPP3 §5.2:
/// ŷ(T+h|T) = y(T+h−m(k+1)), k = ⌊(h−1)/m⌋), going back a further season
/// past a missing result; the naive forecast when none of that period's
/// results is known. `None` with no result before the origin.
pub(super) fn seasonal_naive(
    values: &[Option<Decimal>],
    origin: usize,
    horizon: usize,
    season: usize,
) -> Option<Vec<Decimal>> {
    let latest = values[..origin].iter().rev().find_map(|v| *v)?;
    let season = season.max(1);
    Some(
        (1..=horizon)
            .map(|h| {
                let t = origin + h - 1;
                let back = season * ((h - 1) / season + 1);
                (back..=t).step_by(season).find_map(|b| values[t - b]).unwrap_or(latest)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn ints(values: &[i64]) -> Vec<Option<Decimal>> {
        values.iter().map(|v| Some(Decimal::from(*v))).collect()
    }

    #[test]
    fn naive_carries_the_latest_result_past_a_gap() {
        let values = vec![Some(dec!(3)), Some(dec!(5)), None];
        assert_eq!(naive(&values, 3, 2), Some(vec![dec!(5), dec!(5)]));
        assert_eq!(naive(&values, 1, 1), Some(vec![dec!(3)]));
        assert_eq!(naive(&[None, None], 2, 1), None);
    }

    /// FPP3 §5.2: "each forecast to be equal to the last observed value
    /// from the same season": with quarters 1..8 (two years), the next
    /// year's quarters repeat the second year, and a second year ahead
    /// repeats it again (k = 1).
    #[test]
    fn seasonal_naive_repeats_the_latest_season() {
        let values = ints(&[10, 20, 30, 40, 11, 21, 31, 41]);
        let f = seasonal_naive(&values, 8, 6, 4).unwrap();
        assert_eq!(f, [dec!(11), dec!(21), dec!(31), dec!(41), dec!(11), dec!(21)]);
        // From origin 6 (Q3 of year two next): Q3 and Q4 come from year one.
        assert_eq!(seasonal_naive(&values, 6, 2, 4).unwrap(), [dec!(30), dec!(40)]);
    }

    #[test]
    fn seasonal_naive_goes_back_a_season_past_a_gap_then_falls_back_to_naive() {
        let mut values = ints(&[10, 20, 30, 40, 11, 21, 31, 41]);
        values[5] = None; // year two's Q2 is missing: year one's stands in.
        assert_eq!(seasonal_naive(&values, 8, 2, 4).unwrap(), [dec!(11), dec!(20)]);
        values[1] = None; // no Q2 ever: the latest result, 41.
        assert_eq!(seasonal_naive(&values, 8, 2, 4).unwrap(), [dec!(11), dec!(41)]);
        // A season of 1 is the naive method.
        assert_eq!(seasonal_naive(&values, 8, 2, 1), naive(&values, 8, 2));
    }
}
