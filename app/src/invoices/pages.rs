use super::api::{get_dashboard, get_invoice, get_statement};
pub use super::list::FilteredInvoices;
use crate::util::id_param;
use crate::components::{loaded, Amount, Amounts, Layout};
use crate::invoices::table::StatusBadge;
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::invoices::statement::{Account, Aging};
use crate::invoices::model::InvoiceDetail;
use crate::money::Money;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_dashboard());
    let locale = use_locale();
    let body = loaded(data, move |d| view! {
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
                            <p class="muted">{t(Key::OverdueAmount)}": "<Amounts amounts=d.overdue.clone() empty="—"/></p>
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
                        <section class="card" aria-labelledby="last-h">
                            <h2 id="last-h">{t(Key::LastPayment)}</h2>
                            {match d.last_payment {
                                Some(p) => view! {
                                    <p class="figure"><Amount money=p.amount/></p>
                                    <p class="muted">
                                        {locale.date(p.paid_on)}" · "
                                        <A href=format!("/invoices/{}", p.invoice_id)>{p.invoice_number.clone()}</A>
                                    </p>
                                }.into_any(),
                                None => view! { <p class="muted">{t(Key::NoPaymentYet)}</p> }.into_any(),
                            }}
                        </section>
                    </div>
                    <p class="actions">
                        <A href="/invoices" attr:class="button primary">{t(Key::ViewInvoices)}</A>
                        <A href="/statement" attr:class="button secondary">{t(Key::NavStatement)}</A>
                    </p>
                }
                .into_any());
    view! {
        <Title text=t(Key::NavDashboard)/>
        <Layout>
            {body}
        </Layout>
    }
}

#[component]
pub fn InvoiceListPage() -> impl IntoView {
    view! {
        <Title text=t(Key::InvoicesTitle)/>
        <Layout>
            <h1>{t(Key::InvoicesTitle)}</h1>
            <p class="muted">{t(Key::InvoicesIntro)}</p>
            <FilteredInvoices base="/invoices" staff=false/>
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
    let body = loaded(data, move |inv| {
                    let pdf = format!("/invoices/{}/pdf", inv.summary.id);
                    let ask = format!("/messages/new?invoice={}", inv.summary.id);
                    view! {
                        <InvoiceView invoice=inv back_href="/invoices"/>
                        <p class="actions">
                            <a class="button secondary" href=pdf rel="external" download>{t(Key::DownloadPdf)}</a>
                            " "<A href=ask attr:class="button secondary">{t(Key::AskAboutInvoice)}</A>
                        </p>
                    }
                    .into_any()
    });
    view! {
        <Layout>
            {body}
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
                    <td class="user-text">{l.description}</td>
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
        <p class="breadcrumb"><A href=back_href><span class="arrow" aria-hidden="true">"←"</span>" "{t(Key::BackToInvoices)}</A></p>
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
        {(!invoice.void_reason.is_empty()).then(|| view! {
            <p class="notice">{locale.format(Key::VoidedBecause, &[("reason", &invoice.void_reason)])}</p>
        })}
        <h2>{t(Key::Payments)}</h2>
        {payments}
        {(!invoice.notes.is_empty()).then(|| view! { <h2>{t(Key::Notes)}</h2><p class="notes user-text">{invoice.notes.clone()}</p> })}
    }
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let query = use_query_map();
    let period = move || {
        let q = query.read();
        (q.get("from").map(|v| v.to_string()).unwrap_or_default(), q.get("to").map(|v| v.to_string()).unwrap_or_default())
    };
    let data = Resource::new(period, |(from, to)| get_statement(from, to));
    let locale = use_locale();
    let body = loaded(data, move |st| {
            let (from, to) = (crate::util::iso(st.from), crate::util::iso(st.to));
            let downloads = format!("?from={from}&to={to}");
            let accounts = st
                .accounts
                .into_iter()
                .map(|acc| view! { <StatementAccount account=acc from=st.from to=st.to/> })
                .collect_view();
            view! {
                <form method="GET" action="/statement" class="filters">
                    <div class="field">
                        <label for="s-from">{t(Key::From)}</label>
                        <input id="s-from" name="from" type="date" value=from.clone()/>
                    </div>
                    <div class="field">
                        <label for="s-to">{t(Key::To)}</label>
                        <input id="s-to" name="to" type="date" value=to.clone()/>
                    </div>
                    <div class="filter-actions">
                        <button type="submit" class="button primary">{t(Key::Show)}</button>
                    </div>
                </form>
                <p class="muted">{locale.format(Key::StatementPeriod, &[("from", &locale.date(st.from)), ("to", &locale.date(st.to))])}</p>
                <p class="actions">
                    <a class="button secondary" href=format!("/statement/pdf{downloads}") rel="external" download>{t(Key::DownloadPdf)}</a>
                    <a class="button secondary" href=format!("/statement/csv{downloads}") rel="external" download>{t(Key::DownloadCsv)}</a>
                </p>
                {accounts}
            }
            .into_any()
    });
    view! {
        <Title text=t(Key::StatementTitle)/>
        <Layout>
            <h1>{t(Key::StatementTitle)}</h1>
            <p class="muted">{t(Key::StatementIntro)}</p>
            {body}
        </Layout>
    }
}

/// One currency of a statement: the running account and its aging.
#[component]
pub fn StatementAccount(account: Account, from: time::Date, to: time::Date) -> impl IntoView {
    let locale = use_locale();
    let c = account.currency;
    let m = move |minor: i64| view! { <Amount money=Money::new(minor, c)/> };
    let rows = account
        .lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td>{locale.date(l.date)}</td>
                    <td>{t(l.kind.key())}</td>
                    <td>{l.reference}</td>
                    <td class="num">{(l.debit != 0).then(|| m(l.debit))}</td>
                    <td class="num">{(l.credit != 0).then(|| m(l.credit))}</td>
                    <td class="num">{m(l.balance)}</td>
                </tr>
            }
        })
        .collect_view();
    let aging = account.aging.buckets();
    let aging_cells = Aging::KEYS
        .iter()
        .zip(aging)
        .map(|(k, v)| view! { <div><dt>{t(*k)}</dt><dd>{m(v)}</dd></div> })
        .collect_view();
    let caption = format!("{} {}", t(Key::Account), c);
    view! {
        <section class="statement-account" data-testid=format!("account-{c}")>
            <h2>{caption}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t(Key::PaymentDate)}</th>
                        <th scope="col">{t(Key::EntryType)}</th>
                        <th scope="col">{t(Key::Reference)}</th>
                        <th scope="col" class="num">{t(Key::Debit)}</th>
                        <th scope="col" class="num">{t(Key::Credit)}</th>
                        <th scope="col" class="num">{t(Key::RunningBalance)}</th>
                    </tr></thead>
                    <tbody>
                        <tr class="row-strong"><td>{locale.date(from)}</td><td colspan="4">{t(Key::OpeningBalance)}</td><td class="num">{m(account.opening)}</td></tr>
                        {rows}
                        <tr class="row-strong"><td>{locale.date(to)}</td><td colspan="4">{t(Key::ClosingBalance)}</td><td class="num" data-testid="closing">{m(account.closing)}</td></tr>
                    </tbody>
                </table>
            </div>
            <h3>{t(Key::Aging)}</h3>
            <dl class="facts aging">{aging_cells}</dl>
        </section>
    }
}
