//! Server functions for signing in and out.

#[cfg(feature = "ssr")]
use crate::audit::action::Action;
use crate::error::AppError;
use crate::model::PortalInfo;
use leptos::prelude::*;

/// What a failed sign-in's audit entry keeps of the typed email: the address when it is a
/// known person's, else this marker (someone may type a password in the email field).
pub const UNKNOWN_EMAIL: &str = "(unknown address)";

/// Signs in with email and password; returns the path of the user's home page (and sends the
/// browser there). With two-step sign-in on, the one-time code (or a recovery code) is needed
/// too: sent with the password, or alone right after the password was accepted in this session
/// (the answer to a password without a code is a `code_required` validation error, and the page
/// then asks for the code only). Attempts are counted per account and per address before
/// anything is checked (429 with `Retry-After` when they must wait).
#[server(endpoint = "login")]
pub async fn login(
    #[server(default)] email: String,
    #[server(default)] password: String,
    #[server(default)] code: String,
) -> Result<String, AppError> {
    use crate::services::*;
    let s = services()?;
    let session = crate::auth::session::current().await?;
    // The code step of a sign-in whose password was right a moment ago in this session.
    if password.is_empty() && !code.trim().is_empty() {
        if let Some(user_id) = crate::auth::session::awaiting_code(&session).await? {
            throttle(&[ThrottleKey::Address(client_address())], None).await?;
            let who = s
                .auth
                .identity(user_id)
                .await?
                .ok_or_else(|| AppError::invalid("form", "invalid_credentials"))?;
            return finish_sign_in(&session, who, &code).await;
        }
    }
    // Control characters are never part of an address (and PostgreSQL refuses NUL in text).
    let email: String = email
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(320)
        .collect();
    if email.is_empty() || password.is_empty() {
        return Err(AppError::invalid("form", "invalid_credentials"));
    }
    let keys = [
        ThrottleKey::Account(email.clone()),
        ThrottleKey::Address(client_address()),
    ];
    throttle(&keys, None).await?;
    let who = match s.auth.authenticate(&email, &password).await {
        Ok(who) => who,
        Err(AppError::Busy) => {
            s.throttle.forget(&keys).await?;
            return Err(AppError::Busy);
        }
        Err(e) => {
            let (client_id, target, tried) = match s.auth.known_email(&email).await? {
                Some((user_id, client_id)) => (
                    client_id,
                    ("user", user_id.to_string(), String::new()),
                    email.to_lowercase(),
                ),
                None => (
                    None,
                    ("user", String::new(), String::new()),
                    UNKNOWN_EMAIL.to_string(),
                ),
            };
            audit_as(
                None,
                AuditEntry::success(
                    Action::AuthLoginFailed,
                    client_id,
                    target,
                    serde_json::json!({ "email": tried }),
                )
                .failed(),
            )
            .await;
            return Err(e);
        }
    };
    // The password was right: the account's count starts over; the address gives its attempt
    // back (many people may share it).
    s.throttle.reset(&keys[0]).await?;
    s.throttle.forget(&keys[1..]).await?;
    if who.two_factor && code.trim().is_empty() {
        crate::auth::session::await_code(&session, who.user_id).await?;
        return Err(AppError::invalid("code", "code_required"));
    }
    finish_sign_in(&session, who, &code).await
}

/// After the password: the second factor when it is on, then the signed-in session.
#[cfg(feature = "ssr")]
async fn finish_sign_in(
    session: &tower_sessions::Session,
    who: crate::model::Identity,
    code: &str,
) -> Result<String, AppError> {
    use crate::services::*;
    let s = services()?;
    let target = ("user", who.user_id.to_string(), who.name.clone());
    if who.two_factor {
        let code_key = ThrottleKey::Code(who.user_id);
        throttle(std::slice::from_ref(&code_key), Some(&who)).await?;
        match s.auth.check_second_factor(who.user_id, code).await? {
            SecondFactor::Wrong => {
                let details =
                    serde_json::json!({ "email": who.email, "reason": "wrong one-time code" });
                audit_as(
                    Some(who.clone()),
                    AuditEntry::success(Action::AuthLoginFailed, who.client_id, target, details)
                        .failed(),
                )
                .await;
                return Err(AppError::invalid("code", "wrong_code"));
            }
            SecondFactor::Recovery { remaining } => {
                let details = serde_json::json!({ "remaining": remaining });
                audit_as(
                    Some(who.clone()),
                    AuditEntry::success(
                        Action::AuthRecoveryCodeUsed,
                        who.client_id,
                        target.clone(),
                        details,
                    ),
                )
                .await;
            }
            SecondFactor::Code => {}
        }
        s.throttle.reset(&code_key).await?;
    }
    crate::auth::session::clear_pending(session).await?;
    crate::auth::session::sign_in(session, who.user_id).await?;
    tracing::info!(user_id = who.user_id, role = who.role.as_str(), "signed in");
    audit_as(
        Some(who.clone()),
        AuditEntry::success(
            Action::AuthLoginSucceeded,
            who.client_id,
            target,
            serde_json::Value::Null,
        ),
    )
    .await;
    // A full page load of the home page, with or without wasm, so it renders for the new user.
    leptos_axum::redirect(who.home_path());
    Ok(who.home_path().to_string())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::services::{audit, identity, AuditEntry};
    let session = crate::auth::session::current().await?;
    if let Some(who) = identity() {
        audit(AuditEntry::success(Action::AuthLogout, who.client_id, ("user", who.user_id.to_string(), who.name.clone()), serde_json::Value::Null)).await;
    }
    crate::auth::session::sign_out(&session).await?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// The firm's name and the signed-in user, if any: drives the header and the navigation.
#[server(endpoint = "portal")]
pub async fn get_portal_info() -> Result<PortalInfo, AppError> {
    let services = crate::services::services()?;
    let user = crate::services::identity();
    let unread_messages = match &user {
        Some(who) if !who.must_set_up_two_factor => services.messages.unread(who).await?,
        _ => 0,
    };
    let survey = match &user {
        Some(who) if !who.must_set_up_two_factor && who.role == crate::model::Role::Client => services.surveys.waiting(who.user_id).await?.map(|s| s.id),
        _ => None,
    };
    let brand = services.brand.current();
    Ok(PortalInfo { firm_name: brand.name, logo: brand.logo, user, unread_messages, survey })
}
