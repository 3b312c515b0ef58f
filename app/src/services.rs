//! Server-only: the services a server function may call, and who is asking.
//! The `server` crate implements the traits with sqlx and provides [`Services`] through Leptos
//! context; server functions stay thin: identity → permission → service call.

pub use crate::audit::action::Action;
use crate::error::AppError;
use crate::model::{Capability, Identity};
use leptos::prelude::*;
use std::sync::Arc;
use time::Date;

// The service traits live with their features; server functions reach them all from here.
pub use crate::audit::service::*;
pub use crate::auth::service::*;
pub use crate::branding::service::*;
pub use crate::changes::service::*;
pub use crate::clients::service::*;
pub use crate::dashboard::service::*;
pub use crate::documents::service::*;
pub use crate::import::service::*;
pub use crate::invoices::service::*;
pub use crate::mail::service::*;
pub use crate::messages::service::*;
pub use crate::surveys::service::*;
pub use crate::tokens::service::*;
pub use crate::webhooks::service::*;

/// Every service, behind one cheap-to-clone handle.
#[derive(Clone)]
pub struct Services {
    /// The firm's name, logo and colour, on every page, mail and PDF.
    pub brand: Arc<dyn BrandService>,
    pub auth: Arc<dyn AuthService>,
    pub invoices: Arc<dyn InvoiceService>,
    pub clients: Arc<dyn ClientService>,
    pub people: Arc<dyn PeopleService>,
    pub documents: Arc<dyn DocumentService>,
    pub sessions: Arc<dyn SessionService>,
    pub audit: Arc<dyn AuditLog>,
    pub throttle: Arc<dyn ThrottleService>,
    pub activity: Arc<dyn ActivityService>,
    pub mail: Arc<dyn MailService>,
    pub messages: Arc<dyn MessageService>,
    pub changes: Arc<dyn ChangeService>,
    pub dashboard: Arc<dyn DashboardService>,
    pub surveys: Arc<dyn SurveyService>,
    pub tokens: Arc<dyn TokenService>,
    pub webhooks: Arc<dyn WebhookService>,
    pub imports: Arc<dyn ImportService>,
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

/// The signed-in user of this request, put in the request extensions by the server's session
/// middleware (which has already checked the idle and absolute timeouts).
pub fn identity() -> Option<Identity> {
    use_context::<http::request::Parts>()?.extensions.get::<Identity>().cloned()
}

/// The signed-in user. Someone who must set up two-step sign-in first is refused everything
/// else (403) until they have.
pub fn require_user() -> Result<Identity, AppError> {
    match require_signed_in()? {
        who if who.must_set_up_two_factor => Err(AppError::Forbidden),
        who => Ok(who),
    }
}

/// The signed-in user, even one who must still set up two-step sign-in (its set-up needs this).
pub fn require_signed_in() -> Result<Identity, AppError> {
    identity().ok_or(AppError::Unauthenticated)
}

/// A client user and the one client they belong to.
pub fn require_client() -> Result<(Identity, i64), AppError> {
    let who = require_user()?;
    match (who.role, who.client_id) {
        (crate::model::Role::Client, Some(client_id)) => Ok((who, client_id)),
        _ => Err(AppError::Forbidden),
    }
}

/// A client user who may use `c`, and their client. `Forbidden` for anyone else: a section
/// they may not open answers 403.
pub fn require_capability(c: Capability) -> Result<(Identity, i64), AppError> {
    match require_client()? {
        (who, client_id) if who.can(c) => Ok((who, client_id)),
        _ => Err(AppError::Forbidden),
    }
}

/// The same for one item of a section: an item they may not open answers exactly like a
/// missing one (404).
pub fn require_capability_for_item(c: Capability) -> Result<(Identity, i64), AppError> {
    let (who, client_id) = require_client()?;
    if who.can(c) {
        Ok((who, client_id))
    } else {
        Err(AppError::NotFound)
    }
}

pub fn require_staff() -> Result<Identity, AppError> {
    let who = require_user()?;
    if who.role.is_staff() {
        Ok(who)
    } else {
        Err(AppError::Forbidden)
    }
}

/// An admin: staff who also manage the firm's settings.
pub fn require_admin() -> Result<Identity, AppError> {
    match require_staff()? {
        who if who.role == crate::model::Role::Admin => Ok(who),
        _ => Err(AppError::Forbidden),
    }
}

/// A secret shown once (a new API token, a webhook's signing secret) goes to the page that shows
/// it in a cookie for that page alone, for two minutes, and is never kept on the server: set
/// here by the server function that made it, taken (and cleared) by [`take_once`] as the page
/// renders. The page then needs no script to show it.
pub fn show_once(name: &str, path: &str, secret: &str) {
    let (Some(res), Some(parts)) = (use_context::<leptos_axum::ResponseOptions>(), use_context::<http::request::Parts>()) else { return };
    let cookie = format!("{name}={secret}; Path={path}; Max-Age=120; HttpOnly; SameSite=Strict{}", secure_suffix(&parts));
    if let Ok(v) = http::HeaderValue::from_str(&cookie) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// The secret [`show_once`] left for this page, if any; it is cleared in the same answer.
pub fn take_once(name: &str, path: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let value = parts.headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_string())
    })?;
    if let (Some(res), Ok(clear)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&format!("{name}=; Path={path}; Max-Age=0; HttpOnly; SameSite=Strict{}", secure_suffix(&parts)))) {
        res.append_header(http::header::SET_COOKIE, clear);
    }
    Some(value)
}

