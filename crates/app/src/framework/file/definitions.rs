//! Turns the framework TOML into domain definitions (kinds, nodes, measures,
//! summary groups, milestones), collecting every problem with its line.

use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use jiff::civil::Date;
use outturn_core::framework::FormerName;
use outturn_core::{
    Colour, Decimal, FinancialYear, Framework, Frequency, GroupCondition, Key, Measure, MeasureCode, Milestone, Node,
    NodeKind, Period, Polarity, RollUpRule, Scores, StatusLabels, StatusRule, SummaryGroup, SummaryRule, Tolerance,
    ToleranceKind, Unit, YtdRule,
};

use outturn_store::Council;

use super::problem::Problems;
use super::toml_model::{
    FrameworkToml, MeasureToml, NodeToml, RollUpToml, S, StatusLabelToml, StatusTableToml, StatusToml,
    SummaryGroupToml, TomlDecimal,
};

/// Reads the council a framework file declares: its tree, measures, summary
/// groups and milestones.
pub fn read_definitions(file: &FrameworkToml, problems: &mut Problems) -> Option<Council> {
    let before = problems.found.len();
    let slug = read_key(problems, &file.council.slug, "council.slug");
    let name = text(problems, &file.council.name, "council.name");

    let mut kinds = Vec::new();
    let mut kind_keys = HashSet::new();
    for (i, k) in file.node_kinds.iter().enumerate() {
        let field = format!("node_kinds[{i}]");
        let k = k.get_ref();
        if let Some(key) = read_key(problems, &k.key, &format!("{field}.key")) {
            if !kind_keys.insert(key.clone()) {
                problems.at(k.key.span(), format!("{field}.key"), format!("the node kind {key} is declared twice"));
            }
            let name = text(problems, &k.name, &format!("{field}.name")).unwrap_or_default();
            kinds.push(NodeKind { key, name });
        }
    }

    let nodes: Vec<Node> =
        file.nodes.iter().enumerate().filter_map(|(i, n)| read_node(problems, i, n.get_ref(), &kind_keys)).collect();
    let framework = Framework::new(kinds, nodes);
    // Tree-wide checks (duplicates, parents, loops) name the node's line.
    for p in framework.problems() {
        let at = file.nodes.iter().enumerate().find(|(_, n)| n.get_ref().key.get_ref() == p.node.as_str());
        match at {
            Some((i, n)) => problems.at(n.span(), format!("nodes[{i}].{}", p.field), p.message),
            None => problems.at_line(None, p.field, p.message),
        }
    }

    let mut measures = Vec::new();
    let mut codes = HashSet::new();
    for (i, m) in file.measures.iter().enumerate() {
        let council_status = file.council.status.as_ref();
        let Some(measure) = read_measure(problems, i, m.get_ref(), &framework, council_status) else { continue };
        if !codes.insert(measure.code.clone()) {
            problems.at(
                m.get_ref().code.span(),
                format!("measures[{i}].code"),
                format!("the measure code {} is used twice", measure.code),
            );
        }
        measures.push(measure);
    }

    let groups = file.summary.iter().flat_map(|s| s.groups.iter());
    let summary = SummaryRule {
        groups: groups.enumerate().filter_map(|(i, g)| read_group(problems, i, g.get_ref(), &framework)).collect(),
        roll_up: file.summary.as_ref().and_then(|s| s.roll_up.as_ref()).and_then(|r| read_roll_up(problems, r)),
        labels: file.summary.as_ref().map(|s| read_labels(problems, &s.labels)).unwrap_or_default(),
    };

    let mut milestones = Vec::new();
    let mut milestone_keys = HashSet::new();
    for (i, m) in file.milestones.iter().enumerate() {
        let field = format!("milestones[{i}]");
        let m = m.get_ref();
        let key = read_key(problems, &m.key, &format!("{field}.key"));
        let node = node_ref(problems, &m.node, &format!("{field}.node"), &framework);
        let due = m.due.as_ref().and_then(|d| parse(problems, d, &format!("{field}.due"), Period::parse));
        let kind = text(problems, &m.kind, &format!("{field}.kind"));
        let title = text(problems, &m.title, &format!("{field}.title"));
        if let Some(k) = &key
            && !milestone_keys.insert(k.clone())
        {
            problems.at(m.key.span(), format!("{field}.key"), format!("the milestone {k} is declared twice"));
        }
        if let (Some(key), Some(node), Some(kind), Some(title)) = (key, node, kind, title) {
            milestones.push(Milestone { key, kind, title, node, due });
        }
    }

    if problems.found.len() > before {
        return None;
    }
    let fictional = file.council.fictional;
    Some(Council { slug: slug?, name: name?, fictional, framework, measures, summary, milestones })
}

