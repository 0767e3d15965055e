//! `extract` on a real paper: the Stevenage corporate performance report for
//! quarter two 2020/21 (a copy of the published paper in `demo/papers/`). It must find
//! every measure line the paper gives a figure for, with the paper's numbers,
//! and nothing else: not the forecast table, the footnotes naming missing
//! measures, or the narrative.

use std::path::Path;
use std::str::FromStr;

use outturn_app::legacy::{LegacyLine, extract};
use outturn_core::{Decimal, Unit};

const SEED: &str = "../../demo/papers/stevenage-corporate-performance-q2-2020-21.txt";

fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the seed paper must be readable at {} (demo/papers/): {e}", path.display()))
}

fn d(text: &str) -> Option<Decimal> {
    Some(Decimal::from_str(text).unwrap())
}

fn line<'a>(lines: &'a [LegacyLine], code: &str) -> &'a LegacyLine {
    lines.iter().find(|l| l.code == code).unwrap_or_else(|| panic!("{code} not found"))
}

#[test]
fn every_measure_line_of_the_stevenage_paper_and_nothing_else() {
    let lines = extract(&seed());
    let codes: Vec<&str> = lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "NI156",
            "BV213",
            "BV66a",
            "VoidLoss1",
            "VoidsSheltered",
            "VoidsShelteredMW",
            "BTC1a",
            "BTC1b",
            "NI184",
            "CNM2g",
            "CSC12",
            "CSC13a",
            "EAA1",
            "WebSat1",
            "BV9",
            "FS1A",
            "FS2A",
            "FS3",
            "FS4",
        ]
    );
    let expected = [
        ("NI156", "120", Some("150"), Unit::Count),
        ("BV213", "180", Some("151"), Unit::Count),
        ("BV66a", "96.3", Some("93.4"), Unit::Percentage),
        ("VoidLoss1", "164594", Some("224901"), Unit::Money),
        ("VoidsSheltered", "70", Some("108.88"), Unit::Days),
        ("VoidsShelteredMW", "70", Some("127"), Unit::Days),
        ("BTC1a", "30", Some("12"), Unit::Count),
        ("BTC1b", "12", Some("10"), Unit::Count),
        ("NI184", "95", Some("92.9"), Unit::Percentage),
        ("CNM2g", "11.58", Some("15.38"), Unit::Percentage),
        ("CSC12", "10.4", Some("5.8"), Unit::Percentage),
        ("CSC13a", "61.8", None, Unit::Percentage),
        ("EAA1", "90", Some("96"), Unit::Percentage),
        ("WebSat1", "0.3", Some("0.15"), Unit::Score),
        ("BV9", "61", Some("59.9"), Unit::Percentage),
        ("FS1A", "92", Some("77"), Unit::Percentage),
        ("FS2A", "91", Some("30"), Unit::Percentage),
        ("FS3", "30", Some("0"), Unit::Percentage),
        ("FS4", "30", Some("0"), Unit::Percentage),
    ];
    for (code, target, result, unit) in expected {
        let l = line(&lines, code);
        assert_eq!((l.target, l.result, l.unit), (d(target), result.and_then(d), unit), "{code}");
        let period = l.period.as_ref().unwrap_or_else(|| panic!("{code} has no period"));
        assert_eq!(period.period.to_string(), "2020-09", "{code}");
        assert_eq!(l.target_period, None, "{code}");
    }
}

#[test]
fn periods_titles_and_where_each_line_starts() {
    let lines = extract(&seed());
    let csc12 = line(&lines, "CSC12");
    let p = csc12.period.as_ref().unwrap();
    assert_eq!((p.text.as_str(), p.year_to_date), ("April 2020 to September 2020", true));
    assert_eq!(csc12.title, "Percentage of calls abandoned in the Customer Service Centre");
    assert_eq!(csc12.source_line, 1451);
    assert!(csc12.source_text.ends_with("target 10.4%, April 2020 to September 2020 achieved 5.8%"));

    let eaa1 = line(&lines, "EAA1");
    let p = eaa1.period.as_ref().unwrap();
    assert_eq!((p.text.as_str(), p.year_to_date), ("April to September 2020", true));

    let bv213 = line(&lines, "BV213");
    let p = bv213.period.as_ref().unwrap();
    assert_eq!((p.text.as_str(), p.year_to_date), ("September 2020", false));
    assert_eq!((bv213.title.as_str(), bv213.source_line), ("Homelessness Preventions", 1145));

    let bv9 = line(&lines, "BV9");
    assert_eq!((bv9.title.as_str(), bv9.reported_status.as_deref()), ("% Council Tax collected", Some("amber")));

    let ni156 = line(&lines, "NI156");
    assert_eq!(ni156.title, "Number of households in temporary/emergency accommodation at end of quarter");
    assert_eq!(ni156.source_line, 1106);

    // The paper prints "April 2019" for April 2020 here; the line is read as printed.
    let csc13a = line(&lines, "CSC13a");
    assert_eq!(csc13a.period.as_ref().unwrap().text, "April 2019 to September 2020");
    let reason = csc13a.unavailable.as_deref().unwrap();
    assert!(reason.starts_with("unable to report due to reporting from the new systems being delayed"), "{reason}");
    assert!(reason.ends_with("Calculations have been based on historical data"), "{reason}");
    assert!(lines.iter().all(|l| l.code == "CSC13a" || l.unavailable.is_none()));
}

/// Any text at all is read without panicking: the seed cut anywhere, and
/// made-up text built from the pieces measure lines are made of.
#[test]
fn no_text_makes_extract_panic() {
    let text = seed();
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for k in 0..40 {
        let cut = boundaries[k * boundaries.len() / 40];
        extract(&text[..cut]);
        extract(&text[cut..]);
    }
    const PIECES: [&str; 32] = [
        "BV9",
        ": ",
        " - ",
        "target",
        " achieved ",
        "actual",
        "£",
        "%",
        "-",
        "1,234",
        ".5",
        "0",
        "2020/21",
        "Q2 ",
        "September",
        " 2020",
        " to ",
        "April",
        "\n",
        "\n\n",
        "•",
        "\u{F0B7}",
        "days",
        "per 1,000",
        "unable to report",
        "(amber)",
        ",",
        "3.145 ",
        "p",
        "k",
        "é",
        "99999999999999999999999999999",
    ];
    let mut seed_state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut made = String::new();
        for _ in 0..40 {
            seed_state ^= seed_state << 13;
            seed_state ^= seed_state >> 7;
            seed_state ^= seed_state << 17;
            made.push_str(PIECES[(seed_state % PIECES.len() as u64) as usize]);
        }
        extract(&made);
    }
}
