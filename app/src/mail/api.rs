//! Server functions for password resets, mail preferences, undelivered mail and the reminder
//! schedule.

use super::model::{MailPreference, ReminderSchedule, ReminderSent, UndeliveredMail};
use crate::error::AppError;
use leptos::prelude::*;

/// "Forgot your password?": sends a reset link when the address is a person's. The answer, its
/// status and its time are the same whether or not it is (the mail is queued in the
/// background). Counted per address typed and per client address, like sign-ins.
#[server(endpoint = "password-reset-request")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::services::*;
    let email: String = email.trim().chars().filter(|c| !c.is_control()).take(320).collect::<String>().to_lowercase();
    if !email.contains('@') {
        return Err(AppError::invalid("email", "invalid_email"));
    }
    let s = services()?;
    throttle(&[ThrottleKey::Reset(email.clone()), ThrottleKey::Address(client_address())], None).await?;
    let (client_id, target, email_kept) = match s.auth.known_email(&email).await? {
        Some((user_id, client_id)) => (client_id, ("user", user_id.to_string(), String::new()), email.clone()),
        None => (None, ("user", String::new(), String::new()), crate::auth::api::UNKNOWN_EMAIL.to_string()),
    };
    s.mail.request_reset(&email).await?;
    audit_as(None, AuditEntry::success(Action::AuthResetRequested, client_id, target, serde_json::json!({ "email": email_kept }))).await;
    back_with_notice("sent");
    Ok(())
}

/// The address a reset link is for; `NotFound` when it does not work.
#[server(endpoint = "password-reset")]
pub async fn get_reset(token: String) -> Result<String, AppError> {
    use crate::services::*;
    link_attempt(|| async { services()?.mail.reset_target(&token).await }).await
}

/// Sets the new password from a reset link, ends every other session of the person and signs
/// them in here; returns the path of their home page.
#[server(endpoint = "password-reset/complete")]
pub async fn complete_reset(token: String, password: String, confirm: String) -> Result<String, AppError> {
    use crate::services::*;
    if password != confirm {
        return Err(AppError::invalid("confirm", "passwords_differ"));
    }
    let s = services()?;
    let user_id = link_attempt(|| s.mail.complete_reset(&token, &password)).await?;
    let who = s.auth.identity(user_id).await?.ok_or(AppError::NotFound)?;
    let session = crate::auth::session::current().await?;
    crate::auth::session::sign_in(&session, who.user_id).await?;
    let target = ("user", who.user_id.to_string(), who.name.clone());
    audit_as(Some(who.clone()), AuditEntry::success(Action::AuthResetCompleted, who.client_id, target.clone(), serde_json::Value::Null)).await;
    audit_as(Some(who.clone()), AuditEntry::success(Action::AuthLoginSucceeded, who.client_id, target, serde_json::Value::Null)).await;
    leptos_axum::redirect(who.home_path());
    Ok(who.home_path().to_string())
}

/// The kinds of mail the signed-in person may choose, with their choice.
#[server(endpoint = "account/mail")]
pub async fn get_mail_preferences() -> Result<Vec<MailPreference>, AppError> {
    use crate::services::*;
    let who = require_user()?;
    let kinds = choosable(&who);
    let all = services()?.mail.preferences(who.user_id).await?;
    Ok(all.into_iter().filter(|p| kinds.contains(&p.kind.as_str())).collect())
}

#[cfg(feature = "ssr")]
fn choosable(who: &crate::model::Identity) -> Vec<&'static str> {
    use crate::model::Capability;
    if who.role.is_staff() {
        return super::model::STAFF_KINDS.into_iter().chain(super::model::MESSAGE_KINDS).collect();
    }
    let mut kinds = super::model::MESSAGE_KINDS.to_vec();
    if who.can(Capability::Billing) {
        kinds.extend(super::model::CLIENT_BILLING_KINDS);
    }
    if who.can(Capability::Documents) {
        kinds.extend(super::model::CLIENT_DOCUMENT_KINDS);
    }
    kinds
}

/// Saves the person's choices: a checked box (any value) means "send me these". Kinds the
/// person may not choose are left alone; each change is recorded.
#[server(endpoint = "account/mail/set")]
#[allow(clippy::too_many_arguments)]
pub async fn set_mail_preferences(
    #[server(default)] invoice_issued: Option<String>,
    #[server(default)] payment_received: Option<String>,
    #[server(default)] invoice_reminder: Option<String>,
    #[server(default)] document_shared: Option<String>,
    #[server(default)] document_requested: Option<String>,
    #[server(default)] request_reminder: Option<String>,
    #[server(default)] staff_digest: Option<String>,
    #[server(default)] message_received: Option<String>,
) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    let chosen = [
        ("invoice_issued", invoice_issued),
        ("payment_received", payment_received),
        ("invoice_reminder", invoice_reminder),
        ("document_shared", document_shared),
        ("document_requested", document_requested),
        ("request_reminder", request_reminder),
        ("staff_digest", staff_digest),
        ("message_received", message_received),
    ];
    let mut changed = serde_json::Map::new();
    for (kind, on) in chosen.into_iter().filter(|(k, _)| choosable(&who).contains(k)) {
        if s.mail.set_preference(who.user_id, kind, on.is_some()).await? {
            changed.insert(kind.into(), serde_json::json!(on.is_some()));
        }
    }
    if !changed.is_empty() {
        audit(AuditEntry::success(Action::UserMailPreferences, who.client_id, ("user", who.user_id.to_string(), who.name.clone()), changed.into())).await;
    }
    back_with_notice("mail");
    Ok(())
}

/// Staff: a client's mails that failed or are still being retried.
#[server(endpoint = "staff/mail/undelivered")]
pub async fn get_undelivered(client_id: i64) -> Result<Vec<UndeliveredMail>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.mail.undelivered(client_id).await
}

/// Staff: reminders sent for an invoice.
#[server(endpoint = "staff/invoices/reminders")]
pub async fn get_invoice_reminders(invoice_id: i64) -> Result<Vec<ReminderSent>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.mail.invoice_reminders(invoice_id).await
}

#[server(endpoint = "staff/settings/reminders")]
pub async fn get_reminder_schedule() -> Result<ReminderSchedule, AppError> {
    use crate::services::*;
    require_admin()?;
    services()?.mail.schedule().await
}

/// Admins: the days (from the due date) on which reminders go.
#[server(endpoint = "staff/settings/reminders/set")]
pub async fn set_reminder_schedule(invoice: String, request: String) -> Result<ReminderSchedule, AppError> {
    use crate::services::*;
    require_admin()?;
    let s = services()?;
    let before = s.mail.schedule().await?;
    let after = s.mail.set_schedule(&ReminderSchedule { invoice, request }).await?;
    if before != after {
        let details = serde_json::json!({ "invoice": { "from": before.invoice, "to": after.invoice }, "request": { "from": before.request, "to": after.request } });
        audit(AuditEntry::success(Action::SettingsReminders, None, ("settings", "reminders".into(), String::new()), details)).await;
    }
    back_with_notice("schedule");
    Ok(after)
}
