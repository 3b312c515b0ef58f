//! An invoice's status badge and the invoice table clients and staff share.

use crate::components::Amount;
use crate::i18n::{t, use_locale, Key};
use crate::invoices::model::{InvoiceStatus, InvoiceSummary};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StatusBadge(status: InvoiceStatus, overdue: bool) -> impl IntoView {
    let (class, key) = match status {
        _ if overdue => ("badge badge-overdue", Key::Overdue),
        InvoiceStatus::Draft => ("badge badge-draft", Key::StatusDraft),
        InvoiceStatus::Open => ("badge badge-open", Key::StatusOpen),
        InvoiceStatus::PartiallyPaid => ("badge badge-partial", Key::StatusPartiallyPaid),
        InvoiceStatus::Paid => ("badge badge-paid", Key::StatusPaid),
        InvoiceStatus::Void => ("badge badge-void", Key::StatusVoid),
    };
    view! { <span class=class>{t(key)}</span> }
}

/// The invoice table used by clients (`/invoices`) and staff (a client's page).
#[component]
pub fn InvoiceTable(
    invoices: Vec<InvoiceSummary>,
    #[prop(into)] link_base: String,
    /// Staff lists across clients name the client of each invoice.
    #[prop(optional)]
    show_client: bool,
) -> impl IntoView {
    if invoices.is_empty() {
        return view! { <p class="empty">{t(Key::NoInvoices)}</p> }.into_any();
    }
    let locale = use_locale();
    // Staff lists carry read receipts; client lists never do.
    let receipts = invoices.iter().any(|i| i.receipt.is_some());
    let rows = invoices
        .into_iter()
        .map(|inv| {
            let href = format!("{link_base}/{}", inv.id);
            let row_class = if inv.overdue { "row-overdue" } else { "" };
            view! {
                <tr class=row_class>
                    <th scope="row"><A href=href>{inv.number.clone()}</A></th>
                    {show_client.then(|| view! { <td data-label=t(Key::Client)>{inv.client_name.clone()}</td> })}
                    <td data-label=t(Key::IssueDate)>{locale.date(inv.issue_date)}</td>
                    <td data-label=t(Key::DueDate)>{locale.date(inv.due_date)}</td>
                    <td data-label=t(Key::Status)><StatusBadge status=inv.status overdue=inv.overdue/></td>
                    <td data-label=t(Key::Total) class="num"><Amount money=inv.total/></td>
                    <td data-label=t(Key::AmountDue) class="num"><Amount money=inv.amount_due/></td>
                    {receipts.then(|| view! {
                        <td data-label=t(Key::SeenByClient)>{inv.receipt.clone().map(|r| view! { <crate::audit::pages::ReceiptBadge receipt=r/> })}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table stack" data-testid="invoice-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Key::Number)}</th>
                        {show_client.then(|| view! { <th scope="col">{t(Key::Client)}</th> })}
                        <th scope="col">{t(Key::IssueDate)}</th>
                        <th scope="col">{t(Key::DueDate)}</th>
                        <th scope="col">{t(Key::Status)}</th>
                        <th scope="col" class="num">{t(Key::Total)}</th>
                        <th scope="col" class="num">{t(Key::AmountDue)}</th>
                        {receipts.then(|| view! { <th scope="col">{t(Key::SeenByClient)}</th> })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
