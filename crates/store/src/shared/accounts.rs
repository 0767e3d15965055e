// Accounts, sessions, failed sign-ins and the audit log: the same SQL for both
// backends. This file is not a module of its own: it is compiled twice, with
// `include!`, inside `sqlite::accounts` and `postgres::accounts`, each of which
// first says `type Db = ...;`. See `backend.rs` for why. The caller opens the
// transaction (and commits it after a write).
//
// Usernames are trimmed and lower-cased (`codec::username`) on the way in and
// in every lookup; instants are written with `codec::timestamp_text`, so the
// text comparisons below compare instants.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use outturn_core::Key;

use super::read::Cells;
use crate::codec;
use crate::{AuditFilter, AuditRecord, SessionRecord, StoreError, User, UserRecord};

type Conn = <Db as sqlx::Database>::Connection;
type DbRow = <Db as sqlx::Database>::Row;

/// The user's columns, then the SQL after `FROM` (which names `users u`).
macro_rules! select_users {
    ($($rest:literal),*) => {
        concat!(
            "SELECT u.id, u.username, u.display_name, u.role, c.slug AS council, u.password_hash, u.disabled,
                    u.created_at ",
            $($rest),*
        )
    };
}

/// Columns a user row takes from other tables.
const USER_JOINED: &[(&str, &str)] = &[
    ("council", "councils.slug"),
    ("session_created_at", "sessions.created_at"),
    ("token_hash", "sessions.token_hash"),
    ("csrf_token", "sessions.csrf_token"),
    ("expires_at", "sessions.expires_at"),
];

/// A user from a row of `select_users!`, with no nodes yet.
fn user_row(row: &DbRow) -> Result<User, StoreError> {
    let c = Cells { row, table: "users", joined: USER_JOINED };
    Ok(User {
        id: c.get("id")?,
        username: c.text("username")?,
        display_name: c.text("display_name")?,
        role: c.parse("role", codec::role)?,
        council: c.parse_opt("council", codec::key)?,
        nodes: Vec::new(),
        password_hash: c.text("password_hash")?,
        disabled: c.get("disabled")?,
        created_at: c.parse("created_at", codec::timestamp)?,
    })
}

/// Fills in the nodes of users read with `select_users!` (all of them when
/// `one` is None, else the one user).
async fn with_nodes(conn: &mut Conn, mut users: Vec<User>, one: Option<i64>) -> Result<Vec<User>, StoreError> {
    let index: HashMap<i64, usize> = users.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let rows = match one {
        Some(id) => {
            sqlx::query(
                "SELECT un.user_id, n.key FROM user_nodes un JOIN nodes n ON n.id = un.node_id
                 WHERE un.user_id = $1 ORDER BY un.position",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query(
                "SELECT un.user_id, n.key FROM user_nodes un JOIN nodes n ON n.id = un.node_id
                 ORDER BY un.user_id, un.position",
            )
            .fetch_all(&mut *conn)
            .await?
        }
    };
    for row in &rows {
        let c = Cells { row, table: "user_nodes", joined: &[("key", "nodes.key")] };
        let user_id: i64 = c.get("user_id")?;
        let user = index
            .get(&user_id)
            .map(|&i| &mut users[i])
            .ok_or_else(|| codec::corrupt(&c.what("user_id"), &user_id.to_string(), "not a user that was read"))?;
        user.nodes.push(c.parse("key", codec::key)?);
    }
    Ok(users)
}

/// Every user, by username.
pub(crate) async fn users(conn: &mut Conn) -> Result<Vec<User>, StoreError> {
    let sql = select_users!("FROM users u LEFT JOIN councils c ON c.id = u.council_id ORDER BY u.username");
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    let users = rows.iter().map(user_row).collect::<Result<Vec<_>, _>>()?;
    with_nodes(conn, users, None).await
}

async fn one_user(conn: &mut Conn, row: Option<DbRow>) -> Result<Option<User>, StoreError> {
    let Some(row) = row else { return Ok(None) };
    let user = user_row(&row)?;
    let id = user.id;
    Ok(with_nodes(conn, vec![user], Some(id)).await?.pop())
}

pub(crate) async fn user_by_id(conn: &mut Conn, id: i64) -> Result<Option<User>, StoreError> {
    let sql = select_users!("FROM users u LEFT JOIN councils c ON c.id = u.council_id WHERE u.id = $1");
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    one_user(conn, row).await
}

/// The user with this username, whatever its case.
pub(crate) async fn user_by_username(conn: &mut Conn, username: &str) -> Result<Option<User>, StoreError> {
    let sql = select_users!("FROM users u LEFT JOIN councils c ON c.id = u.council_id WHERE u.username = $1");
    let row = sqlx::query(sql).bind(codec::username(username)).fetch_optional(&mut *conn).await?;
    one_user(conn, row).await
}

