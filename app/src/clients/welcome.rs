//! `/welcome?token=…`: someone invited by staff sets their password and is signed in.
//! The token travels in the query string, which the server never logs.

use super::api::{get_invitee, AcceptInvite};
use crate::components::NewPasswordFields;
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::PortalInfoResource;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn WelcomePage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.read().get("token").unwrap_or_default());
    let data = Resource::new(move || token.get(), get_invitee);
    let info = expect_context::<PortalInfoResource>();
    let locale = use_locale();
    let body = move || {
        Suspend::new(async move {
            let firm = info.await.map(|i| i.firm_name).unwrap_or_default();
            match data.await {
                Err(AppError::NotFound) => view! {
                    <h1>{t(Key::InviteInvalidTitle)}</h1>
                    <p>{locale.format(Key::InviteInvalidHint, &[("firm", &firm)])}</p>
                    <p><a href="/login">{t(Key::SignInTitle)}</a></p>
                }
                .into_any(),
                Err(e) => view! { <crate::components::ErrorPanel error=e/> }.into_any(),
                Ok(who) => view! {
                    <h1>{locale.format(Key::Welcome, &[("name", &who.name)])}</h1>
                    <p class="muted">{locale.format(Key::WelcomeIntro, &[("firm", &firm), ("client", &who.client_name)])}</p>
                    <WelcomeForm token=token.get_untracked() email=who.email/>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text=t(Key::WelcomeTitle)/>
        // The page's address holds the token: never send it on as a referrer.
        <Meta name="referrer" content="no-referrer"/>
        <main id="main" class="login">
            <div class="login-card">
                <Suspense fallback=|| ()>{body}</Suspense>
            </div>
        </main>
    }
}

/// The new password, sent with the token; the server signs the person in and opens their home
/// page. An island: the page's address holds the token and sends no referrer, so a failure is
/// shown here rather than on a page the server sends back.
#[crate::full_island]
fn WelcomeForm(token: String, email: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvite>::new();
    let locale = use_locale();
    let error = move || match accept.value().get() {
        Some(Err(AppError::Validation(f))) => f.first().map(|f| locale.error_code(&f.code)),
        Some(Err(AppError::NotFound)) => Some(locale.text(Key::InviteInvalid)),
        Some(Err(_)) => Some(locale.text(Key::ErrorGeneric)),
        _ => None,
    };
    view! {
        <ActionForm action=accept attr:class="form">
            <input type="hidden" name="token" value=token/>
            <div class="field">
                <label for="w-email">{t(Key::Email)}</label>
                <input id="w-email" type="email" autocomplete="username" readonly value=email/>
            </div>
            <NewPasswordFields prefix="w" error=Signal::derive(move || error().map(str::to_string)) pending=accept.pending().into()/>
        </ActionForm>
    }
}
