// Reminders: the address each user's reminders go to, and one row per
// reminder claimed, sent or failed. The same SQL for both backends. This file
// is not a module of its own: it is compiled twice, with `include!`, inside
// `sqlite::reminders` and `postgres::reminders`, each of which first says
// `type Db = ...;`. See `backend.rs` for why. The caller opens the transaction
// (and commits it after a write). Instants are written with
// `codec::timestamp_text`, so the text comparisons below compare instants.

use std::collections::BTreeMap;

use jiff::Timestamp;
use outturn_core::Key;

use super::read::Cells;
use crate::codec;
use crate::{
    AuditRecord, ReminderClaim, ReminderFilter, ReminderKey, ReminderKind, ReminderRecord, ReminderState, StoreError,
};

type Conn = <Db as sqlx::Database>::Connection;

async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

pub(crate) async fn set_email_address(
    conn: &mut Conn,
    username: &str,
    address: Option<&str>,
    audit: &AuditRecord,
) -> Result<(), StoreError> {
    let username = codec::username(username);
    let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&mut *conn)
        .await?;
    let user = user.ok_or(StoreError::NoUser(username))?;
    match address {
        Some(address) => {
            sqlx::query(
                "INSERT INTO user_email_addresses (user_id, address, set_at) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id) DO UPDATE SET address = excluded.address, set_at = excluded.set_at",
            )
            .bind(user)
            .bind(address)
            .bind(codec::timestamp_text(audit.at))
            .execute(&mut *conn)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM user_email_addresses WHERE user_id = $1").bind(user).execute(&mut *conn).await?;
        }
    }
    super::accounts::append_audit(conn, std::slice::from_ref(audit), None).await
}

pub(crate) async fn email_addresses(conn: &mut Conn) -> Result<BTreeMap<String, String>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.username, a.address FROM user_email_addresses a JOIN users u ON u.id = a.user_id ORDER BY u.username",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Inserts the reminder as 'sending', or takes over a failed one (or one left
/// 'sending' by a server that stopped) claimed before `retry_before`. Some(id)
/// when this caller now holds the claim and must send.
pub(crate) async fn claim(
    conn: &mut Conn,
    claim: &ReminderClaim,
    now: Timestamp,
    retry_before: Timestamp,
) -> Result<Option<i64>, StoreError> {
    let council = council_id(conn, &claim.key.council).await?;
    let key = &claim.key;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO reminders (council_id, period, recipient, kind, address, subject, body, state, attempts, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', 1, $8)
         ON CONFLICT (council_id, period, recipient, kind) DO NOTHING
         RETURNING id",
    )
    .bind(council)
    .bind(key.period.to_string())
    .bind(codec::username(&key.recipient))
    .bind(key.kind.code())
    .bind(&claim.address)
    .bind(&claim.subject)
    .bind(&claim.body)
    .bind(codec::timestamp_text(now))
    .fetch_optional(&mut *conn)
    .await?;
    if inserted.is_some() {
        return Ok(inserted);
    }
    // The condition is checked again under the row's lock, so of two servers
    // retrying at once only one updates the row.
    let retried: Option<i64> = sqlx::query_scalar(
        "UPDATE reminders SET state = 'sending', attempts = attempts + 1, claimed_at = $5,
                address = $6, subject = $7, body = $8
         WHERE council_id = $1 AND period = $2 AND recipient = $3 AND kind = $4
           AND state IN ('failed', 'sending') AND claimed_at < $9
         RETURNING id",
    )
    .bind(council)
    .bind(key.period.to_string())
    .bind(codec::username(&key.recipient))
    .bind(key.kind.code())
    .bind(codec::timestamp_text(now))
    .bind(&claim.address)
    .bind(&claim.subject)
    .bind(&claim.body)
    .bind(codec::timestamp_text(retry_before))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(retried)
}

/// Records how a claimed send ended: sent, or failed with the error. The
/// last error is kept after a later success, to show why it went late.
pub(crate) async fn finish(
    conn: &mut Conn,
    id: i64,
    outcome: Result<(), &str>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let (state, sent_at, error) = match outcome {
        Ok(()) => ("sent", Some(codec::timestamp_text(at)), None),
        Err(e) => ("failed", None, Some(e)),
    };
    let done = sqlx::query(
        "UPDATE reminders SET state = $2, sent_at = $3, last_error = COALESCE($4, last_error) WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(sent_at)
    .bind(error)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Dangling {
            what: "a reminder's outcome".to_string(),
            missing: format!("reminder {id}"),
        });
    }
    Ok(())
}

pub(crate) async fn reminders(conn: &mut Conn, filter: &ReminderFilter) -> Result<Vec<ReminderRecord>, StoreError> {
    let limit = if filter.limit == 0 { i64::MAX } else { i64::from(filter.limit) };
    // The CASTs give PostgreSQL the parameters' type where `$1 IS NULL` alone
    // does not say it (the statement then prepares without its values).
    let rows = sqlx::query(
        "SELECT r.id, c.slug AS council, r.period, r.recipient, r.kind, r.address, r.subject, r.body, r.state,
                r.attempts, r.claimed_at, r.sent_at, r.last_error
         FROM reminders r JOIN councils c ON c.id = r.council_id
         WHERE (CAST($1 AS TEXT) IS NULL OR c.slug = $1) AND (CAST($2 AS TEXT) IS NULL OR r.period = $2)
         ORDER BY r.claimed_at DESC, r.id DESC
         LIMIT $3",
    )
    .bind(filter.council.as_ref().map(|k| k.to_string()))
    .bind(filter.period.map(|p| p.to_string()))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "reminders", joined: &[("council", "councils.slug")] };
            Ok(ReminderRecord {
                id: c.get("id")?,
                key: ReminderKey {
                    council: c.parse("council", codec::key)?,
                    period: c.parse("period", codec::period)?,
                    recipient: c.text("recipient")?,
                    kind: c.parse("kind", kind)?,
                },
                address: c.text("address")?,
                subject: c.text("subject")?,
                body: c.text("body")?,
                state: c.parse("state", state)?,
                attempts: codec::small(&c.what("attempts"), c.get::<i64>("attempts")?)?,
                claimed_at: c.parse("claimed_at", codec::timestamp)?,
                sent_at: c.parse_opt("sent_at", codec::timestamp)?,
                last_error: c.opt_text("last_error")?,
            })
        })
        .collect()
}

fn kind(what: &str, text: &str) -> Result<ReminderKind, StoreError> {
    ReminderKind::parse(text).ok_or_else(|| codec::corrupt(what, text, "not a kind of reminder"))
}

fn state(what: &str, text: &str) -> Result<ReminderState, StoreError> {
    ReminderState::parse(text).ok_or_else(|| codec::corrupt(what, text, "not a reminder state"))
}
