//! Importing past committee papers: matched lines become results and targets
//! as reported in the paper, for the measure's own period; unknown codes are
//! listed; a line that cannot be stored stops everything; importing again
//! adds nothing; what is stored is never overridden.

use std::path::Path;

use jiff::Timestamp;
use outturn_app::AppError;
use outturn_app::demo::{DEMO_FILES, load_demo};
use outturn_app::framework::apply::apply_framework_file;
use outturn_app::framework::file::FileSource;
use outturn_app::legacy::{LegacyImport, import_legacy};
use outturn_app::statuses::status_report::status_report;
use outturn_core::{Figure, Key, Period, ResultValue};
use outturn_store::{SqliteStore, Store};
use rust_decimal_macros::dec;

const SEED: &str = "../../demo/papers/stevenage-corporate-performance-q2-2020-21.txt";
const PAPER: &str = "stevenage-q2-2020-21.txt";

fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read the seed paper {}: {e}", path.display()))
}

async fn store() -> SqliteStore {
    let s = SqliteStore::open("sqlite::memory:").await.unwrap();
    s.migrate().await.unwrap();
    s
}

/// The demo Stevenage framework with no targets or results: a council that
/// has its measures set up but no history yet.
struct FrameworkOnly;

impl FileSource for FrameworkOnly {
    fn read(&self, path: &str) -> Result<String, String> {
        match path {
            "demo/stevenage/targets.csv" => Ok("measure,period,target,effective,reason,author\n".into()),
            "demo/stevenage/results.csv" => Ok(
                "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\n"
                    .into(),
            ),
            _ => DEMO_FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string()).ok_or(path.to_string()),
        }
    }
}

