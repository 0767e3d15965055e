// Report drafts: report settings, narrative per draft and forecasts. The same
// SQL for both backends. This file is not a module of its own: it is compiled
// twice, with `include!`, inside `sqlite::report_drafts` and
// `postgres::report_drafts`, each of which first says `type Db = ...;`. See
// `backend.rs` for why. The caller opens the transaction (and commits it after
// a write).

use jiff::Timestamp;
use outturn_core::Key;
use sqlx::Row;

use super::read::Cells;
use crate::codec;
use crate::{AuditRecord, DraftKey, Forecast, Implication, Narrative, ReportSettings, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

pub(crate) async fn report_settings(conn: &mut Conn, slug: &Key) -> Result<ReportSettings, StoreError> {
    let id = council_id(conn, slug).await?;
    let mut settings = ReportSettings::default();
    let row = sqlx::query(
        "SELECT committee, portfolio_holder, lead_officer, contact_name, contact_email, contact_phone
         FROM report_settings WHERE council_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = &row {
        let c = Cells { row, table: "report_settings", joined: &[] };
        settings.committee = c.opt_text("committee")?;
        settings.portfolio_holder = c.opt_text("portfolio_holder")?;
        settings.lead_officer = c.opt_text("lead_officer")?;
        settings.contact_name = c.opt_text("contact_name")?;
        settings.contact_email = c.opt_text("contact_email")?;
        settings.contact_phone = c.opt_text("contact_phone")?;
    }
    let rows = sqlx::query("SELECT title, body FROM report_implications WHERE council_id = $1 ORDER BY position")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    for row in &rows {
        let c = Cells { row, table: "report_implications", joined: &[] };
        settings.implications.push(Implication { title: c.text("title")?, text: c.text("body")? });
    }
    Ok(settings)
}

/// Replaces the council's report settings (inside a change set's transaction).
pub(crate) async fn replace_settings(conn: &mut Conn, council: i64, s: &ReportSettings) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO report_settings
             (council_id, committee, portfolio_holder, lead_officer, contact_name, contact_email, contact_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (council_id) DO UPDATE SET committee = excluded.committee,
             portfolio_holder = excluded.portfolio_holder, lead_officer = excluded.lead_officer,
             contact_name = excluded.contact_name, contact_email = excluded.contact_email,
             contact_phone = excluded.contact_phone",
    )
    .bind(council)
    .bind(&s.committee)
    .bind(&s.portfolio_holder)
    .bind(&s.lead_officer)
    .bind(&s.contact_name)
    .bind(&s.contact_email)
    .bind(&s.contact_phone)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM report_implications WHERE council_id = $1").bind(council).execute(&mut *conn).await?;
    for (position, i) in s.implications.iter().enumerate() {
        sqlx::query("INSERT INTO report_implications (council_id, position, title, body) VALUES ($1, $2, $3, $4)")
            .bind(council)
            .bind(position as i64)
            .bind(&i.title)
            .bind(&i.text)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn forecasts(conn: &mut Conn, slug: &Key) -> Result<Vec<Forecast>, StoreError> {
    let id = council_id(conn, slug).await?;
    let rows = sqlx::query(
        "SELECT m.code, f.period, f.value FROM forecasts f JOIN measures m ON m.id = f.measure_id
         WHERE m.council_id = $1 ORDER BY m.position, f.period",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "forecasts", joined: &[("code", "measures.code")] };
            Ok(Forecast {
                measure: c.parse("code", codec::code)?,
                period: c.parse("period", codec::period)?,
                value: c.parse("value", codec::decimal)?,
            })
        })
        .collect()
}

/// Sets a forecast (inside a change set's transaction); `measure` is the stored measure's id.
pub(crate) async fn set_forecast(conn: &mut Conn, measure: i64, forecast: &Forecast) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO forecasts (measure_id, period, value) VALUES ($1, $2, $3)
         ON CONFLICT (measure_id, period) DO UPDATE SET value = excluded.value",
    )
    .bind(measure)
    .bind(forecast.period.to_string())
    .bind(forecast.value.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn narrative(conn: &mut Conn, draft: &DraftKey) -> Result<Narrative, StoreError> {
    let id = council_id(conn, &draft.council).await?;
    let rows = sqlx::query(
        "SELECT slot, body FROM report_narratives WHERE council_id = $1 AND kind = $2 AND period = $3 ORDER BY slot",
    )
    .bind(id)
    .bind(&draft.kind)
    .bind(draft.period.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Narrative::new();
    for row in &rows {
        out.insert(row.try_get("slot")?, row.try_get("body")?);
    }
    Ok(out)
}

pub(crate) async fn save_narrative(
    conn: &mut Conn,
    draft: &DraftKey,
    slots: &Narrative,
    by: &str,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let id = council_id(conn, &draft.council).await?;
    let now = codec::timestamp_text(Timestamp::now());
    for (slot, body) in slots {
        if body.trim().is_empty() {
            sqlx::query(
                "DELETE FROM report_narratives WHERE council_id = $1 AND kind = $2 AND period = $3 AND slot = $4",
            )
            .bind(id)
            .bind(&draft.kind)
            .bind(draft.period.to_string())
            .bind(slot)
            .execute(&mut *conn)
            .await?;
            continue;
        }
        sqlx::query(
            "INSERT INTO report_narratives (council_id, kind, period, slot, body, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (council_id, kind, period, slot)
             DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(id)
        .bind(&draft.kind)
        .bind(draft.period.to_string())
        .bind(slot)
        .bind(body)
        .bind(&now)
        .bind(by)
        .execute(&mut *conn)
        .await?;
    }
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&draft.council, id))).await
}