/// The id of the council named by `slug`.
async fn council_id(conn: &mut Conn, slug: &Key) -> Result<i64, StoreError> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM councils WHERE slug = $1").bind(slug.as_str()).fetch_optional(conn).await?;
    id.ok_or_else(|| StoreError::NoCouncil(slug.to_string()))
}

/// The id of the council a user works for, if any.
async fn user_council(conn: &mut Conn, user: &UserRecord) -> Result<Option<i64>, StoreError> {
    match &user.council {
        Some(slug) => Ok(Some(council_id(conn, slug).await?)),
        None => Ok(None),
    }
}

/// Replaces the user's nodes with `nodes` (each a node of the user's council;
/// a key given twice is kept once, where first given).
async fn replace_nodes(
    conn: &mut Conn,
    user_id: i64,
    username: &str,
    council: Option<i64>,
    nodes: &[Key],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM user_nodes WHERE user_id = $1").bind(user_id).execute(&mut *conn).await?;
    let mut seen = HashSet::new();
    for (position, key) in (0_i64..).zip(nodes.iter().filter(|key| seen.insert(*key))) {
        let node: Option<i64> = match council {
            Some(council) => {
                sqlx::query_scalar("SELECT id FROM nodes WHERE council_id = $1 AND key = $2")
                    .bind(council)
                    .bind(key.as_str())
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => None, // a user of no council has no nodes to answer for
        };
        let node = node
            .ok_or_else(|| StoreError::Dangling { what: format!("user {username}"), missing: format!("node {key}") })?;
        sqlx::query("INSERT INTO user_nodes (user_id, position, node_id) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(position)
            .bind(node)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Creates the user (created at the audit record's instant), its nodes and
/// the audit line.
pub(crate) async fn create_user(conn: &mut Conn, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
    let username = codec::username(&user.username);
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Err(StoreError::DuplicateUser(username));
    }
    let council = user_council(conn, user).await?;
    // DO NOTHING covers a user created by someone else since the check.
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, council_id, password_hash, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (username) DO NOTHING
         RETURNING id",
    )
    .bind(&username)
    .bind(&user.display_name)
    .bind(user.role.code())
    .bind(council)
    .bind(&user.password_hash)
    .bind(user.disabled)
    .bind(codec::timestamp_text(audit.at))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else { return Err(StoreError::DuplicateUser(username)) };
    replace_nodes(conn, id, &username, council, &user.nodes).await?;
    append_audit(conn, std::slice::from_ref(audit), None).await?;
    user_by_id(conn, id).await?.ok_or_else(|| StoreError::NoUser(username))
}

/// Replaces the user's details by username (keeping id and creation time),
/// ends their sessions if they are disabled or their password changes, and
/// writes the audit line.
pub(crate) async fn update_user(conn: &mut Conn, user: &UserRecord, audit: &AuditRecord) -> Result<User, StoreError> {
    let username = codec::username(&user.username);
    let found: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE username = $1")
        .bind(&username)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((id, password_hash)) = found else { return Err(StoreError::NoUser(username)) };
    let council = user_council(conn, user).await?;
    sqlx::query(
        "UPDATE users SET display_name = $2, role = $3, council_id = $4, password_hash = $5, disabled = $6
         WHERE id = $1",
    )
    .bind(id)
    .bind(&user.display_name)
    .bind(user.role.code())
    .bind(council)
    .bind(&user.password_hash)
    .bind(user.disabled)
    .execute(&mut *conn)
    .await?;
    replace_nodes(conn, id, &username, council, &user.nodes).await?;
    if user.disabled || password_hash != user.password_hash {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *conn).await?;
    }
    append_audit(conn, std::slice::from_ref(audit), None).await?;
    user_by_id(conn, id).await?.ok_or_else(|| StoreError::NoUser(username))
}

pub(crate) async fn create_session(conn: &mut Conn, session: &SessionRecord) -> Result<(), StoreError> {
    let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
        .bind(session.user_id)
        .fetch_optional(&mut *conn)
        .await?;
    if user.is_none() {
        return Err(StoreError::NoUser(format!("#{}", session.user_id)));
    }
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&session.token_hash)
    .bind(session.user_id)
    .bind(&session.csrf_token)
    .bind(codec::timestamp_text(session.created_at))
    .bind(codec::timestamp_text(session.expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The session and its user, if the session is there, has not expired at
/// `now` (it expires at `expires_at`) and its user is not disabled.
pub(crate) async fn session(
    conn: &mut Conn,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<(SessionRecord, User)>, StoreError> {
    let sql = select_users!(
        ", s.token_hash, s.csrf_token, s.created_at AS session_created_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN councils c ON c.id = u.council_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled"
    );
    let row = sqlx::query(sql).bind(token_hash).bind(codec::timestamp_text(now)).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let c = Cells { row: &row, table: "sessions", joined: USER_JOINED };
    let user = user_row(&row)?;
    let session = SessionRecord {
        token_hash: c.text("token_hash")?,
        user_id: user.id,
        csrf_token: c.text("csrf_token")?,
        created_at: c.parse("session_created_at", codec::timestamp)?,
        expires_at: c.parse("expires_at", codec::timestamp)?,
    };
    let id = user.id;
    let user = with_nodes(conn, vec![user], Some(id)).await?.pop();
    Ok(user.map(|user| (session, user)))
}

pub(crate) async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub(crate) async fn record_login_failure(conn: &mut Conn, username: &str, at: Timestamp) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO login_failures (username, at) VALUES ($1, $2)")
        .bind(codec::username(username))
        .bind(codec::timestamp_text(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed sign-ins for the username at or after `since`.
pub(crate) async fn login_failures_since(
    conn: &mut Conn,
    username: &str,
    since: Timestamp,
) -> Result<usize, StoreError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $2")
        .bind(codec::username(username))
        .bind(codec::timestamp_text(since))
        .fetch_one(conn)
        .await?;
    codec::small("login_failures.count", count)
}

pub(crate) async fn clear_login_failures(conn: &mut Conn, username: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1").bind(codec::username(username)).execute(conn).await?;
    Ok(())
}

/// Writes audit lines in the order given. `known` is a council already
/// looked up (the change set's); any other council is looked up by slug, and
/// one that is not stored is [`StoreError::NoCouncil`].
pub(crate) async fn append_audit(
    conn: &mut Conn,
    records: &[AuditRecord],
    known: Option<(&Key, i64)>,
) -> Result<(), StoreError> {
    let mut councils: HashMap<&Key, i64> = known.into_iter().collect();
    for record in records {
        let council = match &record.council {
            Some(slug) => match councils.get(slug) {
                Some(&id) => Some(id),
                None => {
                    let id = council_id(conn, slug).await?;
                    councils.insert(slug, id);
                    Some(id)
                }
            },
            None => None,
        };
        sqlx::query(
            "INSERT INTO audit_log (at, actor, council_id, event, subject, before_json, after_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(codec::timestamp_text(record.at))
        .bind(&record.actor)
        .bind(council)
        .bind(&record.event)
        .bind(&record.subject)
        .bind(record.before.as_ref().map(|v| v.to_string()))
        .bind(record.after.as_ref().map(|v| v.to_string()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The audit lines the filter lets through, newest first (by instant, then
/// the order written), `limit` of them (100 if 0) after skipping `offset`.
pub(crate) async fn audit_log(conn: &mut Conn, filter: &AuditFilter) -> Result<Vec<AuditRecord>, StoreError> {
    let mut sql = sqlx::QueryBuilder::<Db>::new(
        "SELECT a.at, a.actor, c.slug AS council, a.event, a.subject, a.before_json, a.after_json
         FROM audit_log a LEFT JOIN councils c ON c.id = a.council_id WHERE 1 = 1",
    );
    if let Some(council) = &filter.council {
        sql.push(" AND c.slug = ").push_bind(council.as_str().to_string());
    }
    if let Some(actor) = &filter.actor {
        sql.push(" AND a.actor = ").push_bind(actor.clone());
    }
    if let Some(prefix) = &filter.event_prefix {
        // Not LIKE: SQLite's ignores case, and `_` and `%` would need escaping.
        let length = i32::try_from(prefix.chars().count()).unwrap_or(i32::MAX); // PostgreSQL's substr takes an int4
        sql.push(" AND substr(a.event, 1, ").push_bind(length).push(") = ").push_bind(prefix.clone());
    }
    if let Some(since) = filter.since {
        sql.push(" AND a.at >= ").push_bind(codec::timestamp_text(since));
    }
    if let Some(until) = filter.until {
        sql.push(" AND a.at <= ").push_bind(codec::timestamp_text(until));
    }
    let limit = if filter.limit == 0 { 100 } else { filter.limit };
    sql.push(" ORDER BY a.at DESC, a.id DESC LIMIT ").push_bind(i64::from(limit));
    sql.push(" OFFSET ").push_bind(i64::from(filter.offset));
    let rows = sql.build().fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| {
            let c = Cells { row, table: "audit_log", joined: &[("council", "councils.slug")] };
            Ok(AuditRecord {
                at: c.parse("at", codec::timestamp)?,
                actor: c.text("actor")?,
                council: c.parse_opt("council", codec::key)?,
                event: c.text("event")?,
                subject: c.text("subject")?,
                before: c.parse_opt("before_json", codec::json)?,
                after: c.parse_opt("after_json", codec::json)?,
            })
        })
        .collect()
}
