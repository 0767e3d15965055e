// Benchmarking: the council's area code, comparison groups, measure-to-metric
// mapping and comparator values. The same SQL for both backends. This file is
// not a module of its own: it is compiled twice, with `include!`, inside
// `sqlite::benchmarks` and `postgres::benchmarks`, each of which first says
// `type Db = ...;`. See `backend.rs` for why.

use std::collections::BTreeMap;

use outturn_core::Key;

use super::read::Cells;
use crate::codec;
use crate::{BenchmarkValue, Comparison, ComparisonGroup, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

pub(crate) async fn comparison(conn: &mut Conn, slug: &Key) -> Result<Option<Comparison>, StoreError> {
    let id = council_id(conn, slug).await?;
    let area_code: Option<String> =
        sqlx::query_scalar("SELECT area_code FROM councils WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    let Some(area_code) = area_code else { return Ok(None) };
    let rows = sqlx::query("SELECT id, key, name FROM comparison_groups WHERE council_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let mut groups = Vec::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    for row in &rows {
        let c = Cells { row, table: "comparison_groups", joined: &[] };
        ids.push(c.get::<i64>("id")?);
        groups.push(ComparisonGroup { key: c.parse("key", codec::key)?, name: c.text("name")?, areas: Vec::new() });
    }
    let rows = sqlx::query(
        "SELECT a.group_id, a.area_code FROM comparison_group_areas a
         JOIN comparison_groups g ON g.id = a.group_id WHERE g.council_id = $1 ORDER BY a.group_id, a.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let c = Cells { row, table: "comparison_group_areas", joined: &[] };
        let group: i64 = c.get("group_id")?;
        if let Some(at) = ids.iter().position(|g| *g == group) {
            groups[at].areas.push(c.text("area_code")?);
        }
    }
    let rows = sqlx::query(
        "SELECT m.code, x.metric_id FROM measure_metrics x JOIN measures m ON m.id = x.measure_id
         WHERE m.council_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut metrics = BTreeMap::new();
    for row in &rows {
        let c = Cells { row, table: "measure_metrics", joined: &[("code", "measures.code")] };
        metrics.insert(c.parse("code", codec::code)?, c.text("metric_id")?);
    }
    Ok(Some(Comparison { area_code, groups, metrics }))
}

pub(crate) async fn benchmarks(
    conn: &mut Conn,
    slug: &Key,
    metrics: &[String],
) -> Result<Vec<BenchmarkValue>, StoreError> {
    let id = council_id(conn, slug).await?;
    let mut values = Vec::new();
    let mut asked: Vec<&str> = Vec::with_capacity(metrics.len());
    // One query per metric asked for, on the table's primary key: a page
    // reads the few it shows, never the whole file.
    for metric in metrics.iter().map(String::as_str) {
        if asked.contains(&metric) {
            continue;
        }
        asked.push(metric);
        let rows = sqlx::query(
            "SELECT metric_id, area_code, area_name, period, value FROM benchmark_values
             WHERE council_id = $1 AND metric_id = $2",
        )
        .bind(id)
        .bind(metric)
        .fetch_all(&mut *conn)
        .await?;
        let start = values.len();
        for row in &rows {
            let c = Cells { row, table: "benchmark_values", joined: &[] };
            values.push(BenchmarkValue {
                metric: c.text("metric_id")?,
                area_code: c.text("area_code")?,
                area_name: c.text("area_name")?,
                period: c.parse("period", codec::period)?,
                value: c.parse_opt("value", codec::decimal)?,
            });
        }
        // Periods as text sort "2020/21-M10" before "2020/21-M2": order by time.
        values[start..].sort_by(|a, b| a.period.cmp(&b.period).then_with(|| a.area_code.cmp(&b.area_code)));
    }
    Ok(values)
}

/// Replaces the council's area code, comparison groups and mapping (inside
/// a change set's transaction); `metrics` gives each mapped measure's id.
pub(crate) async fn replace_comparison(
    conn: &mut Conn,
    council: i64,
    comparison: &Comparison,
    metrics: &[(i64, &str)],
) -> Result<(), StoreError> {
    sqlx::query("UPDATE councils SET area_code = $1 WHERE id = $2")
        .bind(&comparison.area_code)
        .bind(council)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM comparison_group_areas
         WHERE group_id IN (SELECT id FROM comparison_groups WHERE council_id = $1)",
    )
    .bind(council)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM comparison_groups WHERE council_id = $1").bind(council).execute(&mut *conn).await?;
    for (position, group) in (0_i64..).zip(&comparison.groups) {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comparison_groups (council_id, key, name, position) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(council)
        .bind(group.key.as_str())
        .bind(&group.name)
        .bind(position)
        .fetch_one(&mut *conn)
        .await?;
        for (position, area) in (0_i64..).zip(&group.areas) {
            sqlx::query("INSERT INTO comparison_group_areas (group_id, position, area_code) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(position)
                .bind(area)
                .execute(&mut *conn)
                .await?;
        }
    }
    sqlx::query("DELETE FROM measure_metrics WHERE measure_id IN (SELECT id FROM measures WHERE council_id = $1)")
        .bind(council)
        .execute(&mut *conn)
        .await?;
    for (measure, metric) in metrics {
        sqlx::query("INSERT INTO measure_metrics (measure_id, metric_id) VALUES ($1, $2)")
            .bind(measure)
            .bind(metric)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Records a comparator value, or replaces the one recorded for the same
/// metric, area and period (inside a change set's transaction).
pub(crate) async fn set_benchmark(conn: &mut Conn, council: i64, value: &BenchmarkValue) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO benchmark_values (council_id, metric_id, area_code, period, area_name, value)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (council_id, metric_id, area_code, period)
         DO UPDATE SET area_name = excluded.area_name, value = excluded.value",
    )
    .bind(council)
    .bind(&value.metric)
    .bind(&value.area_code)
    .bind(value.period.to_string())
    .bind(&value.area_name)
    .bind(value.value.map(|v| v.to_string()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
