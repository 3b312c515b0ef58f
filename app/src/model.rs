//! The small core every feature shares: who is asking (role, permissions, identity) and what
//! every page header shows. Each feature keeps its own types in its `model.rs`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A user of one client (a company or a person); sees only that client's data.
    Client,
    /// The firm's staff: sees and manages every client.
    Staff,
    /// Staff who also manage staff and settings.
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "client" => Some(Self::Client),
            "staff" => Some(Self::Staff),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Staff => "staff",
            Self::Admin => "admin",
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Self::Staff | Self::Admin)
    }
}

/// What a client user may use inside their company. Staff see everything and need none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    /// Invoices, payments, statements, and their PDFs and CSVs.
    pub billing: bool,
    /// Documents, previews, uploads and document requests.
    pub documents: bool,
    /// Sees the company's activity and manages the company's own people.
    pub client_admin: bool,
}

impl Permissions {
    pub const ALL: Permissions = Permissions { billing: true, documents: true, client_admin: true };

    pub fn allows(&self, c: Capability) -> bool {
        match c {
            Capability::Billing => self.billing,
            Capability::Documents => self.documents,
            Capability::ClientAdmin => self.client_admin,
        }
    }
}

/// One part of the portal a client user may or may not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Billing,
    Documents,
    ClientAdmin,
}

/// Who is asking: resolved from the session on the server for every request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Set for client users only: the one client whose data they may see.
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    /// What a client user may use (all false for staff, who are not limited by them).
    #[serde(default)]
    pub permissions: Permissions,
    /// Two-step sign-in (a one-time code after the password) is on.
    #[serde(default)]
    pub two_factor: bool,
    /// The firm requires two-step sign-in of this person and it is not on yet: until it is, only
    /// its set-up is open to them.
    #[serde(default)]
    pub must_set_up_two_factor: bool,
    /// The language this person chose at `/account`; `None`: their browser's, else the firm's.
    #[serde(default)]
    pub locale: Option<crate::i18n::Locale>,
    /// The phone number this person gave at `/account` (may be empty).
    #[serde(default)]
    pub phone: String,
    /// Set when an API token acts for this person (`/api/v1`): the audit trail names the token.
    #[serde(default)]
    pub token: Option<TokenActor>,
}

/// An API token, as the audit trail names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenActor {
    pub id: i64,
    pub name: String,
    /// A token limited to this one client reaches nothing of any other.
    pub client_id: Option<i64>,
}

impl Identity {
    /// Whether this caller may reach `client_id`'s data at all: everyone but an API token
    /// limited to another client (whose ids then answer like missing ones).
    pub fn reaches(&self, client_id: i64) -> bool {
        self.token.as_ref().and_then(|t| t.client_id).is_none_or(|only| only == client_id)
    }

    /// A client user who may use `c`.
    pub fn can(&self, c: Capability) -> bool {
        self.role == Role::Client && self.permissions.allows(c)
    }

    /// Where this user lands after signing in: the first part of the portal they may use.
    pub fn home_path(&self) -> &'static str {
        if self.must_set_up_two_factor {
            "/two-step"
        } else if self.role.is_staff() {
            "/staff/clients"
        } else if self.can(Capability::Billing) {
            "/"
        } else if self.can(Capability::Documents) {
            "/documents"
        } else if self.can(Capability::ClientAdmin) {
            "/team"
        } else {
            "/account"
        }
    }
}

/// What every page header shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalInfo {
    pub firm_name: String,
    /// The firm's logo, if it has one (see `branding`).
    #[serde(default)]
    pub logo: Option<String>,
    pub user: Option<Identity>,
    /// Conversations with something the user has not read (see `MessageService::unread`).
    pub unread_messages: i64,
    /// A survey waiting for this client person (see `SurveyService::waiting`).
    #[serde(default)]
    pub survey: Option<i64>,
}
