//! A measure's page, and revising its target.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::Timestamp;
use outturn_app::access::Action;
use outturn_app::results::data_entry::{EntryError, FieldError};
use outturn_app::statuses::measure_page::measure_page_kept;
use outturn_app::targets::target_revise::{TargetInput, open_target};
use outturn_core::status::amber_band;
use outturn_core::{FinancialYear, Period, ResultValue};
use serde::Deserialize;

use crate::AppState;
use crate::chart::{ChartPoint, line_chart_in, short_label};
use crate::error::WebError;
use crate::filters::url_encode;
use crate::forms::{Form, Query, date_field, decimal_field, long_date, optional_date, text_field, uk_date};
use crate::ids::{council_key, measure_code};
use crate::routes::council::can_enter;
use crate::session::{Visitor, check_post};
use crate::views::{
    Chrome, KeptMeasureContent, MeasureContent, MeasureFigures, MeasureForms, MeasurePage, RecordingRow, Section,
    SeriesRow, StatusTag, SummaryHeads, TargetForm, TargetRow, render,
};

#[derive(Deserialize, Default)]
pub struct MeasureQuery {
    year: Option<String>,
    as_of: Option<String>,
}

pub async fn measure(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
    Query(q): Query<MeasureQuery>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/measures/{}", url_encode(&code)))?;
    let visitor = Visitor(Some(signed_in));
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => Some(y.parse::<FinancialYear>().map_err(|e| WebError::BadRequest(e.to_string()))?),
        None => None,
    };
    let as_of_date = optional_date("the \"As reported on\" date", q.as_of.as_deref())?;
    Ok(draw(&page(&state, &visitor, &council, &code, year, as_of_date).await?))
}

/// The measure's page for the year (default: its latest result's) as recorded at the date (default: now).
async fn page(
    state: &AppState,
    visitor: &Visitor,
    council: &str,
    code: &str,
    year: Option<FinancialYear>,
    as_of_date: Option<jiff::civil::Date>,
) -> Result<MeasurePage, WebError> {
    let actor = visitor.actor();
    let (slug, code) = (council_key(council)?, measure_code(council, code)?);
    let page =
        measure_page_kept(state.store.as_ref(), &state.measure_pages, &actor, &slug, &code, year, as_of_date).await?;
    let m = &page.measure;
    let framework = &page.council.framework;
    let buttons = Buttons {
        can_enter: actor.may(Action::RecordResult { council: &page.council.slug, measure: m, framework }),
        can_revise: actor.may(Action::ReviseTarget(&page.council.slug)),
        can_override: actor.may(Action::OverrideForecast(&page.council.slug)),
    };
    // Everything but the chrome and the forms is the same for everyone who
    // sees the same buttons: rendered once per kept page (council revision,
    // measure, year, "As reported on" date, today) and those buttons.
    let key = format!(
        "{}|content|{}{}{}",
        page.kept_as,
        u8::from(buttons.can_enter),
        u8::from(buttons.can_revise),
        u8::from(buttons.can_override)
    );
    let content = state
        .measure_content
        .get_or_compute(key, page.revision, async || {
            let content = content_of(state, &actor, &page, council, as_of_date, buttons).await?;
            Ok::<_, WebError>(KeptMeasureContent::of(&content, forms(&page)))
        })
        .await?;
    let view = MeasurePage {
        chrome: Chrome::council(
            visitor.0.as_ref(),
            council,
            &outturn_app::CouncilTitle::of(&page.council),
            Section::Other,
            can_enter(visitor, &page.council.slug),
        ),
        slug: council.to_string(),
        code: m.code.to_string(),
        code_url: url_encode(m.code.as_str()),
        title: m.title.clone(),
        content,
        may_waive: actor.may(Action::WaiveCommentary(&page.council.slug)),
        may_judge: actor.may(Action::JudgeStatus(&page.council.slug)),
        csrf_token: visitor.0.as_ref().map(|s| s.csrf_token.clone()).unwrap_or_default(),
        waiver_error: None,
        judgement_sent: Default::default(),
        judgement_errors: Vec::new(),
    };
    Ok(view)
}

