// Reading a council back: the same SQL for both backends. This file is not a
// module of its own: it is compiled twice, with `include!`, inside
// `sqlite::read` and `postgres::read`, each of which first says
// `type Db = ...;`. See `backend.rs` for why. The caller opens the (read)
// transaction so that every query sees the same state.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use outturn_core::framework::FormerName;
use outturn_core::{
    Colour, FinancialYear, Framework, Judgement, Key, Measure, MeasureCode, MeasureHistory, Milestone, MilestoneUpdate,
    Node, NodeKind, Period, RollUpRule, Scores, StatusLabels, SummaryGroup, SummaryRule,
};
use sqlx::Row;

use crate::codec;
use crate::{Council, CouncilHistory, CouncilListing, StoreError};

type Conn = <Db as sqlx::Database>::Connection;
type DbRow = <Db as sqlx::Database>::Row;

/// One row of one table, read column by column; a value that cannot be read
/// is [`StoreError::Corrupt`] naming `table.column`.
/// (Also used by the accounts queries.)
pub(super) struct Cells<'r> {
    pub(super) row: &'r DbRow,
    pub(super) table: &'static str,
    /// Columns taken from other tables: (alias, "table.column").
    pub(super) joined: &'static [(&'static str, &'static str)],
}

const NODE: (&str, &str) = ("node", "nodes.key");
const KIND: (&str, &str) = ("kind", "node_kinds.key");

impl<'r> Cells<'r> {
    /// `table.column`, or the name given for a column joined from another
    /// table (`code AS ...` from measures is "measures.code").
    pub(super) fn what(&self, column: &str) -> String {
        let joined = self.joined.iter().find(|(alias, _)| *alias == column);
        joined.map_or_else(|| format!("{}.{column}", self.table), |(_, what)| what.to_string())
    }
    pub(super) fn get<T: sqlx::Decode<'r, Db> + sqlx::Type<Db>>(&self, column: &str) -> Result<T, StoreError> {
        self.row.try_get(column).map_err(|e| match e {
            sqlx::Error::ColumnDecode { source, .. } => {
                StoreError::Corrupt { what: self.what(column), detail: source.to_string() }
            }
            other => other.into(),
        })
    }
    pub(super) fn text(&self, column: &str) -> Result<String, StoreError> {
        self.get(column)
    }
    pub(super) fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.get(column)
    }
    /// A non-null text column, parsed with one of the `codec` readers.
    pub(super) fn parse<T>(
        &self,
        column: &str,
        read: fn(&str, &str) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        read(&self.what(column), &self.text(column)?)
    }
    pub(super) fn parse_opt<T>(
        &self,
        column: &str,
        read: fn(&str, &str) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        self.opt_text(column)?.map(|text| read(&self.what(column), &text)).transpose()
    }
}

/// How many measures' codes one history query names (each is a parameter;
/// SQLite allows 32,766 in a statement, PostgreSQL 65,535).
pub(crate) const CODES_PER_QUERY: usize = 500;

async fn rows(conn: &mut Conn, sql: &'static str, id: i64) -> Result<Vec<DbRow>, StoreError> {
    Ok(sqlx::query(sql).bind(id).fetch_all(&mut *conn).await?)
}

/// Which facts a history read takes: some financial years, some measures,
/// results or not.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HistoryScope<'a> {
    pub years: Option<(FinancialYear, FinancialYear)>,
    /// These measures only (none: every measure of the council).
    pub measures: Option<&'a [MeasureCode]>,
    /// Leave the results out (they are most of a council's facts).
    pub without_results: bool,
}

impl HistoryScope<'_> {
    /// The condition on the rows of the table aliased `t`, whose ids are above `after`.
    fn condition(&self, t: &str, after: i64) -> String {
        // The measures by their unique (council, code) index, then their rows by measure;
        // the codes are parameters $2, $3, ... (see `params`).
        let measure = match self.measures {
            Some([_]) => " AND m.id = (SELECT id FROM measures WHERE council_id = $1 AND code = $2)".to_string(),
            Some(codes) => {
                let list: Vec<String> = (0..codes.len()).map(|i| format!("${}", i + 2)).collect();
                format!(" AND m.code IN ({})", list.join(", "))
            }
            None => String::new(),
        };
        let after = if after > 0 { format!(" AND {t}.id > {after}") } else { String::new() };
        format!("{}{measure}{after}", in_years(t, self.years))
    }
}

