//! The web tests' harness (zero2prod's `spawn_app`): the real server on a
//! random port over a fresh store with the demo councils and one account per
//! role, and clients that sign in as a browser would.
//!
//! Every test runs on SQLite (a temporary file) and, when
//! OUTTURN_TEST_DATABASE_URL is set, on PostgreSQL too (a schema of its own,
//! dropped at the end); a server that is named but cannot be reached fails
//! the test. See [`web_tests!`].

#![allow(dead_code, unused_macros)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use outturn_app::accounts::{NewUser, add_user};
use outturn_core::{Key, Period, Role};
use outturn_store::{PostgresStore, SqliteStore, Store};
use outturn_web::AppState;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode};
use tokio::task::JoinHandle;

/// The variable that points the tests at a PostgreSQL server.
pub const DATABASE_URL_VAR: &str = "OUTTURN_TEST_DATABASE_URL";

/// Every test account's password.
pub const PASSWORD: &str = "a long test password 1";

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "outturn_session";

/// Who is asking: nobody signed in, or one of the accounts every app has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Public,
    Viewer,
    Owner,
    Director,
    Officer,
    Admin,
    Epping,
}

impl Who {
    pub const ALL: [Who; 7] =
        [Who::Public, Who::Viewer, Who::Owner, Who::Director, Who::Officer, Who::Admin, Who::Epping];

    /// The account's username (None for the public).
    pub fn username(self) -> Option<&'static str> {
        match self {
            Who::Public => None,
            Who::Viewer => Some("viewer"),
            Who::Owner => Some("owner"),
            Who::Director => Some("director"),
            Who::Officer => Some("officer"),
            Who::Admin => Some("admin"),
            Who::Epping => Some("epping"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Who::Public => "public",
            other => other.username().unwrap(),
        }
    }
}

/// The accounts every app has: username, role, council, nodes.
const ACCOUNTS: &[(&str, Role, Option<&str>, &[&str])] = &[
    ("admin", Role::Administrator, None, &[]),
    ("officer", Role::PerformanceOfficer, Some("stevenage"), &[]),
    ("director", Role::Director, Some("stevenage"), &["housing-and-investment"]),
    ("owner", Role::DataOwner, Some("stevenage"), &["housing-and-investment"]),
    ("viewer", Role::Viewer, Some("stevenage"), &[]),
    ("epping", Role::PerformanceOfficer, Some("epping-forest"), &[]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and the store behind it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub store: Arc<dyn Store>,
    sqlite: Option<SqliteStore>,
    postgres: Option<Arc<PostgresStore>>,
    _dir: Option<tempfile::TempDir>,
    servers: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

/// Starts the app on `backend` with the demo and the accounts loaded; None
/// when the backend is PostgreSQL and OUTTURN_TEST_DATABASE_URL is not set.
pub async fn spawn_app(backend: Backend, test: &str) -> Option<TestApp> {
    let (store, sqlite, postgres, dir): (Arc<dyn Store>, _, _, _) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let url = format!("sqlite://{}", dir.path().join("t.db").display());
            let store = SqliteStore::open(&url).await.expect("open a SQLite file");
            (Arc::new(store.clone()), Some(store), None, Some(dir))
        }
        Backend::Postgres => {
            let url = std::env::var(DATABASE_URL_VAR).ok().filter(|u| !u.trim().is_empty())?;
            static COUNTER: AtomicU32 = AtomicU32::new(0);
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
            let schema = format!(
                "outturn_web_{}_{}_{}_{:x}",
                &test[..test.len().min(24)],
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                nanos % 0x1_0000_0000
            );
            let store = PostgresStore::open_in_schema(&url, &schema)
                .await
                .unwrap_or_else(|e| panic!("{DATABASE_URL_VAR} is set but PostgreSQL cannot be used: {e}"));
            let store = Arc::new(store);
            (store.clone() as Arc<dyn Store>, None, Some(store), None)
        }
    };
    let app = TestApp {
        address: String::new(),
        store,
        sqlite,
        postgres,
        _dir: dir,
        servers: std::sync::Mutex::new(Vec::new()),
    };
    // A failure from here on must still drop the PostgreSQL schema: prepare in
    // a task (a local one: loading the demo is not Send).
    let local = tokio::task::LocalSet::new();
    let prepared = local.spawn_local(prepare(app.store.clone()));
    if let Err(e) = local.run_until(prepared).await {
        app.finish().await;
        std::panic::resume_unwind(e.into_panic());
    }
    let address = app.serve(false).await;
    Some(TestApp { address, ..app })
}

