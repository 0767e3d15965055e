//! The forecast as a whole, through the module's public API: methods chosen
//! on series whose best method is plain, published figures, year-end
//! outturns by each year-to-date rule, errors, and properties (a gap is
//! never a zero, a constant is forecast exactly, no input panics).

use jiff::Timestamp;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::as_of::AsOf;
use crate::assess::{MeasureHistory, MeasureView};
use crate::measure::tests::measure;
use crate::measure::{Measure, Polarity, StatusRule, Unit, YtdRule};
use crate::period::{FinancialYear, Frequency, Period};
use crate::result::{Figure, ResultEntry, ResultValue};

fn p(text: &str) -> Period {
    Period::parse(text).unwrap()
}

fn some(values: &[Decimal]) -> Vec<Option<Decimal>> {
    values.iter().copied().map(Some).collect()
}

fn monthly() -> Settings {
    Settings::for_frequency(Frequency::Monthly)
}

fn quarterly() -> Settings {
    Settings::for_frequency(Frequency::Quarterly)
}

fn entry(m: &Measure, period: &str, figure: Figure) -> ResultEntry {
    ResultEntry {
        measure: m.code.clone(),
        period: p(period),
        value: ResultValue::Figure(figure),
        commentary: None,
        recorded_at: Timestamp::UNIX_EPOCH,
        recorded_by: "test".into(),
    }
}

fn missing(m: &Measure, period: &str, reason: &str) -> ResultEntry {
    ResultEntry { value: ResultValue::Missing { reason: reason.into() }, ..entry(m, period, Figure::of(dec!(0))) }
}

fn fraction(numerator: Decimal, denominator: Decimal, scale: Decimal) -> Figure {
    Figure { numerator: Some(numerator), denominator: Some(denominator), ..Figure::of(numerator / denominator * scale) }
}

fn lookup<'a>(entries: &'a [ResultEntry]) -> impl Fn(Period) -> Option<&'a ResultEntry> {
    |period| entries.iter().find(|e| e.period == period)
}

fn year(start: i16) -> FinancialYear {
    FinancialYear::starting(start).unwrap()
}

/// A forecast whose every step is `value` with an interval of ± `half`,
/// for year-end arithmetic that can be checked by hand.
fn flat(value: Decimal, half: Decimal, steps: usize) -> Forecast {
    Forecast {
        method: Method::Naive,
        parameters: None,
        steps: (1..=steps)
            .map(|ahead| Step { ahead, value, lower: value - half, upper: value + half, backtest_errors: 12 })
            .collect(),
        interval: dec!(0.8),
        scores: vec![],
        unavailable: vec![],
        origins: 12,
        season: 12,
    }
}

// ---------------------------------------------------------------------------
// Choosing the method
// ---------------------------------------------------------------------------

/// A series falling towards zero: the naive interval (±1.28 × the backtest
/// error) reaches below zero, which no count can; raised to zero it keeps
/// its forecast and upper bound.
#[test]
fn a_forecast_is_raised_to_the_least_figure_the_unit_can_hold() {
    let values = some(&[dec!(9), dec!(1), dec!(8), dec!(2), dec!(7), dec!(1), dec!(6), dec!(2), dec!(5), dec!(1)]);
    let f = forecast(&values, 1, &Settings::for_frequency(Frequency::Annual)).unwrap();
    assert!(f.steps.iter().any(|s| s.lower < Decimal::ZERO), "{f:?}");
    let least = Unit::Count.least().unwrap();
    let raised = f.at_least(least);
    for (s, r) in f.steps.iter().zip(&raised.steps) {
        assert_eq!(r.lower, s.lower.max(Decimal::ZERO));
        assert_eq!((r.value, r.upper), (s.value.max(Decimal::ZERO), s.upper.max(Decimal::ZERO)));
    }
    assert_eq!(Unit::Money.least(), None, "money can be negative (a net cost)");
    assert_eq!(Unit::Percentage.least(), Some(Decimal::ZERO));
}