/// What the page's forms offer, for those who may use them: kept with its
/// content (the page is kept per day, and periods end at midnight).
fn forms(page: &outturn_app::statuses::measure_page::MeasurePage) -> MeasureForms {
    let today = outturn_core::AsOf::now().date();
    MeasureForms {
        waivable: page.series.iter().filter(|p| p.commentary_need.is_owed()).map(|p| p.period.to_string()).collect(),
        // Periods that have ended, latest first (the app refuses one still to come).
        judgeable: page
            .series
            .iter()
            .rev()
            .filter(|p| p.period.end_date() < today)
            .map(|p| p.period.to_string())
            .collect(),
        judge_labels: SummaryHeads::of(&page.council.summary.labels),
    }
}

/// The buttons a measure page shows the person: what of its kept content
/// depends on who is looking.
#[derive(Clone, Copy)]
struct Buttons {
    can_enter: bool,
    can_revise: bool,
    can_override: bool,
}

/// The page's content for everyone who sees these buttons: the measure's
/// definition, the year's chart and tables, and the analytics sections.
async fn content_of(
    state: &AppState,
    actor: &outturn_app::actor::Actor,
    page: &outturn_app::statuses::measure_page::MeasurePage,
    council: &str,
    as_of_date: Option<jiff::civil::Date>,
    buttons: Buttons,
) -> Result<MeasureContent, WebError> {
    let (slug, m) = (&page.council.slug, &page.measure);
    let code = &m.code;
    let figures = match state.measure_figures.get(&page.kept_as, page.revision) {
        Some(kept) => kept,
        None => {
            let figures = Arc::new(figures(page));
            state.measure_figures.put(page.kept_as.clone(), page.revision, figures.clone());
            figures
        }
    };
    // Kept per revision and "As reported on" date, drawn: the whole series is
    // read to compute it, and its table has a row per period (120 for ten
    // years of months). Shared by the contents of every set of buttons.
    let at = as_of_date.map_or_else(outturn_core::AsOf::now, outturn_core::AsOf::end_of_day);
    let recorded =
        as_of_date.map_or_else(|| "as recorded now".to_string(), |d| format!("as recorded on {}", long_date(d)));
    // "Now" is today's date in the key: a target revision takes effect on
    // its date without the council's revision moving.
    let key = format!("{slug}|spc|{code}|{as_of_date:?}|{}", outturn_core::AsOf::now().date());
    let spc = state
        .measure_spc
        .get_or_compute(key, page.revision, async || {
            let store = state.store.as_ref();
            let spc = outturn_app::statuses::spc::measure_spc(store, actor, slug, code, at).await?;
            let forecast = outturn_app::statuses::forecast::measure_forecast(store, actor, slug, code, at).await?;
            let mut sections = crate::page::render(&crate::spc::SpcSection::of(&spc, Some(&forecast), recorded)).0;
            sections.push_str(&crate::page::render(&crate::forecast::ForecastSection::of(&forecast)).0);
            // Compared with other councils when the council has comparator data.
            let compared = outturn_app::statuses::benchmark::measure_benchmark(store, actor, slug, code, None).await?;
            if !matches!(compared, Err(outturn_app::statuses::benchmark::NoBenchmark::NoComparison { .. })) {
                sections.push_str(&crate::page::render(&crate::benchmark::BenchmarkSection::of(&compared)).0);
            }
            Ok::<_, WebError>(sections)
        })
        .await?;
    let framework = &page.council.framework;
    let name = |k: &outturn_core::Key| framework.node(k).map_or_else(|| k.to_string(), |n| n.name.clone());
    Ok(MeasureContent {
        slug: council.to_string(),
        code: m.code.to_string(),
        code_url: url_encode(m.code.as_str()),
        title: m.title.clone(),
        definition: m.definition.clone().unwrap_or_else(|| "No definition recorded.".into()),
        owner: name(&m.owner),
        officer: m.officer.clone().unwrap_or_default(),
        aligned: m.aligned.iter().map(name).collect::<Vec<_>>().join(", "),
        unit: m.unit.name(),
        better: match m.polarity {
            outturn_core::Polarity::Higher => "Higher is better",
            outturn_core::Polarity::Lower => "Lower is better",
            outturn_core::Polarity::None => "Information only",
        },
        frequency: format!("{:?}", m.frequency),
        ytd: m.ytd.name(),
        rule: m.status_rule.describe(),
        retired: m.retired_from.map(|r| format!("Retired from {r}: {}", m.retired_reason.clone().unwrap_or_default())),
        year: page.year.to_string(),
        previous_year: page.year.previous().to_string(),
        next_year: page.year.next().to_string(),
        as_of: as_of_date.map(uk_date).unwrap_or_default(),
        figures,
        spc,
        can_enter: buttons.can_enter,
        can_revise: buttons.can_revise,
        can_override: buttons.can_override,
        entry_period: page.series.last().map(|p| url_encode(&p.period.to_string())).unwrap_or_default(),
        has_improvement_plan: page.has_improvement_plan,
    })
}