/// Migrates, loads the demo councils and adds the accounts (argon2 is slow:
/// once per app).
async fn prepare(store: Arc<dyn Store>) {
    store.migrate().await.expect("migrate");
    outturn_app::demo::load_demo(store.as_ref()).await.expect("load the demo");
    for (username, role, council, nodes) in ACCOUNTS {
        let new = NewUser {
            username: username.to_string(),
            display_name: format!("Test {username}"),
            role: *role,
            council: council.map(key),
            nodes: nodes.iter().map(|n| key(n)).collect(),
            password: PASSWORD.into(),
        };
        add_user(store.as_ref(), &outturn_app::actor::Actor::command("test"), new)
            .await
            .unwrap_or_else(|e| panic!("add {username}: {e}"));
    }
}

impl TestApp {
    /// Serves the app (again) on a new random port; returns its address.
    pub async fn serve(&self, secure_cookies: bool) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a random port");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let router = outturn_web::router(AppState::new(self.store.clone(), secure_cookies));
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        self.servers.lock().unwrap().push(server);
        address
    }

    /// Stops the servers and drops the PostgreSQL schema.
    pub async fn finish(&self) {
        let servers: Vec<_> = self.servers.lock().unwrap().drain(..).collect();
        for server in servers {
            server.abort();
            let _ = server.await;
        }
        if let Some(pg) = &self.postgres {
            pg.drop_schema().await.expect("drop the test schema");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A browser: keeps cookies, does not follow redirects (so tests see the 303s).
    pub fn client(&self) -> Client {
        client()
    }

    /// A browser signed in as `who` (a browser with no session for the public).
    pub async fn sign_in(&self, who: Who) -> Client {
        match who.username() {
            Some(username) => sign_in_at(&self.address, username, PASSWORD).await.0,
            None => self.client(),
        }
    }

    /// Signs in with the form, asserting the redirect; the browser and its session token.
    pub async fn sign_in_as(&self, username: &str, password: &str) -> (Client, String) {
        sign_in_at(&self.address, username, password).await
    }

    /// Opens the sign-in form (`?next=` when given) and posts it as a browser would.
    pub async fn post_sign_in(
        &self,
        client: &Client,
        username: &str,
        password: &str,
        next: Option<&str>,
    ) -> reqwest::Response {
        post_sign_in_at(&self.address, client, username, password, next).await
    }

    /// Runs a statement on the database behind the store's back (to break it on purpose).
    pub async fn execute(&self, sql: &'static str) {
        let done = if let Some(s) = &self.sqlite {
            sqlx::query(sql).execute(s.pool()).await.map(|_| ())
        } else if let Some(p) = &self.postgres {
            sqlx::query(sql).execute(p.pool()).await.map(|_| ())
        } else {
            unreachable!("every app has a database")
        };
        done.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Holds the database as a long import does, until the hold is dropped:
    /// on SQLite the write lock, on PostgreSQL the council's row (every write
    /// to a council moves its revision). Reads go on; writes wait.
    pub async fn hold_writes(&self) -> WriteHold {
        if let Some(s) = &self.sqlite {
            let mut conn = s.pool().acquire().await.expect("a connection");
            sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await.expect("the write lock");
            WriteHold::Sqlite(conn)
        } else if let Some(p) = &self.postgres {
            let mut tx = p.pool().begin().await.expect("a transaction");
            sqlx::query("SELECT revision FROM councils WHERE slug = 'stevenage' FOR UPDATE")
                .execute(&mut *tx)
                .await
                .expect("the council's row");
            WriteHold::Postgres(tx)
        } else {
            unreachable!("every app has a database")
        }
    }

    /// The csrf token of the browser's session, from a page with the sign-out form.
    pub async fn session_csrf(&self, client: &Client) -> String {
        let (status, _, page) = get(client, &self.url("/")).await;
        assert_eq!(status, StatusCode::OK, "GET /");
        csrf_token(&page)
    }

    /// How many results are recorded for a Stevenage measure and period.
    pub async fn recorded(&self, code: &str, period: &str) -> usize {
        self.results(code, period).await.len()
    }

    /// Every result recorded for a Stevenage measure and period, oldest first.
    pub async fn results(&self, code: &str, period: &str) -> Vec<outturn_core::ResultEntry> {
        let period = Period::parse(period).unwrap();
        let history = self.store.history(&key("stevenage")).await.expect("history");
        history
            .measures
            .iter()
            .find(|(c, _)| c.as_str() == code)
            .map(|(_, h)| h.results.iter().filter(|r| r.period == period).cloned().collect())
            .unwrap_or_default()
    }

    /// Every target revision of a Stevenage measure.
    pub async fn targets(&self, code: &str) -> Vec<outturn_core::TargetRevision> {
        let history = self.store.history(&key("stevenage")).await.expect("history");
        history.measures.iter().find(|(c, _)| c.as_str() == code).map(|(_, h)| h.targets.clone()).unwrap_or_default()
    }
}

/// Signs in on the server at `address`, asserting the redirect to `/`; the
/// browser and its session token.
pub async fn sign_in_at(address: &str, username: &str, password: &str) -> (Client, String) {
    let client = client();
    let response = post_sign_in_at(address, &client, username, password, None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "signing in as {username}");
    assert_eq!(location(response.headers()).as_deref(), Some("/"), "signing in as {username}");
    let token = set_cookie(response.headers(), SESSION_COOKIE)
        .and_then(|c| cookie_value(&c))
        .unwrap_or_else(|| panic!("no session cookie for {username}"));
    (client, token)
}

/// Opens the sign-in form at `address` (with `?next=` when given) and posts it.
pub async fn post_sign_in_at(
    address: &str,
    client: &Client,
    username: &str,
    password: &str,
    next: Option<&str>,
) -> reqwest::Response {
    let path = match next {
        Some(n) => format!("/sign-in?next={}", encode(n)),
        None => "/sign-in".into(),
    };
    let (status, _, page) = get(client, &format!("{address}{path}")).await;
    assert_eq!(status, StatusCode::OK, "GET {path}");
    let token = csrf_token(&page);
    let next_field = hidden(&page, "next").unwrap_or_default();
    client
        .post(format!("{address}/sign-in"))
        .form(&[("username", username), ("password", password), ("csrf_token", &token), ("next", &next_field)])
        .send()
        .await
        .expect("POST /sign-in")
}

/// Checks that all run, failing together at the end with every problem listed.
#[derive(Default)]
pub struct Checks(Vec<String>);

impl Checks {
    pub fn check(&mut self, ok: bool, what: impl Into<String>) {
        if !ok {
            self.0.push(what.into());
        }
    }
    pub fn finish(self) {
        assert!(self.0.is_empty(), "{} checks failed:\n- {}", self.0.len(), self.0.join("\n- "));
    }
}

/// Runs a test body against a fresh app on `backend`, then stops the app and
/// drops its PostgreSQL schema even when the body panics.
pub async fn run<F, Fut>(backend: Backend, test: &str, body: F)
where
    F: FnOnce(Arc<TestApp>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(app) = spawn_app(backend, test).await else {
        eprintln!("{DATABASE_URL_VAR} is not set: not run on PostgreSQL");
        return;
    };
    let app = Arc::new(app);
    let outcome = tokio::spawn(body(app.clone())).await;
    app.finish().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Expands each test into `sqlite::NAME` and `postgres::NAME`; the body sees
/// `$app: Arc<TestApp>`.
macro_rules! web_tests {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    support::run(support::Backend::Sqlite, stringify!($name), |$app| async move $body).await;
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    support::run(support::Backend::Postgres, stringify!($name), |$app| async move $body).await;
                }
            )*
        }
    };
}

