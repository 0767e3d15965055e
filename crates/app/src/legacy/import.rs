//! Use case: load the measure lines of a past committee paper into a
//! council's history, as reported in that paper.
//!
//! Each line is matched to a measure by its code, exactly (case and
//! punctuation count); a code that is not a measure is listed, never guessed.
//! A matched line becomes a result for the measure's own period that ends
//! where the paper's period ends (a quarterly measure's "September 2020"
//! figure is its 2020/21-Q2 result) and a target revision for that period
//! (a financial year's target, "2020/21 target 60", stays the year's).
//!
//! - The result is cumulative (already the year to date) when the paper's
//!   period runs from April, or when the measure adds its figures up (a sum,
//!   a ratio, a mean of ratings) and the paper gives its figure at a month
//!   for a quarterly or annual measure: papers quote such figures to date
//!   ("September 2020 target 180, achieved 151" is April to September).
//! - The commentary says which paper and line the figure came from; a
//!   target revision's reason is "as reported in <paper>", effective from the
//!   start of its financial year.
//! - The import fills gaps and never overrides: a period that already has
//!   the paper's figure (or a target of the same value) is left as it is,
//!   and one that holds a different figure or target keeps it and is listed,
//!   so an officer can look; a stored figure is not replaced by the paper's
//!   "unable to report". A Missing result is filled by the paper's figure.
//!   Re-importing the same paper adds nothing.
//! - A line that cannot be stored (its period does not end one of the
//!   measure's periods, it gives no period, its unit is not the measure's, or
//!   the core refuses the value) is reported with the reason, and then
//!   nothing at all is written. Everything else is written in one change set.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use outturn_core::as_of::AsOf;
use outturn_core::result::{ResultInput, as_recorded};
use outturn_core::target::revision_in_force;
use outturn_core::{
    Decimal, Frequency, Key, Measure, MeasureHistory, Period, ResultEntry, ResultValue, TargetRevision, Unit, YtdRule,
};
use outturn_store::{ChangeSet, Store};

use super::{LegacyLine, LegacyPeriod, extract};
use crate::AppError;
use crate::access::Action;
use crate::actor::Actor;
use crate::audit_event::AuditEvent;

/// What importing a paper did, for the person who ran it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyImport {
    pub council: Key,
    /// The paper, as named by the caller.
    pub source: String,
    /// How many measure lines the paper has.
    pub found: usize,
    /// One line per result or target recorded, in the paper's order.
    pub recorded: Vec<String>,
    /// Lines whose result and target were already recorded as the paper gives
    /// them ("BV9 2020/21-Q2 (line 1626)").
    pub unchanged: Vec<String>,
    /// What is stored and differs from the paper, kept as it is.
    pub kept: Vec<String>,
    /// Lines whose code is not one of the council's measures.
    pub unmatched: Vec<Unmatched>,
}

impl LegacyImport {
    pub fn recorded_nothing(&self) -> bool {
        self.recorded.is_empty()
    }
}

/// A measure line whose code the council does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    pub code: String,
    pub title: String,
    pub source_line: usize,
}

/// A line that cannot be stored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub source: String,
    pub line: usize,
    pub code: String,
    pub message: String,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}: {}", self.source, self.line, self.code, self.message)
    }
}

/// The message for [`AppError::LegacyLines`]: a count, then one problem a line.
pub(crate) fn problems_message(problems: &[LineProblem]) -> String {
    let n = problems.len();
    let mut text = format!("nothing was imported: {n} measure line{} cannot be stored", if n == 1 { "" } else { "s" });
    for p in problems {
        text.push_str("\n  ");
        text.push_str(&p.to_string());
    }
    text
}