#[test]
fn a_constant_is_forecast_exactly_by_the_simplest_method_with_no_width() {
    let f = forecast(&some(&[dec!(92.5); 30]), 12, &monthly()).unwrap();
    assert_eq!(f.method, Method::Naive, "every method is exact: the tie goes to the simplest");
    assert_eq!(f.steps.len(), 12);
    for s in &f.steps {
        assert_eq!((s.value, s.lower, s.upper), (dec!(92.5), dec!(92.5), dec!(92.5)));
    }
    assert!(f.scores.iter().all(|s| s.accuracy.mae == Some(dec!(0))));
    assert!(f.explain(2).ends_with("on a tie the simpler method is chosen"), "{}", f.explain(2));
}

/// An exact seasonal pattern (four years of quarters repeating 10, 20, 30,
/// 40): the seasonal naive forecast is exact (FPP3 §5.2), so it is chosen
/// over Holt-Winters, also exact, as the simpler; the naive forecast is not.
#[test]
fn an_exact_season_is_forecast_by_seasonal_naive() {
    let values: Vec<Option<Decimal>> = (0..16).map(|t| Some(Decimal::from(10 * (t % 4 + 1)))).collect();
    let f = forecast(&values, 4, &quarterly()).unwrap();
    assert_eq!(f.method, Method::SeasonalNaive);
    let next: Vec<Decimal> = f.steps.iter().map(|s| s.value).collect();
    assert_eq!(next, [dec!(10), dec!(20), dec!(30), dec!(40)]);
    assert!(f.steps.iter().all(|s| s.lower == s.value && s.upper == s.value));
    let naive = f.scores.iter().find(|s| s.method == Method::Naive).unwrap();
    assert!(naive.accuracy.mae.unwrap() > dec!(0));
    let hw = f.scores.iter().find(|s| s.method == Method::HoltWinters).unwrap();
    assert_eq!(hw.accuracy.mae, Some(dec!(0)));
}

/// A straight line 1, 2, …, 40 (annual, no season): the naive forecast
/// lags by h, simple smoothing lags further; the damped trend follows it.
#[test]
fn a_steady_trend_is_forecast_by_the_damped_trend() {
    let values: Vec<Option<Decimal>> = (1..=40).map(|t| Some(Decimal::from(t))).collect();
    let settings = Settings { horizon: 3, ..Settings::for_frequency(Frequency::Annual) };
    let f = forecast(&values, 1, &settings).unwrap();
    assert_eq!(f.method, Method::DampedTrend, "{}", f.explain(3));
    let next = f.next().unwrap();
    assert!((next.value - dec!(41)).abs() < dec!(0.5), "{next:?}");
    assert!(f.steps[2].value > f.steps[1].value && f.steps[1].value > next.value, "the trend goes on, damped");
    assert_eq!(f.parameters.unwrap().phi, Some(dec!(0.98)), "the least damping fits a straight line best");
    let why = f.explain(2);
    assert!(why.starts_with("Damped trend had the lowest mean absolute error over 5 backtest origins"), "{why}");
    // Naive: five errors of 1 one ahead, four of 2, three of 3: 22 / 12.
    assert!(why.contains("(Naive 1.83, Simple exponential smoothing"), "{why}");
    // Seasonal methods cannot take part in an annual series, and say why.
    let reasons: Vec<Method> = f.unavailable.iter().map(|u| u.method).collect();
    assert_eq!(reasons, [Method::SeasonalNaive, Method::HoltWinters]);
    assert!(f.unavailable[0].reason.contains("no season"));
}

