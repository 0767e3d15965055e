// Collection rounds and sign-off events: the same SQL for both backends.
// This file is not a module of its own: it is compiled twice, with
// `include!`, inside `sqlite::rounds` and `postgres::rounds`, each of which
// first says `type Db = ...;`. See `backend.rs` for why. The caller opens the
// transaction (and commits it after a write).

use jiff::Timestamp;
use outturn_core::{Key, Period, SignOffStep};

use super::read::Cells;
use crate::codec;
use crate::cycle::{CommentaryWaiver, Round, SignOffEvent};
use crate::{AuditRecord, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

pub(crate) async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

pub(crate) async fn rounds(conn: &mut Conn, slug: &Key) -> Result<Vec<Round>, StoreError> {
    let id = council_id(conn, slug).await?;
    let rows = sqlx::query(
        "SELECT period, entry_deadline, sign_off_deadline, opened_at, opened_by, closed_at, closed_by
         FROM collection_rounds WHERE council_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut rounds = Vec::with_capacity(rows.len());
    for row in &rows {
        let c = Cells { row, table: "collection_rounds", joined: &[] };
        rounds.push(Round {
            council: slug.clone(),
            period: c.parse("period", codec::period)?,
            entry_deadline: c.parse("entry_deadline", codec::date)?,
            sign_off_deadline: c.parse("sign_off_deadline", codec::date)?,
            opened_at: c.parse("opened_at", codec::timestamp)?,
            opened_by: c.text("opened_by")?,
            closed_at: c.parse_opt("closed_at", codec::timestamp)?,
            closed_by: c.opt_text("closed_by")?,
        });
    }
    // Periods in order, whatever order they were opened in.
    rounds.sort_by_key(|r| r.period);
    Ok(rounds)
}

/// Opens a round; [`StoreError::Duplicate`] when the council has one for the period.
pub(crate) async fn open_round(conn: &mut Conn, round: &Round, audit: &AuditRecord) -> Result<(), StoreError> {
    let id = council_id(conn, &round.council).await?;
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM collection_rounds WHERE council_id = $1 AND period = $2")
            .bind(id)
            .bind(round.period.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if taken.is_some() {
        return Err(StoreError::Duplicate(format!("a collection round for {} {}", round.council, round.period)));
    }
    sqlx::query(
        "INSERT INTO collection_rounds
             (council_id, period, entry_deadline, sign_off_deadline, opened_at, opened_by, closed_at, closed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(round.period.to_string())
    .bind(round.entry_deadline.to_string())
    .bind(round.sign_off_deadline.to_string())
    .bind(codec::timestamp_text(round.opened_at))
    .bind(&round.opened_by)
    .bind(round.closed_at.map(codec::timestamp_text))
    .bind(&round.closed_by)
    .execute(&mut *conn)
    .await?;
    super::write::move_revision(conn, id).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&round.council, id))).await
}

/// Closes a round; [`StoreError::NoRound`] when there is no open round for the period.
pub(crate) async fn close_round(
    conn: &mut Conn,
    slug: &Key,
    period: Period,
    at: Timestamp,
    by: &str,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let id = council_id(conn, slug).await?;
    let done = sqlx::query(
        "UPDATE collection_rounds SET closed_at = $1, closed_by = $2
         WHERE council_id = $3 AND period = $4 AND closed_at IS NULL",
    )
    .bind(codec::timestamp_text(at))
    .bind(by)
    .bind(id)
    .bind(period.to_string())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NoRound(format!("{slug} {period}")));
    }
    // Statuses depend on the rounds (Awaiting while open, Missing once closed).
    super::write::move_revision(conn, id).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((slug, id))).await
}

