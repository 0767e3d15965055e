//! Rolling statuses up the framework tree: worked examples for each rule.
//!
//! The counts are Belfast City Council's improvement objective 1 for 2023-24
//! (3 Green, 1 Amber, 1 Red performance indicators), from its published
//! self-assessment:
//! https://www.belfastcity.gov.uk/Documents/Performance-Improvement-Self-Assessment-Report/Self-assessment-of-improvement-objectives

use outturn_core::milestone::MilestoneStatus;
use outturn_core::roll_up::{RollUpError, RollUpRule, Scores, Tally};
use outturn_core::{Decimal, Status, StatusLabels};

fn tally(green: usize, amber: usize, red: usize) -> Tally {
    Tally { green, amber, red, ..Tally::default() }
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn belfast_objective_one_by_each_rule() {
    let objective = tally(3, 1, 1);
    assert_eq!(RollUpRule::WorstOf.roll_up(&objective).status, Some(Status::Red));
    assert_eq!(RollUpRule::Majority.roll_up(&objective).status, Some(Status::Green));
    // (3 x 3 + 2 + 1) / 5 = 2.4: below Green's 2.5, so Amber.
    let weighted = RollUpRule::parse("weighted", None).unwrap().roll_up(&objective);
    assert_eq!((weighted.status, weighted.score), (Some(Status::Amber), Some(d("2.4"))));
    assert_eq!(weighted.counts(&StatusLabels::default()), "3 Green, 1 Amber, 1 Red; score 2.4");
}

#[test]
fn worst_of_takes_one_red_or_one_amber() {
    assert_eq!(RollUpRule::WorstOf.roll_up(&tally(9, 1, 0)).status, Some(Status::Amber));
    assert_eq!(RollUpRule::WorstOf.roll_up(&tally(9, 0, 0)).status, Some(Status::Green));
}

#[test]
fn a_majority_tie_goes_to_the_worse_status() {
    assert_eq!(RollUpRule::Majority.roll_up(&tally(2, 2, 1)).status, Some(Status::Amber));
    assert_eq!(RollUpRule::Majority.roll_up(&tally(1, 1, 1)).status, Some(Status::Red));
    assert_eq!(RollUpRule::Majority.roll_up(&tally(3, 2, 2)).status, Some(Status::Green));
}

#[test]
fn a_score_exactly_at_a_band_takes_that_band() {
    let rule = RollUpRule::parse("weighted", None).unwrap();
    // (3 + 2) / 2 = 2.5: Green from 2.5.
    assert_eq!(rule.roll_up(&tally(1, 1, 0)).status, Some(Status::Green));
    // (2 + 1) / 2 = 1.5: Amber from 1.5.
    assert_eq!(rule.roll_up(&tally(0, 1, 1)).status, Some(Status::Amber));
    // 50 Green and 51 Amber score 2.495..., shown as 2.50 but below 2.5: Amber, not Green.
    let just_below = rule.roll_up(&tally(50, 51, 0));
    assert_eq!((just_below.status, just_below.score), (Some(Status::Amber), Some(d("2.50"))));
    // (2 + 1 + 1) / 3 = 1.33: Red.
    let red = rule.roll_up(&tally(0, 1, 2));
    assert_eq!((red.status, red.score), (Some(Status::Red), Some(d("1.33"))));
}

#[test]
fn missing_data_and_unjudged_items_are_counted_but_do_not_decide() {
    let mut beneath = tally(2, 0, 0);
    beneath.add(Status::Missing);
    beneath.add(Status::NoTarget);
    beneath.add(Status::Awaiting);
    beneath.add_milestone(&MilestoneStatus::NotStarted);
    let rolled = RollUpRule::WorstOf.roll_up(&beneath);
    assert_eq!(rolled.status, Some(Status::Green));
    assert_eq!(rolled.counts(&StatusLabels::default()), "2 Green, 1 Missing data, 3 not judged");
    assert_eq!(rolled.tally.total(), 6);
}

#[test]
fn nothing_judged_beneath_is_no_status_never_green() {
    let mut beneath = Tally::default();
    beneath.add(Status::Missing);
    for rule in [RollUpRule::WorstOf, RollUpRule::Majority, RollUpRule::Weighted(Scores::default())] {
        let rolled = rule.roll_up(&beneath);
        assert_eq!((rolled.status, rolled.label(&StatusLabels::default())), (None, "No status"), "{rule}");
        assert_eq!(rolled.score, None);
    }
    assert_eq!(RollUpRule::WorstOf.roll_up(&Tally::default()).counts(&StatusLabels::default()), "nothing reported");
}

#[test]
fn milestones_count_as_the_status_their_words_mean() {
    let mut beneath = Tally::default();
    for m in [MilestoneStatus::Achieved, MilestoneStatus::OnTrack] {
        beneath.add_milestone(&m);
    }
    beneath.add_milestone(&MilestoneStatus::AtRisk);
    beneath.add_milestone(&MilestoneStatus::OffTrack);
    beneath.add_milestone(&MilestoneStatus::NotAchieved);
    beneath.add_milestone(&MilestoneStatus::AffectedByExternalFactor { factor: "Covid-19".into() });
    assert_eq!(beneath, Tally { exceeded: 0, green: 2, amber: 1, red: 2, missing: 0, not_judged: 1 });
}

#[test]
fn council_points_and_bands_are_checked_and_described() {
    let scores = Scores { green: d("100"), amber: d("50"), red: d("0"), green_from: d("75"), amber_from: d("40") };
    let rule = RollUpRule::parse("weighted", Some(scores.clone())).unwrap();
    assert_eq!(rule.roll_up(&tally(1, 1, 0)).status, Some(Status::Green));
    assert!(
        rule.describe().contains("Green 100, Amber 50, Red 0): Green from 75, Amber from 40"),
        "{}",
        rule.describe()
    );

    let upside_down = Scores { green: d("1"), red: d("3"), ..Scores::default() };
    assert!(matches!(RollUpRule::parse("weighted", Some(upside_down)), Err(RollUpError::PointsOutOfOrder { .. })));
    let bands = Scores { green_from: d("1.5"), amber_from: d("2.5"), ..Scores::default() };
    assert!(matches!(RollUpRule::parse("weighted", Some(bands)), Err(RollUpError::BandsOutOfOrder { .. })));
    assert_eq!(RollUpRule::parse("majority", Some(scores)), Err(RollUpError::ScoresNotExpected));
    // Bounded, so that a large value cannot overflow a sum of points (it panicked before).
    let huge = Scores { green: d("79228162514264337593543950335"), ..Scores::default() };
    assert!(matches!(
        RollUpRule::parse("weighted", Some(huge)),
        Err(RollUpError::PointsOutOfRange { name: "green", .. })
    ));
    let unknown = RollUpRule::parse("average", None).unwrap_err().to_string();
    assert!(unknown.contains("worst-of, majority or weighted"), "{unknown}");
}

mod tree {
    use std::collections::BTreeMap;

    use outturn_core::roll_up::{Beneath, RollUpRule, roll_up_tree};
    use outturn_core::{Framework, Key, MilestoneStatus, Node, NodeKind, Status, StatusLabels};

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    fn node(k: &str, parent: Option<&str>) -> Node {
        Node {
            key: key(k),
            kind: key("theme"),
            name: k.to_string(),
            parent: parent.map(key),
            created: None,
            closed: None,
            former_names: vec![],
            outcomes: vec![],
            focus: BTreeMap::new(),
            updates: BTreeMap::new(),
        }
    }

    #[test]
    fn each_item_counts_once_for_its_node_its_alignments_and_every_node_above() {
        let framework = Framework::new(
            vec![NodeKind { key: key("theme"), name: "Theme".into() }],
            vec![
                node("place", None),
                node("housing", Some("place")),
                node("town-centre", Some("place")),
                node("people", None),
            ],
        );
        let (housing, centre, people) = (key("housing"), key("town-centre"), key("people"));
        let aligned_to_housing = [housing.clone()];
        let at_risk = MilestoneStatus::AtRisk;
        let items = [
            Beneath::Measure { owner: &housing, aligned: &[], status: Status::Red },
            // Owned by the town centre and aligned to housing: counted once for "place".
            Beneath::Measure { owner: &centre, aligned: &aligned_to_housing, status: Status::Green },
            Beneath::Milestone { node: &centre, status: &at_risk },
            Beneath::Measure { owner: &people, aligned: &[], status: Status::Missing },
        ];
        let rolled = roll_up_tree(&framework, &RollUpRule::WorstOf, items);
        let counts = |k: &str| rolled[&key(k)].counts(&StatusLabels::default());
        assert_eq!(counts("housing"), "1 Green, 1 Red");
        assert_eq!(counts("town-centre"), "1 Green, 1 Amber");
        assert_eq!(counts("place"), "1 Green, 1 Amber, 1 Red");
        assert_eq!(rolled[&key("place")].status, Some(Status::Red));
        assert_eq!((rolled[&people].status, counts("people")), (None, "1 Missing data".to_string()));
    }
}
