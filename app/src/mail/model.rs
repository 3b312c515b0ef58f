use serde::{Deserialize, Serialize};

/// Kinds of mail a person may turn on or off (security mails always go).
pub const CLIENT_BILLING_KINDS: [&str; 3] = ["invoice_issued", "payment_received", "invoice_reminder"];
pub const CLIENT_DOCUMENT_KINDS: [&str; 3] = ["document_shared", "document_requested", "request_reminder"];
pub const STAFF_KINDS: [&str; 1] = ["staff_digest"];
/// Everyone, staff and client people alike.
pub const MESSAGE_KINDS: [&str; 1] = ["message_received"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPreference {
    pub kind: String,
    pub on: bool,
}

/// A mail that has not reached its recipient: refused for good (`failed`) or still being
/// retried (`pending`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndeliveredMail {
    pub id: i64,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub error: String,
    /// Unix microseconds, as the activity pages show times.
    pub queued_at: i64,
}

/// Days from the due date on which reminders go, as the firm typed them (`-3, 0, 7, 30`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSchedule {
    pub invoice: String,
    pub request: String,
}

/// A reminder that went out for an invoice, as staff see it on the invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSent {
    pub step: i64,
    /// Unix seconds.
    pub sent_at: i64,
}
