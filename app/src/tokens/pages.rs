//! The API tokens panel of `/staff/settings`: make a token (shown once, to be copied), see
//! every token with its access and last use, revoke one.

use super::{api_tokens, ApiToken, CreateApiToken, RevokeApiToken, AREAS};
use crate::clients::api::client_choices;
use crate::clients::select::ClientSelect;
use crate::components::{loaded, when, ActionErrors};
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The cookie that brings a new secret back to this page once.
pub const NEW_TOKEN: &str = "portico_new_token";

fn area_label(area: &str) -> Key {
    match area {
        "clients" => Key::NavClients,
        "invoices" => Key::NavInvoices,
        "documents" => Key::NavDocuments,
        _ => Key::NavAudit,
    }
}

/// What a token may do, in words: "Invoices: read and write · Audit trail: read".
fn access_text(token: &ApiToken) -> String {
    use super::Access;
    AREAS
        .iter()
        .filter_map(|area| {
            let access = if token.allows(area, Access::Write) {
                Key::TokenWrite
            } else if token.allows(area, Access::Read) {
                Key::TokenRead
            } else {
                return None;
            };
            Some(format!("{}: {}", t(area_label(area)), t(access)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Plain forms, no script: a new token comes back to this page once (see `services::show_once`).
#[component]
pub fn ApiTokensPanel() -> impl IntoView {
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let tokens = Resource::new(|| (), |_| api_tokens());
    let clients = Resource::new(|| (), |_| client_choices(None));
    let list = loaded(tokens, move |tokens| {
        if tokens.is_empty() {
            return view! { <p class="empty">{t(Key::NoTokens)}</p> }.into_any();
        }
        let rows = tokens
            .into_iter()
            .map(|tok| {
                let access = access_text(&tok);
                let name = tok.name.clone();
                let client = tok.client_name.clone().unwrap_or_else(|| t(Key::AllClients).to_string());
                let used = tok.last_used_at.map(|at| when(at).into_any()).unwrap_or_else(|| t(Key::TokenNeverUsed).into_any());
                let state = match tok.revoked_at {
                    Some(at) => view! { <span><span class="badge">{t(Key::TokenRevoked)}</span>" "{when(at)}</span> }.into_any(),
                    None => view! {
                        <ActionForm action=revoke>
                            <input type="hidden" name="id" value=tok.id.to_string()/>
                            <button type="submit" class="button small">{t(Key::TokenRevoke)}<span class="visually-hidden">" "{name}</span></button>
                        </ActionForm>
                    }
                    .into_any(),
                };
                view! {
                    <tr>
                        <th scope="row">{tok.name.clone()}<br/><code class="muted">{tok.prefix.clone()}"…"</code></th>
                        <td>{access}</td>
                        <td>{client}</td>
                        <td>{when(tok.created_at)}</td>
                        <td>{used}</td>
                        <td>{state}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{t(Key::ApiTokensTitle)}</caption>
                    <thead><tr>
                        <th scope="col">{t(Key::TokenName)}</th>
                        <th scope="col">{t(Key::TokenAccess)}</th>
                        <th scope="col">{t(Key::Client)}</th>
                        <th scope="col">{t(Key::TokenCreated)}</th>
                        <th scope="col">{t(Key::TokenLastUsed)}</th>
                        <th scope="col">{t(Key::Actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    });
    // A plain form that failed comes back with its error in the address.
    let failed = create.value().get_untracked().and_then(Result::err).or_else(|| revoke.value().get_untracked().and_then(Result::err));
    let error = Signal::derive(move || failed.clone());
    #[cfg(feature = "ssr")]
    let secret = crate::services::take_once(NEW_TOKEN, "/staff/settings");
    #[cfg(not(feature = "ssr"))]
    let secret: Option<String> = None;
    let select = |area: &'static str, field: &'static str, write: bool| {
        let id = format!("token-{area}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(area_label(area))}</label>
                <select id=id name=field>
                    <option value="">{t(Key::TokenNone)}</option>
                    <option value="read">{t(Key::TokenRead)}</option>
                    {write.then(|| view! { <option value="write">{t(Key::TokenWrite)}</option> })}
                </select>
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="api-tokens">
            <h2 id="api-tokens">{t(Key::ApiTokensTitle)}</h2>
            <p class="muted">{t(Key::ApiTokensIntro)}" "<a href="/api/v1/docs">{t(Key::ApiReference)}</a></p>
            {list}
            <ActionErrors error=error/>
            {secret.map(|secret| view! {
                <div class="panel invite-link" role="status">
                    <p>{t(Key::TokenShownOnce)}</p>
                    <p><code>{secret}</code></p>
                </div>
            })}
            <details class="panel disclosure">
                <summary>{t(Key::TokenCreate)}</summary>
                <ActionForm action=create attr:class="form grid-form">
                    <div class="field">
                        <label for="token-name">{t(Key::TokenName)}</label>
                        <input id="token-name" name="name" type="text" required maxlength="100" autocomplete="off"/>
                    </div>
                    {select("clients", "clients", true)}
                    {select("invoices", "invoices", true)}
                    {select("documents", "documents", true)}
                    {select("audit", "audit_log", false)}
                    <ClientSelect id="token-client" name="client_id" clients=clients selected=None/>
                    <button type="submit" class="button primary">{t(Key::TokenCreate)}</button>
                </ActionForm>
            </details>
        </section>
    }
}
