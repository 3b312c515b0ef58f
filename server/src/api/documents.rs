//! `/api/v1/documents`: a client's documents (list, read, download, upload) and document requests.

use super::caller::Caller;
use super::extract::{iso, Body, Cursor, Form, Ids, Page, Params};
use super::problem::{ApiError, ApiResult};
use super::tokens::Access;
use super::{record, AREA_DOCUMENTS};
use crate::audit::RequestMeta;
use crate::AppState;
use app::documents::model::{DocumentDetail, DocumentFilter, DocumentRequest, DocumentSummary};
use app::error::AppError;
use app::services::{today, Action, AuditEntry, Scope};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Document {
    pub id: i64,
    pub client_id: i64,
    pub folder: String,
    pub title: String,
    /// The latest version's file name.
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub version: i64,
    pub updated_on: String,
    /// Sent by the client (not by the firm).
    pub from_client: bool,
    /// Deleted, and restorable until this date.
    pub deleted_until: Option<String>,
}

impl From<DocumentSummary> for Document {
    fn from(d: DocumentSummary) -> Self {
        Self {
            id: d.id,
            client_id: d.client_id,
            folder: d.folder,
            title: d.title,
            file_name: d.file_name,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            version: d.version,
            updated_on: iso(d.updated_on),
            from_client: d.from_client,
            deleted_until: d.deleted_until.map(iso),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Version {
    pub version: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub uploaded_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentFull {
    #[serde(flatten)]
    pub document: Document,
    pub versions: Vec<Version>,
}

impl From<DocumentDetail> for DocumentFull {
    fn from(d: DocumentDetail) -> Self {
        let versions = d.versions.into_iter().map(|v| Version { version: v.version, file_name: v.file_name, content_type: v.content_type, size_bytes: v.size_bytes, sha256: v.sha256, uploaded_on: iso(v.uploaded_on) }).collect();
        Self { document: d.summary.into(), versions }
    }
}

/// What an upload stored: a new document, or a new version of one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Uploaded {
    pub id: i64,
    pub title: String,
    pub version: i64,
}

/// The upload form (`multipart/form-data`); the fields come before the file.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only describes the form in the OpenAPI document; the upload route reads it.
pub struct UploadForm {
    pub client_id: i64,
    /// One of the firm's folders, e.g. `Contracts`, `Tax forms`.
    pub folder: String,
    pub title: Option<String>,
    /// A new version of this document.
    pub document_id: Option<i64>,
    /// PDF, image, office document, text or CSV; up to the server's upload limit.
    #[schema(content_media_type = "application/octet-stream")]
    pub file: Vec<u8>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestOut {
    pub id: i64,
    pub client_id: i64,
    pub title: String,
    pub description: String,
    pub due_date: Option<String>,
    pub fulfilled: bool,
    pub overdue: bool,
}

impl From<DocumentRequest> for RequestOut {
    fn from(r: DocumentRequest) -> Self {
        Self { id: r.id, client_id: r.client_id, title: r.title, description: r.description, due_date: r.due_date.map(iso), fulfilled: r.fulfilled, overdue: r.overdue }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestIn {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[schema(example = "2026-12-31")]
    pub due_date: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadQuery {
    /// An earlier version; the latest when absent.
    pub version: Option<i64>,
}

/// The client, or `NotFound` when it is missing or out of the token's reach.
async fn client(state: &AppState, caller: &Caller, id: i64) -> ApiResult<()> {
    caller.reach(id)?;
    state.services.clients.details(id).await?;
    Ok(())
}

/// A client's documents, newest first (deleted ones too, with `deleted_until`).
#[utoipa::path(get, path = "/clients/{id}/documents", tag = "documents", params(("id" = i64, Path), Cursor), responses((status = 200, body = Page<Document>)))]
pub async fn list(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>, Params(c): Params<Cursor>) -> ApiResult<Json<Page<Document>>> {
    caller.need(AREA_DOCUMENTS, Access::Read)?;
    client(&state, &caller, id).await?;
    let filter = DocumentFilter { after: c.id()?, ..Default::default() };
    let page = state.services.documents.list(Scope::Staff, id, caller.who.user_id, &filter).await?;
    Ok(Json(Page::new(page.items, page.next, Document::from)))
}

#[utoipa::path(get, path = "/documents/{id}", tag = "documents", params(("id" = i64, Path)), responses((status = 200, body = DocumentFull)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>) -> ApiResult<Json<DocumentFull>> {
    caller.need(AREA_DOCUMENTS, Access::Read)?;
    let doc = state.services.documents.get(Scope::Staff, id, caller.who.user_id).await?;
    caller.reach(doc.summary.client_id)?;
    Ok(Json(doc.into()))
}

/// The file's bytes (with Range support), or a redirect to a short-lived address on S3.
#[utoipa::path(get, path = "/documents/{id}/download", tag = "documents", params(("id" = i64, Path), DownloadQuery),
    responses((status = 200, description = "The file, with the type it was stored with", content_type = "*/*"), (status = 303, description = "Download it from the `Location` address (S3)")))]
pub async fn download(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Params(q): Params<DownloadQuery>, req: Request) -> ApiResult<Response> {
    caller.need(AREA_DOCUMENTS, Access::Read)?;
    crate::documents::download::serve(state, caller.who, meta, id.to_string(), q.version, req, false).await.map_err(|e| ApiError(e.0))
}

/// Uploads a file as a new document of a client, or as a new version of one of its documents.
#[utoipa::path(post, path = "/documents", tag = "documents", request_body(content = UploadForm, content_type = "multipart/form-data"), responses((status = 201, body = Vec<Uploaded>)))]
pub async fn upload(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Form(form): Form) -> ApiResult<(StatusCode, Json<Vec<Uploaded>>)> {
    caller.need(AREA_DOCUMENTS, Access::Write)?;
    let (stored, _) = crate::documents::upload::store(&state, &caller.who, &meta, form).await;
    let stored = stored?;
    Ok((StatusCode::CREATED, Json(stored.into_iter().map(|u| Uploaded { id: u.id, title: u.title, version: u.version }).collect())))
}

#[utoipa::path(get, path = "/clients/{id}/requests", tag = "documents", params(("id" = i64, Path), Cursor), responses((status = 200, body = Page<RequestOut>)))]
pub async fn requests(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>, Params(c): Params<Cursor>) -> ApiResult<Json<Page<RequestOut>>> {
    caller.need(AREA_DOCUMENTS, Access::Read)?;
    client(&state, &caller, id).await?;
    let page = state.services.documents.requests(id, c.id()?, today()).await?;
    Ok(Json(Page::new(page.items, page.next, RequestOut::from)))
}

/// Asks the client for a document; they are mailed and fulfil it by uploading.
#[utoipa::path(post, path = "/clients/{id}/requests", tag = "documents", params(("id" = i64, Path)), request_body = RequestIn, responses((status = 201, body = RequestOut)))]
pub async fn create_request(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(r): Body<RequestIn>) -> ApiResult<(StatusCode, Json<RequestOut>)> {
    caller.need(AREA_DOCUMENTS, Access::Write)?;
    client(&state, &caller, id).await?;
    let due = match r.due_date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).map_err(|_| AppError::invalid("due_date", "invalid_date"))?),
        None => None,
    };
    let request_id = state.services.documents.create_request(id, r.title.clone(), r.description.clone(), due, caller.who.user_id).await?;
    record(&state, &caller, &meta, AuditEntry::success(Action::DocumentRequestCreated, Some(id), ("document_request", request_id.to_string(), r.title.trim().to_string()), serde_json::Value::Null)).await;
    let out = RequestOut { id: request_id, client_id: id, title: r.title.trim().into(), description: r.description.trim().into(), due_date: due.map(iso), fulfilled: false, overdue: due.is_some_and(|d| d < today()) };
    Ok((StatusCode::CREATED, Json(out)))
}
