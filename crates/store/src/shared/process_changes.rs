// Process changes: where a measure's SPC chart starts new limits. The same
// SQL for both backends. This file is not a module of its own: it is
// compiled twice, with `include!`, inside `sqlite::process_changes` and
// `postgres::process_changes`, each of which first says `type Db = ...;`.
// See `backend.rs` for why.

use outturn_core::{Key, Period};

use super::read::Cells;
use crate::codec;
use crate::{ProcessChange, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

pub(crate) async fn process_changes(conn: &mut Conn, slug: &Key) -> Result<Vec<ProcessChange>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let id = id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))?;
    let rows = sqlx::query(
        "SELECT m.code, p.period, p.reason, p.recorded_by FROM process_changes p
         JOIN measures m ON m.id = p.measure_id WHERE m.council_id = $1 ORDER BY m.position, p.period",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut changes = rows
        .iter()
        .map(|row| {
            let c = Cells { row, table: "process_changes", joined: &[("code", "measures.code")] };
            Ok(ProcessChange {
                measure: c.parse("code", codec::code)?,
                period: c.parse("period", codec::period)?,
                reason: c.text("reason")?,
                recorded_by: c.text("recorded_by")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // Periods as text sort "2020/21-M10" before "2020/21-M2": order by time.
    changes.sort_by_key(|c| c.period);
    Ok(changes)
}

/// Records a process change (inside a change set's transaction), or
/// rewords one recorded for the same measure and period; `measure` is the
/// stored measure's id.
pub(crate) async fn set_process_change(
    conn: &mut Conn,
    measure: i64,
    change: &ProcessChange,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO process_changes (measure_id, period, reason, recorded_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (measure_id, period) DO UPDATE SET reason = excluded.reason, recorded_by = excluded.recorded_by",
    )
    .bind(measure)
    .bind(change.period.to_string())
    .bind(&change.reason)
    .bind(&change.recorded_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes the process change recorded for the measure and period (inside a
/// change set's transaction); none recorded is not an error.
pub(crate) async fn remove_process_change(conn: &mut Conn, measure: i64, period: Period) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM process_changes WHERE measure_id = $1 AND period = $2")
        .bind(measure)
        .bind(period.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
