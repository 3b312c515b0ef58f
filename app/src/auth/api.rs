//! Server functions for signing in and out.

use crate::error::AppError;
use crate::model::PortalInfo;
use leptos::prelude::*;

/// Signs in with email and password; returns the path of the user's home page.
/// With two-step sign-in on, `code` (the one-time code) is needed too: without it the answer is
/// a `code_required` validation error, so the page can ask for it.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, #[server(default)] code: String) -> Result<String, AppError> {
    use crate::auth::session;
    // Control characters are never part of an address (and PostgreSQL refuses NUL in text).
    let email: String = email.trim().chars().filter(|c| !c.is_control()).collect();
    if email.is_empty() || password.is_empty() {
        return Err(AppError::invalid("form", "invalid_credentials"));
    }
    use crate::services::{audit_as, AuditEntry};
    let services = crate::services::services()?;
    let who = match services.auth.authenticate(&email, &password).await {
        Ok(who) => who,
        Err(e) => {
            // The email tried, never the password; filed under the client the email belongs to.
            let client_id = services.auth.client_of_email(&email).await.unwrap_or(None);
            // Only what looks like an email is kept (someone may type a password in the field).
            let tried = if email.contains('@') && !email.contains(char::is_whitespace) && email.len() <= 254 { email.to_lowercase() } else { String::new() };
            let details = serde_json::json!({ "email": tried });
            audit_as(None, AuditEntry::success("auth.login.failed", client_id, ("user", String::new(), String::new()), details).failed()).await;
            return Err(e);
        }
    };
    if who.two_factor {
        if code.trim().is_empty() {
            return Err(AppError::invalid("code", "code_required"));
        }
        if !services.auth.check_second_factor(who.user_id, &code).await? {
            let details = serde_json::json!({ "email": who.email, "reason": "wrong one-time code" });
            let target = ("user", who.user_id.to_string(), who.name.clone());
            audit_as(Some(who.clone()), AuditEntry::success("auth.login.failed", who.client_id, target, details).failed()).await;
            return Err(AppError::invalid("code", "wrong_code"));
        }
    }
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    session::sign_in(&session, who.user_id).await?;
    tracing::info!(user_id = who.user_id, role = who.role.as_str(), "signed in");
    let target = ("user", who.user_id.to_string(), who.name.clone());
    audit_as(Some(who.clone()), AuditEntry::success("auth.login.succeeded", who.client_id, target, serde_json::Value::Null)).await;
    Ok(who.home_path().to_string())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::services::{audit, identity, AuditEntry};
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    if let Some(who) = identity() {
        audit(AuditEntry::success("auth.logout", who.client_id, ("user", who.user_id.to_string(), who.name.clone()), serde_json::Value::Null)).await;
    }
    crate::auth::session::sign_out(&session).await
}

/// The firm's name and the signed-in user, if any: drives the header and the navigation.
#[server(endpoint = "portal")]
pub async fn get_portal_info() -> Result<PortalInfo, AppError> {
    let services = crate::services::services()?;
    Ok(PortalInfo { firm_name: services.firm_name.to_string(), user: crate::services::identity() })
}

/// Changes the signed-in user's display name; the old and new names go into the audit trail.
#[server(endpoint = "account/profile")]
pub async fn update_profile(name: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let old = services()?.auth.update_name(who.user_id, &name).await?;
    let details = serde_json::json!({ "name": { "from": old, "to": name.trim() } });
    audit(AuditEntry::success("profile.updated", who.client_id, ("user", who.user_id.to_string(), name.trim().to_string()), details)).await;
    Ok(())
}

/// Changes the signed-in user's password; a wrong current password is recorded as a failure.
#[server(endpoint = "account/password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let result = services()?.auth.change_password(who.user_id, &current_password, &new_password).await;
    let entry = AuditEntry::success("auth.password.changed", who.client_id, ("user", who.user_id.to_string(), who.name.clone()), serde_json::Value::Null);
    match &result {
        Ok(()) => audit(entry).await,
        Err(AppError::Validation(f)) if f.iter().any(|f| f.code == "wrong_password") => audit(entry.failed()).await,
        Err(_) => {}
    }
    result
}

/// What an authenticator app needs to set up two-step sign-in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TwoFactorSetup {
    /// Base32, for typing in.
    pub secret: String,
    /// `otpauth://` link, for phones.
    pub uri: String,
}

/// Starts setting up two-step sign-in: a new secret, kept in the session until confirmed.
#[server(endpoint = "account/2fa/start")]
pub async fn start_two_factor() -> Result<TwoFactorSetup, AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    // Replacing the secret while it is on would need no password: turn it off first.
    if who.two_factor {
        return Err(AppError::invalid("code", "already_on"));
    }
    let (secret, uri) = s.auth.new_second_factor(&who.email)?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    crate::auth::session::set_pending_totp(&session, Some(secret.clone())).await?;
    Ok(TwoFactorSetup { secret, uri })
}

/// Turns two-step sign-in on once the user types a valid code from their app.
#[server(endpoint = "account/2fa/enable")]
pub async fn enable_two_factor(code: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let secret = crate::auth::session::pending_totp(&session).await?.ok_or_else(|| AppError::invalid("code", "setup_expired"))?;
    if who.two_factor {
        return Err(AppError::invalid("code", "already_on"));
    }
    if !s.auth.second_factor_matches(&secret, &code) {
        return Err(AppError::invalid("code", "wrong_code"));
    }
    s.auth.set_second_factor(who.user_id, Some(secret)).await?;
    crate::auth::session::set_pending_totp(&session, None).await?;
    audit(AuditEntry::success("auth.2fa.enabled", who.client_id, ("user", who.user_id.to_string(), who.name.clone()), serde_json::Value::Null)).await;
    Ok(())
}

/// Turns two-step sign-in off; needs the password.
#[server(endpoint = "account/2fa/disable")]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_user()?;
    let s = services()?;
    let entry = AuditEntry::success("auth.2fa.disabled", who.client_id, ("user", who.user_id.to_string(), who.name.clone()), serde_json::Value::Null);
    if s.auth.authenticate(&who.email, &password).await.is_err() {
        audit(entry.failed()).await;
        return Err(AppError::invalid("password", "wrong_password"));
    }
    s.auth.set_second_factor(who.user_id, None).await?;
    audit(entry).await;
    Ok(())
}
