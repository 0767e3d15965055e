//! Collection rounds, sign-off and published reports through the web, on
//! SQLite and PostgreSQL: the officer opens a round, the owner sees a to-do
//! list, only the director responsible for a unit signs it off, a signed-off
//! result is refused until reopened, a published report is downloaded byte
//! for byte and a correction shows as "now" beside "as published". Every
//! form needs its CSRF token.

#[macro_use]
mod support;

use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_core::{Period, Role};
use reqwest::StatusCode;
use support::*;

const ROUNDS: &str = "/councils/stevenage/rounds";
const ROUND: &str = "/councils/stevenage/rounds/2020%2F21-Q2";
const HOUSING: &str = "/councils/stevenage/rounds/2020%2F21-Q2/units/housing-and-investment";

fn q2() -> Period {
    Period::parse("2020/21-Q2").unwrap()
}

async fn open_q2(app: &TestApp) {
    let (entry, sign_off) = ("2020-10-16".parse().unwrap(), "2020-10-23".parse().unwrap());
    outturn_app::rounds::open_round(
        app.store.as_ref(),
        &Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
        q2(),
        entry,
        sign_off,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
}

/// The sign-off state shown for a business unit on the round's page.
fn unit_state(page: &str, unit: &str) -> String {
    let rows = table_after(page, "Completeness and sign-off by business unit");
    let row = rows.iter().find(|r| r[0] == unit).unwrap_or_else(|| panic!("no {unit} row: {rows:?}"));
    row[1].clone()
}

async fn step(client: &reqwest::Client, app: &TestApp, csrf: &str, step: &str, reason: &str) -> (StatusCode, String) {
    let (status, _, body) =
        post(client, &app.url(HOUSING), &[("csrf_token", csrf), ("step", step), ("reason", reason)]).await;
    (status, body)
}

web_tests! {
    async fn an_officer_opens_a_round_and_each_reader_sees_where_it_stands(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(ROUNDS)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("No collection round has been opened yet"));
        let csrf = csrf_token(&page);
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("entry_deadline", "2020-10-16"), ("sign_off_deadline", "2020-10-09")];
        let (status, _, refused) = post(&officer, &app.url(ROUNDS), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text_of(&refused).contains("The sign-off deadline (2020-10-09) comes before the data owners' deadline (2020-10-16)"), "{}", text_of(&refused));
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("entry_deadline", "2020-10-16"), ("sign_off_deadline", "2020-10-23")];
        let (status, headers, _) = post(&officer, &app.url(ROUNDS), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers).as_deref(), Some(ROUND));

        let (status, _, page) = get(&officer, &app.url(ROUND)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(unit_state(&page, "Housing and Investment"), "Open");
        let owners = table_after(&page, "Completeness by data owner");
        assert!(owners.iter().any(|r| r[0] == "Test owner"), "{owners:?}");
        assert!(text_of(&page).contains("Provisional: 0 of"), "{}", text_of(&page));

        // The owner's to-do list: the demo's results came in on 20 October, after the 16th.
        let owner = app.sign_in(Who::Owner).await;
        let (status, _, mine) = get(&owner, &app.url(&format!("{ROUND}/mine"))).await;
        assert_eq!(status, StatusCode::OK);
        let rows = table_after(&mine, "Your measures due in 2020/21-Q2");
        let bv66a = rows.iter().find(|r| r[0].starts_with("BV66a")).expect("BV66a is the owner's");
        assert_eq!(bv66a[2], "Done late");
        assert!(!rows.iter().any(|r| r[0].starts_with("BV9 ")), "BV9 belongs to Finance and Estates");
        // The period may be written with a hyphen in a typed address.
        assert_eq!(get(&owner, &app.url("/councils/stevenage/rounds/2020-21-Q2/mine")).await.0, StatusCode::OK);

        // Readers of the council see it, with no buttons; others do not.
        let (status, _, page) = get(&app.sign_in(Who::Viewer).await, &app.url(ROUND)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!page.contains("Sign off<span") && !page.contains("Close the round"));
        assert_eq!(get(&app.sign_in(Who::Viewer).await, &app.url(&format!("{ROUND}/mine"))).await.0, StatusCode::FORBIDDEN);
        assert_eq!(get(&app.sign_in(Who::Epping).await, &app.url(ROUND)).await.0, StatusCode::FORBIDDEN);
        let (status, headers, _) = get(&app.client(), &app.url(ROUND)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&headers).unwrap().starts_with("/sign-in"));
        // Only officers open rounds.
        let owner_csrf = app.session_csrf(&owner).await;
        let form = [("csrf_token", owner_csrf.as_str()), ("period", "2020/21-Q3"), ("entry_deadline", "2021-01-16"), ("sign_off_deadline", "2021-01-23")];
        assert_eq!(post(&owner, &app.url(ROUNDS), &form).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.store.rounds(&key("stevenage")).await.unwrap().len(), 1);
    }

    async fn only_the_director_responsible_signs_off_and_a_signed_off_result_waits_for_reopening(app) {
        open_q2(&app).await;
        let other = NewUser {
            username: "director2".into(),
            display_name: "Director of Finance".into(),
            role: Role::Director,
            council: Some(key("stevenage")),
            nodes: vec![key("finance-and-estates")],
            password: PASSWORD.into(),
        };
        add_user(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), other).await.unwrap();
        let owner = app.sign_in(Who::Owner).await;
        let owner_csrf = app.session_csrf(&owner).await;
        // Without the form's token nothing happens.
        assert_eq!(step(&owner, &app, "", "submit", "").await.0, StatusCode::FORBIDDEN);
        assert_eq!(step(&owner, &app, "not-the-token", "submit", "").await.0, StatusCode::FORBIDDEN);
        assert!(app.store.sign_off_events(&key("stevenage"), None).await.unwrap().is_empty());
        // The owner submits but cannot sign off.
        assert_eq!(step(&owner, &app, &owner_csrf, "submit", "").await.0, StatusCode::SEE_OTHER);
        assert_eq!(step(&owner, &app, &owner_csrf, "sign-off", "").await.0, StatusCode::FORBIDDEN);
        // Another director cannot sign off a unit that is not theirs.
        let (director2, _) = app.sign_in_as("director2", PASSWORD).await;
        let csrf2 = app.session_csrf(&director2).await;
        assert_eq!(step(&director2, &app, &csrf2, "sign-off", "").await.0, StatusCode::FORBIDDEN);
        // The director responsible does.
        let director = app.sign_in(Who::Director).await;
        let csrf = app.session_csrf(&director).await;
        assert_eq!(step(&director, &app, &csrf, "sign-off", "").await.0, StatusCode::SEE_OTHER);
        let (_, _, page) = get(&director, &app.url(ROUND)).await;
        assert_eq!(unit_state(&page, "Housing and Investment"), "Signed off");
        let (status, again) = step(&director, &app, &csrf, "sign-off", "").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(text_of(&again).contains("it cannot be signed off while it is signed off"), "{}", text_of(&again));

        // A signed-off result is refused, and nothing is recorded.
        let before = app.recorded("BV66a", "2020/21-Q2").await;
        let (_, _, form) = get(&owner, &app.url("/councils/stevenage/measures/BV66a/result?period=2020/21-Q2")).await;
        let seen = hidden(&form, "seen").unwrap();
        let result = [("csrf_token", owner_csrf.as_str()), ("period", "2020/21-Q2"), ("seen", seen.as_str()), ("value", "95"), ("commentary", "Recount")];
        let (status, _, refused) = post(&owner, &app.url("/councils/stevenage/measures/BV66a/result"), &result).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text_of(&refused).contains("2020/21-Q2 is signed off for its business unit: reopen it with a reason first"), "{}", text_of(&refused));
        assert_eq!(app.recorded("BV66a", "2020/21-Q2").await, before);

        // Reopening needs a reason; then the result can change.
        let (status, page) = step(&director, &app, &csrf, "reopen", " ").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(text_of(&page).contains("a reason is required"));
        assert_eq!(step(&director, &app, &csrf, "reopen", "BV66a recount").await.0, StatusCode::SEE_OTHER);
        let (status, _, _) = post(&owner, &app.url("/councils/stevenage/measures/BV66a/result"), &result).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(app.recorded("BV66a", "2020/21-Q2").await, before + 1);
        let filter = outturn_store::AuditFilter { event_prefix: Some("sign-off.".into()), limit: 10, ..Default::default() };
        let log = app.store.audit_log(&filter).await.unwrap();
        assert_eq!(log[0].event, "sign-off.reopen");
        assert_eq!(log[0].actor, "director");
        assert_eq!(log[0].after.as_ref().unwrap()["reason"], "BV66a recount");
    }

    async fn a_published_report_is_downloaded_as_stored_and_a_correction_shows_beside_it(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url("/councils/stevenage/reports")).await;
        assert!(page.contains("No report has been published yet"));
        let csrf = csrf_token(&page);
        let form = [("csrf_token", csrf.as_str()), ("kind", "quarterly"), ("period", "2020/21-Q2"), ("committee", "Executive"), ("date", "2020-11-11")];
        // The owner may not publish; nor may anyone without the form's token.
        let owner = app.sign_in(Who::Owner).await;
        let owner_csrf = app.session_csrf(&owner).await;
        let owner_form = [("csrf_token", owner_csrf.as_str()), ("kind", "quarterly"), ("period", "2020/21-Q2"), ("committee", "Executive"), ("date", "2020-11-11")];
        assert_eq!(post(&owner, &app.url("/councils/stevenage/reports"), &owner_form).await.0, StatusCode::FORBIDDEN);
        assert_eq!(post(&officer, &app.url("/councils/stevenage/reports"), &form[1..]).await.0, StatusCode::FORBIDDEN);
        assert!(app.store.publications(None).await.unwrap().is_empty());
        // The checklist has items open in the demo's quarter: refused, naming them.
        let (status, _, refused) = post(&officer, &app.url("/councils/stevenage/reports"), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(text_of(&refused).contains("The report cannot be published yet"), "{}", text_of(&refused));
        assert!(app.store.publications(None).await.unwrap().is_empty());
        let form = [&form[..], &[("override_reason", "Units sign off at the meeting")]].concat();
        let (status, headers, _) = post(&officer, &app.url("/councils/stevenage/reports"), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let report = location(&headers).unwrap();
        assert_eq!(report, "/councils/stevenage/reports/1");

        // The public read what was published, without signing in: the list,
        // the report's page (not "now", which is unpublished) and its files.
        let public = app.client();
        let (status, _, home) = get(&public, &app.url("/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(home.contains("href=\"/councils/stevenage/reports\""), "the home page links the published reports");
        let (status, _, list) = get(&public, &app.url("/councils/stevenage/reports")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(list.contains("/councils/stevenage/reports/1/files/pdf") && !list.contains("Publish a report"));
        assert!(!text_of(&list).contains(" by officer"), "the public see when, not which account");
        let (status, _, page) = get(&public, &app.url("/councils/stevenage/reports/1")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!page.contains("As published against now"), "{}", text_of(&page));
        let response = public.get(app.url("/councils/stevenage/reports/1/files/pdf")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(get(&public, &app.url("/councils/stevenage")).await.0, StatusCode::SEE_OTHER, "the dashboard is not public");

        let viewer = app.sign_in(Who::Viewer).await;
        let (status, _, list) = get(&viewer, &app.url("/councils/stevenage/reports")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(list.contains("/councils/stevenage/reports/1/files/pdf"));
        let response = viewer.get(app.url("/councils/stevenage/reports/1/files/pdf")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let bytes = response.bytes().await.unwrap();
        let stored = app.store.publication_file(1, "pdf").await.unwrap().unwrap();
        assert_eq!(bytes.as_ref(), stored.bytes.as_slice(), "served byte for byte");
        assert_eq!(get(&app.sign_in(Who::Epping).await, &app.url("/councils/stevenage/reports/1/files/pdf")).await.0, StatusCode::OK, "published: public");
        let changes_page = get(&app.sign_in(Who::Epping).await, &app.url("/councils/stevenage/reports/1")).await.2;
        assert!(!changes_page.contains("As published against now"), "another council's staff see the publication, not Stevenage's figures now");
        assert_eq!(get(&viewer, &app.url("/councils/stevenage/reports/1/files/odt")).await.0, StatusCode::NOT_FOUND);
        // Asked for under another council, the report is answered as an id
        // that does not exist: 404 alike, saying the same, for everyone.
        let epping = app.sign_in(Who::Epping).await;
        for (who, client) in [("the public", &public), ("a Stevenage viewer", &viewer), ("an Epping officer", &epping)] {
            for (what, foreign, missing) in [
                ("page", "/councils/epping-forest/reports/1", "/councils/epping-forest/reports/99"),
                ("file", "/councils/epping-forest/reports/1/files/pdf", "/councils/epping-forest/reports/99/files/pdf"),
                ("page", "/councils/stevenage/reports/99", "/councils/stevenage/reports/98"),
            ] {
                let (status, _, body) = get(client, &app.url(foreign)).await;
                let (missing_status, _, missing_body) = get(client, &app.url(missing)).await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{who}, {what} {foreign}: {}", text_of(&body));
                assert_eq!(missing_status, StatusCode::NOT_FOUND, "{who}, {what} {missing}: {}", text_of(&missing_body));
                let same = |b: &str| {
                    let words = text_of(b);
                    let words: Vec<&str> = words.split_whitespace().map(|w| if w.bytes().all(|c| c.is_ascii_digit()) { "#" } else { w }).collect();
                    words.join(" ")
                };
                assert_eq!(same(&body), same(&missing_body), "{who}: {foreign} and {missing} answer differently");
            }
        }

        // Locked: a correction with a reason is recorded; the report stays as published.
        let (_, _, form) = get(&owner, &app.url("/councils/stevenage/measures/BV66a/result?period=2020/21-Q2")).await;
        let seen = hidden(&form, "seen").unwrap();
        let mut result = vec![("csrf_token", owner_csrf.as_str()), ("period", "2020/21-Q2"), ("seen", seen.as_str()), ("value", "95.1"), ("commentary", "Recount")];
        let (status, _, refused) = post(&owner, &app.url("/councils/stevenage/measures/BV66a/result"), &result).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(text_of(&refused).contains("published and locked"), "{}", text_of(&refused));
        result.push(("correction_reason", "Arrears review"));
        assert_eq!(post(&owner, &app.url("/councils/stevenage/measures/BV66a/result"), &result).await.0, StatusCode::SEE_OTHER);
        assert_eq!(app.store.publication_file(1, "pdf").await.unwrap().unwrap(), stored);
        let (_, _, page) = get(&viewer, &app.url(&report)).await;
        let rows = table_after(&page, "Measures corrected since publication");
        assert_eq!(rows[1][0], "BV66a: Rent Collection Rate", "{rows:?}");
        assert_eq!((rows[1][1].as_str(), rows[1][2].as_str()), ("93.4%", "95.1%"));
    }

    async fn a_round_opened_with_uk_dates_is_stored_with_those_dates(app) {
        let officer = app.sign_in(Who::Officer).await;
        let csrf = app.session_csrf(&officer).await;
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("entry_deadline", "16/10/2020"), ("sign_off_deadline", "23 Oct 2020")];
        let (status, headers, page) = post(&officer, &app.url(ROUNDS), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&page));
        assert_eq!(location(&headers).as_deref(), Some(ROUND));
        let rounds = app.store.rounds(&key("stevenage")).await.unwrap();
        assert_eq!(rounds.len(), 1);
        assert_eq!(rounds[0].entry_deadline.to_string(), "2020-10-16");
        assert_eq!(rounds[0].sign_off_deadline.to_string(), "2020-10-23");
        let (_, _, page) = get(&officer, &app.url(ROUND)).await;
        assert!(text_of(&page).contains("Results due by 16 October 2020 Sign-off by 23 October 2020"), "{}", text_of(&page));
    }

    async fn a_deadline_that_is_not_a_date_is_named_in_the_error_and_kept_in_the_form(app) {
        let officer = app.sign_in(Who::Officer).await;
        let csrf = app.session_csrf(&officer).await;
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("entry_deadline", "16/10/20"), ("sign_off_deadline", "30/02/2021")];
        let (status, _, page) = post(&officer, &app.url(ROUNDS), &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, summary) = error_summary(&page).expect("an error summary");
        assert_eq!(links, ["#entry_deadline", "#sign_off_deadline"]);
        assert!(summary.contains("Enter the results deadline as a date, like 15/01/2021"), "{summary}");
        assert!(summary.contains("Enter the sign-off deadline as a real date, like 15/01/2021"), "{summary}");
        assert!(page.contains(r#"value="16/10/20""#), "the typed text is kept");
        assert!(page.contains(r#"aria-describedby="entry_deadline-hint entry_deadline-error""#));
        assert!(app.store.rounds(&key("stevenage")).await.unwrap().is_empty());
    }

    async fn a_period_without_a_round_says_so_and_offers_officers_the_form_to_open_one(app) {
        let q3 = "/councils/stevenage/rounds/2020%2F21-Q3";
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(q3)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text_of(&page).contains("No round is open for this period"), "{}", text_of(&page));
        assert!(page.contains(r#"action="/councils/stevenage/rounds""#) && page.contains("Open the round"));
        assert!(page.contains(r#"name="period" type="text" value="2020/21-Q3""#), "the period is filled in");
        assert!(page.contains(r#"id="entry_deadline""#) && page.contains("for example 16/10/2020"));
        // Opening it from there, with UK dates.
        let csrf = csrf_token(&page);
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q3"), ("entry_deadline", "15 January 2021"), ("sign_off_deadline", "22/01/2021")];
        let (status, headers, _) = post(&officer, &app.url(ROUNDS), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers).as_deref(), Some(q3));
        let (status, _, page) = get(&officer, &app.url(q3)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!text_of(&page).contains("No round is open for this period"));

        // Other readers see the message only; strangers are still turned away.
        let (status, _, page) = get(&app.sign_in(Who::Viewer).await, &app.url("/councils/stevenage/rounds/2020%2F21-Q4")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(text_of(&page).contains("No round is open for this period"));
        assert!(!page.contains("Open the round") && !page.contains(r#"name="entry_deadline""#));
        let (status, _, _) = get(&app.sign_in(Who::Epping).await, &app.url("/councils/stevenage/rounds/2020%2F21-Q4")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