pub fn key(text: &str) -> Key {
    Key::parse(text).unwrap()
}

pub fn client() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("a reqwest client")
}

/// GET: status, headers and body.
pub async fn get(client: &Client, url: &str) -> (StatusCode, HeaderMap, String) {
    let response = client.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

/// POST a form: status, headers and body.
pub async fn post(client: &Client, url: &str, form: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
    let response = client.post(url).form(form).send().await.unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("body"))
}

pub fn location(headers: &HeaderMap) -> Option<String> {
    headers.get(LOCATION).and_then(|l| l.to_str().ok()).map(str::to_string)
}

/// The whole `Set-Cookie` line for a cookie.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value in a `Set-Cookie` line, None when it is emptied.
pub fn cookie_value(line: &str) -> Option<String> {
    let pair = line.split(';').next()?;
    let (_, value) = pair.split_once('=')?;
    (!value.is_empty()).then(|| value.to_string())
}

/// The value of a hidden (or any) input, by name, unescaped.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\"");
    let at = html.find(&needle)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let v = tag.find("value=\"")? + "value=\"".len();
    let len = tag[v..].find('"')?;
    Some(unescape(&tag[v..v + len]))
}

/// The csrf token of the first form on a page.
pub fn csrf_token(html: &str) -> String {
    hidden(html, "csrf_token").filter(|t| !t.is_empty()).unwrap_or_else(|| panic!("no csrf_token on the page:\n{html}"))
}

