use super::api::{
    aging_report, create_invoice, get_client, list_clients, staff_get_invoice, update_invoice,
    IssueInvoice, RecordPayment, VoidInvoice,
};
use crate::components::{ActionErrors, Amount, Amounts, ErrorPanel, InvoiceTable, Layout, Loading, Notice};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::invoices::filter::iso;
use crate::invoices::pages::{id_param, use_filter, FilteredInvoices, InvoiceView};
use crate::invoices::statement::Aging;
use crate::model::{DraftLine, InvoiceDetail, InvoiceDraft, InvoiceStatus};
use crate::money::Money;
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
            <crate::people::pages::NewClientForm/>
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
                    let id = d.client.id;
                    view! {
                        <Title text=d.client.name.clone()/>
                        <p class="breadcrumb"><A href="/staff/clients">"← "{t(Key::BackToClients)}</A></p>
                        <h1>{d.client.name.clone()}</h1>
                        <dl class="facts">
                            <div><dt>{t(Key::Contact)}</dt><dd>{d.client.email.clone()}</dd></div>
                            <div><dt>{t(Key::Outstanding)}</dt><dd><Amounts amounts=d.client.outstanding.clone() empty="—"/></dd></div>
                        </dl>
                        <p class="actions">
                            <A href=format!("/staff/invoices/new?client={id}") attr:class="button primary">{t(Key::NewInvoice)}</A>
                            <A href=format!("/staff/invoices?client={id}") attr:class="button secondary">{t(Key::NavStaffInvoices)}</A>
                            <a class="button secondary" href=format!("/statement/pdf?client={id}") rel="external" download>{t(Key::StatementTitle)}" (PDF)"</a>
                        </p>
                        <crate::people::pages::EditClientForm client=d.client.clone()/>
                        <crate::mail::pages::UndeliveredMails client_id=id/>
                        <h2>{t(Key::ClientInvoices)}</h2>
                        <InvoiceTable invoices=d.invoices link_base="/staff/invoices"/>
                        <crate::people::pages::ClientPeople client_id=Some(id) staff=true me=None/>
                        <crate::documents::pages::ClientDocuments client_id=id/>
                        <crate::activity::pages::ClientTimeline client_id=id/>
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
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(inv) => {
                    let back = format!("/staff/clients/{}", inv.summary.client_id);
                    let actions = view! { <StaffActions invoice=inv.clone()/> };
                    let reminders = (inv.summary.status != crate::model::InvoiceStatus::Draft).then(|| view! { <crate::mail::pages::InvoiceReminders invoice_id=inv.summary.id/> });
                    view! { <InvoiceView invoice=inv back_href=back/>{actions}{reminders} }.into_any()
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
                        <input id="p-method" name="method" required value="Bank transfer"/>
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
    let body = move || {
        Suspend::new(async move {
            match data.await {
                Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                Ok(inv) => {
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
                }
            }
        })
    };
    view! {
        <Title text=t(Key::EditDraft)/>
        <Layout>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}

/// The draft form: header fields and any number of lines; saving leads to the invoice page.
/// An island: lines are added and removed in the browser.
#[crate::full_island]
fn InvoiceEditor(draft: InvoiceDraft, invoice_id: Option<i64>) -> impl IntoView {
    let clients = Resource::new(|| (), |_| list_clients());
    let client_id = RwSignal::new(draft.client_id);
    let number = RwSignal::new(draft.number);
    let issue_date = RwSignal::new(draft.issue_date);
    let due_date = RwSignal::new(draft.due_date);
    let currency = RwSignal::new(draft.currency);
    let notes = RwSignal::new(draft.notes);
    let next_row = StoredValue::new(draft.lines.len() as u32);
    let rows = RwSignal::new(draft.lines.into_iter().enumerate().map(|(i, l)| (i as u32, RwSignal::new(l))).collect::<Vec<_>>());
    let save = Action::new(move |d: &InvoiceDraft| {
        let d = d.clone();
        async move {
            match invoice_id {
                Some(id) => update_invoice(id, d).await.map(|_| id),
                None => create_invoice(d).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            crate::components::go_to(&format!("/staff/invoices/{id}"));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(InvoiceDraft {
            client_id: client_id.get_untracked(),
            number: number.get_untracked(),
            issue_date: issue_date.get_untracked(),
            due_date: due_date.get_untracked(),
            currency: currency.get_untracked(),
            notes: notes.get_untracked(),
            lines: rows.get_untracked().iter().map(|(_, l)| l.get_untracked()).collect(),
        });
    };
    let add_line = move |_| {
        let id = next_row.get_value();
        next_row.set_value(id + 1);
        rows.update(|r| r.push((id, RwSignal::new(DraftLine::default()))));
    };
    let client_options = move || {
        Suspend::new(async move {
            let list = clients.await.unwrap_or_default();
            list.into_iter()
                .map(|c| view! { <option value=c.id.to_string() selected=c.id == client_id.get_untracked()>{c.name}</option> })
                .collect_view()
        })
    };
    let currencies = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "PHP", "ILS", "SEK", "NOK", "DKK", "PLN", "JPY", "KWD"];
    view! {
        <form class="form editor" on:submit=submit novalidate>
            <div class="grid-form">
                <div class="field">
                    <label for="e-client">{t(Key::Client)}</label>
                    <select id="e-client" on:change=move |ev| client_id.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">"—"</option>
                        <Suspense fallback=|| ()>{client_options}</Suspense>
                    </select>
                </div>
                <div class="field">
                    <label for="e-number">{t(Key::Number)}</label>
                    <input id="e-number" required prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="e-issue">{t(Key::IssueDate)}</label>
                    <input id="e-issue" type="date" required prop:value=move || issue_date.get() on:input=move |ev| issue_date.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="e-due">{t(Key::DueDate)}</label>
                    <input id="e-due" type="date" required prop:value=move || due_date.get() on:input=move |ev| due_date.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="e-currency">{t(Key::CurrencyField)}</label>
                    <select id="e-currency" on:change=move |ev| currency.set(event_target_value(&ev))>
                        {currencies.into_iter().map(|c| view! { <option value=c selected=move || currency.get() == c>{c}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <fieldset class="lines">
                <legend>{t(Key::InvoiceLines)}</legend>
                <For each=move || rows.get() key=|(id, _)| *id let:row>
                    <LineEditor row=row rows=rows/>
                </For>
                <button type="button" class="button secondary" on:click=add_line>{t(Key::AddLine)}</button>
            </fieldset>
            <div class="field">
                <label for="e-notes">{t(Key::Notes)}</label>
                <textarea id="e-notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            <ActionErrors error=Signal::derive(move || save.value().get().and_then(Result::err))/>
            <div><button type="submit" class="button primary" disabled=move || save.pending().get()>{t(Key::SaveDraft)}</button></div>
        </form>
    }
}

#[component]
fn LineEditor(row: (u32, RwSignal<DraftLine>), rows: RwSignal<Vec<(u32, RwSignal<DraftLine>)>>) -> impl IntoView {
    let (id, line) = row;
    let locale = use_locale();
    let n = move || rows.with(|r| r.iter().position(|(i, _)| *i == id).map_or(0, |p| p + 1)).to_string();
    let field = move |name: &'static str| format!("l{id}-{name}");
    view! {
        <div class="line-row" role="group" aria-label=move || locale.format(Key::LineN, &[("n", &n())])>
            <div class="field grow">
                <label for=field("d")>{t(Key::Description)}</label>
                <input id=field("d") prop:value=move || line.get().description on:input=move |ev| line.update(|l| l.description = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=field("q")>{t(Key::Quantity)}</label>
                <input id=field("q") inputmode="decimal" size="6" prop:value=move || line.get().quantity on:input=move |ev| line.update(|l| l.quantity = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=field("p")>{t(Key::UnitPrice)}</label>
                <input id=field("p") inputmode="decimal" size="10" prop:value=move || line.get().unit_price on:input=move |ev| line.update(|l| l.unit_price = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=field("t")>{t(Key::TaxPercent)}</label>
                <input id=field("t") inputmode="decimal" size="5" prop:value=move || line.get().tax_rate on:input=move |ev| line.update(|l| l.tax_rate = event_target_value(&ev))/>
            </div>
            <button type="button" class="button subtle-dark" aria-label=move || locale.format(Key::RemoveLine, &[("n", &n())])
                on:click=move |_| rows.update(|r| r.retain(|(i, _)| *i != id))>"×"</button>
        </div>
    }
}

#[component]
pub fn AgingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| aging_report());
    let body = move || {
        Suspend::new(async move {
            let rows = match data.await {
                Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                Ok(rows) => rows,
            };
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
        })
    };
    view! {
        <Title text=t(Key::AgingTitle)/>
        <Layout>
            <h1>{t(Key::AgingTitle)}</h1>
            <p class="muted">{t(Key::AgingIntro)}</p>
            <Suspense fallback=Loading>{body}</Suspense>
        </Layout>
    }
}
