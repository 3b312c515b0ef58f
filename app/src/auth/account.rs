//! Server functions of `/account` and `/two-step`: name, password, two-step sign-in, recovery
//! codes and the person's signed-in sessions. Every change is audited; every password check is
//! throttled per person; a new password or second factor ends every other session and renews
//! this one's id.

#[cfg(feature = "ssr")]
use crate::audit::action::Action;
use super::model::{RecoveryCodes, SessionInfo};
use crate::error::AppError;
use leptos::prelude::*;

/// Checks the person's own password before an account change; a wrong one is recorded as a
/// failed `entry` and counted against the person (429 after a few).
#[cfg(feature = "ssr")]
async fn confirm_password(who: &crate::model::Identity, password: &str, field: &str, entry: crate::services::AuditEntry) -> Result<(), AppError> {
    use crate::services::*;
    let s = services()?;
    let key = ThrottleKey::Reauth(who.user_id);
    throttle(std::slice::from_ref(&key), Some(who)).await?;
    match s.auth.check_password(who.user_id, password).await {
        Ok(true) => s.throttle.reset(&key).await,
        Ok(false) => {
            audit(entry.failed()).await;
            Err(AppError::invalid(field, "wrong_password"))
        }
        Err(e) => {
            s.throttle.forget(std::slice::from_ref(&key)).await?;
            Err(e)
        }
    }
}

#[cfg(feature = "ssr")]
fn about(who: &crate::model::Identity, action: Action, details: serde_json::Value) -> crate::services::AuditEntry {
    crate::services::AuditEntry::success(action, who.client_id, ("user", who.user_id.to_string(), who.name.clone()), details)
}

/// Ends every other session of the person and gives this one a new id.
#[cfg(feature = "ssr")]
async fn renew_sessions(user_id: i64) -> Result<(), AppError> {
    let session = super::session::current().await?;
    super::session::renew(&session, user_id).await
}

/// Changes the signed-in user's display name, language (`language` empty: automatic) and phone
/// number (empty: none); what changed goes into the audit trail, old → new.
#[server(endpoint = "account/profile")]
pub async fn update_profile(name: String, #[server(default)] language: String, #[server(default)] phone: String) -> Result<(), AppError> {
    use crate::i18n::Locale;
    use crate::services::*;
    let who = require_user()?;
    let locale = match language.as_str() {
        "" => None,
        tag => Some(Locale::from_tag(tag).ok_or_else(|| AppError::invalid("language", "invalid_language"))?),
    };
    let new = Profile { name: name.trim().to_string(), locale, phone: phone.trim().to_string() };
    let old = services()?.auth.update_profile(who.user_id, &new).await?;
    let mut details = serde_json::Map::new();
    if old.name != new.name {
        details.insert("name".into(), serde_json::json!({ "from": old.name, "to": new.name }));
    }
    if old.locale != new.locale {
        details.insert("language".into(), serde_json::json!({ "from": old.locale.map(Locale::tag), "to": new.locale.map(Locale::tag) }));
    }
    if old.phone != new.phone {
        details.insert("phone".into(), serde_json::json!({ "from": old.phone, "to": new.phone }));
    }
    audit(AuditEntry::success(Action::ProfileUpdated, who.client_id, ("user", who.user_id.to_string(), new.name.clone()), details.into())).await;
    back_with_notice("profile");
    Ok(())
}

/// Changes the signed-in user's password after checking the current one.
#[server(endpoint = "account/password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let entry = about(&who, Action::AuthPasswordChanged, serde_json::Value::Null);
    confirm_password(&who, &current_password, "current_password", entry.clone()).await?;
    services()?.auth.set_password(who.user_id, &new_password).await?;
    renew_sessions(who.user_id).await?;
    audit(entry).await;
    back_with_notice("password");
    Ok(())
}

/// What an authenticator app needs to set up two-step sign-in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TwoFactorSetup {
    /// Base32, for typing in.
    pub secret: String,
    /// `otpauth://` link, for phones.
    pub uri: String,
}

/// Starts setting up two-step sign-in (needs the password): a new secret, kept with the person
/// until a code confirms it.
#[server(endpoint = "account/2fa/start")]
pub async fn start_two_factor(password: String) -> Result<TwoFactorSetup, AppError> {
    use crate::services::*;
    let who = require_signed_in()?;
    if who.two_factor {
        return Err(AppError::invalid("code", "already_on"));
    }
    confirm_password(&who, &password, "password", about(&who, Action::Auth2faEnabled, serde_json::Value::Null)).await?;
    let (secret, uri) = services()?.auth.start_second_factor(who.user_id, &who.email).await?;
    Ok(TwoFactorSetup { secret, uri })
}

/// Turns two-step sign-in on once the person types a valid code from their app; answers the
/// ten recovery codes, shown this once.
#[server(endpoint = "account/2fa/enable")]
pub async fn enable_two_factor(code: String) -> Result<RecoveryCodes, AppError> {
    use crate::services::*;
    let who = require_signed_in()?;
    let s = services()?;
    let key = ThrottleKey::Code(who.user_id);
    throttle(std::slice::from_ref(&key), Some(&who)).await?;
    let codes = s.auth.enable_second_factor(who.user_id, &code).await?;
    s.throttle.reset(&key).await?;
    renew_sessions(who.user_id).await?;
    audit_as(Some(who.clone()), about(&who, Action::Auth2faEnabled, serde_json::Value::Null)).await;
    Ok(RecoveryCodes(codes))
}

/// Turns two-step sign-in off (needs the password); refused while the firm requires it.
#[server(endpoint = "account/2fa/disable")]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    if s.auth.two_factor_policy().await?.requires(who.role) {
        return Err(AppError::invalid("password", "two_factor_required"));
    }
    let entry = about(&who, Action::Auth2faDisabled, serde_json::Value::Null);
    confirm_password(&who, &password, "password", entry.clone()).await?;
    s.auth.disable_second_factor(who.user_id).await?;
    renew_sessions(who.user_id).await?;
    audit(entry).await;
    Ok(())
}

/// Ten new recovery codes in place of the old ones (needs the password).
#[server(endpoint = "account/2fa/recovery-codes")]
pub async fn renew_recovery_codes(password: String) -> Result<RecoveryCodes, AppError> {
    use crate::services::*;
    let who = require_user()?;
    if !who.two_factor {
        return Err(AppError::invalid("password", "two_factor_off"));
    }
    let entry = about(&who, Action::AuthRecoveryCodesRenewed, serde_json::Value::Null);
    confirm_password(&who, &password, "password", entry.clone()).await?;
    let codes = services()?.auth.new_recovery_codes(who.user_id).await?;
    audit(entry).await;
    Ok(RecoveryCodes(codes))
}

/// The person's signed-in sessions, this one first.
#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    use crate::services::*;
    let who = require_user()?;
    let session = super::session::current().await?;
    services()?.sessions.list(who.user_id, session.id()).await
}

/// Ends one of the person's sessions (another browser, a lost phone). Ending this one signs out.
#[server(endpoint = "account/sessions/end")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    let session = super::session::current().await?;
    let ended = s.sessions.list(who.user_id, session.id()).await?.into_iter().find(|x| x.handle == handle).ok_or(AppError::NotFound)?;
    s.sessions.end(who.user_id, &handle).await?;
    let details = serde_json::json!({ "address": ended.address, "user_agent": ended.user_agent, "current": ended.current });
    audit(about(&who, Action::AuthSessionEnded, details)).await;
    if ended.current {
        super::session::sign_out(&session).await?;
        leptos_axum::redirect("/login");
    }
    Ok(())
}