/// Extracts the measure lines of `text` (the paper called `source_name`) and
/// records them for the council, all or nothing.
pub async fn import_legacy(
    store: &dyn Store,
    council: &Key,
    text: &str,
    source_name: &str,
    recorded_at: Timestamp,
    actor: &Actor,
) -> Result<LegacyImport, AppError> {
    let council = crate::council(store, council).await?;
    actor.check(Action::ImportData(&council.slug))?;
    let recorded_by = actor.name();
    let history = store.history(&council.slug).await?;
    let lines = extract(text);
    let mut import = LegacyImport {
        council: council.slug.clone(),
        source: source_name.to_string(),
        found: lines.len(),
        recorded: Vec::new(),
        unchanged: Vec::new(),
        kept: Vec::new(),
        unmatched: Vec::new(),
    };
    let mut plan = Plan {
        source: source_name,
        recorded_at,
        recorded_by,
        results: Vec::new(),
        targets: Vec::new(),
        problems: Vec::new(),
    };
    for line in &lines {
        match council.measures.iter().find(|m| m.code.as_str() == line.code) {
            Some(measure) => plan.add(measure, line),
            None => import.unmatched.push(Unmatched {
                code: line.code.clone(),
                title: line.title.clone(),
                source_line: line.source_line,
            }),
        }
    }
    if !plan.problems.is_empty() {
        return Err(AppError::LegacyLines(plan.problems));
    }

    let empty = MeasureHistory::default();
    let now = AsOf::at(recorded_at);
    let mut changes = ChangeSet::for_council(council.slug.clone(), "");
    // Each line once: what it is about, and whether anything was recorded or kept for it.
    let mut lines_seen = BTreeMap::<usize, (String, bool)>::new();
    let mut recorded = Vec::new();
    for (measure, line, entry) in &plan.results {
        let stored = &history.measures.get(&measure.code).unwrap_or(&empty).results;
        let current = as_recorded(stored, entry.period, now);
        let subject = format!("{} {}", entry.measure, entry.period);
        let seen = lines_seen.entry(line.source_line).or_insert_with(|| (subject.clone(), false));
        let imported_before = stored
            .iter()
            .any(|e| e.period == entry.period && e.value == entry.value && e.commentary == entry.commentary);
        if imported_before || current.is_some_and(|c| same_result(measure, &c.value, &entry.value)) {
            continue;
        }
        seen.1 = true;
        if let Some(c) = current.filter(|c| !matches!(c.value, ResultValue::Missing { .. })) {
            import.kept.push(format!(
                "{subject}: kept the result recorded, {}; the paper gives {} (line {})",
                describe_result(measure, &c.value),
                describe_result(measure, &entry.value),
                line.source_line
            ));
            continue;
        }
        changes.audit.push(
            AuditEvent::ResultRecorded { council: &council.slug, before: current, after: entry }
                .record_by(actor, recorded_at),
        );
        recorded.push((
            line.source_line,
            format!("result {subject}: {} (line {})", describe_result(measure, &entry.value), line.source_line),
        ));
        changes.results.push(entry.clone());
    }
    for (measure, line, revision) in &plan.targets {
        let stored = &history.measures.get(&measure.code).unwrap_or(&empty).targets;
        let subject = format!("{} {}", revision.measure, revision.period);
        let seen = lines_seen.entry(line.source_line).or_insert_with(|| (subject.clone(), false));
        // The revision in force, or failing that the latest known (one effective later than now).
        let in_force = revision_in_force(stored, revision.period, now)
            .or_else(|| stored.iter().rfind(|r| r.period == revision.period && now.knows(r.recorded_at)));
        let imported_before = stored
            .iter()
            .any(|r| r.period == revision.period && r.value == revision.value && r.reason == revision.reason);
        if imported_before || in_force.is_some_and(|r| r.value == revision.value) {
            continue;
        }
        seen.1 = true;
        if let Some(r) = in_force {
            import.kept.push(format!(
                "{subject}: kept the target recorded, {}; the paper gives {} (line {})",
                show(measure, r.value),
                show(measure, revision.value),
                line.source_line
            ));
            continue;
        }
        changes.audit.push(
            AuditEvent::TargetRevised { council: &council.slug, before: None, after: revision }
                .record_by(actor, recorded_at),
        );
        recorded.push((
            line.source_line,
            format!("target {subject}: {} (line {})", show(measure, revision.value), line.source_line),
        ));
        changes.targets.push(revision.clone());
    }
    // In the paper's order, a line's result before its target.
    recorded.sort_by_key(|(line, _)| *line);
    import.recorded = recorded.into_iter().map(|(_, text)| text).collect();
    import.unchanged = lines_seen
        .into_iter()
        .filter(|(_, (_, touched))| !touched)
        .map(|(line, (subject, _))| format!("{subject} (line {line})"))
        .collect();
    // Signed-off and published periods refuse results here as everywhere: a gap filled there changes a locked figure.
    crate::rounds::sign_off::check_unlocked(store, &council, &mut changes, None).await?;
    if !changes.results.is_empty() || !changes.targets.is_empty() {
        store.apply(&changes).await?;
    }
    Ok(import)
}