async fn council_id(conn: &mut Conn, slug: &Key) -> Result<Option<(i64, String)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, name FROM councils WHERE slug = $1").bind(slug.as_str()).fetch_optional(conn).await?)
}

pub(crate) async fn revision(conn: &mut Conn, slug: &Key) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT revision FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(conn)
        .await?)
}

pub(crate) async fn result_periods(conn: &mut Conn, slug: &Key) -> Result<Vec<Period>, StoreError> {
    let Some((id, _)) = council_id(conn, slug).await? else { return Err(StoreError::NoCouncil(slug.to_string())) };
    let sql = "SELECT DISTINCT r.period FROM results r JOIN measures m ON m.id = r.measure_id WHERE m.council_id = $1";
    let mut periods = Vec::new();
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "results", joined: &[] };
        periods.push(c.parse("period", codec::period)?);
    }
    periods.sort();
    Ok(periods)
}

pub(crate) async fn councils(conn: &mut Conn) -> Result<Vec<CouncilListing>, StoreError> {
    let rows = sqlx::query("SELECT slug, name, fictional FROM councils ORDER BY slug").fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "councils", joined: &[] };
            let fictional = row.try_get("fictional")?;
            Ok(CouncilListing { slug: c.parse("slug", codec::key)?, name: c.text("name")?, fictional })
        })
        .collect()
}

pub(crate) async fn council(conn: &mut Conn, slug: &Key) -> Result<Option<Council>, StoreError> {
    let Some((id, name)) = council_id(conn, slug).await? else { return Ok(None) };
    let mut kinds = Vec::new();
    for row in &rows(conn, "SELECT key, name FROM node_kinds WHERE council_id = $1 ORDER BY position", id).await? {
        let c = Cells { row, table: "node_kinds", joined: &[] };
        kinds.push(NodeKind { key: c.parse("key", codec::key)?, name: c.text("name")? });
    }
    let framework = Framework::new(kinds, nodes(conn, id).await?);
    let measures = measures(conn, id).await?;

    let mut summary =
        SummaryRule { roll_up: roll_up(conn, id).await?, labels: labels(conn, id).await?, ..SummaryRule::default() };
    let sql = "SELECT g.label, g.condition, g.value, n.key AS node, k.key AS kind FROM summary_groups g
               LEFT JOIN nodes n ON n.id = g.node_id LEFT JOIN node_kinds k ON k.id = g.kind_id
               WHERE g.council_id = $1 ORDER BY g.position";
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "summary_groups", joined: &[NODE, KIND] };
        let (node, kind) = (c.opt_text("node")?, c.opt_text("kind")?);
        let condition =
            codec::condition(&c.text("condition")?, c.opt_text("value")?, node.as_deref(), kind.as_deref())?;
        summary.groups.push(SummaryGroup { label: c.text("label")?, condition });
    }

    let mut milestones = Vec::new();
    let sql = "SELECT m.key, m.kind, m.title, n.key AS node, m.due FROM milestones m
               JOIN nodes n ON n.id = m.node_id WHERE m.council_id = $1 ORDER BY m.position";
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "milestones", joined: &[NODE] };
        milestones.push(Milestone {
            key: c.parse("key", codec::key)?,
            kind: c.text("kind")?,
            title: c.text("title")?,
            node: c.parse("node", codec::key)?,
            due: c.parse_opt("due", codec::period)?,
        });
    }
    let fictional =
        sqlx::query_scalar("SELECT fictional FROM councils WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    Ok(Some(Council { slug: slug.clone(), name, fictional, framework, measures, summary, milestones }))
}

