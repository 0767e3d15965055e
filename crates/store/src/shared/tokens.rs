// API tokens: the same SQL for both backends, compiled twice with `include!`
// inside `sqlite::tokens` and `postgres::tokens` (see `backend.rs` for why).
// The caller opens the transaction (and commits it after a write). Instants
// are written with `codec::timestamp_text`, so comparing the text compares
// the instants.

use jiff::Timestamp;

use super::accounts::append_audit;
use super::read::Cells;
use crate::codec;
use crate::{ApiToken, AuditRecord, NewApiToken, StoreError, TokenScope, User};

type Conn = <Db as sqlx::Database>::Connection;
type DbRow = <Db as sqlx::Database>::Row;

/// The token's columns and its user's name, then the rest of the SQL.
macro_rules! select_tokens {
    ($rest:literal) => {
        concat!(
            "SELECT t.id, t.user_id, u.username, t.name, t.scope, t.created_at, t.last_used_at, t.revoked_at
             FROM api_tokens t JOIN users u ON u.id = t.user_id ",
            $rest
        )
    };
}

fn token_row(row: &DbRow) -> Result<ApiToken, StoreError> {
    let c = Cells { row, table: "api_tokens", joined: &[("username", "users.username")] };
    let scope = c.text("scope")?;
    Ok(ApiToken {
        id: c.get("id")?,
        user_id: c.get("user_id")?,
        username: c.text("username")?,
        name: c.text("name")?,
        scope: TokenScope::parse(&scope)
            .ok_or_else(|| codec::corrupt(&c.what("scope"), &scope, "not read or write"))?,
        created_at: c.parse("created_at", codec::timestamp)?,
        last_used_at: c.parse_opt("last_used_at", codec::timestamp)?,
        revoked_at: c.parse_opt("revoked_at", codec::timestamp)?,
    })
}

async fn token_by_id(conn: &mut Conn, id: i64) -> Result<Option<ApiToken>, StoreError> {
    let row = sqlx::query(select_tokens!("WHERE t.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    row.as_ref().map(token_row).transpose()
}

/// Stores the token and the audit line.
pub(crate) async fn create_api_token(
    conn: &mut Conn,
    token: &NewApiToken,
    audit: &AuditRecord,
) -> Result<ApiToken, StoreError> {
    let user: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = $1").bind(token.user_id).fetch_optional(&mut *conn).await?;
    if user.is_none() {
        return Err(StoreError::NoUser(format!("#{}", token.user_id)));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (token_hash, user_id, name, scope, created_at) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(&token.token_hash)
    .bind(token.user_id)
    .bind(&token.name)
    .bind(token.scope.code())
    .bind(codec::timestamp_text(token.created_at))
    .fetch_one(&mut *conn)
    .await?;
    append_audit(conn, std::slice::from_ref(audit), None).await?;
    token_by_id(conn, id).await?.ok_or_else(|| codec::corrupt("api_tokens.id", &id.to_string(), "not read back"))
}

/// Every token, or one user's, oldest first.
pub(crate) async fn api_tokens(conn: &mut Conn, user_id: Option<i64>) -> Result<Vec<ApiToken>, StoreError> {
    let rows = match user_id {
        Some(user) => {
            sqlx::query(select_tokens!("WHERE t.user_id = $1 ORDER BY t.id")).bind(user).fetch_all(&mut *conn).await?
        }
        None => sqlx::query(select_tokens!("ORDER BY t.id")).fetch_all(&mut *conn).await?,
    };
    rows.iter().map(token_row).collect()
}

/// The live token with this hash (not revoked, its user not disabled) and its user.
pub(crate) async fn api_token_user(conn: &mut Conn, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
    let sql = select_tokens!("WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled");
    let row = sqlx::query(sql).bind(token_hash).fetch_optional(&mut *conn).await?;
    let Some(token) = row.as_ref().map(token_row).transpose()? else { return Ok(None) };
    let user = super::accounts::user_by_id(conn, token.user_id).await?;
    Ok(user.map(|user| (token, user)))
}

/// Marks the token revoked at `at` (once: a second revocation keeps the first
/// instant) and writes the audit line.
pub(crate) async fn revoke_api_token(
    conn: &mut Conn,
    id: i64,
    at: Timestamp,
    audit: &AuditRecord,
) -> Result<Option<ApiToken>, StoreError> {
    if token_by_id(conn, id).await?.is_none() {
        return Ok(None);
    }
    sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(codec::timestamp_text(at))
        .execute(&mut *conn)
        .await?;
    append_audit(conn, std::slice::from_ref(audit), None).await?;
    token_by_id(conn, id).await
}

/// Records a use, unless one at or after `unless_since` is already recorded
/// (two requests at once both pass the caller's check; only one writes).
pub(crate) async fn touch_api_token(
    conn: &mut Conn,
    id: i64,
    at: Timestamp,
    unless_since: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(id)
    .bind(codec::timestamp_text(at))
    .bind(codec::timestamp_text(unless_since))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
