//! Server-only: the services a server function may call, and who is asking.
//! The `server` crate implements the traits with sqlx and provides [`Services`] through Leptos
//! context; server functions stay thin: identity → permission → service call.

use crate::activity::model::{ActivityFilter, ActivityPage, Engagement, LastSeen, Receipt};
use crate::error::AppError;
use crate::documents::model::{DocumentDetail, DocumentFilter, DocumentRequest, DocumentSummary};
use crate::invoices::filter::InvoiceFilter;
use crate::invoices::statement::Statement;
use crate::auth::model::SessionInfo;
use crate::model::{AgingRow, Capability, ClientDetail, ClientSummary, Dashboard, Identity, InvoiceDetail, InvoiceDraft, InvoicePage, PaymentInput, Permissions, TwoFactorPolicy};
use crate::people::model::{ClientInput, Invite, Invitee, Person};
use async_trait::async_trait;
use leptos::prelude::*;
use std::sync::Arc;
use time::Date;

#[async_trait]
pub trait AuthService: Send + Sync {
    /// Checks an email and password. Unknown email, wrong password, a disabled person and an
    /// invited one who has not set a password all give the same `invalid_credentials` error,
    /// after the same work. `Busy` when every password worker is taken.
    async fn authenticate(&self, email: &str, password: &str) -> Result<Identity, AppError>;
    /// Whether `password` is the user's own (the check before an account change).
    async fn check_password(&self, user_id: i64, password: &str) -> Result<bool, AppError>;
    /// The identity of an active user, or `None` when the user is gone or disabled.
    async fn identity(&self, user_id: i64) -> Result<Option<Identity>, AppError>;
    /// Changes a user's display name; returns the old one.
    async fn update_name(&self, user_id: i64, name: &str) -> Result<String, AppError>;
    /// Sets a new password (the caller has checked the current one).
    async fn set_password(&self, user_id: i64, new: &str) -> Result<(), AppError>;
    /// Two-step sign-in: a new secret and its `otpauth://` link, kept with the user (never in
    /// the session) until a code from it confirms it.
    async fn start_second_factor(&self, user_id: i64, account: &str) -> Result<(String, String), AppError>;
    /// Turns two-step sign-in on when `code` comes from the pending secret; the code is spent
    /// (it cannot also sign in). Returns ten new recovery codes, shown once.
    async fn enable_second_factor(&self, user_id: i64, code: &str) -> Result<Vec<String>, AppError>;
    /// Turns two-step sign-in off and removes the recovery codes.
    async fn disable_second_factor(&self, user_id: i64) -> Result<(), AppError>;
    /// Checks a one-time code or a recovery code; each is accepted once.
    async fn check_second_factor(&self, user_id: i64, code: &str) -> Result<SecondFactor, AppError>;
    /// Ten new recovery codes in place of the old ones.
    async fn new_recovery_codes(&self, user_id: i64) -> Result<Vec<String>, AppError>;
    /// Who an email belongs to, if anyone (for failed sign-in events): their user id and client.
    async fn known_email(&self, email: &str) -> Result<Option<(i64, Option<i64>)>, AppError>;
    /// Whether the firm requires two-step sign-in of staff and of client users.
    async fn two_factor_policy(&self) -> Result<TwoFactorPolicy, AppError>;
    async fn set_two_factor_policy(&self, policy: TwoFactorPolicy) -> Result<(), AppError>;
}

/// How a code typed at sign-in was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// The authenticator app's current code.
    Code,
    /// One of the recovery codes; `remaining` are left.
    Recovery { remaining: i64 },
    Wrong,
}

/// A person's signed-in sessions (the store keeps who each belongs to).
#[async_trait]
pub trait SessionService: Send + Sync {
    /// The person's live sessions, newest first; `current` marks the one asking.
    async fn list(&self, user_id: i64, current: Option<tower_sessions::session::Id>) -> Result<Vec<SessionInfo>, AppError>;
    /// Ends one of the person's sessions; `NotFound` for anyone else's.
    async fn end(&self, user_id: i64, handle: &str) -> Result<(), AppError>;
    /// Ends every session of the person (the caller's own then gets a new id).
    async fn end_all(&self, user_id: i64) -> Result<u64, AppError>;
}

