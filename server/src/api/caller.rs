//! Who calls the API: every request under `/api/v1` (but the document and its reference page)
//! carries `Authorization: Bearer ptk_…`. Session cookies count for nothing here, so the API
//! needs no CSRF defence. The layer finds the token, checks that the admin it acts for may
//! still sign in, counts the request against the token's rate limit (with `RateLimit` headers
//! on every answer), and records every call in the audit trail with the token as its actor.

use super::problem::ApiError;
use super::tokens::{self, Access};
use app::tokens::ApiToken;
use crate::audit::RequestMeta;
use crate::AppState;
use app::error::AppError;
use app::model::{Identity, TokenActor};
use app::services::{Action, AuditEntry, Outcome};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::middleware::StateInformationMiddleware;
use governor::{clock::Clock, clock::DefaultClock, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;

/// A token and the admin it acts for (with the token set, so the trail names the token).
#[derive(Clone)]
pub struct Caller {
    pub who: Identity,
    pub token: ApiToken,
}

impl Caller {
    /// `Forbidden` unless the token's scopes allow `access` in `area`.
    pub fn need(&self, area: &str, access: Access) -> Result<(), AppError> {
        if self.token.allows(area, access) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// A token limited to one client reaches nothing of another: `NotFound`, exactly like a
    /// missing id.
    pub fn reach(&self, client_id: i64) -> Result<(), AppError> {
        if self.who.reaches(client_id) { Ok(()) } else { Err(AppError::NotFound) }
    }

    /// The one client a limited token is for, else what the request asked for.
    pub fn client_filter(&self, asked: Option<i64>) -> Result<Option<i64>, AppError> {
        match (self.token.client_id, asked) {
            (Some(only), Some(asked)) if only != asked => Err(AppError::NotFound),
            (Some(only), _) => Ok(Some(only)),
            (None, asked) => Ok(asked),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Caller>().cloned().ok_or(ApiError(AppError::Unauthenticated))
    }
}

type Limiter = RateLimiter<i64, governor::state::keyed::DefaultKeyedStateStore<i64>, DefaultClock, StateInformationMiddleware>;

/// Requests per minute and token, shared by the handlers of one instance (each instance counts
/// its own; behind a balancer a token gets this much per instance).
#[derive(Clone)]
pub struct RateLimits {
    limiter: Arc<Limiter>,
    per_minute: u32,
}

impl RateLimits {
    pub fn new(per_minute: u32) -> Self {
        let per_minute = per_minute.max(1);
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).expect("at least one"));
        Self { limiter: Arc::new(RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>()), per_minute }
    }

    /// Counts one request: the requests left and the seconds until the full quota is back, or
    /// the seconds to wait.
    fn count(&self, token: i64) -> Result<(u32, u64), u64> {
        let seconds_per_request = 60.0 / f64::from(self.per_minute);
        match self.limiter.check_key(&token) {
            Ok(state) => {
                let left = state.remaining_burst_capacity();
                Ok((left, (f64::from(self.per_minute - left) * seconds_per_request).ceil() as u64))
            }
            Err(not_until) => Err(not_until.wait_time_from(DefaultClock::default().now()).as_secs().max(1)),
        }
    }

    fn headers(&self, res: &mut Response, left: u32, reset: u64) {
        let h = res.headers_mut();
        // draft-ietf-httpapi-ratelimit-headers: the policy, and what is left of it.
        if let Ok(v) = HeaderValue::from_str(&format!("\"token\";q={};w=60", self.per_minute)) {
            h.insert("ratelimit-policy", v);
        }
        if let Ok(v) = HeaderValue::from_str(&format!("\"token\";r={left};t={reset}")) {
            h.insert("ratelimit", v);
        }
    }
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The layer over every authenticated API route.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let meta = RequestMeta::of(req.headers(), req.extensions());
    let caller = match find(&state, bearer(&req).unwrap_or("")).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return ApiError(AppError::Unauthenticated).into_response(),
        Err(e) => return ApiError(e).into_response(),
    };
    let (left, reset) = match state.api_limits.count(caller.token.id) {
        Ok(counted) => counted,
        Err(wait) => {
            let mut res = ApiError(AppError::Throttled { retry_after: wait }).into_response();
            state.api_limits.headers(&mut res, 0, wait);
            return res;
        }
    };
    // The whole path: inside the API's router the prefix is already stripped.
    let path = req.extensions().get::<axum::extract::OriginalUri>().map_or_else(|| req.uri().path().to_string(), |u| u.path().to_string());
    let method = req.method().clone();
    req.extensions_mut().insert(caller.clone());
    let mut res = next.run(req).await;
    state.api_limits.headers(&mut res, left, reset);
    state.services.audit.record(meta.event(Some(&caller.who), call_event(&caller, &method, &path, res.status().as_u16()))).await;
    res
}

async fn find(state: &AppState, secret: &str) -> Result<Option<Caller>, AppError> {
    let Some(token) = tokens::authenticate(&state.db, secret).await? else { return Ok(None) };
    // The admin it acts for must still be able to sign in, and still be staff.
    let Some(mut who) = state.services.auth.identity(token.acting_user).await?.filter(|w| w.role.is_staff()) else { return Ok(None) };
    who.token = Some(TokenActor { id: token.id, name: token.name.clone(), client_id: token.client_id });
    Ok(Some(Caller { who, token }))
}

/// One API call in the trail: method, path and answer; refused calls as denied, failed ones as
/// failed.
fn call_event(caller: &Caller, method: &Method, path: &str, status: u16) -> AuditEntry {
    let details = serde_json::json!({ "method": method.as_str(), "path": path, "status": status });
    let entry = AuditEntry::success(Action::ApiCalled, caller.token.client_id, ("api_token", caller.token.id.to_string(), caller.token.name.clone()), details);
    match status {
        401 | 403 | 404 => AuditEntry { outcome: Outcome::Denied, ..entry },
        s if s >= 400 => entry.failed(),
        _ => entry,
    }
}