/// Every sign-off step of the council (of one period when given), in the order taken.
pub(crate) async fn sign_off_events(
    conn: &mut Conn,
    slug: &Key,
    period: Option<Period>,
) -> Result<Vec<SignOffEvent>, StoreError> {
    let id = council_id(conn, slug).await?;
    let rows = match period {
        Some(p) => {
            sqlx::query(
                "SELECT period, node, state, reason, at, by_user FROM sign_off_events
             WHERE council_id = $1 AND period = $2 ORDER BY id",
            )
            .bind(id)
            .bind(p.to_string())
            .fetch_all(&mut *conn)
            .await?
        }
        None => sqlx::query(
            "SELECT period, node, state, reason, at, by_user FROM sign_off_events WHERE council_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?,
    };
    let mut events = Vec::with_capacity(rows.len());
    for row in &rows {
        let c = Cells { row, table: "sign_off_events", joined: &[] };
        let state = c.text("state")?;
        let step = SignOffStep::parse(&state)
            .ok_or_else(|| codec::corrupt("sign_off_events.state", &state, "not submit, sign-off or reopen"))?;
        events.push(SignOffEvent {
            council: slug.clone(),
            period: c.parse("period", codec::period)?,
            node: c.parse("node", codec::key)?,
            step,
            reason: c.opt_text("reason")?,
            at: c.parse("at", codec::timestamp)?,
            by: c.text("by_user")?,
        });
    }
    Ok(events)
}

/// Appends a sign-off step with its audit record. `expected` is the number of
/// steps the caller saw for the unit and period: if another was taken since,
/// nothing is written ([`StoreError::Conflict`]-like refusal as `Duplicate`).
pub(crate) async fn record_sign_off(
    conn: &mut Conn,
    event: &SignOffEvent,
    expected: usize,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let id = council_id(conn, &event.council).await?;
    let seen: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_off_events WHERE council_id = $1 AND period = $2 AND node = $3")
            .bind(id)
            .bind(event.period.to_string())
            .bind(event.node.as_str())
            .fetch_one(&mut *conn)
            .await?;
    if seen as usize != expected {
        return Err(StoreError::Duplicate(format!(
            "a sign-off step for {} {} taken by someone else just now",
            event.node, event.period
        )));
    }
    sqlx::query(
        "INSERT INTO sign_off_events (council_id, period, node, state, reason, at, by_user)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(event.period.to_string())
    .bind(event.node.as_str())
    .bind(event.step.code())
    .bind(&event.reason)
    .bind(codec::timestamp_text(event.at))
    .bind(&event.by)
    .execute(&mut *conn)
    .await?;
    // The period's standing (provisional, signed off) is shown with its statuses.
    super::write::move_revision(conn, id).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&event.council, id))).await
}

/// The council's commentary waivers, in the order recorded.
pub(crate) async fn commentary_waivers(conn: &mut Conn, slug: &Key) -> Result<Vec<CommentaryWaiver>, StoreError> {
    let id = council_id(conn, slug).await?;
    let rows = sqlx::query(
        "SELECT measure_code, period, reason, recorded_at, recorded_by FROM commentary_waivers
         WHERE council_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut waivers = Vec::with_capacity(rows.len());
    for row in &rows {
        let c = Cells { row, table: "commentary_waivers", joined: &[] };
        waivers.push(CommentaryWaiver {
            council: slug.clone(),
            measure: c.parse("measure_code", codec::code)?,
            period: c.parse("period", codec::period)?,
            reason: c.text("reason")?,
            recorded_at: c.parse("recorded_at", codec::timestamp)?,
            recorded_by: c.text("recorded_by")?,
        });
    }
    Ok(waivers)
}

/// Records a commentary waiver with its audit record; [`StoreError::Duplicate`]
/// when the measure already has one for the period. Statuses show whether
/// commentary is owed, so the council's revision moves.
pub(crate) async fn waive_commentary(
    conn: &mut Conn,
    waiver: &CommentaryWaiver,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let id = council_id(conn, &waiver.council).await?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM commentary_waivers WHERE council_id = $1 AND measure_code = $2 AND period = $3",
    )
    .bind(id)
    .bind(waiver.measure.as_str())
    .bind(waiver.period.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    if taken.is_some() {
        return Err(StoreError::Duplicate(format!("a commentary waiver for {} {}", waiver.measure, waiver.period)));
    }
    sqlx::query(
        "INSERT INTO commentary_waivers (council_id, measure_code, period, reason, recorded_at, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(waiver.measure.as_str())
    .bind(waiver.period.to_string())
    .bind(&waiver.reason)
    .bind(codec::timestamp_text(waiver.recorded_at))
    .bind(&waiver.recorded_by)
    .execute(&mut *conn)
    .await?;
    super::write::move_revision(conn, id).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&waiver.council, id))).await
}
