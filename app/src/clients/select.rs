//! The staff filters' client select (the invoice list and the audit search use it).

use super::model::ClientChoice;
use crate::error::AppError;
use crate::i18n::{t, Key};
use leptos::prelude::*;

/// The staff filters' "Client" select: the clients of `client_choices`, after "All clients".
#[component]
pub fn ClientSelect(
    id: &'static str,
    name: &'static str,
    clients: Resource<Result<Vec<ClientChoice>, AppError>>,
    selected: Option<i64>,
) -> impl IntoView {
    let options = move || {
        Suspend::new(async move {
            let clients = clients.await.unwrap_or_default();
            clients.into_iter().map(|c| view! { <option value=c.id.to_string() selected=selected == Some(c.id)>{c.name}</option> }).collect_view()
        })
    };
    view! {
        <div class="field">
            <label for=id>{t(Key::Client)}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_none()>{t(Key::AllClients)}</option>
                <Suspense fallback=|| ()>{options}</Suspense>
            </select>
        </div>
    }
}
