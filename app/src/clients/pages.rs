//! The staff's client pages: the list of clients (with a new client form) and one client's page
//! with its details, invoices, people, documents and timeline.

use super::api::{get_client, list_clients, CreateClient, UpdateClient};
use crate::components::{loaded, ActionErrors, Amounts, Layout, Notice};
use crate::invoices::table::InvoiceTable;
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::clients::model::{ClientFilter, ClientInput, CompanyField};
use crate::util::id_param;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ClientListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| ClientFilter::from_query(|k| query.read().get(k).map(|v| v.to_string())));
    let data = Resource::new(move || filter.get(), |f| list_clients(f.q, f.after));
    let body = loaded(data, move |page| {
        let f = filter.get_untracked();
        if page.items.is_empty() {
            let empty = if f.q.is_empty() && f.after.is_none() { Key::NoClients } else { Key::NoMatches };
            return view! { <p class="empty">{t(empty)}</p> }.into_any();
        }
        let rows = page
            .items
            .into_iter()
            .map(|c| {
                view! {
                    <tr class:row-overdue={c.overdue_count > 0}>
                        <th scope="row"><A href=format!("/staff/clients/{}", c.id)>{c.name}</A></th>
                        <td>{c.email}</td>
                        <td class="num">{c.user_count}</td>
                        <td class="num">{c.overdue_count}</td>
                        <td class="num"><Amounts amounts=c.outstanding empty="—"/></td>
                    </tr>
                }
            })
            .collect_view();
        let next = page.next.map(|n| format!("/staff/clients{}", f.to_query(Some(n))));
        let first = f.after.is_some().then(|| format!("/staff/clients{}", f.to_query(None)));
        view! {
            <div class="table-wrap">
                <table class="table" data-testid="client-table">
                    <thead><tr>
                        <th scope="col">{t(Key::Client)}</th>
                        <th scope="col">{t(Key::Contact)}</th>
                        <th scope="col" class="num">{t(Key::Users)}</th>
                        <th scope="col" class="num">{t(Key::OverdueInvoices)}</th>
                        <th scope="col" class="num">{t(Key::Outstanding)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <crate::components::Pager first next/>
        }
        .into_any()
    });
    let search = move || {
        let q = filter.get().q;
        view! {
            <Form method="GET" action="/staff/clients" attr:class="filters" attr:role="search">
                <div class="field">
                    <label for="c-q">{t(Key::SearchClients)}</label>
                    <input id="c-q" name="q" type="search" autocomplete="off" value=q/>
                </div>
                <crate::components::FilterActions href="/staff/clients"/>
            </Form>
        }
    };
    view! {
        <Title text=t(Key::ClientsTitle)/>
        <Layout>
            <h1>{t(Key::ClientsTitle)}</h1>
            <p class="muted">{t(Key::ClientsIntro)}</p>
            <p class="actions">
                <A href="/staff/changes" attr:class="button secondary">{t(Key::StaffChangesTitle)}</A>
                <A href="/staff/import" attr:class="button secondary">{t(Key::ImportTitle)}</A>
            </p>
            <NewClientForm/>
            {search}
            {body}
        </Layout>
    }
}

#[component]
pub fn ClientPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_client(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let body = loaded(data, move |d| {
                    let id = d.client.id;
                    view! {
                        <Title text=d.client.name.clone()/>
                        <p class="breadcrumb"><A href="/staff/clients">"← "{t(Key::BackToClients)}</A></p>
                        <h1>{d.client.name.clone()}</h1>
                        <DetailFacts details=d.details.clone()/>
                        <dl class="facts">
                            <div><dt>{t(Key::Outstanding)}</dt><dd><Amounts amounts=d.client.outstanding.clone() empty="—"/></dd></div>
                        </dl>
                        <p class="actions">
                            <A href=format!("/staff/invoices/new?client={id}") attr:class="button primary">{t(Key::NewInvoice)}</A>
                            <A href=format!("/staff/invoices?client={id}") attr:class="button secondary">{t(Key::NavStaffInvoices)}</A>
                            <a class="button secondary" href=format!("/statement/pdf?client={id}") rel="external" download>{t(Key::StatementTitle)}" (PDF)"</a>
                        </p>
                        <EditClientForm id=id details=d.details.clone()/>
                        <crate::changes::pages::ChangeRequests client_id=Some(id) staff=true base=format!("/staff/clients/{id}")/>
                        <crate::mail::pages::UndeliveredMails client_id=id/>
                        <h2>{t(Key::ClientInvoices)}</h2>
                        <InvoiceTable invoices=d.invoices link_base="/staff/invoices"/>
                        <super::people::ClientPeople client_id=Some(id) staff=true me=None after=super::people::people_after() base=format!("/staff/clients/{id}")/>
                        <crate::documents::pages::ClientDocuments client_id=id/>
                        <crate::audit::pages::ClientTimeline client_id=id/>
                    }
                    .into_any()
    });
    view! {
        <Layout>
            {body}
        </Layout>
    }
}


