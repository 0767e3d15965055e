// Published reports: the same SQL for both backends. This file is not a
// module of its own: it is compiled twice, with `include!`, inside
// `sqlite::publications` and `postgres::publications`, each of which first
// says `type Db = ...;`. See `backend.rs` for why. The caller opens the
// transaction (and commits it after a write). A publication is written once
// and never changed.

use outturn_core::Key;
use sqlx::Row;

use super::read::Cells;
use super::rounds::council_id;
use crate::codec;
use crate::cycle::{NewPublication, Publication, PublishedFile};
use crate::{AuditRecord, StoreError};

type Conn = <Db as sqlx::Database>::Connection;

/// Stores the publication, its files and its audit record; returns its id.
pub(crate) async fn publish(conn: &mut Conn, p: &NewPublication, audit: &AuditRecord) -> Result<i64, StoreError> {
    let council = council_id(conn, &p.council).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO publications (council_id, kind, period, committee, meeting_date, published_at, published_by,
             content_hash, data_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(council)
    .bind(&p.kind)
    .bind(p.period.to_string())
    .bind(&p.committee)
    .bind(p.meeting_date.to_string())
    .bind(codec::timestamp_text(p.published_at))
    .bind(&p.published_by)
    .bind(&p.content_hash)
    .bind(p.data.to_string())
    .fetch_one(&mut *conn)
    .await?;
    for f in &p.files {
        sqlx::query(
            "INSERT INTO publication_files (publication_id, format, file_name, media_type, bytes)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&f.format)
        .bind(&f.file_name)
        .bind(&f.media_type)
        .bind(&f.bytes)
        .execute(&mut *conn)
        .await?;
    }
    // A published period is locked and shows as "Published": what was derived is stale.
    super::write::move_revision(conn, council).await?;
    super::accounts::append_audit(conn, std::slice::from_ref(audit), Some((&p.council, council))).await?;
    Ok(id)
}

/// The listing query with the given ending (a static string: no SQL is built at run time).
macro_rules! listing {
    ($rest:literal) => {
        concat!(
            "SELECT p.id, c.slug, p.kind, p.period, p.committee, p.meeting_date, p.published_at, p.published_by,
                 p.content_hash
             FROM publications p JOIN councils c ON c.id = p.council_id ",
            $rest
        )
    };
}

/// Published reports, oldest first: every council's, or one council's.
pub(crate) async fn publications(conn: &mut Conn, slug: Option<&Key>) -> Result<Vec<Publication>, StoreError> {
    let rows = match slug {
        Some(slug) => {
            let council = council_id(conn, slug).await?;
            sqlx::query(listing!("WHERE p.council_id = $1 ORDER BY p.id")).bind(council).fetch_all(&mut *conn).await?
        }
        None => sqlx::query(listing!("ORDER BY p.id")).fetch_all(&mut *conn).await?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(listed(conn, row).await?);
    }
    Ok(out)
}

/// A listing row, with the formats stored for it.
async fn listed(conn: &mut Conn, row: &<Db as sqlx::Database>::Row) -> Result<Publication, StoreError> {
    let c = Cells { row, table: "publications", joined: &[("slug", "councils.slug")] };
    let id: i64 = c.get("id")?;
    let formats: Vec<String> =
        sqlx::query_scalar("SELECT format FROM publication_files WHERE publication_id = $1 ORDER BY format")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Publication {
        id,
        council: c.parse("slug", codec::key)?,
        kind: c.text("kind")?,
        period: c.parse("period", codec::period)?,
        committee: c.text("committee")?,
        meeting_date: c.parse("meeting_date", codec::date)?,
        published_at: c.parse("published_at", codec::timestamp)?,
        published_by: c.text("published_by")?,
        content_hash: c.text("content_hash")?,
        formats,
    })
}

/// One publication and the data it rests on.
pub(crate) async fn publication(
    conn: &mut Conn,
    id: i64,
) -> Result<Option<(Publication, serde_json::Value)>, StoreError> {
    let row = sqlx::query(listing!("WHERE p.id = $1")).bind(id).fetch_optional(&mut *conn).await?;
    let Some(row) = row else { return Ok(None) };
    let publication = listed(conn, &row).await?;
    let data: String =
        sqlx::query_scalar("SELECT data_json FROM publications WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    Ok(Some((publication, codec::json("publications.data_json", &data)?)))
}

/// One stored file of a publication, byte for byte.
pub(crate) async fn publication_file(
    conn: &mut Conn,
    id: i64,
    format: &str,
) -> Result<Option<PublishedFile>, StoreError> {
    let row = sqlx::query(
        "SELECT format, file_name, media_type, bytes FROM publication_files WHERE publication_id = $1 AND format = $2",
    )
    .bind(id)
    .bind(format)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(PublishedFile {
        format: row.try_get("format")?,
        file_name: row.try_get("file_name")?,
        media_type: row.try_get("media_type")?,
        bytes: row.try_get("bytes")?,
    }))
}
