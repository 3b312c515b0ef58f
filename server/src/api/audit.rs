//! `/api/v1/audit/events`: the audit trail, newest first, with the staff page's filters.

use super::caller::Caller;
use super::extract::{Page, Params};
use super::problem::ApiResult;
use super::tokens::Access;
use super::AREA_AUDIT;
use crate::AppState;
use app::audit::model::{ActivityEvent, ActivityFilter};
use app::error::AppError;
use app::services::Outcome;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

/// Events per page.
const PAGE: i64 = 100;

#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub id: i64,
    /// Microseconds since the Unix epoch, UTC.
    pub at: i64,
    /// `client`, `staff`, `admin`, `api_token`, `system` or `anonymous`.
    pub actor_kind: String,
    pub actor_name: String,
    pub actor_email: String,
    pub client_id: Option<i64>,
    /// e.g. `invoice.viewed`, `document.downloaded`.
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub target_label: String,
    /// `success`, `denied` or `failed`.
    pub outcome: String,
    pub source_ip: String,
    pub user_agent: String,
    /// JSON text, empty when there are no details.
    pub details: String,
}

impl From<ActivityEvent> for Event {
    fn from(e: ActivityEvent) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor_kind: e.actor_kind,
            actor_name: e.actor_name,
            actor_email: e.actor_email,
            client_id: e.client_id,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            target_label: e.target_label,
            outcome: e.outcome.code().into(),
            source_ip: e.source_ip,
            user_agent: e.user_agent,
            details: e.details,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    pub client_id: Option<i64>,
    /// Part of the actor's name or email.
    pub actor: Option<String>,
    /// An action or its start: `document.` is every document action.
    pub action: Option<String>,
    /// An address or its start: `10.0.`.
    pub ip: Option<String>,
    /// First day (UTC), `2026-12-01`.
    pub from: Option<String>,
    /// Last day (UTC), included.
    pub to: Option<String>,
    /// `success`, `denied` or `failed`.
    pub outcome: Option<String>,
    pub cursor: Option<String>,
}

fn day(field: &str, s: Option<&str>) -> Result<Option<Date>, AppError> {
    s.filter(|s| !s.is_empty()).map(|s| Date::parse(s, &time::format_description::well_known::Iso8601::DATE).map_err(|_| AppError::invalid(field, "invalid_date"))).transpose()
}

/// The trail, newest first, a hundred events a page.
#[utoipa::path(get, path = "/audit/events", tag = "audit", params(EventQuery), responses((status = 200, body = Page<Event>)))]
pub async fn events(State(state): State<AppState>, caller: Caller, Params(q): Params<EventQuery>) -> ApiResult<Json<Page<Event>>> {
    caller.need(AREA_AUDIT, Access::Read)?;
    let text = |s: Option<String>| s.map(|s| s.chars().take(200).collect::<String>()).filter(|s| !s.trim().is_empty());
    let outcome = match q.outcome.as_deref().filter(|s| !s.is_empty()) {
        Some(o) => Some(Outcome::parse(o).ok_or_else(|| AppError::invalid("outcome", "invalid"))?),
        None => None,
    };
    let filter = ActivityFilter {
        client_id: caller.client_filter(q.client_id)?,
        actor: text(q.actor),
        action: text(q.action),
        ip: text(q.ip),
        from: day("from", q.from.as_deref())?,
        to: day("to", q.to.as_deref())?,
        outcome,
        before: super::extract::Cursor { cursor: q.cursor }.id()?,
        ..Default::default()
    };
    let page = state.services.activity.search(&filter, PAGE).await?;
    Ok(Json(Page::new(page.items, page.next_before, Event::from)))
}
