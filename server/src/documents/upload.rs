//! `POST /documents/upload`: one or many files, streamed from the request into storage.
//!
//! Form fields (before the files): `client_id` (staff), `folder`, `title`, `document_id` (a new
//! version of that document), `request_id` (a client fulfilling a document request) and
//! `return_to` (a plain form post is sent back there). Bytes are stored first and the rows
//! written after, in one transaction; if anything fails the bytes are removed again.

use super::names::display_name;
use super::sniff::detect;
use super::storage::{ByteStream, StorageError};
use crate::audit::RequestMeta;
use crate::http::error::HttpError;
use crate::AppState;
use app::documents::model::{FOLDERS, FROM_CLIENT};
use app::error::AppError;
use app::model::Identity;
use app::services::{Action, AuditEntry, StoredFile, UploadTarget, Uploaded};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use futures_util::StreamExt;
use std::collections::HashMap;

/// Where the file goes, read from the form fields and checked against who is uploading.
fn target(who: &Identity, fields: &HashMap<String, String>) -> Result<UploadTarget, AppError> {
    let num = |k: &str| fields.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| v.parse::<i64>().map_err(|_| AppError::invalid(k, "invalid")));
    let title = fields.get("title").map(|t| t.trim().chars().take(200).collect::<String>()).filter(|t| !t.is_empty());
    if who.role.is_staff() {
        let client_id = num("client_id").ok_or_else(|| AppError::invalid("client_id", "unknown_client"))??;
        if !who.reaches(client_id) {
            return Err(AppError::invalid("client_id", "unknown_client"));
        }
        let folder = fields.get("folder").map(|f| f.trim().to_string()).unwrap_or_default();
        if !FOLDERS.contains(&folder.as_str()) {
            return Err(AppError::invalid("folder", "unknown_folder"));
        }
        Ok(UploadTarget { client_id, folder, title, document_id: num("document_id").transpose()?, request_id: None, from_client: false })
    } else {
        let client_id = who.client_id.ok_or(AppError::Forbidden)?;
        Ok(UploadTarget { client_id, folder: FROM_CLIENT.into(), title, document_id: None, request_id: num("request_id").transpose()?, from_client: true })
    }
}

pub fn storage_err(e: StorageError) -> AppError {
    match e {
        StorageError::TooLarge => AppError::TooLarge,
        StorageError::NotFound => AppError::NotFound,
        StorageError::Interrupted(m) => AppError::BadRequest(format!("the upload was interrupted: {m}")),
        StorageError::Backend(m) => {
            tracing::error!(error = %m, "document storage failed");
            AppError::Unavailable
        }
    }
}

