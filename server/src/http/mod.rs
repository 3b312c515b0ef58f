//! The HTTP side: the router with every route and layer, health checks and request logging.

pub mod error;
pub mod files;
mod health;
mod logging;
pub mod metrics;
pub mod security;
pub mod serve;
mod texts;
pub mod language;

use crate::auth::middleware::{identify, page_guard};
use crate::auth::store::SqlSessionStore;
use crate::{documents, invoices, AppState};
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, StatusCode};
use axum::routing::{get, get_service, post, MethodRouter};
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Largest request body accepted anywhere (sign-in forms and server-function arguments are small).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub fn leptos_options(config: &crate::config::Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("portico")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed process-wide (leptos#4773), so doing it again while another router is
/// serving could stall that router's renders; tests build many routers in parallel.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The upload route: streamed, with its own larger body limit.
pub const UPLOAD_PATH: &str = "/documents/upload";
/// Sending a message with files: streamed like uploads.
pub const SEND_PATH: &str = "/messages/send";
/// The firm's logo (admins).
pub const LOGO_PATH: &str = "/staff/settings/logo";
/// A CSV file to import (staff), up to `import::MAX_BYTES`.
pub const IMPORT_PATH: &str = "/staff/import";

/// Every route that is not a page or a server function, with its method. The router is built
/// from this list, and the access-matrix test reads it, so a new route cannot ship without an
/// access decision.
pub fn plain_routes(state: &AppState) -> Vec<(Method, &'static str, MethodRouter<LeptosOptions>)> {
    let s = || state.clone();
    // The site's files, with the brotli or gzip copy the build made when the browser takes it.
    let site = state.config.site_root.as_str();
    let pkg = ServeDir::new(site).precompressed_br().precompressed_gzip();
    let favicon = ServeFile::new(format!("{site}/favicon.svg")).precompressed_br().precompressed_gzip();
    vec![
        (Method::GET, "/pkg/{*file}", get_service(pkg)),
        (Method::GET, "/favicon.svg", get_service(favicon)),
        (Method::GET, "/i18n/{file}", get(texts::texts)),
        (Method::GET, "/language", get(language::switch).with_state(s())),
        (Method::GET, "/brand/{file}", get(crate::branding::file).with_state(s())),
        (Method::GET, "/documents/{id}/download", get(documents::download::download).with_state(s())),
        (Method::GET, "/documents/{id}/preview", get(documents::download::preview).with_state(s())),
        (Method::GET, "/invoices/{id}/pdf", get(invoices::downloads::invoice_pdf).with_state(s())),
        (Method::GET, "/statement/pdf", get(invoices::downloads::statement_pdf).with_state(s())),
        (Method::GET, "/statement/csv", get(invoices::downloads::statement_csv).with_state(s())),
        (Method::GET, "/staff/dashboard/{file}", get(crate::dashboard::csv::download).with_state(s())),
        (Method::GET, "/staff/audit/export.csv", get(crate::audit::export::export_csv).with_state(s())),
        (Method::POST, "/webhooks/payments", post(invoices::webhook::payments_webhook).with_state(s())),
        (Method::GET, "/unsubscribe", get(crate::mail::unsubscribe::confirm).with_state(s())),
        (Method::POST, "/unsubscribe", post(crate::mail::unsubscribe::unsubscribe).with_state(s())),
        (Method::GET, "/healthz", get(health::healthz)),
        (Method::GET, "/readyz", get(health::readyz).with_state(s())),
        (Method::GET, "/metrics", get(metrics::metrics).with_state(s())),
    ]
}

/// Every route the router answers, with its method: the pages, the server functions, the plain
/// routes and the upload.
pub fn route_table(state: &AppState) -> Vec<(Method, String)> {
    let mut routes: Vec<(Method, String)> = route_list().iter().map(|r| (Method::GET, r.path().to_string())).collect();
    routes.extend(leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (method, path.to_string())));
    routes.extend(plain_routes(state).into_iter().map(|(method, path, _)| (method, path.to_string())));
    routes.push((Method::POST, UPLOAD_PATH.to_string()));
    routes.push((Method::POST, SEND_PATH.to_string()));
    routes.push((Method::POST, IMPORT_PATH.to_string()));
    routes.push((Method::POST, LOGO_PATH.to_string()));
    routes.extend(crate::api::route_table());
    routes
}

/// The session cookie's name: with https the `__Host-` prefix, which browsers accept only when
/// the cookie is Secure, for `/` and not shared with other hosts.
pub fn session_cookie_name(config: &crate::config::Config) -> &'static str {
    if config.secure_cookies() { "__Host-portico_session" } else { "portico_session" }
}

/// Builds the whole application; tests call this with their own state.
pub fn router(state: AppState) -> Router {
    metrics::handle();
    let options = leptos_options(&state.config);
    let services = state.services.clone();
    let context = move || provide_context(services.clone());
    let site = security::Site::new(&state.config.public_url);

    let sessions = SessionManagerLayer::new(SqlSessionStore::new(state.db.clone()))
        .with_name(session_cookie_name(&state.config))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies())
        .with_path("/")
        // The record and cookie outlive the idle timeout (our middleware enforces it), so that an
        // expired session is noticed, recorded in the audit trail, and ended.
        .with_expiry(Expiry::OnInactivity(
            time::Duration::try_from(state.config.session_max).unwrap_or(time::Duration::hours(12)),
        ));

    // Registers the pages and every server function (under /api).
    let pages = Router::new()
        .leptos_routes_with_context(&options, route_list(), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route_layer(middleware::from_fn(page_guard));

    let api = crate::api::routes(&state);

    // Uploads are streamed, so they get their own, larger limit and no overall time limit.
    let uploads = Router::new()
        .route(UPLOAD_PATH, post(documents::upload::upload))
        .route(SEND_PATH, post(crate::messages::send::send))
        .route(IMPORT_PATH, post(crate::import::route::upload))
        .route(LOGO_PATH, post(crate::branding::upload_logo))
        .merge(api.upload)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(state.config.max_upload_bytes as usize + 1024 * 1024))
        // A stalled upload (no bytes for a minute) is cut off instead of holding its connection.
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(60)))
        .with_state(state.clone());

    let mut app = Router::new().merge(pages).merge(api.small.with_state(state.clone()));
    for (_, path, route) in plain_routes(&state) {
        app = app.route(path, route);
    }
    app.fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // A slow client cannot hold a request open: the answer (not a download's bytes) must be
        // ready within the time limit, and a small body may not trickle in.
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(10)))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.config.request_timeout))
        .with_state(options)
        .merge(uploads)
        .layer(middleware::from_fn_with_state(state.clone(), identify))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(site.clone(), security::require_same_origin))
        .layer(middleware::from_fn_with_state(site, security::security_headers))
        // Pages and data are compressed as they go; site files were compressed at build time.
        .layer(tower_http::compression::CompressionLayer::new().compress_when(
            DefaultPredicate::new()
                .and(NotForContentType::const_new("application/wasm"))
                .and(NotForContentType::const_new("text/javascript"))
                .and(NotForContentType::const_new("text/css")),
        ))
        .layer(middleware::from_fn_with_state(Arc::new(state.config.trusted_proxies.clone()), logging::log_request))
}
