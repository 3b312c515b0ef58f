//! `POST /messages/send`: a new conversation (`subject`, optional `invoice_id` or
//! `document_id`) or an answer in one (`conversation_id`), with `body` and any number of files.
//!
//! The text fields come before the files. Files are streamed into storage as uploads are
//! (the same type checks and size limit); then the message, its documents and their links are
//! written in one transaction. If anything fails, the stored bytes are removed again: nothing
//! half-sent remains.

use crate::audit::RequestMeta;
use crate::documents::storage::ByteStream;
use crate::documents::upload::{multipart_err, store_bytes};
use crate::http::error::HttpError;
use crate::AppState;
use app::error::AppError;
use app::messages::model::MAX_BODY;
use app::model::{Capability, Identity};
use app::services::{Action, AuditEntry, NewConversation, Sent, StoredFile};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use futures_util::StreamExt;
use std::collections::HashMap;

pub async fn send(
    State(state): State<AppState>,
    identity: Option<Extension<Identity>>,
    meta: RequestMeta,
    headers: HeaderMap,
    mut form: Multipart,
) -> Result<Response, HttpError> {
    let who = crate::http::error::require_identity(identity)?;
    if !who.role.is_staff() && who.client_id.is_none() {
        return Err(HttpError(AppError::Forbidden));
    }
    let html = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut files: Vec<StoredFile> = Vec::new();
    let result: Result<Sent, AppError> = async {
        while let Some(field) = form.next_field().await.map_err(multipart_err)? {
            let name = field.name().unwrap_or("").to_string();
            if name != "file" {
                let value = field.text().await.map_err(multipart_err)?;
                // One more than the longest message, so that a longer one is refused, not cut.
                fields.insert(name, value.chars().take(MAX_BODY + 1).collect());
                continue;
            }
            // A file input left empty still sends a part, with no name and no bytes.
            let Some(file_name) = field.file_name().filter(|n| !n.is_empty()).map(crate::documents::names::display_name) else {
                continue;
            };
            // Files become documents of the client: only for those who may use documents.
            if !who.role.is_staff() && !who.can(Capability::Documents) {
                return Err(AppError::Forbidden);
            }
            let body: ByteStream<'_> = Box::pin(field.map(|r| r.map_err(|e| std::io::Error::other(e.to_string()))));
            files.push(store_bytes(&state, &who, &file_name, body).await?);
        }
        let num = |k: &str| fields.get(k).map(|v| v.trim()).filter(|v| !v.is_empty()).map(|v| v.parse::<i64>().map_err(|_| AppError::invalid(k, "invalid"))).transpose();
        let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let messages = &state.services.messages;
        match num("conversation_id")? {
            Some(id) => messages.reply(&who, id, &text("body"), files.clone()).await,
            None => {
                let new = NewConversation { subject: text("subject"), invoice_id: num("invoice_id")?, document_id: num("document_id")?, body: text("body") };
                messages.start(&who, &new, files.clone()).await
            }
        }
    }
    .await;
    let base = if who.role.is_staff() { "/staff/messages" } else { "/messages" };
    match result {
        Ok(sent) => {
            record(&state, &who, &meta, &sent).await;
            if html {
                Ok(Redirect::to(&format!("{base}/{}", sent.conversation_id)).into_response())
            } else {
                Ok(Json(serde_json::json!({ "conversation_id": sent.conversation_id, "message_id": sent.message_id })).into_response())
            }
        }
        Err(e) => {
            for f in &files {
                let _ = state.storage.delete(&f.storage_key).await;
            }
            let return_to = fields.get("return_to").filter(|p| crate::http::security::same_site_path(p)).cloned();
            match (html, return_to) {
                (true, Some(to)) => {
                    let sep = if to.contains('?') { '&' } else { '?' };
                    Ok(Redirect::to(&format!("{to}{sep}upload_error={}", crate::documents::upload::error_code(&e))).into_response())
                }
                _ => Err(HttpError(e)),
            }
        }
    }
}

/// The message and each file it brought, in the audit trail.
async fn record(state: &AppState, who: &Identity, meta: &RequestMeta, sent: &Sent) {
    let details = serde_json::json!({ "message_id": sent.message_id, "attachments": sent.attachments.len() });
    let entry = AuditEntry::success(Action::MessageSent, Some(sent.client_id), ("conversation", sent.conversation_id.to_string(), sent.subject.clone()), details);
    state.services.audit.record(meta.event(Some(who), entry)).await;
    for (id, title) in &sent.attachments {
        let details = serde_json::json!({ "version": 1, "file_name": title, "message_id": sent.message_id });
        let entry = AuditEntry::success(Action::DocumentUploaded, Some(sent.client_id), ("document", id.to_string(), title.clone()), details);
        state.services.audit.record(meta.event(Some(who), entry)).await;
    }
}
