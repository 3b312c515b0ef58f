//! Types of signing in that the browser sees too.

use serde::{Deserialize, Serialize};

/// One signed-in session of a person, as `/account` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Names the session for "end it" (a hash of its id, never the id itself).
    pub handle: String,
    /// The session this list was asked for from.
    pub current: bool,
    /// Unix seconds, UTC.
    pub signed_in_at: i64,
    pub last_seen_at: i64,
    pub address: String,
    pub user_agent: String,
}

/// Shown once when two-step sign-in is turned on or the codes are renewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes(pub Vec<String>);

/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// Whether the firm requires two-step sign-in (set by an admin at `/staff/settings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorPolicy {
    pub staff: bool,
    pub clients: bool,
}

impl TwoFactorPolicy {
    pub fn requires(&self, role: crate::model::Role) -> bool {
        if role.is_staff() { self.staff } else { self.clients }
    }
}
