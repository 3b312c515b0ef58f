//! The webhooks' SQL: endpoints, turning new audit events into deliveries, claiming and
//! recording deliveries.

use super::event_type;
use crate::audit::event::COLUMNS;
use crate::db::{col, Backend, Db, OrDb};
use app::error::AppError;
use app::webhooks::{Delivery, Endpoint};
use sqlx::any::AnyRow;

/// The id of the last audit event the dispatcher has looked at (in `settings`).
const POSITION: &str = "webhooks.position";
/// The audit actions that may become webhook events (see `event_type`): fixed identifiers.
const ACTIONS: &str = "('invoice.viewed', 'document.downloaded', 'document.uploaded', 'payment.recorded', 'message.sent', 'document_request.fulfilled')";
/// Events read per dispatch.
const BATCH: usize = 500;
/// A claimed delivery is this deliverer's for so long.
const CLAIM_SECS: i64 = 60;

fn endpoint(row: &AnyRow) -> Result<Endpoint, AppError> {
    Ok(Endpoint {
        id: col(row, "id")?,
        url: col(row, "url")?,
        events: col::<String>(row, "events")?.split_whitespace().map(str::to_string).collect(),
        created_at: col(row, "created_at")?,
        disabled_at: col(row, "disabled_at")?,
    })
}

const ENDPOINTS: &str = "SELECT id, url, events, created_at, disabled_at FROM webhook_endpoints";

pub async fn endpoints(db: &Db) -> Result<Vec<Endpoint>, AppError> {
    sqlx::query(&format!("{ENDPOINTS} ORDER BY id DESC")).fetch_all(&db.pool).await.or_db()?.iter().map(endpoint).collect()
}

async fn endpoint_by_id(db: &Db, id: i64) -> Result<Endpoint, AppError> {
    let row = sqlx::query(&format!("{ENDPOINTS} WHERE id = $1")).bind(id).fetch_optional(&db.pool).await.or_db()?;
    endpoint(&row.ok_or(AppError::NotFound)?)
}

/// Registers an endpoint; it is told of events from now on (the dispatcher starts at the
/// trail's newest event the first time there is an endpoint). (`WHERE true`: SQLite's parser
/// needs it between a SELECT and ON CONFLICT.)
pub async fn insert_endpoint(db: &Db, url: &str, secret: &str, events: &[String], by: i64) -> Result<Endpoint, AppError> {
    let mut tx = db.begin_write().await.or_db()?;
    sqlx::query(&format!("INSERT INTO settings (key, value) SELECT '{POSITION}', CAST(COALESCE(MAX(id), 0) AS TEXT) FROM audit_events WHERE true ON CONFLICT (key) DO NOTHING"))
        .execute(&mut *tx)
        .await
        .or_db()?;
    let id: i64 = sqlx::query_scalar("INSERT INTO webhook_endpoints (url, secret, events, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(url)
        .bind(secret)
        .bind(events.join(" "))
        .bind(by)
        .bind(crate::db::now_secs())
        .fetch_one(&mut *tx)
        .await
        .or_db()?;
    tx.commit().await.or_db()?;
    endpoint_by_id(db, id).await
}

/// Stops an endpoint: nothing more is dispatched to it, and what still waits is given up.
pub async fn disable(db: &Db, id: i64) -> Result<Endpoint, AppError> {
    let now = crate::db::now_secs();
    let mut tx = db.begin_write().await.or_db()?;
    sqlx::query("UPDATE webhook_endpoints SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL").bind(now).bind(id).execute(&mut *tx).await.or_db()?;
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = NULL, failed_at = $1, last_error = 'the address was stopped' WHERE endpoint_id = $2 AND next_attempt_at IS NOT NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    tx.commit().await.or_db()?;
    endpoint_by_id(db, id).await
}

pub async fn deliveries(db: &Db, limit: i64) -> Result<Vec<Delivery>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT d.id, e.url, d.event_type, d.event_id, d.created_at, d.attempts, d.delivered_at, d.failed_at, d.next_attempt_at, d.last_status, d.last_error \
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id ORDER BY d.id DESC LIMIT {}",
        limit.clamp(1, 500)
    ))
    .fetch_all(&db.pool)
    .await
    .or_db()?;
    rows.iter()
        .map(|r| {
            Ok(Delivery {
                id: col(r, "id")?,
                url: col(r, "url")?,
                event_type: col(r, "event_type")?,
                event_id: col(r, "event_id")?,
                created_at: col(r, "created_at")?,
                attempts: col(r, "attempts")?,
                delivered_at: col(r, "delivered_at")?,
                failed_at: col(r, "failed_at")?,
                next_attempt_at: col(r, "next_attempt_at")?,
                last_status: col(r, "last_status")?,
                last_error: col(r, "last_error")?,
            })
        })
        .collect()
}

/// The JSON an endpoint receives for one audit event.
fn payload(kind: &str, e: &crate::audit::event::EventRow) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.occurred_at) * 1000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default();
    let details: serde_json::Value = serde_json::from_str(&e.details).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "id": format!("evt_{}", e.id),
        "type": kind,
        "occurred_at": at,
        "client_id": e.client_id,
        "actor": { "kind": e.actor_kind, "name": e.actor_name, "email": e.actor_email },
        "target": { "type": e.target_type, "id": e.target_id, "label": e.target_label },
        "details": details,
    })
    .to_string()
}

