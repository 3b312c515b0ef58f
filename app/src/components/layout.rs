use super::go_to;
use crate::auth::api::Logout;
use crate::i18n::{t, Key};
use crate::model::Identity;
use crate::PortalInfoResource;
use leptos::prelude::*;
use leptos_router::components::A;

/// The frame of every signed-in page: skip link, header with navigation and sign-out, main.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let info = expect_context::<PortalInfoResource>();
    let header = move || {
        Suspend::new(async move {
            let info = info.await.unwrap_or_default();
            view! {
                <a class="brand" href="/">{info.firm_name}</a>
                {info.user.map(|user| view! { <Nav user=user/> })}
            }
        })
    };
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-inner">
                <Suspense fallback=|| view! { <span class="brand">{t(Key::AppName)}</span> }>{header}</Suspense>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">{children()}</main>
    }
}

#[component]
fn Nav(user: Identity) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            go_to("/login");
        }
    });
    let links = if user.role.is_staff() {
        view! {
            <li><A href="/staff/clients">{t(Key::NavClients)}</A></li>
            <li><A href="/staff/invoices">{t(Key::NavStaffInvoices)}</A></li>
            <li><A href="/staff/aging">{t(Key::NavAging)}</A></li>
            <li><A href="/staff/engagement">{t(Key::NavEngagement)}</A></li>
            <li><A href="/staff/audit">{t(Key::NavAudit)}</A></li>
        }
        .into_any()
    } else {
        view! {
            <li><A href="/" exact=true>{t(Key::NavDashboard)}</A></li>
            <li><A href="/invoices">{t(Key::NavInvoices)}</A></li>
            <li><A href="/statement">{t(Key::NavStatement)}</A></li>
            <li><A href="/documents">{t(Key::NavDocuments)}</A></li>
            {user.client_admin.then(|| view! { <li><A href="/activity">{t(Key::NavActivity)}</A></li> })}
        }
        .into_any()
    };
    let who = match &user.client_name {
        Some(client) => format!("{} · {}", user.name, client),
        None => user.name.clone(),
    };
    view! {
        <nav class="nav" aria-label="Main">
            <ul>{links}</ul>
        </nav>
        <div class="account">
            <A href="/account" attr:class="account-name"><span class="visually-hidden">{t(Key::SignedInAs)}" "</span>{who}</A>
            <ActionForm action=logout attr:class="inline-form">
                <button type="submit" class="button subtle">{t(Key::SignOut)}</button>
            </ActionForm>
        </div>
    }
}