/// The page drawn into a string large enough for its kept content at once
/// (a measure page with ten years of months is over a hundred kilobytes:
/// growing to that by doubling would copy it several times).
fn draw(view: &MeasurePage) -> Html<String> {
    use askama::Template;
    let mut out = String::with_capacity(view.content.size() + 24 * 1024);
    match view.render_into(&mut out) {
        Ok(()) => Html(out),
        Err(_) => render(view),
    }
}

/// The chart and tables of a measure page, formatted: the same for every reader.
fn figures(page: &outturn_app::statuses::measure_page::MeasurePage) -> MeasureFigures {
    let m = &page.measure;
    let show = |d: Option<outturn_core::Decimal>| d.map(|v| m.format_figure(v)).unwrap_or_else(|| "–".into());
    let points: Vec<ChartPoint> = page
        .series
        .iter()
        .map(|p| ChartPoint {
            label: short_label(p.period),
            figure: p.figure,
            figure_text: show(p.figure),
            target: p.target,
            band: p.target.and_then(|t| amber_band(m, p.rule, t)),
            status: p.status,
        })
        .collect();
    MeasureFigures {
        chart: line_chart_in(
            "chart",
            &format!("{}: {} against target, {}", m.code, m.title, page.year),
            &points,
            Some(m.unit),
            &page.council.summary.labels,
        ),
        series: page
            .series
            .iter()
            .map(|p| SeriesRow {
                period: p.period.to_string(),
                describe: p.period.describe(),
                figure: show(p.figure),
                own: show(p.own),
                target: show(p.target),
                variance: p.variance.map(|v| m.format_figure(v)).unwrap_or_else(|| "–".into()),
                status: StatusTag::of(p.status, &page.council.summary.labels),
                judged: p.judged,
                why: p.explanation.clone().unwrap_or_default(),
                note: p.missing_reason.clone().or_else(|| p.commentary.clone()).unwrap_or_default(),
                commentary_owed: p.commentary_need.is_owed(),
                commentary_waived: p.commentary_waived.clone(),
            })
            .collect(),
        targets: page
            .targets
            .iter()
            .map(|t| TargetRow {
                period: t.period.to_string(),
                value: m.format_figure(t.value),
                effective: t.effective.to_string(),
                reason: t.reason.clone(),
                author: t.author.clone(),
            })
            .collect(),
        recordings: page
            .results
            .iter()
            .rev()
            .map(|r| RecordingRow {
                period: r.period.to_string(),
                value: match &r.value {
                    ResultValue::Figure(f) => {
                        format!("{}{}", m.format_figure(f.value), if f.cumulative { " (year to date)" } else { "" })
                    }
                    ResultValue::Missing { reason } => format!("Missing: {reason}"),
                    ResultValue::Narrative => "Commentary only".into(),
                },
                recorded_at: r.recorded_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                recorded_by: r.recorded_by.clone(),
                commentary: r.commentary.clone().unwrap_or_default(),
            })
            .collect(),
    }
}

