//! Every route with every role: the allowed/denied matrix, on the real
//! server, against SQLite and (when OUTTURN_TEST_DATABASE_URL is set)
//! PostgreSQL. POSTs carry the user's own valid csrf token and valid fields,
//! so what is measured is authorisation, not CSRF or validation.

#[macro_use]
mod support;

use std::fmt::Write as _;

use reqwest::{Client, StatusCode};
use support::*;

/// What a request does.
#[derive(Debug, Clone, Copy)]
enum Route {
    Get(&'static str),
    /// A result for a Stevenage measure for 2020/21-Q2.
    PostResult(&'static str),
    /// BV9's target for 2020/21-Q2.
    PostTarget,
    /// BV9's definition (as it is: nothing changes).
    PostEdit,
    /// BV9's 2020/21-Q2 status judged Green.
    PostJudgement,
    /// BV9's 2020/21 year-end forecast overridden.
    PostForecastOverride,
    PostSignOut,
}

impl Route {
    fn label(self) -> String {
        match self {
            Route::Get(path) => format!("GET {path}"),
            Route::PostResult(code) => format!("POST /councils/stevenage/measures/{code}/result"),
            Route::PostTarget => "POST /councils/stevenage/measures/BV9/target".into(),
            Route::PostEdit => "POST /councils/stevenage/measures/BV9/edit".into(),
            Route::PostJudgement => "POST /councils/stevenage/measures/BV9/judgement".into(),
            Route::PostForecastOverride => "POST /councils/stevenage/measures/BV9/forecast-override".into(),
            Route::PostSignOut => "POST /sign-out".into(),
        }
    }
}

/// What should happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200.
    Ok,
    /// 204.
    NoContent,
    /// 303 to /sign-in?next=...
    SignIn,
    /// 403.
    Denied,
    /// 303 to exactly this place (a save or signing out).
    Done(&'static str),
}

use Expect::{Denied as D, NoContent as N, Ok as O, SignIn as S};

const ENTRY: Expect = Expect::Done("/councils/stevenage/entry?period=2020%2F21-Q2");
const MEASURE: Expect = Expect::Done("/councils/stevenage/measures/BV9");
const HOME: Expect = Expect::Done("/");
const JUDGED: Expect = Expect::Done("/councils/stevenage/measures/BV9?year=2020%2F21");
const FORECAST: Expect = Expect::Done("/councils/stevenage/measures/BV9#forecast");

/// The matrix, columns in the order of `Who::ALL`:
/// public, viewer, owner, director, officer, admin, epping.
const MATRIX: &[(Route, [Expect; 7])] = &[
    (Route::Get("/"), [O, O, O, O, O, O, O]),
    (Route::Get("/healthz"), [O, O, O, O, O, O, O]),
    (Route::Get("/static/outturn.css"), [O, O, O, O, O, O, O]),
    (Route::Get("/favicon.ico"), [N, N, N, N, N, N, N]),
    (Route::Get("/sign-in"), [O, O, O, O, O, O, O]),
    (Route::Get("/councils/stevenage"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/framework"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/nodes/financial-security"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/missing"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/search?q=BV"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/download/csv?period=2020%2F21-Q2"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/measures/BV9"), [S, O, O, O, O, O, D]),
    (Route::Get("/councils/stevenage/measures/BV9/target"), [S, D, D, D, O, O, D]),
    (Route::Get("/councils/stevenage/measures/BV9/edit"), [S, D, D, D, O, O, D]),
    (Route::Get("/councils/stevenage/measures/BV9/forecast-override"), [S, D, D, D, O, O, D]),
    // The data-entry list is for people who record results (access::records_results).
    (Route::Get("/councils/stevenage/entry"), [S, D, O, O, O, O, D]),
    // NI156 is a Housing and Investment measure: the owner's and the director's.
    (Route::Get("/councils/stevenage/measures/NI156/result?period=2020/21-Q2"), [S, D, O, O, O, O, D]),
    // BV9 is Finance and Estates': not theirs.
    (Route::Get("/councils/stevenage/measures/BV9/result?period=2020/21-Q2"), [S, D, D, D, O, O, D]),
    // Published reports are for everyone (none yet: the list says so).
    (Route::Get("/councils/stevenage/reports"), [O, O, O, O, O, O, O]),
    (Route::Get("/audit"), [S, D, D, D, D, O, D]),
    (Route::Get("/councils/epping-forest"), [S, D, D, D, D, O, O]),
    (Route::PostResult("NI156"), [S, D, ENTRY, ENTRY, ENTRY, ENTRY, D]),
    (Route::PostResult("BV9"), [S, D, D, D, ENTRY, ENTRY, D]),
    (Route::PostTarget, [S, D, D, D, MEASURE, MEASURE, D]),
    (Route::PostEdit, [S, D, D, D, MEASURE, MEASURE, D]),
    // Judging a status is the performance officer's (access::Action::JudgeStatus).
    (Route::PostJudgement, [S, D, D, D, JUDGED, JUDGED, D]),
    // Overriding a year-end forecast is the performance officer's (access::Action::OverrideForecast).
    (Route::PostForecastOverride, [S, D, D, D, FORECAST, FORECAST, D]),
    // Last: it ends the session.
    (Route::PostSignOut, [HOME, HOME, HOME, HOME, HOME, HOME, HOME]),
];

/// What came back: the status and, for a redirect, where to.
#[derive(Debug, Clone)]
struct Seen {
    status: StatusCode,
    location: Option<String>,
}

impl Seen {
    fn matches(&self, expect: Expect) -> bool {
        match expect {
            Expect::Ok => self.status == StatusCode::OK,
            Expect::NoContent => self.status == StatusCode::NO_CONTENT,
            Expect::Denied => self.status == StatusCode::FORBIDDEN,
            Expect::SignIn => {
                self.status == StatusCode::SEE_OTHER
                    && self.location.as_deref().is_some_and(|l| l.starts_with("/sign-in?next=%2F"))
            }
            Expect::Done(to) => self.status == StatusCode::SEE_OTHER && self.location.as_deref() == Some(to),
        }
    }

    fn describe(&self) -> String {
        match (&self.status, &self.location) {
            (&StatusCode::SEE_OTHER, Some(l)) if l.starts_with("/sign-in?next=") => "303 sign-in".into(),
            (s, Some(l)) => {
                let short = l.strip_prefix("/councils/stevenage").unwrap_or(l);
                format!("{} {}", s.as_u16(), short.split('?').next().unwrap_or(short))
            }
            (s, None) => s.as_u16().to_string(),
        }
    }
}

fn describe_expect(e: Expect) -> String {
    match e {
        Expect::Ok => "200".into(),
        Expect::NoContent => "204".into(),
        Expect::SignIn => "303 sign-in".into(),
        Expect::Denied => "403".into(),
        Expect::Done(to) => {
            let short = to.strip_prefix("/councils/stevenage").unwrap_or(to);
            format!("303 {}", short.split('?').next().unwrap_or(short))
        }
    }
}

/// Makes one request as the browser, with the session's csrf token for POSTs.
async fn request(app: &TestApp, client: &Client, csrf: &str, route: Route) -> Seen {
    let response = match route {
        Route::Get(path) => client.get(app.url(path)).send().await,
        Route::PostResult(code) => {
            let seen = app.recorded(code, "2020/21-Q2").await.to_string();
            // Green for both measures (NI156: 100 against 120, lower is better;
            // BV9: 70% against 61%), with commentary anyway.
            let value = if code == "NI156" { "100" } else { "70" };
            client
                .post(app.url(&format!("/councils/stevenage/measures/{code}/result?period=2020%2F21-Q2")))
                .form(&[
                    ("csrf_token", csrf),
                    ("period", "2020/21-Q2"),
                    ("seen", &seen),
                    ("value", value),
                    ("commentary", "Entered by the authorisation matrix"),
                ])
                .send()
                .await
        }
        Route::PostTarget => {
            client
                .post(app.url("/councils/stevenage/measures/BV9/target"))
                .form(&[
                    ("csrf_token", csrf),
                    ("period", "2020/21-Q2"),
                    ("value", "61"),
                    ("effective", "2020-04-01"),
                    ("reason", "Confirmed by the authorisation matrix"),
                ])
                .send()
                .await
        }
        Route::PostEdit => {
            client
                .post(app.url("/councils/stevenage/measures/BV9/edit"))
                .form(&[
                    ("csrf_token", csrf),
                    ("title", "% Council Tax collected"),
                    ("definition", "Council tax collected in the year to date as a percentage of the amount due for the year; profiled targets by period."),
                    ("officer", ""),
                    ("rule", "points"),
                    ("amber", "2"),
                    ("retired_from", ""),
                    ("retired_reason", ""),
                ])
                .send()
                .await
        }
        Route::PostJudgement => {
            client
                .post(app.url("/councils/stevenage/measures/BV9/judgement"))
                .form(&[
                    ("csrf_token", csrf),
                    ("period", "2020/21-Q2"),
                    ("judged_status", "green"),
                    ("justification", "Judged by the authorisation matrix"),
                ])
                .send()
                .await
        }
        Route::PostForecastOverride => {
            client
                .post(app.url("/councils/stevenage/measures/BV9/forecast-override"))
                .form(&[
                    ("csrf_token", csrf),
                    ("year", "2020/21"),
                    ("value", "96.5"),
                    ("reason", "Given by the authorisation matrix"),
                ])
                .send()
                .await
        }
        Route::PostSignOut => client.post(app.url("/sign-out")).form(&[("csrf_token", csrf)]).send().await,
    };
    let response = response.unwrap_or_else(|e| panic!("{}: {e}", route.label()));
    Seen { status: response.status(), location: location(response.headers()) }
}

fn matrix_text(observed: &[Vec<Seen>]) -> String {
    let width = MATRIX.iter().map(|(r, _)| r.label().len()).max().unwrap_or(0);
    let mut text = format!("{:width$}", "route \\ role");
    for who in Who::ALL {
        write!(text, " | {:<12}", who.label()).unwrap();
    }
    text.push('\n');
    for ((route, expected), row) in MATRIX.iter().zip(observed) {
        write!(text, "{:width$}", route.label()).unwrap();
        for (seen, expect) in row.iter().zip(expected) {
            let cell = if seen.matches(*expect) {
                seen.describe()
            } else {
                format!("{} (want {})", seen.describe(), describe_expect(*expect))
            };
            write!(text, " | {cell:<12}").unwrap();
        }
        text.push('\n');
    }
    text
}

web_tests! {
    async fn every_route_with_every_role(app) {
        // observed[route][role]
        let mut observed: Vec<Vec<Seen>> = vec![Vec::new(); MATRIX.len()];
        for who in Who::ALL {
            let client = app.sign_in(who).await;
            let csrf = match who {
                Who::Public => "no-session".to_string(),
                _ => app.session_csrf(&client).await,
            };
            for (i, (route, _)) in MATRIX.iter().enumerate() {
                observed[i].push(request(&app, &client, &csrf, *route).await);
            }
        }
        let table = matrix_text(&observed);
        eprintln!("authorisation matrix ({}):\n{table}", app.store.backend());
        let wrong: Vec<String> = MATRIX
            .iter()
            .zip(&observed)
            .flat_map(|((route, expected), row)| {
                Who::ALL.iter().zip(expected.iter().zip(row)).filter(|(_, (e, s))| !s.matches(**e)).map(
                    move |(who, (e, s))| {
                        format!("{} as {}: got {}, want {}", route.label(), who.label(), s.describe(), describe_expect(*e))
                    },
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{} cells differ:\n{}\n\nthe whole matrix:\n{table}", wrong.len(), wrong.join("\n"));
    }

    // What the matrix cannot show: that refusing comes before anything else,
    // so someone without the right is never shown the form, even by posting
    // a form with mistakes in it.
    async fn refusal_comes_before_validation(app) {
        let targets_before = app.targets("BV9").await.len();
        let results_before = app.recorded("BV9", "2020/21-Q2").await;
        for who in [Who::Viewer, Who::Owner, Who::Epping] {
            let client = app.sign_in(who).await;
            let csrf = app.session_csrf(&client).await;
            // A target with no value: invalid, but the person may not revise targets at all.
            let (status, _, body) = post(
                &client,
                &app.url("/councils/stevenage/measures/BV9/target"),
                &[("csrf_token", &csrf), ("period", "2020/21-Q2"), ("value", ""), ("effective", "2020-04-01"), ("reason", "")],
            )
            .await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{} posting an invalid target for BV9 should be refused, not shown the target form:\n{}",
                who.label(),
                text_of(&body)
            );
            assert!(!body.contains("Revise a target"), "{} was shown the target form", who.label());
            // A result that is not a number, for a measure that is not theirs.
            let (status, _, body) = post(
                &client,
                &app.url("/councils/stevenage/measures/BV9/result?period=2020%2F21-Q2"),
                &[("csrf_token", &csrf), ("period", "2020/21-Q2"), ("seen", "1"), ("value", "abc")],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} posting an invalid BV9 result: {}", who.label(), text_of(&body));
            // A definition with no status rule.
            let (status, _, body) = post(
                &client,
                &app.url("/councils/stevenage/measures/BV9/edit"),
                &[("csrf_token", &csrf), ("title", ""), ("rule", "sometimes"), ("amber", "x")],
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} posting an invalid BV9 definition: {}", who.label(), text_of(&body));
            assert!(!body.contains("Change the definition"), "{} was shown the definition form", who.label());
        }
        assert_eq!(app.targets("BV9").await.len(), targets_before);
        assert_eq!(app.recorded("BV9", "2020/21-Q2").await, results_before);
    }
}