#[test]
fn every_method_the_history_allows_is_scored_on_the_same_forecasts() {
    let values: Vec<Option<Decimal>> = (0..60i64)
        .map(|t| Some(Decimal::from(100 + t + [0, 5, 9, 4, -2, -6, -8, -3, 1, 6, 3, -1][t as usize % 12])))
        .collect();
    let f = forecast(&values, 12, &monthly()).unwrap();
    let methods: Vec<Method> = f.scores.iter().map(|s| s.method).collect();
    assert_eq!(methods, Method::ALL);
    let count = f.scores[0].accuracy.count;
    // 12 origins, each scored 1 to 12 ahead as far as the history goes: 12 + 11 + … + 1.
    assert_eq!(count, 78);
    assert!(f.scores.iter().all(|s| s.accuracy.count == count));
    let chosen = f.score().unwrap().accuracy.mae.unwrap();
    assert!(f.scores.iter().all(|s| s.accuracy.mae.unwrap() >= chosen));
    assert_eq!(f.origins, 12);
    // Errors one ahead: 12, two ahead 11, …; the interval rests on its own
    // errors while there are 5, then grows from there.
    let rested: Vec<usize> = f.steps.iter().map(|s| s.backtest_errors).collect();
    assert_eq!(rested, [12, 11, 10, 9, 8, 7, 6, 5, 0, 0, 0, 0]);
    for pair in f.steps.windows(2) {
        assert!(pair[1].upper - pair[1].value >= pair[0].upper - pair[0].value, "never narrower further ahead");
    }
}

#[test]
fn a_short_history_uses_fewer_origins_and_fewer_methods() {
    // Seven quarters: six origins at most (each after the first result); four is the least.
    let values = some(&[dec!(5), dec!(6), dec!(5), dec!(7), dec!(6), dec!(6), dec!(7)]);
    let f = forecast(&values, 4, &quarterly()).unwrap();
    assert_eq!(f.origins, 6);
    let scored: Vec<Method> = f.scores.iter().map(|s| s.method).collect();
    assert_eq!(scored, [Method::Naive], "the others need more than one result before origin 1");
    // Ten quarters: eight origins, from the third quarter, after two results.
    let ten = some(&[dec!(5), dec!(6), dec!(5), dec!(7), dec!(6), dec!(6), dec!(7), dec!(6), dec!(7), dec!(7)]);
    let f = forecast(&ten, 4, &quarterly()).unwrap();
    let scored: Vec<Method> = f.scores.iter().map(|s| s.method).collect();
    assert_eq!(scored, [Method::Naive, Method::Simple]);
    let too_short = forecast(&values[..4], 4, &quarterly()).unwrap_err();
    assert_eq!(too_short, ForecastError::TooFewValues { values: 4, needed: 5, origins: 4 });
    assert!(too_short.to_string().starts_with("4 value(s) from the first result: a forecast needs at least 5"));
    let late_start = [vec![None; 10], values[..4].to_vec()].concat();
    assert_eq!(forecast(&late_start, 4, &quarterly()), Err(too_short));
}

