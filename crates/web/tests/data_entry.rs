//! Data entry through the forms, as a data owner and a performance officer
//! would do it: commentary required when Red, corrections appended, a stale
//! save refused with both values shown, bad input named field by field,
//! targets revised with a reason, a status judged with the reason and
//! withdrawn.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

const NI156_FORM: &str = "/councils/stevenage/measures/NI156/result?period=2020/21-Q2";
const NI156_POST: &str = "/councils/stevenage/measures/NI156/result?period=2020%2F21-Q2";
const ENTRY_LIST: &str = "/councils/stevenage/entry?period=2020%2F21-Q2";
const DASHBOARD: &str = "/councils/stevenage?period=2020/21-Q2";

/// The Red count of a row of the dashboard's "by theme" table.
fn red_count(dashboard: &str, theme: &str) -> String {
    let rows = table_after(dashboard, "Status of measures by theme");
    let header = &rows[0];
    let red = header.iter().position(|h| h == "Red").expect("a Red column");
    let row = rows.iter().find(|r| r[0] == theme).unwrap_or_else(|| panic!("no {theme} row: {rows:?}"));
    row[red].clone()
}

/// The row of a measure in the dashboard's exceptions table.
fn exception_row(dashboard: &str, code: &str) -> Vec<String> {
    let rows = table_after(dashboard, "Exceptions");
    rows.into_iter()
        .find(|r| r.first().is_some_and(|c| c.starts_with(&format!("{code} "))))
        .unwrap_or_else(|| panic!("{code} is not among the exceptions:\n{}", text_of(dashboard)))
}

/// A result form's fields as posted back: the hidden ones from the page, the rest given.
fn result_form(page: &str, fields: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("csrf_token", csrf_token(page)),
        ("period", hidden(page, "period").expect("period field")),
        ("seen", hidden(page, "seen").expect("seen field")),
    ];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    form
}

/// BV9's definition form: a tolerance of `amber` percentage points, `beyond` it Red or by direction.
fn bv9_definition(csrf: String, amber: &str, beyond: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", csrf),
        ("title", "% Council Tax collected".to_string()),
        ("definition", "Council tax collected in the year to date".to_string()),
        ("officer", String::new()),
        ("rule", "points".to_string()),
        ("amber", amber.to_string()),
        ("beyond", beyond.to_string()),
        ("retired_from", String::new()),
        ("retired_reason", String::new()),
    ]
}

async fn post_owned(
    client: &reqwest::Client,
    url: &str,
    form: &[(&'static str, String)],
) -> (StatusCode, String, String) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, headers, body) = post(client, url, &pairs).await;
    (status, location(&headers).unwrap_or_default(), body)
}

