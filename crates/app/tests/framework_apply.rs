//! Applying framework files: everything is checked first, problems name the
//! file, line and field, nothing is applied when any check fails, and
//! applying the same file twice changes nothing.

use std::collections::HashMap;

use outturn_app::AppError;
use outturn_app::framework::apply::apply_framework_file;
use outturn_app::framework::file::FileSource;
use outturn_core::Key;
use outturn_store::{SqliteStore, Store};

/// Framework files held in memory for a test.
struct Files(HashMap<&'static str, String>);

impl FileSource for Files {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.get(path).cloned().ok_or_else(|| format!("cannot read {path}: no such file"))
    }
}

const FRAMEWORK: &str = r#"
[council]
slug = "testshire"
name = "Testshire District Council"

[[node_kinds]]
key = "theme"
name = "Theme"

[[nodes]]
key = "place"
kind = "theme"
name = "Place"

[[measures]]
code = "BV9"
title = "% Council Tax collected"
owner = "place"
unit = "percentage"
polarity = "higher"
frequency = "quarterly"
ytd = "snapshot"
status = { tolerance = "points", amber = "2" }

[data]
targets = "targets.csv"
results = "results.csv"
"#;

const TARGETS: &str =
    "measure,period,target,effective,reason,author\nBV9,2020/21-Q2,61,2020-04-01,Profiled,Performance team\n";
const RESULTS: &str = "measure,period,value,numerator,denominator,cumulative,missing_reason,commentary,recorded_at,recorded_by\nBV9,2020/21-Q2,59.9,,,,,Instalments deferred,2020-10-20T09:00:00Z,Revenues\n";

fn files(framework: &str, targets: &str, results: &str) -> Files {
    Files(HashMap::from([
        ("council/framework.toml", framework.to_string()),
        ("council/targets.csv", targets.to_string()),
        ("council/results.csv", results.to_string()),
    ]))
}

async fn store() -> SqliteStore {
    let s = SqliteStore::open("sqlite::memory:").await.unwrap();
    s.migrate().await.unwrap();
    s
}

