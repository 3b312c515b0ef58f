//! Writes audit events. The audit issue turns this into the sealed, verifiable trail; for now
//! every event is one row in `audit_events`, written before the request answers.

use crate::db::{db_err, Db};
use crate::AppState;
use app::model::Identity;
use app::services::{AuditEntry, AuditEvent, AuditLog, ClientIp};
use async_trait::async_trait;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

pub struct SqlAudit {
    db: Db,
}

impl SqlAudit {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuditLog for SqlAudit {
    async fn record(&self, e: AuditEvent) {
        let (actor_id, kind, name, email) = match &e.actor {
            Some(a) => (Some(a.user_id), a.role.as_str(), a.name.as_str(), a.email.as_str()),
            None => (None, "anonymous", "", ""),
        };
        let occurred_at = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1000;
        let res = sqlx::query(
            "INSERT INTO audit_events (occurred_at, actor_id, actor_kind, actor_name, actor_email, client_id, action, target_type, \
             target_id, target_label, outcome, source_ip, user_agent, request_id, details) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(occurred_at as i64)
        .bind(actor_id)
        .bind(kind)
        .bind(name)
        .bind(email)
        .bind(e.entry.client_id)
        .bind(e.entry.action)
        .bind(e.entry.target_type)
        .bind(&e.entry.target_id)
        .bind(&e.entry.target_label)
        .bind(e.entry.outcome)
        .bind(&e.source_ip)
        .bind(&e.user_agent)
        .bind(&e.request_id)
        .bind(e.entry.details.to_string())
        .execute(&self.db.pool)
        .await;
        if let Err(err) = res {
            let _ = db_err(err);
            tracing::error!(action = e.entry.action, "audit event not written");
        }
    }
}

/// Where a request came from, for audit events of plain axum handlers.
pub struct RequestMeta {
    source_ip: String,
    user_agent: String,
    request_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").chars().take(512).collect::<String>();
        Ok(Self {
            source_ip: parts.extensions.get::<ClientIp>().map(|ip| ip.0.clone()).unwrap_or_default(),
            user_agent: header("user-agent"),
            request_id: header("x-request-id"),
        })
    }
}

impl RequestMeta {
    pub fn event(&self, who: Option<&Identity>, entry: AuditEntry) -> AuditEvent {
        AuditEvent {
            actor: who.cloned(),
            entry,
            source_ip: self.source_ip.clone(),
            user_agent: self.user_agent.clone(),
            request_id: self.request_id.clone(),
        }
    }
}

/// Records a successful action from a plain axum handler (server functions use
/// `app::services::audit`).
pub async fn record(state: &AppState, who: &Identity, meta: RequestMeta, action: &'static str, client_id: Option<i64>, target: (&'static str, String, String)) {
    let event = meta.event(Some(who), AuditEntry::success(action, client_id, target, serde_json::Value::Null));
    state.services.audit.record(event).await;
}
