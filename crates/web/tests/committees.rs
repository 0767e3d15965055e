//! Committee meetings, actions and improvement plans through the pages: who
//! may read them, who may add an update to an action (the person asked by
//! name or a performance officer), CSRF on the form, errors named.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

/// A committee file asking the demo's data owner for something by name.
const ASK_OWNER: &str = r#"council = "stevenage"

[[meetings]]
committee = "Overview and Scrutiny"
date = "2021-10-05"
reports = [{ kind = "quarterly", period = "2021/22-Q1" }]
resolutions = ["That the report be noted."]

[[meetings.actions]]
asked = "Report back on rent arrears"
of_user = "owner"
due = "2099-12-01"
"#;

/// Loads ASK_OWNER; returns the action's page path.
async fn ask_owner(app: &TestApp) -> String {
    outturn_app::committees::load_text(
        app.store.as_ref(),
        "scrutiny.toml",
        ASK_OWNER,
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    let meetings = outturn_app::committees::meetings(
        app.store.as_ref(),
        &outturn_app::actor::Actor::command("test"),
        &outturn_core::Key::parse("stevenage").unwrap(),
    )
    .await
    .unwrap();
    let action = meetings.iter().find(|m| m.committee == "Overview and Scrutiny").unwrap().actions[0].id;
    format!("/councils/stevenage/actions/{action}")
}

const PAGES: &[&str] = &[
    "/councils/stevenage/meetings",
    "/councils/stevenage/meetings/1",
    "/councils/stevenage/actions/mine",
    "/councils/stevenage/improvement-plans?period=2020/21-Q2",
    "/councils/stevenage/improvement-plans/BV66a?period=2020/21-Q2",
];

web_tests! {
    async fn everyone_of_the_council_reads_the_committee_pages_and_no_one_else(app) {
        let mut checks = Checks::default();
        for who in Who::ALL {
            let client = if who == Who::Public { client() } else { app.sign_in(who).await };
            for page in PAGES {
                let (status, headers, _) = get(&client, &app.url(page)).await;
                let expected = match who {
                    Who::Public => StatusCode::SEE_OTHER,
                    Who::Epping => StatusCode::FORBIDDEN,
                    _ => StatusCode::OK,
                };
                checks.check(status == expected, format!("{} GET {page}: {status}, expected {expected}", who.label()));
                if who == Who::Public {
                    checks.check(location(&headers).is_some_and(|l| l.starts_with("/sign-in")), format!("public {page}: to sign in"));
                }
            }
        }
        checks.finish();
    }

    async fn the_meeting_page_shows_the_resolutions_verbatim_and_each_action_status_in_words(app) {
        let viewer = app.sign_in(Who::Viewer).await;
        let (_, _, list) = get(&viewer, &app.url("/councils/stevenage/meetings")).await;
        assert!(list.contains("Executive, 15 September 2021"), "{}", text_of(&list));
        let (_, _, page) = get(&viewer, &app.url("/councils/stevenage/meetings/1")).await;
        let text = text_of(&page);
        assert!(text.contains("That the issues with sheltered voids and void loss be noted and plans to improve performance bee endorsed"), "{text}");
        let rows = table_after(&page, "Actions asked for at this meeting");
        let csc = rows.iter().find(|r| r[0].contains("Customer Service Centre")).unwrap_or_else(|| panic!("{rows:?}"));
        assert_eq!(csc.last().unwrap(), "Overdue", "due 30 September 2021: {csc:?}");
        assert!(!page.contains("name=\"note\""), "a meeting page has no form");
    }

    async fn the_person_asked_adds_an_update_and_changes_the_status(app) {
        let path = ask_owner(&app).await;
        let owner = app.sign_in(Who::Owner).await;
        let (_, _, mine) = get(&owner, &app.url("/councils/stevenage/actions/mine")).await;
        assert!(text_of(&mine).contains("Report back on rent arrears"), "{}", text_of(&mine));
        let (status, _, page) = get(&owner, &app.url(&path)).await;
        assert_eq!(status, StatusCode::OK);
        let token = csrf_token(&page);
        // An empty note is refused, named in the GOV.UK error summary, and nothing is stored.
        let (status, _, page) = post(&owner, &app.url(&path), &[("csrf_token", &token), ("note", " "), ("status", "done")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, words) = error_summary(&page).expect("an error summary");
        assert_eq!(links, vec!["#note".to_string()]);
        assert!(words.contains("Enter an update note"), "{words}");
        let (status, headers, _) = post(&owner, &app.url(&path), &[("csrf_token", &token), ("note", "Arrears report drafted"), ("status", "in-progress")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers).as_deref(), Some(path.as_str()));
        let (_, _, page) = get(&owner, &app.url(&path)).await;
        let text = text_of(&page);
        assert!(text.contains("Arrears report drafted") && text.contains("status set to In progress"), "{text}");
        let audit = app.store.audit_log(&outturn_store::AuditFilter { event_prefix: Some("action.".into()), limit: 5, ..Default::default() }).await.unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].actor, "owner");
    }

    async fn no_one_else_may_update_and_a_post_without_the_form_token_is_refused(app) {
        let path = ask_owner(&app).await;
        for who in [Who::Director, Who::Viewer, Who::Epping] {
            let client = app.sign_in(who).await;
            let (_, _, page) = get(&client, &app.url("/councils/stevenage/meetings")).await;
            let token = hidden(&page, "csrf_token").unwrap_or_default();
            let (status, _, _) = post(&client, &app.url(&path), &[("csrf_token", &token), ("note", "Not mine"), ("status", "done")]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} may not update", who.label());
            if who == Who::Director {
                let (_, _, page) = get(&client, &app.url(&path)).await;
                assert!(!page.contains("name=\"note\""), "no form for someone who may not update");
            }
        }
        let owner = app.sign_in(Who::Owner).await;
        let (status, _, _) = post(&owner, &app.url(&path), &[("csrf_token", "forged"), ("note", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a forged form token");
        let meetings = outturn_app::committees::meetings(app.store.as_ref(), &outturn_app::actor::Actor::command("test"), &outturn_core::Key::parse("stevenage").unwrap()).await.unwrap();
        assert!(meetings.iter().all(|m| m.actions.iter().all(|a| a.updates.is_empty())), "nothing stored");
        // A performance officer may update any action of the council, one asked of a post too.
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url("/councils/stevenage/actions/1")).await;
        let token = csrf_token(&page);
        let (status, _, _) = post(&officer, &app.url("/councils/stevenage/actions/1"), &[("csrf_token", &token), ("note", "Assessment scheduled"), ("status", "in-progress")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }

    async fn the_owner_round_to_do_list_includes_the_actions_asked_of_them(app) {
        ask_owner(&app).await;
        let officer = app.sign_in(Who::Officer).await;
        let (_, _, page) = get(&officer, &app.url("/councils/stevenage/rounds")).await;
        let csrf = csrf_token(&page);
        let form = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q2"), ("entry_deadline", "2020-10-16"), ("sign_off_deadline", "2020-10-23")];
        let (status, _, _) = post(&officer, &app.url("/councils/stevenage/rounds"), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let owner = app.sign_in(Who::Owner).await;
        let (status, _, mine) = get(&owner, &app.url("/councils/stevenage/rounds/2020%2F21-Q2/mine")).await;
        assert_eq!(status, StatusCode::OK);
        let rows = table_after(&mine, "Committee actions asked of you");
        assert!(rows.iter().any(|r| r[0].contains("Report back on rent arrears") && r.last().is_some_and(|s| s == "Not started")), "{rows:?}");
        // The director was asked nothing by name: no such table.
        let (_, _, theirs) = get(&app.sign_in(Who::Director).await, &app.url("/councils/stevenage/rounds/2020%2F21-Q2/mine")).await;
        assert!(!theirs.contains("Committee actions asked of you"));
    }

    async fn a_measure_with_a_plan_links_to_it_and_the_plan_shows_its_focus(app) {
        let viewer = app.sign_in(Who::Viewer).await;
        let (_, _, measure) = get(&viewer, &app.url("/councils/stevenage/measures/BV66a")).await;
        assert!(measure.contains("href=\"/councils/stevenage/improvement-plans/BV66a\""), "no link to the plan");
        let (_, _, plan) = get(&viewer, &app.url("/councils/stevenage/improvement-plans/BV66a?period=2020/21-Q2")).await;
        let text = text_of(&plan);
        assert!(text.contains("In focus: not yet Green for 2 consecutive periods"), "{text}");
        assert!(text.contains("Senior Leadership Team"), "{text}");
        let (status, _, _) = get(&viewer, &app.url("/councils/stevenage/improvement-plans/BV9")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
