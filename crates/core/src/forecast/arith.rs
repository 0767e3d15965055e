//! Checked `Decimal` arithmetic for the forecasts: any step that would
//! leave `Decimal`'s range becomes [`ForecastError::TooLarge`] naming the
//! step, never a panic. And a square root, so that no floating point and no
//! extra feature of `rust_decimal` is needed.

use rust_decimal::Decimal;

use super::error::ForecastError;

pub(super) type Checked<T> = Result<T, ForecastError>;

/// `Some` or the error naming the step that overflowed.
pub(super) fn ok(value: Option<Decimal>, step: &'static str) -> Checked<Decimal> {
    value.ok_or(ForecastError::TooLarge { step })
}

pub(super) fn add(a: Decimal, b: Decimal, step: &'static str) -> Checked<Decimal> {
    ok(a.checked_add(b), step)
}
pub(super) fn sub(a: Decimal, b: Decimal, step: &'static str) -> Checked<Decimal> {
    ok(a.checked_sub(b), step)
}
pub(super) fn mul(a: Decimal, b: Decimal, step: &'static str) -> Checked<Decimal> {
    ok(a.checked_mul(b), step)
}
pub(super) fn div(a: Decimal, b: Decimal, step: &'static str) -> Checked<Decimal> {
    ok(a.checked_div(b), step)
}

/// The sum of the values.
pub(super) fn sum(values: impl IntoIterator<Item = Decimal>, step: &'static str) -> Checked<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |total, v| add(total, v, step))
}

/// The mean of the values; `None` for none.
pub(super) fn mean(values: &[Decimal], step: &'static str) -> Checked<Option<Decimal>> {
    if values.is_empty() {
        return Ok(None);
    }
    Ok(Some(div(sum(values.iter().copied(), step)?, Decimal::from(values.len()), step)?))
}

/// The square root of a non-negative decimal by Newton's method, to
/// `Decimal`'s precision: each step halves the distance from the root, then
/// doubles the correct digits; it stops when a step changes nothing (or
/// after 200 steps, far more than any decimal needs). `None` below zero.
pub(super) fn sqrt(x: Decimal) -> Option<Decimal> {
    if x.is_sign_negative() && !x.is_zero() {
        return None;
    }
    if x.is_zero() {
        return Some(Decimal::ZERO);
    }
    // Start near the root: 10 to the power of half the digits before the point.
    let digits = x.trunc().to_string().trim_start_matches('-').len() as u32;
    let mut guess =
        if x >= Decimal::ONE { Decimal::from(10u64).powi_checked(digits.div_ceil(2))? } else { Decimal::ONE };
    for _ in 0..200 {
        let next = guess.checked_add(x.checked_div(guess)?)?.checked_div(Decimal::TWO)?;
        if next == guess {
            break;
        }
        guess = next;
    }
    Some(guess)
}

trait PowiChecked: Sized {
    fn powi_checked(self, exponent: u32) -> Option<Self>;
}

impl PowiChecked for Decimal {
    fn powi_checked(self, exponent: u32) -> Option<Decimal> {
        (0..exponent).try_fold(Decimal::ONE, |p, _| p.checked_mul(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn square_roots_are_exact_where_the_root_is_a_decimal() {
        assert_eq!(sqrt(dec!(0)), Some(dec!(0)));
        assert_eq!(sqrt(dec!(1)), Some(dec!(1)));
        assert_eq!(sqrt(dec!(144)).map(|r| r.normalize()), Some(dec!(12)));
        assert_eq!(sqrt(dec!(0.0625)).map(|r| r.normalize()), Some(dec!(0.25)));
        assert_eq!(sqrt(dec!(-4)), None);
        // √2 to 28 significant digits: 1.414213562373095048801688724.
        let root2 = sqrt(dec!(2)).unwrap();
        assert_eq!(root2.round_dp(20), dec!(1.41421356237309504880));
        // The largest decimal has a root, and no step overflows.
        let big = sqrt(Decimal::MAX).unwrap();
        assert_eq!(big.trunc(), dec!(281474976710656));
    }

    #[test]
    fn overflow_is_an_error_naming_the_step() {
        assert_eq!(mul(Decimal::MAX, dec!(2), "scaling"), Err(ForecastError::TooLarge { step: "scaling" }));
        assert_eq!(sum([Decimal::MAX, Decimal::MAX], "a sum"), Err(ForecastError::TooLarge { step: "a sum" }));
        assert_eq!(mean(&[], "a mean"), Ok(None));
        assert_eq!(mean(&[dec!(1), dec!(2)], "a mean"), Ok(Some(dec!(1.5))));
    }
}
