//! The invoice editor: a draft's header fields and any number of lines.

use super::staff_api::{create_invoice, update_invoice};
use crate::clients::api::client_choices;
use crate::components::ActionErrors;
use crate::i18n::{t, use_locale, Key};
use crate::invoices::model::{DraftLine, InvoiceDraft};
use leptos::prelude::*;

/// The draft form: header fields and any number of lines; saving leads to the invoice page.
/// An island: lines are added and removed in the browser.
#[crate::full_island]
pub fn InvoiceEditor(draft: InvoiceDraft, invoice_id: Option<i64>) -> impl IntoView {
    let selected = (draft.client_id > 0).then_some(draft.client_id);
    let clients = Resource::new(|| (), move |_| client_choices(selected));
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