fn read_node(problems: &mut Problems, i: usize, n: &NodeToml, kinds: &HashSet<Key>) -> Option<Node> {
    let field = format!("nodes[{i}]");
    let key = read_key(problems, &n.key, &format!("{field}.key"));
    let kind = read_key(problems, &n.kind, &format!("{field}.kind"));
    if let Some(k) = &kind
        && !kinds.contains(k)
    {
        problems.at(
            n.kind.span(),
            format!("{field}.kind"),
            format!("{k} is not a node kind declared in [[node_kinds]]"),
        );
    }
    let name = text(problems, &n.name, &format!("{field}.name"));
    let parent = n.parent.as_ref().and_then(|p| read_key(problems, p, &format!("{field}.parent")));
    let created = n.created.as_ref().and_then(|d| date(problems, d, &format!("{field}.created")));
    let closed = n.closed.as_ref().and_then(|d| date(problems, d, &format!("{field}.closed")));
    let former_names = n
        .former_names
        .iter()
        .filter_map(|f| {
            let f = f.get_ref();
            let until = date(problems, &f.until, &format!("{field}.former_names.until"))?;
            Some(FormerName { name: text(problems, &f.name, &format!("{field}.former_names.name"))?, until })
        })
        .collect();
    let mut focus = BTreeMap::new();
    for (year, lines) in &n.focus {
        if let Some(fy) = parse(problems, year, &format!("{field}.focus"), FinancialYear::from_str) {
            focus.insert(fy, lines.clone());
        }
    }
    let mut updates = BTreeMap::new();
    for u in &n.updates {
        let u = u.get_ref();
        if let Some(period) = parse(problems, &u.period, &format!("{field}.updates.period"), Period::parse)
            && updates.insert(period, u.text.get_ref().trim().to_string()).is_some()
        {
            problems.at(u.period.span(), format!("{field}.updates.period"), format!("two updates for {period}"));
        }
    }
    Some(Node {
        key: key?,
        kind: kind?,
        name: name?,
        parent,
        created,
        closed,
        former_names,
        outcomes: n.outcomes.clone(),
        focus,
        updates,
    })
}

