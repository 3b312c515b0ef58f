//! The outbox's SQL: queueing a mail inside the caller's transaction, claiming due mails
//! (once each, across instances), and recording what became of them.

use super::compose::{render, Letter};
use super::Mailer;
use crate::db::{Backend, OrDb};
use app::error::AppError;
use sqlx::AnyConnection;

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Renders the letter and writes it to the outbox on `conn` (the caller's transaction), so that
/// the mail exists exactly when the change that causes it commits. Returns the mail's id.
pub async fn queue(conn: &mut AnyConnection, m: &Mailer, l: &Letter) -> Result<i64, AppError> {
    let message = render(m, l).map_err(|e| {
        tracing::warn!(kind = l.kind.as_str(), error = %e, "mail not queued");
        AppError::invalid("email", "invalid_email")
    })?;
    let text = String::from_utf8(message.formatted()).map_err(|_| AppError::Internal)?;
    let now = now_ms();
    let id = sqlx::query_scalar(
        "INSERT INTO outbox (kind, client_id, user_id, to_address, subject, message, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(l.kind.as_str())
    .bind(l.client_id)
    .bind(l.to.user_id)
    .bind(&l.to.email)
    .bind(&l.subject)
    .bind(text)
    .bind(now)
    .fetch_one(conn)
    .await
    .or_db()?;
    m.wake.notify_one();
    Ok(id)
}

/// A mail taken by this worker for `CLAIM_MS`.
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub to_address: String,
    pub message: String,
    pub attempts: i64,
    pub created_at: i64,
    /// The recipient was disabled after the mail was queued: it is not sent.
    pub recipient_disabled: bool,
}

/// How long a claimed mail is this worker's before another may try it (a worker that dies
/// mid-send leaves it to the others).
pub const CLAIM_MS: i64 = 120_000;

/// Claims up to `limit` mails that are due. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets every
/// instance claim at once without taking the same mail; SQLite has one writer at a time.
pub async fn claim(db: &crate::db::Db, now: i64, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    let lock = if db.backend == Backend::Postgres { "FOR UPDATE SKIP LOCKED" } else { "" };
    let mut tx = db.begin_write().await?;
    let rows: Vec<(i64, String, String, Option<String>, i64, i64, Option<i64>)> = sqlx::query_as(&format!(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1 WHERE id IN \
         (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 AND claimed_until <= $2 ORDER BY id LIMIT {limit} {lock}) \
         RETURNING id, kind, to_address, message, attempts, created_at, \
         (SELECT u.disabled_at FROM users u WHERE u.id = outbox.user_id) AS disabled_at"
    ))
    .bind(now + CLAIM_MS)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, to_address, message, attempts, created_at, disabled)| Claimed {
            id,
            kind,
            to_address,
            message: message.unwrap_or_default(),
            attempts,
            created_at,
            recipient_disabled: disabled.is_some(),
        })
        .collect())
}

/// What became of a mail. The message text (which may hold a one-time link) is dropped as soon
/// as the mail leaves or is given up on.
pub enum Outcome {
    Sent,
    /// Try again at this time (Unix ms).
    Retry { at: i64, error: String },
    Failed { error: String },
    Cancelled { why: &'static str },
}

pub async fn record(db: &crate::db::Db, id: i64, outcome: &Outcome, now: i64) -> Result<(), sqlx::Error> {
    let q = match outcome {
        Outcome::Sent => sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, message = NULL, last_error = NULL WHERE id = $2").bind(now).bind(id),
        Outcome::Retry { at, error } => sqlx::query("UPDATE outbox SET next_attempt_at = $1, claimed_until = 0, last_error = $2 WHERE id = $3").bind(*at).bind(error.clone()).bind(id),
        Outcome::Failed { error } => sqlx::query("UPDATE outbox SET status = 'failed', message = NULL, last_error = $1 WHERE id = $2").bind(error.clone()).bind(id),
        Outcome::Cancelled { why } => sqlx::query("UPDATE outbox SET status = 'cancelled', message = NULL, last_error = $1 WHERE id = $2").bind(why.to_string()).bind(id),
    };
    q.execute(&db.pool).await.map(|_| ())
}

/// Mails not yet sent (for `/metrics`); the `outbox_due` index answers it.
pub async fn pending(db: &crate::db::Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetch_one(&db.pool).await
}
