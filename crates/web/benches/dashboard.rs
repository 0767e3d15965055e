//! How fast are the dashboard and a measure page under load, against the
//! same server's `/healthz`, with 10,000 measures x 10 years of monthly
//! results loaded (1,200,000 results)?
//!
//! Builds the estate in a temporary SQLite file, starts the real server
//! in-process on a free port, signs in, and runs `wrk` (Debian package
//! `wrk`) against three URLs in one run, printing requests per second, the
//! ratios and the server's memory.
//!
//! Run: `cargo bench -p outturn-web --bench dashboard` (needs `wrk` on PATH).
//!
//! This is the quick, in-process view (a viewer, the estate written with one
//! change set, a 2020/21 quarter). The goals are judged by `scripts/bench-web`,
//! the shared bench's scenario: data loaded through `outturn framework apply`
//! and `outturn import`, a performance officer, the landing page and a
//! 2025/26 quarter.

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use jiff::Timestamp;
use outturn_app::accounts::{NewUser, add_user, sign_in};
use outturn_core::{
    Decimal, Figure, FinancialYear, Frequency, Key, Measure, MeasureCode, Node, NodeKind, Period, Polarity,
    ResultEntry, ResultValue, Role, StatusRule, TargetRevision, Tolerance, ToleranceKind, Unit, YtdRule,
};
use outturn_store::{ChangeSet, SqliteStore, Store};

const MEASURES: usize = 10_000;
const YEARS: i16 = 10;
const FIRST_YEAR: i16 = 2011;
const THEMES: usize = 10;
const UNITS_PER_THEME: usize = 10;

fn key(text: &str) -> Key {
    Key::parse(text).expect("bench keys are valid")
}

fn definitions() -> ChangeSet {
    let mut c = ChangeSet::for_council(key("bench"), "Benchmark District Council");
    c.kinds = vec![
        NodeKind { key: key("theme"), name: "Theme".into() },
        NodeKind { key: key("business-unit"), name: "Business unit".into() },
    ];
    for t in 0..THEMES {
        c.nodes.push(node(&format!("theme-{t}"), "theme", None));
        for u in 0..UNITS_PER_THEME {
            c.nodes.push(node(&format!("unit-{t}-{u}"), "business-unit", Some(&format!("theme-{t}"))));
        }
    }
    for i in 0..MEASURES {
        let (ytd, unit, polarity) = match i % 3 {
            0 => (YtdRule::Sum, Unit::Count, Polarity::Higher),
            1 => (YtdRule::Snapshot, Unit::Percentage, Polarity::Higher),
            _ => (YtdRule::Snapshot, Unit::Days, Polarity::Lower),
        };
        let kind = if unit == Unit::Percentage { ToleranceKind::Points } else { ToleranceKind::Percent };
        c.measures.push(Measure {
            code: MeasureCode::parse(&format!("M{i:05}")).expect("valid code"),
            title: format!("Benchmark measure {i}"),
            definition: None,
            owner: key(&format!("unit-{}-{}", i % THEMES, (i / THEMES) % UNITS_PER_THEME)),
            officer: None,
            aligned: vec![],
            tags: vec![],
            unit,
            decimals: 1,
            polarity,
            frequency: Frequency::Monthly,
            ytd,
            status_rule: StatusRule::Tolerance(Tolerance { kind, amber: Decimal::from(5) }),
            active_from: None,
            retired_from: None,
            retired_reason: None,
        });
    }
    c
}

fn node(k: &str, kind: &str, parent: Option<&str>) -> Node {
    Node {
        key: key(k),
        kind: key(kind),
        name: k.replace('-', " "),
        parent: parent.map(key),
        created: None,
        closed: None,
        former_names: vec![],
        outcomes: vec![],
        focus: Default::default(),
        updates: Default::default(),
    }
}