pub(super) fn read_measure(
    problems: &mut Problems,
    i: usize,
    m: &MeasureToml,
    framework: &Framework,
    council_status: Option<&S<StatusToml>>,
) -> Option<Measure> {
    let field = format!("measures[{i}]");
    let f = |name: &str| format!("{field}.{name}");
    let code = parse(problems, &m.code, &f("code"), MeasureCode::parse);
    let title = text(problems, &m.title, &f("title"));
    let owner = node_ref(problems, &m.owner, &f("owner"), framework);
    let aligned: Vec<Key> = m.aligned.iter().filter_map(|a| node_ref(problems, a, &f("aligned"), framework)).collect();
    let unit = match m.unit.get_ref().as_str() {
        "percentage" => Some(Unit::Percentage),
        "count" => Some(Unit::Count),
        "days" => Some(Unit::Days),
        "money" => Some(Unit::Money),
        "score" => Some(Unit::Score),
        "ratio" => Some(Unit::Ratio),
        "text" => Some(Unit::Text),
        "rate" => match &m.rate_per {
            Some(per) => match u32::try_from(*per.get_ref()) {
                Ok(per) if per > 0 => Some(Unit::Rate { per }),
                _ => bad(problems, per.span(), &f("rate_per"), "a rate is per a whole number greater than zero (1000)"),
            },
            None => bad(problems, m.unit.span(), &f("rate_per"), "a rate needs rate_per, such as rate_per = 1000"),
        },
        other => bad(
            problems,
            m.unit.span(),
            &f("unit"),
            &format!("\"{other}\" is not a unit: use percentage, count, days, money, rate, score, ratio or text"),
        ),
    };
    if let (Some(per), Some(u)) = (&m.rate_per, unit)
        && !matches!(u, Unit::Rate { .. })
    {
        problems.at(per.span(), f("rate_per"), "rate_per is only for unit = \"rate\"");
    }
    let decimals = match &m.decimals {
        Some(d) => match u8::try_from(*d.get_ref()) {
            Ok(d) => Some(d),
            Err(_) => bad(problems, d.span(), &f("decimals"), "decimals is a whole number from 0 to 6"),
        },
        None => unit.map(Unit::default_decimals),
    };
    let polarity = word(
        problems,
        &m.polarity,
        &f("polarity"),
        &[("higher", Polarity::Higher), ("lower", Polarity::Lower), ("none", Polarity::None)],
    );
    let frequency = word(
        problems,
        &m.frequency,
        &f("frequency"),
        &[("monthly", Frequency::Monthly), ("quarterly", Frequency::Quarterly), ("annual", Frequency::Annual)],
    );
    let ytd = match m.ytd.get_ref().as_str() {
        "ratio" => match &m.ratio_scale {
            Some(scale) => decimal(problems, scale, &f("ratio_scale")).map(|scale| YtdRule::Ratio { scale }),
            None => bad(
                problems,
                m.ytd.span(),
                &f("ratio_scale"),
                "a ratio needs ratio_scale (100 for a percentage, 1 otherwise)",
            ),
        },
        "sum" => Some(YtdRule::Sum),
        "snapshot" => Some(YtdRule::Snapshot),
        "rolling-12" => Some(YtdRule::RollingTwelveMonths),
        "mean-of-ratings" => Some(YtdRule::MeanOfRatings),
        other => bad(
            problems,
            m.ytd.span(),
            &f("ytd"),
            &format!("\"{other}\" is not a year-to-date rule: use sum, snapshot, ratio, rolling-12 or mean-of-ratings"),
        ),
    };
    if let (Some(scale), Some(rule)) = (&m.ratio_scale, ytd)
        && !matches!(rule, YtdRule::Ratio { .. })
    {
        problems.at(scale.span(), f("ratio_scale"), "ratio_scale is only for ytd = \"ratio\"");
    }
    // The measure's own rule, else the council's default.
    let status_rule = match (&m.status, council_status) {
        (Some(own), _) => read_status(problems, own, &f("status")),
        (None, Some(default)) => read_status(problems, default, "council.status"),
        (None, None) => {
            let message = "a measure needs a status rule: give it status, or give [council] a status for every measure";
            problems.at(m.code.span(), f("status"), message);
            None
        }
    };
    let active_from = m.active_from.as_ref().and_then(|p| parse(problems, p, &f("active_from"), Period::parse));
    let retired_from = m.retired_from.as_ref().and_then(|p| parse(problems, p, &f("retired_from"), Period::parse));
    let tags = read_tags(problems, &m.tags, m.code.span(), &f("tags"));

    let measure = Measure {
        code: code?,
        title: title?,
        definition: m.definition.clone().filter(|d| !d.trim().is_empty()),
        owner: owner?,
        officer: m.officer.clone().filter(|o| !o.trim().is_empty()),
        aligned,
        tags: tags?,
        unit: unit?,
        decimals: decimals?,
        polarity: polarity?,
        frequency: frequency?,
        ytd: ytd?,
        status_rule: status_rule?,
        active_from,
        retired_from,
        retired_reason: m.retired_reason.clone(),
    };
    let mut ok = true;
    for p in measure.problems() {
        problems.at(m.code.span(), f(p.field), p.message);
        ok = false;
    }
    ok.then_some(measure)
}