/// What a failed attempt is counted against. Every instance sees the same counts (they live in
/// the database), and nothing ever locks for good: counts start over each hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThrottleKey {
    /// Sign-ins for one email address, known or not.
    Account(String),
    /// Sign-ins from one address.
    Address(String),
    /// One-time or recovery codes of one person.
    Code(i64),
    /// Invite links tried from one address.
    Invite(String),
    /// Password checks before an account change, per person.
    Reauth(i64),
    /// Password reset links asked for one email address, known or not.
    Reset(String),
}

/// An attempt refused because its key is still waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    pub retry_after: u64,
    /// True for the first refusal of a burst: that one goes into the audit trail.
    pub report: bool,
}

#[async_trait]
pub trait ThrottleService: Send + Sync {
    /// Counts an attempt against every key, before any check is made. Refused (nothing counted)
    /// while one of the keys must still wait.
    async fn attempt(&self, keys: &[ThrottleKey]) -> Result<Option<Throttled>, AppError>;
    /// The attempt succeeded: the key's count starts over.
    async fn reset(&self, key: &ThrottleKey) -> Result<(), AppError>;
    /// Takes an attempt back: the server was too busy to check it, or it succeeded from an
    /// address that many people share.
    async fn forget(&self, keys: &[ThrottleKey]) -> Result<(), AppError>;
}

/// Whose invoices a call may touch: one client's issued invoices, or (staff) everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Client(i64),
    Staff,
}

#[async_trait]
pub trait InvoiceService: Send + Sync {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError>;
    /// One page of invoices matching the filter. A client scope never sees drafts or another
    /// client's invoices, whatever the filter says.
    async fn list(&self, scope: Scope, filter: &InvoiceFilter, today: Date) -> Result<InvoicePage, AppError>;
    /// One invoice. Outside the scope it is `NotFound`, exactly like a missing one.
    async fn get(&self, scope: Scope, invoice_id: i64, today: Date) -> Result<InvoiceDetail, AppError>;
    async fn statement(&self, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError>;
    /// What every client owes, by age, per currency.
    async fn aging(&self, today: Date) -> Result<Vec<AgingRow>, AppError>;
    async fn create_draft(&self, draft: InvoiceDraft) -> Result<i64, AppError>;
    async fn update_draft(&self, invoice_id: i64, draft: InvoiceDraft) -> Result<(), AppError>;
    async fn issue(&self, invoice_id: i64) -> Result<(), AppError>;
    async fn void(&self, invoice_id: i64, reason: String) -> Result<(), AppError>;
    async fn record_payment(&self, invoice_id: i64, input: PaymentInput, recorded_by: i64) -> Result<i64, AppError>;
}

#[async_trait]
pub trait DocumentService: Send + Sync {
    /// A client's documents. A client scope never sees deleted ones or another client's.
    async fn list(&self, scope: Scope, client_id: i64, viewer: i64, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, AppError>;
    /// One document with its versions; outside the scope it is `NotFound`.
    async fn get(&self, scope: Scope, id: i64, viewer: i64) -> Result<DocumentDetail, AppError>;
    /// Soft delete (restorable for 30 days) and restore.
    async fn set_deleted(&self, id: i64, deleted: bool) -> Result<DocumentSummary, AppError>;
    async fn requests(&self, client_id: i64, today: Date) -> Result<Vec<DocumentRequest>, AppError>;
    async fn create_request(&self, client_id: i64, title: String, description: String, due: Option<Date>, by: i64) -> Result<i64, AppError>;
}

/// One entry of the audit trail, as a service call reports it; who, from where and when are
/// filled in from the request.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: &'static str,
    pub client_id: Option<i64>,
    pub target_type: &'static str,
    pub target_id: String,
    pub target_label: String,
    pub outcome: &'static str,
    pub details: serde_json::Value,
    /// Who acted when nobody is signed in: `anonymous` (the default) or `system` (the command
    /// line, the payment provider). A `details.email` is kept as the actor's email.
    pub actor_kind: Option<&'static str>,
}

impl Scope {
    /// Whose data `who` may see in the part of the portal that needs `c`: staff and admins see
    /// every client; a client user sees their own client when they may use `c`, else nothing.
    pub fn of(who: &Identity, c: Capability) -> Option<Self> {
        match (who.role.is_staff(), who.client_id) {
            (true, _) => Some(Scope::Staff),
            (false, Some(client_id)) if who.can(c) => Some(Scope::Client(client_id)),
            _ => None,
        }
    }
}

impl AuditEntry {
    /// Someone asked for an item outside their scope (answered as not found).
    pub fn denied(client_id: Option<i64>, target_type: &'static str, target_id: String) -> Self {
        Self { outcome: "denied", ..Self::success("access.denied", client_id, (target_type, target_id, String::new()), serde_json::Value::Null) }
    }

