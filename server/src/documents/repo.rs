//! The SQL behind documents: lists, versions, soft delete, requests, the "new" mark and purging.

use crate::db::{col, date_from_sql, date_to_sql, db_err, now_secs, Db, OrDb};
use app::documents::model::{DocSort, DocumentDetail, DocumentFilter, DocumentPage, DocumentRequest, DocumentSummary, DocumentVersion, RequestPage, DOC_PAGE_SIZE};
use app::error::AppError;
use app::services::{DocumentService, Scope, StoredFile, UploadTarget, Uploaded, VersionFile};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use time::{Date, OffsetDateTime};

/// Deleted documents can be restored for this long; then the purge job removes them.
pub const RESTORE_DAYS: i64 = 30;

pub struct SqlDocuments {
    db: Db,
    mail: std::sync::Arc<crate::mail::Mailer>,
}

impl SqlDocuments {
    pub fn new(db: Db, mail: std::sync::Arc<crate::mail::Mailer>) -> Self {
        Self { db, mail }
    }
}

/// Documents with their latest version; `$1` is the viewer (for the "new" mark).
const SELECT_DOC: &str = "SELECT d.id, d.client_id, d.folder, d.title, d.from_client, d.updated_at, d.deleted_at, \
     v.version, v.file_name, v.content_type, v.size_bytes, \
     (SELECT COUNT(*) FROM document_opens o WHERE o.document_id = d.id AND o.user_id = $1) AS opened \
     FROM documents d JOIN document_versions v ON v.document_id = d.id \
     AND v.version = (SELECT MAX(x.version) FROM document_versions x WHERE x.document_id = d.id)";

fn date_of(secs: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(secs).map(|t| t.date()).unwrap_or(OffsetDateTime::UNIX_EPOCH.date())
}

fn summary(r: &AnyRow, staff: bool) -> Result<DocumentSummary, AppError> {
    let updated_at: i64 = col(r, "updated_at")?;
    let deleted_at: Option<i64> = col(r, "deleted_at")?;
    Ok(DocumentSummary {
        id: col(r, "id")?,
        client_id: col(r, "client_id")?,
        folder: col(r, "folder")?,
        title: col(r, "title")?,
        file_name: col(r, "file_name")?,
        content_type: col(r, "content_type")?,
        size_bytes: col(r, "size_bytes")?,
        version: col(r, "version")?,
        updated_on: date_of(updated_at),
        updated_at,
        is_new: !staff && col::<i64>(r, "opened")? == 0,
        from_client: col::<i64>(r, "from_client")? != 0,
        deleted_until: deleted_at.map(|d| date_of(d + RESTORE_DAYS * 86_400)),
        receipt: None,
    })
}

#[async_trait]
impl DocumentService for SqlDocuments {
    async fn list(&self, scope: Scope, client_id: i64, viewer: i64, f: &DocumentFilter) -> Result<DocumentPage, AppError> {
        let staff = scope == Scope::Staff;
        let client_id = match scope {
            Scope::Client(own) => own,
            Scope::Staff => client_id,
        };
        let mut sql = format!("{SELECT_DOC} WHERE d.client_id = $2");
        if !staff {
            sql.push_str(" AND d.deleted_at IS NULL");
        }
        sql.push_str(" AND ($3 = '' OR d.folder = $3) AND ($4 = '' OR UPPER(d.title) LIKE $4 ESCAPE '\\' OR UPPER(v.file_name) LIKE $4 ESCAPE '\\')");
        // Keyset: (sort key, id) past the `after` document's, which must be this client's (another
        // client's position, like a missing one, gives no rows).
        let (key, position, cmp, order) = match f.sort {
            DocSort::Date => ("d.updated_at", "a.updated_at", "<", "d.updated_at DESC, d.id DESC"),
            DocSort::Name => ("UPPER(d.title)", "UPPER(a.title)", ">", "UPPER(d.title), d.id"),
            DocSort::Size => ("v.size_bytes", "(SELECT y.size_bytes FROM document_versions y WHERE y.document_id = a.id ORDER BY y.version DESC LIMIT 1)", "<", "v.size_bytes DESC, d.id DESC"),
        };
        if f.after.is_some() {
            sql.push_str(&format!(" AND ({key}, d.id) {cmp} (SELECT {position}, a.id FROM documents a WHERE a.id = $5 AND a.client_id = $2)"));
        }
        sql.push_str(&format!(" ORDER BY {order} LIMIT {}", DOC_PAGE_SIZE + 1));
        let q = f.q.trim().to_uppercase();
        let mut query = sqlx::query(&sql)
            .bind(viewer)
            .bind(client_id)
            .bind(f.folder.clone().unwrap_or_default())
            .bind(if q.is_empty() { String::new() } else { crate::db::contains_pattern(&q) });
        if let Some(after) = f.after {
            query = query.bind(after);
        }
        let rows = query.fetch_all(&self.db.pool).await.or_db()?;
        let items = rows.iter().map(|r| summary(r, staff)).collect::<Result<Vec<_>, _>>()?;
        let (items, next) = crate::db::keyset_page(items, DOC_PAGE_SIZE, |d| d.id);
        Ok(DocumentPage { items, next })
    }

