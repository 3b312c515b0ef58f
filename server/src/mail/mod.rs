//! Mail: every mail is first a row of the `outbox`, written in the same transaction as the
//! change that causes it (see [`queue`]); a worker ([`send`]) delivers it over SMTP with
//! retries, or writes it as an `.eml` file when no SMTP server is set. Reminders and the staff
//! digest ([`schedule`]) are queued by the same worker, once per step across instances.

pub mod compose;
pub mod outbox;
pub mod prefs;
pub mod queue;
pub mod schedule;
pub mod send;
pub mod service;
pub mod unsubscribe;
pub(crate) mod text;

use app::i18n::Locale;
use lettre::message::Mailbox;
use std::sync::Arc;
use tokio::sync::Notify;

/// What a mail is about. The string is stored in the outbox and in mail preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invitation,
    PasswordReset,
    InvoiceIssued,
    PaymentReceived,
    InvoiceReminder,
    DocumentShared,
    DocumentRequested,
    RequestReminder,
    StaffDigest,
    MessageReceived,
    SurveyRequested,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Invitation,
        Kind::PasswordReset,
        Kind::InvoiceIssued,
        Kind::PaymentReceived,
        Kind::InvoiceReminder,
        Kind::DocumentShared,
        Kind::DocumentRequested,
        Kind::RequestReminder,
        Kind::StaffDigest,
        Kind::MessageReceived,
        Kind::SurveyRequested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::PasswordReset => "password_reset",
            Kind::InvoiceIssued => "invoice_issued",
            Kind::PaymentReceived => "payment_received",
            Kind::InvoiceReminder => "invoice_reminder",
            Kind::DocumentShared => "document_shared",
            Kind::DocumentRequested => "document_requested",
            Kind::RequestReminder => "request_reminder",
            Kind::StaffDigest => "staff_digest",
            Kind::MessageReceived => "message_received",
            Kind::SurveyRequested => "survey_requested",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Security mails (a reset link, an invitation) always go and carry no unsubscribe link.
    pub fn is_security(self) -> bool {
        matches!(self, Kind::Invitation | Kind::PasswordReset)
    }

    /// Whether a person gets this kind until they say otherwise (the digest is asked for).
    pub fn default_on(self) -> bool {
        !matches!(self, Kind::StaffDigest)
    }
}

/// Who a mail goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// The language the mail is written in: the person's, else the firm's default.
    pub locale: Locale,
}

/// SQL for a person's mail language (`u` is the users row): their choice, else the firm's.
pub const RECIPIENT_LOCALE: &str = "COALESCE(u.locale, (SELECT value FROM settings WHERE key = 'default_locale'), 'en')";

impl Recipient {
    pub fn new(user_id: i64, name: String, email: String, locale: &str) -> Self {
        Self { user_id, name, email, locale: Locale::from_tag(locale).unwrap_or(Locale::En) }
    }
}

/// What every mail needs to know about the firm and the portal. Shared by the services that
/// queue mail and by the worker.
pub struct Mailer {
    /// The firm's name in every mail, as it is now (an admin may change it).
    pub brand: std::sync::Arc<dyn app::services::BrandService>,
    /// The portal's address without a trailing slash; every link starts with it.
    pub public_url: String,
    pub from: Mailbox,
    /// Signs unsubscribe links (HMAC-SHA256), so that one works without signing in.
    key: [u8; 32],
    /// Wakes the worker when a mail is queued.
    pub wake: Notify,
}

impl Mailer {
    pub fn new(brand: std::sync::Arc<dyn app::services::BrandService>, public_url: &str, from: Mailbox, key: [u8; 32]) -> Arc<Self> {
        Arc::new(Self { brand, public_url: public_url.trim_end_matches('/').to_string(), from, key, wake: Notify::new() })
    }

    /// The firm's name as it is now.
    pub fn firm_name(&self) -> String {
        self.brand.current().name
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// The sender's mailbox: `--mail-from` with the firm's name (or `--mail-from-name`).
pub fn sender(address: &str, name: &str) -> Result<Mailbox, String> {
    let address = address.parse().map_err(|_| format!("PORTICO_MAIL_FROM: {address:?} is not an email address"))?;
    Ok(Mailbox::new(Some(name.to_string()), address))
}
