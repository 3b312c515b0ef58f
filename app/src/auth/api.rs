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
    let services = crate::services::services()?;
    let who = services.auth.authenticate(&email, &password).await?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    session::sign_in(&session, who.user_id).await?;
    tracing::info!(user_id = who.user_id, role = who.role.as_str(), "signed in");
    Ok(who.home_path().to_string())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    crate::auth::session::sign_out(&session).await
}

/// The firm's name and the signed-in user, if any: drives the header and the navigation.
#[server(endpoint = "portal")]
pub async fn get_portal_info() -> Result<PortalInfo, AppError> {
    let services = crate::services::services()?;
    Ok(PortalInfo { firm_name: services.firm_name.to_string(), user: crate::services::identity() })
}
