//! Server-only: what the server implements for invoices and payments.

use crate::error::AppError;
use crate::invoices::filter::InvoiceFilter;
use crate::invoices::statement::Statement;
use crate::invoices::model::{AgingRow, Dashboard, InvoiceDetail, InvoiceDraft, InvoicePage, PaymentInput};
use crate::model::{Capability, Identity};
use async_trait::async_trait;
use time::Date;

/// Whose invoices a call may touch: one client's issued invoices, or (staff) everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client(i64),
    Staff,
}

impl Scope {
    /// Whose data `who` may see in the part of the portal that needs `c`: staff and admins see
    /// every client; a client user sees their own client when they may use `c`, else nothing.
    pub fn of(who: &Identity, c: Capability) -> Option<Self> {
        match (who.role.is_staff(), who.client_id) {
            (true, _) => Some(Scope::Staff),
            (false, Some(client_id)) if who.can(c) => Some(Scope::Client(client_id)),
            _ => None,
        }
    }
}

#[async_trait]
pub trait InvoiceService: Send + Sync {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError>;
    /// One page of invoices matching the filter. A client scope never sees drafts or another
    /// client's invoices, whatever the filter says.
    async fn list(&self, scope: Scope, filter: &InvoiceFilter, today: Date) -> Result<InvoicePage, AppError>;
    /// One invoice. Outside the scope it is `NotFound`, exactly like a missing one.
    async fn get(&self, scope: Scope, invoice_id: i64, today: Date) -> Result<InvoiceDetail, AppError>;
    async fn statement(&self, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError>;
    /// What every client owes, by age, per currency.
    async fn aging(&self, today: Date) -> Result<Vec<AgingRow>, AppError>;
    async fn create_draft(&self, draft: InvoiceDraft) -> Result<i64, AppError>;
    async fn update_draft(&self, invoice_id: i64, draft: InvoiceDraft) -> Result<(), AppError>;
    async fn issue(&self, invoice_id: i64) -> Result<(), AppError>;
    async fn void(&self, invoice_id: i64, reason: String) -> Result<(), AppError>;
    async fn record_payment(&self, invoice_id: i64, input: PaymentInput, recorded_by: i64) -> Result<i64, AppError>;
    /// Records a provider's payment and its event id together: the payment's id, or `None` when
    /// that event was recorded before. An unknown invoice or another currency is a validation error.
    async fn record_provider_payment(&self, p: &ProviderPayment) -> Result<Option<i64>, AppError>;
}

#[derive(Debug, serde::Deserialize)]
/// A payment reported by a payment provider (`POST /webhooks/payments`, signed).
pub struct ProviderPayment {
    /// The provider's event id: the same id delivered twice records one payment.
    pub id: String,
    pub invoice_number: String,
    pub amount_minor: i64,
    pub currency: String,
    /// YYYY-MM-DD; today when absent.
    pub paid_on: Option<String>,
    #[serde(default)]
    pub reference: String,
    #[serde(default = "default_method")]
    pub method: String,
}

fn default_method() -> String {
    "Online payment".into()
}

