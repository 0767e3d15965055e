// Officers' forecast overrides: a measure's year-end outturn as a
// performance officer forecasts it, with the reason, appended and never
// changed. The same SQL for both backends. This file is not a module of its
// own: it is compiled twice, with `include!`, inside
// `sqlite::forecast_overrides` and `postgres::forecast_overrides`, each of
// which first says `type Db = ...;`. See `backend.rs` for why.

use outturn_core::Key;

use super::read::Cells;
use super::rounds::council_id;
use crate::codec;
use crate::{AuditRecord, ForecastOverride, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

/// Every override of the council's measures, in the order recorded.
pub(crate) async fn forecast_overrides(conn: &mut Conn, slug: &Key) -> Result<Vec<ForecastOverride>, StoreError> {
    let id = council_id(conn, slug).await?;
    let rows = sqlx::query(
        "SELECT m.code, o.financial_year, o.value, o.reason, o.recorded_by, o.recorded_at FROM forecast_overrides o
         JOIN measures m ON m.id = o.measure_id WHERE m.council_id = $1 ORDER BY o.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "forecast_overrides", joined: &[("code", "measures.code")] };
            Ok(ForecastOverride {
                council: slug.clone(),
                measure: c.parse("code", codec::code)?,
                year: c.parse("financial_year", codec::financial_year)?,
                value: c.parse("value", codec::decimal)?,
                reason: c.text("reason")?,
                recorded_by: c.text("recorded_by")?,
                recorded_at: c.parse("recorded_at", codec::timestamp)?,
            })
        })
        .collect()
}

/// Appends an override with its audit record ([`StoreError::Dangling`] for
/// a measure the council does not have). The measure's page shows its
/// overrides, so the council's revision moves.
pub(crate) async fn record_forecast_override(
    conn: &mut Conn,
    o: &ForecastOverride,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let council = council_id(conn, &o.council).await?;
    let measure: Option<i64> = sqlx::query_scalar("SELECT id FROM measures WHERE council_id = $1 AND code = $2")
        .bind(council)
        .bind(o.measure.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    let Some(measure) = measure else {
        return Err(StoreError::Dangling {
            what: format!("a forecast override for {}", o.year),
            missing: format!("measure {}", o.measure),
        });
    };
    sqlx::query(
        "INSERT INTO forecast_overrides (measure_id, financial_year, value, reason, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(measure)
    .bind(o.year.to_string())
    .bind(o.value.to_string())
    .bind(&o.reason)
    .bind(&o.recorded_by)
    .bind(codec::timestamp_text(o.recorded_at))
    .execute(&mut *conn)
    .await?;
    super::write::move_revision(conn, council).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&o.council, council))).await
}