/// `; Secure` when the portal is served over https (as the browser's `Origin` says).
fn secure_suffix(parts: &http::request::Parts) -> &'static str {
    let origin = parts.headers.get(http::header::ORIGIN).or_else(|| parts.headers.get(http::header::REFERER)).and_then(|v| v.to_str().ok()).unwrap_or("");
    if origin.starts_with("https://") { "; Secure" } else { "" }
}

/// The address this request came from (as the server's proxy settings resolve it).
pub fn client_address() -> String {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<ClientIp>().map(|ip| ip.0.clone())).unwrap_or_default()
}

/// Counts an attempt against `keys` before anything is checked; a refusal is a 429 (and the
/// first of a burst an `auth.throttled` event, filed under `user` when the keys are a known
/// person's).
pub async fn throttle(keys: &[ThrottleKey], user: Option<&Identity>) -> Result<(), AppError> {
    let Some(refused) = services()?.throttle.attempt(keys).await? else { return Ok(()) };
    if refused.report {
        let scopes: Vec<&str> = keys.iter().map(ThrottleKey::scope).collect();
        let details = serde_json::json!({ "limits": scopes, "retry_after": refused.retry_after });
        let target = user.map_or(("user", String::new(), String::new()), |u| ("user", u.user_id.to_string(), u.name.clone()));
        audit_as(user.cloned(), AuditEntry::success(Action::AuthThrottled, user.and_then(|u| u.client_id), target, details).failed()).await;
    }
    Err(AppError::Throttled { retry_after: refused.retry_after })
}

/// One-time links (invites, password resets) are counted per address before they are looked
/// up: wrong ones stay counted (429 after a few), a working one gives its attempt back.
pub async fn link_attempt<T, F: std::future::Future<Output = Result<T, AppError>>>(f: impl FnOnce() -> F) -> Result<T, AppError> {
    let keys = [ThrottleKey::Invite(client_address())];
    throttle(&keys, None).await?;
    let result = f().await;
    if !matches!(result, Err(AppError::NotFound)) {
        services()?.throttle.forget(&keys).await?;
    }
    result
}

