//! Secure messages between a client company and the firm. All of their SQL is here; sending
//! with files is the streaming route in [`send`].

pub mod send;

use crate::db::query::{Arg, Query};
use crate::db::{col, contains_pattern, keyset_page, now_secs, Db, OrDb};
use crate::documents::repo::{insert_document, insert_version};
use crate::mail::Mailer;
use app::documents::model::{FOLDERS, FROM_CLIENT};
use app::error::AppError;
use app::messages::model::*;
use app::model::{Capability, Identity};
use app::services::{MessageService, NewConversation, Sent, StoredFile};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;

/// The folder staff attachments are filed in (clients' always go to "From client").
const STAFF_FOLDER: &str = FOLDERS[3];

pub struct SqlMessages {
    db: Db,
    mail: Arc<Mailer>,
}

impl SqlMessages {
    pub fn new(db: Db, mail: Arc<Mailer>) -> Self {
        Self { db, mail }
    }
}

/// The conversation a message goes to.
struct Target {
    id: i64,
    client_id: i64,
    subject: String,
}

/// A conversation as the lists show it; `$1` is the person reading (for what is unread).
const SELECT_SUMMARY: &str = "SELECT c.id, c.client_id, k.name AS client_name, c.subject, c.invoice_id, i.number AS invoice_number, \
     c.document_id, d.title AS document_title, c.status, c.assignee_id, a.name AS assignee_name, c.last_message_at, \
     c.last_client_message, c.last_staff_message, COALESCE(r.last_read_id, 0) AS last_read \
     FROM conversations c JOIN clients k ON k.id = c.client_id \
     LEFT JOIN invoices i ON i.id = c.invoice_id LEFT JOIN documents d ON d.id = c.document_id \
     LEFT JOIN users a ON a.id = c.assignee_id \
     LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = $1";

/// A query over the conversations `who` may see: staff all; a client person their company's,
/// and of those about an invoice or a document only what their permissions open.
fn visible(who: &Identity) -> Result<Query, AppError> {
    let mut q = Query::new(SELECT_SUMMARY);
    q.arg(Arg::Int(who.user_id));
    if !who.role.is_staff() {
        let client = who.client_id.ok_or(AppError::Forbidden)?;
        let p = q.arg(Arg::Int(client));
        q.and(&format!("c.client_id = {p}"));
        if !who.can(Capability::Billing) {
            q.and("c.invoice_id IS NULL");
        }
        if !who.can(Capability::Documents) {
            q.and("c.document_id IS NULL");
        }
    }
    Ok(q)
}

fn summary(r: &AnyRow, who: &Identity) -> Result<ConversationSummary, AppError> {
    let about = match (col::<Option<i64>>(r, "invoice_id")?, col::<Option<i64>>(r, "document_id")?) {
        (Some(id), _) => Some(About::Invoice { id, label: col::<Option<String>>(r, "invoice_number")?.unwrap_or_default() }),
        (_, Some(id)) => Some(About::Document { id, label: col::<Option<String>>(r, "document_title")?.unwrap_or_default() }),
        _ => None,
    };
    let status: String = col(r, "status")?;
    let last_read: i64 = col(r, "last_read")?;
    let other_side: i64 = col(r, if who.role.is_staff() { "last_client_message" } else { "last_staff_message" })?;
    Ok(ConversationSummary {
        id: col(r, "id")?,
        client_id: col(r, "client_id")?,
        client_name: col(r, "client_name")?,
        subject: col(r, "subject")?,
        about,
        status: ConversationStatus::parse(&status).ok_or(AppError::Internal)?,
        assignee_id: col(r, "assignee_id")?,
        assignee_name: col(r, "assignee_name")?,
        last_message_at: col(r, "last_message_at")?,
        unread: other_side > last_read,
    })
}

/// Trimmed text, refused when empty or longer than `max` characters.
fn text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    if v.chars().count() > max {
        return Err(AppError::invalid(field, "too_long"));
    }
    Ok(v.to_string())
}

