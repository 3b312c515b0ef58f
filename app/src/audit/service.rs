//! Server-only: the audit trail's entries and what the server implements to write and read it.

pub use crate::audit::action::{Action, Outcome};
use crate::audit::model::{ActivityFilter, ActivityPage, Engagement, EngagementPages, LastSeen, Receipt};
use crate::error::AppError;
use crate::documents::model::DocumentSummary;
use crate::model::Identity;
use async_trait::async_trait;

/// One entry of the audit trail, as a service call reports it; who, from where and when are
/// filled in from the request.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: Action,
    pub client_id: Option<i64>,
    pub target_type: &'static str,
    pub target_id: String,
    pub target_label: String,
    pub outcome: Outcome,
    pub details: serde_json::Value,
    /// Who acted when nobody is signed in: `anonymous` (the default) or `system` (the command
    /// line, the payment provider). A `details.email` is kept as the actor's email.
    pub actor_kind: Option<&'static str>,
}

impl AuditEntry {
    /// Someone asked for an item outside their scope (answered as not found).
    pub fn denied(client_id: Option<i64>, target_type: &'static str, target_id: String) -> Self {
        Self { outcome: Outcome::Denied, ..Self::success(Action::AccessDenied, client_id, (target_type, target_id, String::new()), serde_json::Value::Null) }
    }

    /// A successful action on a target `(type, id, label)`.
    pub fn success(action: Action, client_id: Option<i64>, target: (&'static str, String, String), details: serde_json::Value) -> Self {
        Self { action, client_id, target_type: target.0, target_id: target.1, target_label: target.2, outcome: Outcome::Success, details, actor_kind: None }
    }

    /// An attempt that did not succeed (a wrong password, for one).
    pub fn failed(self) -> Self {
        Self { outcome: Outcome::Failed, ..self }
    }

    /// An action taken by the system or an operator on the command line, not by a signed-in user.
    pub fn by_system(self) -> Self {
        Self { actor_kind: Some("system"), ..self }
    }
}

/// A complete audit event, ready to be written.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor: Option<Identity>,
    pub entry: AuditEntry,
    pub source_ip: String,
    pub user_agent: String,
    pub request_id: String,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Stores the event; returns once it is committed (never drops it), so a request is
    /// answered only after its record is durable.
    async fn record(&self, event: AuditEvent);
    /// Returns once every event recorded so far is stored.
    async fn flush(&self) {}
}

/// Reading the audit trail (staff pages, read receipts, engagement, a client admin's view).
#[async_trait]
pub trait ActivityService: Send + Sync {
    /// Newest first, `limit` per page, keyset by id.
    async fn search(&self, filter: &ActivityFilter, limit: i64) -> Result<ActivityPage, AppError>;
    /// Client views of the given invoices or documents (`target_type` `invoice` or `document`).
    async fn receipts(&self, target_type: &'static str, ids: &[i64]) -> Result<std::collections::HashMap<i64, Receipt>, AppError>;
    async fn engagement(&self, pages: EngagementPages) -> Result<Engagement, AppError>;
    /// A client's users and when each was last seen.
    async fn users_last_seen(&self, client_id: i64) -> Result<Vec<LastSeen>, AppError>;
}

/// An item staff see with a read receipt.
pub trait Receipted {
    const TARGET: &'static str;
    fn key(&self) -> i64;
    /// Whether clients can see it at all (a draft invoice has no receipt).
    fn visible_to_client(&self) -> bool {
        true
    }
    fn set_receipt(&mut self, receipt: Receipt);
}

impl Receipted for crate::invoices::model::InvoiceSummary {
    const TARGET: &'static str = "invoice";
    fn key(&self) -> i64 {
        self.id
    }
    fn visible_to_client(&self) -> bool {
        self.status != crate::invoices::model::InvoiceStatus::Draft
    }
    fn set_receipt(&mut self, receipt: Receipt) {
        self.receipt = Some(receipt);
    }
}

impl Receipted for DocumentSummary {
    const TARGET: &'static str = "document";
    fn key(&self) -> i64 {
        self.id
    }
    fn set_receipt(&mut self, receipt: Receipt) {
        self.receipt = Some(receipt);
    }
}
