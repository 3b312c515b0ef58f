//! The staff's invoice pages: every invoice with filters, one invoice with issue, payment and
//! void, a new or edited draft (the editor is in `editor.rs`), and the aging report.

use super::editor::InvoiceEditor;
use super::filter::use_filter;
use super::pages::{FilteredInvoices, InvoiceView};
use super::staff_api::{aging_report, staff_get_invoice, IssueInvoice, RecordPayment, VoidInvoice};
use crate::components::{loaded, ActionErrors, Amount, Layout, Notice};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::invoices::statement::Aging;
use crate::invoices::model::{DraftLine, InvoiceDetail, InvoiceDraft, InvoiceStatus};
use crate::money::Money;
use crate::util::{id_param, iso};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn StaffInvoiceListPage() -> impl IntoView {
    view! {
        <Title text=t(Key::NavStaffInvoices)/>
        <Layout>
            <div class="page-head">
                <h1>{t(Key::NavStaffInvoices)}</h1>
                <A href="/staff/invoices/new" attr:class="button primary">{t(Key::NewInvoice)}</A>
            </div>
            <p class="muted">{t(Key::StaffInvoicesIntro)}</p>
            <FilteredInvoices base="/staff/invoices" staff=true/>
        </Layout>
    }
}

#[component]
pub fn StaffInvoicePage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => staff_get_invoice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let body = loaded(data, move |inv| {
                    let back = format!("/staff/clients/{}", inv.summary.client_id);
                    let actions = view! { <StaffActions invoice=inv.clone()/> };
                    let reminders = (inv.summary.status != crate::invoices::model::InvoiceStatus::Draft).then(|| view! { <crate::mail::pages::InvoiceReminders invoice_id=inv.summary.id/> });
                    view! { <InvoiceView invoice=inv back_href=back/>{actions}{reminders} }.into_any()
    });
    view! {
        <Layout>
            {body}
        </Layout>
    }
}

/// Issue, payment and void: plain forms; the server sends the browser back with a notice, or
/// with the failure, which each action's `ServerAction` starts with.
#[component]
fn StaffActions(invoice: InvoiceDetail) -> impl IntoView {
    let (issue, pay, void) = (ServerAction::<IssueInvoice>::new(), ServerAction::<RecordPayment>::new(), ServerAction::<VoidInvoice>::new());
    fn failure<T>(e: Option<Result<T, AppError>>) -> Signal<Option<AppError>> {
        Signal::stored(e.and_then(Result::err))
    }
    let s = invoice.summary.clone();
    let id = s.id;
    let today = iso(time::OffsetDateTime::now_utc().date());
    let currency = s.total.currency.to_string();
    let due = s.amount_due.decimal();
    let draft = s.status.is_editable().then(move || {
        view! {
            <section class="panel" aria-labelledby="issue-h">
                <h2 id="issue-h">{t(Key::IssueInvoice)}</h2>
                <p class="muted">{t(Key::IssueHint)}</p>
                <p class="actions">
                    <A href=format!("/staff/invoices/{id}/edit") attr:class="button secondary">{t(Key::EditDraft)}</A>
                </p>
                <ActionForm action=issue>
                    <input type="hidden" name="id" value=id.to_string()/>
                    <button type="submit" class="button primary">{t(Key::IssueInvoice)}</button>
                </ActionForm>
                <ActionErrors error=failure(issue.value().get_untracked())/>
            </section>
        }
    });
    let can_pay = s.status.takes_payments() || invoice.paid.minor > 0;
    let payment = can_pay.then(move || {
        let refundable = invoice.paid.minor > 0;
        view! {
            <section class="panel" aria-labelledby="pay-h">
                <h2 id="pay-h">{t(Key::RecordPayment)}</h2>
                <ActionForm action=pay attr:class="form grid-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <div class="field">
                        <label for="p-amount">{t(Key::Amount)}" ("{currency}")"</label>
                        <input id="p-amount" name="amount" inputmode="decimal" required value=due/>
                    </div>
                    <div class="field">
                        <label for="p-date">{t(Key::DateField)}</label>
                        <input id="p-date" name="paid_on" type="date" required value=today.clone()/>
                    </div>
                    <div class="field">
                        <label for="p-method">{t(Key::Method)}</label>
                        <input id="p-method" name="method" required value=t(Key::BankTransfer)/>
                    </div>
                    <div class="field">
                        <label for="p-ref">{t(Key::Reference)}</label>
                        <input id="p-ref" name="reference"/>
                    </div>
                    {refundable.then(|| view! {
                        <div class="field checkbox">
                            <input id="p-refund" name="refund" type="checkbox" value="on"/>
                            <label for="p-refund">{t(Key::Refund)}</label>
                        </div>
                    })}
                    <div class="filter-actions">
                        <button type="submit" class="button primary">{t(Key::RecordPayment)}</button>
                    </div>
                </ActionForm>
                <ActionErrors error=failure(pay.value().get_untracked())/>
                <Notice name="paid" text=Key::PaymentRecorded/>
            </section>
        }
    });
    let voidable = s.status != InvoiceStatus::Void && invoice.paid.minor == 0;
    let void_form = voidable.then(move || {
        view! {
            <section class="panel" aria-labelledby="void-h">
                <h2 id="void-h">{t(Key::VoidInvoice)}</h2>
                <ActionForm action=void attr:class="form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <div class="field">
                        <label for="v-reason">{t(Key::VoidReason)}</label>
                        <input id="v-reason" name="reason" required/>
                    </div>
                    <div><button type="submit" class="button danger">{t(Key::VoidInvoice)}</button></div>
                </ActionForm>
                <ActionErrors error=failure(void.value().get_untracked())/>
            </section>
        }
    });
    let pdf = format!("/invoices/{}/pdf", s.id);
    view! {
        <p class="actions"><a class="button secondary" href=pdf rel="external" download>{t(Key::DownloadPdf)}</a></p>
        <div class="staff-actions">{draft}{payment}{void_form}</div>
    }
}

