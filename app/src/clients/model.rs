use crate::invoices::model::InvoiceSummary;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// People per page (a client's people, for staff and for a client admin at /team).
pub const PEOPLE_PAGE_SIZE: usize = 50;

/// A page of a client's people, by name; `next` is where the next page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub items: Vec<Person>,
    pub next: Option<i64>,
}

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

/// A client company's details: its legal name, the email its invoices go to, and what its
/// invoices and statements show. Staff edit them; a client admin proposes changes
/// (`crate::changes`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientInput {
    pub name: String,
    pub email: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
}

/// One of a company's details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompanyField {
    Name,
    Email,
    Address,
    TaxId,
    Phone,
}

impl CompanyField {
    pub const ALL: [CompanyField; 5] = [Self::Name, Self::Email, Self::Address, Self::TaxId, Self::Phone];

    /// Its name in the audit trail's details (`contact_email` as it always was).
    pub fn audit_name(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "contact_email",
            Self::Address => "address",
            Self::TaxId => "tax_id",
            Self::Phone => "phone",
        }
    }

    /// Its form field's name.
    pub fn form_name(self) -> &'static str {
        match self {
            Self::Email => "email",
            f => f.audit_name(),
        }
    }

    pub fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Self::Name => Key::LegalName,
            Self::Email => Key::ContactEmail,
            Self::Address => Key::BillingAddress,
            Self::TaxId => Key::TaxId,
            Self::Phone => Key::Phone,
        }
    }
}

/// A detail that changes, from what it was to what it becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: CompanyField,
    pub from: String,
    pub to: String,
}

impl ClientInput {
    pub fn get(&self, field: CompanyField) -> &str {
        match field {
            CompanyField::Name => &self.name,
            CompanyField::Email => &self.email,
            CompanyField::Address => &self.address,
            CompanyField::TaxId => &self.tax_id,
            CompanyField::Phone => &self.phone,
        }
    }

    pub fn set(&mut self, field: CompanyField, value: String) {
        *match field {
            CompanyField::Name => &mut self.name,
            CompanyField::Email => &mut self.email,
            CompanyField::Address => &mut self.address,
            CompanyField::TaxId => &mut self.tax_id,
            CompanyField::Phone => &mut self.phone,
        } = value;
    }

    /// What differs in `new`, field by field.
    pub fn changes_to(&self, new: &ClientInput) -> Vec<FieldChange> {
        CompanyField::ALL
            .into_iter()
            .filter(|f| self.get(*f) != new.get(*f))
            .map(|field| FieldChange { field, from: self.get(field).into(), to: new.get(field).into() })
            .collect()
    }
}

/// The audit trail's details of `changes`: `{"name": {"from": …, "to": …}, …}`.
pub fn changes_json(changes: &[FieldChange]) -> serde_json::Map<String, serde_json::Value> {
    changes.iter().map(|c| (c.field.audit_name().to_string(), serde_json::json!({ "from": c.from, "to": c.to }))).collect()
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

/// Which clients the staff list shows: part of a name or contact email, and where the page
/// starts (keyset: after this client in name order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientFilter {
    pub q: String,
    pub after: Option<i64>,
}

impl ClientFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        Self { q: get("q").unwrap_or_default().trim().chars().take(120).collect(), after: get("after").and_then(|s| s.parse().ok()) }
    }

    /// The page URL's query, starting at `after` (the first page when `None`).
    pub fn to_query(&self, after: Option<i64>) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", crate::util::urlencode(&self.q)));
        }
        if let Some(a) = after {
            parts.push(format!("after={a}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// Clients per page on the staff list.
pub const CLIENT_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub items: Vec<ClientSummary>,
    /// The `after` of the next page, if there is one.
    pub next: Option<i64>,
}

/// A client in the staff filters' and the invoice editor's client select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientChoice {
    pub id: i64,
    pub name: String,
}

/// At most this many clients in a select (by name; a selected client is always there). Past
/// it, staff reach a client through the client list's search.
pub const MAX_CHOICES: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub client: ClientSummary,
    pub details: ClientInput,
    pub invoices: Vec<InvoiceSummary>,
}