fn read_status(problems: &mut Problems, status: &S<StatusToml>, field: &str) -> Option<StatusRule> {
    const FORMS: &str = "use \"none\", { threshold = true } or { tolerance = \"points\" | \"percent\" | \"absolute\", amber = \"2\" } \
         (with beyond = \"direction\" for the direction-aware rule, \"forecast\" for the forecast-aware rule; \
         or green = \"5\" for bands: Green within 5, Amber within amber, Red beyond, \
         and exceeded = \"10\" for Exceeded more than 10 better than target)";
    let span = status.span();
    match status.get_ref() {
        StatusToml::Word(w) if w == "none" => Some(StatusRule::None),
        StatusToml::Word(w) => bad(problems, span, field, &format!("\"{w}\" is not a status rule: {FORMS}")),
        StatusToml::Table(StatusTableToml {
            threshold: Some(true),
            tolerance: None,
            amber: None,
            beyond: None,
            green: None,
            exceeded: None,
        }) => Some(StatusRule::Threshold),
        StatusToml::Table(StatusTableToml {
            threshold: None,
            tolerance: Some(kind),
            amber: Some(amber),
            beyond,
            green,
            exceeded,
        }) => {
            let Some(kind) = ToleranceKind::from_code(kind) else {
                return bad(problems, span, field, &format!("\"{kind}\" is not a tolerance: {FORMS}"));
            };
            let amber =
                decimal_value(amber).map_err(|m| problems.at(span.clone(), format!("{field}.amber"), m)).ok()?;
            if let Some(green) = green {
                let green =
                    decimal_value(green).map_err(|m| problems.at(span.clone(), format!("{field}.green"), m)).ok()?;
                if beyond.is_some() {
                    let message = "bands (green) say what lies beyond them: Red; give green or beyond, not both";
                    return bad(problems, span, &format!("{field}.beyond"), message);
                }
                let exceeded = match exceeded {
                    Some(e) => Some(
                        decimal_value(e).map_err(|m| problems.at(span.clone(), format!("{field}.exceeded"), m)).ok()?,
                    ),
                    None => None,
                };
                return Some(StatusRule::Banded(outturn_core::Bands { kind, green, amber, exceeded }));
            }
            if exceeded.is_some() {
                let message = "an Exceeded band is given with bands: add green (how far short is still Green)";
                return bad(problems, span, &format!("{field}.exceeded"), message);
            }
            match StatusRule::with_tolerance(Tolerance { kind, amber }, beyond.as_deref()) {
                Some(rule) => Some(rule),
                None => {
                    let other = beyond.as_deref().unwrap_or_default();
                    let message = format!(
                        "\"{other}\" is not what a figure beyond the tolerance is: use {}",
                        StatusRule::BEYOND_WORDS
                    );
                    bad(problems, span, &format!("{field}.beyond"), &message)
                }
            }
        }
        StatusToml::Table(_) => bad(problems, span, field, FORMS),
    }
}

fn read_roll_up(problems: &mut Problems, roll_up: &S<RollUpToml>) -> Option<RollUpRule> {
    let field = "summary.roll_up";
    let span = roll_up.span();
    let (rule, scores) = match roll_up.get_ref() {
        RollUpToml::Word(rule) => (rule, None),
        RollUpToml::Table(t) => {
            let Some(rule) = &t.rule else {
                let message = format!("give the rule: rule = \"weighted\" (or use a word: {})", RollUpRule::NAMES);
                problems.at(span, format!("{field}.rule"), message);
                return None;
            };
            let given = [&t.green, &t.amber, &t.red, &t.green_from, &t.amber_from];
            let scores = if given.iter().all(|g| g.is_none()) {
                None
            } else {
                let defaults = Scores::default();
                let mut value = |given: &Option<TomlDecimal>, name: &str, default: Decimal| match given {
                    None => Some(default),
                    Some(d) => {
                        decimal_value(d).map_err(|m| problems.at(span.clone(), format!("{field}.{name}"), m)).ok()
                    }
                };
                Some(Scores {
                    green: value(&t.green, "green", defaults.green)?,
                    amber: value(&t.amber, "amber", defaults.amber)?,
                    red: value(&t.red, "red", defaults.red)?,
                    green_from: value(&t.green_from, "green_from", defaults.green_from)?,
                    amber_from: value(&t.amber_from, "amber_from", defaults.amber_from)?,
                })
            };
            (rule, scores)
        }
    };
    RollUpRule::parse(rule, scores).map_err(|e| problems.at(span, field, e.to_string())).ok()
}

