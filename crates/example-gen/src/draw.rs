//! Seeded draws and exact arithmetic. Every draw is an integer from
//! ChaCha8 (the same stream for the same seed on every machine); noise is
//! built from sums of uniform integers and scaled in `Decimal`, so no
//! floating point ever touches a figure.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rust_decimal::{Decimal, RoundingStrategy};

/// The seed of every stream. Changing it changes every figure.
pub const SEED: [u8; 32] = *b"outturn example borough seed v01";

/// A stream of draws, one per purpose ("values:EB-CT01", "recorded:EB-CT01"),
/// so that adding a measure or a sentence leaves every other stream alone.
pub struct Draws(ChaCha8Rng);

impl Draws {
    pub fn new(purpose: &str) -> Draws {
        let mut rng = ChaCha8Rng::from_seed(SEED);
        rng.set_stream(fnv1a(purpose));
        Draws(rng)
    }

    /// A whole number from 0 to n - 1, without modulo bias.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "a draw needs at least one choice");
        let zone = (u32::MAX / n) * n;
        loop {
            let v = self.0.next_u32();
            if v < zone {
                return v % n;
            }
        }
    }

    /// A whole number from `lo` to `hi`, both included.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u32::try_from(hi - lo + 1).expect("a small range");
        lo + i64::from(self.below(span))
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(u32::try_from(items.len()).expect("a short list")) as usize]
    }

    /// Bell-shaped noise with mean 0 and standard deviation `sd`: the sum of
    /// four uniform whole numbers from -3 to 3 (variance 4 each, so 16 in
    /// all, standard deviation 4), divided by 4.
    pub fn noise(&mut self, sd: Decimal) -> Decimal {
        let sum: i64 = (0..4).map(|_| self.between(-3, 3)).sum();
        sd * Decimal::from(sum) / Decimal::from(4)
    }
}

/// FNV-1a, 64 bits: a fixed hash of a purpose's name (std's hasher is seeded per process).
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A decimal written in the source ("96.9").
pub fn d(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap_or_else(|_| panic!("{text} is not a decimal"))
}

/// Rounded to `dp` places, halves away from zero as papers round.
pub fn round(value: Decimal, dp: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() {
        r = Decimal::ZERO;
    }
    r
}

/// Rounded to the nearest multiple of `step` (a target set "to the nearest 5").
pub fn round_to_step(value: Decimal, step: Decimal) -> Decimal {
    let steps = round(value / step, 0);
    let r = steps * step;
    r.normalize()
}

/// Written with exactly `dp` places ("97.0", "18432.50", "182").
pub fn fixed(value: Decimal, dp: u32) -> String {
    let mut r = round(value, dp);
    r.rescale(dp);
    r.to_string()
}

/// Written as a person reads it: thousands separated ("69,100", "18,432.57").
pub fn grouped(value: Decimal, dp: u32) -> String {
    let text = fixed(value, dp);
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_purpose_draws_the_same_numbers() {
        let a: Vec<u32> = (0..20)
            .map({
                let mut r = Draws::new("x");
                move |_| r.below(1000)
            })
            .collect();
        let b: Vec<u32> = (0..20)
            .map({
                let mut r = Draws::new("x");
                move |_| r.below(1000)
            })
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn figures_are_written_exactly() {
        assert_eq!(fixed(d("97"), 1), "97.0");
        assert_eq!(fixed(d("59.85"), 1), "59.9");
        assert_eq!(fixed(d("-0.04"), 1), "0.0");
        assert_eq!(grouped(d("1234567.5"), 2), "1,234,567.50");
        assert_eq!(grouped(d("999"), 0), "999");
        assert_eq!(round_to_step(d("367"), d("5")), d("365"));
        assert_eq!(round_to_step(d("97.26"), d("0.5")).to_string(), "97.5");
    }
}
