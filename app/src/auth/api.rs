//! Server functions for signing in and out.

use crate::error::AppError;
use crate::model::PortalInfo;
use leptos::prelude::*;

/// Signs in with email and password; returns the path of the user's home page.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<String, AppError> {
    use crate::auth::session;
    let email = email.trim().to_string();
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
            let details = serde_json::json!({ "email": email.to_lowercase() });
            audit_as(None, AuditEntry::success("auth.login.failed", client_id, ("user", String::new(), email.to_lowercase()), details).failed()).await;
            return Err(e);
        }
    };
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