pub async fn upload(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Response, HttpError> {
    let who = crate::http::error::require_identity(identity)?;
    if app::services::Scope::of(&who, app::model::Capability::Documents).is_none() {
        return Err(HttpError(AppError::Forbidden));
    }
    let html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let (result, fields) = store(&state, &who, &meta, form).await;
    let return_to = fields.get("return_to").filter(|p| crate::http::security::same_site_path(p)).cloned();
    match (result, html, return_to) {
        (Ok(_), true, Some(to)) => Ok(Redirect::to(&to).into_response()),
        (Ok(uploaded), _, _) => Ok(Json(uploaded).into_response()),
        (Err(e), true, Some(to)) => {
            let sep = if to.contains('?') { '&' } else { '?' };
            Ok(Redirect::to(&format!("{to}{sep}upload_error={}", error_code(&e))).into_response())
        }
        (Err(e), _, _) => Err(HttpError(e)),
    }
}

/// Reads the form and stores each file in it, audited: what was stored or why not, and the
/// form's fields (the portal's form says where to go back to). `POST /api/v1/documents` too.
pub async fn store(state: &AppState, who: &Identity, meta: &RequestMeta, mut form: Multipart) -> (Result<Vec<Uploaded>, AppError>, HashMap<String, String>) {
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut uploaded = Vec::new();
    let result: Result<(), AppError> = async {
        while let Some(field) = form.next_field().await.map_err(multipart_err)? {
            let name = field.name().unwrap_or("").to_string();
            if name != "file" {
                let value = field.text().await.map_err(multipart_err)?;
                fields.insert(name, value.chars().take(4000).collect());
                continue;
            }
            let file_name = display_name(field.file_name().unwrap_or("file"));
            let target = target(who, &fields)?;
            if target.document_id.is_some() && !uploaded.is_empty() {
                return Err(AppError::invalid("file", "one_file_per_version"));
            }
            let body: ByteStream<'_> = Box::pin(field.map(|r| r.map_err(|e| std::io::Error::other(e.to_string()))));
            let doc = store_file(state, who, &target, &file_name, body).await?;
            state
                .services
                .audit
                .record(meta.event(
                    Some(who),
                    AuditEntry::success(Action::DocumentUploaded, Some(target.client_id), ("document", doc.id.to_string(), doc.title.clone()), serde_json::json!({ "version": doc.version, "file_name": file_name })),
                ))
                .await;
            if let Some(request_id) = target.request_id {
                let entry = AuditEntry::success(Action::DocumentRequestFulfilled, Some(target.client_id), ("document_request", request_id.to_string(), doc.title.clone()), serde_json::json!({ "document_id": doc.id }));
                state.services.audit.record(meta.event(Some(who), entry)).await;
                if let Err(e) = state.services.surveys.after_request(who.user_id, target.client_id, request_id, &doc.title).await {
                    tracing::warn!(error = %e, "no survey after a fulfilled request");
                }
            }
            uploaded.push(doc);
        }
        if uploaded.is_empty() {
            return Err(AppError::invalid("file", "required"));
        }
        Ok(())
    }
    .await;
    (result.map(|()| uploaded), fields)
}

/// What a plain form is sent back with (`upload_error=…`) when its post failed.
pub fn error_code(e: &AppError) -> String {
    match e {
        AppError::Validation(f) => f.first().map(|f| f.code.clone()).unwrap_or_default(),
        AppError::TooLarge => "too_large".into(),
        AppError::UnsupportedType => "unsupported_type".into(),
        _ => "upload_failed".into(),
    }
}

pub fn multipart_err(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

/// Stores the bytes, then the rows; removes the bytes again when the rows cannot be written.
async fn store_file(state: &AppState, who: &Identity, t: &UploadTarget, file_name: &str, body: ByteStream<'_>) -> Result<Uploaded, AppError> {
    let file = store_bytes(state, who, file_name, body).await?;
    let key = file.storage_key.clone();
    match state.services.documents.add_upload(t, file).await {
        Ok(doc) => Ok(doc),
        Err(e) => {
            let _ = state.storage.delete(&key).await;
            Err(e)
        }
    }
}

/// Checks the file's type by its first bytes and streams it into storage (no rows yet).
pub async fn store_bytes(state: &AppState, who: &Identity, file_name: &str, body: ByteStream<'_>) -> Result<StoredFile, AppError> {
    let (head, body) = split_head(body).await?;
    let content_type = detect(&head, file_name).ok_or(AppError::UnsupportedType)?;
    let key = uuid::Uuid::new_v4().to_string();
    let stored = state.storage.put(&key, body, state.config.max_upload_bytes).await.map_err(storage_err)?;
    Ok(StoredFile { file_name: file_name.into(), content_type: content_type.into(), storage_key: key, size: stored.size, sha256: stored.sha256, uploaded_by: who.user_id })
}

/// The first bytes of the stream, and the stream again from its start.
async fn split_head(mut body: ByteStream<'_>) -> Result<(Vec<u8>, ByteStream<'_>), AppError> {
    let mut head = Vec::new();
    let mut chunks = Vec::new();
    while head.len() < 8192 {
        match body.next().await {
            Some(Ok(chunk)) => {
                head.extend_from_slice(&chunk);
                chunks.push(Ok(chunk));
            }
            Some(Err(_)) => return Err(AppError::BadRequest("the upload was interrupted".into())),
            None => break,
        }
    }
    Ok((head, Box::pin(futures_util::stream::iter(chunks).chain(body))))
}
