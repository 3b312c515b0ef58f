//! Server-only: what the server implements for documents and document requests.

use crate::error::AppError;
use crate::documents::model::{DocumentDetail, DocumentFilter, DocumentPage, DocumentSummary, RequestPage};
use async_trait::async_trait;
use time::Date;
use crate::invoices::service::Scope;

#[async_trait]
pub trait DocumentService: Send + Sync {
    /// A page of a client's documents. A client scope never sees deleted ones or another
    /// client's; another client's document as `after` gives an empty page, as a missing one does.
    async fn list(&self, scope: Scope, client_id: i64, viewer: i64, filter: &DocumentFilter) -> Result<DocumentPage, AppError>;
    /// One document with its versions; outside the scope it is `NotFound`.
    async fn get(&self, scope: Scope, id: i64, viewer: i64) -> Result<DocumentDetail, AppError>;
    /// Soft delete (restorable for 30 days) and restore.
    async fn set_deleted(&self, id: i64, deleted: bool) -> Result<DocumentSummary, AppError>;
    /// A page of the client's requests after request `after` (another client's, like a missing
    /// one, gives an empty page).
    async fn requests(&self, client_id: i64, after: Option<i64>, today: Date) -> Result<RequestPage, AppError>;
    async fn create_request(&self, client_id: i64, title: String, description: String, due: Option<Date>, by: i64) -> Result<i64, AppError>;
    /// Files a stored upload as a new document (fulfilling its request, if any) or as a new
    /// version of one: all or nothing. Another client's document or request is `NotFound`.
    async fn add_upload(&self, target: &UploadTarget, file: StoredFile) -> Result<Uploaded, AppError>;
    /// A version's file (the latest when `version` is None), for a download; outside the scope,
    /// and for a client a deleted document, it is `NotFound`.
    async fn version_file(&self, scope: Scope, id: i64, version: Option<i64>) -> Result<VersionFile, AppError>;
    /// Takes the "new" mark off a document for this person (a failure is only logged).
    async fn mark_opened(&self, document_id: i64, user_id: i64);
}


/// Where an uploaded file goes, already checked against who is uploading.
#[derive(Debug, Clone)]
pub struct UploadTarget {
    pub client_id: i64,
    pub folder: String,
    pub title: Option<String>,
    /// A new version of this document.
    pub document_id: Option<i64>,
    /// A client fulfilling this document request.
    pub request_id: Option<i64>,
    pub from_client: bool,
}

/// A file already in storage.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub file_name: String,
    pub content_type: String,
    pub storage_key: String,
    pub size: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub uploaded_by: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Uploaded {
    pub id: i64,
    pub title: String,
    pub version: i64,
}

/// The stored object behind one version of a document, as downloads need it.
#[derive(Debug, Clone)]
pub struct VersionFile {
    pub document_id: i64,
    pub client_id: i64,
    pub title: String,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}
