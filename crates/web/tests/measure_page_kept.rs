//! A measure page's content (everything but the chrome and its forms) is
//! rendered once per council revision, page and the buttons the person sees,
//! and kept. Regression tests for what must not leak through what is kept:
//! one person's buttons, forms, name or CSRF token on another's page; and for
//! what must not go stale: a write shows on the next request.

#[macro_use]
mod support;

use outturn_app::accounts::{NewUser, add_user};
use outturn_app::actor::Actor;
use outturn_core::Role;
use reqwest::StatusCode;
use support::*;

const NI156: &str = "/councils/stevenage/measures/NI156";
const NI156_FORM: &str = "/councils/stevenage/measures/NI156/result?period=2020/21-Q2";
const NI156_POST: &str = "/councils/stevenage/measures/NI156/result?period=2020%2F21-Q2";

/// What only a performance officer sees on a measure page.
const OFFICER_ONLY: [&str; 4] =
    ["Revise a target", "Change the definition", "Judge the status", "/councils/stevenage/measures/NI156/judgement"];

/// The page's `<main>`: without the header (the person's name, the sign-out form).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("the main element ends");
    &html[start..end]
}

/// Every CSRF token in the page's forms.
fn tokens(html: &str) -> Vec<&str> {
    html.match_indices(r#"name="csrf_token" value=""#)
        .map(|(at, found)| {
            let rest = &html[at + found.len()..];
            &rest[..rest.find('"').expect("the value ends")]
        })
        .collect()
}

async fn measure_page(client: &reqwest::Client, app: &TestApp) -> String {
    let (status, _, html) = get(client, &app.url(NI156)).await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&html));
    html
}

web_tests! {
    async fn kept_measure_content_is_shared_by_the_same_buttons_only_and_a_write_shows_at_once(app) {
        // A second viewer: the same capabilities as the first.
        let second = NewUser {
            username: "viewer2".into(),
            display_name: "Second Viewer".into(),
            role: Role::Viewer,
            council: Some(key("stevenage")),
            nodes: vec![],
            password: PASSWORD.into(),
        };
        add_user(app.store.as_ref(), &Actor::command("test"), second).await.expect("add a second viewer");

        // The officer first, so what is kept first has every button and form.
        let officer = app.sign_in(Who::Officer).await;
        let officer_page = measure_page(&officer, &app).await;
        for words in OFFICER_ONLY.iter().chain(&["Enter or correct a result"]) {
            assert!(officer_page.contains(words), "the officer sees {words:?}");
        }
        let officer_token = csrf_token(&officer_page);
        let officer_tokens = tokens(&officer_page);
        assert!(officer_tokens.len() >= 2, "sign-out and the judgement form: {officer_tokens:?}");
        assert!(officer_tokens.iter().all(|t| *t == officer_token), "every form carries the officer's own token");

        // A viewer next: none of the officer's buttons, forms, token or name.
        let (viewer, _) = sign_in_at(&app.address, "viewer", PASSWORD).await;
        let viewer_page = measure_page(&viewer, &app).await;
        for words in OFFICER_ONLY.iter().chain(&["Enter or correct a result", "Record that no commentary is needed"]) {
            assert!(!viewer_page.contains(words), "a viewer does not see {words:?}");
        }
        assert!(!viewer_page.contains(&officer_token), "nor the officer's CSRF token");
        assert!(!viewer_page.contains("Test officer"), "nor the officer's name");
        let viewer_token = csrf_token(&viewer_page);
        assert_eq!(tokens(&viewer_page), [viewer_token.as_str()], "only the viewer's sign-out form");

        // The data owner of NI156's unit: may enter its results, not revise or judge.
        let owner = app.sign_in(Who::Owner).await;
        let owner_page = measure_page(&owner, &app).await;
        assert!(owner_page.contains("Enter or correct a result"), "the owner's button");
        for words in OFFICER_ONLY {
            assert!(!owner_page.contains(words), "the owner does not see {words:?}");
        }
        assert!(!owner_page.contains(&officer_token) && !owner_page.contains(&viewer_token), "no one else's token");
        // And the viewer does not get the owner's button, kept after theirs.
        let viewer_again = measure_page(&viewer, &app).await;
        assert!(!viewer_again.contains("Enter or correct a result"), "still no button for the viewer");
        assert_eq!(main_of(&viewer_again), main_of(&viewer_page), "the viewer's content is unchanged");

        // Two people with the same buttons: the same content, with neither's name or token in it.
        let (second, _) = sign_in_at(&app.address, "viewer2", PASSWORD).await;
        let second_page = measure_page(&second, &app).await;
        assert_eq!(main_of(&second_page), main_of(&viewer_page), "the same content for the same buttons");
        assert!(second_page.contains("Second Viewer") && !main_of(&second_page).contains("Second Viewer"));
        assert!(!main_of(&viewer_page).contains("Test viewer"), "no name in the content");
        let second_token = csrf_token(&second_page);
        assert_ne!(second_token, viewer_token);
        assert!(!second_page.contains(&viewer_token), "not the other viewer's token");

        // The officer's page again: their buttons, and their own token in every form.
        let officer_again = measure_page(&officer, &app).await;
        assert!(OFFICER_ONLY.iter().all(|w| officer_again.contains(w)), "the officer's buttons are still theirs");
        assert!(tokens(&officer_again).iter().all(|t| *t == officer_token));

        // A write: the owner corrects 2020/21-Q2 to 170 with commentary; the
        // very next request shows it to everyone, the kept content redrawn.
        let commentary = "Hotel placements rose again in September; moving clients on.";
        let (status, _, form) = get(&owner, &app.url(NI156_FORM)).await;
        assert_eq!(status, StatusCode::OK);
        let fields = [
            ("csrf_token", csrf_token(&form)),
            ("period", hidden(&form, "period").expect("period field")),
            ("seen", hidden(&form, "seen").expect("seen field")),
            ("value", "170".to_string()),
            ("commentary", commentary.to_string()),
        ];
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, body) = post(&owner, &app.url(NI156_POST), &pairs).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
        for (who, client) in [("viewer", &viewer), ("viewer2", &second), ("officer", &officer)] {
            let page = measure_page(client, &app).await;
            let series = table_after(&page, "The figures in the chart");
            let q2 = series.iter().find(|r| r[0].starts_with("2020/21-Q2")).expect("a Q2 row");
            assert_eq!(q2[1], "170", "{who} sees the correction: {q2:?}");
            assert!(text_of(&page).contains(commentary), "{who} sees its commentary");
        }
        let after = measure_page(&viewer, &app).await;
        assert!(!after.contains("Enter or correct a result"), "redrawn for the viewer without the button");
    }
}
