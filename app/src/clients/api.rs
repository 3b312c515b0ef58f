//! Staff managing clients and their people (and a client admin their own company's people), and
//! an invitee setting their password. Every change is audited; a change that changes nothing
//! records nothing.

use super::model::{ClientChoice, ClientDetail, ClientPage, Invite, Invitee, PeoplePage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::model::Permissions;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn user_target(p: &super::model::Person) -> (&'static str, String, String) {
    ("user", p.id.to_string(), p.name.clone())
}

#[server(endpoint = "staff/client/create")]
pub async fn create_client(name: String, #[server(default)] email: String) -> Result<i64, AppError> {
    use crate::services::*;
    require_staff()?;
    let input = super::model::ClientInput { name, email, ..Default::default() };
    let id = services()?.clients.create(&input).await?;
    let details = serde_json::json!({ "contact_email": input.email.trim().to_lowercase() });
    audit(AuditEntry::success(Action::ClientCreated, Some(id), ("client", id.to_string(), input.name.trim().to_string()), details)).await;
    leptos_axum::redirect(&format!("/staff/clients/{id}"));
    Ok(id)
}

/// Staff change a client's details (the form sends them all: one left out is emptied).
/// Recorded old → new.
#[server(endpoint = "staff/client/update")]
pub async fn update_client(
    id: i64,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] address: String,
    #[server(default)] tax_id: String,
    #[server(default)] phone: String,
) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    let input = super::model::ClientInput { name, email, address, tax_id, phone };
    let (old, new) = services()?.clients.update(id, &input).await?;
    let changes = old.changes_to(&new);
    if !changes.is_empty() {
        let details = super::model::changes_json(&changes);
        audit(AuditEntry::success(Action::ClientUpdated, Some(id), ("client", id.to_string(), new.name), details.into())).await;
    }
    back_with_notice("client");
    Ok(())
}

/// Whose people a call may manage: staff name the client; a client admin manages their own
/// company's only (another client's id answers like a missing one), never staff.
#[cfg(feature = "ssr")]
fn people_of(client_id: Option<i64>) -> Result<(crate::model::Identity, i64), AppError> {
    use crate::services::*;
    let who = require_user()?;
    if who.role.is_staff() {
        return client_id.map(|c| (who, c)).ok_or_else(|| AppError::invalid("client_id", "unknown_client"));
    }
    let (who, own) = require_capability(crate::model::Capability::ClientAdmin)?;
    match client_id {
        Some(c) if c != own => Err(AppError::NotFound),
        _ => Ok((who, own)),
    }
}

/// A client admin may not disable themselves or take away their own rights (nobody would be
/// left to give them back). Staff are never one of a client's people.
#[cfg(feature = "ssr")]
fn not_yourself(who: &crate::model::Identity, user_id: i64) -> Result<(), AppError> {
    if !who.role.is_staff() && who.user_id == user_id {
        return Err(AppError::invalid("user", "not_yourself"));
    }
    Ok(())
}

/// Permissions from a form's checkboxes (present means on).
#[cfg(feature = "ssr")]
fn permissions(billing: Option<String>, documents: Option<String>, client_admin: Option<String>) -> Permissions {
    Permissions { billing: billing.is_some(), documents: documents.is_some(), client_admin: client_admin.is_some() }
}

/// A page of the client's people, with when each was last seen.
#[server(endpoint = "people")]
pub async fn client_people(#[server(default)] client_id: Option<i64>, #[server(default)] after: Option<i64>) -> Result<PeoplePage, AppError> {
    let (_, client_id) = people_of(client_id)?;
    crate::services::services()?.people.list(client_id, after).await
}

/// Invites someone of the client; the answer holds the one-time link, shown this once.
#[server(endpoint = "people/invite")]
pub async fn invite_person(
    #[server(default)] client_id: Option<i64>,
    name: String,
    email: String,
    #[server(default)] billing: Option<String>,
    #[server(default)] documents: Option<String>,
    #[server(default)] client_admin: Option<String>,
) -> Result<Invite, AppError> {
    use crate::services::*;
    let (who, client_id) = people_of(client_id)?;
    let perms = permissions(billing, documents, client_admin);
    let invite = services()?.people.invite(client_id, &name, &email, perms, who.user_id).await?;
    let details = serde_json::json!({ "user_email": invite.email, "permissions": perms, "expires_at": invite.expires_at });
    audit(AuditEntry::success(Action::UserInvited, Some(client_id), ("user", invite.user_id.to_string(), invite.name.clone()), details)).await;
    Ok(invite)
}

/// A new link for someone who has not set a password yet; the old link stops working.
#[server(endpoint = "people/reinvite")]
pub async fn renew_invite(#[server(default)] client_id: Option<i64>, user_id: i64) -> Result<Invite, AppError> {
    use crate::services::*;
    let (who, client_id) = people_of(client_id)?;
    let invite = services()?.people.renew_invite(client_id, user_id, who.user_id).await?;
    let details = serde_json::json!({ "user_email": invite.email, "expires_at": invite.expires_at });
    audit(AuditEntry::success(Action::UserInviteRenewed, Some(client_id), ("user", user_id.to_string(), invite.name.clone()), details)).await;
    Ok(invite)
}

