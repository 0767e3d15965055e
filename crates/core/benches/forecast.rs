//! How long does one measure's forecast take: every method fitted at every
//! backtest origin, scored, the best chosen, its intervals and a year-end?
//!
//! - `monthly_78`: a 78-month series (April 2014 to September 2020: six and
//!   a half years, as a measure page charts), seasonal with a trend and
//!   noise, three months missing; the default monthly settings (12 ahead,
//!   12 origins, 80%). The budget is well under 5 ms in release.
//! - `quarterly_26`: 26 quarters, the default quarterly settings.
//! - `monthly_78_with_year_end`: the monthly forecast and the 2020/21
//!   outturn of a summed measure from April to September's results.
//!
//! Run: `cargo bench -p outturn-core --bench forecast`

use jiff::Timestamp;
use outturn_core::forecast::{Settings, forecast, season_length, year_end};
use outturn_core::{
    Decimal, Figure, FinancialYear, Frequency, Key, Measure, MeasureCode, Period, Polarity, ResultEntry, ResultValue,
    StatusRule, Unit, YtdRule,
};

fn main() {
    divan::main();
}

/// A monthly series: level 40, a slow rise, a winter peak, and
/// deterministic noise (a linear congruential sequence), to two places.
fn series(len: usize, season: usize) -> Vec<Option<Decimal>> {
    let mut seed: u64 = 20_200_930;
    (0..len)
        .map(|t| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let noise = i64::try_from(seed >> 54).unwrap_or(0) - 512; // -512..511
            let seasonal = [0, -2, -3, -1, 1, 2, 4, 6, 5, 2, 0, -1];
            let hundredths = 4_000 + 3 * t as i64 + 100 * seasonal[t % season.min(12)] + noise;
            (![17, 40, 63].contains(&t)).then(|| Decimal::new(hundredths, 2))
        })
        .collect()
}

#[divan::bench]
fn monthly_78() -> usize {
    let values = series(78, 12);
    let settings = Settings::for_frequency(Frequency::Monthly);
    let f = forecast(divan::black_box(&values), season_length(Frequency::Monthly), &settings).unwrap();
    f.steps.len()
}

#[divan::bench]
fn quarterly_26() -> usize {
    let values = series(26, 4);
    let settings = Settings::for_frequency(Frequency::Quarterly);
    let f = forecast(divan::black_box(&values), season_length(Frequency::Quarterly), &settings).unwrap();
    f.steps.len()
}

#[divan::bench]
fn monthly_78_with_year_end() -> Decimal {
    let values = series(78, 12);
    let settings = Settings::for_frequency(Frequency::Monthly);
    let f = forecast(divan::black_box(&values), 12, &settings).unwrap();
    let measure = measure();
    let september = Period::parse("2020-09").unwrap();
    let entries: Vec<ResultEntry> = september
        .year_to_date_periods(Frequency::Monthly)
        .into_iter()
        .zip(&values[72..])
        .map(|(period, v)| entry(&measure, period, v.expect("April to September 2020 have results")))
        .collect();
    let year = FinancialYear::starting(2020).unwrap();
    year_end(&measure, year, september, |p| entries.iter().find(|e| e.period == p), &f).unwrap().value
}

fn measure() -> Measure {
    Measure {
        code: MeasureCode::parse("BV213").unwrap(),
        title: "Homelessness preventions".into(),
        definition: None,
        owner: Key::parse("housing").unwrap(),
        officer: None,
        aligned: vec![],
        tags: vec![],
        unit: Unit::Count,
        decimals: 0,
        polarity: Polarity::Higher,
        frequency: Frequency::Monthly,
        ytd: YtdRule::Sum,
        status_rule: StatusRule::None,
        active_from: None,
        retired_from: None,
        retired_reason: None,
    }
}

fn entry(measure: &Measure, period: Period, value: Decimal) -> ResultEntry {
    ResultEntry {
        measure: measure.code.clone(),
        period,
        value: ResultValue::Figure(Figure::of(value)),
        commentary: None,
        recorded_at: Timestamp::UNIX_EPOCH,
        recorded_by: "bench".into(),
    }
}