/// "New client" on the client list: name and contact email; opens the new client's page.
#[component]
pub fn NewClientForm() -> impl IntoView {
    // A plain form: the server opens the new client's page, or sends the failure back here.
    let create = ServerAction::<CreateClient>::new();
    let failed = create.value().get_untracked().and_then(Result::err);
    let open = failed.is_some();
    view! {
        <details class="panel disclosure" open=open>
            <summary>{t(Key::NewClient)}</summary>
            <ActionForm action=create attr:class="form grid-form">
                <div class="field">
                    <label for="nc-name">{t(Key::NameField)}</label>
                    <input id="nc-name" name="name" required maxlength="200" autocomplete="organization"/>
                </div>
                <div class="field">
                    <label for="nc-email">{t(Key::ContactEmail)}</label>
                    <input id="nc-email" name="email" type="email" maxlength="254" autocomplete="off"/>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button primary">{t(Key::CreateClient)}</button>
                </div>
            </ActionForm>
            <ActionErrors error=Signal::stored(failed)/>
        </details>
    }
}

/// "Edit details" on a client's page.
#[component]
pub fn EditClientForm(id: i64, details: ClientInput) -> impl IntoView {
    let update = ServerAction::<UpdateClient>::new();
    let failed = update.value().get_untracked().and_then(Result::err);
    let saved = crate::components::done("client");
    let open = saved || failed.is_some();
    view! {
        <details class="panel disclosure" open=open>
            <summary>{t(Key::EditClient)}</summary>
            <ActionForm action=update attr:class="form grid-form">
                <input type="hidden" name="id" value=id.to_string()/>
                <DetailFields prefix="ec" details/>
                <div class="filter-actions">
                    <button type="submit" class="button primary">{t(Key::SaveClient)}</button>
                </div>
            </ActionForm>
            <Notice name="client" text=Key::Saved/>
            <ActionErrors error=Signal::stored(failed)/>
        </details>
    }
}

/// A company's details as form fields (ids `{prefix}-{name}`), filled with `details`.
#[component]
pub fn DetailFields(prefix: &'static str, details: ClientInput) -> impl IntoView {
    CompanyField::ALL
        .into_iter()
        .map(|f| {
            let (name, value) = (f.form_name(), details.get(f).to_string());
            let id = format!("{prefix}-{name}");
            let input = match f {
                CompanyField::Name => view! { <input id=id.clone() name=name required maxlength="200" autocomplete="organization" value=value/> }.into_any(),
                CompanyField::Email => view! { <input id=id.clone() name=name type="email" maxlength="254" autocomplete="email" value=value/> }.into_any(),
                CompanyField::Address => view! { <textarea id=id.clone() name=name rows="4" maxlength="1600" autocomplete="street-address">{value}</textarea> }.into_any(),
                CompanyField::TaxId => view! { <input id=id.clone() name=name maxlength="40" autocomplete="off" value=value/> }.into_any(),
                CompanyField::Phone => view! { <input id=id.clone() name=name type="tel" maxlength="40" autocomplete="tel" value=value/> }.into_any(),
            };
            view! { <div class="field"><label for=id>{t(f.label())}</label>{input}</div> }
        })
        .collect_view()
}

/// A detail as shown: a dash when it is empty.
pub fn shown(value: &str) -> String {
    if value.is_empty() { "—".into() } else { value.into() }
}

/// A client's details as a list of facts.
#[component]
pub fn DetailFacts(details: ClientInput) -> impl IntoView {
    let facts = CompanyField::ALL.into_iter().map(|f| view! { <div><dt>{t(f.label())}</dt><dd class="keep-lines">{shown(details.get(f))}</dd></div> });
    view! { <dl class="facts">{facts.collect_view()}</dl> }
}
