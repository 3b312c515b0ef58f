//! The webhooks panel of `/staff/settings`: register an address (its signing secret shown once),
//! see each address and what it is told, disable one, and the latest deliveries.

use super::{webhooks, Delivery, DisableWebhook, RegisterWebhook, EVENTS};
use crate::components::{loaded, when, ActionErrors};
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The cookie that brings a new secret back to this page once.
pub const NEW_SECRET: &str = "portico_new_webhook_secret";

fn event_label(event: &str) -> Key {
    match event {
        "invoice.viewed" => Key::HookInvoiceViewed,
        "document.downloaded" => Key::HookDocumentDownloaded,
        "document.uploaded" => Key::HookDocumentUploaded,
        "payment.recorded" => Key::HookPaymentRecorded,
        "message.received" => Key::HookMessageReceived,
        _ => Key::HookRequestFulfilled,
    }
}

fn delivery_state(d: &Delivery) -> AnyView {
    let status = d.last_status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
    match (d.delivered_at, d.failed_at, d.next_attempt_at) {
        (Some(at), _, _) => view! { <span><span class="badge badge-paid">{t(Key::HookDelivered)}</span>" "{when(at)}{status}</span> }.into_any(),
        (_, Some(at), _) => view! { <span><span class="badge badge-overdue">{t(Key::HookGaveUp)}</span>" "{when(at)}{status}" "{d.last_error.clone()}</span> }.into_any(),
        (_, _, Some(at)) => view! { <span><span class="badge">{t(Key::HookRetrying)}</span>" "{crate::util::utc(at * 1_000_000)}{status}" "{d.last_error.clone()}</span> }.into_any(),
        _ => view! { <span class="badge">{t(Key::HookWaiting)}</span> }.into_any(),
    }
}

/// Plain forms, no script: a new secret comes back to this page once (see `services::show_once`).
#[component]
pub fn WebhooksPanel() -> impl IntoView {
    let register = ServerAction::<RegisterWebhook>::new();
    let disable = ServerAction::<DisableWebhook>::new();
    let data = Resource::new(|| (), |_| webhooks());
    let lists = loaded(data, move |(endpoints, deliveries)| {
        let endpoints = if endpoints.is_empty() {
            view! { <p class="empty">{t(Key::NoWebhooks)}</p> }.into_any()
        } else {
            let rows = endpoints
                .into_iter()
                .map(|e| {
                    let events = e.events.iter().map(|ev| t(event_label(ev))).collect::<Vec<_>>().join(" · ");
                    let url = e.url.clone();
                    let state = match e.disabled_at {
                        Some(at) => view! { <span><span class="badge">{t(Key::HookDisabled)}</span>" "{when(at)}</span> }.into_any(),
                        None => view! {
                            <ActionForm action=disable>
                                <input type="hidden" name="id" value=e.id.to_string()/>
                                <button type="submit" class="button small">{t(Key::HookDisable)}<span class="visually-hidden">" "{url}</span></button>
                            </ActionForm>
                        }
                        .into_any(),
                    };
                    view! { <tr><th scope="row"><code>{e.url}</code></th><td>{events}</td><td>{when(e.created_at)}</td><td>{state}</td></tr> }
                })
                .collect_view();
            view! {
                <div class="table-wrap"><table class="table">
                    <caption class="visually-hidden">{t(Key::WebhooksTitle)}</caption>
                    <thead><tr><th scope="col">{t(Key::HookUrl)}</th><th scope="col">{t(Key::HookEvents)}</th><th scope="col">{t(Key::TokenCreated)}</th><th scope="col">{t(Key::Actions)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
            .into_any()
        };
        let deliveries = if deliveries.is_empty() {
            view! { <p class="empty">{t(Key::NoDeliveries)}</p> }.into_any()
        } else {
            let rows = deliveries
                .into_iter()
                .map(|d| {
                    let state = delivery_state(&d);
                    view! { <tr><td>{when(d.created_at)}</td><td>{t(event_label(&d.event_type))}</td><td><code>{d.url}</code></td><td>{d.attempts}</td><td>{state}</td></tr> }
                })
                .collect_view();
            view! {
                <div class="table-wrap"><table class="table">
                    <caption>{t(Key::DeliveriesTitle)}</caption>
                    <thead><tr><th scope="col">{t(Key::HookWhen)}</th><th scope="col">{t(Key::HookEvent)}</th><th scope="col">{t(Key::HookUrl)}</th><th scope="col">{t(Key::HookAttempts)}</th><th scope="col">{t(Key::Status)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }
            .into_any()
        };
        view! { {endpoints}{deliveries} }.into_any()
    });
    // A plain form that failed comes back with its error in the address.
    let failed = register.value().get_untracked().and_then(Result::err).or_else(|| disable.value().get_untracked().and_then(Result::err));
    let error = Signal::derive(move || failed.clone());
    #[cfg(feature = "ssr")]
    let secret = crate::services::take_once(NEW_SECRET, "/staff/settings");
    #[cfg(not(feature = "ssr"))]
    let secret: Option<String> = None;
    view! {
        <section class="panel" aria-labelledby="webhooks">
            <h2 id="webhooks">{t(Key::WebhooksTitle)}</h2>
            <p class="muted">{t(Key::WebhooksIntro)}</p>
            {lists}
            <ActionErrors error=error/>
            {secret.map(|secret| view! {
                <div class="panel invite-link" role="status">
                    <p>{t(Key::HookSecretShownOnce)}</p>
                    <p><code>{secret}</code></p>
                </div>
            })}
            <details class="panel disclosure">
                <summary>{t(Key::HookRegister)}</summary>
                <ActionForm action=register attr:class="form">
                    <div class="field">
                        <label for="hook-url">{t(Key::HookUrl)}</label>
                        <input id="hook-url" name="url" type="url" required placeholder="https://books.example.com/portico" aria-describedby="hook-url-hint"/>
                        <p id="hook-url-hint" class="hint">{t(Key::HookUrlHint)}</p>
                    </div>
                    <fieldset>
                        <legend>{t(Key::HookEvents)}</legend>
                        {EVENTS.iter().map(|ev| {
                            let field = ev.replace('.', "_");
                            let id = format!("hook-{field}");
                            view! {
                                <div class="field checkbox">
                                    <input id=id.clone() name=field type="checkbox" value="on"/>
                                    <label for=id>{t(event_label(ev))}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button primary">{t(Key::HookRegister)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
