//! The summaries of DOMAIN.md's worked examples: "FTFC focus" and
//! "Corporate focus", counted through the public API.

mod worked;

use jiff::civil::date;
use outturn_core::summary::{MissingItem, SummaryChange};
use outturn_core::{
    Assessment, Decimal, Framework, GroupCondition, Measure, MeasureHistory, Node, NodeKind, Period, Polarity,
    ResultValue, StatusRule, Summary, SummaryGroup, SummaryRule, Unit, YtdRule,
};
use rust_decimal_macros::dec;

use worked::*;

// ---------------------------------------------------------------------------
// Summaries: "FTFC focus" and "Corporate focus"
// ---------------------------------------------------------------------------

fn node(k: &str, kind: &str, name: &str, parent: Option<&str>) -> Node {
    Node {
        key: key(k),
        kind: key(kind),
        name: name.into(),
        parent: parent.map(key),
        created: None,
        closed: None,
        former_names: vec![],
        outcomes: vec![],
        focus: Default::default(),
        updates: Default::default(),
    }
}

fn framework() -> Framework {
    let kind = |k: &str, name: &str| NodeKind { key: key(k), name: name.into() };
    let f = Framework::new(
        vec![kind("programme", "Programme"), kind("theme", "Theme"), kind("business-unit", "Business unit")],
        vec![
            node("excellent-council-homes", "programme", "Excellent Council Homes", None),
            node("financial-security", "programme", "Financial Security", None),
            node("customer", "theme", "Customer", None),
            node("place", "theme", "Place", None),
            node("housing-and-investment", "business-unit", "Housing and Investment", Some("place")),
            node("finance-and-estates", "business-unit", "Finance and Estates", Some("customer")),
            node("customer-services", "business-unit", "Customer Services", Some("customer")),
        ],
    );
    assert!(f.problems().is_empty(), "{:?}", f.problems());
    f
}

fn focus_rule() -> SummaryRule {
    SummaryRule {
        groups: vec![
            SummaryGroup { label: "FTFC focus".into(), condition: GroupCondition::AlignedToKind(key("programme")) },
            SummaryGroup { label: "Corporate focus".into(), condition: GroupCondition::Rest },
        ],
        ..SummaryRule::default()
    }
}

/// One measure of the summary suite: Q1 and Q2 results (None: never entered).
struct Line {
    measure: Measure,
    history: MeasureHistory,
}

fn line(
    code: &str,
    owner: &str,
    aligned: &[&str],
    polarity: Polarity,
    target: Option<Decimal>,
    q1: Option<ResultValue>,
    q2: Option<ResultValue>,
) -> Line {
    let rule = if polarity == Polarity::None { StatusRule::None } else { points(dec!(2)) };
    let mut m = quarterly(code, Unit::Percentage, polarity, YtdRule::Snapshot, rule);
    m.owner = key(owner);
    m.aligned = aligned.iter().map(|a| key(a)).collect();
    let mut results = vec![];
    for (p, v) in [("2020/21-Q1", q1), ("2020/21-Q2", q2)] {
        if let Some(v) = v {
            results.push(entry(&m, p, v));
        }
    }
    let targets = target.map(|t| vec![target_from(&m, "2020/21", t, date(2020, 4, 1), "plan")]).unwrap_or_default();
    Line { measure: m, history: history(results, targets) }
}

fn summary_suite() -> Vec<Line> {
    use Polarity::{Higher, Lower};
    let v = |d: Decimal| Some(value(d));
    let gone = |r: &str| Some(missing(r));
    vec![
        // FTFC focus: aligned to a programme.
        line(
            "BV66a",
            "housing-and-investment",
            &["excellent-council-homes"],
            Higher,
            Some(dec!(96.3)),
            v(dec!(95.0)),
            v(dec!(93.4)),
        ),
        line("FS3", "finance-and-estates", &["financial-security"], Higher, Some(dec!(30)), v(dec!(0)), v(dec!(0))),
        line(
            "EOC4a",
            "customer-services",
            &["excellent-council-homes"],
            Higher,
            Some(dec!(90)),
            v(dec!(91)),
            gone("reporting from the new system delayed"),
        ),
        line(
            "EOCrec",
            "customer-services",
            &["financial-security", "customer-services"],
            Higher,
            Some(dec!(50)),
            v(dec!(60)),
            None,
        ),
        // Corporate focus: not aligned, or aligned to something that is not a programme.
        line("BV9", "finance-and-estates", &[], Higher, Some(dec!(61)), v(dec!(61.5)), v(dec!(59.9))),
        line("NI156", "housing-and-investment", &[], Lower, Some(dec!(120)), v(dec!(140)), v(dec!(150))),
        line("CSC12", "customer-services", &[], Lower, Some(dec!(10.4)), v(dec!(12)), v(dec!(5.8))),
        line(
            "CNM2g",
            "housing-and-investment",
            &[],
            Lower,
            Some(dec!(11.58)),
            gone("awaiting the stock survey"),
            v(dec!(15.38)),
        ),
        line(
            "ECH-Rep4",
            "housing-and-investment",
            &["housing-and-investment"],
            Higher,
            Some(dec!(95)),
            v(dec!(97)),
            v(dec!(98)),
        ),
        line("CUS.06", "customer-services", &[], Higher, None, v(dec!(3)), v(dec!(4))),
        line("INFO1", "customer-services", &[], Polarity::None, None, v(dec!(1)), v(dec!(2))),
    ]
}