/// The council's own words and colours for statuses (outturn's for the rest),
/// as the framework file checked them when they were written.
async fn labels(conn: &mut Conn, council: i64) -> Result<StatusLabels, StoreError> {
    let mut labels = StatusLabels::default();
    let sql = "SELECT status, label, colour FROM status_labels WHERE council_id = $1 ORDER BY status";
    for row in &rows(conn, sql, council).await? {
        let c = Cells { row, table: "status_labels", joined: &[] };
        let (status, label, colour) = (c.text("status")?, c.text("label")?, c.text("colour")?);
        let status = StatusLabels::status(&status).map_err(|e| codec::corrupt("status_labels.status", &status, e))?;
        let colour =
            Colour::parse(&colour).ok_or_else(|| codec::unknown("status_labels.colour", &colour, Colour::NAMES))?;
        labels.set(status, Some(&label), Some(colour)).map_err(|e| codec::corrupt("status_labels.label", &label, e))?;
    }
    Ok(labels)
}

/// How the council rolls statuses up its tree (its `roll_up` columns).
async fn roll_up(conn: &mut Conn, council: i64) -> Result<Option<RollUpRule>, StoreError> {
    let sql = "SELECT roll_up, roll_up_green, roll_up_amber, roll_up_red, roll_up_green_from, roll_up_amber_from
               FROM councils WHERE id = $1";
    let row = sqlx::query(sql).bind(council).fetch_one(&mut *conn).await?;
    let c = Cells { row: &row, table: "councils", joined: &[] };
    let Some(rule) = c.opt_text("roll_up")? else { return Ok(None) };
    let scores = match c.parse_opt("roll_up_green", codec::decimal)? {
        None => None,
        Some(green) => Some(Scores {
            green,
            amber: c.parse("roll_up_amber", codec::decimal)?,
            red: c.parse("roll_up_red", codec::decimal)?,
            green_from: c.parse("roll_up_green_from", codec::decimal)?,
            amber_from: c.parse("roll_up_amber_from", codec::decimal)?,
        }),
    };
    RollUpRule::parse(&rule, scores).map(Some).map_err(|e| codec::corrupt("councils.roll_up", &rule, e))
}

/// The council's nodes in declared order, with their former names, outcomes,
/// focus and delivery updates.
async fn nodes(conn: &mut Conn, council: i64) -> Result<Vec<Node>, StoreError> {
    let sql = "SELECT n.id, n.key, k.key AS kind, n.name, p.key AS parent, n.created, n.closed FROM nodes n
               JOIN node_kinds k ON k.id = n.kind_id LEFT JOIN nodes p ON p.id = n.parent_id
               WHERE n.council_id = $1 ORDER BY n.position";
    let mut nodes = Vec::new();
    let mut index = HashMap::new();
    for row in &rows(conn, sql, council).await? {
        let c = Cells { row, table: "nodes", joined: &[KIND, ("parent", "nodes.key")] };
        index.insert(c.get::<i64>("id")?, nodes.len());
        nodes.push(Node {
            key: c.parse("key", codec::key)?,
            kind: c.parse("kind", codec::key)?,
            name: c.text("name")?,
            parent: c.parse_opt("parent", codec::key)?,
            created: c.parse_opt("created", codec::date)?,
            closed: c.parse_opt("closed", codec::date)?,
            former_names: Vec::new(),
            outcomes: Vec::new(),
            focus: BTreeMap::new(),
            updates: BTreeMap::new(),
        });
    }
    // Each child table in one query for the whole council, rows in position order.
    let children = [
        (
            "node_former_names",
            "SELECT t.node_id, t.name, t.used_until FROM node_former_names t
             JOIN nodes n ON n.id = t.node_id WHERE n.council_id = $1 ORDER BY t.node_id, t.position",
        ),
        (
            "node_outcomes",
            "SELECT t.node_id, t.outcome FROM node_outcomes t
             JOIN nodes n ON n.id = t.node_id WHERE n.council_id = $1 ORDER BY t.node_id, t.position",
        ),
        (
            "node_focus",
            "SELECT t.node_id, t.financial_year, t.line FROM node_focus t
             JOIN nodes n ON n.id = t.node_id WHERE n.council_id = $1 ORDER BY t.node_id, t.position",
        ),
        (
            "node_updates",
            "SELECT t.node_id, t.period, t.update_text FROM node_updates t
             JOIN nodes n ON n.id = t.node_id WHERE n.council_id = $1",
        ),
    ];
    for (table, sql) in children {
        for row in &rows(conn, sql, council).await? {
            let c = Cells { row, table, joined: &[] };
            let node_id: i64 = c.get("node_id")?;
            let node = index.get(&node_id).map(|&i| &mut nodes[i]).ok_or_else(|| {
                codec::corrupt(&c.what("node_id"), &node_id.to_string(), "not a node of this council")
            })?;
            match table {
                "node_former_names" => node
                    .former_names
                    .push(FormerName { name: c.text("name")?, until: c.parse("used_until", codec::date)? }),
                "node_outcomes" => node.outcomes.push(c.text("outcome")?),
                "node_focus" => {
                    let lines = node.focus.entry(c.parse("financial_year", codec::financial_year)?).or_default();
                    lines.extend(c.opt_text("line")?);
                }
                _ => {
                    node.updates.insert(c.parse("period", codec::period)?, c.text("update_text")?);
                }
            }
        }
    }
    Ok(nodes)
}

