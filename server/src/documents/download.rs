//! Downloads and inline previews of documents.
//!
//! Local storage is served with Range support (resumable downloads), or handed to nginx with
//! `X-Accel-Redirect` when Portico runs behind it (`--accel-redirect`). With S3 the browser is
//! redirected to a presigned URL that expires after a few minutes, or the bytes are streamed
//! through when so configured. Previews are for PDFs and images only, and carry a sandboxing
//! Content-Security-Policy, so an uploaded file can never run script in the portal.

use app::audit::action::Action;
use crate::audit::RequestMeta;
use crate::http::error::{require_identity, HttpError};
use crate::http::files::disposition;
use crate::AppState;
use app::documents::model::previewable;
use app::error::AppError;
use app::model::{Capability, Identity};
use app::services::{AuditEntry, Scope};
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use tower::ServiceExt;

#[derive(Deserialize)]
pub struct Version {
    version: Option<i64>,
}

/// Bytes read from disk at a time for a download. 1 GiB through the release binary with curl:
/// 2,700–2,800 MiB/s with 1 MiB reads, 940–980 MiB/s with tower-http's 64 KiB, with no memory
/// growth either way (one buffer per download).
const READ_CHUNK: usize = 1024 * 1024;

const PREVIEW_CSP: &str = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; plugin-types application/pdf";

pub(crate) async fn serve(state: AppState, who: Identity, meta: RequestMeta, id: String, version: Option<i64>, req: Request, inline: bool) -> Result<Response, HttpError> {
    let id: i64 = id.parse().map_err(|_| HttpError(AppError::NotFound))?;
    let found = match Scope::of(&who, Capability::Documents) {
        Some(scope) => state.services.documents.version_file(scope, id, version).await.and_then(|f| if who.reaches(f.client_id) { Ok(f) } else { Err(AppError::NotFound) }),
        None => Err(AppError::NotFound),
    };
    let file = match found {
        Ok(f) => f,
        Err(AppError::NotFound) => {
            state.services.audit.record(meta.event(Some(&who), AuditEntry::denied(who.client_id, "document", id.to_string()))).await;
            return Err(HttpError(AppError::NotFound));
        }
        Err(e) => return Err(HttpError(e)),
    };
    if inline && !previewable(&file.content_type) {
        return Err(HttpError(AppError::UnsupportedType));
    }
    // A resumed download, or a PDF viewer fetching the rest of a file, is the same open: only
    // the request for the start of the file is recorded.
    let range = req.headers().get(header::RANGE).and_then(|v| v.to_str().ok()).unwrap_or("bytes=0-");
    if range.trim_start_matches("bytes=").trim_start().starts_with("0-") {
        let action = if inline { Action::DocumentPreviewed } else { Action::DocumentDownloaded };
        let details = serde_json::json!({ "version": version, "file_name": file.file_name });
        let entry = AuditEntry::success(action, Some(file.client_id), ("document", id.to_string(), file.title.clone()), details);
        state.services.audit.record(meta.event(Some(&who), entry)).await;
    }
    if !who.role.is_staff() {
        state.services.documents.mark_opened(file.document_id, who.user_id).await;
    }
    let kind = if inline { "inline" } else { "attachment" };
    let content_disposition = disposition(kind, &file.file_name);
    let content_type = HeaderValue::from_str(&file.content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));

    let local = state.storage.local_path(&file.storage_key);
    let mut res = if let (Some(prefix), Some(_), false) = (&state.config.accel_redirect, &local, inline) {
        // nginx sends the bytes (sendfile, Range) from its internal location; the access check
        // and the audit event are done. Previews stay here, for their sandboxing policy.
        let mut res = Response::new(Body::empty());
        let target = HeaderValue::from_str(&format!("{prefix}{}", file.storage_key)).map_err(|_| HttpError(AppError::Internal))?;
        res.headers_mut().insert("x-accel-redirect", target);
        res
    } else if let Some(path) = local {
        // ServeFile answers Range and If-Range requests, reading READ_CHUNK at a time.
        let file = tower_http::services::ServeFile::new(path).with_buf_chunk_size(READ_CHUNK);
        let res = file.oneshot(req).await.map_err(|_| HttpError(AppError::Internal))?;
        if res.status() == StatusCode::NOT_FOUND {
            tracing::error!(document = id, "document bytes are missing from storage");
            return Err(HttpError(AppError::NotFound));
        }
        res.map(Body::new)
    } else if !inline && !state.config.s3_stream {
        let header_value = content_disposition.to_str().unwrap_or("attachment").to_string();
        let url = state
            .storage
            .presign(&file.storage_key, state.config.presign_ttl, &header_value, &file.content_type)
            .await
            .map_err(|e| HttpError(super::upload::storage_err(e)))?
            .ok_or(HttpError(AppError::Internal))?;
        return Ok(Redirect::to(&url).into_response());
    } else {
        let (body, size) = state.storage.open(&file.storage_key).await.map_err(|e| HttpError(super::upload::storage_err(e)))?;
        let mut res = Response::new(Body::from_stream(body));
        res.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(size));
        res
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::CONTENT_DISPOSITION, content_disposition);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if inline {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PREVIEW_CSP));
    }
    Ok(res)
}

pub async fn download(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Path(id): Path<String>,
    Query(v): Query<Version>,
    req: Request,
) -> Result<Response, HttpError> {
    serve(state, require_identity(identity)?, meta, id, v.version, req, false).await
}

pub async fn preview(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    Path(id): Path<String>,
    Query(v): Query<Version>,
    req: Request,
) -> Result<Response, HttpError> {
    serve(state, require_identity(identity)?, meta, id, v.version, req, true).await
}
