//! Data entry as a grid, in the next quarter (2020/21-Q3): a data owner's
//! measures on one page with the target, the period before and the figure
//! the status rests on; saved together, all or nothing, each problem named
//! by measure and linked to its field; rows that say what is recorded change
//! nothing; a row someone saved since the grid was opened refuses the save.
//! Works without JavaScript (plain form posts). On SQLite and PostgreSQL.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;

const GRID: &str = "/councils/stevenage/entry?period=2020%2F21-Q3";

/// The grid's form as the page holds it, with some fields changed.
fn grid_form(page: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), csrf_token(page))];
    for chunk in page.split("name=\"").skip(1) {
        let name = chunk.split('"').next().unwrap().to_string();
        if !name.contains(':') {
            continue;
        }
        let value = if chunk.split('>').next().unwrap().contains("value=\"") {
            unescape(chunk.split("value=\"").nth(1).unwrap().split('"').next().unwrap())
        } else {
            // A textarea: its text up to the closing tag.
            unescape(chunk.split_once('>').unwrap().1.split("</textarea>").next().unwrap())
        };
        fields.push((name, value));
    }
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value.to_string(),
            None => panic!("no field {name} on the grid"),
        }
    }
    fields
}

async fn send(client: &reqwest::Client, app: &TestApp, fields: &[(String, String)]) -> (StatusCode, String, String) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, headers, body) = post(client, &app.url(GRID), &pairs).await;
    (status, location(&headers).unwrap_or_default(), body)
}

web_tests! {
    async fn an_owner_enters_the_quarter_as_a_grid(app) {
        open_q3(&app).await;
        let owner = app.sign_in(Who::Owner).await;
        let (status, _, page) = get(&owner, &app.url(GRID)).await;
        assert_eq!(status, StatusCode::OK, "{}", text_of(&page));
        let rows = table_after(&page, "Measures due in 2020/21-Q3");
        assert_eq!(rows[0][..4], ["Measure", "Target", "Period before", "Same period last year"]);
        let void_loss = rows.iter().find(|r| r[0].starts_with("VoidLoss1")).expect("VoidLoss1 on the grid");
        assert_eq!(void_loss[2], "£224,901 (year to date)", "Q2 was recorded to date, and says so: {void_loss:?}");
        assert!(rows.iter().all(|r| r[0].contains("Housing") || !r[0].starts_with("BV9")), "only the owner's measures");

        // A figure that is not a number: nothing saved, the problem linked to its field, what was typed kept.
        let bad = grid_form(&page, &[("value:NI156", "150"), ("value:BV213", "thirty")]);
        let (status, _, body) = send(&owner, &app, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", text_of(&body));
        let (links, summary) = error_summary(&body).expect("an error summary");
        assert_eq!(links, ["#value-BV213"], "{summary}");
        assert!(summary.contains("nothing was saved") && summary.contains("BV213"), "{summary}");
        assert!(body.contains("value=\"thirty\"") && body.contains("value=\"150\""), "what was typed is kept");
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, 0, "all or nothing");

        // Both numbers: saved together.
        let good = grid_form(&page, &[("value:NI156", "150"), ("value:BV213", "30")]);
        let (status, to, _) = send(&owner, &app, &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(to.ends_with("saved=2"), "{to}");
        let (_, _, saved) = get(&owner, &app.url(&to)).await;
        assert!(text_of(&saved).contains("2 results recorded"), "{}", text_of(&saved));
        assert_eq!((app.recorded("NI156", "2020/21-Q3").await, app.recorded("BV213", "2020/21-Q3").await), (1, 1));
        let rows = table_after(&saved, "Measures due in 2020/21-Q3");
        let bv213 = rows.iter().find(|r| r[0].starts_with("BV213")).unwrap();
        assert_eq!(bv213[5], "181 (year to date)", "the status rests on the year to date: {bv213:?}");

        // Sent again unchanged: nothing recorded.
        let (status, to, _) = send(&owner, &app, &grid_form(&saved, &[])).await;
        assert_eq!((status, to.ends_with("saved=0")), (StatusCode::SEE_OTHER, true), "{to}");
        assert_eq!(app.recorded("NI156", "2020/21-Q3").await, 1);

        // A target that makes NI156 Red: a new figure without commentary is refused on the commentary field.
        let officer = app.sign_in(Who::Officer).await;
        let csrf = app.session_csrf(&officer).await;
        let target = [("csrf_token", csrf.as_str()), ("period", "2020/21-Q3"), ("value", "100"), ("effective", "2020-10-01"), ("reason", "Q3 target")];
        assert_eq!(post(&officer, &app.url("/councils/stevenage/measures/NI156/target"), &target).await.0, StatusCode::SEE_OTHER);
        let (_, _, page) = get(&owner, &app.url(GRID)).await;
        let rows = table_after(&page, "Measures due in 2020/21-Q3");
        let ni156 = rows.iter().find(|r| r[0].starts_with("NI156")).unwrap();
        assert!(ni156[6].contains("Red") && ni156[6].contains("Commentary needed"), "the target made it Red: {ni156:?}");
        let red = grid_form(&page, &[("value:NI156", "160")]);
        let (status, _, body) = send(&owner, &app, &red).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (links, summary) = error_summary(&body).unwrap();
        assert_eq!(links, ["#commentary-NI156"], "{summary}");
        assert!(summary.contains("This result is Red"), "{summary}");
        let with_why = grid_form(&page, &[("value:NI156", "160"), ("commentary:NI156", "Everyone In placements; move-on plans agreed")]);
        let (status, to, _) = send(&owner, &app, &with_why).await;
        assert_eq!((status, to.ends_with("saved=1")), (StatusCode::SEE_OTHER, true), "{to}");

        // A grid opened before someone else saved a row: refused whole.
        let (_, _, stale_page) = get(&owner, &app.url(GRID)).await;
        let (_, _, fresh) = get(&owner, &app.url(GRID)).await;
        let (status, _, _) = send(&owner, &app, &grid_form(&fresh, &[("value:ECHFL5", "80")])).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let stale = grid_form(&stale_page, &[("value:ECHFL5", "81"), ("value:BV213", "31")]);
        let (status, _, body) = send(&owner, &app, &stale).await;
        assert_eq!(status, StatusCode::CONFLICT, "{}", text_of(&body));
        assert!(text_of(&body).contains("Someone else saved ECHFL5 2020/21-Q3"), "{}", text_of(&body));
        assert_eq!(app.recorded("BV213", "2020/21-Q3").await, 1, "nothing of the stale grid was saved");

        // Signed out, the grid sends to sign-in; another council's grid is refused.
        let (status, _, _) = get(&client(), &app.url(GRID)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = get(&owner, &app.url("/councils/epping-forest/entry")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
