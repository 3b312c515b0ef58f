use super::api::{get_client, list_clients, staff_get_invoice};
use crate::components::{Amounts, ErrorPanel, InvoiceTable, Layout, Loading};
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::invoices::pages::{id_param, InvoiceView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ClientListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_clients());
    let body = move || {
        Suspend::new(async move {
            let clients = match data.await {
                Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                Ok(c) if c.is_empty() => return view! { <p class="empty">{t(Key::NoClients)}</p> }.into_any(),
                Ok(c) => c,
            };
            let rows = clients
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
            }
            .into_any()
        })
    };
    view! {
        <Title text=t(Key::ClientsTitle)/>
        <Layout>
            <h1>{t(Key::ClientsTitle)}</h1>
            <p class="muted">{t(Key::ClientsIntro)}</p>
            <Suspense fallback=Loading>{body}</Suspense>
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
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(d) => {
                    let base = format!("/staff/clients/{}/invoices", d.client.id);
                    view! {
                        <Title text=d.client.name.clone()/>
                        <p class="breadcrumb"><A href="/staff/clients">"← "{t(Key::BackToClients)}</A></p>
                        <h1>{d.client.name.clone()}</h1>
                        <dl class="facts">
                            <div><dt>{t(Key::Contact)}</dt><dd>{d.client.email.clone()}</dd></div>
                            <div><dt>{t(Key::Users)}</dt><dd>{d.client.user_count}</dd></div>
                            <div><dt>{t(Key::Outstanding)}</dt><dd><Amounts amounts=d.client.outstanding.clone() empty="—"/></dd></div>
                        </dl>
                        <h2>{t(Key::ClientInvoices)}</h2>
                        <InvoiceTable invoices=d.invoices link_base=base/>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <Layout>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}

#[component]
pub fn ClientInvoicePage() -> impl IntoView {
    let client_id = id_param("client_id");
    let id = id_param("id");
    let data = Resource::new(
        move || (client_id(), id()),
        |ids| async move {
            match ids {
                (Some(client_id), Some(id)) => staff_get_invoice(client_id, id).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(inv) => {
                    let back = format!("/staff/clients/{}", inv.summary.client_id);
                    view! { <InvoiceView invoice=inv back_href=back/> }.into_any()
                }
            }
        })
    };
    view! {
        <Layout>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}
