//! The SQL behind the app's `InvoiceService`: reads (`reads.rs`), drafts, issuing and voiding
//! (`drafts.rs`), and payments (`payments.rs`).

pub(crate) mod drafts;
mod payments;
mod reads;

pub use drafts::{create_invoice, NewInvoice, NewLine};
pub use payments::{record_payment, NewPayment};

use crate::db::Db;
use app::error::AppError;
use app::invoices::filter::InvoiceFilter;
use app::invoices::statement::Statement;
use app::invoices::model::{AgingRow, Dashboard, InvoiceDetail, InvoiceDraft, InvoicePage, PaymentInput};

use app::services::{InvoiceService, ProviderPayment, Scope};
use async_trait::async_trait;
use time::Date;

pub struct SqlInvoices {
    db: Db,
    mail: std::sync::Arc<crate::mail::Mailer>,
}

impl SqlInvoices {
    pub fn new(db: Db, mail: std::sync::Arc<crate::mail::Mailer>) -> Self {
        Self { db, mail }
    }
}

#[async_trait]
impl InvoiceService for SqlInvoices {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError> {
        reads::dashboard(self, client_id, today).await
    }

    async fn list(&self, scope: Scope, f: &InvoiceFilter, today: Date) -> Result<InvoicePage, AppError> {
        reads::list(self, scope, f, today).await
    }

    async fn get(&self, scope: Scope, invoice_id: i64, today: Date) -> Result<InvoiceDetail, AppError> {
        reads::get(self, scope, invoice_id, today).await
    }

    async fn statement(&self, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError> {
        reads::statement(self, client_id, from, to).await
    }

    async fn aging(&self, today: Date) -> Result<Vec<AgingRow>, AppError> {
        reads::aging(self, today).await
    }

    async fn create_draft(&self, draft: InvoiceDraft) -> Result<i64, AppError> {
        drafts::create_draft(self, draft).await
    }

    async fn update_draft(&self, invoice_id: i64, draft: InvoiceDraft) -> Result<(), AppError> {
        drafts::update_draft(self, invoice_id, draft).await
    }

    async fn issue(&self, invoice_id: i64) -> Result<(), AppError> {
        drafts::issue(self, invoice_id).await
    }

    async fn void(&self, invoice_id: i64, reason: String) -> Result<(), AppError> {
        drafts::void(self, invoice_id, reason).await
    }

    async fn record_payment(&self, invoice_id: i64, input: PaymentInput, recorded_by: i64) -> Result<i64, AppError> {
        payments::record(self, invoice_id, input, recorded_by).await
    }

    async fn record_provider_payment(&self, p: &ProviderPayment) -> Result<Option<i64>, AppError> {
        payments::record_provider(self, p).await
    }
}
