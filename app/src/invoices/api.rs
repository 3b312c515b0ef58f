//! Client-facing invoice server functions: identity → permission → service.

use crate::error::AppError;
use crate::model::{Dashboard, InvoiceDetail, InvoiceSummary};
use leptos::prelude::*;

#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::services::*;
    let (_, client_id) = require_client()?;
    services()?.invoices.dashboard(client_id, today()).await
}

#[server(endpoint = "invoices")]
pub async fn list_invoices() -> Result<Vec<InvoiceSummary>, AppError> {
    use crate::services::*;
    let (_, client_id) = require_client()?;
    services()?.invoices.list(client_id, false, today()).await
}

/// One invoice of the signed-in client; another client's id answers `NotFound`.
#[server(endpoint = "invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceDetail, AppError> {
    use crate::services::*;
    let (_, client_id) = require_client()?;
    services()?.invoices.get(client_id, id, false, today()).await
}
