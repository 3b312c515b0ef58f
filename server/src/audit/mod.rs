//! The audit trail: every event is queued by the request, written in order by one writer task
//! ([`writer`]), sealed into signed digests ([`seal`]) and checked by `portico audit verify`
//! ([`verify`]); on PostgreSQL whole months can be retired ([`retire`]). The staff and client pages read it through [`queries`].

pub mod event;
pub mod export;
pub mod queries;
pub mod retire;
pub mod seal;
pub mod verify;
pub mod writer;

pub use retire::retire;
pub use seal::{seal_pending, signing_key};
pub use verify::{verify, Report, VerifyError};
pub use writer::AuditWriter;

use crate::AppState;
use app::model::Identity;
use app::services::{Action, AuditEntry, AuditEvent};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Where a request came from, for audit events of plain axum handlers.
pub struct RequestMeta {
    source_ip: String,
    user_agent: String,
    request_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers, &parts.extensions))
    }
}

impl RequestMeta {
    pub fn of(headers: &axum::http::HeaderMap, extensions: &axum::http::Extensions) -> Self {
        let (source_ip, user_agent, request_id) = app::services::request_origin(headers, extensions);
        Self { source_ip, user_agent, request_id }
    }

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
pub async fn record(state: &AppState, who: &Identity, meta: RequestMeta, action: Action, client_id: Option<i64>, target: (&'static str, String, String)) {
    let event = meta.event(Some(who), AuditEntry::success(action, client_id, target, serde_json::Value::Null));
    state.services.audit.record(event).await;
}