#[test]
fn the_rounded_forecast_is_for_display_only() {
    let values = some(&[dec!(1.234), dec!(2.345), dec!(1.456), dec!(2.567), dec!(1.678), dec!(2.789), dec!(1.5)]);
    let f = forecast(&values, 1, &Settings { horizon: 2, ..quarterly() }).unwrap();
    let r = f.rounded(1);
    assert_eq!(r.steps[0].value, f.steps[0].value.round_dp(1));
    assert_eq!(r.method, f.method);
    assert!(f.steps[0].upper.scale() > 1, "the forecast itself is exact");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn bad_input_is_refused_with_what_and_where() {
    assert_eq!(forecast(&[], 12, &monthly()), Err(ForecastError::NoValues));
    let gaps = vec![None; 20];
    assert_eq!(forecast(&gaps, 12, &monthly()), Err(ForecastError::TooFewResults { present: 0 }));
    let one = [vec![Some(dec!(4))], vec![None; 20]].concat();
    assert_eq!(forecast(&one, 12, &monthly()), Err(ForecastError::TooFewResults { present: 1 }));
    let mut huge = some(&[dec!(1); 20]);
    huge[6] = Some(dec!(1_000_000_000_000));
    let e = forecast(&huge, 12, &monthly()).unwrap_err();
    assert_eq!(e, ForecastError::ValueTooLarge { position: 7, value: dec!(1_000_000_000_000) });
    assert!(e.to_string().starts_with("value 7 (1000000000000) is too large"), "{e}");
    assert_eq!(forecast(&some(&[dec!(1); 20]), 0, &monthly()), Err(ForecastError::SeasonLength(0)));
    let odd = Settings { interval: dec!(0.75), ..monthly() };
    assert_eq!(forecast(&some(&[dec!(1); 20]), 12, &odd), Err(ForecastError::Interval(dec!(0.75))));
}

#[test]
fn a_history_whose_every_later_result_is_missing_has_nothing_to_score() {
    let mut values = vec![Some(dec!(3)), Some(dec!(4))];
    values.extend(vec![None; 10]);
    // Origins 1 to 11: the result after origin 1 is 4, the only one scored.
    let f = forecast(&values, 1, &Settings { horizon: 1, ..monthly() }).unwrap();
    assert_eq!(f.score().unwrap().accuracy.count, 1);
    let mut later = vec![Some(dec!(3)), Some(dec!(4))];
    later.extend(vec![None; 20]);
    assert_eq!(
        forecast(&later, 1, &Settings { horizon: 1, ..monthly() }),
        Err(ForecastError::NothingToScore { origins: 12 })
    );
}

// ---------------------------------------------------------------------------
// Year-end outturn
// ---------------------------------------------------------------------------

fn quarterly_measure(code: &str, ytd: YtdRule) -> Measure {
    measure(code, Unit::Count, Polarity::Higher, ytd, StatusRule::None)
}

fn monthly_measure(code: &str, unit: Unit, ytd: YtdRule) -> Measure {
    Measure { frequency: Frequency::Monthly, ..measure(code, unit, Polarity::Lower, ytd, StatusRule::None) }
}

/// BV213 homelessness preventions, a sum: 151 from April to September
/// 2020 (the Q2 2020/21 paper, `docs`' DOMAIN worked examples), split 70
/// and 81 by quarter here; with Q3 and Q4 forecast at 80 ± 10 each, the
/// outturn is 151 + 160 = 311, between 291 and 331.
#[test]
fn a_sum_adds_the_forecasts_to_the_results_so_far() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results = [entry(&m, "2020/21-Q1", Figure::of(dec!(70))), entry(&m, "2020/21-Q2", Figure::of(dec!(81)))];
    let o = year_end(&m, year(2020), p("2020/21-Q2"), lookup(&results), &flat(dec!(80), dec!(10), 4)).unwrap();
    assert_eq!((o.value, o.lower, o.upper), (dec!(311), dec!(291), dec!(331)));
    assert_eq!(o.basis, Basis::Forecast);
    assert_eq!(o.period, p("2020/21-Q4"));
    assert_eq!(o.forecast_periods, [p("2020/21-Q3"), p("2020/21-Q4")]);
    assert_eq!(
        o.describe(0),
        "forecast 311 (range 291 to 331 from the periods' 80% intervals), forecasting 2020/21-Q3 to 2020/21-Q4"
    );
}

/// At risk of missing the year-end target: the forecast falls short of it
/// on the side the polarity says is worse; an actual outturn is never "at
/// risk", nor a measure where neither side is better.
#[test]
fn a_forecast_short_of_the_target_is_at_risk_by_polarity() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results = [entry(&m, "2020/21-Q1", Figure::of(dec!(70))), entry(&m, "2020/21-Q2", Figure::of(dec!(81)))];
    let o = year_end(&m, year(2020), p("2020/21-Q2"), lookup(&results), &flat(dec!(80), dec!(10), 4)).unwrap();
    assert_eq!(o.at_risk(Polarity::Higher, dec!(320)), Some(true), "311 is short of 320 where more is better");
    assert_eq!(o.at_risk(Polarity::Higher, dec!(311)), Some(false), "meeting it exactly is not at risk");
    assert_eq!(o.at_risk(Polarity::Lower, dec!(320)), Some(false));
    assert_eq!(o.at_risk(Polarity::Lower, dec!(300)), Some(true));
    assert_eq!(o.at_risk(Polarity::None, dec!(320)), None);
    let actual = Outturn { basis: Basis::Actual, ..o };
    assert_eq!(actual.at_risk(Polarity::Higher, dec!(320)), None);
}

