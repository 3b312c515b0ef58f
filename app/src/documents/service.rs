//! Server-only: what the server implements for documents and document requests.

use crate::error::AppError;
use crate::documents::model::{DocumentDetail, DocumentFilter, DocumentRequest, DocumentSummary};
use async_trait::async_trait;
use time::Date;
use crate::invoices::service::Scope;

#[async_trait]
pub trait DocumentService: Send + Sync {
    /// A client's documents. A client scope never sees deleted ones or another client's.
    async fn list(&self, scope: Scope, client_id: i64, viewer: i64, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, AppError>;
    /// One document with its versions; outside the scope it is `NotFound`.
    async fn get(&self, scope: Scope, id: i64, viewer: i64) -> Result<DocumentDetail, AppError>;
    /// Soft delete (restorable for 30 days) and restore.
    async fn set_deleted(&self, id: i64, deleted: bool) -> Result<DocumentSummary, AppError>;
    async fn requests(&self, client_id: i64, today: Date) -> Result<Vec<DocumentRequest>, AppError>;
    async fn create_request(&self, client_id: i64, title: String, description: String, due: Option<Date>, by: i64) -> Result<i64, AppError>;
}
