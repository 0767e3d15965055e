//! Report drafts through the pages: the draft with a form per narrative slot
//! and the report settings, only for those who may edit the council's
//! reports (performance officers and administrators); CSRF on every form;
//! a refused save stores nothing.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

const DRAFT: &str = "/councils/stevenage/report-draft?kind=quarterly&period=2020/21-Q2";
const SETTINGS: &str = "/councils/stevenage/report-settings";

/// The narrative stored for Stevenage's 2020/21-Q2 quarterly draft.
async fn stored(app: &TestApp) -> outturn_store::Narrative {
    let draft = outturn_store::DraftKey {
        council: key("stevenage"),
        kind: "quarterly".into(),
        period: outturn_core::Period::parse("2020/21-Q2").unwrap(),
    };
    app.store.narrative(&draft).await.unwrap()
}

web_tests! {
    async fn only_those_who_edit_reports_open_the_draft_and_the_settings(app) {
        let mut checks = Checks::default();
        for who in Who::ALL {
            let client = if who == Who::Public { client() } else { app.sign_in(who).await };
            for page in [DRAFT, SETTINGS] {
                let (status, headers, _) = get(&client, &app.url(page)).await;
                let expected = match who {
                    Who::Public => StatusCode::SEE_OTHER,
                    Who::Officer | Who::Admin => StatusCode::OK,
                    _ => StatusCode::FORBIDDEN,
                };
                checks.check(status == expected, format!("{} GET {page}: {status}, expected {expected}", who.label()));
                if who == Who::Public {
                    checks.check(location(&headers).is_some_and(|l| l.starts_with("/sign-in")), format!("public {page}: to sign in"));
                }
            }
        }
        checks.finish();
    }

    async fn an_officer_writes_a_spotlight_and_the_flag_goes(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (status, _, page) = get(&officer, &app.url(DRAFT)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Narrative needed:"), "the draft lists what is missing");
        assert!(page.contains("href=\"#slot-spotlight-bv213\">Spotlight on BV213</a>"), "{page}");
        assert!(page.contains("[Narrative needed: spotlight on BV213]"), "the generated report marks the slot");
        assert!(page.contains("To highlight the Council"), "the demo's purpose is shown");
        assert!(page.contains("<svg class=\"outturn-chart\""), "spotlights carry their chart");
        let token = csrf_token(&page);
        let form = [
            ("csrf_token", token.as_str()),
            ("kind", "quarterly"),
            ("period", "2020/21-Q2"),
            ("slot", "spotlight:BV213"),
            ("text", "Preventions fell short:\n\n- backlog from lockdown\n- fewer private lets"),
        ];
        let (status, headers, _) = post(&officer, &app.url("/councils/stevenage/report-draft"), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let back = location(&headers).unwrap();
        assert!(back.starts_with("/councils/stevenage/report-draft?kind=quarterly&period=2020%2F21-Q2&saved="), "{back}");
        let (_, _, page) = get(&officer, &app.url(&back)).await;
        assert!(page.contains("Narrative saved: 1 piece changed."), "{page}");
        assert!(page.contains("Preventions fell short:") && page.contains("<li>backlog from lockdown</li>"), "{page}");
        assert!(!page.contains("[Narrative needed: spotlight on BV213]"));
        assert_eq!(stored(&app).await.get("spotlight:BV213").map(String::as_str), Some("Preventions fell short:\n\n- backlog from lockdown\n- fewer private lets"));
        let log = app.store.audit_log(&outturn_store::AuditFilter { event_prefix: Some("report.".into()), limit: 5, ..Default::default() }).await.unwrap();
        assert!(log.iter().any(|r| r.actor == "officer" && r.event == "report.narrative-saved"), "{log:?}");

        // An unknown slot is refused and nothing is stored.
        let before = stored(&app).await;
        let bad = [("csrf_token", token.as_str()), ("kind", "quarterly"), ("period", "2020/21-Q2"), ("slot", "spotlight:NOPE"), ("text", "x")];
        let (status, _, page) = post(&officer, &app.url("/councils/stevenage/report-draft"), &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("NOPE is not a measure of stevenage"), "{page}");
        assert_eq!(stored(&app).await, before);
    }

    async fn the_draft_is_one_form_and_every_piece_typed_is_saved_together(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url(DRAFT)).await;
        assert_eq!(page.matches("<form method=\"post\" action=\"/councils/stevenage/report-draft\"").count(), 1, "one form");
        assert!(!page.contains("Slot spotlight:"), "no internal keys as labels");
        assert!(page.contains("name=\"slot:spotlight:BV213\""), "{page}");
        let purpose = stored(&app).await.get("purpose").cloned().expect("the demo's purpose");
        let token = csrf_token(&page);
        // As the browser sends it: every slot, two of them newly typed.
        let form = [
            ("csrf_token", token.as_str()),
            ("kind", "quarterly"),
            ("period", "2020/21-Q2"),
            ("slot:purpose", purpose.as_str()),
            ("slot:spotlight:BV213", "Preventions fell short after lockdown."),
            ("slot:spotlight:BTC1a", "Fewer new jobs while the centre was closed."),
            ("slot:spotlight:BTC1b", ""),
        ];
        let (status, headers, _) = post(&officer, &app.url("/councils/stevenage/report-draft"), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = get(&officer, &app.url(&location(&headers).unwrap())).await;
        assert!(page.contains("Narrative saved: 2 pieces changed."), "{}", text_of(&page));
        let now = stored(&app).await;
        assert_eq!(now.get("spotlight:BV213").map(String::as_str), Some("Preventions fell short after lockdown."));
        assert_eq!(now.get("spotlight:BTC1a").map(String::as_str), Some("Fewer new jobs while the centre was closed."));
        assert_eq!(now.get("purpose"), Some(&purpose));
        let log = app.store.audit_log(&outturn_store::AuditFilter { event_prefix: Some("report.narrative".into()), limit: 5, ..Default::default() }).await.unwrap();
        let saves: Vec<_> = log.iter().filter(|r| r.actor == "officer").collect();
        assert_eq!(saves.len(), 1, "one save, one audit record: {saves:?}");
        let after = saves[0].after.as_ref().unwrap().as_object().unwrap();
        assert_eq!(after.keys().collect::<Vec<_>>(), ["spotlight:BTC1a", "spotlight:BV213"], "what changed, nothing else");

        // The draft as Word and PDF before publishing; for those who edit it only.
        for (format, media) in [("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("pdf", "application/pdf")] {
            let url = app.url(&format!("/councils/stevenage/report-draft/files/{format}?kind=quarterly&period=2020%2F21-Q2"));
            let response = officer.get(&url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{format}");
            assert_eq!(response.headers()["content-type"], media);
            assert!(!response.bytes().await.unwrap().is_empty());
            assert_eq!(get(&app.sign_in(Who::Viewer).await, &url).await.0, StatusCode::FORBIDDEN, "{format}");
        }
        let html = app.url("/councils/stevenage/report-draft/files/html?kind=quarterly&period=2020%2F21-Q2");
        assert_eq!(get(&officer, &html).await.0, StatusCode::NOT_FOUND);
    }

    async fn a_viewer_cannot_write_narrative_or_settings_and_a_forged_form_is_refused(app) {
        let before = (stored(&app).await, app.store.report_settings(&key("stevenage")).await.unwrap());
        let viewer = app.sign_in(Who::Viewer).await;
        let (_, _, home) = get(&viewer, &app.url("/councils/stevenage")).await;
        let token = csrf_token(&home);
        let narrative = [("csrf_token", token.as_str()), ("kind", "quarterly"), ("period", "2020/21-Q2"), ("slot", "purpose"), ("text", "Viewer wording")];
        let (status, _, _) = post(&viewer, &app.url("/councils/stevenage/report-draft"), &narrative).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a viewer may not write narrative");
        let settings = [("csrf_token", token.as_str()), ("committee", "Viewer's committee")];
        let (status, _, _) = post(&viewer, &app.url(SETTINGS), &settings).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a viewer may not change the settings");

        let officer = app.sign_in(Who::Officer).await;
        let forged = [("csrf_token", "forged"), ("kind", "quarterly"), ("period", "2020/21-Q2"), ("slot", "purpose"), ("text", "Forged")];
        let (status, _, _) = post(&officer, &app.url("/councils/stevenage/report-draft"), &forged).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a forged form token");
        let (status, _, _) = post(&officer, &app.url(SETTINGS), &[("csrf_token", "forged"), ("committee", "Forged")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a forged form token");
        assert_eq!((stored(&app).await, app.store.report_settings(&key("stevenage")).await.unwrap()), before, "nothing stored");
    }

    async fn an_officer_sets_the_cover_and_a_bad_email_is_named(app) {
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url(SETTINGS)).await;
        assert!(page.contains("value=\"Executive\""), "the demo's committee: {page}");
        assert!(page.contains("Financial implications"), "{page}");
        let token = csrf_token(&page);
        let bad = [("csrf_token", token.as_str()), ("committee", "Executive"), ("contact_email", "performance.example")];
        let (status, _, page) = post(&officer, &app.url(SETTINGS), &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, text) = error_summary(&page).expect("an error summary");
        assert_eq!(links, vec!["#contact_email".to_string()], "the summary links to the field");
        assert!(text.contains("is not an email address"), "{text}");
        let good = [
            ("csrf_token", token.as_str()),
            ("committee", "Overview and Scrutiny"),
            ("lead_officer", "Strategic Director"),
            ("contact_email", "performance@example.gov.uk"),
            ("implication_title_0", "Financial implications"),
            ("implication_text_0", "None arising."),
            ("implication_title_1", ""),
            ("implication_text_1", ""),
        ];
        let (status, headers, _) = post(&officer, &app.url(SETTINGS), &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers).as_deref(), Some("/councils/stevenage/report-settings?saved=1"));
        let s = app.store.report_settings(&key("stevenage")).await.unwrap();
        assert_eq!(s.committee.as_deref(), Some("Overview and Scrutiny"));
        assert_eq!(s.implications.len(), 1);
        let (_, _, page) = get(&officer, &app.url(DRAFT)).await;
        assert!(page.contains("<dt>Committee</dt><dd>Overview and Scrutiny</dd>"), "the cover follows the settings");
        assert!(page.contains("<dt>Lead officer</dt><dd>Strategic Director</dd>"));
    }
}