/// What the paper's lines become, before they are compared with the store.
struct Plan<'a> {
    source: &'a str,
    recorded_at: Timestamp,
    recorded_by: &'a str,
    results: Vec<(&'a Measure, &'a LegacyLine, ResultEntry)>,
    targets: Vec<(&'a Measure, &'a LegacyLine, TargetRevision)>,
    problems: Vec<LineProblem>,
}

impl<'a> Plan<'a> {
    fn add(&mut self, measure: &'a Measure, line: &'a LegacyLine) {
        if let Err(message) = self.try_add(measure, line) {
            self.problems.push(LineProblem {
                source: self.source.to_string(),
                line: line.source_line,
                code: line.code.clone(),
                message,
            });
        }
    }

    fn try_add(&mut self, measure: &'a Measure, line: &'a LegacyLine) -> Result<(), String> {
        let Some(paper) = &line.period else {
            return Err(
                "the line gives no period (such as \"September 2020\" or \"Q2 2020/21\") for its figures".into()
            );
        };
        if measure.unit == Unit::Text {
            return Err(format!("{} is reported in words only, but the paper gives it figures", measure.code));
        }
        if line.unit_marked && line.unit != measure.unit {
            return Err(format!(
                "the paper gives the figures as {}, but {} is measured as {}",
                line.unit.name(),
                measure.code,
                measure.unit.name()
            ));
        }
        let mut result = None;
        if line.result.is_some() || line.unavailable.is_some() {
            let period = own_period(measure, paper)?;
            let cumulative = cumulative(measure, paper, period)?;
            let commentary = match &line.reported_status {
                Some(status) => {
                    format!("As reported in {}, line {} (reported {status})", self.source, line.source_line)
                }
                None => format!("As reported in {}, line {}", self.source, line.source_line),
            };
            let input = ResultInput {
                value: line.result,
                cumulative,
                missing_reason: if line.result.is_none() { line.unavailable.clone() } else { None },
                commentary: Some(commentary),
                ..ResultInput::default()
            };
            let (value, commentary) = input.check(measure, period).map_err(|e| e.to_string())?;
            result = Some(ResultEntry {
                measure: measure.code.clone(),
                period,
                value,
                commentary,
                recorded_at: self.recorded_at,
                recorded_by: self.recorded_by.to_string(),
            });
        }
        let mut target = None;
        if let Some(value) = line.target {
            let paper_target = line.target_period.as_ref().unwrap_or(paper);
            let period = match paper_target.period {
                Period::Year(_) => paper_target.period,
                _ => own_period(measure, paper_target)?,
            };
            target = Some(TargetRevision {
                measure: measure.code.clone(),
                period,
                value,
                effective: Period::Year(period.financial_year()).start_date(),
                reason: format!("as reported in {}", self.source),
                author: self.recorded_by.to_string(),
                recorded_at: self.recorded_at,
            });
        }
        // The same measure and period twice in one paper must agree.
        if let Some(entry) = &result
            && let Some((_, earlier, e)) =
                self.results.iter().find(|(m, _, e)| m.code == measure.code && e.period == entry.period)
        {
            if e.value != entry.value {
                return Err(format!(
                    "line {} gives a different result for {} {}",
                    earlier.source_line, measure.code, entry.period
                ));
            }
            result = None;
        }
        if let Some(revision) = &target
            && let Some((_, earlier, r)) =
                self.targets.iter().find(|(m, _, r)| m.code == measure.code && r.period == revision.period)
        {
            if r.value != revision.value {
                return Err(format!(
                    "line {} gives a different target for {} {}",
                    earlier.source_line, measure.code, revision.period
                ));
            }
            target = None;
        }
        self.results.extend(result.map(|e| (measure, line, e)));
        self.targets.extend(target.map(|t| (measure, line, t)));
        Ok(())
    }
}

