use crate::invoices::model::InvoiceSummary;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// One of a client's people, as staff see them on the client's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub permissions: crate::model::Permissions,
    pub status: PersonStatus,
    /// Two-step sign-in is on (staff can reset it for someone who lost their phone).
    pub two_factor: bool,
    /// Microseconds since the Unix epoch, UTC.
    pub last_seen: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    Active,
    /// Invited, and has not set a password yet.
    Invited,
    /// Cannot sign in; sessions end at their next request.
    Disabled,
}

/// A client's name and main contact email, as staff enter them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInput {
    pub name: String,
    pub email: String,
}

/// A one-time link for someone to set their password. The token is shown to staff once; only
/// its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub token: String,
    /// Seconds since the Unix epoch, UTC.
    pub expires_at: i64,
}

impl Invite {
    /// The link's path; the page puts its own origin in front.
    pub fn path(&self) -> String {
        format!("/welcome?token={}", self.token)
    }
}

/// What the welcome page shows to whoever opens a valid invite link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub name: String,
    pub email: String,
    pub client_name: String,
}

/// How long an invite link works.
pub const INVITE_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub outstanding: Vec<Money>,
    pub overdue_count: i64,
    pub user_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub client: ClientSummary,
    pub invoices: Vec<InvoiceSummary>,
}
