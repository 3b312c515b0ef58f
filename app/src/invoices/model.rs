//! Invoices, payments and their pages' data, as the server and the browser share them.

use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::Date;

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

impl InvoiceDraft {
    /// The draft with its numbers as `locale` types them turned into the portal's own form.
    pub fn typed_in(mut self, locale: crate::i18n::Locale) -> Self {
        for line in &mut self.lines {
            for field in [&mut line.quantity, &mut line.unit_price, &mut line.tax_rate] {
                *field = locale.typed_number(field);
            }
        }
        self
    }
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