/// The measure's own period that ends where the paper's period ends.
fn own_period(measure: &Measure, paper: &LegacyPeriod) -> Result<Period, String> {
    let last = paper.last_month();
    let own = measure.frequency.period_containing(last);
    if own.last_month() != last {
        let (how, what) = match measure.frequency {
            Frequency::Monthly => ("monthly", "month"),
            Frequency::Quarterly => ("quarterly", "quarter"),
            Frequency::Annual => ("annually", "financial year"),
        };
        let ends = if paper.is_single_month() {
            String::new()
        } else {
            format!(" ends in {}, which", Period::Month(last).describe())
        };
        return Err(format!(
            "{} is reported {how}: the paper's \"{}\"{ends} does not end a {what}",
            measure.code, paper.text
        ));
    }
    Ok(own)
}

/// Whether the paper's figure is already the year to date (see the module notes).
fn cumulative(measure: &Measure, paper: &LegacyPeriod, own: Period) -> Result<bool, String> {
    if matches!(measure.ytd, YtdRule::Snapshot | YtdRule::RollingTwelveMonths) {
        return Ok(paper.year_to_date);
    }
    let april = Period::Year(own.financial_year()).first_month();
    if paper.first_month() == own.first_month() {
        return Ok(paper.year_to_date);
    }
    if (paper.is_single_month() && measure.frequency != Frequency::Monthly) || paper.first_month() == april {
        return Ok(true);
    }
    Err(format!(
        "{} adds up its figures over the year ({}), and the paper's \"{}\" is neither {own} nor the year to date",
        measure.code,
        measure.ytd.name(),
        paper.text
    ))
}

/// The same result for the reader: the same figure (a snapshot's year-to-date
/// flag changes nothing), or missing both times.
fn same_result(measure: &Measure, stored: &ResultValue, new: &ResultValue) -> bool {
    match (stored, new) {
        (ResultValue::Figure(a), ResultValue::Figure(b)) => {
            a.value == b.value
                && (a.cumulative == b.cumulative
                    || matches!(measure.ytd, YtdRule::Snapshot | YtdRule::RollingTwelveMonths))
        }
        (ResultValue::Missing { .. }, ResultValue::Missing { .. }) => true,
        (ResultValue::Narrative, ResultValue::Narrative) => true,
        _ => false,
    }
}

fn describe_result(measure: &Measure, value: &ResultValue) -> String {
    match value {
        ResultValue::Figure(f) => {
            let ytd = if f.cumulative { " (year to date)" } else { "" };
            format!("{}{ytd}", show(measure, f.value))
        }
        ResultValue::Missing { reason } => format!("missing: {reason}"),
        ResultValue::Narrative => "a narrative update".into(),
    }
}

/// A figure as printed, with all its places (a paper's 108.88 days is not rounded).
fn show(measure: &Measure, value: Decimal) -> String {
    let places = value.scale().max(u32::from(measure.decimals)).min(6);
    let mut wide = measure.clone();
    wide.decimals = places as u8;
    wide.format_figure(value)
}
