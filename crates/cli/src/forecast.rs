//! `outturn forecast`: a stored measure's forecast of its next periods and
//! its year-end outturn, by the method that would have forecast it best,
//! with intervals, the early warning when the year's target is at risk,
//! each method's backtest accuracy and how the owner's own year-end
//! forecasts and the officers' overrides turned out. The app makes it
//! (`outturn_app::statuses::forecast`); this prints it as text or as JSON.
//! With `--override VALUE --reason TEXT` it first records an officer's
//! override of the year-end forecast (`outturn_app::forecast_override`).

use std::io::Write;

use clap::{Args, ValueEnum};
use outturn_app::forecast_override::open_override;
use outturn_app::results::data_entry::EntryError;
use outturn_app::statuses::forecast::{MeasureForecast, RiskBasis, measure_forecast};
use outturn_core::forecast::Basis;
use outturn_core::{FinancialYear, Key, MeasureCode};
use outturn_store::Store;

#[derive(Args)]
#[command(after_help = "Examples:\n  \
        outturn forecast --council example-borough --measure EB-CT01\n  \
        outturn forecast --council example-borough --measure EB-HS01 --format json\n  \
        outturn forecast --council example-borough --measure EB-CS02 --override 4.6 --reason \"New staff start in October\"\n\n\
        Forecasts are made from each period's own figure as recorded now. Naive, seasonal naive, simple \
        exponential smoothing, damped trend and Holt-Winters are each scored on the forecasts they would have \
        made from the results before each of the last periods (12 months, 8 quarters or 5 years); the lowest \
        mean absolute error forecasts. --format json gives every figure exactly, as a string. --override records \
        an officer's own year-end figure with its reason (kept beside every earlier one): the target's risk is \
        then judged on it, and its error is shown once the outturn arrives. See docs/forecasts.md.")]
pub struct ForecastArgs {
    /// The council's slug (such as example-borough).
    #[arg(long, value_name = "SLUG")]
    pub council: Key,
    /// The measure's code, exactly as written.
    #[arg(long, value_name = "CODE")]
    pub measure: MeasureCode,
    #[arg(long, value_enum, default_value_t = ForecastFormat::Text)]
    pub format: ForecastFormat,
    /// Record an officer's override of the year-end forecast: the figure the
    /// outturn is expected to be (59.9, 1,234, 96%), kept with the reason.
    #[arg(long = "override", value_name = "VALUE", requires = "reason", allow_hyphen_values = true)]
    pub override_value: Option<String>,
    /// Why the model's forecast is overridden (with --override).
    #[arg(long, value_name = "TEXT", requires = "override_value")]
    pub reason: Option<String>,
    /// The financial year the override is for (with --override; default:
    /// the year being forecast).
    #[arg(long, value_name = "YEAR", requires = "override_value")]
    pub year: Option<FinancialYear>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ForecastFormat {
    Text,
    Json,
}

pub async fn run(store: &dyn Store, args: ForecastArgs, out: &mut impl Write) -> Result<(), String> {
    let actor = outturn_app::actor::Actor::command("outturn forecast");
    if let (Some(value), Some(reason)) = (&args.override_value, &args.reason) {
        let now = jiff::Timestamp::now();
        let opened =
            open_override(store, &actor, &args.council, &args.measure, now).await.map_err(|e| e.to_string())?;
        let year = args.year.unwrap_or_else(|| opened.default_year(outturn_core::AsOf::at(now).date()));
        let recorded = opened.record(store, year, value, reason, now).await.map_err(|e| match e {
            EntryError::Invalid(problems) => {
                let lines: Vec<String> =
                    problems.iter().map(|p| format!("  --{}: {}", flag(p.field), p.message)).collect();
                format!("nothing was recorded: the override has problems\n{}", lines.join("\n"))
            }
            other => other.to_string(),
        })?;
        if args.format == ForecastFormat::Text {
            let m = &opened.measure;
            let _ = writeln!(
                out,
                "Recorded an override of {}'s {} year-end forecast: {}, by {}. Reason: {}",
                m.code,
                recorded.year,
                m.format_figure(recorded.value),
                recorded.recorded_by,
                recorded.reason
            );
            let _ = writeln!(out);
        }
    }
    let made = measure_forecast(store, &actor, &args.council, &args.measure, outturn_core::AsOf::now())
        .await
        .map_err(|e| e.to_string())?;
    match args.format {
        ForecastFormat::Json => crate::output::json(out, &made.json(&args.council)),
        ForecastFormat::Text => text(out, &made),
    }
    Ok(())
}

/// The option a use case's field is given by.
fn flag(field: &str) -> &str {
    match field {
        "value" => "override",
        other => other,
    }
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
    if let Some(o) = &f.officer_forecast {
        let _ = writeln!(
            out,
            "Officer's forecast {}: {} (by {}: {}){}",
            o.year,
            figure(o.value),
            o.recorded_by,
            o.reason,
            if f.at_risk_on == Some(RiskBasis::Officer) { "; the risk to the target is judged on it" } else { "" }
        );
    }
    if !f.overrides.is_empty() {
        let _ = writeln!(out, "Overrides of the year-end forecast, oldest first:");
        for o in &f.overrides {
            let scored = match (o.outturn, o.absolute_percentage_error) {
                (Some(out), Some(e)) => format!("outturn {}, error {}%", figure(out), e.round_dp(1)),
                (Some(out), None) => format!("outturn {}", figure(out)),
                (None, _) if o.superseded => "superseded".to_string(),
                (None, _) => "outturn not yet known".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} {} by {} on {}: {} ({scored})",
                o.year,
                figure(o.value),
                o.recorded_by,
                o.recorded_at.strftime("%Y-%m-%d"),
                o.reason
            );
        }
    }
    if let Some(a) = &f.override_accuracy {
        let mape = a.mape.map(|v| format!("{}%", v.round_dp(1))).unwrap_or_else(|| "none".into());
        let _ = writeln!(out, "Officers' overrides: {} scored, mean absolute percentage error {mape}", a.count);
    }
    if let Some(a) = &f.owner_accuracy {
        let mape = a.mape.map(|v| format!("{}%", v.round_dp(1))).unwrap_or_else(|| "none".into());
        let _ = writeln!(out, "Owner's year-end forecasts: {} scored, mean absolute percentage error {mape}", a.count);
    }
}
