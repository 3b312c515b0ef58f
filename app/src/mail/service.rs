//! Server-only: what the server implements for mail.

use crate::error::AppError;
use async_trait::async_trait;

/// Mail that people ask for or choose: reset links, preferences, and what staff see of
/// delivery and reminders.
#[async_trait]
pub trait MailService: Send + Sync {
    /// Queues a reset link when the address is an active person's, and nothing otherwise; it
    /// returns at once either way, so the answer takes the same time.
    async fn request_reset(&self, email: &str) -> Result<(), AppError>;
    /// The email a working reset link is for; `NotFound` for an unknown, used or expired one.
    async fn reset_target(&self, token: &str) -> Result<String, AppError>;
    /// Sets the new password, spends the link and ends every session of the person; returns
    /// their user id.
    async fn complete_reset(&self, token: &str, password: &str) -> Result<i64, AppError>;
    async fn preferences(&self, user_id: i64) -> Result<Vec<crate::mail::model::MailPreference>, AppError>;
    /// Returns whether anything changed.
    async fn set_preference(&self, user_id: i64, kind: &str, on: bool) -> Result<bool, AppError>;
    /// The client's mails that failed or are still being retried, newest first.
    async fn undelivered(&self, client_id: i64) -> Result<Vec<crate::mail::model::UndeliveredMail>, AppError>;
    async fn schedule(&self) -> Result<crate::mail::model::ReminderSchedule, AppError>;
    async fn set_schedule(&self, s: &crate::mail::model::ReminderSchedule) -> Result<crate::mail::model::ReminderSchedule, AppError>;
    /// Reminders sent for an invoice, oldest first.
    async fn invoice_reminders(&self, invoice_id: i64) -> Result<Vec<crate::mail::model::ReminderSent>, AppError>;
}
