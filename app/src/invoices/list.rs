//! The invoice list with its filter form, for clients (`/invoices`) and staff.

use super::api::list_invoices;
use super::filter::{use_filter, InvoiceFilter, SortKey, StatusFilter};
use crate::components::loaded;
use crate::invoices::table::InvoiceTable;
use crate::i18n::{t, Key};
use crate::invoices::model::InvoicePage;
use leptos::prelude::*;
use leptos_router::components::Form;

/// The filter form and one page of matching invoices; the filter lives in the URL.
#[component]
pub fn FilteredInvoices(base: &'static str, staff: bool) -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(
        move || filter.get(),
        move |f| async move {
            if staff {
                super::staff_api::staff_list_invoices(f).await
            } else {
                list_invoices(f).await
            }
        },
    );
    let body = loaded(data, move |page| view! { <InvoiceResults page=page filter=filter.get_untracked() base=base/> }.into_any());
    view! {
        // Drawn again when the URL changes, so "Clear" also clears the fields.
        {move || view! { <InvoiceFilters filter=filter.get() action=base staff=staff/> }}
        {body}
    }
}

/// Status, number search and sort: a GET form, so it also works before the page is interactive.
#[component]
pub fn InvoiceFilters(filter: InvoiceFilter, action: &'static str, staff: bool) -> impl IntoView {
    let f = filter;
    let status_key = |s: StatusFilter| match s {
        StatusFilter::Draft => Key::StatusDraft,
        StatusFilter::Open => Key::StatusOpen,
        StatusFilter::PartiallyPaid => Key::StatusPartiallyPaid,
        StatusFilter::Paid => Key::StatusPaid,
        StatusFilter::Void => Key::StatusVoid,
        StatusFilter::Overdue => Key::Overdue,
        StatusFilter::Unpaid => Key::StatusUnpaid,
    };
    let statuses = StatusFilter::ALL
        .into_iter()
        .filter(|s| staff || *s != StatusFilter::Draft)
        .map(|s| view! { <option value=s.as_str() selected=f.status == Some(s)>{t(status_key(s))}</option> })
        .collect_view();
    let sorts = [(SortKey::Issued, Key::SortIssued), (SortKey::Due, Key::SortDue), (SortKey::Amount, Key::SortAmount)]
        .into_iter()
        .map(|(k, key)| view! { <option value=k.as_str() selected=f.sort == k>{t(key)}</option> })
        .collect_view();
    let staff_fields = staff.then(|| {
        let selected = f.client_id;
        let clients = Resource::new(|| (), move |_| crate::clients::api::client_choices(selected));
        view! {
            <crate::clients::select::ClientSelect id="f-client" name="client" clients=clients selected=f.client_id/>
            <crate::components::DateRange prefix="f" from=f.from to=f.to/>
        }
    });
    view! {
        <Form method="GET" action=action attr:class="filters" attr:role="search">
            <div class="field">
                <label for="f-status">{t(Key::FilterStatus)}</label>
                <select id="f-status" name="status">
                    <option value="" selected=f.status.is_none()>{t(Key::AllStatuses)}</option>
                    {statuses}
                </select>
            </div>
            <div class="field">
                <label for="f-q">{t(Key::SearchNumber)}</label>
                <input id="f-q" name="q" type="search" value=f.q.clone() autocomplete="off"/>
            </div>
            <div class="field">
                <label for="f-sort">{t(Key::SortBy)}</label>
                <select id="f-sort" name="sort">{sorts}</select>
            </div>
            {staff_fields}
            <crate::components::FilterActions href=action/>
        </Form>
    }
}

/// A page of results with links to the next page and back to the first.
#[component]
pub fn InvoiceResults(page: InvoicePage, filter: InvoiceFilter, base: &'static str) -> impl IntoView {
    let link_base = if base.starts_with("/staff") { "/staff/invoices" } else { "/invoices" };
    let is_filtered = filter != InvoiceFilter { client_id: filter.client_id, ..Default::default() };
    if page.items.is_empty() && is_filtered {
        return view! { <p class="empty">{t(Key::NoMatches)}</p> }.into_any();
    }
    let next = page.next.as_deref().map(|c| format!("{base}{}", filter.to_query(Some(c))));
    let first = filter.after.is_some().then(|| format!("{base}{}", filter.to_query(None)));
    view! {
        <InvoiceTable invoices=page.items link_base=link_base show_client=base.starts_with("/staff")/>
        <crate::components::Pager first next/>
    }
    .into_any()
}
