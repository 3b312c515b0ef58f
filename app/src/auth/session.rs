//! What the portal keeps in a session, and how signing in and out changes it.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// The key of [`SignedIn`] in the session record (the store reads the user id from it).
pub const KEY: &str = "auth";

/// The signed-in state of a session. Times are Unix seconds (UTC).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: i64,
    /// When the password was checked: the absolute timeout counts from here.
    pub auth_at: i64,
    /// Last request seen: the idle timeout counts from here.
    pub seen_at: i64,
    /// Where and with what the person signed in, for their list of sessions.
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub user_agent: String,
}

fn store_err(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store failed");
    AppError::Unavailable
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Starts an authenticated session under a new id (no session fixation).
pub async fn sign_in(session: &Session, user_id: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_err)?;
    let t = now();
    let (address, user_agent) = match leptos::prelude::use_context::<http::request::Parts>() {
        Some(parts) => {
            let (ip, ua, _) = crate::services::request_origin(&parts.headers, &parts.extensions);
            (ip, ua)
        }
        None => Default::default(),
    };
    session.insert(KEY, SignedIn { user_id, auth_at: t, seen_at: t, address, user_agent }).await.map_err(store_err)
}

/// After a password or two-step change: every session of the person ends, and this one goes on
/// under a new id.
pub async fn renew(session: &Session, user_id: i64) -> Result<(), AppError> {
    crate::services::services()?.sessions.end_all(user_id).await?;
    session.cycle_id().await.map_err(store_err)
}

/// Ends the session: the record is deleted from the store and the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(store_err)
}

pub async fn signed_in(session: &Session) -> Result<Option<SignedIn>, AppError> {
    session.get::<SignedIn>(KEY).await.map_err(store_err)
}

pub async fn touch(session: &Session, state: SignedIn) -> Result<(), AppError> {
    session.insert(KEY, SignedIn { seen_at: now(), ..state }).await.map_err(store_err)
}

/// A sign-in halfway: the password was right and the one-time code comes next, in a second
/// plain form (so the page needs no wasm and the password is not typed twice).
const PENDING: &str = "auth.pending";
/// How long the code step waits for its code.
const PENDING_SECS: i64 = 300;

#[derive(Serialize, Deserialize)]
struct Pending {
    user_id: i64,
    at: i64,
}

pub async fn await_code(session: &Session, user_id: i64) -> Result<(), AppError> {
    session
        .insert(PENDING, Pending { user_id, at: now() })
        .await
        .map_err(store_err)
}

/// Whose password was right in this session a moment ago, while the code step lasts.
pub async fn awaiting_code(session: &Session) -> Result<Option<i64>, AppError> {
    let pending = session.get::<Pending>(PENDING).await.map_err(store_err)?;
    Ok(pending
        .filter(|p| now() - p.at <= PENDING_SECS)
        .map(|p| p.user_id))
}

pub async fn clear_pending(session: &Session) -> Result<(), AppError> {
    session
        .remove_value(PENDING)
        .await
        .map(drop)
        .map_err(store_err)
}

/// This request's session (server functions only).
pub async fn current() -> Result<Session, AppError> {
    leptos_axum::extract().await.map_err(|_| AppError::Internal)
}
