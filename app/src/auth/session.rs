//! What the portal keeps in a session, and how signing in and out changes it.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const KEY: &str = "auth";

/// The signed-in state of a session. Times are Unix seconds (UTC).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: i64,
    /// When the password was checked: the absolute timeout counts from here.
    pub auth_at: i64,
    /// Last request seen: the idle timeout counts from here.
    pub seen_at: i64,
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
    session.insert(KEY, SignedIn { user_id, auth_at: t, seen_at: t }).await.map_err(store_err)
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

const PENDING_TOTP: &str = "totp_pending";

/// A two-step sign-in secret being set up: kept in the session until the user confirms a code.
pub async fn set_pending_totp(session: &Session, secret: Option<String>) -> Result<(), AppError> {
    match secret {
        Some(s) => session.insert(PENDING_TOTP, s).await.map_err(store_err),
        None => session.remove::<String>(PENDING_TOTP).await.map(|_| ()).map_err(store_err),
    }
}

pub async fn pending_totp(session: &Session) -> Result<Option<String>, AppError> {
    session.get::<String>(PENDING_TOTP).await.map_err(store_err)
}
