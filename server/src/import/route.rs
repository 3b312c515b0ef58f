//! `POST /staff/import`: the staff page's form (kind, file, and check or import), read whole
//! (up to 20 MiB), then back to the page with the report.

use super::{run_and_keep, Kind, MAX_BYTES};
use crate::audit::RequestMeta;
use crate::documents::upload::multipart_err;
use crate::http::error::{require_identity, HttpError};
use crate::AppState;
use app::error::AppError;
use app::model::Identity;
use app::services::{Action, AuditEntry};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

pub async fn upload(State(state): State<AppState>, identity: Option<Extension<Identity>>, meta: RequestMeta, mut form: Multipart) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    if !who.role.is_staff() {
        return Err(HttpError(AppError::Forbidden));
    }
    let (mut kind, mut check, mut file) = (None, true, None);
    while let Some(field) = form.next_field().await.map_err(multipart_err)? {
        match field.name().unwrap_or("") {
            "kind" => kind = Kind::parse(field.text().await.map_err(multipart_err)?.trim()),
            "mode" => check = field.text().await.map_err(multipart_err)?.trim() != "import",
            "file" => {
                let name = field.file_name().unwrap_or("import.csv").to_string();
                let bytes = field.bytes().await.map_err(multipart_err)?;
                if bytes.len() > MAX_BYTES {
                    return Err(HttpError(AppError::TooLarge));
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let kind = kind.ok_or(HttpError(AppError::invalid("kind", "required")))?;
    let (name, bytes) = file.filter(|(_, b)| !b.is_empty()).ok_or(HttpError(AppError::invalid("file", "required")))?;
    let report = run_and_keep(&state.db, &state.mailer, kind, &name, &bytes, check, Some(who.user_id), &|_, _| {}).await?;
    if report.applied {
        let details = serde_json::json!({ "kind": kind.as_str(), "rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged });
        let entry = AuditEntry::success(Action::DataImported, None, ("import", report.id.to_string(), report.file_name.clone()), details);
        state.services.audit.record(meta.event(Some(&who), entry)).await;
    }
    Ok(Redirect::to(&format!("/staff/import?report={}", report.id)).into_response())
}