/// Turns the trail's events after the kept position into deliveries, a batch at a time; the
/// position moves in the same transaction. Several instances may run it at once: a delivery is
/// written once per (endpoint, event). Returns the deliveries written.
pub async fn dispatch(db: &Db, now: i64) -> Result<usize, AppError> {
    let position: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(POSITION).fetch_optional(&db.pool).await.or_db()?;
    // No endpoint was ever registered: nothing to do.
    let Some(from) = position.and_then(|p| p.parse::<i64>().ok()) else { return Ok(0) };
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_events").fetch_one(&db.pool).await.or_db()?;
    let newest = newest.unwrap_or(0);
    if newest <= from {
        return Ok(0);
    }
    let endpoints: Vec<Endpoint> = sqlx::query(&format!("{ENDPOINTS} WHERE disabled_at IS NULL")).fetch_all(&db.pool).await.or_db()?.iter().map(endpoint).collect::<Result<_, _>>()?;
    let events: Vec<crate::audit::event::EventRow> = if endpoints.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_events WHERE id > $1 AND id <= $2 AND outcome = 'success' AND action IN {ACTIONS} ORDER BY id LIMIT {BATCH}"))
            .bind(from)
            .bind(newest)
            .fetch_all(&db.pool)
            .await
            .or_db()?
    };
    // A full batch: go on after its last event next time; else everything up to `newest` is seen.
    let upto = if events.len() == BATCH { events.last().map_or(newest, |e| e.id) } else { newest };
    let mut tx = db.begin_write().await.or_db()?;
    let mut written = 0;
    for e in &events {
        let Some(kind) = event_type(&e.action, &e.actor_kind) else { continue };
        let body = payload(kind, e);
        for endpoint in endpoints.iter().filter(|ep| ep.events.iter().any(|ev| ev == kind)) {
            let inserted = sqlx::query(
                "INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5) \
                 ON CONFLICT (endpoint_id, event_id) DO NOTHING",
            )
            .bind(endpoint.id)
            .bind(e.id)
            .bind(kind)
            .bind(&body)
            .bind(now)
            .execute(&mut *tx)
            .await
            .or_db()?;
            written += inserted.rows_affected() as usize;
        }
    }
    // Only forward: an instance that read an older position does not move it back.
    sqlx::query("UPDATE settings SET value = $1 WHERE key = $2 AND CAST(value AS BIGINT) < $3").bind(upto.to_string()).bind(POSITION).bind(upto).execute(&mut *tx).await.or_db()?;
    tx.commit().await.or_db()?;
    Ok(written)
}

/// A delivery taken by this deliverer, with where it goes.
pub struct Due {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub event_type: String,
    pub payload: String,
    /// Counting this one.
    pub attempts: i64,
}

pub async fn claim(db: &Db, now: i64, limit: i64) -> Result<Vec<Due>, AppError> {
    let lock = if db.backend == Backend::Postgres { "FOR UPDATE SKIP LOCKED" } else { "" };
    let mut tx = db.begin_write().await.or_db()?;
    let rows: Vec<(i64, String, String, i64, Option<String>, Option<String>)> = sqlx::query_as(&format!(
        "UPDATE webhook_deliveries SET claimed_until = $1, attempts = attempts + 1 WHERE id IN \
         (SELECT id FROM webhook_deliveries WHERE next_attempt_at <= $2 AND claimed_until <= $2 ORDER BY id LIMIT {limit} {lock}) \
         RETURNING id, event_type, payload, attempts, \
         (SELECT e.url FROM webhook_endpoints e WHERE e.id = webhook_deliveries.endpoint_id) AS url, \
         (SELECT e.secret FROM webhook_endpoints e WHERE e.id = webhook_deliveries.endpoint_id) AS secret"
    ))
    .bind(now + CLAIM_SECS)
    .bind(now)
    .fetch_all(&mut *tx)
    .await
    .or_db()?;
    tx.commit().await.or_db()?;
    Ok(rows
        .into_iter()
        .map(|(id, event_type, payload, attempts, url, secret)| Due { id, url: url.unwrap_or_default(), secret: secret.unwrap_or_default(), event_type, payload, attempts })
        .collect())
}

pub enum Outcome {
    Delivered(u16),
    Retry { at: i64, status: Option<u16>, error: String },
    GaveUp { status: Option<u16>, error: String },
}

pub async fn record(db: &Db, id: i64, outcome: &Outcome, now: i64) -> Result<(), AppError> {
    let q = match outcome {
        Outcome::Delivered(status) => sqlx::query("UPDATE webhook_deliveries SET delivered_at = $1, next_attempt_at = NULL, last_status = $2, last_error = '' WHERE id = $3")
            .bind(now)
            .bind(i64::from(*status)),
        Outcome::Retry { at, status, error } => sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $1, claimed_until = 0, last_status = $2, last_error = $3 WHERE id = $4")
            .bind(*at)
            .bind(status.map(i64::from))
            .bind(error.clone()),
        Outcome::GaveUp { status, error } => sqlx::query("UPDATE webhook_deliveries SET failed_at = $1, next_attempt_at = NULL, last_status = $2, last_error = $3 WHERE id = $4")
            .bind(now)
            .bind(status.map(i64::from))
            .bind(error.clone()),
    };
    q.bind(id).execute(&db.pool).await.or_db()?;
    Ok(())
}