/// A cumulative figure ("April to September: 151", as a paper gives it)
/// is the year so far: the rule stops adding there.
#[test]
fn a_cumulative_result_is_the_year_so_far() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results = [entry(&m, "2020/21-Q2", Figure { cumulative: true, ..Figure::of(dec!(151)) })];
    let o = year_end(&m, year(2020), p("2020/21-Q2"), lookup(&results), &flat(dec!(80), dec!(0), 4)).unwrap();
    assert_eq!(o.value, dec!(311));
}

/// NI156 households in temporary accommodation, a snapshot "at end of
/// quarter": the outturn is the forecast for Q4, two quarters after Q2.
#[test]
fn a_snapshot_is_the_forecast_for_the_last_period() {
    let m = quarterly_measure("NI156", YtdRule::Snapshot);
    let results = [entry(&m, "2020/21-Q2", Figure::of(dec!(150)))];
    let mut f = flat(dec!(140), dec!(5), 4);
    f.steps[1] = Step { ahead: 2, value: dec!(135), lower: dec!(120), upper: dec!(150), backtest_errors: 8 };
    let o = year_end(&m, year(2020), p("2020/21-Q2"), lookup(&results), &f).unwrap();
    assert_eq!((o.value, o.lower, o.upper), (dec!(135), dec!(120), dec!(150)));
}

/// Days to re-let, a ratio of sums (total days over total lets): six
/// months recorded with their lets, the months to March forecast as days
/// per let, each weighing an average month's lets (60 / 6 = 10):
/// (2,100 + 6 × 10 × 30) / (60 + 60) = 3,900 / 120 = 32.5.
#[test]
fn a_ratio_weighs_each_forecast_month_as_an_average_month_so_far() {
    let m = monthly_measure("ECH-Rep4", Unit::Days, YtdRule::Ratio { scale: dec!(1) });
    let months = ["2020-04", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09"];
    let days = [dec!(384), dec!(437), dec!(311), dec!(243), dec!(258), dec!(467)];
    let lets = [dec!(10), dec!(10), dec!(9), dec!(10), dec!(10), dec!(11)];
    let results: Vec<ResultEntry> = months
        .iter()
        .zip(days.iter().zip(lets))
        .map(|(month, (d, l))| entry(&m, month, fraction(*d, l, dec!(1))))
        .collect();
    assert_eq!(days.iter().sum::<Decimal>(), dec!(2100));
    let o = year_end(&m, year(2020), p("2020-09"), lookup(&results), &flat(dec!(30), dec!(4), 12)).unwrap();
    assert_eq!(o.value, dec!(32.5));
    // (2,100 + 60 × 26) / 120 = 30.5 and (2,100 + 60 × 34) / 120 = 34.5.
    assert_eq!((o.lower, o.upper), (dec!(30.5), dec!(34.5)));
    assert_eq!(o.forecast_periods.len(), 6);
}

/// WebSat1, the mean of +1/0/−1 ratings: the same weighting, by ratings.
/// April: 3 positive, 1 neutral, 1 negative (2 / 5 = 0.4, DOMAIN's worked
/// example); eleven months forecast at 0.5, each of 5 ratings:
/// (2 + 11 × 2.5) / (5 + 55) = 29.5 / 60.
#[test]
fn a_mean_of_ratings_weighs_each_forecast_month_by_the_ratings_so_far() {
    let m = monthly_measure("WebSat1", Unit::Score, YtdRule::MeanOfRatings);
    let results = [entry(&m, "2020-04", fraction(dec!(2), dec!(5), dec!(1)))];
    let o = year_end(&m, year(2020), p("2020-04"), lookup(&results), &flat(dec!(0.5), dec!(0), 12)).unwrap();
    assert_eq!(o.value, dec!(29.5) / dec!(60));
}

/// Sickness days per FTE, a rolling twelve months: at March the twelve
/// months are April to March, six recorded and six forecast.
#[test]
fn a_rolling_twelve_months_adds_the_months_to_march() {
    let m = monthly_measure("HR1", Unit::Days, YtdRule::RollingTwelveMonths);
    let months = ["2020-04", "2020-05", "2020-06", "2020-07", "2020-08", "2020-09"];
    let results: Vec<ResultEntry> = months.iter().map(|month| entry(&m, month, Figure::of(dec!(0.8)))).collect();
    let o = year_end(&m, year(2020), p("2020-09"), lookup(&results), &flat(dec!(0.9), dec!(0.1), 12)).unwrap();
    assert_eq!((o.value, o.lower, o.upper), (dec!(10.2), dec!(9.6), dec!(10.8)));
}

#[test]
fn when_the_year_is_over_the_outturn_is_the_actual() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results: Vec<ResultEntry> = ["2020/21-Q1", "2020/21-Q2", "2020/21-Q3", "2020/21-Q4"]
        .iter()
        .map(|q| entry(&m, q, Figure::of(dec!(75))))
        .collect();
    let o = year_end(&m, year(2020), p("2020/21-Q4"), lookup(&results), &flat(dec!(1), dec!(1), 4)).unwrap();
    assert_eq!((o.basis, o.value, o.lower, o.upper), (Basis::Actual, dec!(300), dec!(300), dec!(300)));
    assert!(o.forecast_periods.is_empty() && o.method.is_none());
    assert_eq!(o.describe(0), "actual 300 for 2020/21-Q4");
}

