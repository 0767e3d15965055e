// Reading a council back: the same SQL for both backends. This file is not a
// module of its own: it is compiled twice, with `include!`, inside
// `sqlite::read` and `postgres::read`, each of which first says
// `type Db = ...;`. See `backend.rs` for why. The caller opens the (read)
// transaction so that every query sees the same state.

use std::collections::{BTreeMap, HashMap};

use outturn_core::framework::FormerName;
use outturn_core::{
    Figure, FinancialYear, Framework, Key, Measure, MeasureCode, MeasureHistory, Milestone, MilestoneUpdate, Node,
    NodeKind, Period, ResultEntry, ResultValue, SummaryGroup, SummaryRule, TargetRevision,
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
const CODE: (&str, &str) = ("code", "measures.code");

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

async fn rows(conn: &mut Conn, sql: &'static str, id: i64) -> Result<Vec<DbRow>, StoreError> {
    Ok(sqlx::query(sql).bind(id).fetch_all(&mut *conn).await?)
}

/// Calls `each` with every row of SQL assembled here from fixed text and
/// whole numbers only (see `in_years`) as it arrives: a history of a million
/// results is never held as a million rows at once. `$2`, when the SQL has
/// it, is the one measure's code.
async fn each_row_built(
    conn: &mut Conn,
    sql: String,
    id: i64,
    code: &str,
    mut each: impl FnMut(&DbRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    use futures_util::TryStreamExt;
    let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
    let query = if code.is_empty() { query } else { query.bind(code.to_string()) };
    let mut rows = query.fetch(&mut *conn);
    while let Some(row) = rows.try_next().await? {
        each(&row)?;
    }
    Ok(())
}

/// Which facts a history read takes: some financial years, one measure,
/// results or not.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HistoryScope<'a> {
    pub years: Option<(FinancialYear, FinancialYear)>,
    pub measure: Option<&'a MeasureCode>,
    /// Leave the results out (they are most of a council's facts).
    pub without_results: bool,
}

impl HistoryScope<'_> {
    fn condition(&self, period_column: &str) -> String {
        // The measure by its unique (council, code) index, then its rows by measure.
        let measure = if self.measure.is_some() {
            " AND m.id = (SELECT id FROM measures WHERE council_id = $1 AND code = $2)"
        } else {
            ""
        };
        format!("{}{measure}", in_years(period_column, self.years))
    }
    fn code(&self) -> &str {
        self.measure.map_or("", |c| c.as_str())
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
    let rows = sqlx::query("SELECT slug, name FROM councils ORDER BY slug").fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "councils", joined: &[] };
            Ok(CouncilListing { slug: c.parse("slug", codec::key)?, name: c.text("name")? })
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

    let mut summary = SummaryRule::default();
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
    Ok(Some(Council { slug: slug.clone(), name, framework, measures, summary, milestones }))
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
    let sql = "SELECT m.id, m.code, m.title, m.definition, o.key AS owner, m.officer, m.unit, m.rate_per, m.decimals,
                      m.polarity, m.frequency, m.ytd_rule, m.ratio_scale, m.status_rule, m.tolerance_kind, m.amber,
                      m.active_from, m.retired_from, m.retired_reason
               FROM measures m JOIN nodes o ON o.id = m.owner_id
               WHERE m.council_id = $1 ORDER BY m.position";
    let mut measures = Vec::new();
    let mut index = HashMap::new();
    for row in &rows(conn, sql, council).await? {
        let c = Cells { row, table: "measures", joined: &[("owner", "nodes.key")] };
        index.insert(c.get::<i64>("id")?, measures.len());
        let (amber, kind) = (c.opt_text("amber")?, c.opt_text("tolerance_kind")?);
        measures.push(Measure {
            code: c.parse("code", codec::code)?,
            title: c.text("title")?,
            definition: c.opt_text("definition")?,
            owner: c.parse("owner", codec::key)?,
            officer: c.opt_text("officer")?,
            aligned: Vec::new(),
            tags: Vec::new(),
            unit: codec::unit("measures", &c.text("unit")?, c.get("rate_per")?)?,
            decimals: codec::small(&c.what("decimals"), c.get("decimals")?)?,
            polarity: c.parse("polarity", codec::polarity)?,
            frequency: c.parse("frequency", codec::frequency)?,
            ytd: codec::ytd("measures", &c.text("ytd_rule")?, c.opt_text("ratio_scale")?.as_deref())?,
            status_rule: codec::status_rule("measures", &c.text("status_rule")?, kind.as_deref(), amber.as_deref())?,
            active_from: c.parse_opt("active_from", codec::period)?,
            retired_from: c.parse_opt("retired_from", codec::period)?,
            retired_reason: c.opt_text("retired_reason")?,
        });
    }
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

/// A condition on a `period` column: the period lies in financial years
/// `first` to `last`. Periods are stored as text (`2020/21`, `2020/21-Q2`,
/// `2020-09`); each form compares correctly as fixed-width text. Built from
/// whole numbers only, so nothing from outside reaches the SQL.
fn in_years(column: &str, years: Option<(FinancialYear, FinancialYear)>) -> String {
    let Some((first, last)) = years else { return "TRUE".to_string() };
    let (a, b) = (first.start_year(), last.start_year());
    format!(
        "((substr({column}, 5, 1) = '/' AND substr({column}, 1, 4) BETWEEN '{a:04}' AND '{b:04}') \
         OR (substr({column}, 5, 1) = '-' AND length({column}) = 7 AND {column} BETWEEN '{a:04}-04' AND '{:04}-03'))",
        b + 1
    )
}

pub(crate) async fn history(
    conn: &mut Conn,
    slug: &Key,
    scope: HistoryScope<'_>,
) -> Result<CouncilHistory, StoreError> {
    let Some((id, _)) = council_id(conn, slug).await? else { return Err(StoreError::NoCouncil(slug.to_string())) };
    let mut history = CouncilHistory::default();
    // Every measure (or the one asked about) has an entry, even with nothing recorded yet.
    match scope.measure {
        Some(code) => {
            history.measures.insert(code.clone(), MeasureHistory::default());
        }
        None => {
            for row in &rows(conn, "SELECT code FROM measures WHERE council_id = $1", id).await? {
                let c = Cells { row, table: "measures", joined: &[] };
                history.measures.insert(c.parse("code", codec::code)?, MeasureHistory::default());
            }
        }
    }
    let sql = "SELECT m.code, t.period, t.value, t.effective, t.reason, t.author, t.recorded_at FROM target_revisions t
               JOIN measures m ON m.id = t.measure_id WHERE m.council_id = $1 AND {} ORDER BY t.id";
    let sql = sql.replace("{}", &scope.condition("t.period"));
    each_row_built(conn, sql, id, scope.code(), |row| {
        let c = Cells { row, table: "target_revisions", joined: &[CODE] };
        let revision = TargetRevision {
            measure: c.parse("code", codec::code)?,
            period: c.parse("period", codec::period)?,
            value: c.parse("value", codec::decimal)?,
            effective: c.parse("effective", codec::date)?,
            reason: c.text("reason")?,
            author: c.text("author")?,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
        };
        history.measures.entry(revision.measure.clone()).or_default().targets.push(revision);
        Ok(())
    })
    .await?;
    let sql = "SELECT m.code, r.period, r.kind, r.value, r.numerator, r.denominator, r.cumulative, r.missing_reason,
                      r.commentary, r.recorded_at, r.recorded_by
               FROM results r JOIN measures m ON m.id = r.measure_id WHERE m.council_id = $1 AND {} ORDER BY r.id";
    let sql = sql.replace("{}", &scope.condition("r.period"));
    let each_result = |row: &DbRow| {
        let c = Cells { row, table: "results", joined: &[CODE] };
        let kind = c.text("kind")?;
        let value = match kind.as_str() {
            "figure" => ResultValue::Figure(Figure {
                value: c.parse("value", codec::decimal)?,
                numerator: c.parse_opt("numerator", codec::decimal)?,
                denominator: c.parse_opt("denominator", codec::decimal)?,
                cumulative: c.get("cumulative")?,
            }),
            "missing" => ResultValue::Missing {
                reason: c.opt_text("missing_reason")?.ok_or_else(|| {
                    codec::corrupt(&c.what("missing_reason"), "NULL", "a missing result needs its reason")
                })?,
            },
            "narrative" => ResultValue::Narrative,
            other => return Err(codec::corrupt(&c.what("kind"), other, "expected figure, missing or narrative")),
        };
        let entry = ResultEntry {
            measure: c.parse("code", codec::code)?,
            period: c.parse("period", codec::period)?,
            value,
            commentary: c.opt_text("commentary")?,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
            recorded_by: c.text("recorded_by")?,
        };
        history.measures.entry(entry.measure.clone()).or_default().results.push(entry);
        Ok(())
    };
    if !scope.without_results {
        each_row_built(conn, sql, id, scope.code(), each_result).await?;
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
    Ok(history)
}
