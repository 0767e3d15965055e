//! The prediction interval around each forecast, from the chosen method's
//! own backtest errors: the forecast ± z × the root mean square error at
//! that many periods ahead (z = 1.2816 for 80%), so it is as wide as the
//! method has actually been wrong on this measure, bias included.
//!
//! With a dozen origins there are a dozen errors one period ahead but only
//! one twelve periods ahead, and a root mean square of one or two errors is
//! luck. So a horizon's own errors are used when there are at least
//! [`MIN_ERRORS`]; further ahead the last such horizon's scale grows with
//! the square root of the distance, as a random walk's does (FPP3 §5.5,
//! the naive method's σ√h, which also bounds simple smoothing's
//! σ√(1 + (h−1)α²), §8.7); and when
//! no horizon has enough errors, all of them are pooled, each scaled down
//! by √h, and grown back by √h. An interval is never narrower further
//! ahead than nearer. A method that was never wrong has an interval of
//! zero width.

use rust_decimal::Decimal;

use super::arith::{Checked, add, div, mul, ok, sqrt};

/// The fewest errors a horizon's own scale is taken from.
pub const MIN_ERRORS: usize = 5;

/// The scale of each horizon's interval (1 to `horizon`) and how many of its
/// own backtest errors it rests on (0 when grown from another horizon's),
/// from the backtest errors by horizon (`errors[h - 1]`).
pub(super) fn scales(errors: &[Vec<Decimal>], horizon: usize) -> Checked<Vec<(Decimal, usize)>> {
    const STEP: &str = "the interval";
    let mut own: Vec<Option<Decimal>> = Vec::with_capacity(horizon);
    for h in 1..=horizon {
        let at = errors.get(h - 1).map(Vec::as_slice).unwrap_or(&[]);
        own.push(if at.len() >= MIN_ERRORS { Some(rms(at.iter().copied(), at.len())?) } else { None });
    }
    let pooled = pooled(errors)?;
    let mut out: Vec<(Decimal, usize)> = Vec::with_capacity(horizon);
    let mut last_own: Option<(usize, Decimal)> = None;
    for h in 1..=horizon {
        let (scale, count) = match own[h - 1] {
            Some(s) => {
                last_own = Some((h, s));
                (s, errors[h - 1].len())
            }
            None => {
                let (from, s) = last_own.unwrap_or((1, pooled));
                (mul(s, root(h, from)?, STEP)?, 0)
            }
        };
        let floor = out.last().map_or(Decimal::ZERO, |(s, _)| *s);
        out.push((scale.max(floor), count));
    }
    Ok(out)
}

/// The root mean square of `count` values.
fn rms(values: impl Iterator<Item = Decimal>, count: usize) -> Checked<Decimal> {
    const STEP: &str = "the interval";
    let mut squares = Decimal::ZERO;
    for v in values {
        squares = add(squares, mul(v, v, STEP)?, STEP)?;
    }
    ok(sqrt(div(squares, Decimal::from(count.max(1)), STEP)?), STEP)
}

/// The scale one period ahead from every error, each squared error divided
/// by its horizon: √(mean(e² / h)).
fn pooled(errors: &[Vec<Decimal>]) -> Checked<Decimal> {
    const STEP: &str = "the interval";
    let mut squares = Decimal::ZERO;
    let mut count = 0usize;
    for (i, at) in errors.iter().enumerate() {
        for e in at {
            squares = add(squares, div(mul(*e, *e, STEP)?, Decimal::from(i + 1), STEP)?, STEP)?;
            count += 1;
        }
    }
    ok(sqrt(div(squares, Decimal::from(count.max(1)), STEP)?), STEP)
}

/// √(h / from).
fn root(h: usize, from: usize) -> Checked<Decimal> {
    ok(sqrt(div(Decimal::from(h), Decimal::from(from), "the interval")?), "the interval")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_horizon_with_enough_errors_uses_its_own_root_mean_square() {
        // Five errors of ±3 and -4... at one period ahead: √((4×9 + 16) / 5).
        let errors = vec![vec![dec!(3), dec!(-3), dec!(3), dec!(-3), dec!(4)]];
        let s = scales(&errors, 1).unwrap();
        assert_eq!(s[0].1, 5);
        assert_eq!(s[0].0.round_dp(10), sqrt(dec!(10.4)).unwrap().round_dp(10));
    }

    #[test]
    fn further_ahead_the_scale_grows_with_the_square_root_of_the_distance() {
        let errors = vec![vec![dec!(2); 5], vec![dec!(2); 4]];
        let s = scales(&errors, 4).unwrap();
        assert_eq!(s[0], (dec!(2), 5));
        // Horizon 2 has four errors, too few: 2 × √2.
        assert_eq!(s[1].1, 0);
        assert_eq!(s[1].0.round_dp(12), (dec!(2) * sqrt(dec!(2)).unwrap()).round_dp(12));
        assert_eq!(s[3].0.round_dp(12), dec!(4));
    }

    #[test]
    fn too_few_errors_anywhere_are_pooled() {
        // e² / h: 4/1, 4/1, 16/2 → mean 16/3; one ahead √(16/3), two ahead √(32/3).
        let errors = vec![vec![dec!(2), dec!(-2)], vec![dec!(4)]];
        let s = scales(&errors, 2).unwrap();
        assert_eq!(s[0].0.round_dp(12), sqrt(dec!(16) / dec!(3)).unwrap().round_dp(12));
        assert_eq!(s[1].0.round_dp(12), sqrt(dec!(32) / dec!(3)).unwrap().round_dp(12));
    }

    #[test]
    fn never_narrower_further_ahead_and_zero_when_never_wrong() {
        let errors = vec![vec![dec!(5); 6], vec![dec!(1); 6]];
        let s = scales(&errors, 2).unwrap();
        assert_eq!(s[1], (dec!(5), 6));
        let exact = vec![vec![dec!(0); 6]; 3];
        assert!(scales(&exact, 5).unwrap().iter().all(|(s, _)| s.is_zero()));
        assert!(scales(&[], 2).unwrap().iter().all(|(s, _)| s.is_zero()));
    }
}
