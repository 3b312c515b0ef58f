use crate::error::AppError;
use crate::model::{ClientDetail, ClientSummary, InvoiceDetail};
use leptos::prelude::*;

#[server(endpoint = "staff/clients")]
pub async fn list_clients() -> Result<Vec<ClientSummary>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.clients.list(today()).await
}

#[server(endpoint = "staff/client")]
pub async fn get_client(id: i64) -> Result<ClientDetail, AppError> {
    use crate::services::*;
    require_staff()?;
    client_detail(&services()?, id).await
}

/// Staff preview of a client's invoice, drafts included.
#[server(endpoint = "staff/invoice")]
pub async fn staff_get_invoice(client_id: i64, id: i64) -> Result<InvoiceDetail, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.invoices.get(client_id, id, true, today()).await
}