/// The council's measures in the order first declared.
async fn measures(conn: &mut Conn, council: i64) -> Result<Vec<Measure>, StoreError> {
    let sql = format!(
        "SELECT {} FROM measures m JOIN nodes o ON o.id = m.owner_id WHERE m.council_id = $1 ORDER BY m.position",
        crate::history_rows::MEASURE_COLUMNS
    );
    let mut measures = Vec::new();
    let mut index = HashMap::new();
    super::each_row(conn, &sql, &[crate::history_rows::Param::Int(council)], &mut |row| {
        let (id, measure) = crate::history_rows::measure(row)?;
        index.insert(id, measures.len());
        measures.push(measure);
        Ok(())
    })
    .await?;
    let alignments = "SELECT a.measure_id, n.key FROM measure_alignments a JOIN nodes n ON n.id = a.node_id
                      JOIN measures m ON m.id = a.measure_id WHERE m.council_id = $1 ORDER BY a.measure_id, a.position";
    let tags = "SELECT t.measure_id, t.tag FROM measure_tags t JOIN measures m ON m.id = t.measure_id
                WHERE m.council_id = $1 ORDER BY t.measure_id, t.position";
    for (table, sql) in [("measure_alignments", alignments), ("measure_tags", tags)] {
        for row in &rows(conn, sql, council).await? {
            let c = Cells { row, table, joined: &[("key", "nodes.key")] };
            let measure_id: i64 = c.get("measure_id")?;
            let measure = index.get(&measure_id).map(|&i| &mut measures[i]).ok_or_else(|| {
                codec::corrupt(&c.what("measure_id"), &measure_id.to_string(), "not a measure of this council")
            })?;
            if table == "measure_tags" {
                measure.tags.push(c.text("tag")?);
            } else {
                measure.aligned.push(c.parse("key", codec::key)?);
            }
        }
    }
    Ok(measures)
}

/// A condition on a table's `financial_year` column (`t` is the table's
/// alias): the row's period lies in financial years `first` to `last`.
/// Built from whole numbers only, so nothing from outside reaches the SQL.
fn in_years(t: &str, years: Option<(FinancialYear, FinancialYear)>) -> String {
    let Some((first, last)) = years else { return "TRUE".to_string() };
    format!("{t}.financial_year BETWEEN {} AND {}", first.start_year(), last.start_year())
}