/// An annual measure's latest result is last year's: this year's outturn
/// is the next period's forecast.
#[test]
fn an_annual_measure_forecasts_the_year_in_progress() {
    let m = Measure { frequency: Frequency::Annual, ..quarterly_measure("FS3", YtdRule::Snapshot) };
    let results = [entry(&m, "2019/20", Figure::of(dec!(30)))];
    let f = flat(dec!(32), dec!(3), 1);
    let o = year_end(&m, year(2020), p("2019/20"), lookup(&results), &f).unwrap();
    assert_eq!((o.basis, o.value, o.period), (Basis::Forecast, dec!(32), p("2020/21")));
    assert_eq!(o.describe(0), "forecast 32 (range 29 to 35 from the periods' 80% intervals), forecasting 2020/21");
    let last_year = year_end(&m, year(2019), p("2019/20"), lookup(&results), &f).unwrap();
    assert_eq!((last_year.basis, last_year.value), (Basis::Actual, dec!(30)));
}

#[test]
fn a_missing_result_this_year_is_named_not_filled() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results = [
        entry(&m, "2020/21-Q1", Figure::of(dec!(70))),
        missing(&m, "2020/21-Q2", "awaiting the housing system's extract"),
    ];
    let e = year_end(&m, year(2020), p("2020/21-Q2"), lookup(&results), &flat(dec!(80), dec!(0), 4)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the 2020/21 outturn cannot be formed: the result for 2020/21-Q2 is missing (awaiting the housing system's extract)"
    );
}

#[test]
fn the_forecast_must_reach_the_year_end_and_the_period_fit_the_measure() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let results = [entry(&m, "2020/21-Q1", Figure::of(dec!(70)))];
    let e = year_end(&m, year(2020), p("2020/21-Q1"), lookup(&results), &flat(dec!(80), dec!(0), 2)).unwrap_err();
    assert_eq!(e, ForecastError::HorizonTooShort { year: year(2020), last: p("2020/21-Q1"), needed: 3, horizon: 2 });
    let wrong = year_end(&m, year(2020), p("2020-06"), lookup(&results), &flat(dec!(80), dec!(0), 4)).unwrap_err();
    assert_eq!(wrong.to_string(), "2020-06 is not a period of the measure's frequency (quarterly)");
}