#[derive(Deserialize)]
pub struct WaiverPost {
    #[serde(default)]
    csrf_token: String,
    period: String,
    #[serde(default)]
    waiver_reason: String,
}

/// A form posted from a measure page, signed in and checked: where it came
/// from, who sent it and for which period.
struct MeasurePost {
    here: String,
    visitor: Visitor,
    actor: outturn_app::actor::Actor,
    period: Period,
}

impl MeasurePost {
    fn open(
        state: &AppState,
        visitor: Visitor,
        headers: &HeaderMap,
        (council, code): (&str, &str),
        csrf_token: &str,
        period: &str,
    ) -> Result<MeasurePost, WebError> {
        let here = format!("/councils/{council}/measures/{}", url_encode(code));
        let signed_in = visitor.require(&here)?;
        check_post(headers, state.secure_cookies, &signed_in.csrf_token, csrf_token)?;
        let period = Period::parse(period).map_err(|e| WebError::BadRequest(e.to_string()))?;
        let actor = signed_in.actor();
        Ok(MeasurePost { here, visitor: Visitor(Some(signed_in)), actor, period })
    }

    /// Done: back to the measure page, on the period's year.
    fn done(&self) -> Response {
        Redirect::to(&format!("{}?year={}", self.here, url_encode(&self.period.financial_year().to_string())))
            .into_response()
    }

    /// A problem: the measure page again, with the problem `mark` puts on it.
    async fn problem(
        &self,
        state: &AppState,
        (council, code): (&str, &str),
        mark: impl FnOnce(&mut MeasurePage),
    ) -> Result<Response, WebError> {
        let mut view = page(state, &self.visitor, council, code, Some(self.period.financial_year()), None).await?;
        mark(&mut view);
        Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, draw(&view)).into_response())
    }
}