pub(crate) async fn history(
    conn: &mut Conn,
    slug: &Key,
    scope: HistoryScope<'_>,
) -> Result<CouncilHistory, StoreError> {
    let Some((id, _)) = council_id(conn, slug).await? else { return Err(StoreError::NoCouncil(slug.to_string())) };
    let mut history = CouncilHistory::default();
    // Every measure (or the one asked about) has an entry, even with nothing recorded yet.
    match scope.measures {
        Some(codes) => {
            for code in codes {
                history.measures.insert(code.clone(), MeasureHistory::default());
            }
        }
        None => {
            for code in measure_codes(conn, id).await? {
                history.measures.insert(code, MeasureHistory::default());
            }
        }
    }
    read_into(conn, id, scope, &mut history, Default::default()).await?;
    Ok(history)
}

/// The council's history for financial years `first` to `last` (see
/// [`crate::Store::history_in_years`]), as `kept` last held it plus what was
/// written since. History is only ever added to, and every write of a
/// council's results or targets holds the council's row from its start, so
/// the rows a later revision adds all have higher ids than any this one
/// holds: reading the rows above the kept ids brings it up to date. A change
/// to the council's measures reads it afresh.
pub(crate) async fn history_in_years(
    conn: &mut Conn,
    kept: &crate::kept_history::KeptHistories,
    slug: &Key,
    first: FinancialYear,
    last: FinancialYear,
) -> Result<Arc<CouncilHistory>, StoreError> {
    let Some((id, revision)) = council_revision(conn, slug).await? else {
        return Err(StoreError::NoCouncil(slug.to_string()));
    };
    let key = crate::kept_history::KeptHistories::key(slug, first, last);
    let scope = HistoryScope { years: Some((first, last)), ..Default::default() };
    let codes = match kept.get(&key) {
        Some(found) if found.revision == revision => return Ok(found.history),
        Some(found) if found.revision < revision => {
            let codes = measure_codes(conn, id).await?;
            if codes.iter().eq(found.history.measures.keys()) {
                // Taken out of `kept` so that, held by no one else, it is brought up to date in place.
                let found = kept.take(&key, found.revision).unwrap_or(found);
                let mut history = Arc::try_unwrap(found.history).unwrap_or_else(|shared| (*shared).clone());
                history.milestone_updates.clear();
                let marks = read_into(conn, id, scope, &mut history, found.marks).await?;
                return Ok(
                    kept.put(key, crate::kept_history::KeptHistory { revision, marks, history: Arc::new(history) })
                );
            }
            codes
        }
        _ => measure_codes(conn, id).await?,
    };
    let mut history = CouncilHistory::default();
    for code in codes {
        history.measures.insert(code, MeasureHistory::default());
    }
    let marks = read_into(conn, id, scope, &mut history, Default::default()).await?;
    Ok(kept.put(key, crate::kept_history::KeptHistory { revision, marks, history: Arc::new(history) }))
}

async fn council_revision(conn: &mut Conn, slug: &Key) -> Result<Option<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as("SELECT id, revision FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(conn)
        .await?)
}

/// The codes of the council's measures, in code order (sorted here: a
/// PostgreSQL collation may order text otherwise than Rust does).
async fn measure_codes(conn: &mut Conn, council: i64) -> Result<Vec<MeasureCode>, StoreError> {
    use crate::history_rows::{MeasureOfRow, Param};
    let (mut codes, mut of_row) = (Vec::new(), MeasureOfRow::default());
    let sql = "SELECT code FROM measures WHERE council_id = $1";
    super::each_row(conn, sql, &[Param::Int(council)], &mut |row| {
        codes.push(of_row.code(row)?.clone());
        Ok(())
    })
    .await?;
    codes.sort();
    Ok(codes)
}