    async fn get(&self, scope: Scope, id: i64, viewer: i64) -> Result<DocumentDetail, AppError> {
        let row = sqlx::query(&format!("{SELECT_DOC} WHERE d.id = $2"))
            .bind(viewer)
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?
            .ok_or(AppError::NotFound)?;
        let s = summary(&row, scope == Scope::Staff)?;
        if let Scope::Client(own) = scope {
            // Another client's document, or a deleted one, answers like a missing one.
            if s.client_id != own || s.deleted_until.is_some() {
                return Err(AppError::NotFound);
            }
        }
        let versions = sqlx::query(
            "SELECT version, file_name, content_type, size_bytes, sha256, created_at FROM document_versions WHERE document_id = $1 ORDER BY version DESC",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await
        .or_db()?
        .iter()
        .map(|r| {
            Ok(DocumentVersion {
                version: col(r, "version")?,
                file_name: col(r, "file_name")?,
                content_type: col(r, "content_type")?,
                size_bytes: col(r, "size_bytes")?,
                sha256: col(r, "sha256")?,
                uploaded_on: date_of(col(r, "created_at")?),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
        Ok(DocumentDetail { summary: s, versions })
    }

    async fn set_deleted(&self, id: i64, deleted: bool) -> Result<DocumentSummary, AppError> {
        let res = sqlx::query("UPDATE documents SET deleted_at = $1 WHERE id = $2")
            .bind(deleted.then(now_secs))
            .bind(id)
            .execute(&self.db.pool)
            .await
            .or_db()?;
        if res.rows_affected() == 0 {
            return Err(AppError::NotFound);
        }
        Ok(self.get(Scope::Staff, id, 0).await?.summary)
    }

    async fn requests(&self, client_id: i64, after: Option<i64>, today: Date) -> Result<RequestPage, AppError> {
        // Keyset: open before fulfilled, newest first.
        let position = if after.is_some() { " AND (status, id) < (SELECT a.status, a.id FROM document_requests a WHERE a.id = $2 AND a.client_id = $1)" } else { "" };
        let sql = format!(
            "SELECT id, client_id, title, description, due_date, status FROM document_requests WHERE client_id = $1{position} ORDER BY status DESC, id DESC LIMIT {}",
            DOC_PAGE_SIZE + 1
        );
        let mut q = sqlx::query(&sql).bind(client_id);
        if let Some(a) = after {
            q = q.bind(a);
        }
        let items = q
            .fetch_all(&self.db.pool)
            .await
            .or_db()?
            .iter()
            .map(|r| {
                let due_date = col::<Option<String>>(r, "due_date")?.map(|d| date_from_sql(&d)).transpose()?;
                let fulfilled = col::<String>(r, "status")? == "fulfilled";
                Ok(DocumentRequest {
                    id: col(r, "id")?,
                    client_id: col(r, "client_id")?,
                    title: col(r, "title")?,
                    description: col(r, "description")?,
                    due_date,
                    fulfilled,
                    overdue: !fulfilled && due_date.is_some_and(|d| d < today),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let (items, next) = crate::db::keyset_page(items, DOC_PAGE_SIZE, |r| r.id);
        Ok(RequestPage { items, next })
    }

    async fn create_request(&self, client_id: i64, title: String, description: String, due: Option<Date>, by: i64) -> Result<i64, AppError> {
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(AppError::invalid("title", "required"));
        }
        let mut tx = self.db.begin_write().await.or_db()?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(client_id).fetch_optional(&mut *tx).await.or_db()?;
        exists.ok_or(AppError::NotFound)?;
        let id = sqlx::query_scalar(
            "INSERT INTO document_requests (client_id, title, description, due_date, status, created_by, created_at) \
             VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
        )
        .bind(client_id)
        .bind(title)
        .bind(description.trim().chars().take(2000).collect::<String>())
        .bind(due.map(date_to_sql))
        .bind(by)
        .bind(now_secs())
        .fetch_one(&mut *tx)
        .await
        .or_db()?;
        crate::mail::queue::document_requested(&mut tx, &self.mail, id).await?;
        tx.commit().await.or_db()?;
        Ok(id)
    }

    async fn version_file(&self, scope: Scope, id: i64, version: Option<i64>) -> Result<VersionFile, AppError> {
        find_version(&self.db, scope, id, version).await
    }

    async fn mark_opened(&self, document_id: i64, user_id: i64) {
        mark_opened(&self.db, document_id, user_id).await
    }

    /// A new document, or a new version of one, for a file already in storage: one transaction,
    /// with the request it fulfils and the "new document" mail.
    async fn add_upload(&self, t: &UploadTarget, f: StoredFile) -> Result<Uploaded, AppError> {
        let mut conn = self.db.pool.acquire().await.or_db()?;
        let mut tx = crate::db::begin_write(&mut conn).await.or_db()?;
        let now = now_secs();
        let (id, title, version) = match t.document_id {
            Some(id) => {
                let row: Option<(String, i64)> = sqlx::query_as(
                    "SELECT d.title, (SELECT MAX(version) FROM document_versions v WHERE v.document_id = d.id) FROM documents d \
                     WHERE d.id = $1 AND d.client_id = $2 AND d.deleted_at IS NULL",
                )
                .bind(id)
                .bind(t.client_id)
                .fetch_optional(&mut *tx)
                .await
                .or_db()?;
                let (title, last) = row.ok_or(AppError::NotFound)?;
                sqlx::query("UPDATE documents SET updated_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await.or_db()?;
                (id, title, last + 1)
            }
            None => {
                if let Some(request_id) = t.request_id {
                    let res = sqlx::query("UPDATE document_requests SET status = 'fulfilled', fulfilled_at = $1 WHERE id = $2 AND client_id = $3 AND status = 'open'")
                        .bind(now)
                        .bind(request_id)
                        .bind(t.client_id)
                        .execute(&mut *tx)
                        .await
                        .or_db()?;
                    if res.rows_affected() == 0 {
                        return Err(AppError::NotFound);
                    }
                }
                let title = t.title.clone().unwrap_or_else(|| f.file_name.clone());
                let id = insert_document(&mut tx, t.client_id, &t.folder, &title, t.from_client, t.request_id, now).await?;
                (id, title, 1)
            }
        };
        insert_version(&mut tx, id, version, &f, now).await?;
        if !t.from_client {
            crate::mail::queue::document_shared(&mut tx, &self.mail, id).await?;
        }
        tx.commit().await.or_db()?;
        Ok(Uploaded { id, title, version })
    }
}


/// A version of a document within the scope (latest when `version` is None); clients never
/// reach deleted documents or other clients' ones.
async fn find_version(db: &Db, scope: Scope, id: i64, version: Option<i64>) -> Result<VersionFile, AppError> {
    let row = sqlx::query(
        "SELECT d.id, d.client_id, d.title, d.deleted_at, v.storage_key, v.file_name, v.content_type, v.size_bytes \
         FROM documents d JOIN document_versions v ON v.document_id = d.id \
         WHERE d.id = $1 AND ($2 = 0 OR v.version = $2) ORDER BY v.version DESC LIMIT 1",
    )
    .bind(id)
    .bind(version.unwrap_or(0))
    .fetch_optional(&db.pool)
    .await
    .or_db()?
    .ok_or(AppError::NotFound)?;
    let client_id: i64 = col(&row, "client_id")?;
    let deleted: Option<i64> = col(&row, "deleted_at")?;
    if let Scope::Client(own) = scope {
        if own != client_id || deleted.is_some() {
            return Err(AppError::NotFound);
        }
    }
    Ok(VersionFile {
        document_id: id,
        client_id,
        title: col(&row, "title")?,
        storage_key: col(&row, "storage_key")?,
        file_name: col(&row, "file_name")?,
        content_type: col(&row, "content_type")?,
        size_bytes: col(&row, "size_bytes")?,
    })
}

/// Remembers that a user opened a document (only the first time matters for the "new" mark).
async fn mark_opened(db: &Db, document_id: i64, user_id: i64) {
    let res = sqlx::query("INSERT INTO document_opens (document_id, user_id, opened_at) VALUES ($1, $2, $3) ON CONFLICT (document_id, user_id) DO NOTHING")
        .bind(document_id)
        .bind(user_id)
        .bind(now_secs())
        .execute(&db.pool)
        .await;
    if let Err(e) = res {
        let _ = db_err(e);
    }
}

/// A new document of a client (its bytes come with [`insert_version`]): uploads and message
/// attachments.
pub async fn insert_document(conn: &mut AnyConnection, client_id: i64, folder: &str, title: &str, from_client: bool, request_id: Option<i64>, now: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("INSERT INTO documents (client_id, folder, title, from_client, request_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
        .bind(client_id)
        .bind(folder)
        .bind(title)
        .bind(from_client as i64)
        .bind(request_id)
        .bind(now)
        .fetch_one(conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => AppError::invalid("client_id", "unknown_client"),
            _ => db_err(e),
        })
}

/// A stored file as version `version` of document `id`.
pub async fn insert_version(conn: &mut AnyConnection, id: i64, version: i64, f: &StoredFile, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO document_versions (document_id, version, storage_key, file_name, content_type, size_bytes, sha256, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(version)
    .bind(&f.storage_key)
    .bind(&f.file_name)
    .bind(&f.content_type)
    .bind(f.size as i64)
    .bind(&f.sha256)
    .bind(f.uploaded_by)
    .bind(now)
    .execute(conn)
    .await
    .or_db()?;
    Ok(())
}