/// A performance officer records that a Red or Amber result needs no
/// commentary, and why; without a reason the page comes back with the problem.
pub async fn waive_commentary(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(form): Form<WaiverPost>,
) -> Result<Response, WebError> {
    let at = (council.as_str(), code.as_str());
    let posted = MeasurePost::open(&state, visitor, &headers, at, &form.csrf_token, &form.period)?;
    match outturn_app::results::commentary::waive_commentary(
        state.store.as_ref(),
        &posted.actor,
        &council_key(&council)?,
        &measure_code(&council, &code)?,
        posted.period,
        &form.waiver_reason,
        Timestamp::now(),
    )
    .await
    {
        Ok(_) => Ok(posted.done()),
        Err(outturn_app::AppError::BadInput { message, .. }) => {
            posted.problem(&state, at, |view| view.waiver_error = Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct JudgementPost {
    #[serde(default)]
    csrf_token: String,
    period: String,
    /// green, amber, red, or "withdraw".
    #[serde(default)]
    judged_status: String,
    #[serde(default)]
    justification: String,
}

/// A performance officer sets a period's status by judgement, with the
/// reason, or withdraws the judgement; a problem brings the page back with
/// it named beside its field.
pub async fn judge_status(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(form): Form<JudgementPost>,
) -> Result<Response, WebError> {
    let at = (council.as_str(), code.as_str());
    let posted = MeasurePost::open(&state, visitor, &headers, at, &form.csrf_token, &form.period)?;
    // Who may, before what was sent: a viewer gets 403, not the form's problems.
    let slug = council_key(&council)?;
    posted.actor.check(Action::JudgeStatus(&slug))?;
    let sent = (form.period.clone(), form.judged_status.clone(), form.justification.clone());
    let problems = |errors: Vec<(&'static str, String)>| {
        posted.problem(&state, at, move |view| {
            view.judgement_errors = errors;
            view.judgement_sent = sent;
        })
    };
    let status = match form.judged_status.as_str() {
        "withdraw" => None,
        code => match outturn_core::judgement::judged_status(code) {
            Some(status) => Some(status),
            None => {
                // Every problem at once: the reason is checked too.
                let mut errors =
                    vec![("judged_status", "Choose Green, Amber or Red, or withdraw the judgement".into())];
                if let Err(e) = outturn_core::Judgement::check(None, &form.justification) {
                    errors.push(("justification", e.to_string()));
                }
                return problems(errors).await;
            }
        },
    };
    let asked = outturn_app::results::judgement::Asked {
        measure: &measure_code(&council, &code)?,
        period: posted.period,
        status,
        justification: &form.justification,
    };
    let judged = outturn_app::results::judgement::judge_status(
        state.store.as_ref(),
        &posted.actor,
        &slug,
        asked,
        Timestamp::now(),
    );
    match judged.await {
        Ok(_) => Ok(posted.done()),
        Err(outturn_app::AppError::BadInput { field, message }) => {
            let field = match field {
                "judged_status" => "judged_status",
                "period" => "judgement-period",
                _ => "justification",
            };
            problems(vec![(field, message)]).await
        }
        // A signed-off or published period.
        Err(outturn_app::AppError::Workflow(message)) => problems(vec![("judgement-period", message)]).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct TargetFormQuery {
    period: Option<String>,
}

pub async fn target_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Path((council, code)): Path<(String, String)>,
    Query(q): Query<TargetFormQuery>,
) -> Result<Html<String>, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/measures/{}/target", url_encode(&code)))?;
    let opened =
        open_target(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?, &measure_code(&council, &code)?)
            .await?;
    let (found, m) = (&opened.council, &opened.measure);
    let form = TargetForm {
        chrome: Chrome::council(
            Some(&signed_in),
            &council,
            &outturn_app::CouncilTitle::of(found),
            Section::Other,
            true,
        ),
        slug: council.clone(),
        code: m.code.to_string(),
        code_url: url_encode(m.code.as_str()),
        title: m.title.clone(),
        period: q.period.unwrap_or_default(),
        target_value: String::new(),
        effective: uk_date(outturn_core::AsOf::now().date()),
        reason: String::new(),
        errors: Vec::new(),
    };
    Ok(render(&form))
}

#[derive(Deserialize)]
pub struct TargetPost {
    #[serde(default)]
    csrf_token: String,
    period: String,
    value: String,
    effective: String,
    reason: String,
}

pub async fn revise_target(
    State(state): State<AppState>,
    visitor: Visitor,
    headers: HeaderMap,
    Path((council, code)): Path<(String, String)>,
    Form(form): Form<TargetPost>,
) -> Result<Response, WebError> {
    let signed_in = visitor.require(&format!("/councils/{council}/measures/{}/target", url_encode(&code)))?;
    check_post(&headers, state.secure_cookies, &signed_in.csrf_token, &form.csrf_token)?;
    // Who may, before what they sent: a viewer learns nothing from validation.
    let opened =
        open_target(state.store.as_ref(), &signed_in.actor(), &council_key(&council)?, &measure_code(&council, &code)?)
            .await?;
    let mut errors = Vec::new();
    let period = match Period::parse(&form.period) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.push(FieldError { field: "period", message: outturn_app::sentence_case(&e.to_string()) });
            None
        }
    };
    let value = decimal_field("value", "The target", &form.value, &mut errors);
    if value.is_none() && form.value.trim().is_empty() {
        errors.push(FieldError { field: "value", message: "Enter the target".into() });
    }
    let effective = date_field("effective", "the date the target takes effect", &form.effective, &mut errors);
    let outcome = match (period, value, effective) {
        (Some(period), Some(value), Some(effective)) if errors.is_empty() => {
            let input = TargetInput { period, value, effective, reason: text_field(&form.reason).unwrap_or_default() };
            opened.revise(state.store.as_ref(), input, Timestamp::now()).await.map(|_| ())
        }
        _ => Err(EntryError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/councils/{council}/measures/{}", url_encode(&code))).into_response()),
        Err(EntryError::Invalid(errors)) => {
            let (found, title) = (&opened.council, opened.measure.title.clone());
            let page = TargetForm {
                chrome: Chrome::council(
                    Some(&signed_in),
                    &council,
                    &outturn_app::CouncilTitle::of(found),
                    Section::Other,
                    true,
                ),
                slug: council.clone(),
                code_url: url_encode(&code),
                code,
                title,
                period: form.period,
                target_value: form.value,
                effective: form.effective,
                reason: form.reason,
                errors,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(EntryError::Conflict { .. }) => Err(WebError::BadRequest("the target changed meanwhile".into())),
        Err(EntryError::App(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::SignedIn;
    use outturn_core::{Key, Role};
    use outturn_store::{SqliteStore, Store, User};

    /// Someone signed in to Stevenage (no session in the store: the page
    /// asks only what the person may do).
    fn person(username: &str, role: Role, nodes: &[&str]) -> Visitor {
        let user = User {
            id: 0,
            username: username.into(),
            display_name: format!("Person {username}"),
            role,
            council: Some(Key::parse("stevenage").unwrap()),
            nodes: nodes.iter().map(|n| Key::parse(n).unwrap()).collect(),
            password_hash: String::new(),
            disabled: false,
            created_at: Timestamp::now(),
        };
        Visitor(Some(SignedIn { user, csrf_token: format!("csrf-of-{username}"), token: String::new() }))
    }

    #[tokio::test]
    async fn the_content_is_kept_once_for_each_set_of_buttons_with_nothing_personal_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        outturn_app::demo::load_demo(&store).await.unwrap();
        let state = AppState::new(Arc::new(store), false);
        let people = [
            person("viewer", Role::Viewer, &[]),
            person("another-viewer", Role::Viewer, &[]),
            person("owner", Role::DataOwner, &["housing-and-investment"]),
            person("officer", Role::PerformanceOfficer, &[]),
        ];
        let mut pages = Vec::new();
        for visitor in &people {
            pages.push(page(&state, visitor, "stevenage", "NI156", None, None).await.unwrap());
        }
        let [viewer, another, owner, officer] = &pages[..] else { unreachable!() };
        assert!(Arc::ptr_eq(&viewer.content, &another.content), "two viewers share one rendering");
        assert!(!Arc::ptr_eq(&viewer.content, &owner.content), "a data owner has a button a viewer has not");
        assert!(!Arc::ptr_eq(&owner.content, &officer.content), "an officer has more");
        let button = "Enter or correct a result";
        assert!(!viewer.content.head.contains(button) && owner.content.head.contains(button));
        assert!(officer.content.head.contains("Revise a target") && !owner.content.head.contains("Revise a target"));
        for (kept, asked) in [(viewer, "viewer"), (owner, "owner"), (officer, "officer")] {
            let content = format!("{}{}", kept.content.head, kept.content.tail);
            assert!(
                !content.contains("csrf-of-") && !content.contains("Person "),
                "nothing personal kept for the {asked}"
            );
        }
        // Each person's page carries their own token only.
        let drawn = draw(another).0;
        assert!(drawn.contains("csrf-of-another-viewer") && !drawn.contains("csrf-of-viewer"));
        let drawn = draw(officer).0;
        assert!(drawn.contains("Judge the status") && !drawn.contains("csrf-of-owner"));
        assert!(drawn.contains(&*officer.content.head) && drawn.contains(&*officer.content.tail));
    }
}
