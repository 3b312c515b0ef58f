#![recursion_limit = "256"]
//! The Portico web app: pages, components, server functions and the model types shared by the
//! server and the browser. Server-only code sits behind the `ssr` feature.

pub mod audit;
pub mod auth;
pub mod branding;
pub mod changes;
pub mod clients;
pub mod components;
pub mod dashboard;
pub mod documents;
pub mod error;
pub mod i18n;
pub mod import;
pub mod invoices;
pub mod mail;
pub mod messages;
pub mod model;
pub mod money;
#[cfg(feature = "ssr")]
pub mod services;
pub mod settings;
pub mod shell;
pub mod surveys;
pub mod tokens;
pub mod util;
pub mod webhooks;

pub use shell::{page_csp, shell};

/// The islands of the full bundle. The browser gets two bundles: a small one with only the
/// islands that client pages use on their own (`#[island]`: upload progress, see
/// `shell::LITE_ISLANDS`), and the full one with every island, which a page loads only when it
/// holds one of these. In the small bundle's build these are plain components that nothing
/// calls, so their code is left out.
#[cfg(any(feature = "ssr", feature = "all-islands"))]
pub(crate) use leptos::prelude::island as full_island;
#[cfg(not(any(feature = "ssr", feature = "all-islands")))]
pub(crate) use leptos::prelude::component as full_island;

use crate::error::AppError;
use crate::i18n::{t, Key, Locale};
use crate::model::Capability;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub use components::PortalInfoResource;