/// One year of every measure's monthly results and its year target.
fn year_of_facts(measures: &[Measure], year: i16) -> ChangeSet {
    let mut c = ChangeSet::for_council(key("bench"), "");
    let fy = FinancialYear::starting(year).expect("supported year");
    let recorded: Timestamp = format!("{}-05-01T09:00:00Z", year + 1).parse().expect("timestamp");
    for (i, m) in measures.iter().enumerate() {
        let base = 50 + (i % 40) as i64;
        c.targets.push(TargetRevision {
            measure: m.code.clone(),
            period: Period::Year(fy),
            value: Decimal::from(if m.ytd == YtdRule::Sum { base * 12 } else { base }),
            effective: jiff::civil::date(year, 4, 1),
            reason: "Annual target".into(),
            author: "Bench".into(),
            recorded_at: recorded,
        });
        for month in Period::Year(fy).months() {
            let wobble = ((i * 7 + usize::from(month.month()) * 13 + year as usize) % 21) as i64 - 10;
            c.results.push(ResultEntry {
                measure: m.code.clone(),
                period: Period::Month(month),
                value: ResultValue::Figure(Figure {
                    value: Decimal::new((base + wobble) * 10 + 5, 1),
                    numerator: None,
                    denominator: None,
                    cumulative: false,
                    forecast: None,
                }),
                commentary: None,
                recorded_at: recorded,
                recorded_by: "bench".into(),
            });
        }
    }
    c
}

fn memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

/// Requests per second reported by wrk for one URL.
fn wrk(url: &str, cookie: &str, seconds: u32) -> f64 {
    let out = Command::new("wrk")
        .args(["-t2", "-c16", &format!("-d{seconds}s"), "-H", &format!("Cookie: outturn_session={cookie}"), url])
        .output()
        .expect("wrk is installed (Debian package wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let non_2xx = text.lines().find(|l| l.contains("Non-2xx")).map(str::to_string);
    assert!(non_2xx.is_none(), "{url}: {}", non_2xx.unwrap_or_default());
    text.lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec from wrk for {url}: {text}"))
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let (store, cookie, addr) = runtime.block_on(async {
        let store = SqliteStore::open(&url).await.expect("open");
        store.migrate().await.expect("migrate");
        let started = Instant::now();
        let defs = definitions();
        store.apply(&defs).await.expect("definitions");
        for year in FIRST_YEAR..FIRST_YEAR + YEARS {
            store.apply(&year_of_facts(&defs.measures, year)).await.expect("facts");
        }
        eprintln!("loaded {MEASURES} measures x {YEARS} years of monthly results in {:.1?}", started.elapsed());
        let new = NewUser {
            username: "bench".into(),
            display_name: "Bench".into(),
            role: Role::Viewer,
            council: Some(key("bench")),
            nodes: vec![],
            password: "a long bench password".into(),
        };
        add_user(&store, &outturn_app::actor::Actor::command("bench"), new).await.expect("user");
        let signed_in = sign_in(&store, "bench", "a long bench password", Timestamp::now()).await.expect("sign in");
        let store: Arc<dyn Store> = Arc::new(store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let app = outturn_web::router(outturn_web::AppState::new(store.clone(), false));
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        (store, signed_in.token, addr)
    });
    let base = format!("http://{addr}");
    let dashboard = format!("{base}/councils/bench?period=2020/21-Q2");
    let measure = format!("{base}/councils/bench/measures/M00042?year=2020/21");
    // Warm up (and check every URL answers 200).
    for u in [&dashboard, &measure] {
        let started = Instant::now();
        let status = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                &format!("Cookie: outturn_session={cookie}"),
                u,
            ])
            .output()
            .expect("curl");
        eprintln!("first request {u}: {} in {:.1?}", String::from_utf8_lossy(&status.stdout), started.elapsed());
    }
    let healthz = wrk(&format!("{base}/healthz"), &cookie, 10);
    let dash = wrk(&dashboard, &cookie, 10);
    let page = wrk(&measure, &cookie, 10);
    println!("healthz:       {healthz:>10.1} requests/s");
    println!("dashboard:     {dash:>10.1} requests/s  ({:.4} x healthz; goal 0.3)", dash / healthz);
    println!("measure page:  {page:>10.1} requests/s  ({:.4} x healthz)", page / healthz);
    println!("server memory: {} MiB resident", memory_kib() / 1024);
    drop(store);
}