    /// A successful action on a target `(type, id, label)`.
    pub fn success(action: &'static str, client_id: Option<i64>, target: (&'static str, String, String), details: serde_json::Value) -> Self {
        Self { action, client_id, target_type: target.0, target_id: target.1, target_label: target.2, outcome: "success", details, actor_kind: None }
    }

    /// An attempt that did not succeed (a wrong password, for one).
    pub fn failed(self) -> Self {
        Self { outcome: "failed", ..self }
    }

    /// An action taken by the system or an operator on the command line, not by a signed-in user.
    pub fn by_system(self) -> Self {
        Self { actor_kind: Some("system"), ..self }
    }
}

/// A complete audit event, ready to be written.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor: Option<Identity>,
    pub entry: AuditEntry,
    pub source_ip: String,
    pub user_agent: String,
    pub request_id: String,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Queues the event; waits only when the writer is too far behind (never drops it).
    async fn record(&self, event: AuditEvent);
    /// Returns once every event recorded so far is stored.
    async fn flush(&self) {}
}

/// Reading the audit trail (staff pages, read receipts, engagement, a client admin's view).
#[async_trait]
pub trait ActivityService: Send + Sync {
    /// Newest first, `limit` per page, keyset by id.
    async fn search(&self, filter: &ActivityFilter, limit: i64) -> Result<ActivityPage, AppError>;
    /// Client views of the given invoices or documents (`target_type` `invoice` or `document`).
    async fn receipts(&self, target_type: &'static str, ids: &[i64]) -> Result<std::collections::HashMap<i64, Receipt>, AppError>;
    async fn engagement(&self) -> Result<Engagement, AppError>;
    /// A client's users and when each was last seen.
    async fn users_last_seen(&self, client_id: i64) -> Result<Vec<LastSeen>, AppError>;
}

#[async_trait]
pub trait ClientService: Send + Sync {
    async fn list(&self, today: Date) -> Result<Vec<ClientSummary>, AppError>;
    async fn get(&self, client_id: i64, today: Date) -> Result<ClientSummary, AppError>;
    async fn create(&self, input: &ClientInput) -> Result<i64, AppError>;
    /// Changes a client's name and contact email; returns what they were and what they are now.
    async fn update(&self, client_id: i64, input: &ClientInput) -> Result<(ClientInput, ClientInput), AppError>;
}

/// A client's people. Every call names the client: a user of another client is `NotFound`.
#[async_trait]
pub trait PeopleService: Send + Sync {
    /// Everyone of the client, with their status and when each was last seen.
    async fn list(&self, client_id: i64) -> Result<Vec<Person>, AppError>;
    /// Creates a client user without a password, and a one-time link to set one.
    async fn invite(&self, client_id: i64, name: &str, email: &str, permissions: Permissions, by: i64) -> Result<Invite, AppError>;
    /// A new link for someone who has not accepted yet; the old link stops working.
    async fn renew_invite(&self, client_id: i64, user_id: i64, by: i64) -> Result<Invite, AppError>;
    /// Disables (ending their sessions at once) or enables someone; returns them as they are
    /// now, or `None` when nothing changed.
    async fn set_disabled(&self, client_id: i64, user_id: i64, disabled: bool) -> Result<Option<Person>, AppError>;
    /// Sets what someone may use; returns them before and after, or `None` when nothing changed.
    async fn set_permissions(&self, client_id: i64, user_id: i64, permissions: Permissions) -> Result<Option<(Person, Person)>, AppError>;
    /// Turns someone's two-step sign-in off (a lost phone) and ends their sessions; `None` when
    /// it was off.
    async fn reset_second_factor(&self, client_id: i64, user_id: i64) -> Result<Option<Person>, AppError>;
    /// Who a working invite token is for; `NotFound` for an unknown, used or expired one.
    async fn invitee(&self, token: &str) -> Result<Invitee, AppError>;
    /// Sets the invitee's password and spends the invite; returns their user id.
    async fn accept_invite(&self, token: &str, password: &str) -> Result<i64, AppError>;
}

/// Mail that people ask for or choose: reset links, preferences, and what staff see of
/// delivery and reminders.
#[async_trait]
pub trait MailService: Send + Sync {
    /// Queues a reset link when the address is an active person's, and nothing otherwise; it
    /// returns at once either way, so the answer takes the same time.
    async fn request_reset(&self, email: &str) -> Result<(), AppError>;
    /// The email a working reset link is for; `NotFound` for an unknown, used or expired one.
    async fn reset_target(&self, token: &str) -> Result<String, AppError>;
    /// Sets the new password, spends the link and ends every session of the person; returns
    /// their user id.
    async fn complete_reset(&self, token: &str, password: &str) -> Result<i64, AppError>;
    async fn preferences(&self, user_id: i64) -> Result<Vec<crate::mail::model::MailPreference>, AppError>;
    /// Returns whether anything changed.
    async fn set_preference(&self, user_id: i64, kind: &str, on: bool) -> Result<bool, AppError>;
    /// The client's mails that failed or are still being retried, newest first.
    async fn undelivered(&self, client_id: i64) -> Result<Vec<crate::mail::model::UndeliveredMail>, AppError>;
    async fn schedule(&self) -> Result<crate::mail::model::ReminderSchedule, AppError>;
    async fn set_schedule(&self, s: &crate::mail::model::ReminderSchedule) -> Result<crate::mail::model::ReminderSchedule, AppError>;
    /// Reminders sent for an invoice, oldest first.
    async fn invoice_reminders(&self, invoice_id: i64) -> Result<Vec<crate::mail::model::ReminderSent>, AppError>;
}

/// Every service, behind one cheap-to-clone handle.
#[derive(Clone)]
pub struct Services {
    /// The firm's display name, shown in every page header.
    pub firm_name: Arc<str>,
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
        audit_as(user.cloned(), AuditEntry::success("auth.throttled", user.and_then(|u| u.client_id), target, details).failed()).await;
    }
    Err(AppError::Throttled { retry_after: refused.retry_after })
}

