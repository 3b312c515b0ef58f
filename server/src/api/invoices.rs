//! `/api/v1/invoices`: invoices (drafts with lines, issue, void), and their payments and refunds.

use super::caller::Caller;
use super::extract::{iso, Body, Ids, Money, Page, Params};
use super::problem::ApiResult;
use super::tokens::Access;
use super::{record, AREA_INVOICES};
use crate::audit::RequestMeta;
use crate::AppState;
use app::error::AppError;
use app::invoices::filter::{InvoiceFilter, StatusFilter};
use app::invoices::model::{DraftLine, InvoiceDetail, InvoiceDraft, InvoiceSummary, PaymentInput};
use app::services::{today, Action, AuditEntry, Scope};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client_name: String,
    #[schema(example = "2026-12-01")]
    pub issue_date: String,
    #[schema(example = "2026-12-31")]
    pub due_date: String,
    /// `draft`, `open`, `partially_paid`, `paid` or `void`.
    #[schema(example = "open")]
    pub status: String,
    /// Money still owed after the due date.
    pub overdue: bool,
    pub total: Money,
    pub amount_due: Money,
}

impl From<InvoiceSummary> for Invoice {
    fn from(s: InvoiceSummary) -> Self {
        Self {
            id: s.id,
            number: s.number,
            client_id: s.client_id,
            client_name: s.client_name,
            issue_date: iso(s.issue_date),
            due_date: iso(s.due_date),
            status: s.status.as_str().into(),
            overdue: s.overdue,
            total: s.total.into(),
            amount_due: s.amount_due.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Line {
    pub description: String,
    /// Thousandths: 1500 is 1.5.
    pub quantity_milli: i64,
    pub unit_price: Money,
    /// Basis points: 2000 is 20 %.
    pub tax_rate_bp: i64,
    /// Before tax.
    pub amount: Money,
}

/// A payment (positive) or refund (negative amount).
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentOut {
    pub id: i64,
    pub paid_on: String,
    pub method: String,
    pub reference: String,
    pub amount: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceFull {
    #[serde(flatten)]
    pub invoice: Invoice,
    pub notes: String,
    pub void_reason: String,
    pub lines: Vec<Line>,
    pub subtotal: Money,
    pub tax: Money,
    pub paid: Money,
    pub payments: Vec<PaymentOut>,
}

impl From<InvoiceDetail> for InvoiceFull {
    fn from(d: InvoiceDetail) -> Self {
        Self {
            invoice: d.summary.into(),
            notes: d.notes,
            void_reason: d.void_reason,
            lines: d.lines.into_iter().map(|l| Line { description: l.description, quantity_milli: l.quantity_milli, unit_price: l.unit_price.into(), tax_rate_bp: l.tax_rate_bp, amount: l.amount.into() }).collect(),
            subtotal: d.subtotal.into(),
            tax: d.tax.into(),
            paid: d.paid.into(),
            payments: d.payments.into_iter().map(|p| PaymentOut { id: p.id, paid_on: iso(p.paid_on), method: p.method, reference: p.reference, amount: p.amount.into() }).collect(),
        }
    }
}

/// A draft as sent: numbers as decimal strings, so nothing is lost to floating point.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DraftIn {
    pub client_id: i64,
    /// Unique, 1 to 40 characters.
    pub number: String,
    #[schema(example = "2026-12-01")]
    pub issue_date: String,
    #[schema(example = "2026-12-31")]
    pub due_date: String,
    #[schema(example = "USD")]
    pub currency: String,
    #[serde(default)]
    pub notes: String,
    /// 1 to 200 lines.
    pub lines: Vec<LineIn>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LineIn {
    pub description: String,
    #[schema(example = "1.5")]
    pub quantity: String,
    #[schema(example = "120.00")]
    pub unit_price: String,
    /// Percent.
    #[schema(example = "8.25")]
    pub tax_rate: String,
}

impl From<DraftIn> for InvoiceDraft {
    fn from(d: DraftIn) -> Self {
        InvoiceDraft {
            client_id: d.client_id,
            number: d.number,
            issue_date: d.issue_date,
            due_date: d.due_date,
            currency: d.currency,
            notes: d.notes,
            lines: d.lines.into_iter().map(|l| DraftLine { description: l.description, quantity: l.quantity, unit_price: l.unit_price, tax_rate: l.tax_rate }).collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvoiceQuery {
    pub client_id: Option<i64>,
    /// `draft`, `open`, `partially_paid`, `paid`, `void`, `overdue` or `unpaid`.
    pub status: Option<String>,
    /// Part of an invoice number.
    pub q: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VoidIn {
    /// Why it is void; the client sees it.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PaymentIn {
    /// Positive, as a decimal string in the invoice's currency.
    #[schema(example = "250.00")]
    pub amount: String,
    #[schema(example = "2026-12-03")]
    pub paid_on: String,
    #[schema(example = "bank transfer")]
    pub method: String,
    #[serde(default)]
    pub reference: String,
    /// True: money returned to the client.
    #[serde(default)]
    pub refund: bool,
}

/// The invoice, or `NotFound` when it is missing or out of the token's reach.
async fn full(state: &AppState, caller: &Caller, id: i64) -> ApiResult<InvoiceDetail> {
    let inv = state.services.invoices.get(Scope::Staff, id, today()).await?;
    caller.reach(inv.summary.client_id)?;
    Ok(inv)
}

fn target(inv: &InvoiceDetail) -> (&'static str, String, String) {
    ("invoice", inv.summary.id.to_string(), inv.summary.number.clone())
}

/// Invoices, newest first.
#[utoipa::path(get, path = "/invoices", tag = "invoices", params(InvoiceQuery), responses((status = 200, body = Page<Invoice>)))]
pub async fn list(State(state): State<AppState>, caller: Caller, Params(q): Params<InvoiceQuery>) -> ApiResult<Json<Page<Invoice>>> {
    caller.need(AREA_INVOICES, Access::Read)?;
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(StatusFilter::parse(s).ok_or_else(|| AppError::invalid("status", "invalid"))?),
        None => None,
    };
    let filter = InvoiceFilter {
        status,
        q: q.q.unwrap_or_default().trim().chars().take(64).collect(),
        after: q.cursor.filter(|c| !c.is_empty()),
        client_id: caller.client_filter(q.client_id)?,
        ..Default::default()
    };
    let page = state.services.invoices.list(Scope::Staff, &filter, today()).await?;
    Ok(Json(Page::new(page.items, page.next, Invoice::from)))
}

#[utoipa::path(get, path = "/invoices/{id}", tag = "invoices", params(("id" = i64, Path)), responses((status = 200, body = InvoiceFull)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>) -> ApiResult<Json<InvoiceFull>> {
    caller.need(AREA_INVOICES, Access::Read)?;
    Ok(Json(full(&state, &caller, id).await?.into()))
}

/// A new draft; clients never see drafts.
#[utoipa::path(post, path = "/invoices", tag = "invoices", request_body = DraftIn, responses((status = 201, body = InvoiceFull)))]
pub async fn create(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Body(d): Body<DraftIn>) -> ApiResult<(StatusCode, Json<InvoiceFull>)> {
    caller.need(AREA_INVOICES, Access::Write)?;
    caller.reach(d.client_id).map_err(|_| AppError::invalid("client_id", "unknown_client"))?;
    let id = state.services.invoices.create_draft(d.into()).await?;
    let inv = full(&state, &caller, id).await?;
    record(&state, &caller, &meta, AuditEntry::success(Action::InvoiceCreated, Some(inv.summary.client_id), target(&inv), serde_json::Value::Null)).await;
    Ok((StatusCode::CREATED, Json(inv.into())))
}

/// Replaces a draft (only drafts change).
#[utoipa::path(put, path = "/invoices/{id}", tag = "invoices", params(("id" = i64, Path)), request_body = DraftIn, responses((status = 200, body = InvoiceFull)))]
pub async fn update(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(d): Body<DraftIn>) -> ApiResult<Json<InvoiceFull>> {
    caller.need(AREA_INVOICES, Access::Write)?;
    full(&state, &caller, id).await?;
    caller.reach(d.client_id).map_err(|_| AppError::invalid("client_id", "unknown_client"))?;
    state.services.invoices.update_draft(id, d.into()).await?;
    let inv = full(&state, &caller, id).await?;
    record(&state, &caller, &meta, AuditEntry::success(Action::InvoiceUpdated, Some(inv.summary.client_id), target(&inv), serde_json::Value::Null)).await;
    Ok(Json(inv.into()))
}

/// Issues a draft: the client sees it from now on (and is mailed).
#[utoipa::path(post, path = "/invoices/{id}/issue", tag = "invoices", params(("id" = i64, Path)), responses((status = 200, body = InvoiceFull)))]
pub async fn issue(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>) -> ApiResult<Json<InvoiceFull>> {
    caller.need(AREA_INVOICES, Access::Write)?;
    full(&state, &caller, id).await?;
    state.services.invoices.issue(id).await?;
    let inv = full(&state, &caller, id).await?;
    record(&state, &caller, &meta, AuditEntry::success(Action::InvoiceIssued, Some(inv.summary.client_id), target(&inv), serde_json::Value::Null)).await;
    Ok(Json(inv.into()))
}

#[utoipa::path(post, path = "/invoices/{id}/void", tag = "invoices", params(("id" = i64, Path)), request_body = VoidIn, responses((status = 200, body = InvoiceFull)))]
pub async fn void(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(v): Body<VoidIn>) -> ApiResult<Json<InvoiceFull>> {
    caller.need(AREA_INVOICES, Access::Write)?;
    full(&state, &caller, id).await?;
    state.services.invoices.void(id, v.reason.clone()).await?;
    let inv = full(&state, &caller, id).await?;
    let details = serde_json::json!({ "reason": v.reason.trim() });
    record(&state, &caller, &meta, AuditEntry::success(Action::InvoiceVoided, Some(inv.summary.client_id), target(&inv), details)).await;
    Ok(Json(inv.into()))
}

/// Records a payment, or a refund, against an issued invoice.
#[utoipa::path(post, path = "/invoices/{id}/payments", tag = "invoices", params(("id" = i64, Path)), request_body = PaymentIn, responses((status = 201, body = InvoiceFull)))]
pub async fn pay(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(p): Body<PaymentIn>) -> ApiResult<(StatusCode, Json<InvoiceFull>)> {
    caller.need(AREA_INVOICES, Access::Write)?;
    full(&state, &caller, id).await?;
    let input = PaymentInput { amount: p.amount, paid_on: p.paid_on, method: p.method, reference: p.reference, refund: p.refund };
    let payment_id = state.services.invoices.record_payment(id, input.clone(), caller.who.user_id).await?;
    let inv = full(&state, &caller, id).await?;
    let action = if input.refund { Action::PaymentRefunded } else { Action::PaymentRecorded };
    let details = serde_json::json!({ "payment_id": payment_id, "amount": input.amount.trim(), "paid_on": input.paid_on.trim(), "method": input.method.trim() });
    record(&state, &caller, &meta, AuditEntry::success(action, Some(inv.summary.client_id), target(&inv), details)).await;
    Ok((StatusCode::CREATED, Json(inv.into())))
}