fn summarise(lines: &[Line], p: Period) -> Vec<Summary> {
    let assessed: Vec<(&Measure, Assessment)> =
        lines.iter().map(|l| (&l.measure, assess_now(&l.measure, &l.history, p))).collect();
    focus_rule().summarise(&framework(), assessed.iter().map(|(m, a)| (*m, a)))
}

fn counts(s: &Summary) -> (usize, usize, usize, usize, usize, usize, usize) {
    (s.reported, s.green, s.amber, s.red, s.missing, s.no_target, s.information_only)
}

#[test]
fn measures_fall_in_the_first_group_they_match() {
    let f = framework();
    let rule = focus_rule();
    let lines = summary_suite();
    let group = |code: &str| {
        let l = lines.iter().find(|l| l.measure.code.as_str() == code).unwrap();
        rule.group_of(&f, &l.measure).map(str::to_string)
    };
    assert_eq!(group("BV66a").as_deref(), Some("FTFC focus"));
    assert_eq!(group("EOCrec").as_deref(), Some("FTFC focus"));
    assert_eq!(group("BV9").as_deref(), Some("Corporate focus"));
    // Aligned to a business unit, not a programme.
    assert_eq!(group("ECH-Rep4").as_deref(), Some("Corporate focus"));
}

#[test]
fn q2_summary_counts_by_focus_and_lists_missing_data_with_reasons() {
    let lines = summary_suite();
    let q2s = summarise(&lines, q2());
    assert_eq!(q2s.len(), 2);
    let (ftfc, corporate) = (&q2s[0], &q2s[1]);
    assert_eq!(ftfc.label, "FTFC focus");
    // BV66a Red, FS3 Red, EOC4a and EOCrec missing.
    assert_eq!(counts(ftfc), (4, 0, 0, 2, 2, 0, 0));
    assert_eq!(
        ftfc.missing_measures,
        vec![
            MissingItem {
                code: "EOC4a".into(),
                title: "EOC4a title".into(),
                reason: "reporting from the new system delayed".into()
            },
            MissingItem {
                code: "EOCrec".into(),
                title: "EOCrec title".into(),
                reason: "no result recorded for 2020/21-Q2".into()
            },
        ]
    );
    assert_eq!(corporate.label, "Corporate focus");
    // BV9 Amber, NI156 Red, CSC12 Green, CNM2g Red, ECH-Rep4 Green; CUS.06 no target; INFO1 information only.
    assert_eq!(counts(corporate), (5, 2, 1, 2, 0, 1, 1));
    assert!(corporate.missing_measures.is_empty());
    for s in &q2s {
        assert_eq!(s.reported, s.green + s.amber + s.red + s.missing, "{}", s.label);
    }
}

#[test]
fn q1_summary_and_the_change_since_q1() {
    let lines = summary_suite();
    let q1s = summarise(&lines, period("2020/21-Q1"));
    let q2s = summarise(&lines, q2());
    // FTFC Q1: BV66a Amber, FS3 Red, EOC4a Green, EOCrec Green.
    assert_eq!(counts(&q1s[0]), (4, 2, 1, 1, 0, 0, 0));
    // Corporate Q1: BV9 Green, NI156 Red, CSC12 Amber, CNM2g missing, ECH-Rep4 Green.
    assert_eq!(counts(&q1s[1]), (5, 2, 1, 1, 1, 1, 1));
    assert_eq!(q1s[1].missing_measures[0].code, "CNM2g");
    assert_eq!(q1s[1].missing_measures[0].reason, "awaiting the stock survey");

    let ftfc = q2s[0].change_since(&q1s[0]);
    assert_eq!(
        ftfc,
        SummaryChange {
            label: "FTFC focus".into(),
            reported: 0,
            exceeded: 0,
            green: -2,
            amber: -1,
            red: 1,
            missing: 2
        }
    );
    assert_eq!(
        ftfc.describe(&outturn_core::StatusLabels::default()),
        "2 fewer Green, 1 fewer Amber, 1 more Red, 2 more Missing data"
    );
    let corporate = q2s[1].change_since(&q1s[1]);
    assert_eq!(
        corporate,
        SummaryChange {
            label: "Corporate focus".into(),
            reported: 0,
            exceeded: 0,
            green: 0,
            amber: 0,
            red: 1,
            missing: -1
        }
    );
    assert_eq!(corporate.describe(&outturn_core::StatusLabels::default()), "1 more Red, 1 fewer Missing data");
    // "Overall performance status has remained static since quarter one."
    assert_eq!(q2s[0].change_since(&q2s[0]).describe(&outturn_core::StatusLabels::default()), "no change");
}

#[test]
fn with_no_groups_every_measure_is_in_all_measures() {
    let lines = summary_suite();
    let assessed: Vec<(&Measure, Assessment)> =
        lines.iter().map(|l| (&l.measure, assess_now(&l.measure, &l.history, q2()))).collect();
    let all = SummaryRule::default().summarise(&framework(), assessed.iter().map(|(m, a)| (*m, a)));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].label, "All measures");
    assert_eq!(counts(&all[0]), (9, 2, 1, 4, 2, 1, 1));
}
