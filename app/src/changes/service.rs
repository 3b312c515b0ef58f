//! Server-only: what the server implements for change requests.

use super::model::{ChangePage, ChangeRequest};
use crate::clients::model::ClientInput;
use crate::error::AppError;
use async_trait::async_trait;

/// Which requests a list holds.
#[derive(Debug, Clone, Copy)]
pub enum ChangeScope {
    /// One client's, whatever became of them.
    Client(i64),
    /// Every client's that wait for a decision.
    Pending,
}

#[async_trait]
pub trait ChangeService: Send + Sync {
    /// A client admin `by` of `client_id` asks for the company's details to become `proposed`;
    /// only what differs from the current details is kept (nothing: `nothing_changed`).
    async fn propose(&self, client_id: i64, by: i64, proposed: &ClientInput) -> Result<ChangeRequest, AppError>;
    /// A page of requests, newest first, after request `after`.
    async fn list(&self, scope: ChangeScope, after: Option<i64>) -> Result<ChangePage, AppError>;
    /// Staff member `by` approves (the details change in the same transaction, and the request
    /// then holds what changed, old → new) or rejects a pending request. `NotFound` for a missing one;
    /// `already_decided` for one decided before.
    async fn decide(&self, id: i64, by: i64, approve: bool, note: &str) -> Result<ChangeRequest, AppError>;
}