/// Stops someone from signing in (their sessions end at once), or lets them again.
#[server(endpoint = "people/disabled")]
pub async fn set_person_disabled(#[server(default)] client_id: Option<i64>, user_id: i64, disabled: bool) -> Result<(), AppError> {
    use crate::services::*;
    let (who, client_id) = people_of(client_id)?;
    not_yourself(&who, user_id)?;
    if let Some(p) = services()?.people.set_disabled(client_id, user_id, disabled).await? {
        let action = if disabled { Action::UserDisabled } else { Action::UserEnabled };
        audit(AuditEntry::success(action, Some(client_id), user_target(&p), serde_json::json!({ "user_email": p.email }))).await;
    }
    Ok(())
}

/// Sets what someone may use: billing, documents, client admin. Recorded old → new.
#[server(endpoint = "people/permissions")]
pub async fn set_person_permissions(
    #[server(default)] client_id: Option<i64>,
    user_id: i64,
    #[server(default)] billing: Option<String>,
    #[server(default)] documents: Option<String>,
    #[server(default)] client_admin: Option<String>,
) -> Result<(), AppError> {
    use crate::services::*;
    let (who, client_id) = people_of(client_id)?;
    not_yourself(&who, user_id)?;
    let perms = permissions(billing, documents, client_admin);
    if let Some((before, after)) = services()?.people.set_permissions(client_id, user_id, perms).await? {
        let (from, to) = (serde_json::to_value(before.permissions).unwrap_or_default(), serde_json::to_value(after.permissions).unwrap_or_default());
        let mut changed = serde_json::Map::new();
        for (field, to) in to.as_object().into_iter().flatten() {
            if from.get(field) != Some(to) {
                changed.insert(field.clone(), serde_json::json!({ "from": from.get(field), "to": to }));
            }
        }
        changed.insert("user_email".into(), after.email.clone().into());
        audit(AuditEntry::success(Action::UserUpdated, Some(client_id), user_target(&after), changed.into())).await;
    }
    Ok(())
}

/// Staff: turns off someone's two-step sign-in (a lost phone) and ends their sessions; they set
/// it up again at their next sign-in when the firm requires it.
#[server(endpoint = "people/reset-2fa")]
pub async fn reset_person_two_factor(client_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::services::*;
    require_staff()?;
    if let Some(p) = services()?.people.reset_second_factor(client_id, user_id).await? {
        audit(AuditEntry::success(Action::Auth2faReset, Some(client_id), user_target(&p), serde_json::json!({ "user_email": p.email }))).await;
    }
    Ok(())
}

/// Who an invite link is for; `NotFound` when the link is unknown, used or expired.
#[server(endpoint = "welcome")]
pub async fn get_invitee(token: String) -> Result<Invitee, AppError> {
    use crate::services::*;
    link_attempt(|| async { services()?.people.invitee(&token).await }).await
}

/// Sets the invitee's password and signs them in; returns the path of their home page.
#[server(endpoint = "welcome/accept")]
pub async fn accept_invite(token: String, password: String, confirm: String) -> Result<String, AppError> {
    use crate::services::*;
    if password != confirm {
        return Err(AppError::invalid("confirm", "passwords_differ"));
    }
    let s = services()?;
    let user_id = link_attempt(|| s.people.accept_invite(&token, &password)).await?;
    let who = s.auth.identity(user_id).await?.ok_or(AppError::NotFound)?;
    let session = crate::auth::session::current().await?;
    crate::auth::session::sign_in(&session, who.user_id).await?;
    let target = ("user", who.user_id.to_string(), who.name.clone());
    audit_as(Some(who.clone()), AuditEntry::success(Action::UserInviteAccepted, who.client_id, target.clone(), serde_json::Value::Null)).await;
    audit_as(Some(who.clone()), AuditEntry::success(Action::AuthLoginSucceeded, who.client_id, target, serde_json::Value::Null)).await;
    leptos_axum::redirect(who.home_path());
    Ok(who.home_path().to_string())
}

#[server(endpoint = "staff/clients")]
pub async fn list_clients(#[server(default)] q: String, #[server(default)] after: Option<i64>) -> Result<ClientPage, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.clients.list(&super::model::ClientFilter { q, after }, today()).await
}

/// Staff: clients for a select (the filters and the invoice editor), `selected` among them.
#[server(endpoint = "staff/client-choices")]
pub async fn client_choices(#[server(default)] selected: Option<i64>) -> Result<Vec<ClientChoice>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.clients.choices(selected).await
}

#[server(endpoint = "staff/client")]
pub async fn get_client(id: i64) -> Result<ClientDetail, AppError> {
    use crate::services::*;
    require_staff()?;
    // The client with its latest invoices, reached through the invoice service.
    let s = services()?;
    let client = s.clients.get(id, today()).await?;
    let filter = crate::invoices::filter::InvoiceFilter { client_id: Some(id), ..Default::default() };
    let invoices = s.invoices.list(Scope::Staff, &filter, today()).await?.items;
    let details = s.clients.details(id).await?;
    Ok(ClientDetail { client, details, invoices: with_receipts(&s, invoices).await? })
}