/// `[summary.labels]`: the council's words and colours, by status code;
/// that no two statuses share words is checked once all are read.
fn read_labels(problems: &mut Problems, given: &BTreeMap<String, S<StatusLabelToml>>) -> StatusLabels {
    let mut labels = StatusLabels::default();
    let mut spans = std::collections::HashMap::new();
    for (code, style) in given {
        let (span, field) = (style.span(), format!("summary.labels.{code}"));
        let status = match StatusLabels::status(code) {
            Ok(status) => status,
            Err(e) => {
                problems.at(span, field, e.to_string());
                continue;
            }
        };
        if spans.insert(status, span.clone()).is_some() {
            problems.at(span, field, format!("{} is given twice", status.code()));
            continue;
        }
        let style = style.get_ref();
        let colour = match style.colour.as_deref().map(|c| (c, Colour::parse(c))) {
            Some((given, None)) => {
                let e = outturn_core::status_labels::LabelError::UnknownColour(given.to_string());
                problems.at(span, format!("{field}.colour"), e.to_string());
                continue;
            }
            Some((_, colour)) => colour,
            None => None,
        };
        if let Err(e) = labels.set(status, style.label.as_deref(), colour) {
            problems.at(span, format!("{field}.label"), e.to_string());
        }
    }
    if let Some((status, e)) = labels.shared() {
        // Named at whichever of the two the file gave (it may have given one only).
        let other = match &e {
            outturn_core::status_labels::LabelError::Taken { other, .. } => StatusLabels::status(other).ok(),
            _ => None,
        };
        let at = [Some(status), other].into_iter().flatten().find_map(|s| spans.get(&s).map(|span| (s, span)));
        match at {
            Some((s, span)) => problems.at(span.clone(), format!("summary.labels.{}.label", s.code()), e.to_string()),
            None => problems.at_line(None, format!("summary.labels.{}.label", status.code()), e.to_string()),
        }
    }
    labels
}

fn read_group(problems: &mut Problems, i: usize, g: &SummaryGroupToml, framework: &Framework) -> Option<SummaryGroup> {
    let field = format!("summary.groups[{i}]");
    let label = text(problems, &g.label, &format!("{field}.label"))?;
    let condition = match (&g.aligned_to_kind, &g.under, &g.tagged) {
        (None, None, None) => GroupCondition::Rest,
        (Some(kind), None, None) => {
            let k = read_key(problems, kind, &format!("{field}.aligned_to_kind"))?;
            if framework.kind(&k).is_none() {
                return bad(
                    problems,
                    kind.span(),
                    &format!("{field}.aligned_to_kind"),
                    &format!("{k} is not a node kind"),
                );
            }
            GroupCondition::AlignedToKind(k)
        }
        (None, Some(node), None) => {
            GroupCondition::Under(node_ref(problems, node, &format!("{field}.under"), framework)?)
        }
        (None, None, Some(tag)) => GroupCondition::Tagged(name(problems, tag, &format!("{field}.tagged"))?),
        _ => {
            return bad(
                problems,
                g.label.span(),
                &field,
                "a group has at most one of aligned_to_kind, under and tagged",
            );
        }
    };
    Some(SummaryGroup { label, condition })
}

// Small readers: each records a problem at the value's line and returns None.

