//! The quarterly report follows up the committee: the Stevenage 2021/22-Q2
//! report shows the actions the Executive asked for when it took the Q1
//! report, each with its status; the next quarter focus lists the
//! improvement plans still in focus, citing their spotlights' paragraphs.

use jiff::civil::date;
use outturn_core::Period;
use outturn_report::model::{Block, Report, words};
use outturn_report::{Settings, quarterly::quarterly};
use outturn_store::{SqliteStore, Store};

async fn demo_store() -> SqliteStore {
    let store = SqliteStore::open("sqlite::memory:").await.unwrap();
    store.migrate().await.unwrap();
    outturn_app::demo::load_demo(&store).await.unwrap();
    store
}

/// The text of the blocks under a level-1 subheading, up to the next one.
fn under(report: &Report, heading: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for block in report.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Subheading { text, level: 1, .. } => inside = text == heading,
            _ if !inside => {}
            Block::Subheading { text, .. } => out.push(text.clone()),
            Block::Paragraph(p) => out.push(format!("{} {}", p.number, words(&p.text))),
            Block::List(items) => out.extend(items.iter().map(|i| format!("- {}", words(&i.text)))),
            Block::Table(t) => {
                out.push(t.caption.clone());
                out.extend(t.rows.iter().map(|r| r.join(" | ")));
            }
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn the_2021_22_q2_report_shows_the_q1_executive_actions_with_their_status() {
    let store = demo_store().await;
    let settings = Settings { committee: Some("Executive".into()), date: Some(date(2021, 11, 10)), as_of: None };
    let report = quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &key("stevenage"),
        Period::parse("2021/22-Q2").unwrap(),
        &settings,
    )
    .await
    .unwrap();
    let text = under(&report, "Actions from the last meeting");
    assert!(!text.is_empty(), "no section: {:?}", report.sections.iter().map(|s| &s.heading).collect::<Vec<_>>());
    insta::assert_snapshot!("stevenage_2021_22_q2_actions_from_the_last_meeting", text.join("\n"));
    let csc = text.iter().find(|l| l.contains("Customer Service Centre response times")).unwrap();
    assert!(csc.ends_with("| 30 September 2021 | Overdue"), "{csc}");
    let meadow = text.iter().find(|l| l.contains("meadowland")).unwrap();
    assert!(
        meadow.contains("| Assistant Director (Stevenage Direct Services) |") && meadow.ends_with("| Not started"),
        "{meadow}"
    );
}

#[tokio::test]
async fn a_report_before_any_meeting_has_no_actions_section() {
    let store = demo_store().await;
    let report = quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &key("stevenage"),
        Period::parse("2020/21-Q2").unwrap(),
        &Settings::default(),
    )
    .await
    .unwrap();
    assert!(under(&report, "Actions from the last meeting").is_empty());
}

#[tokio::test]
async fn the_next_quarter_focus_lists_plans_citing_their_spotlights() {
    let store = demo_store().await;
    let report = quarterly(
        &store,
        &outturn_app::actor::Actor::command("test"),
        &key("stevenage"),
        Period::parse("2020/21-Q2").unwrap(),
        &Settings::default(),
    )
    .await
    .unwrap();
    let focus = under(&report, "Next quarter focus");
    let intro =
        focus.iter().find(|l| l.contains("Green for 2 consecutive periods")).unwrap_or_else(|| panic!("{focus:#?}"));
    assert!(intro.contains("Those in focus"), "{intro}");
    let rent = focus
        .iter()
        .find(|l| l.starts_with("- BV66a: Rent Collection Rate: Continuing to implement recovery plans"))
        .unwrap_or_else(|| panic!("{focus:#?}"));
    assert!(rent.contains("monitored by Senior Leadership Team"), "{rent}");
    // The spotlight's own paragraphs, as the model numbered them.
    let spotlight = report.spotlights.iter().find(|s| s.code == "BV66a").unwrap();
    let cited = if spotlight.first == spotlight.last {
        format!("para {}", spotlight.first)
    } else {
        format!("para {} to {}", spotlight.first, spotlight.last)
    };
    assert!(rent.ends_with(&format!("({cited})")), "{rent} should cite {cited}");
}

fn key(text: &str) -> outturn_core::Key {
    outturn_core::Key::parse(text).expect("a key")
}