/// Today's date in UTC: overdue and aging are computed against it.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Adds read receipts (how often the client's users opened each item) for a staff list.
pub async fn with_receipts<T: Receipted>(s: &Services, mut items: Vec<T>) -> Result<Vec<T>, AppError> {
    let ids: Vec<i64> = items.iter().map(Receipted::key).collect();
    let mut receipts = s.activity.receipts(T::TARGET, &ids).await?;
    for item in items.iter_mut().filter(|i| i.visible_to_client()) {
        item.set_receipt(receipts.remove(&item.key()).unwrap_or_default());
    }
    Ok(items)
}

/// Records who did what in this request, as the signed-in user.
pub async fn audit(entry: AuditEntry) {
    audit_as(identity(), entry).await
}

/// Records an event for an explicit actor (signing in, when the request has no user yet).
pub async fn audit_as(actor: Option<Identity>, entry: AuditEntry) {
    let (Ok(s), Some(parts)) = (services(), use_context::<http::request::Parts>()) else { return };
    let (source_ip, user_agent, request_id) = request_origin(&parts.headers, &parts.extensions);
    s.audit.record(AuditEvent { actor, entry, source_ip, user_agent, request_id }).await;
}

/// Where a request came from, for its audit events: the client's address (put in the request
/// extensions by the server), the browser's user agent and the request id.
pub fn request_origin(headers: &http::HeaderMap, extensions: &http::Extensions) -> (String, String, String) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").chars().take(512).collect::<String>();
    let ip = extensions.get::<ClientIp>().map(|ip| ip.0.clone()).unwrap_or_default();
    (ip, header("user-agent"), header("x-request-id"))
}

/// Records a client's look at one item: `action` when found, `access.denied` when it is missing
/// or another client's (both answer 404), nothing on other failures.
pub async fn audit_lookup<T>(result: &Result<T, AppError>, action: Action, client_id: i64, target: (&'static str, i64), label: impl Fn(&T) -> String) {
    let (kind, id) = target;
    match result {
        Ok(item) => audit(AuditEntry::success(action, Some(client_id), (kind, id.to_string(), label(item)), serde_json::Value::Null)).await,
        Err(AppError::NotFound) => audit(AuditEntry::denied(Some(client_id), kind, id.to_string())).await,
        Err(_) => {}
    }
}

/// The address of whoever sent the request, put in the request extensions by the server.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// After a form posted without wasm succeeded: back to the page it came from, with `?done=NAME`
/// so that page says what happened (post/redirect/get; see `components::Notice`). Leptos would
/// send a plain form back to its `Referer` anyway; this adds the notice and drops an earlier
/// one and an earlier failure (`__err`, `__path`).
pub fn back_with_notice(name: &str) {
    let Some(parts) = use_context::<http::request::Parts>() else { return };
    let referer = parts.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("/");
    leptos_axum::redirect(&with_notice(referer, name));
}

/// The path and query of `referer` (never another host), with `done=name` in place of any
/// earlier notice or failure.
fn with_notice(referer: &str, name: &str) -> String {
    let after_scheme = referer.find("://").map_or(0, |i| i + 3);
    let local = if after_scheme == 0 { referer } else { referer[after_scheme..].find('/').map_or("/", |i| &referer[after_scheme + i..]) };
    let local = if local.starts_with('/') && !local.starts_with("//") { local } else { "/" };
    let (path, query) = local.split_once('?').unwrap_or((local, ""));
    let notice = format!("done={name}");
    let mut kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !["done", "__err", "__path"].contains(&p.split('=').next().unwrap_or(""))).collect();
    kept.push(&notice);
    format!("{path}?{}", kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::with_notice;

    #[test]
    fn the_notice_goes_back_to_the_same_page_and_replaces_older_ones() {
        assert_eq!(with_notice("http://portal.test/account", "profile"), "/account?done=profile");
        assert_eq!(with_notice("http://portal.test/invoices?status=open&done=x&__err=abc&__path=/api/a", "paid"), "/invoices?status=open&done=paid");
        assert_eq!(with_notice("https://evil.test//other.test/x", "a"), "/?done=a");
        assert_eq!(with_notice("not a url", "a"), "/?done=a");
    }
}