#[component]
pub fn NewInvoicePage() -> impl IntoView {
    let filter = use_filter();
    let client_id = filter.get_untracked().client_id.unwrap_or(0);
    let today = time::OffsetDateTime::now_utc().date();
    let draft = InvoiceDraft {
        client_id,
        issue_date: iso(today),
        due_date: iso(today + time::Duration::days(30)),
        currency: "USD".into(),
        lines: vec![DraftLine::default()],
        ..Default::default()
    };
    view! {
        <Title text=t(Key::NewInvoice)/>
        <Layout>
            <h1>{t(Key::NewInvoice)}</h1>
            <InvoiceEditor draft=draft invoice_id=None/>
        </Layout>
    }
}

#[component]
pub fn EditInvoicePage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => staff_get_invoice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let locale = use_locale();
    let body = loaded(data, move |inv| {
                    let s = &inv.summary;
                    let draft = InvoiceDraft {
                        client_id: s.client_id,
                        number: s.number.clone(),
                        issue_date: iso(s.issue_date),
                        due_date: iso(s.due_date),
                        currency: s.total.currency.to_string(),
                        notes: inv.notes.clone(),
                        lines: inv
                            .lines
                            .iter()
                            .map(|l| DraftLine {
                                description: l.description.clone(),
                                quantity: locale.scaled(l.quantity_milli, 3),
                                unit_price: l.unit_price.decimal(),
                                tax_rate: locale.scaled(l.tax_rate_bp, 2),
                            })
                            .collect(),
                    };
                    let title = format!("{} {}", t(Key::EditDraft), s.number);
                    view! { <h1>{title}</h1><InvoiceEditor draft=draft invoice_id=Some(s.id)/> }.into_any()
    });
    view! {
        <Title text=t(Key::EditDraft)/>
        <Layout>
            {body}
        </Layout>
    }
}

#[component]
pub fn AgingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| aging_report());
    let body = loaded(data, move |rows| {
            let mut totals: std::collections::BTreeMap<crate::money::Currency, Aging> = Default::default();
            let body = rows
                .into_iter()
                .map(|r| {
                    let total = totals.entry(r.currency).or_default();
                    for (i, v) in r.aging.buckets().iter().enumerate() {
                        total.add([0, 1, 31, 61, 91][i], *v);
                    }
                    let cells = r.aging.buckets().into_iter().map(|v| view! { <td class="num"><Amount money=Money::new(v, r.currency)/></td> }).collect_view();
                    view! {
                        <tr>
                            <th scope="row"><A href=format!("/staff/clients/{}", r.client_id)>{r.client_name}</A></th>
                            <td>{r.currency.to_string()}</td>
                            {cells}
                            <td class="num"><Amount money=Money::new(r.aging.total(), r.currency)/></td>
                        </tr>
                    }
                })
                .collect_view();
            let foot = totals
                .into_iter()
                .map(|(c, a)| {
                    let cells = a.buckets().into_iter().map(|v| view! { <td class="num"><Amount money=Money::new(v, c)/></td> }).collect_view();
                    view! { <tr class="row-strong"><th scope="row">{t(Key::Total)}</th><td>{c.to_string()}</td>{cells}<td class="num"><Amount money=Money::new(a.total(), c)/></td></tr> }
                })
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table class="table" data-testid="aging-table">
                        <thead><tr>
                            <th scope="col">{t(Key::Client)}</th>
                            <th scope="col">{t(Key::CurrencyField)}</th>
                            {Aging::KEYS.iter().map(|k| view! { <th scope="col" class="num">{t(*k)}</th> }).collect_view()}
                            <th scope="col" class="num">{t(Key::Total)}</th>
                        </tr></thead>
                        <tbody>{body}</tbody>
                        <tfoot>{foot}</tfoot>
                    </table>
                </div>
            }
            .into_any()
    });
    view! {
        <Title text=t(Key::AgingTitle)/>
        <Layout>
            <h1>{t(Key::AgingTitle)}</h1>
            <p class="muted">{t(Key::AgingIntro)}</p>
            {body}
        </Layout>
    }
}
