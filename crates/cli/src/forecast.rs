//! `outturn forecast`: a stored measure's forecast of its next periods and
//! its year-end outturn, by the method that would have forecast it best,
//! with intervals, the early warning when the year's target is at risk,
//! each method's backtest accuracy and how the owner's own year-end
//! forecasts turned out. The app makes it (`outturn_app::statuses::forecast`);
//! this prints it as text or as JSON.

use std::io::Write;

use clap::{Args, ValueEnum};
use outturn_app::statuses::forecast::{MeasureForecast, measure_forecast};
use outturn_core::forecast::Basis;
use outturn_core::{Key, MeasureCode};
use outturn_store::Store;

#[derive(Args)]
#[command(after_help = "Examples:\n  \
        outturn forecast --council example-borough --measure EB-CT01\n  \
        outturn forecast --council example-borough --measure EB-HS01 --format json\n\n\
        Forecasts are made from each period's own figure as recorded now. Naive, seasonal naive, simple \
        exponential smoothing, damped trend and Holt-Winters are each scored on the forecasts they would have \
        made from the results before each of the last periods (12 months, 8 quarters or 5 years); the lowest \
        mean absolute error forecasts. --format json gives every figure exactly, as a string. See \
        docs/forecasts.md.")]
pub struct ForecastArgs {
    /// The council's slug (such as example-borough).
    #[arg(long, value_name = "SLUG")]
    pub council: Key,
    /// The measure's code, exactly as written.
    #[arg(long, value_name = "CODE")]
    pub measure: MeasureCode,
    #[arg(long, value_enum, default_value_t = ForecastFormat::Text)]
    pub format: ForecastFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ForecastFormat {
    Text,
    Json,
}

pub async fn run(store: &dyn Store, args: ForecastArgs, out: &mut impl Write) -> Result<(), String> {
    let actor = outturn_app::actor::Actor::command("outturn forecast");
    let made = measure_forecast(store, &actor, &args.council, &args.measure, outturn_core::AsOf::now())
        .await
        .map_err(|e| e.to_string())?;
    match args.format {
        ForecastFormat::Json => crate::output::json(out, &made.json(&args.council)),
        ForecastFormat::Text => text(out, &made),
    }
    Ok(())
}

fn text(out: &mut impl Write, f: &MeasureForecast) {
    let m = &f.measure;
    let figure = |v| m.format_figure(v);
    let _ = writeln!(out, "{} {}", m.code, m.title);
    if let Some(warning) = f.warning() {
        let _ = writeln!(out, "WARNING: {warning}");
    }
    match &f.forecast {
        Err(why) => {
            let _ = writeln!(out, "No forecast: {why}.");
        }
        Ok(chosen) => {
            let last = f.last.map(|p| p.to_string()).unwrap_or_default();
            let _ = writeln!(out, "Made from the results to {last}.");
            let _ = writeln!(out, "Method: {}", chosen.method.describe());
            let places = u32::from(m.decimals).saturating_add(1).max(2);
            let _ = writeln!(out, "Why: {}", chosen.explain(places));
            let level = (chosen.interval * outturn_core::Decimal::ONE_HUNDRED).normalize();
            let _ = writeln!(out, "Period        Forecast   {level}% interval");
            for (s, p) in chosen.steps.iter().zip(&f.ahead) {
                let _ = writeln!(
                    out,
                    "{:<13} {:<10} {} to {}",
                    p.to_string(),
                    figure(s.value),
                    figure(s.lower),
                    figure(s.upper)
                );
            }
        }
    }
    match &f.year_end {
        Some(Ok(o)) if o.basis == Basis::Actual => {
            let _ = writeln!(out, "Year-end outturn {}: {} (actual)", o.year, figure(o.value));
        }
        Some(Ok(o)) => {
            let _ = writeln!(
                out,
                "Year-end outturn {}: {} forecast (range {} to {})",
                o.year,
                figure(o.value),
                figure(o.lower),
                figure(o.upper)
            );
        }
        Some(Err(why)) => {
            let _ = writeln!(out, "Year-end outturn not forecast: {why}");
        }
        None => {}
    }
    if let Some(t) = &f.year_target {
        let _ = writeln!(out, "Year-end target: {} (set for {})", figure(t.value), t.set_for);
    }
    if let Some(a) = &f.owner_accuracy {
        let mape = a.mape.map(|v| format!("{}%", v.round_dp(1))).unwrap_or_else(|| "none".into());
        let _ = writeln!(out, "Owner's year-end forecasts: {} scored, mean absolute percentage error {mape}", a.count);
    }
}
