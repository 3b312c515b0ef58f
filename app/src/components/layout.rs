use crate::i18n::{t, Key};
use crate::error::AppError;
use crate::model::{Capability, Identity, PortalInfo, Role};
use leptos::prelude::*;
use leptos_router::components::A;

/// The firm's name and the signed-in user, loaded once per page by the app (see `App`).
pub type PortalInfoResource = Resource<Result<PortalInfo, AppError>>;

/// The frame of every signed-in page: skip link, header with navigation and sign-out, main.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let info = expect_context::<PortalInfoResource>();
    let header = move || {
        Suspend::new(async move {
            let info = info.await.unwrap_or_default();
            view! {
                <a class="brand" href=info.user.as_ref().map_or("/", |u| u.home_path())>
                    // The name follows: the logo says nothing more to a screen reader.
                    {info.logo.map(|src| view! { <img src=src alt="" height="32"/> })}
                    {info.firm_name}
                </a>
                {info.user.map(|user| view! { <Nav user=user unread=info.unread_messages/> })}
            }
        })
    };
    // A survey waiting for this person: one line above every page but its own, until answered.
    let on_survey = leptos_router::hooks::use_location().pathname.get_untracked().starts_with("/survey/");
    let invite = move || {
        Suspend::new(async move {
            let survey = info.await.ok().and_then(|i| i.survey).filter(|_| !on_survey);
            survey.map(|id| view! { <p class="survey-invite"><A href=format!("/survey/{id}")>{t(Key::SurveyInvite)}</A></p> })
        })
    };
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="header-inner">
                <Suspense fallback=|| view! { <span class="brand">{t(Key::AppName)}</span> }>{header}</Suspense>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            <Suspense fallback=|| ()>{invite}</Suspense>
            {children()}
        </main>
    }
}

/// "Messages", with how many conversations hold something unread.
#[component]
fn MessagesLink(href: &'static str, unread: i64) -> impl IntoView {
    view! {
        <A href=href>
            {t(Key::NavMessages)}
            {(unread > 0).then(|| view! { " "<span class="count" data-testid="unread-count">{unread}<span class="visually-hidden">" "{t(Key::Unread)}</span></span> })}
        </A>
    }
}

#[component]
fn Nav(user: Identity, unread: i64) -> impl IntoView {
    // Only what this person may use: a setup still owed comes first, staff see the staff area,
    // a client user the parts their permissions open.
    let links = if user.must_set_up_two_factor {
        ().into_any()
    } else if user.role.is_staff() {
        view! {
            <li><A href="/staff" exact=true>{t(Key::NavOverview)}</A></li>
            <li><A href="/staff/clients">{t(Key::NavClients)}</A></li>
            <li><A href="/staff/invoices">{t(Key::NavStaffInvoices)}</A></li>
            <li><A href="/staff/engagement">{t(Key::NavEngagement)}</A></li>
            <li><MessagesLink href="/staff/messages" unread=unread/></li>
            <li><A href="/staff/audit">{t(Key::NavAudit)}</A></li>
            {(user.role == Role::Admin).then(|| view! { <li><A href="/staff/settings">{t(Key::NavSettings)}</A></li> })}
        }
        .into_any()
    } else {
        let billing = user.can(Capability::Billing);
        view! {
            {billing.then(|| view! {
                <li><A href="/" exact=true>{t(Key::NavDashboard)}</A></li>
                <li><A href="/invoices">{t(Key::NavInvoices)}</A></li>
                <li><A href="/statement">{t(Key::NavStatement)}</A></li>
            })}
            {user.can(Capability::Documents).then(|| view! { <li><A href="/documents">{t(Key::NavDocuments)}</A></li> })}
            <li><MessagesLink href="/messages" unread=unread/></li>
            {user.can(Capability::ClientAdmin).then(|| view! {
                <li><A href="/activity">{t(Key::NavActivity)}</A></li>
                <li><A href="/team">{t(Key::NavTeam)}</A></li>
                <li><A href="/company">{t(Key::NavCompany)}</A></li>
            })}
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
            // A plain form to `auth::api::logout`: the server signs out and sends the browser to
            // the sign-in page (the frame names no feature).
            <form method="post" action="/api/logout" class="inline-form">
                <button type="submit" class="button subtle">{t(Key::SignOut)}</button>
            </form>
        </div>
    }
}