/// Reads the council's target revisions, results (unless the scope leaves
/// them out) and milestone updates in the scope into `history`: only the
/// target revisions and results with ids above `after`'s, each appended to
/// its measure's (which are in id order). Gives the highest ids it holds.
async fn read_into(
    conn: &mut Conn,
    id: i64,
    scope: HistoryScope<'_>,
    history: &mut CouncilHistory,
    after: crate::kept_history::Marks,
) -> Result<crate::kept_history::Marks, StoreError> {
    use crate::history_rows::{self as rows_of, ByMeasure, MeasureOfRow, Param};
    let mut params = vec![Param::Int(id)];
    params.extend(scope.measures.into_iter().flatten().map(|code| Param::Text(code.as_str())));
    let mut marks = after;
    // Each measure's rows together, by the index on (measure, financial year, id).
    let sql = format!(
        "SELECT {} FROM target_revisions t JOIN measures m ON m.id = t.measure_id
         WHERE m.council_id = $1 AND {} ORDER BY m.code, t.financial_year, t.id",
        rows_of::TARGET_COLUMNS,
        scope.condition("t", after.targets)
    );
    let (mut codes, mut targets) = (MeasureOfRow::default(), ByMeasure::default());
    super::each_row(conn, &sql, &params, &mut |row| {
        let measure = codes.code(row)?;
        let (id, revision) = rows_of::target_revision(row, measure)?;
        targets.add(measure, id, revision);
        Ok(())
    })
    .await?;
    marks.targets = marks.targets.max(targets.highest_id());
    for (code, revisions) in targets.finish() {
        history.measures.entry(code).or_default().targets.extend(revisions);
    }
    if !scope.without_results {
        let sql = format!(
            "SELECT {} FROM results r JOIN measures m ON m.id = r.measure_id
             WHERE m.council_id = $1 AND {} ORDER BY m.code, r.financial_year, r.id",
            rows_of::RESULT_COLUMNS,
            scope.condition("r", after.results)
        );
        let (mut codes, mut results, mut times) = (MeasureOfRow::default(), ByMeasure::default(), Default::default());
        super::each_row(conn, &sql, &params, &mut |row| {
            let measure = codes.code(row)?;
            let (id, entry) = rows_of::result_entry(row, measure, &mut times)?;
            results.add(measure, id, entry);
            Ok(())
        })
        .await?;
        marks.results = marks.results.max(results.highest_id());
        for (code, entries) in results.finish() {
            history.measures.entry(code).or_default().results.extend(entries);
        }
    }
    let sql = "SELECT m.key, u.period, u.status, u.factor, u.update_text, u.recorded_at FROM milestone_updates u
               JOIN milestones m ON m.id = u.milestone_id WHERE m.council_id = $1 ORDER BY u.id";
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "milestone_updates", joined: &[("key", "milestones.key")] };
        history.milestone_updates.push(MilestoneUpdate {
            milestone: c.parse("key", codec::key)?,
            period: c.parse("period", codec::period)?,
            status: codec::milestone_status(&c.text("status")?, c.opt_text("factor")?.as_deref())?,
            update: c.opt_text("update_text")?,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
        });
    }
    // Judgements and kept rules are few: read afresh each time, like milestone updates.
    for measure in history.measures.values_mut() {
        measure.judgements.clear();
        measure.kept_rules.clear();
    }
    let sql =
        "SELECT m.code, k.until_period, k.status_rule, k.tolerance_kind, k.amber, k.tolerance_beyond, k.green_within,
               k.exceeded_within, k.recorded_at
               FROM kept_status_rules k JOIN measures m ON m.id = k.measure_id WHERE m.council_id = $1 ORDER BY k.id";
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "kept_status_rules", joined: &[("code", "measures.code")] };
        let code = c.parse("code", codec::code)?;
        // Every measure asked about has an entry, even one with nothing else recorded.
        if scope.measures.is_some_and(|asked| !asked.contains(&code)) {
            continue;
        }
        let measure = history.measures.entry(code).or_default();
        let (rule, kind, amber) = (c.text("status_rule")?, c.opt_text("tolerance_kind")?, c.opt_text("amber")?);
        let (beyond, green, exceeded) =
            (c.opt_text("tolerance_beyond")?, c.opt_text("green_within")?, c.opt_text("exceeded_within")?);
        let rule = codec::status_rule(
            "kept_status_rules",
            codec::RuleCells {
                rule: &rule,
                kind: kind.as_deref(),
                amber: amber.as_deref(),
                beyond: beyond.as_deref(),
                green: green.as_deref(),
                exceeded: exceeded.as_deref(),
            },
        )?;
        measure.kept_rules.push(outturn_core::KeptRule {
            until: c.parse("until_period", codec::period)?,
            rule,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
        });
    }
    let sql = "SELECT m.code, j.period, j.status, j.justification, j.recorded_by, j.recorded_at
               FROM status_judgements j JOIN measures m ON m.id = j.measure_id WHERE m.council_id = $1 ORDER BY j.id";
    for row in &rows(conn, sql, id).await? {
        let c = Cells { row, table: "status_judgements", joined: &[("code", "measures.code")] };
        let code = c.parse("code", codec::code)?;
        // The history holds the measures asked about (one, for a measure's history).
        let Some(measure) = history.measures.get_mut(&code) else { continue };
        measure.judgements.push(Judgement {
            measure: code,
            period: c.parse("period", codec::period)?,
            status: c.parse_opt("status", codec::judged_status)?,
            justification: c.text("justification")?,
            recorded_by: c.text("recorded_by")?,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
        });
    }
    Ok(marks)
}