web_tests! {
    async fn an_officer_gives_bands_an_exceeded_band_and_wrong_ones_are_named(app) {
        let officer = app.sign_in(Who::Officer).await;
        let edit = app.url("/councils/stevenage/measures/BV9/edit");
        let (_, _, form) = get(&officer, &edit).await;
        let with = |csrf: String, rule: &str, green: &str, exceeded: &str| {
            let mut fields = bv9_definition(csrf, "3", "red");
            fields[4].1 = rule.to_string();
            fields.push(("green", green.to_string()));
            fields.push(("exceeded", exceeded.to_string()));
            fields
        };
        // An Exceeded band without bands, with a threshold, or below zero: each named on its field.
        for (rule, green, exceeded, says) in [
            ("points", "", "1", "give the Green band too"),
            ("threshold", "", "1", "choose a tolerance with a Green band"),
            ("points", "1", "-1", "cannot be negative"),
        ] {
            let fields = with(csrf_token(&form), rule, green, exceeded);
            let (status, _, page) = post_owned(&officer, &edit, &fields).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{rule} {exceeded}: {}", text_of(&page));
            let (fields, text) = error_summary(&page).expect("error summary");
            assert_eq!(fields, ["#exceeded"], "{text}");
            assert!(text.contains(says), "{rule} {green} {exceeded}: {text}");
        }
        // Green within 1 point, Amber within 3, Exceeded more than 0.5 points better.
        let fields = with(csrf_token(&form), "points", "1", "0.5");
        let (status, to, page) = post_owned(&officer, &edit, &fields).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/councils/stevenage/measures/BV9"), "{}", text_of(&page));
        let (_, _, measure) = get(&officer, &app.url("/councils/stevenage/measures/BV9")).await;
        assert!(text_of(&measure).contains("Exceeded more than 0.5 percentage points better than target; Green within 1 percentage points"), "{}", text_of(&measure));
        let (_, _, form) = get(&officer, &edit).await;
        assert!(form.contains(r#"name="exceeded" type="text" value="0.5""#) || form.contains(r#"value="0.5""#), "the form shows the band kept");
    }

    async fn an_officer_tightens_a_tolerance_and_the_dashboard_follows(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, dashboard) = get(&officer, &app.url(DASHBOARD)).await;
        assert!(exception_row(&dashboard, "BV9").iter().any(|c| c.contains("Amber")), "BV9 starts Amber (1.1 points short)");
        let (status, _, form) = get(&officer, &app.url("/councils/stevenage/measures/BV9/edit")).await;
        assert_eq!(status, StatusCode::OK);
        // Amber within 1 point: 59.9 against 61 is now Red.
        let fields = bv9_definition(csrf_token(&form), "1", "red");
        let (status, to, page) = post_owned(&officer, &app.url("/councils/stevenage/measures/BV9/edit"), &fields).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/councils/stevenage/measures/BV9"), "{}", text_of(&page));
        let (_, _, dashboard) = get(&officer, &app.url(DASHBOARD)).await;
        assert!(exception_row(&dashboard, "BV9").iter().any(|c| c.contains("Red")), "the cached dashboard was recomputed");
        let (_, _, measure) = get(&officer, &app.url("/councils/stevenage/measures/BV9")).await;
        assert!(text_of(&measure).contains("Amber within 1 percentage points of target"), "{}", text_of(&measure));

        // A retirement without a reason is refused, and nothing changes.
        let mut retire = fields.clone();
        retire[0].1 = csrf_token(&measure);
        retire[7].1 = "2021/22".to_string();
        let (status, _, page) = post_owned(&officer, &app.url("/councils/stevenage/measures/BV9/edit"), &retire).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_summary(&page).expect("error summary").0, ["#retired_reason"]);

        let admin = app.sign_in(Who::Admin).await;
        let (_, _, audit) = get(&admin, &app.url("/audit?event=measure.")).await;
        let rows = table_after(&audit, "Audit log, newest first");
        assert_eq!(rows.len(), 2, "one change recorded: {rows:?}");
        assert!(rows[1][3].contains(r#""amber": "2""#) && rows[1][4].contains(r#""amber": "1""#), "{rows:?}");
    }

    async fn an_officer_makes_a_tolerance_direction_aware_and_the_measure_page_says_why(app) {
        let officer = app.sign_in(Who::Officer).await;
        let edit = app.url("/councils/stevenage/measures/BV9/edit");
        let (_, _, form) = get(&officer, &edit).await;
        assert!(form.contains(r#"id="beyond-red" name="beyond" type="radio" value="red" checked"#), "Red beyond the tolerance to start");
        let fields = bv9_definition(csrf_token(&form), "1", "direction");
        let (status, to, page) = post_owned(&officer, &edit, &fields).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/councils/stevenage/measures/BV9"), "{}", text_of(&page));
        let (_, _, measure) = get(&officer, &app.url("/councils/stevenage/measures/BV9")).await;
        let text = text_of(&measure);
        assert!(text.contains("Green within 1 percentage points of target; beyond it, Amber if no worse than the same period last year, Red if worse"), "{text}");
        // 59.9% against 61%: 1.1 points short, beyond the 1 point, so last year decides.
        assert!(text.contains("1.1 percentage points below target, beyond the tolerance of 1 percentage points, and "), "{text}");
        let (_, _, form) = get(&officer, &edit).await;
        assert!(form.contains(r#"value="direction" aria-describedby="beyond-direction-hint" checked"#), "the form shows the rule kept");

        // An unknown choice is refused, naming the field.
        let mut odd = fields.clone();
        odd[0].1 = csrf_token(&form);
        odd[6].1 = "sideways".to_string();
        let (status, _, page) = post_owned(&officer, &edit, &odd).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_summary(&page).expect("error summary").0, ["#beyond"]);
    }

    async fn an_officer_makes_a_tolerance_forecast_aware_and_the_forecast_given_with_a_result_decides(app) {
        let officer = app.sign_in(Who::Officer).await;
        let edit = app.url("/councils/stevenage/measures/BV9/edit");
        let (_, _, form) = get(&officer, &edit).await;
        let fields = bv9_definition(csrf_token(&form), "1", "forecast");
        let (status, _, page) = post_owned(&officer, &edit, &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        let measure_url = app.url("/councils/stevenage/measures/BV9?year=2020/21");
        let (_, _, measure) = get(&officer, &measure_url).await;
        let text = text_of(&measure);
        assert!(text.contains("Amber within 1 percentage points of target; beyond it, Amber if the year-end forecast meets the year-end target, Red if not"), "{text}");
        assert!(text.contains("1.1 percentage points below target, beyond the tolerance of 1 percentage points, and no year-end forecast for 2020/21 was given"), "{text}");
        let (_, _, form) = get(&officer, &edit).await;
        assert!(form.contains(r#"value="forecast" aria-describedby="beyond-forecast-hint" checked"#), "the form shows the rule kept");

        // The result form asks for the forecast and says the rule reads it.
        let result_url = app.url("/councils/stevenage/measures/BV9/result?period=2020/21-Q2");
        let post_url = app.url("/councils/stevenage/measures/BV9/result?period=2020%2F21-Q2");
        let (_, _, form) = get(&officer, &result_url).await;
        assert!(text_of(&form).contains("this measure's status rule reads it"), "{}", text_of(&form));
        let bad = result_form(&form, &[("value", "59.9"), ("forecast", "most of it"), ("commentary", "Instalments resume")]);
        let (status, _, page) = post_owned(&officer, &post_url, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_summary(&page).expect("error summary").0, ["#forecast"]);
        let good = result_form(&form, &[("value", "59.9"), ("forecast", "96.6"), ("commentary", "Instalments resume in January")]);
        let (status, _, page) = post_owned(&officer, &post_url, &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        let (_, _, measure) = get(&officer, &measure_url).await;
        // BV9 has only September's profiled target: no year-end target for the forecast to meet.
        assert!(text_of(&measure).contains("and the year-end forecast of 96.6% has no 2020/21 target to meet"), "{}", text_of(&measure));
        let (_, _, form) = get(&officer, &result_url).await;
        assert_eq!(hidden(&form, "forecast").as_deref(), Some("96.6"), "the form starts from the forecast recorded");
    }

    async fn owner_corrects_a_red_result_with_commentary(app) {
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, dashboard) = get(&owner, &app.url(DASHBOARD)).await;
        let red_before = red_count(&dashboard, "Customer");
        assert!(exception_row(&dashboard, "NI156").iter().any(|c| c.contains("Red")));

        let (status, _, form) = get(&owner, &app.url(NI156_FORM)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(hidden(&form, "value").as_deref(), Some("150"), "the form starts from the recorded 150");
        assert_eq!(hidden(&form, "seen").as_deref(), Some("1"));

        // 170 against 120, lower is better: Red, and there is no commentary.
        let (status, _, page) = post_owned(&owner, &app.url(NI156_POST), &result_form(&form, &[("value", "170"), ("commentary", "")])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert!(summary.contains("There is a problem"), "{summary}");
        assert_eq!(links, ["#commentary"], "{summary}");
        assert!(summary.contains("Red"), "the message says the result is Red: {summary}");
        assert!(page.contains("id=\"commentary\""), "the link's target is on the page");
        assert!(text_of(&page).starts_with("Error:"), "the title says Error:");
        assert_eq!(hidden(&page, "value").as_deref(), Some("170"), "what was typed is kept");
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing stored");

        let commentary = "Hotel placements rose again in September; moving clients on.";
        let (status, to, page) = post_owned(
            &owner,
            &app.url(NI156_POST),
            &result_form(&page, &[("value", "170"), ("commentary", commentary)]),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(to, ENTRY_LIST);
        let (status, _, list) = get(&owner, &app.url(&to)).await;
        assert_eq!(status, StatusCode::OK);
        let line = table_after(&list, "Measures due").into_iter().find(|r| r[0].starts_with("NI156")).expect("NI156 listed");
        assert!(line.iter().any(|c| c == "170"), "{line:?}");

        // The measure page: 170 now, and 150 still in the history (corrections append).
        let (_, _, measure) = get(&owner, &app.url("/councils/stevenage/measures/NI156")).await;
        let series = table_after(&measure, "The figures in the chart");
        let q2 = series.iter().find(|r| r[0].starts_with("2020/21-Q2")).expect("a Q2 row");
        assert_eq!(q2[1], "170", "{q2:?}");
        let recordings: Vec<Vec<String>> = table_after(&measure, "Results and commentary as recorded")
            .into_iter()
            .filter(|r| r[0] == "2020/21-Q2")
            .collect();
        assert_eq!(recordings.len(), 2, "{recordings:?}");
        assert_eq!((recordings[0][1].as_str(), recordings[0][3].as_str(), recordings[0][4].as_str()), ("170", "owner", commentary));
        assert_eq!(recordings[1][1], "150");

        // Still Red on the dashboard, with the new figure.
        let (_, _, dashboard) = get(&owner, &app.url(DASHBOARD)).await;
        assert_eq!(red_count(&dashboard, "Customer"), red_before);
        let row = exception_row(&dashboard, "NI156");
        assert!(row.iter().any(|c| c == "170") && row.iter().any(|c| c.contains("Red")), "{row:?}");

        // The audit log, for an administrator.
        let admin = app.sign_in(Who::Admin).await;
        let (status, _, audit) = get(&admin, &app.url("/audit?event=result.")).await;
        assert_eq!(status, StatusCode::OK);
        let rows = table_after(&audit, "Audit log, newest first");
        let line = rows
            .iter()
            .find(|r| r.len() == 5 && r[1] == "owner" && r[2].starts_with("result.recorded NI156 2020/21-Q2"))
            .unwrap_or_else(|| panic!("no result.recorded line by owner:\n{rows:?}"));
        assert!(line[3].contains(r#""value": "150""#), "before: {}", line[3]);
        assert!(line[4].contains(r#""value": "170""#), "after: {}", line[4]);
        assert!(line[4].contains(commentary), "after: {}", line[4]);
        assert!(rows.iter().skip(1).all(|r| r[2].starts_with("result.")), "filtered to result events: {rows:?}");
    }

    async fn a_stale_save_is_refused_with_both_values(app) {
        let owner = app.sign_in(Who::Owner).await;
        let director = app.sign_in(Who::Director).await;
        let (_, _, owners_form) = get(&owner, &app.url(NI156_FORM)).await;
        let (_, _, directors_form) = get(&director, &app.url(NI156_FORM)).await;
        assert_eq!(hidden(&owners_form, "seen"), hidden(&directors_form, "seen"), "both opened the same version");

        let (status, to, _) = post_owned(
            &owner,
            &app.url(NI156_POST),
            &result_form(&owners_form, &[("value", "110"), ("commentary", "From the owner")]),
        )
        .await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, ENTRY_LIST));

        let (status, _, page) = post_owned(
            &director,
            &app.url(NI156_POST),
            &result_form(&directors_form, &[("value", "130"), ("commentary", "From the director")]),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{}", text_of(&page));
        let text = text_of(&page);
        assert!(text.contains("Someone else saved first"), "{text}");
        assert!(text.contains("110 recorded") && text.contains("by owner"), "shows the owner's value: {text}");
        assert!(text.contains("From the owner"), "shows the owner's commentary: {text}");
        assert_eq!(hidden(&page, "value").as_deref(), Some("130"), "the director's value is kept in the form");
        let stored = app.results("NI156", "2020/21-Q2").await;
        assert_eq!(stored.len(), 2, "only the owner's was stored: {stored:?}");
        assert!(stored.iter().all(|r| r.recorded_by != "director"));
        assert_eq!(hidden(&page, "seen").as_deref(), Some("2"), "the form now carries the latest version");

        // Saving again from the conflict page records the director's on purpose.
        let (status, to, page) = post_owned(
            &director,
            &app.url(NI156_POST),
            &result_form(&page, &[("value", "130"), ("commentary", "From the director")]),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(to, ENTRY_LIST);
        let stored = app.results("NI156", "2020/21-Q2").await;
        assert_eq!(stored.len(), 3);
        assert_eq!(stored[2].recorded_by, "director");
    }

    async fn bad_input_is_named_field_by_field(app) {
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, form) = get(&owner, &app.url(NI156_FORM)).await;

        let (status, _, page) =
            post_owned(&owner, &app.url(NI156_POST), &result_form(&form, &[("value", "abc"), ("commentary", "x")])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert_eq!(links, ["#value"], "{summary}");
        assert!(summary.contains("must be a number"), "{summary}");
        assert!(page.contains("id=\"value-error\""), "the message is beside the field");
        assert_eq!(hidden(&page, "value").as_deref(), Some("abc"), "what was typed is kept");

        let (status, _, page) = post_owned(
            &owner,
            &app.url(NI156_POST),
            &result_form(&form, &[("value", ""), ("missing", "yes"), ("missing_reason", "  "), ("commentary", "")]),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert_eq!(links, ["#missing_reason"], "{summary}");
        assert!(page.contains("id=\"missing_reason-error\""), "the message is beside the field");

        let (status, _, page) = post_owned(
            &owner,
            &app.url(NI156_POST),
            &result_form(&form, &[("value", "-"), ("commentary", "x")]),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 1, "nothing stored");

        // Missing with a reason is a result of its own.
        let (status, _, page) = post_owned(
            &owner,
            &app.url(NI156_POST),
            &result_form(&form, &[("missing", "yes"), ("missing_reason", "Housing register down"), ("commentary", "")]),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(app.recorded("NI156", "2020/21-Q2").await, 2);
    }

    async fn officer_revises_a_target_with_a_reason(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, form) = get(&officer, &app.url("/councils/stevenage/measures/BV9/target?period=2020/21-Q2")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(hidden(&form, "period").as_deref(), Some("2020/21-Q2"));
        let csrf = csrf_token(&form);
        let before = app.targets("BV9").await.len();

        let url = app.url("/councils/stevenage/measures/BV9/target");
        let fields = |reason: &'static str| {
            vec![
                ("csrf_token", csrf.clone()),
                ("period", "2020/21-Q2".to_string()),
                ("value", "62".to_string()),
                // In force from, typed as people in the UK write dates.
                ("effective", "1 October 2020".to_string()),
                ("reason", reason.to_string()),
            ]
        };
        let (status, _, page) = post_owned(&officer, &url, &fields("")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert_eq!(links, ["#reason"], "{summary}");
        assert_eq!(hidden(&page, "value").as_deref(), Some("62"), "what was typed is kept");
        assert_eq!(app.targets("BV9").await.len(), before, "nothing stored");

        let reason = "Profile raised after the October collection figures";
        let (status, to, page) = post_owned(&officer, &url, &fields(reason)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(to, "/councils/stevenage/measures/BV9");
        let targets = app.targets("BV9").await;
        assert_eq!(targets.len(), before + 1);
        assert!(targets.iter().any(|t| t.reason == reason && t.effective.to_string() == "2020-10-01"), "{targets:?}");

        let (_, _, measure) = get(&officer, &app.url(&to)).await;
        let history: Vec<Vec<String>> =
            table_after(&measure, "Target history").into_iter().filter(|r| r[0] == "2020/21-Q2").collect();
        let values: Vec<&str> = history.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(values, ["61%", "62%"], "{history:?}");
        assert_eq!(history[1][3], reason);
        assert_eq!(history[1][4], "Test officer");

        // A target that is not a number, and a period that is not one.
        let mut bad = fields(reason);
        bad[1].1 = "2020/21-Q5".into();
        bad[2].1 = "sixty".into();
        let (status, _, page) = post_owned(&officer, &url, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert_eq!(links, ["#period", "#value"], "{summary}");
        assert_eq!(app.targets("BV9").await.len(), before + 1, "nothing more stored");

        // A date that is not one is named.
        let mut bad = fields(reason);
        bad[3].1 = "next Tuesday".into();
        let (status, _, page) = post_owned(&officer, &url, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&page));
        let (links, summary) = error_summary(&page).expect("the GOV.UK error summary");
        assert_eq!(links, ["#effective"], "{summary}");
        assert!(summary.contains("Enter the date the target takes effect as a date, like 15/01/2021"), "{summary}");
    }

    async fn the_as_of_filters_read_dates_as_people_type_them(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(&format!("{DASHBOARD}&as_of=30%2F09%2F2020"))).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&page));
        assert!(text_of(&page).contains("As recorded on 30 September 2020:"), "{}", text_of(&page));
        assert!(page.contains(r#"name="as_of" type="text" value="30/09/2020""#), "written back as typed");
        let (status, _, page) = get(&officer, &app.url("/councils/stevenage/measures/BV9?as_of=30+Sep+2020")).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&page));
        assert!(text_of(&page).contains("As reported on 30/09/2020:"), "{}", text_of(&page));
        let (status, _, page) = get(&officer, &app.url(&format!("{DASHBOARD}&as_of=31%2F09%2F2020"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text_of(&page).contains("Enter the \"As recorded on\" date as a real date, like 15/01/2021"), "{}", text_of(&page));
    }

    async fn an_officer_judges_a_status_with_its_reason_and_withdraws_it(app) {
        let officer = app.sign_in(Who::Officer).await;
        let csrf = app.session_csrf(&officer).await;
        let page_url = "/councils/stevenage/measures/NI156?year=2020%2F21";
        let post_url = app.url("/councils/stevenage/measures/NI156/judgement");
        let judge_in = |period: &'static str, status: &'static str, why: &'static str| {
            let form = [("csrf_token", csrf.clone()), ("period", period.to_string()), ("judged_status", status.to_string()), ("justification", why.to_string())];
            let (client, url) = (&officer, post_url.clone());
            async move { client.post(url).form(&form).send().await.unwrap() }
        };
        let judge = |status: &'static str, why: &'static str| judge_in("2020/21-Q2", status, why);
        let (_, _, page) = get(&officer, &app.url(page_url)).await;
        assert!(text_of(&page).contains("Judge the status"), "the officer is offered the form");
        // The chart's value axis names its unit (NI156 counts households), and ticks are plain numbers.
        assert!(page.contains(">Number</text>"), "an axis title in the measure's unit");

        // Without a reason, or without a status: the page comes back naming the field; nothing is stored.
        let response = judge("amber", "  ").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_summary(&response.text().await.unwrap()).expect("error summary").0, ["#justification"]);
        let response = judge("", "Rough sleepers housed in hotels.").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = response.text().await.unwrap();
        assert_eq!(error_summary(&page).expect("error summary").0, ["#judged_status"]);
        assert!(page.contains(">Rough sleepers housed in hotels.</textarea>"), "what was typed is kept");
        assert!(page.contains("<option value=\"2020/21-Q2\" selected>"), "the period chosen is kept");
        let response = judge("", "").await;
        assert_eq!(error_summary(&response.text().await.unwrap()).expect("error summary").0, ["#judged_status", "#justification"], "every problem at once");
        // A viewer is refused before anything sent is looked at.
        let viewer = app.sign_in(Who::Viewer).await;
        let viewer_csrf = app.session_csrf(&viewer).await;
        let form = [("csrf_token", viewer_csrf.as_str()), ("period", "2020/21-Q2"), ("judged_status", ""), ("justification", "")];
        assert_eq!(post(&viewer, &post_url, &form).await.0, StatusCode::FORBIDDEN);
        // A period still to come cannot be judged: its figures are not in.
        let response = judge_in("2098/99-Q4", "red", "Forecast to miss.").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = response.text().await.unwrap();
        assert_eq!(error_summary(&page).expect("error summary").0, ["#judgement-period"]);
        assert!(text_of(&page).contains("has not ended yet"), "{}", text_of(&page));
        assert!(app.store.measure_history(&key("stevenage"), &outturn_core::MeasureCode::parse("NI156").unwrap()).await.unwrap().judgements.is_empty());

        // NI156 is Red by its figures (140 against 120, lower is better); judged Amber.
        let response = judge("amber", "Everyone In placements end in March.").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let (_, _, page) = get(&officer, &app.url(page_url)).await;
        let text = text_of(&page);
        assert!(text.contains("Amber Judged"), "{text}");
        assert!(text.contains("Amber: judged by officer on") && text.contains("\"Everyone In placements end in March.\" By the figures alone: Red"), "{text}");
        let (_, _, dashboard) = get(&officer, &app.url(DASHBOARD)).await;
        let row = exception_row(&dashboard, "NI156");
        assert!(row.iter().any(|c| c.contains("Amber") && c.contains("Judged")), "{row:?}");
        let admin = app.sign_in(Who::Admin).await;
        let (_, _, audit) = get(&admin, &app.url("/audit?event=status.")).await;
        let audit = text_of(&audit);
        assert!(audit.contains("status.judged") && audit.contains("NI156 2020/21-Q2"), "{audit}");

        // Withdrawn: the figures decide again; a second withdrawal is refused.
        assert_eq!(judge("withdraw", "Placements confirmed as temporary.").await.status(), StatusCode::SEE_OTHER);
        let (_, _, page) = get(&officer, &app.url(page_url)).await;
        assert!(!text_of(&page).contains("Judged"), "{}", text_of(&page));
        let again = judge("withdraw", "Again.").await;
        assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text_of(&again.text().await.unwrap()).contains("has no judged status to withdraw"));
        let (_, _, audit) = get(&admin, &app.url("/audit?event=status.")).await;
        assert!(text_of(&audit).contains("status.judgement-withdrawn"));
    }
}