/// The locale of this request: the one the server chose for it (the person's, the sign-in
/// page's switch, the browser's or the firm's; see `server::http::language`), and in the browser
/// the `<html lang>` the server wrote, so both sides always agree.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Locale>().copied()).unwrap_or(Locale::En)
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().document_element().and_then(|e| e.get_attribute("lang")).and_then(|l| Locale::from_tag(&l)).unwrap_or(Locale::En)
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_locale());
    let info: PortalInfoResource = Resource::new(|| (), |_| auth::api::get_portal_info());
    provide_context(info);
    let app_name = t(Key::AppName);
    view! {
        <Title formatter=move |text: String| if text.is_empty() { app_name.to_string() } else { format!("{text} · {app_name}") }/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=auth::pages::LoginPage/>
                <Route path=path!("/welcome") view=clients::welcome::WelcomePage ssr=SsrMode::Async/>
                <Route path=path!("/forgot") view=mail::pages::ForgotPage/>
                <Route path=path!("/reset") view=mail::pages::ResetPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=auth::pages::AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/two-step") view=auth::pages::TwoStepPage ssr=SsrMode::Async/>
                <Route path=path!("/") view=|| guard(Need::Section(Capability::Billing), invoices::pages::DashboardPage) ssr=SsrMode::Async/>
                <Route path=path!("/invoices") view=|| guard(Need::Section(Capability::Billing), invoices::pages::InvoiceListPage) ssr=SsrMode::Async/>
                <Route path=path!("/invoices/:id") view=|| guard(Need::Item(Capability::Billing), invoices::pages::InvoicePage) ssr=SsrMode::Async/>
                <Route path=path!("/statement") view=|| guard(Need::Section(Capability::Billing), invoices::pages::StatementPage) ssr=SsrMode::Async/>
                <Route path=path!("/documents") view=|| guard(Need::Section(Capability::Documents), documents::pages::DocumentListPage) ssr=SsrMode::Async/>
                <Route path=path!("/documents/:id") view=|| guard(Need::Item(Capability::Documents), documents::pages::DocumentPage) ssr=SsrMode::Async/>
                <Route path=path!("/activity") view=|| guard(Need::Section(Capability::ClientAdmin), audit::pages::CompanyActivityPage) ssr=SsrMode::Async/>
                <Route path=path!("/company") view=|| guard(Need::Section(Capability::ClientAdmin), changes::pages::CompanyPage) ssr=SsrMode::Async/>
                <Route path=path!("/team") view=|| guard(Need::Section(Capability::ClientAdmin), clients::people::TeamPage) ssr=SsrMode::Async/>
                <Route path=path!("/survey/:id") view=|| guard(Need::Client, surveys::pages::SurveyPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff") view=|| guard(Need::Staff, dashboard::pages::DashboardPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/clients") view=|| guard(Need::Staff, clients::pages::ClientListPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/clients/:id") view=|| guard(Need::Staff, clients::pages::ClientPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/documents/:id") view=|| guard(Need::Staff, documents::pages::StaffDocumentPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/invoices") view=|| guard(Need::Staff, invoices::staff_pages::StaffInvoiceListPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/invoices/new") view=|| guard(Need::Staff, invoices::staff_pages::NewInvoicePage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/invoices/:id") view=|| guard(Need::Staff, invoices::staff_pages::StaffInvoicePage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/invoices/:id/edit") view=|| guard(Need::Staff, invoices::staff_pages::EditInvoicePage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/aging") view=|| guard(Need::Staff, invoices::staff_pages::AgingPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/audit") view=|| guard(Need::Staff, audit::pages::AuditPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/engagement") view=|| guard(Need::Staff, audit::EngagementPage) ssr=SsrMode::Async/>
                <Route path=path!("/messages") view=|| guard(Need::Client, || view! { <messages::pages::MessagesPage staff=false/> }) ssr=SsrMode::Async/>
                <Route path=path!("/messages/new") view=|| guard(Need::Client, messages::pages::NewConversationPage) ssr=SsrMode::Async/>
                <Route path=path!("/messages/:id") view=|| guard(Need::Client, || view! { <messages::pages::ConversationPage staff=false/> }) ssr=SsrMode::Async/>
                <Route path=path!("/staff/messages") view=|| guard(Need::Staff, || view! { <messages::pages::MessagesPage staff=true/> }) ssr=SsrMode::Async/>
                <Route path=path!("/staff/messages/:id") view=|| guard(Need::Staff, || view! { <messages::pages::ConversationPage staff=true/> }) ssr=SsrMode::Async/>
                <Route path=path!("/staff/changes") view=|| guard(Need::Staff, changes::pages::StaffChangesPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/settings") view=|| guard(Need::Admin, settings::SettingsPage) ssr=SsrMode::Async/>
                <Route path=path!("/staff/import") view=|| guard(Need::Staff, import::pages::ImportPage) ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

/// The signed-in person. Pages render on the server, so this is where they learn who it is;
/// islands are given what they need of it as props.
pub(crate) fn current_user() -> Option<crate::model::Identity> {
    #[cfg(feature = "ssr")]
    return services::identity();
    #[cfg(not(feature = "ssr"))]
    None
}

/// Who may open a page. The server functions refuse everyone else on their own; this makes the
/// page itself say so clearly, instead of drawing its frame around refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Staff,
    /// Any client person (their company's part of it).
    Client,
    Admin,
    /// A part of the portal: without the permission, the 403 page.
    Section(Capability),
    /// One item of it: without the permission, the 404 page (as if it did not exist).
    Item(Capability),
}

impl Need {
    /// Why a visitor with these access words (see [`request_access`]) may not open the page.
    fn refusal(self, access: &str) -> Option<AppError> {
        if access.is_empty() {
            return Some(AppError::Unauthenticated);
        }
        let has = |word: &str| access.split(' ').any(|w| w == word);
        let allowed = match self {
            Need::Staff => has("staff"),
            Need::Client => has("client"),
            Need::Admin => has("admin"),
            Need::Section(c) | Need::Item(c) => has(capability_word(c)),
        };
        match (allowed, self) {
            (true, _) => None,
            (false, Need::Item(_)) => Some(AppError::NotFound),
            (false, _) => Some(AppError::Forbidden),
        }
    }
}

fn capability_word(c: Capability) -> &'static str {
    match c {
        Capability::Billing => "billing",
        Capability::Documents => "documents",
        Capability::ClientAdmin => "client_admin",
    }
}

/// What the visitor may open, as words ("staff admin", "billing documents", "" for nobody):
/// from the session on the server, and from the `<html data-access>` the server wrote when the
/// page hydrates, so both sides decide alike without waiting for anything. (The server
/// functions decide for themselves; this only chooses which page to draw.)
pub(crate) fn request_access() -> String {
    #[cfg(feature = "ssr")]
    {
        use crate::model::Role;
        match services::identity() {
            None => String::new(),
            Some(who) if who.role == Role::Admin => "staff admin".into(),
            Some(who) if who.role.is_staff() => "staff".into(),
            Some(who) => [Capability::Billing, Capability::Documents, Capability::ClientAdmin]
                .into_iter()
                .filter(|c| who.can(*c))
                .map(capability_word)
                .chain(["client"])
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().document_element().and_then(|e| e.get_attribute("data-access")).unwrap_or_default()
    }
}

/// The page, or the 403 / 404 page when the visitor may not open it.
fn guard<V: IntoView + 'static>(need: Need, page: fn() -> V) -> AnyView {
    match need.refusal(&request_access()) {
        None => page().into_any(),
        Some(e) => view! {
            <Title text=t(if e == AppError::NotFound { Key::NotFoundTitle } else { Key::ErrorForbidden })/>
            <components::Layout>
                <components::ErrorPanel error=e/>
            </components::Layout>
        }
        .into_any(),
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <Title text=t(Key::NotFoundTitle)/>
        <components::Layout>
            <components::ErrorPanel error=AppError::NotFound/>
        </components::Layout>
    }
}