async fn problems(store: &SqliteStore, files: &Files) -> Vec<String> {
    match apply_framework_file(store, files, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
        .await
    {
        Err(AppError::FrameworkFile(p)) => p.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

#[tokio::test]
async fn a_good_file_applies_once_and_then_changes_nothing() {
    let store = store().await;
    let f = files(FRAMEWORK, TARGETS, RESULTS);
    let first = apply_framework_file(&store, &f, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
        .await
        .unwrap();
    assert!(first.changes.iter().any(|l| l.contains("added 1 measure: BV9")), "{:?}", first.changes);
    assert!(first.changes.iter().any(|l| l.contains("recorded 1 result")), "{:?}", first.changes);
    let second =
        apply_framework_file(&store, &f, "council/framework.toml", &outturn_app::actor::Actor::command("test"))
            .await
            .unwrap();
    assert!(second.changed_nothing(), "{:?}", second.changes);
    let history = store.history(&Key::parse("testshire").unwrap()).await.unwrap();
    let bv9 = history.measures.values().next().unwrap();
    assert_eq!((bv9.results.len(), bv9.targets.len()), (1, 1));
}

#[tokio::test]
async fn a_changed_result_is_appended_as_a_correction() {
    let store = store().await;
    apply_framework_file(
        &store,
        &files(FRAMEWORK, TARGETS, RESULTS),
        "council/framework.toml",
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    let corrected = format!("{RESULTS}BV9,2020/21-Q2,60.1,,,,,Corrected figure,2020-11-01T09:00:00Z,Revenues\n");
    let applied = apply_framework_file(
        &store,
        &files(FRAMEWORK, TARGETS, &corrected),
        "council/framework.toml",
        &outturn_app::actor::Actor::command("test"),
    )
    .await
    .unwrap();
    assert_eq!(applied.changes, ["recorded 1 result (1 of them corrections)"]);
    let history = store.history(&Key::parse("testshire").unwrap()).await.unwrap();
    assert_eq!(history.measures.values().next().unwrap().results.len(), 2);
}

#[tokio::test]
async fn a_bad_toml_value_names_its_line_and_applies_nothing() {
    let store = store().await;
    let bad = FRAMEWORK.replace("polarity = \"higher\"", "polarity = \"upwards\"");
    let found = problems(&store, &files(&bad, TARGETS, RESULTS)).await;
    let line = bad.lines().position(|l| l.contains("upwards")).unwrap() + 1;
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(&format!("council/framework.toml:{line}: measures[0].polarity:")), "{found:?}");
    assert!(found[0].contains("\"upwards\" is not one of higher, lower, none"), "{found:?}");
    assert!(store.councils().await.unwrap().is_empty(), "nothing may be applied");
}

#[tokio::test]
async fn tags_and_tagged_groups_are_visible_text() {
    let store = store().await;
    // A zero-width space after "NI" would make a second group that looks like the first.
    let bad = FRAMEWORK.replace("ytd = \"snapshot\"", "ytd = \"snapshot\"\ntags = [\"NI\u{200B}\"]")
        + "\n[summary]\ngroups = [{ label = \"National\", tagged = \"NI\u{202E}\" }]\n";
    let found = problems(&store, &files(&bad, TARGETS, RESULTS)).await;
    let text = found.join("\n");
    assert!(text.contains("measures[0].tags: \"NI<U+200B>\" holds a character that prints as nothing"), "{text}");
    assert!(text.contains("summary.groups[0].tagged: \"NI<U+202E>\" holds a character"), "{text}");
    assert!(store.councils().await.unwrap().is_empty(), "nothing may be applied");
}

#[tokio::test]
async fn every_problem_is_reported_not_just_the_first() {
    let store = store().await;
    let bad = FRAMEWORK
        .replace("owner = \"place\"", "owner = \"nowhere\"")
        .replace("amber = \"2\"", "amber = 2.5")
        .replace("frequency = \"quarterly\"", "frequency = \"weekly\"");
    let found = problems(&store, &files(&bad, TARGETS, RESULTS)).await;
    let text = found.join("\n");
    assert!(text.contains("measures[0].owner: nowhere is not a node declared in [[nodes]]"), "{text}");
    assert!(text.contains("write decimals in quotes so they are kept exactly"), "{text}");
    assert!(text.contains("measures[0].frequency: \"weekly\""), "{text}");
}

#[tokio::test]
async fn csv_problems_name_file_line_and_column_and_nothing_is_applied() {
    let store = store().await;
    let results = format!(
        "{RESULTS}BV9,2020-09,58,,,,,,,\nBV99,2020/21-Q2,1,,,,,,,\nBV9,2020/21-Q1,,,,,,,,\nBV9,2020/21-Q3,abc,,,,,,,\n"
    );
    let targets = format!("{TARGETS}BV9,2020/21-Q3,62,2020-04-01,,Performance team\n");
    let found = problems(&store, &files(FRAMEWORK, &targets, &results)).await;
    let text = found.join("\n");
    assert!(text.contains("council/results.csv:3: period: BV9 is reported quarterly"), "{text}");
    assert!(text.contains("council/results.csv:4: measure: BV99 is not a measure in the framework file"), "{text}");
    assert!(
        text.contains("council/results.csv:5: value: give a value, or a reason why the result is missing"),
        "{text}"
    );
    assert!(text.contains("council/results.csv:6: value: \"abc\" is not a number"), "{text}");
    assert!(text.contains("council/targets.csv:3: reason: must not be empty"), "{text}");
    assert!(store.councils().await.unwrap().is_empty(), "nothing may be applied");
}

#[tokio::test]
async fn a_toml_syntax_error_names_the_line() {
    let store = store().await;
    let bad = FRAMEWORK.replace("name = \"Place\"", "name = Place");
    let found = problems(&store, &files(&bad, TARGETS, RESULTS)).await;
    let line = bad.lines().position(|l| l == "name = Place").unwrap() + 1;
    assert!(found[0].starts_with(&format!("council/framework.toml:{line}: toml:")), "{found:?}");
}

#[tokio::test]
async fn a_missing_csv_file_is_named() {
    let store = store().await;
    let mut f = files(FRAMEWORK, TARGETS, RESULTS);
    f.0.remove("council/results.csv");
    let found = problems(&store, &f).await;
    assert_eq!(found, ["council/results.csv: file: cannot read council/results.csv: no such file"]);
}

#[tokio::test]
async fn a_direction_aware_rule_applies_reads_back_and_changes_only_when_it_changes() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let direction = FRAMEWORK.replace(
        r#"status = { tolerance = "points", amber = "2" }"#,
        r#"status = { tolerance = "points", amber = "2", beyond = "direction" }"#,
    );
    let f = files(&direction, TARGETS, RESULTS);
    apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    let council = store.council(&Key::parse("testshire").unwrap()).await.unwrap().unwrap();
    let rule = council.measures[0].status_rule;
    assert_eq!(
        rule,
        outturn_core::StatusRule::DirectionAware(outturn_core::Tolerance {
            kind: outturn_core::ToleranceKind::Points,
            amber: 2.into()
        })
    );
    let again = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);
    // Back to the plain tolerance: the measure's rule changes.
    let plain = apply_framework_file(&store, &files(FRAMEWORK, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert!(plain.changes.iter().any(|l| l.contains("BV9")), "{:?}", plain.changes);
    let council = store.council(&Key::parse("testshire").unwrap()).await.unwrap().unwrap();
    assert!(matches!(council.measures[0].status_rule, outturn_core::StatusRule::Tolerance(_)));
}

#[tokio::test]
async fn an_unknown_beyond_names_its_field_and_applies_nothing() {
    let store = store().await;
    let blue = FRAMEWORK.replace(
        r#"status = { tolerance = "points", amber = "2" }"#,
        r#"status = { tolerance = "points", amber = "2", beyond = "blue" }"#,
    );
    let found = problems(&store, &files(&blue, TARGETS, RESULTS)).await;
    assert!(found.iter().any(|p| p.contains("status.beyond") && p.contains("\"blue\"")), "{found:?}");
    assert!(store.council(&Key::parse("testshire").unwrap()).await.unwrap().is_none(), "nothing applied");
}

/// Review finding: labels were checked one by one in the file's order, so
/// Harlow's scheme (Exceeded takes Green's word while Green becomes Blue)
/// was refused, and in another order stored and then unreadable.
#[tokio::test]
async fn words_may_move_between_statuses_in_any_order() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    for entries in [
        "exceeded = { label = \"Green\", colour = \"green\" }\ngreen = { label = \"Blue\", colour = \"blue\" }",
        "green = { label = \"Blue\", colour = \"blue\" }\nexceeded = { label = \"Green\", colour = \"green\" }",
    ] {
        let text = FRAMEWORK.replace("[data]", &format!("[summary.labels]\n{entries}\n\n[data]"));
        apply_framework_file(&store, &files(&text, TARGETS, RESULTS), "council/framework.toml", &actor).await.unwrap();
        let council = store.council(&Key::parse("testshire").unwrap()).await.unwrap().expect("readable");
        assert_eq!(council.summary.labels.label(outturn_core::Status::Exceeded), "Green");
        assert_eq!(council.summary.labels.label(outturn_core::Status::Green), "Blue");
    }
}

#[tokio::test]
async fn the_council_default_status_rule_applies_to_measures_without_their_own() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    // BV9 gives no rule: the council's direction-aware default is its rule.
    // NI156 gives its own threshold, which stands.
    let defaulted = FRAMEWORK
        .replace(
            "name = \"Testshire District Council\"",
            "name = \"Testshire District Council\"\nstatus = { tolerance = \"percent\", amber = \"10\", beyond = \"direction\" }",
        )
        .replace("status = { tolerance = \"points\", amber = \"2\" }\n", "")
        .replace(
            "[data]",
            "[[measures]]\ncode = \"NI156\"\ntitle = \"Households in temporary accommodation\"\nowner = \"place\"\nunit = \"count\"\npolarity = \"lower\"\nfrequency = \"quarterly\"\nytd = \"snapshot\"\nstatus = { threshold = true }\n\n[data]",
        );
    apply_framework_file(&store, &files(&defaulted, TARGETS, RESULTS), "council/framework.toml", &actor).await.unwrap();
    let council = store.council(&Key::parse("testshire").unwrap()).await.unwrap().unwrap();
    let rule = |code: &str| council.measures.iter().find(|m| m.code.as_str() == code).unwrap().status_rule;
    let percent = outturn_core::Tolerance { kind: outturn_core::ToleranceKind::Percent, amber: 10.into() };
    assert_eq!(rule("BV9"), outturn_core::StatusRule::DirectionAware(percent));
    assert_eq!(rule("NI156"), outturn_core::StatusRule::Threshold);

    // With neither a rule of its own nor a council default, the measure is named.
    let neither = FRAMEWORK.replace("status = { tolerance = \"points\", amber = \"2\" }\n", "");
    let found = problems(&self::store().await, &files(&neither, TARGETS, RESULTS)).await;
    let line = neither.lines().position(|l| l.contains("code = \"BV9\"")).unwrap() + 1;
    assert!(
        found.iter().any(|p| p.starts_with(&format!("council/framework.toml:{line}: measures[0].status:"))
            && p.contains("give [council] a status")),
        "{found:?}"
    );
}

#[tokio::test]
async fn a_roll_up_rule_applies_reads_back_and_is_a_change_only_when_it_changes() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let slug = Key::parse("testshire").unwrap();
    let with = |roll_up: &str| FRAMEWORK.replace("[data]", &format!("[summary]\nroll_up = {roll_up}\n\n[data]"));
    let weighted =
        with(r#"{ rule = "weighted", green = "100", amber = "50", red = "0", green_from = "75", amber_from = "40" }"#);
    let applied = apply_framework_file(&store, &files(&weighted, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert!(
        applied.changes.iter().any(|l| l.starts_with("set the roll-up rule to weighted") && l.contains("Green 100")),
        "{:?}",
        applied.changes
    );
    let council = store.council(&slug).await.unwrap().unwrap();
    let scores = council.summary.roll_up.as_ref().and_then(|r| r.scores()).expect("weighted");
    assert_eq!((scores.green, scores.green_from), (100.into(), 75.into()));
    let again = apply_framework_file(&store, &files(&weighted, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);

    // Without [summary] the council has no rule: a change, said so.
    let plain = apply_framework_file(&store, &files(FRAMEWORK, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert!(plain.changes.iter().any(|l| l.starts_with("removed the roll-up rule")), "{:?}", plain.changes);
    assert_eq!(store.council(&slug).await.unwrap().unwrap().summary.roll_up, None);
    let worst =
        apply_framework_file(&store, &files(&with("\"worst-of\""), TARGETS, RESULTS), "council/framework.toml", &actor)
            .await
            .unwrap();
    assert!(worst.changes.iter().any(|l| l.starts_with("set the roll-up rule to worst-of")), "{:?}", worst.changes);
    let stored = store.council(&slug).await.unwrap().unwrap().summary.roll_up.clone();
    assert_eq!(stored, Some(outturn_core::RollUpRule::WorstOf));
}

#[tokio::test]
async fn a_wrong_roll_up_rule_names_its_field_and_line_and_applies_nothing() {
    let store = store().await;
    for (roll_up, says) in [
        (r#""average""#, "\"average\" is not a roll-up rule"),
        (r#"{ rule = "majority", green = "3" }"#, "only given with the weighted rule"),
        (r#"{ rule = "weighted", green = "1", red = "3" }"#, "Green above Amber above Red"),
        (r#"{ rule = "weighted", green = "lots" }"#, "summary.roll_up.green"),
        (r#"{ green = "3" }"#, "summary.roll_up.rule: give the rule"),
    ] {
        let text = FRAMEWORK.replace("[data]", &format!("[summary]\nroll_up = {roll_up}\n\n[data]"));
        let found = problems(&store, &files(&text, TARGETS, RESULTS)).await;
        let line = text.lines().position(|l| l.starts_with("roll_up")).unwrap() + 1;
        assert!(
            found
                .iter()
                .any(|p| p.starts_with(&format!("council/framework.toml:{line}: summary.roll_up")) && p.contains(says)),
            "{roll_up}: {found:?}"
        );
    }
    assert!(store.council(&Key::parse("testshire").unwrap()).await.unwrap().is_none(), "nothing applied");
}

#[tokio::test]
async fn the_council_words_and_colours_for_statuses_apply_and_read_back() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let slug = Key::parse("testshire").unwrap();
    let text = FRAMEWORK.replace(
        "[data]",
        "[summary.labels]\nexceeded = { label = \"Better than target\" }\ninformation-only = { label = \"Data only\", colour = \"gray\" }\n\n[data]",
    );
    let applied =
        apply_framework_file(&store, &files(&text, TARGETS, RESULTS), "council/framework.toml", &actor).await.unwrap();
    assert!(
        applied.changes.iter().any(|l| l
            == "set the words and colours for statuses: Exceeded as \"Better than target\" (blue), Information only as \"Data only\" (grey)"),
        "{:?}",
        applied.changes
    );
    let labels = store.council(&slug).await.unwrap().unwrap().summary.labels.clone();
    assert_eq!(labels.label(outturn_core::Status::InformationOnly), "Data only");
    assert_eq!(labels.colour(outturn_core::Status::InformationOnly), outturn_core::Colour::Grey);
    assert_eq!(labels.label(outturn_core::Status::Red), "Red", "the rest keep outturn's words");
    let again =
        apply_framework_file(&store, &files(&text, TARGETS, RESULTS), "council/framework.toml", &actor).await.unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);
    let plain = apply_framework_file(&store, &files(FRAMEWORK, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert!(plain.changes.iter().any(|l| l.contains("back to outturn's own")), "{:?}", plain.changes);
    assert_eq!(store.council(&slug).await.unwrap().unwrap().summary.labels, outturn_core::StatusLabels::default());
}

#[tokio::test]
async fn a_wrong_status_label_names_its_field_and_line_and_applies_nothing() {
    let store = store().await;
    for (entry, field, says) in [
        (r#"blue = { label = "Blue" }"#, "summary.labels.blue", "unknown status \"blue\""),
        (r#"green = { colour = "mauve" }"#, "summary.labels.green.colour", "unknown colour \"mauve\""),
        (r#"red = { label = "green" }"#, "summary.labels.red.label", "already the label for green"),
        (
            r#"exceeded = { label = "Green" }"#,
            "summary.labels.exceeded.label",
            "\"Green\" is already the label for exceeded",
        ),
        (r#"green = { label = "On\u200Btarget" }"#, "summary.labels.green.label", "prints as nothing"),
        (r#"green = { label = " " }"#, "summary.labels.green.label", "cannot be empty"),
        (r#"amber = { shade = "dark" }"#, "toml", "unknown field `shade`, expected `label` or `colour`"),
    ] {
        let text = FRAMEWORK.replace("[data]", &format!("[summary.labels]\n{entry}\n\n[data]"));
        let found = problems(&store, &files(&text, TARGETS, RESULTS)).await;
        let line = text.lines().position(|l| l == entry).unwrap() + 1;
        assert!(
            found.iter().any(|p| p.starts_with(&format!("council/framework.toml:{line}: {field}")) && p.contains(says)),
            "{entry}: {found:?}"
        );
    }
    assert!(store.council(&Key::parse("testshire").unwrap()).await.unwrap().is_none(), "nothing applied");
}

#[tokio::test]
async fn a_fictional_council_is_marked_once_and_unmarked_when_the_line_goes() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let slug = Key::parse("testshire").unwrap();
    let fictional = FRAMEWORK
        .replace("name = \"Testshire District Council\"", "name = \"Testshire District Council\"\nfictional = true");
    let f = files(&fictional, TARGETS, RESULTS);
    let first = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(first.changes.iter().any(|l| l == "marked council testshire as fictional"), "{:?}", first.changes);
    let title = outturn_app::council_title(&store, &slug).await.unwrap();
    assert_eq!(title.notice.as_deref(), Some("Testshire District Council: figures are generated, not real"));
    let again = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);

    let real = apply_framework_file(&store, &files(FRAMEWORK, TARGETS, RESULTS), "council/framework.toml", &actor)
        .await
        .unwrap();
    assert_eq!(real.changes, vec!["marked council testshire as not fictional".to_string()]);
    assert_eq!(outturn_app::council_title(&store, &slug).await.unwrap().notice, None);
}

#[tokio::test]
async fn process_changes_are_read_checked_and_applied_once() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let framework = FRAMEWORK.replace("[data]\n", "[data]\nprocess_changes = \"process-changes.csv\"\n");
    let mut f = files(&framework, TARGETS, RESULTS);
    // A quarter given for a quarterly measure, and a month read as its quarter.
    f.0.insert(
        "council/process-changes.csv",
        "measure,period,reason,recorded_by\nBV9,2021-08,New recovery system,Revenues\n".to_string(),
    );
    let first = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(first.changes.iter().any(|l| l == "recorded 1 process change"), "{:?}", first.changes);
    let stored = store.process_changes(&Key::parse("testshire").unwrap()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].period.to_string(), "2021/22-Q2", "August 2021 is in the quarterly measure's Q2");
    assert_eq!((stored[0].reason.as_str(), stored[0].recorded_by.as_str()), ("New recovery system", "Revenues"));
    let again = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);

    // Every problem named by file, line and column; nothing applied.
    f.0.insert(
        "council/process-changes.csv",
        "measure,period,reason,recorded_by\nNOPE,2021/22-Q2,x,y\nBV9,2021/22-Q3,,Revenues\nBV9,2021-08,Again,Revenues\nBV9,2021/22-Q2,Twice,Revenues\n"
            .to_string(),
    );
    let found = problems(&store, &f).await;
    let at = |line: &str, words: &str| {
        found.iter().any(|p| p.starts_with(&format!("council/process-changes.csv:{line}:")) && p.contains(words))
    };
    assert!(at("2", "NOPE is not a measure"), "{found:?}");
    assert!(at("3", "reason: must not be empty"), "{found:?}");
    assert!(at("5", "two process changes from 2021/22-Q2"), "{found:?}");
    let stored = store.process_changes(&Key::parse("testshire").unwrap()).await.unwrap();
    assert_eq!(stored[0].reason, "New recovery system", "nothing applied");

    // The file is the whole list: a change left out of it is removed (and
    // said so); a file that names no list leaves what is stored.
    f.0.insert(
        "council/process-changes.csv",
        "measure,period,reason,recorded_by
BV9,2022/23-Q1,New payment portal,Revenues
"
        .to_string(),
    );
    let replaced = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(
        replaced.changes.iter().any(|l| l == "removed process changes no longer listed: BV9 from 2021/22-Q2"),
        "{:?}",
        replaced.changes
    );
    let stored = store.process_changes(&Key::parse("testshire").unwrap()).await.unwrap();
    assert_eq!(stored.iter().map(|c| c.period.to_string()).collect::<Vec<_>>(), ["2022/23-Q1"]);
    let unlisted = files(FRAMEWORK, TARGETS, RESULTS);
    let kept = apply_framework_file(&store, &unlisted, "council/framework.toml", &actor).await.unwrap();
    assert!(!kept.changes.iter().any(|l| l.contains("process change")), "{:?}", kept.changes);
    assert_eq!(store.process_changes(&Key::parse("testshire").unwrap()).await.unwrap().len(), 1, "kept");
}

const BENCHMARKS: &str = "metric_id,area_code,area_name,period,value\n\
1234,X07000001,Testshire,2020/21,96.1\n\
1234,X07000002,Northshire,2020/21,95.50\n\
1234,X07000003,Southshire,2020/21,\n\
1234,X07000001,Testshire,2019/20,95.9\n";

const COMPARISON: &str = r#"
[council]
area_code = "X07000001"

[[groups]]
key = "neighbours"
name = "Nearest neighbours"
areas = ["X07000002", "X07000003"]

[metrics]
"BV9" = 1234
"#;

fn with_benchmarks(benchmarks: &str, comparison: &str) -> Files {
    let framework = FRAMEWORK.replace(
        "[data]\n",
        "[data]\nbenchmarks = \"benchmarks.csv\"\ncomparison_groups = \"comparison-groups.toml\"\n",
    );
    let mut f = files(&framework, TARGETS, RESULTS);
    f.0.insert("council/benchmarks.csv", benchmarks.to_string());
    f.0.insert("council/comparison-groups.toml", comparison.to_string());
    f
}

#[tokio::test]
async fn benchmarks_and_comparison_groups_are_read_checked_and_applied_once() {
    let store = store().await;
    let actor = outturn_app::actor::Actor::command("test");
    let slug = Key::parse("testshire").unwrap();
    let mut f = with_benchmarks(BENCHMARKS, COMPARISON);
    let first = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    let line = "set the comparison for benchmarking: area X07000001; groups Nearest neighbours (2 areas); 1 measure compared on a metric";
    assert!(first.changes.iter().any(|l| l == line), "{:?}", first.changes);
    assert!(first.changes.iter().any(|l| l == "recorded 4 benchmark values"), "{:?}", first.changes);
    let comparison = store.comparison(&slug).await.unwrap().unwrap();
    assert_eq!(comparison.area_code, "X07000001");
    assert_eq!(comparison.groups[0].areas, ["X07000002", "X07000003"]);
    assert_eq!(comparison.metrics.values().collect::<Vec<_>>(), ["1234"], "a whole number is read as the id");
    let values = store.benchmarks(&slug, &["1234".to_string()]).await.unwrap();
    assert_eq!(values.len(), 4);
    let empty = values.iter().find(|v| v.area_code == "X07000003").unwrap();
    assert_eq!(empty.value, None, "an empty value is no data, not zero");
    let scaled = values.iter().find(|v| v.area_code == "X07000002").unwrap();
    assert_eq!(scaled.value.unwrap().to_string(), "95.50");
    let again = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(again.changed_nothing(), "{:?}", again.changes);

    // A value given again with another scale, a value arriving, a group renamed.
    f.0.insert(
        "council/benchmarks.csv",
        BENCHMARKS.replace("95.50", "95.5").replace("Southshire,2020/21,", "Southshire,2020/21,94"),
    );
    f.0.insert("council/comparison-groups.toml", COMPARISON.replace("Nearest neighbours", "Neighbours"));
    let third = apply_framework_file(&store, &f, "council/framework.toml", &actor).await.unwrap();
    assert!(third.changes.iter().any(|l| l == "recorded 2 benchmark values"), "{:?}", third.changes);
    assert!(third.changes.iter().any(|l| l.contains("groups Neighbours (2 areas)")), "{:?}", third.changes);
    assert_eq!(store.comparison(&slug).await.unwrap().unwrap().groups[0].name, "Neighbours");
}

#[tokio::test]
async fn benchmark_problems_name_their_file_line_and_field_and_apply_nothing() {
    let store = store().await;
    let slug = Key::parse("testshire").unwrap();
    let found = problems(&store, &with_benchmarks(&BENCHMARKS.replace("value\n", "value,source\n"), COMPARISON)).await;
    assert!(
        found.iter().any(|p| p.starts_with("council/benchmarks.csv:1: header: unknown column \"source\": the columns are metric_id,area_code,area_name,period,value")),
        "{found:?}"
    );

    let rows = "metric_id,area_code,area_name,period,value\n\
        1234,X07000001,Testshire,2020/21,96.1\n\
        1234,X07000001,Testshire,2020/21,96.2\n\
        1234,X07000002,Northshire,2020/21,n/a\n\
        1234,X07000003,,2020/21,95\n\
        1234,X07000003,Southshire,2020-21,95\n\
        12 34,X07000003,Southshire,2019/20,95\n";
    let found = problems(&store, &with_benchmarks(rows, COMPARISON)).await;
    let at = |file: &str, line: &str, words: &str| {
        found.iter().any(|p| p.starts_with(&format!("council/{file}:{line}:")) && p.contains(words))
    };
    assert!(
        at("benchmarks.csv", "3", "period: metric 1234 for area X07000001 in 2020/21 is also given on line 2"),
        "{found:?}"
    );
    assert!(at("benchmarks.csv", "4", "value: \"n/a\" is not a number"), "{found:?}");
    assert!(at("benchmarks.csv", "4", "leave the cell empty where the data has no value"), "{found:?}");
    assert!(at("benchmarks.csv", "5", "area_name: must not be empty"), "{found:?}");
    assert!(at("benchmarks.csv", "6", "period:"), "{found:?}");
    assert!(at("benchmarks.csv", "7", "metric_id: \"12 34\" is not a metric id"), "{found:?}");

    let comparison = r#"
[council]
area_code = "X07000099"

[[groups]]
key = "neighbours"
name = "Nearest neighbours"
areas = [
  "X07000002",
  "X07000009",
  "X07000002",
]

[[groups]]
key = "Bad Key"
name = ""
areas = []

[metrics]
"BV9" = "1234"
"NOPE" = "1234"
"#;
    let found = problems(&store, &with_benchmarks(BENCHMARKS, comparison)).await;
    let at = |line: &str, words: &str| {
        found.iter().any(|p| p.starts_with(&format!("council/comparison-groups.toml:{line}:")) && p.contains(words))
    };
    assert!(
        at("3", "council.area_code: the council's area code X07000099 appears in no row of council/benchmarks.csv"),
        "{found:?}"
    );
    assert!(at("10", "groups[0].areas: the area X07000009 appears in no row of council/benchmarks.csv"), "{found:?}");
    assert!(at("11", "groups[0].areas: X07000002 is listed twice in the group neighbours"), "{found:?}");
    assert!(at("15", "groups[1].key: \"Bad Key\" is not a valid key"), "{found:?}");
    assert!(at("16", "groups[1].name: must not be empty"), "{found:?}");
    assert!(at("15", "groups[1].areas: a comparison group needs at least one area"), "{found:?}");
    assert!(at("21", "metrics.NOPE: NOPE is not a measure in the framework file"), "{found:?}");

    let unmapped = COMPARISON.replace("1234", "99");
    let found = problems(&store, &with_benchmarks(BENCHMARKS, &unmapped)).await;
    assert!(
        found.iter().any(|p| p.contains("metrics.BV9: the metric 99 appears in no row of council/benchmarks.csv")),
        "{found:?}"
    );
    let found =
        problems(&store, &with_benchmarks(BENCHMARKS, "[council]\narea_code = \"X07000001\"\nextra = 1\n")).await;
    assert!(
        found.iter().any(|p| p.starts_with("council/comparison-groups.toml:3: toml:") && p.contains("extra")),
        "{found:?}"
    );

    assert!(store.council(&slug).await.unwrap().is_none(), "nothing applied");
}