impl SqlMessages {
    async fn find(&self, who: &Identity, id: i64) -> Result<ConversationSummary, AppError> {
        let mut q = visible(who)?;
        let p = q.arg(Arg::Int(id));
        q.and(&format!("c.id = {p}"));
        let rows = q.fetch_all(&self.db).await?;
        rows.first().map(|r| summary(r, who)).ok_or(AppError::NotFound)?
    }

    /// Writes a message with its files (as documents of the client) on `tx`, moves the
    /// conversation on (its status: waiting for the other side) and marks it read by its author.
    async fn write(&self, tx: &mut AnyConnection, who: &Identity, c: &Target, body: &str, files: &[StoredFile]) -> Result<Sent, AppError> {
        let now = now_secs();
        let staff = who.role.is_staff();
        let message_id: i64 = sqlx::query_scalar("INSERT INTO messages (conversation_id, author_id, from_staff, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(c.id)
            .bind(who.user_id)
            .bind(staff as i64)
            .bind(body)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .or_db()?;
        let mut attachments = Vec::new();
        for f in files {
            let folder = if staff { STAFF_FOLDER } else { FROM_CLIENT };
            let id = insert_document(&mut *tx, c.client_id, folder, &f.file_name, !staff, None, now).await?;
            insert_version(&mut *tx, id, 1, f, now).await?;
            sqlx::query("INSERT INTO message_attachments (message_id, document_id) VALUES ($1, $2)").bind(message_id).bind(id).execute(&mut *tx).await.or_db()?;
            attachments.push((id, f.file_name.clone()));
        }
        let (side, status) = if staff { ("last_staff_message", ConversationStatus::Waiting) } else { ("last_client_message", ConversationStatus::Open) };
        sqlx::query(&format!("UPDATE conversations SET {side} = $1, last_message_at = $2, status = $3 WHERE id = $4"))
            .bind(message_id)
            .bind(now)
            .bind(status.as_str())
            .bind(c.id)
            .execute(&mut *tx)
            .await
            .or_db()?;
        mark_read(&mut *tx, c.id, who.user_id, message_id).await?;
        crate::mail::queue::message_received(&mut *tx, &self.mail, c.id, message_id, who).await?;
        Ok(Sent { conversation_id: c.id, message_id, client_id: c.client_id, subject: c.subject.clone(), attachments })
    }
}

/// Up to `message_id` is read by `user_id`.
async fn mark_read(conn: &mut AnyConnection, conversation_id: i64, user_id: i64, message_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO conversation_reads (conversation_id, user_id, last_read_id) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, conversation_id) DO UPDATE SET last_read_id = excluded.last_read_id \
         WHERE conversation_reads.last_read_id < excluded.last_read_id",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(message_id)
    .execute(conn)
    .await
    .or_db()?;
    Ok(())
}

#[async_trait]
impl MessageService for SqlMessages {
    async fn list(&self, who: &Identity, f: &ConversationFilter) -> Result<ConversationPage, AppError> {
        let mut q = visible(who)?;
        if who.role.is_staff() {
            if let Some(client) = f.client_id {
                let p = q.arg(Arg::Int(client));
                q.and(&format!("c.client_id = {p}"));
            }
            match f.assignee {
                Some(0) => q.and("c.assignee_id IS NULL"),
                Some(a) => {
                    let p = q.arg(Arg::Int(a));
                    q.and(&format!("c.assignee_id = {p}"));
                }
                None => {}
            }
            if !f.q.is_empty() {
                let p = q.arg(Arg::Text(contains_pattern(&f.q.to_lowercase())));
                q.and(&format!(
                    "(lower(c.subject) LIKE {p} ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND lower(m.body) LIKE {p} ESCAPE '\\'))"
                ));
            }
        }
        if let Some(s) = f.status {
            let p = q.arg(Arg::Text(s.as_str().into()));
            q.and(&format!("c.status = {p}"));
        }
        // Keyset, newest activity first; the position must be one `who` may see (another
        // client's conversation, like a missing one, gives an empty page).
        if let Some(after) = f.after {
            let p = q.arg(Arg::Int(after));
            let same_client = if who.role.is_staff() { "" } else { " AND a.client_id = c.client_id" };
            q.and(&format!("(c.last_message_at, c.id) < (SELECT a.last_message_at, a.id FROM conversations a WHERE a.id = {p}{same_client})"));
        }
        q.push(&format!(" ORDER BY c.last_message_at DESC, c.id DESC LIMIT {}", CONVERSATION_PAGE_SIZE + 1));
        let items = q.fetch_all(&self.db).await?.iter().map(|r| summary(r, who)).collect::<Result<Vec<_>, _>>()?;
        let (items, next) = keyset_page(items, CONVERSATION_PAGE_SIZE, |c| c.id);
        Ok(ConversationPage { items, next })
    }

