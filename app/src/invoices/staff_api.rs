//! Staff server functions. Every change is audited as staff activity.

use crate::error::AppError;
use crate::invoices::filter::InvoiceFilter;
use crate::invoices::model::{AgingRow, InvoiceDetail, InvoiceDraft, InvoicePage};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;


#[server(endpoint = "staff/invoices", input = Json)]
pub async fn staff_list_invoices(filter: InvoiceFilter) -> Result<InvoicePage, AppError> {
    use crate::services::*;
    require_staff()?;
    let s = services()?;
    let mut page = s.invoices.list(Scope::Staff, &filter, today()).await?;
    page.items = with_receipts(&s, page.items).await?;
    Ok(page)
}

/// Staff view of any invoice, drafts included; recorded as staff activity, never as a client view.
#[server(endpoint = "staff/invoice")]
pub async fn staff_get_invoice(id: i64) -> Result<InvoiceDetail, AppError> {
    use crate::services::*;
    require_staff()?;
    let inv = services()?.invoices.get(Scope::Staff, id, today()).await?;
    audit(AuditEntry::success(Action::InvoiceViewed, Some(inv.summary.client_id), ("invoice", id.to_string(), inv.summary.number.clone()), serde_json::Value::Null)).await;
    Ok(inv)
}

#[cfg(feature = "ssr")]
async fn label_of(id: i64) -> Result<(i64, String), AppError> {
    use crate::services::*;
    let inv = services()?.invoices.get(Scope::Staff, id, today()).await?;
    Ok((inv.summary.client_id, inv.summary.number))
}

#[server(endpoint = "staff/invoice/create", input = Json)]
pub async fn create_invoice(draft: InvoiceDraft) -> Result<i64, AppError> {
    use crate::services::*;
    require_staff()?;
    let draft = draft.typed_in(crate::request_locale());
    let id = services()?.invoices.create_draft(draft.clone()).await?;
    audit(AuditEntry::success(Action::InvoiceCreated, Some(draft.client_id), ("invoice", id.to_string(), draft.number.trim().to_string()), serde_json::Value::Null)).await;
    Ok(id)
}

#[server(endpoint = "staff/invoice/update", input = Json)]
pub async fn update_invoice(id: i64, draft: InvoiceDraft) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    let draft = draft.typed_in(crate::request_locale());
    services()?.invoices.update_draft(id, draft.clone()).await?;
    audit(AuditEntry::success(Action::InvoiceUpdated, Some(draft.client_id), ("invoice", id.to_string(), draft.number.trim().to_string()), serde_json::Value::Null)).await;
    Ok(())
}

#[server(endpoint = "staff/invoice/issue")]
pub async fn issue_invoice(id: i64) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.invoices.issue(id).await?;
    let (client_id, number) = label_of(id).await?;
    audit(AuditEntry::success(Action::InvoiceIssued, Some(client_id), ("invoice", id.to_string(), number), serde_json::Value::Null)).await;
    back_with_notice("issued");
    Ok(())
}

#[server(endpoint = "staff/invoice/void")]
pub async fn void_invoice(id: i64, reason: String) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.invoices.void(id, reason.clone()).await?;
    let (client_id, number) = label_of(id).await?;
    audit(AuditEntry::success(Action::InvoiceVoided, Some(client_id), ("invoice", id.to_string(), number), serde_json::json!({ "reason": reason.trim() }))).await;
    back_with_notice("voided");
    Ok(())
}

/// Records a payment, or a refund when `refund` is present (a checkbox in the form).
#[server(endpoint = "staff/invoice/payment")]
pub async fn record_payment(
    id: i64,
    amount: String,
    paid_on: String,
    method: String,
    #[server(default)] reference: String,
    #[server(default)] refund: Option<String>,
) -> Result<i64, AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let amount = crate::request_locale().typed_number(&amount);
    let payment = crate::invoices::model::PaymentInput { amount, paid_on, method, reference, refund: refund.is_some() };
    let payment_id = services()?.invoices.record_payment(id, payment.clone(), who.user_id).await?;
    let (client_id, number) = label_of(id).await?;
    let action = if payment.refund { Action::PaymentRefunded } else { Action::PaymentRecorded };
    let details = serde_json::json!({ "payment_id": payment_id, "amount": payment.amount.trim(), "paid_on": payment.paid_on.trim(), "method": payment.method.trim() });
    audit(AuditEntry::success(action, Some(client_id), ("invoice", id.to_string(), number), details)).await;
    back_with_notice("paid");
    Ok(payment_id)
}

#[server(endpoint = "staff/aging")]
pub async fn aging_report() -> Result<Vec<AgingRow>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.invoices.aging(today()).await
}