impl ThrottleKey {
    /// The kind of limit, as stored and as shown in the audit trail.
    pub fn scope(&self) -> &'static str {
        match self {
            Self::Account(_) => "account",
            Self::Address(_) => "address",
            Self::Code(_) => "code",
            Self::Invite(_) => "invite",
            Self::Reauth(_) => "password_check",
            Self::Reset(_) => "password_reset",
        }
    }
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

/// Combines a client summary with its latest invoices for the staff client page.
pub async fn client_detail(s: &Services, client_id: i64) -> Result<ClientDetail, AppError> {
    let client = s.clients.get(client_id, today()).await?;
    let filter = InvoiceFilter { client_id: Some(client_id), ..Default::default() };
    let invoices = s.invoices.list(Scope::Staff, &filter, today()).await?.items;
    let invoices = with_receipts(s, invoices).await?;
    Ok(ClientDetail { client, invoices })
}

/// An item staff see with a read receipt.
pub trait Receipted {
    const TARGET: &'static str;
    fn key(&self) -> i64;
    /// Whether clients can see it at all (a draft invoice has no receipt).
    fn visible_to_client(&self) -> bool {
        true
    }
    fn set_receipt(&mut self, receipt: Receipt);
}

impl Receipted for crate::model::InvoiceSummary {
    const TARGET: &'static str = "invoice";
    fn key(&self) -> i64 {
        self.id
    }
    fn visible_to_client(&self) -> bool {
        self.status != crate::model::InvoiceStatus::Draft
    }
    fn set_receipt(&mut self, receipt: Receipt) {
        self.receipt = Some(receipt);
    }
}

impl Receipted for DocumentSummary {
    const TARGET: &'static str = "document";
    fn key(&self) -> i64 {
        self.id
    }
    fn set_receipt(&mut self, receipt: Receipt) {
        self.receipt = Some(receipt);
    }
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
pub async fn audit_lookup<T>(result: &Result<T, AppError>, action: &'static str, client_id: i64, target: (&'static str, i64), label: impl Fn(&T) -> String) {
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
    let kept = query.split('&').filter(|p| !p.is_empty() && !["done", "__err", "__path"].contains(&p.split('=').next().unwrap_or("")));
    let query: Vec<&str> = kept.collect();
    let mut url = path.to_string();
    url.push('?');
    for p in query {
        url.push_str(p);
        url.push('&');
    }
    url.push_str("done=");
    url.push_str(name);
    url
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