async fn stevenage_without_history() -> SqliteStore {
    let store = store().await;
    apply_framework_file(
        &store,
        &FrameworkOnly,
        "demo/stevenage/framework.toml",
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    store
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

async fn import(store: &SqliteStore, text: &str, when: &str) -> Result<LegacyImport, AppError> {
    import_legacy(store, &key("stevenage"), text, PAPER, at(when), &outturn_app::actor::Actor::command("legacy test"))
        .await
}

#[tokio::test]
async fn the_paper_fills_a_council_with_no_history_once() {
    let store = stevenage_without_history().await;
    let first = import(&store, &seed(), "2024-05-01T10:00:00Z").await.unwrap();
    assert_eq!(first.found, 19);
    assert_eq!(first.recorded.iter().filter(|l| l.starts_with("result ")).count(), 19, "{:#?}", first.recorded);
    assert_eq!(first.recorded.iter().filter(|l| l.starts_with("target ")).count(), 19, "{:#?}", first.recorded);
    assert!(first.unmatched.is_empty() && first.kept.is_empty() && first.unchanged.is_empty());
    assert!(first.recorded.contains(&"result BV213 2020/21-Q2: 151 (year to date) (line 1145)".to_string()));
    assert!(first.recorded.contains(&"target VoidLoss1 2020/21-Q2: £164,594 (line 1266)".to_string()));
    assert!(first.recorded.contains(&"result VoidsSheltered 2020/21-Q2: 108.88 days (line 1269)".to_string()));

    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    let q2 = Period::parse("2020/21-Q2").unwrap();
    let result = |code: &str| {
        let h = &history.measures.iter().find(|(c, _)| c.as_str() == code).unwrap().1;
        assert_eq!(h.results.len(), 1, "{code}");
        assert_eq!(h.results[0].period, q2, "{code}");
        h.results[0].clone()
    };
    let figure = |code: &str| match result(code).value {
        ResultValue::Figure(Figure { value, cumulative, .. }) => (value, cumulative),
        other => panic!("{code}: {other:?}"),
    };
    // Summed measures and the website score: the paper's September figure is April to September.
    assert_eq!(figure("BV213"), (dec!(151), true));
    assert_eq!(figure("VoidLoss1"), (dec!(224901), true));
    assert_eq!(figure("WebSat1"), (dec!(0.15), true));
    // A snapshot is cumulative only where the paper says "April ... to September".
    assert_eq!(figure("NI156"), (dec!(150), false));
    assert_eq!(figure("CSC12"), (dec!(5.8), true));
    let bv9 = result("BV9");
    assert_eq!(bv9.commentary.as_deref(), Some("As reported in stevenage-q2-2020-21.txt, line 1626 (reported amber)"));
    assert_eq!(bv9.recorded_by, "legacy test");
    match result("CSC13a").value {
        ResultValue::Missing { reason } => assert!(reason.starts_with("unable to report due to reporting"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let bv213 = &history.measures.iter().find(|(c, _)| c.as_str() == "BV213").unwrap().1.targets;
    assert_eq!(bv213.len(), 1);
    assert_eq!((bv213[0].period, bv213[0].value), (q2, dec!(180)));
    assert_eq!(bv213[0].reason, "as reported in stevenage-q2-2020-21.txt");
    assert_eq!(bv213[0].effective, jiff::civil::date(2020, 4, 1));

    // The statuses the paper reports follow from what was imported.
    let report =
        status_report(&store, &outturn_app::actor::Actor::command("test"), &key("stevenage"), q2, None).await.unwrap();
    let status = |code: &str| report.measures.iter().find(|m| m.code == code).unwrap().status.code();
    assert_eq!(status("BV9"), "amber");
    for code in ["CSC12", "EAA1"] {
        assert_eq!(status(code), "green", "{code}");
    }
    for code in ["BV213", "NI156", "BV66a", "VoidLoss1", "CNM2g", "FS3"] {
        assert_eq!(status(code), "red", "{code}");
    }
    assert_eq!(status("CSC13a"), "missing");

    let again = import(&store, &seed(), "2024-05-02T10:00:00Z").await.unwrap();
    assert!(again.recorded_nothing(), "{:#?}", again.recorded);
    assert_eq!(again.unchanged.len(), 19);
    assert_eq!(again.unchanged[0], "NI156 2020/21-Q2 (line 1106)");
    let after = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    let count = |h: &outturn_store::CouncilHistory| {
        h.measures.values().map(|m| m.results.len() + m.targets.len()).sum::<usize>()
    };
    assert_eq!(count(&after), 38);
}

#[tokio::test]
async fn the_demo_council_already_holds_what_the_paper_says() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let import = import(&store, &seed(), "2024-05-01T10:00:00Z").await.unwrap();
    assert!(import.recorded_nothing(), "{:#?}", import.recorded);
    assert!(import.kept.is_empty(), "{:#?}", import.kept);
    assert!(import.unmatched.is_empty());
    assert_eq!(import.unchanged.len(), 19);
}

const Q3: &str = "\
Quarter three 2020/21

• BV213: Homelessness Preventions, December 2020 target 270,
achieved 224

• bv9: % Council Tax collected, December 2020 target 84%, achieved 83.1%

• HX99: Households helped by the new scheme, December 2020 target 40, achieved 41
";

#[tokio::test]
async fn codes_that_are_not_measures_are_listed_not_guessed() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let first = import(&store, Q3, "2024-05-01T10:00:00Z").await.unwrap();
    assert_eq!(
        first.recorded,
        [
            "result BV213 2020/21-Q3: 224 (year to date) (line 3)".to_string(),
            "target BV213 2020/21-Q3: 270 (line 3)".to_string()
        ]
    );
    let unmatched: Vec<(&str, usize)> = first.unmatched.iter().map(|u| (u.code.as_str(), u.source_line)).collect();
    assert_eq!(unmatched, [("bv9", 6), ("HX99", 8)]);
    let second = import(&store, Q3, "2024-05-02T10:00:00Z").await.unwrap();
    assert!(second.recorded_nothing());
    assert_eq!(second.unmatched.len(), 2);
}

#[tokio::test]
async fn a_line_that_cannot_be_stored_stops_the_whole_import() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let text = format!(
        "{Q3}\n• BV9: % Council Tax collected, August 2020 target 55%, achieved 54%\n\
         • FS1A: GF savings removed, December 2020 target £5, achieved £4\n\
         • BTC1a: New jobs created through the BTC, August to December 2020 target 20, achieved 9\n\
         • NI184: Food establishments broadly compliant, target 95%, achieved 90%\n"
    );
    let Err(AppError::LegacyLines(problems)) = import(&store, &text, "2024-05-01T10:00:00Z").await else {
        panic!("expected problems");
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(
        lines[0],
        format!("{PAPER}:10: BV9: BV9 is reported quarterly: the paper's \"August 2020\" does not end a quarter")
    );
    assert!(
        lines[1].contains("FS1A: the paper gives the figures as money, but FS1A is measured as percentage"),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("BTC1a adds up its figures over the year (sum)"), "{}", lines[2]);
    assert!(lines[3].contains("NI184: the line gives no period"), "{}", lines[3]);
    let message = AppError::LegacyLines(problems).to_string();
    assert!(message.starts_with("nothing was imported: 4 measure lines cannot be stored\n  "), "{message}");
    // Not even the good BV213 line was recorded.
    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    let bv213 = history.measures.iter().find(|(c, _)| c.as_str() == "BV213").unwrap().1;
    assert!(bv213.results.iter().all(|r| r.period != Period::parse("2020/21-Q3").unwrap()));
}

#[tokio::test]
async fn a_stored_figure_that_differs_is_kept_and_named() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let text = "BV9: % Council Tax collected, September 2020 target 60%, achieved 59.8%\n";
    let import = import(&store, text, "2024-05-01T10:00:00Z").await.unwrap();
    assert!(import.recorded_nothing());
    assert_eq!(
        import.kept,
        [
            "BV9 2020/21-Q2: kept the result recorded, 59.9%; the paper gives 59.8% (line 1)".to_string(),
            "BV9 2020/21-Q2: kept the target recorded, 61%; the paper gives 60% (line 1)".to_string()
        ]
    );
}

#[tokio::test]
async fn a_paper_that_contradicts_itself_is_refused() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let text = "BV213: Homelessness Preventions, December 2020 target 270, achieved 224\n\n\
                BV213: Homelessness Preventions, December 2020 target 270, achieved 225\n\n\
                BV213: Homelessness Preventions, December 2020 target 270, achieved 224\n";
    let Err(AppError::LegacyLines(problems)) = import(&store, text, "2024-05-01T10:00:00Z").await else {
        panic!("expected problems");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        format!("{PAPER}:3: BV213: line 1 gives a different result for BV213 2020/21-Q3")
    );
}

#[tokio::test]
async fn an_annual_target_stays_the_years() {
    let store = stevenage_without_history().await;
    let text = "BTC1a: New jobs created through the BTC, 2020/21 target 60, April to September 2020 achieved 12\n";
    let import = import(&store, text, "2024-05-01T10:00:00Z").await.unwrap();
    assert_eq!(
        import.recorded,
        [
            "result BTC1a 2020/21-Q2: 12 (year to date) (line 1)".to_string(),
            "target BTC1a 2020/21: 60 (line 1)".to_string()
        ]
    );
}

#[tokio::test]
async fn an_unknown_council_is_named() {
    let store = store().await;
    load_demo(&store).await.unwrap();
    let err = import_legacy(
        &store,
        &key("stevnage"),
        Q3,
        PAPER,
        at("2024-05-01T10:00:00Z"),
        &outturn_app::actor::Actor::command("t"),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("there is no council \"stevnage\""), "{err}");
}

#[tokio::test]
async fn a_paper_does_not_fill_a_published_period() {
    let store = stevenage_without_history().await;
    let publication = outturn_store::NewPublication {
        council: Key::parse("stevenage").unwrap(),
        kind: "quarterly".into(),
        period: Period::parse("2020/21-Q2").unwrap(),
        committee: "Executive".into(),
        meeting_date: jiff::civil::date(2020, 11, 11),
        published_at: at("2020-11-02T10:00:00Z"),
        published_by: "officer".into(),
        content_hash: "ab".repeat(32),
        data: serde_json::json!({}),
        files: Vec::new(),
    };
    let audit = outturn_store::AuditRecord {
        at: at("2020-11-02T10:00:00Z"),
        actor: "officer".into(),
        council: Some(Key::parse("stevenage").unwrap()),
        event: "report.published".into(),
        subject: "2020/21-Q2".into(),
        before: None,
        after: None,
    };
    store.publish(&publication, &audit).await.unwrap();
    let refused = import(&store, &seed(), "2024-05-01T10:00:00Z").await;
    let Err(AppError::Workflow(message)) = refused else { panic!("expected the lock to refuse, got {refused:?}") };
    assert!(message.contains("NI156 2020/21-Q2: 2020/21-Q2 is published and locked"), "{message}");
    let history = store.history(&Key::parse("stevenage").unwrap()).await.unwrap();
    assert_eq!(history.measures.values().map(|m| m.results.len() + m.targets.len()).sum::<usize>(), 0);
}

fn key(text: &str) -> outturn_core::Key {
    outturn_core::Key::parse(text).expect("a key")
}
