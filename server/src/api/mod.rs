//! The REST API, `/api/v1`: JSON for the firm's other programs (its accounting system), with an
//! OpenAPI 3.1 document generated from the handlers (`/api/v1/openapi.json`) and a reference
//! page rendered from it (`/api/v1/docs`). Every call needs an API token (`tokens`), is counted
//! against the token's rate limit and recorded in the audit trail (`caller`); POSTs take an
//! `Idempotency-Key` (`idempotency`); errors are RFC 9457 problems (`problem`); lists are pages
//! with a cursor.

pub mod audit;
pub mod caller;
pub mod clients;
pub mod documents;
mod extract;
pub mod idempotency;
pub mod invoices;
pub mod problem;
mod reference;
pub mod tokens;

use crate::audit::RequestMeta;
use crate::AppState;
use app::error::AppError;
use app::services::AuditEntry;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::{Json, Router};
use caller::Caller;
use problem::ApiError;
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const PREFIX: &str = "/api/v1";
pub const AREA_CLIENTS: &str = "clients";
pub const AREA_INVOICES: &str = "invoices";
pub const AREA_DOCUMENTS: &str = "documents";
pub const AREA_AUDIT: &str = "audit";

#[derive(OpenApi)]
#[openapi(
    info(title = "Portico API", version = "1", description = "The client portal's clients, people, invoices, payments, documents, document requests and audit trail, for the firm's other programs. Every call needs `Authorization: Bearer <token>` (an admin makes tokens at /staff/settings or with `portico api-token create`); a token's scopes (`clients:read`, `clients:write`, `invoices:read`, `invoices:write`, `documents:read`, `documents:write`, `audit:read`; write includes read) say what it may do, and a token limited to one client sees nothing of any other. POST requests take an `Idempotency-Key` header. Errors are RFC 9457 problem details. Lists come a page at a time: pass `next_cursor` back as `cursor`. Every answer carries `RateLimit` and `RateLimit-Policy` headers."),
    servers((url = "/api/v1")),
    components(schemas(problem::Problem, problem::ProblemField)),
    security(("token" = [])),
    tags((name = "clients", description = "Clients and their people"), (name = "invoices", description = "Invoices, payments and refunds"), (name = "documents", description = "Documents and document requests"), (name = "audit", description = "The audit trail"))
)]
struct ApiDoc;

/// What every operation shares: the token scheme, and the problems any call may answer with.
struct Conventions;

impl Modify for Conventions {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("token", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
        let problem = |what: &str| {
            ResponseBuilder::new().description(what).content(problem::CONTENT_TYPE, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build()).build()
        };
        let errors = [
            ("400", "The request could not be read"),
            ("401", "No valid API token"),
            ("403", "The token's scopes do not allow this"),
            ("404", "Not found (or out of the token's reach)"),
            ("409", "A conflict, or the same Idempotency-Key still being answered"),
            ("413", "Too large"),
            ("415", "Not an accepted kind of file"),
            ("422", "Invalid input: every refused field, with a code"),
            ("429", "Rate limit: retry after Retry-After seconds"),
            ("503", "Try again later"),
        ];
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch].into_iter().flatten() {
                for (status, what) in errors {
                    op.responses.responses.entry(status.to_string()).or_insert_with(|| problem(what).into());
                }
            }
        }
    }
}

/// The API's routes: those with small JSON bodies, and the upload (streamed, with the upload
/// limit), each behind the token layer; and the document.
pub struct Routes {
    pub small: Router<AppState>,
    pub upload: Router<AppState>,
}

fn openapi_router() -> (OpenApiRouter<AppState>, OpenApiRouter<AppState>) {
    let small = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(clients::list, clients::create))
        .routes(routes!(clients::get, clients::update))
        .routes(routes!(clients::people, clients::invite))
        .routes(routes!(clients::update_person))
        .routes(routes!(invoices::list, invoices::create))
        .routes(routes!(invoices::get, invoices::update))
        .routes(routes!(invoices::issue))
        .routes(routes!(invoices::void))
        .routes(routes!(invoices::pay))
        .routes(routes!(documents::list))
        .routes(routes!(documents::get))
        .routes(routes!(documents::download))
        .routes(routes!(documents::requests, documents::create_request))
        .routes(routes!(audit::events));
    let upload = OpenApiRouter::new().routes(routes!(documents::upload));
    (small, upload)
}

/// The OpenAPI document, made once from the handlers.
pub fn document() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| {
        let (small, upload) = openapi_router();
        let mut doc = small.merge(upload).split_for_parts().1;
        // After the paths are in (the derive's modifiers run before the router adds them).
        Conventions.modify(&mut doc);
        doc
    })
}

pub fn routes(state: &AppState) -> Routes {
    let (small, upload) = openapi_router();
    let guard = |r: Router<AppState>| {
        r.route_layer(from_fn_with_state(state.clone(), idempotency::idempotent))
            .route_layer(from_fn_with_state(state.clone(), caller::authenticate))
    };
    let public = Router::new()
        .route("/openapi.json", get(|| async { Json(document()) }))
        .route("/docs", get(|| async { reference::page(document()) }));
    Routes {
        // Any other path under /api/v1 is a problem too, not the portal's page (one fallback only:
        // both routers share the prefix).
        small: Router::new().nest(PREFIX, guard(small.split_for_parts().0).merge(public).fallback(|| async { ApiError(AppError::NotFound) })),
        upload: Router::new().nest(PREFIX, guard(upload.split_for_parts().0)),
    }
}

/// Every API route with its method, for the access matrix.
pub fn route_table() -> Vec<(axum::http::Method, String)> {
    let mut routes = vec![(axum::http::Method::GET, format!("{PREFIX}/openapi.json")), (axum::http::Method::GET, format!("{PREFIX}/docs"))];
    for (path, item) in &document().paths.paths {
        let methods = [("GET", &item.get), ("POST", &item.post), ("PUT", &item.put), ("PATCH", &item.patch)];
        for (method, op) in methods {
            if op.is_some() {
                routes.push((method.parse().expect("a method"), format!("{PREFIX}{path}")));
            }
        }
    }
    routes
}

/// Records what a call changed, with the token as its actor.
pub async fn record(state: &AppState, caller: &Caller, meta: &RequestMeta, entry: AuditEntry) {
    state.services.audit.record(meta.event(Some(&caller.who), entry)).await;
}