    async fn open(&self, who: &Identity, id: i64) -> Result<(Conversation, bool), AppError> {
        let summary = self.find(who, id).await?;
        let rows = sqlx::query(
            "SELECT m.id, m.from_staff, m.body, m.created_at, u.name FROM messages m JOIN users u ON u.id = m.author_id \
             WHERE m.conversation_id = $1 ORDER BY m.id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
        // A client never sees a deleted document, attached or not.
        let deleted = if who.role.is_staff() { "" } else { " AND d.deleted_at IS NULL" };
        let files: Vec<(i64, i64, String)> = sqlx::query_as(&format!(
            "SELECT a.message_id, d.id, d.title FROM message_attachments a JOIN messages m ON m.id = a.message_id \
             JOIN documents d ON d.id = a.document_id WHERE m.conversation_id = $1{deleted} ORDER BY d.id"
        ))
        .bind(id)
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
        let mut by_message: HashMap<i64, Vec<Attachment>> = HashMap::new();
        for (message, document_id, title) in files {
            by_message.entry(message).or_default().push(Attachment { document_id, title });
        }
        let messages = rows
            .iter()
            .map(|r| {
                let id: i64 = col(r, "id")?;
                Ok(Message {
                    id,
                    author_name: col(r, "name")?,
                    from_staff: col::<i64>(r, "from_staff")? != 0,
                    body: col(r, "body")?,
                    created_at: col(r, "created_at")?,
                    attachments: by_message.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let newly_read = summary.unread;
        if let Some(last) = messages.last() {
            let mut conn = self.db.pool.acquire().await.or_db()?;
            mark_read(&mut conn, id, who.user_id, last.id).await?;
        }
        Ok((Conversation { summary: ConversationSummary { unread: false, ..summary }, messages }, newly_read))
    }

    async fn start(&self, who: &Identity, new: &NewConversation, files: Vec<StoredFile>) -> Result<Sent, AppError> {
        let client_id = who.client_id.filter(|_| !who.role.is_staff()).ok_or(AppError::Forbidden)?;
        let subject = text("subject", &new.subject, MAX_SUBJECT)?;
        let body = text("body", &new.body, MAX_BODY)?;
        // What it is about must be the client's own and open to this person, else it is missing.
        if let Some(invoice) = new.invoice_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM invoices WHERE id = $1 AND client_id = $2 AND status <> 'draft'")
                .bind(invoice)
                .bind(client_id)
                .fetch_optional(&self.db.pool)
                .await
                .or_db()?;
            if found.is_none() || !who.can(Capability::Billing) {
                return Err(AppError::NotFound);
            }
        }
        if let Some(document) = new.document_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM documents WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL")
                .bind(document)
                .bind(client_id)
                .fetch_optional(&self.db.pool)
                .await
                .or_db()?;
            if found.is_none() || !who.can(Capability::Documents) || new.invoice_id.is_some() {
                return Err(AppError::NotFound);
            }
        }
        let mut conn = self.db.pool.acquire().await.or_db()?;
        let mut tx = crate::db::begin_write(&mut conn).await.or_db()?;
        let now = now_secs();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO conversations (client_id, subject, invoice_id, document_id, status, started_by, created_at, last_message_at) \
             VALUES ($1, $2, $3, $4, 'open', $5, $6, $6) RETURNING id",
        )
        .bind(client_id)
        .bind(&subject)
        .bind(new.invoice_id)
        .bind(new.document_id)
        .bind(who.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .or_db()?;
        let c = Target { id, client_id, subject };
        let sent = self.write(&mut tx, who, &c, &body, &files).await?;
        tx.commit().await.or_db()?;
        Ok(sent)
    }

    async fn reply(&self, who: &Identity, id: i64, body: &str, files: Vec<StoredFile>) -> Result<Sent, AppError> {
        let found = self.find(who, id).await?;
        let body = text("body", body, MAX_BODY)?;
        let c = Target { id, client_id: found.client_id, subject: found.subject };
        let mut conn = self.db.pool.acquire().await.or_db()?;
        let mut tx = crate::db::begin_write(&mut conn).await.or_db()?;
        let sent = self.write(&mut tx, who, &c, &body, &files).await?;
        tx.commit().await.or_db()?;
        Ok(sent)
    }

    async fn assign(&self, who: &Identity, id: i64, assignee: Option<i64>) -> Result<ConversationSummary, AppError> {
        if let Some(a) = assignee {
            let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1 AND role IN ('staff', 'admin') AND disabled_at IS NULL")
                .bind(a)
                .fetch_optional(&self.db.pool)
                .await
                .or_db()?;
            staff.ok_or_else(|| AppError::invalid("assignee", "unknown_user"))?;
        }
        let done = sqlx::query("UPDATE conversations SET assignee_id = $1 WHERE id = $2").bind(assignee).bind(id).execute(&self.db.pool).await.or_db()?;
        if done.rows_affected() == 0 {
            return Err(AppError::NotFound);
        }
        self.find(who, id).await
    }

    async fn set_closed(&self, who: &Identity, id: i64, closed: bool) -> Result<ConversationSummary, AppError> {
        let status = if closed { ConversationStatus::Closed } else { ConversationStatus::Open };
        let done = sqlx::query("UPDATE conversations SET status = $1 WHERE id = $2").bind(status.as_str()).bind(id).execute(&self.db.pool).await.or_db()?;
        if done.rows_affected() == 0 {
            return Err(AppError::NotFound);
        }
        self.find(who, id).await
    }

    async fn unread(&self, who: &Identity) -> Result<i64, AppError> {
        let sql = if who.role.is_staff() {
            "SELECT COUNT(*) FROM conversations c LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = $1 \
             WHERE c.status <> 'closed' AND (c.assignee_id IS NULL OR c.assignee_id = $1) AND c.last_client_message > COALESCE(r.last_read_id, 0)"
                .to_string()
        } else {
            let mut sql = "SELECT COUNT(*) FROM conversations c LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = $1 \
             WHERE c.client_id = $2 AND c.last_staff_message > COALESCE(r.last_read_id, 0)"
                .to_string();
            if !who.can(Capability::Billing) {
                sql.push_str(" AND c.invoice_id IS NULL");
            }
            if !who.can(Capability::Documents) {
                sql.push_str(" AND c.document_id IS NULL");
            }
            sql
        };
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(who.user_id);
        if !who.role.is_staff() {
            q = q.bind(who.client_id.unwrap_or(0));
        }
        q.fetch_one(&self.db.pool).await.or_db()
    }

    async fn assignees(&self) -> Result<Vec<(i64, String)>, AppError> {
        sqlx::query_as("SELECT id, name FROM users WHERE role IN ('staff', 'admin') AND disabled_at IS NULL ORDER BY name, id LIMIT 500")
            .fetch_all(&self.db.pool)
            .await
            .or_db()
    }
}
