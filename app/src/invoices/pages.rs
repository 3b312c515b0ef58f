use super::api::{get_dashboard, get_invoice, list_invoices};
use crate::components::{Amount, Amounts, ErrorPanel, InvoiceTable, Layout, Loading, StatusBadge};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::model::InvoiceDetail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The id in the URL; anything that is not a positive number is simply not found.
pub fn id_param(name: &'static str) -> impl Fn() -> Option<i64> + Copy + Send + Sync {
    let params = use_params_map();
    move || params.read().get(name).and_then(|s| s.parse::<i64>().ok()).filter(|id| *id > 0)
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    let locale = use_locale();
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(d) => view! {
                    <h1>{locale.format(Key::Welcome, &[("name", &d.client_name)])}</h1>
                    <div class="cards">
                        <section class="card" aria-labelledby="due-h">
                            <h2 id="due-h">{t(Key::AmountDue)}</h2>
                            <p class="figure" data-testid="amount-due">
                                <Amounts amounts=d.due.clone() empty=t(Key::NothingDue)/>
                            </p>
                        </section>
                        <section class="card" aria-labelledby="overdue-h">
                            <h2 id="overdue-h">{t(Key::OverdueInvoices)}</h2>
                            <p class="figure" class:figure-alert={d.overdue_count > 0} data-testid="overdue-count">
                                {d.overdue_count}
                            </p>
                            <p class="muted">{t(Key::OpenInvoices)}": "{d.open_count}</p>
                        </section>
                        <section class="card" aria-labelledby="next-h">
                            <h2 id="next-h">{t(Key::NextDue)}</h2>
                            {match d.next_due {
                                Some(inv) => view! {
                                    <p class="figure"><Amount money=inv.amount_due/></p>
                                    <p class="muted">
                                        <A href=format!("/invoices/{}", inv.id)>{inv.number.clone()}</A>
                                        " · "{t(Key::DueDate)}" "{locale.date(inv.due_date)}
                                    </p>
                                }.into_any(),
                                None => view! { <p class="muted">{t(Key::NextDueNone)}</p> }.into_any(),
                            }}
                        </section>
                    </div>
                    <p><A href="/invoices" attr:class="button primary">{t(Key::ViewInvoices)}</A></p>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text=t(Key::NavDashboard)/>
        <Layout>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}

#[component]
pub fn InvoiceListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_invoices());
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(list) => view! { <InvoiceTable invoices=list link_base="/invoices"/> }.into_any(),
            }
        })
    };
    view! {
        <Title text=t(Key::InvoicesTitle)/>
        <Layout>
            <h1>{t(Key::InvoicesTitle)}</h1>
            <p class="muted">{t(Key::InvoicesIntro)}</p>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_invoice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(inv) => view! { <InvoiceView invoice=inv back_href="/invoices"/> }.into_any(),
            }
        })
    };
    view! {
        <Layout>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}

/// The body of an invoice: lines, totals, payments and balance. Shared with the staff pages.
#[component]
pub fn InvoiceView(invoice: InvoiceDetail, #[prop(into)] back_href: String) -> impl IntoView {
    let locale = use_locale();
    let s = invoice.summary;
    let title = locale.format(Key::InvoiceTitle, &[("number", &s.number)]);
    let lines = invoice
        .lines
        .into_iter()
        .map(|l| {
            let qty = locale.scaled(l.quantity_milli, 3);
            let tax = format!("{}%", locale.scaled(l.tax_rate_bp, 2));
            view! {
                <tr>
                    <td>{l.description}</td>
                    <td class="num">{qty}</td>
                    <td class="num"><Amount money=l.unit_price/></td>
                    <td class="num">{tax}</td>
                    <td class="num"><Amount money=l.amount/></td>
                </tr>
            }
        })
        .collect_view();
    let payments = if invoice.payments.is_empty() {
        view! { <p class="muted">{t(Key::NoPayments)}</p> }.into_any()
    } else {
        let rows = invoice
            .payments
            .into_iter()
            .map(|p| {
                view! {
                    <tr>
                        <td>{locale.date(p.paid_on)}</td>
                        <td>{p.method}</td>
                        <td>{p.reference}</td>
                        <td class="num"><Amount money=p.amount/></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" data-testid="payments">
                    <thead><tr>
                        <th scope="col">{t(Key::PaymentDate)}</th>
                        <th scope="col">{t(Key::Method)}</th>
                        <th scope="col">{t(Key::Reference)}</th>
                        <th scope="col" class="num">{t(Key::Amount)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><A href=back_href>"← "{t(Key::BackToInvoices)}</A></p>
        <div class="invoice-head">
            <h1>{title}</h1>
            <StatusBadge status=s.status overdue=s.overdue/>
        </div>
        <dl class="facts">
            <div><dt>{t(Key::BilledTo)}</dt><dd>{s.client_name.clone()}</dd></div>
            <div><dt>{t(Key::IssueDate)}</dt><dd>{locale.date(s.issue_date)}</dd></div>
            <div><dt>{t(Key::DueDate)}</dt><dd>{locale.date(s.due_date)}</dd></div>
            <div><dt>{t(Key::Balance)}</dt><dd data-testid="balance"><Amount money=s.amount_due/></dd></div>
        </dl>
        <div class="table-wrap">
            <table class="table" data-testid="lines">
                <thead><tr>
                    <th scope="col">{t(Key::Description)}</th>
                    <th scope="col" class="num">{t(Key::Quantity)}</th>
                    <th scope="col" class="num">{t(Key::UnitPrice)}</th>
                    <th scope="col" class="num">{t(Key::TaxRate)}</th>
                    <th scope="col" class="num">{t(Key::Amount)}</th>
                </tr></thead>
                <tbody>{lines}</tbody>
            </table>
        </div>
        <dl class="totals">
            <div><dt>{t(Key::Subtotal)}</dt><dd><Amount money=invoice.subtotal/></dd></div>
            <div><dt>{t(Key::TaxTotal)}</dt><dd><Amount money=invoice.tax/></dd></div>
            <div><dt>{t(Key::Total)}</dt><dd><Amount money=s.total/></dd></div>
            <div><dt>{t(Key::Paid)}</dt><dd><Amount money=invoice.paid/></dd></div>
            <div class="total-due"><dt>{t(Key::Balance)}</dt><dd><Amount money=s.amount_due/></dd></div>
        </dl>
        <h2>{t(Key::Payments)}</h2>
        {payments}
        {(!invoice.notes.is_empty()).then(|| view! { <h2>{t(Key::Notes)}</h2><p class="notes">{invoice.notes.clone()}</p> })}
    }
}
