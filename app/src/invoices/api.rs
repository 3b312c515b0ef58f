//! Client-facing invoice server functions: identity → permission → service → audit.

use crate::error::AppError;
use crate::invoices::filter::InvoiceFilter;
use crate::invoices::statement::Statement;
#[cfg(feature = "ssr")]
use crate::model::Capability;
use crate::invoices::model::{Dashboard, InvoiceDetail, InvoicePage};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(Capability::Billing)?;
    services()?.invoices.dashboard(client_id, today()).await
}

#[server(endpoint = "invoices", input = Json)]
pub async fn list_invoices(filter: InvoiceFilter) -> Result<InvoicePage, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(Capability::Billing)?;
    let page = services()?.invoices.list(Scope::Client(client_id), &filter, today()).await?;
    let details = serde_json::json!({ "status": filter.status.map(|s| s.as_str()), "q": filter.q, "sort": filter.sort.as_str(), "shown": page.items.len() });
    audit(AuditEntry::success(Action::InvoiceListViewed, Some(client_id), ("invoice_list", String::new(), String::new()), details)).await;
    Ok(page)
}

/// One invoice of the signed-in client; another client's id answers `NotFound`.
#[server(endpoint = "invoice")]
pub async fn get_invoice(id: i64) -> Result<InvoiceDetail, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability_for_item(Capability::Billing)?;
    let result = services()?.invoices.get(Scope::Client(client_id), id, today()).await;
    audit_lookup(&result, Action::InvoiceViewed, client_id, ("invoice", id), |inv| inv.summary.number.clone()).await;
    result
}

/// The statement for a period (dates as YYYY-MM-DD; empty means the last twelve months).
#[server(endpoint = "statement")]
pub async fn get_statement(from: String, to: String) -> Result<Statement, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(Capability::Billing)?;
    let (from, to) = statement_period(&from, &to)?;
    let st = services()?.invoices.statement(client_id, from, to).await?;
    let label = format!("{} – {}", crate::util::iso(from), crate::util::iso(to));
    audit(AuditEntry::success(Action::StatementViewed, Some(client_id), ("statement", String::new(), label), serde_json::Value::Null)).await;
    Ok(st)
}

/// Period of a statement: the last twelve months unless given.
pub fn statement_period(from: &str, to: &str) -> Result<(time::Date, time::Date), AppError> {
    let parse = |field: &str, s: &str| -> Result<Option<time::Date>, AppError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).map(Some).map_err(|_| AppError::invalid(field, "invalid_date"))
    };
    let today = time::OffsetDateTime::now_utc().date();
    let to = parse("to", to)?.unwrap_or(today);
    let from = parse("from", from)?.unwrap_or(to - time::Duration::days(365));
    Ok((from, to))
}