#[test]
fn a_ratio_needs_the_fractions_of_the_results_so_far() {
    let m = monthly_measure("ECH-Rep4", Unit::Days, YtdRule::Ratio { scale: dec!(1) });
    let results = [entry(&m, "2020-04", Figure::of(dec!(38.38)))];
    let e = year_end(&m, year(2020), p("2020-04"), lookup(&results), &flat(dec!(30), dec!(0), 12)).unwrap_err();
    assert!(e.to_string().contains("weighs each period by its denominator"), "{e}");
}

/// The series to forecast from is each period's own figure: the quarter's
/// preventions, not the running total; a gap where a result is missing.
#[test]
fn the_series_is_each_periods_own_figure() {
    let m = quarterly_measure("BV213", YtdRule::Sum);
    let history = MeasureHistory {
        results: vec![
            entry(&m, "2019/20-Q4", Figure::of(dec!(60))),
            entry(&m, "2020/21-Q1", Figure::of(dec!(70))),
            entry(&m, "2020/21-Q2", Figure { cumulative: true, ..Figure::of(dec!(151)) }),
            missing(&m, "2020/21-Q3", "awaiting data"),
        ],
        ..MeasureHistory::default()
    };
    let view = MeasureView::new(&m, &history, AsOf::at(Timestamp::MAX));
    let s = series(&m, &view, p("2019/20-Q4"), p("2020/21-Q4")).unwrap();
    assert_eq!(s, [Some(dec!(60)), Some(dec!(70)), Some(dec!(81)), None, None]);
    assert!(series(&m, &view, p("2020-04"), p("2020/21-Q4")).is_err());
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Any decimal: small, large, beyond the largest figure, up to `Decimal`'s ends.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (-100_000i64..100_000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..29)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(dec!(999_999_999_999)),
        Just(dec!(-999_999_999_999)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever the values, gaps, season and settings: a forecast or an
    /// error, never a panic; and a forecast's intervals contain it.
    #[test]
    fn no_input_panics(
        values in prop::collection::vec(prop::option::weighted(0.8, any_decimal()), 0..40),
        season in prop_oneof![Just(1usize), Just(4), Just(12), 0usize..60],
        horizon in 0usize..30,
        origins in 0usize..40,
    ) {
        let settings = Settings { horizon, interval: dec!(0.8), origins };
        if let Ok(f) = forecast(&values, season, &settings) {
            prop_assert_eq!(f.steps.len(), horizon);
            for s in &f.steps {
                prop_assert!(s.lower <= s.value && s.value <= s.upper);
            }
        }
    }

    /// Values near the largest figure, with a strong trend: still a forecast or an error.
    #[test]
    fn the_largest_figures_do_not_panic(
        values in prop::collection::vec(prop::option::weighted(0.9, -999_999_999_999i64..=999_999_999_999), 8..40),
    ) {
        let values: Vec<Option<Decimal>> = values.into_iter().map(|v| v.map(Decimal::from)).collect();
        let _ = forecast(&values, 4, &quarterly());
        let _ = forecast(&values, 1, &Settings { horizon: 24, ..monthly() });
    }

    /// A constant with gaps anywhere is forecast as the constant, with no
    /// width, by every method: a gap is never taken for a zero.
    #[test]
    fn a_constant_with_gaps_forecasts_the_constant(
        constant in (1i64..1_000_000, 0u32..3).prop_map(|(m, s)| Decimal::new(m, s)),
        gaps in prop::collection::vec(any::<bool>(), 20..50),
        season in prop_oneof![Just(1usize), Just(4), Just(12)],
    ) {
        let mut values: Vec<Option<Decimal>> = gaps.iter().map(|gap| (!gap).then_some(constant)).collect();
        // Enough results to forecast from: the first four and the last.
        for i in [0, 1, 2, 3, values.len() - 1] {
            values[i] = Some(constant);
        }
        let f = forecast(&values, season, &monthly()).unwrap();
        for s in &f.steps {
            prop_assert_eq!((s.value, s.lower, s.upper), (constant, constant, constant));
        }
        for score in &f.scores {
            prop_assert_eq!(score.accuracy.mae, Some(Decimal::ZERO));
        }
    }

    /// Scaling a series scales its forecast (the methods are linear), so
    /// no figure is fixed in the units of any one measure.
    #[test]
    fn forecasts_scale_with_the_values(
        values in prop::collection::vec(prop::option::weighted(0.9, (0i64..10_000).prop_map(Decimal::from)), 24..40),
    ) {
        prop_assume!(values.iter().flatten().count() >= 6 && values[0].is_some());
        let tenfold: Vec<Option<Decimal>> = values.iter().map(|v| v.map(|v| v * Decimal::TEN)).collect();
        if let (Ok(a), Ok(b)) = (forecast(&values, 4, &quarterly()), forecast(&tenfold, 4, &quarterly())) {
            let mae = |f: &Forecast, m: Method| f.scores.iter().find(|s| s.method == m).and_then(|s| s.accuracy.mae);
            if a.method == b.method {
                for (x, y) in a.steps.iter().zip(&b.steps) {
                    prop_assert!((x.value * Decimal::TEN - y.value).abs() < dec!(0.000001), "{:?} {:?}", x, y);
                }
            } else {
                // Only a tie (to the last places kept) can go either way.
                let (x, y) = (mae(&a, a.method).unwrap(), mae(&a, b.method).unwrap());
                prop_assert!((x - y).abs() < dec!(0.000001), "{:?} {:?}", a.method, b.method);
            }
        }
    }

    /// Any results so far, any forecast (to `Decimal`'s ends), any rule:
    /// an outturn or an error, never a panic; an outturn's range holds it.
    #[test]
    fn year_ends_never_panic(
        rule in 0usize..6,
        months in 1usize..=12,
        figures in prop::collection::vec(
            prop::option::weighted(0.9, ((-100_000i64..100_000).prop_map(|v| Decimal::new(v, 1)), 1i64..50)),
            12,
        ),
        value in any_decimal(),
        half in any_decimal(),
    ) {
        let ytd = [
            YtdRule::Sum,
            YtdRule::Snapshot,
            YtdRule::RollingTwelveMonths,
            YtdRule::MeanOfRatings,
            YtdRule::Ratio { scale: dec!(100) },
            YtdRule::Ratio { scale: dec!(0.0000001) },
        ][rule];
        let m = monthly_measure("X", Unit::Count, ytd);
        let april = p("2020-04");
        let periods: Vec<Period> = std::iter::successors(Some(april), |p| Some(p.next())).take(months).collect();
        let results: Vec<ResultEntry> = periods
            .iter()
            .zip(&figures)
            .map(|(period, f)| match f {
                Some((v, d)) if ytd.combines_fractions() => entry(&m, &period.to_string(), fraction(*v, Decimal::from(*d), dec!(1))),
                Some((v, _)) => entry(&m, &period.to_string(), Figure::of(*v)),
                None => missing(&m, &period.to_string(), "not yet"),
            })
            .collect();
        let half = half.abs();
        let step = |ahead| Step {
            ahead,
            value,
            lower: value.checked_sub(half).unwrap_or(value),
            upper: value.checked_add(half).unwrap_or(value),
            backtest_errors: 5,
        };
        let f = Forecast { steps: (1..=12).map(step).collect(), ..flat(dec!(0), dec!(0), 0) };
        let last = *periods.last().unwrap();
        if let Ok(o) = year_end(&m, year(2020), last, lookup(&results), &f) {
            prop_assert!(o.lower <= o.value && o.value <= o.upper, "{:?}", o);
        }
    }
}