/// What a council held before the first batch of a change (see
/// [`crate::StoredResults`]): its results up to the highest id then, and
/// which of its measures had any (so a measure without is not asked about).
pub(crate) struct StoredBefore {
    council: i64,
    highest_id: i64,
    with_results: std::collections::HashSet<String>,
}

impl StoredBefore {
    pub(crate) async fn start(conn: &mut Conn, council: i64) -> Result<Self, StoreError> {
        let highest_id: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM results").fetch_one(&mut *conn).await?;
        let sql = "SELECT m.code FROM measures m WHERE m.council_id = $1
                   AND EXISTS (SELECT 1 FROM results r WHERE r.measure_id = m.id)";
        let mut with_results = std::collections::HashSet::new();
        super::each_row(conn, sql, &[crate::history_rows::Param::Int(council)], &mut |row| {
            let code = row.text(0).map_err(|detail| StoreError::Corrupt { what: "measures.code".into(), detail })?;
            with_results.extend(code.map(str::to_string));
            Ok(())
        })
        .await?;
        Ok(StoredBefore { council, highest_id, with_results })
    }

    /// Reads through `conn`, the change's own connection.
    pub(crate) fn on<'c>(&'c self, conn: &'c mut Conn) -> StoredOn<'c> {
        StoredOn { before: self, conn }
    }
}

pub(crate) struct StoredOn<'c> {
    before: &'c StoredBefore,
    conn: &'c mut Conn,
}

#[async_trait::async_trait]
impl crate::StoredResults for StoredOn<'_> {
    async fn results_of(&mut self, measure: &MeasureCode) -> Result<Vec<outturn_core::ResultEntry>, StoreError> {
        use crate::history_rows::{self as rows_of, ByMeasure, MeasureOfRow, Param};
        if !self.before.with_results.contains(measure.as_str()) {
            return Ok(Vec::new());
        }
        // As a history read orders them (`read_into`), up to the ids stored before the first batch.
        let sql = format!(
            "SELECT {} FROM results r JOIN measures m ON m.id = r.measure_id
             WHERE m.council_id = $1 AND m.id = (SELECT id FROM measures WHERE council_id = $1 AND code = $2)
             AND r.id <= $3 ORDER BY m.code, r.financial_year, r.id",
            rows_of::RESULT_COLUMNS
        );
        let params =
            [Param::Int(self.before.council), Param::Text(measure.as_str()), Param::Int(self.before.highest_id)];
        let (mut codes, mut results, mut times) = (MeasureOfRow::default(), ByMeasure::default(), Default::default());
        super::each_row(self.conn, &sql, &params, &mut |row| {
            let code = codes.code(row)?;
            let (id, entry) = rows_of::result_entry(row, code, &mut times)?;
            results.add(code, id, entry);
            Ok(())
        })
        .await?;
        Ok(results.finish().into_iter().flat_map(|(_, entries)| entries).collect())
    }
}
