//! CSV export of the trail, in pages of 1,000 events by keyset, so memory stays constant however
//! many events match: `GET /staff/audit/export.csv` and `portico audit export`.

use app::audit::action::Action;
use super::RequestMeta;
use crate::http::error::{require_identity, HttpError};
use crate::http::files::{defuse, disposition};
use crate::AppState;
use app::util::utc;
use app::audit::model::{ActivityEvent, ActivityFilter};
use app::error::AppError;
use app::model::Identity;
use app::services::{ActivityService, AuditEntry};
use std::sync::Arc;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures_util::Stream;

/// Events per query: the largest page `ActivityService::search` gives.
const PAGE: i64 = 5000;

pub const HEADER: &str =
    "id,time_utc,actor_kind,actor_name,actor_email,client_id,client,action,target_type,target_id,target_label,outcome,source_ip,user_agent,details\r\n";

/// One page as CSV: one writer for the whole page (a writer per row would allocate its
/// buffer per row).
fn page_csv(items: &[ActivityEvent], header: bool) -> Result<String, AppError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::with_capacity(items.len() * 256));
    let failed = |_| AppError::Internal;
    for e in items {
        let (id, at, client_id) = (e.id.to_string(), utc(e.at), e.client_id.map(|c| c.to_string()).unwrap_or_default());
        let cells = [
            &id,
            &at,
            &e.actor_kind,
            &e.actor_name,
            &e.actor_email,
            &client_id,
            e.client_name.as_deref().unwrap_or(""),
            &e.action,
            &e.target_type,
            &e.target_id,
            &e.target_label,
            e.outcome.code(),
            &e.source_ip,
            &e.user_agent,
            &e.details,
        ];
        for cell in cells {
            w.write_field(defuse(cell).as_bytes()).map_err(failed)?;
        }
        w.write_record(None::<&[u8]>).map_err(failed)?;
    }
    let body = String::from_utf8(w.into_inner().map_err(|_| AppError::Internal)?).map_err(|_| AppError::Internal)?;
    Ok(if header { format!("{HEADER}{body}") } else { body })
}

/// The header, then one chunk of CSV per page of events, newest first. Each page's query runs
/// while the page before it is written out, so the database and the formatting overlap.
pub fn csv_chunks(activity: Arc<dyn ActivityService>, filter: ActivityFilter) -> impl Stream<Item = Result<String, AppError>> {
    let fetch = move |filter: ActivityFilter| {
        let activity = activity.clone();
        tokio::spawn(async move { activity.search(&filter, PAGE).await.map(|page| (page, filter)) })
    };
    let first = fetch(filter.clone());
    futures_util::stream::try_unfold((Some(first), true, fetch), move |(pending, header, fetch)| async move {
        let Some(pending) = pending else { return Ok(None) };
        let (page, filter) = pending.await.map_err(|_| AppError::Internal)??;
        let next = page.next_before.map(|before| fetch(ActivityFilter { before: Some(before), ..filter }));
        let chunk = page_csv(&page.items, header)?;
        Ok(Some((chunk, (next, false, fetch))))
    })
}

/// `GET /staff/audit/export.csv?<filter>`: staff only; the export itself is recorded.
pub async fn export_csv(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Query(filter): Query<ActivityFilter>,
) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    if !who.role.is_staff() {
        return Err(HttpError(AppError::Forbidden));
    }
    let filter = ActivityFilter { before: None, ..filter };
    let details = serde_json::json!({ "filter": filter.to_query() });
    let entry = AuditEntry::success(Action::AuditExported, filter.client_id, ("audit_trail", String::new(), "CSV export".into()), details);
    state.services.audit.record(meta.event(Some(&who), entry)).await;
    let name = format!("portico-audit-{}.csv", crate::db::date_to_sql(app::services::today()));
    let body = Body::from_stream(futures_util::StreamExt::map(csv_chunks(state.services.activity.clone(), filter), |r| {
        r.map_err(|e| std::io::Error::other(e.to_string()))
    }));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition("attachment", &name)),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response())
}
