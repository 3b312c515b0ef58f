//! Model types shared by the server and the browser.

use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use time::Date;

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
}

impl Identity {
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

/// Whether the firm requires two-step sign-in (set by an admin at `/staff/settings`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorPolicy {
    pub staff: bool,
    pub clients: bool,
}

impl TwoFactorPolicy {
    pub fn requires(&self, role: Role) -> bool {
        if role.is_staff() { self.staff } else { self.clients }
    }
}

/// What every page header shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalInfo {
    pub firm_name: String,
    pub user: Option<Identity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared by staff; never visible to clients.
    Draft,
    Open,
    PartiallyPaid,
    Paid,
    Void,
}

impl InvoiceStatus {
    /// The status that follows from what has been paid, for an issued invoice.
    pub fn from_payments(paid: i64, total: i64) -> Self {
        if paid <= 0 {
            Self::Open
        } else if paid >= total {
            Self::Paid
        } else {
            Self::PartiallyPaid
        }
    }

    /// Only drafts can be edited or issued.
    pub fn is_editable(&self) -> bool {
        *self == Self::Draft
    }

    /// Payments go only to issued invoices that still have a balance.
    pub fn takes_payments(&self) -> bool {
        matches!(self, Self::Open | Self::PartiallyPaid)
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "open" => Some(Self::Open),
            "partially_paid" => Some(Self::PartiallyPaid),
            "paid" => Some(Self::Paid),
            "void" => Some(Self::Void),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Void => "void",
        }
    }

    /// Overdue is derived, never stored: money still owed after the due date.
    pub fn is_overdue(&self, due: Date, today: Date) -> bool {
        matches!(self, Self::Open | Self::PartiallyPaid) && due < today
    }
}

/// One row of an invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: i64,
    pub number: String,
    pub client_id: i64,
    pub client_name: String,
    pub issue_date: Date,
    pub due_date: Date,
    pub status: InvoiceStatus,
    pub overdue: bool,
    pub total: Money,
    pub amount_due: Money,
    /// Staff lists only: how often the client's users opened it.
    #[serde(default)]
    pub receipt: Option<crate::audit::model::Receipt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    /// Quantity in thousandths (1500 = 1.5 hours).
    pub quantity_milli: i64,
    pub unit_price: Money,
    /// Tax rate in basis points (2000 = 20 %).
    pub tax_rate_bp: i64,
    /// Net amount of the line, before tax.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: i64,
    pub paid_on: Date,
    pub method: String,
    pub reference: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub summary: InvoiceSummary,
    pub notes: String,
    /// Why staff voided it (empty unless void).
    pub void_reason: String,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: Money,
    pub tax: Money,
    pub payments: Vec<Payment>,
    pub paid: Money,
}

/// What a client sees first: what they owe, and what is late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub client_name: String,
    /// Amount due per currency (no conversion between currencies).
    pub due: Vec<Money>,
    pub overdue_count: i64,
    /// Overdue amounts per currency.
    pub overdue: Vec<Money>,
    pub open_count: i64,
    pub next_due: Option<InvoiceSummary>,
    pub last_payment: Option<LastPayment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPayment {
    pub paid_on: Date,
    pub amount: Money,
    pub invoice_id: i64,
    pub invoice_number: String,
}

/// One page of a keyset-paginated invoice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePage {
    pub items: Vec<InvoiceSummary>,
    /// Cursor of the next page, if there is one.
    pub next: Option<String>,
}

/// An invoice as staff type it in: amounts are text, checked and converted on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDraft {
    pub client_id: i64,
    pub number: String,
    pub issue_date: String,
    pub due_date: String,
    pub currency: String,
    pub notes: String,
    pub lines: Vec<DraftLine>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    /// Percent, e.g. "8.25".
    pub tax_rate: String,
}

/// A payment (or refund) as staff type it in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    pub amount: String,
    pub paid_on: String,
    pub method: String,
    pub reference: String,
    /// True for a refund: money returned to the client.
    #[serde(default)]
    pub refund: bool,
}

/// A row of the aging report: one client, one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingRow {
    pub client_id: i64,
    pub client_name: String,
    pub currency: crate::money::Currency,
    pub aging: crate::invoices::statement::Aging,
}

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

/// Sums amounts per currency, in a stable (alphabetical) currency order.
pub fn totals_by_currency(amounts: impl IntoIterator<Item = Money>) -> Vec<Money> {
    let mut map = std::collections::BTreeMap::<Currency, i64>::new();
    for m in amounts {
        *map.entry(m.currency).or_default() += m.minor;
    }
    map.into_iter().map(|(c, minor)| Money::new(minor, c)).collect()
}
