//! Staff managing clients and their people, and an invitee setting their password. Every change
//! is audited; a change that changes nothing records nothing.

use super::model::{Invite, Invitee, Person};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn user_target(p: &Person) -> (&'static str, String, String) {
    ("user", p.id.to_string(), p.name.clone())
}

#[server(endpoint = "staff/client/create")]
pub async fn create_client(name: String, #[server(default)] email: String) -> Result<i64, AppError> {
    use crate::services::*;
    require_staff()?;
    let input = super::model::ClientInput { name, email };
    let id = services()?.clients.create(&input).await?;
    let details = serde_json::json!({ "contact_email": input.email.trim().to_lowercase() });
    audit(AuditEntry::success("client.created", Some(id), ("client", id.to_string(), input.name.trim().to_string()), details)).await;
    Ok(id)
}

#[server(endpoint = "staff/client/update")]
pub async fn update_client(id: i64, name: String, #[server(default)] email: String) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    let (old, new) = services()?.clients.update(id, &super::model::ClientInput { name, email }).await?;
    let mut details = serde_json::Map::new();
    for (field, from, to) in [("name", old.name, &new.name), ("contact_email", old.email, &new.email)] {
        if &from != to {
            details.insert(field.into(), serde_json::json!({ "from": from, "to": to }));
        }
    }
    if !details.is_empty() {
        audit(AuditEntry::success("client.updated", Some(id), ("client", id.to_string(), new.name), details.into())).await;
    }
    Ok(())
}

/// The client's people, with when each was last seen.
#[server(endpoint = "staff/people")]
pub async fn client_people(client_id: i64) -> Result<Vec<Person>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.people.list(client_id).await
}

/// Invites someone of the client; the answer holds the one-time link, shown to staff once.
#[server(endpoint = "staff/people/invite")]
pub async fn invite_person(client_id: i64, name: String, email: String, #[server(default)] client_admin: Option<String>) -> Result<Invite, AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let invite = services()?.people.invite(client_id, &name, &email, client_admin.is_some(), who.user_id).await?;
    let details = serde_json::json!({ "user_email": invite.email, "client_admin": client_admin.is_some(), "expires_at": invite.expires_at });
    audit(AuditEntry::success("user.invited", Some(client_id), ("user", invite.user_id.to_string(), invite.name.clone()), details)).await;
    Ok(invite)
}

/// A new link for someone who has not set a password yet; the old link stops working.
#[server(endpoint = "staff/people/reinvite")]
pub async fn renew_invite(client_id: i64, user_id: i64) -> Result<Invite, AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let invite = services()?.people.renew_invite(client_id, user_id, who.user_id).await?;
    let details = serde_json::json!({ "user_email": invite.email, "expires_at": invite.expires_at });
    audit(AuditEntry::success("user.invite_renewed", Some(client_id), ("user", user_id.to_string(), invite.name.clone()), details)).await;
    Ok(invite)
}

/// Stops someone from signing in (their sessions end at their next request), or lets them again.
#[server(endpoint = "staff/people/disabled")]
pub async fn set_person_disabled(client_id: i64, user_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    if let Some(p) = services()?.people.set_disabled(client_id, user_id, disabled).await? {
        let action = if disabled { "user.disabled" } else { "user.enabled" };
        audit(AuditEntry::success(action, Some(client_id), user_target(&p), serde_json::json!({ "user_email": p.email }))).await;
    }
    Ok(())
}

/// Lets someone see their company's activity in the portal (client admin), or not.
#[server(endpoint = "staff/people/admin")]
pub async fn set_person_admin(client_id: i64, user_id: i64, admin: bool) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    if let Some(p) = services()?.people.set_client_admin(client_id, user_id, admin).await? {
        let details = serde_json::json!({ "user_email": p.email, "client_admin": { "from": !admin, "to": admin } });
        audit(AuditEntry::success("user.updated", Some(client_id), user_target(&p), details)).await;
    }
    Ok(())
}

/// Who an invite link is for; `NotFound` when the link is unknown, used or expired.
#[server(endpoint = "welcome")]
pub async fn get_invitee(token: String) -> Result<Invitee, AppError> {
    crate::services::services()?.people.invitee(&token).await
}

/// Sets the invitee's password and signs them in; returns the path of their home page.
#[server(endpoint = "welcome/accept")]
pub async fn accept_invite(token: String, password: String, confirm: String) -> Result<String, AppError> {
    use crate::services::*;
    if password != confirm {
        return Err(AppError::invalid("confirm", "passwords_differ"));
    }
    let s = services()?;
    let user_id = s.people.accept_invite(&token, &password).await?;
    let who = s.auth.identity(user_id).await?.ok_or(AppError::NotFound)?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    crate::auth::session::sign_in(&session, who.user_id).await?;
    let target = ("user", who.user_id.to_string(), who.name.clone());
    audit_as(Some(who.clone()), AuditEntry::success("user.invite_accepted", who.client_id, target.clone(), serde_json::Value::Null)).await;
    audit_as(Some(who.clone()), AuditEntry::success("auth.login.succeeded", who.client_id, target, serde_json::Value::Null)).await;
    Ok(who.home_path().to_string())
}