/// HTML text with the escapes askama writes undone.
pub fn unescape(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The rows of a table (header and body), each a list of its cells' text
/// (`th` and `td` alike, tags removed).
pub fn table_rows(table: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for row in table.split("<tr").skip(1) {
        let row = row.split("</tr>").next().unwrap_or_default();
        let mut cells = Vec::new();
        let mut rest = row;
        while let Some(start) = rest.find("<t") {
            let after = &rest[start + 2..];
            if !(after.starts_with('d') || after.starts_with('h')) {
                rest = after;
                continue;
            }
            let Some(open_end) = after.find('>') else { break };
            let body = &after[open_end + 1..];
            let close = body.find("</td>").into_iter().chain(body.find("</th>")).min().unwrap_or(body.len());
            cells.push(text_of(&body[..close]));
            rest = &body[close..];
        }
        rows.push(cells);
    }
    rows
}

/// The table whose caption holds some text, or else the first table after
/// the text (a heading): its rows.
pub fn table_after(html: &str, marker: &str) -> Vec<Vec<String>> {
    let Some(at) = html.find(marker) else { panic!("no \"{marker}\" on the page:\n{}", text_of(html)) };
    let start = match html[..at].rfind("<table") {
        Some(open) if !html[open..at].contains("</table>") => open,
        _ => match html[at..].find("<table") {
            Some(next) => at + next,
            None => return Vec::new(),
        },
    };
    let end = html[start..].find("</table>").map_or(html.len(), |e| start + e);
    table_rows(&html[start..end])
}

/// The hrefs of the GOV.UK error summary's links (`#value`...) and its text.
pub fn error_summary(html: &str) -> Option<(Vec<String>, String)> {
    let at = html.find("govuk-error-summary")?;
    let rest = &html[at..];
    let end = rest.find("</ul>").unwrap_or(rest.len());
    let summary = &rest[..end];
    let links = summary.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect();
    Some((links, text_of(summary.split_once('>').map_or(summary, |(_, r)| r))))
}

/// The text of some HTML: tags removed, escapes undone, spaces collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A long import's hold on the database (see [`TestApp::hold_writes`]):
/// released, with nothing written, when dropped.
pub enum WriteHold {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl WriteHold {
    pub async fn release(self) {
        match self {
            WriteHold::Sqlite(mut conn) => {
                sqlx::query("ROLLBACK").execute(&mut *conn).await.expect("release the write lock");
            }
            WriteHold::Postgres(tx) => tx.rollback().await.expect("release the row"),
        }
    }
}

/// Opens the collection round for 2020/21-Q3 (after the demo's Q2) as the
/// performance officer: results by 15 January 2021, sign-off by 22 January.
pub async fn open_q3(app: &TestApp) {
    let officer = app.sign_in(Who::Officer).await;
    let csrf = app.session_csrf(&officer).await;
    let form = [
        ("csrf_token", csrf.as_str()),
        ("period", "2020/21-Q3"),
        ("entry_deadline", "2021-01-15"),
        ("sign_off_deadline", "2021-01-22"),
    ];
    let (status, _, body) = post(&officer, &app.url("/councils/stevenage/rounds"), &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{}", text_of(&body));
}

/// The data owner records NI156's 2020/21-Q3 result through the web form
/// (as the form stands: its period and `seen` fields): the status and body.
pub async fn enter_ni156_q3(app: &TestApp, value: &str, commentary: &str) -> (StatusCode, String) {
    let url = app.url("/councils/stevenage/measures/NI156/result?period=2020%2F21-Q3");
    let owner = app.sign_in(Who::Owner).await;
    let (status, _, form) = get(&owner, &url).await;
    assert_eq!(status, StatusCode::OK, "{}", text_of(&form));
    let fields = [
        ("csrf_token", csrf_token(&form)),
        ("period", hidden(&form, "period").expect("period field")),
        ("seen", hidden(&form, "seen").expect("seen field")),
        ("value", value.to_string()),
        ("commentary", commentary.to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, body) = post(&owner, &url, &pairs).await;
    (status, body)
}

/// A result POSTed to the API with a bearer token and the If-Match of the
/// measure's results as they stand: the status and the JSON answer.
pub async fn post_result_by_api(
    app: &TestApp,
    secret: &str,
    code: &str,
    body: &serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    let url = app.url(&format!("/api/v1/councils/stevenage/measures/{code}/results"));
    let client = Client::new();
    let listed =
        client.get(&url).header(reqwest::header::AUTHORIZATION, format!("Bearer {secret}")).send().await.unwrap();
    let tag = listed.headers().get(reqwest::header::ETAG).expect("an ETag").to_str().unwrap().to_string();
    let response = client
        .post(&url)
        .header(reqwest::header::AUTHORIZATION, format!("Bearer {secret}"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::IF_MATCH, tag)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, serde_json::from_str(&response.text().await.unwrap()).expect("JSON"))
}
