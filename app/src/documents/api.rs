//! Document server functions. Uploads and downloads are plain streaming routes on the server
//! (`/documents/upload`, `/documents/{id}/download`, `/documents/{id}/preview`).

use super::model::{DocumentDetail, DocumentFilter, DocumentPage, RequestPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::Capability;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "documents", input = Json)]
pub async fn list_documents(filter: DocumentFilter) -> Result<DocumentPage, AppError> {
    use crate::services::*;
    let (who, client_id) = require_capability(Capability::Documents)?;
    let docs = services()?.documents.list(Scope::Client(client_id), client_id, who.user_id, &filter).await?;
    let details = serde_json::json!({ "folder": filter.folder, "q": filter.q, "shown": docs.items.len() });
    audit(AuditEntry::success(Action::DocumentListViewed, Some(client_id), ("document_list", String::new(), String::new()), details)).await;
    Ok(docs)
}

#[server(endpoint = "document")]
pub async fn get_document(id: i64) -> Result<DocumentDetail, AppError> {
    use crate::services::*;
    let (who, client_id) = require_capability_for_item(Capability::Documents)?;
    let doc = services()?.documents.get(Scope::Client(client_id), id, who.user_id).await;
    audit_lookup(&doc, Action::DocumentViewed, client_id, ("document", id), |d| d.summary.title.clone()).await;
    doc
}

#[server(endpoint = "document-requests")]
pub async fn list_document_requests(#[server(default)] after: Option<i64>) -> Result<RequestPage, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(Capability::Documents)?;
    services()?.documents.requests(client_id, after, today()).await
}

#[server(endpoint = "staff/documents")]
pub async fn staff_list_documents(client_id: i64, after: Option<i64>, #[server(default)] requests_after: Option<i64>) -> Result<(DocumentPage, RequestPage), AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let s = services()?;
    let mut page = s.documents.list(Scope::Staff, client_id, who.user_id, &DocumentFilter { after, ..Default::default() }).await?;
    page.items = with_receipts(&s, page.items).await?;
    Ok((page, s.documents.requests(client_id, requests_after, today()).await?))
}

#[server(endpoint = "staff/document")]
pub async fn staff_get_document(id: i64) -> Result<DocumentDetail, AppError> {
    use crate::services::*;
    let who = require_staff()?;
    services()?.documents.get(Scope::Staff, id, who.user_id).await
}

/// Deletes (restorable for 30 days) or restores a document.
#[server(endpoint = "staff/document/delete")]
pub async fn set_document_deleted(id: i64, deleted: bool) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    let doc = services()?.documents.set_deleted(id, deleted).await?;
    let action = if deleted { Action::DocumentDeleted } else { Action::DocumentRestored };
    audit(AuditEntry::success(action, Some(doc.client_id), ("document", id.to_string(), doc.title), serde_json::Value::Null)).await;
    Ok(())
}

#[server(endpoint = "staff/document-request")]
pub async fn create_document_request(client_id: i64, title: String, #[server(default)] description: String, #[server(default)] due_date: String) -> Result<i64, AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let due = match due_date.trim() {
        "" => None,
        d => Some(time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).map_err(|_| AppError::invalid("due_date", "invalid_date"))?),
    };
    let id = services()?.documents.create_request(client_id, title.clone(), description, due, who.user_id).await?;
    audit(AuditEntry::success(Action::DocumentRequestCreated, Some(client_id), ("document_request", id.to_string(), title.trim().to_string()), serde_json::Value::Null)).await;
    Ok(id)
}
