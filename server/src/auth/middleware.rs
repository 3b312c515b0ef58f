//! Who is asking: resolves the session to an [`Identity`] for every request, enforcing the idle
//! and absolute timeouts on the server, and keeps anonymous visitors out of signed-in pages.

use app::audit::action::Action;
use crate::AppState;
use app::auth::access::{page_access, PageAccess};
use app::auth::session::{self, SignedIn};
use app::error::AppError;
use app::model::Identity;
use app::services::AuditEntry;
use crate::audit::RequestMeta;
use axum::extract::{Request, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

/// How often an active session's idle clock is written back: not on every request.
fn touch_interval(state: &AppState) -> i64 {
    (state.config.session_idle.as_secs() as i64 / 10).clamp(1, 60)
}

async fn resolve(state: &AppState, session: &Session, headers: &HeaderMap, extensions: &Extensions) -> Result<Option<Identity>, AppError> {
    let Some(signed_in) = session::signed_in(session).await? else { return Ok(None) };
    let SignedIn { user_id, auth_at, seen_at, .. } = signed_in;
    let now = session::now();
    let idle_over = now - seen_at >= state.config.session_idle.as_secs() as i64;
    let max_over = now - auth_at >= state.config.session_max.as_secs() as i64;
    if idle_over || max_over {
        let reason = if max_over { "absolute" } else { "idle" };
        tracing::info!(user_id, reason, "session expired");
        session::sign_out(session).await?;
        if let Some(who) = state.services.auth.identity(user_id).await? {
            let entry = AuditEntry::success(Action::AuthSessionExpired, who.client_id, ("user", user_id.to_string(), who.name.clone()), serde_json::json!({ "reason": reason }));
            state.services.audit.record(RequestMeta::of(headers, extensions).event(Some(&who), entry)).await;
        }
        return Ok(None);
    }
    let Some(who) = state.services.auth.identity(user_id).await? else {
        // Disabled or deleted since signing in: the session ends now.
        session::sign_out(session).await?;
        return Ok(None);
    };
    if now - seen_at >= touch_interval(state) {
        session::touch(session, signed_in).await?;
    }
    Ok(Some(who))
}

/// Static files and health checks never need to know who is asking: no session lookup for them.
fn anonymous_path(path: &str) -> bool {
    path.starts_with("/pkg/") || path.starts_with("/i18n/") || matches!(path, "/favicon.svg" | "/healthz" | "/readyz")
}

pub async fn identify(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    if anonymous_path(req.uri().path()) {
        return next.run(req).await;
    }
    let who = match resolve(&state, &session, req.headers(), req.extensions()).await {
        Ok(who) => who,
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "The portal cannot reach its database. Please try again shortly.").into_response(),
    };
    let locale = crate::http::language::choose(&state, who.as_ref(), req.headers()).await;
    req.extensions_mut().insert(locale);
    if let Some(who) = who {
        req.extensions_mut().insert(who);
    }
    next.run(req).await
}

/// Applied to the page routes (server functions under /api pass through): anonymous visitors go to `/login`, signed-in users away
/// from pages that are not theirs. Server functions check permissions again on their own.
pub async fn page_guard(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match page_access(req.uri().path(), req.extensions().get::<Identity>()) {
        PageAccess::Allow => next.run(req).await,
        PageAccess::SignIn => Redirect::to("/login").into_response(),
        PageAccess::Redirect(to) => Redirect::to(to).into_response(),
    }
}