fn bad<T>(problems: &mut Problems, span: std::ops::Range<usize>, field: &str, message: &str) -> Option<T> {
    problems.at(span, field, message);
    None
}

fn text(problems: &mut Problems, value: &S<String>, field: &str) -> Option<String> {
    let t = value.get_ref().trim();
    if t.is_empty() { bad(problems, value.span(), field, "must not be empty") } else { Some(t.to_string()) }
}

/// A name that tells things apart (a tag): visible text only.
fn name(problems: &mut Problems, value: &S<String>, field: &str) -> Option<String> {
    match outturn_core::text::name_problem(value.get_ref()) {
        Some(message) => bad(problems, value.span(), field, &message),
        None => Some(value.get_ref().trim().to_string()),
    }
}

/// A measure's tags (they group measures in the summary): each visible text.
/// Tags carry no position of their own, so a problem names the measure's code.
fn read_tags(problems: &mut Problems, tags: &[String], at: std::ops::Range<usize>, field: &str) -> Option<Vec<String>> {
    let mut read = Vec::with_capacity(tags.len());
    for tag in tags {
        match outturn_core::text::name_problem(tag) {
            Some(message) => return bad(problems, at, field, &message),
            None => read.push(tag.trim().to_string()),
        }
    }
    Some(read)
}

fn parse<T, E: std::fmt::Display>(
    problems: &mut Problems,
    value: &S<String>,
    field: &str,
    parser: impl Fn(&str) -> Result<T, E>,
) -> Option<T> {
    parser(value.get_ref()).map_err(|e| problems.at(value.span(), field, e.to_string())).ok()
}

fn read_key(problems: &mut Problems, value: &S<String>, field: &str) -> Option<Key> {
    parse(problems, value, field, Key::parse)
}

fn node_ref(problems: &mut Problems, value: &S<String>, field: &str, framework: &Framework) -> Option<Key> {
    let k = read_key(problems, value, field)?;
    if framework.node(&k).is_none() {
        return bad(problems, value.span(), field, &format!("{k} is not a node declared in [[nodes]]"));
    }
    Some(k)
}

fn date(problems: &mut Problems, value: &S<String>, field: &str) -> Option<Date> {
    parse(problems, value, field, |t: &str| {
        let date =
            t.parse::<Date>().map_err(|_| format!("\"{t}\" is not a date: write YYYY-MM-DD, such as 2020-03-31"))?;
        outturn_core::supported_day(date).map_err(|e| e.to_string())
    })
}

fn word<T: Copy>(problems: &mut Problems, value: &S<String>, field: &str, choices: &[(&str, T)]) -> Option<T> {
    let given = value.get_ref().as_str();
    if let Some((_, v)) = choices.iter().find(|(w, _)| *w == given) {
        return Some(*v);
    }
    let names: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
    bad(problems, value.span(), field, &format!("\"{given}\" is not one of {}", names.join(", ")))
}

fn decimal(problems: &mut Problems, value: &S<TomlDecimal>, field: &str) -> Option<Decimal> {
    decimal_value(value.get_ref()).map_err(|m| problems.at(value.span(), field, m)).ok()
}

/// Reads a TOML decimal, refusing floats.
pub fn decimal_value(value: &TomlDecimal) -> Result<Decimal, String> {
    match value {
        TomlDecimal::Text(t) => parse_decimal(t),
        TomlDecimal::Integer(i) => outturn_core::result::within_bounds(Decimal::from(*i)),
        TomlDecimal::Float(f) => {
            Err(format!("write decimals in quotes so they are kept exactly: \"{f}\" rather than {f}"))
        }
    }
}

/// Parses a decimal as a person writes it ("59.9", "-1.5", "1,234"); no
/// exponents, no units, nothing beyond the largest figure outturn accepts.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let plain: String = t.chars().filter(|c| *c != ',').collect();
    let value = Decimal::from_str_exact(&plain)
        .map_err(|_| format!("\"{t}\" is not a number: write it like 59.9 or 224901"))?;
    outturn_core::result::within_bounds(value)
}
