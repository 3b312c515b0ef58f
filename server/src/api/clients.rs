//! `/api/v1/clients`: the firm's clients and their people.

use super::caller::Caller;
use super::extract::{money, Body, Cursor, Ids, Money, Page, Params};
use super::problem::ApiResult;
use super::tokens::Access;
use super::{record, AREA_CLIENTS};
use crate::audit::RequestMeta;
use crate::AppState;
use app::clients::model::{changes_json, ClientFilter, ClientInput, Person, PersonStatus};
use app::model::Permissions;
use app::services::{today, Action, AuditEntry};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct Client {
    pub id: i64,
    pub name: String,
    /// Where its invoices go.
    pub email: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    /// What it owes, per currency.
    pub outstanding: Vec<Money>,
    pub overdue_invoices: i64,
    pub people: i64,
}

/// A client's details, as created or replaced.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientIn {
    /// 1 to 200 characters.
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub tax_id: String,
    #[serde(default)]
    pub phone: String,
}

impl From<ClientIn> for ClientInput {
    fn from(c: ClientIn) -> Self {
        ClientInput { name: c.name, email: c.email, address: c.address, tax_id: c.tax_id, phone: c.phone }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// Part of a name or contact email.
    pub q: Option<String>,
    pub cursor: Option<String>,
}

async fn one(state: &AppState, id: i64) -> ApiResult<Client> {
    let s = &state.services.clients;
    let summary = s.get(id, today()).await?;
    let d = s.details(id).await?;
    Ok(Client {
        id,
        name: d.name,
        email: d.email,
        address: d.address,
        tax_id: d.tax_id,
        phone: d.phone,
        outstanding: money(summary.outstanding),
        overdue_invoices: summary.overdue_count,
        people: summary.user_count,
    })
}

/// The clients, by name.
#[utoipa::path(get, path = "/clients", tag = "clients", params(ClientQuery), responses((status = 200, body = Page<Client>)))]
pub async fn list(State(state): State<AppState>, caller: Caller, Params(q): Params<ClientQuery>) -> ApiResult<Json<Page<Client>>> {
    caller.need(AREA_CLIENTS, Access::Read)?;
    let after = Cursor { cursor: q.cursor }.id()?;
    if let Some(only) = caller.token.client_id {
        // A token for one client lists that client alone.
        let items = if after.is_none() { vec![one(&state, only).await?] } else { vec![] };
        return Ok(Json(Page { items, next_cursor: None }));
    }
    let filter = ClientFilter { q: q.q.unwrap_or_default().trim().chars().take(120).collect(), after };
    let page = state.services.clients.list(&filter, today()).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for c in &page.items {
        items.push(one(&state, c.id).await?);
    }
    Ok(Json(Page { items, next_cursor: page.next.map(|n| n.to_string()) }))
}

#[utoipa::path(get, path = "/clients/{id}", tag = "clients", params(("id" = i64, Path)), responses((status = 200, body = Client)))]
pub async fn get(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>) -> ApiResult<Json<Client>> {
    caller.need(AREA_CLIENTS, Access::Read)?;
    caller.reach(id)?;
    Ok(Json(one(&state, id).await?))
}

#[utoipa::path(post, path = "/clients", tag = "clients", request_body = ClientIn, responses((status = 201, body = Client)))]
pub async fn create(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Body(input): Body<ClientIn>) -> ApiResult<(StatusCode, Json<Client>)> {
    caller.need(AREA_CLIENTS, Access::Write)?;
    if caller.token.client_id.is_some() {
        return Err(app::error::AppError::Forbidden.into());
    }
    let input = ClientInput::from(input);
    let id = state.services.clients.create(&input).await?;
    let details = serde_json::json!({ "contact_email": input.email.trim().to_lowercase() });
    record(&state, &caller, &meta, AuditEntry::success(Action::ClientCreated, Some(id), ("client", id.to_string(), input.name.trim().to_string()), details)).await;
    Ok((StatusCode::CREATED, Json(one(&state, id).await?)))
}

/// Replaces a client's details (a field left out is emptied); recorded old → new.
#[utoipa::path(put, path = "/clients/{id}", tag = "clients", params(("id" = i64, Path)), request_body = ClientIn, responses((status = 200, body = Client)))]
pub async fn update(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(input): Body<ClientIn>) -> ApiResult<Json<Client>> {
    caller.need(AREA_CLIENTS, Access::Write)?;
    caller.reach(id)?;
    let (old, new) = state.services.clients.update(id, &input.into()).await?;
    let changes = old.changes_to(&new);
    if !changes.is_empty() {
        record(&state, &caller, &meta, AuditEntry::success(Action::ClientUpdated, Some(id), ("client", id.to_string(), new.name), changes_json(&changes).into())).await;
    }
    Ok(Json(one(&state, id).await?))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub struct PermissionsIo {
    /// Invoices, payments and statements.
    pub billing: bool,
    /// Documents and document requests.
    pub documents: bool,
    /// Manages the company's own people and sees its activity.
    pub client_admin: bool,
}

impl From<Permissions> for PermissionsIo {
    fn from(p: Permissions) -> Self {
        Self { billing: p.billing, documents: p.documents, client_admin: p.client_admin }
    }
}

impl From<PermissionsIo> for Permissions {
    fn from(p: PermissionsIo) -> Self {
        Permissions { billing: p.billing, documents: p.documents, client_admin: p.client_admin }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub permissions: PermissionsIo,
    /// `active`, `invited` (no password set yet) or `disabled`.
    #[schema(example = "active")]
    pub status: String,
    pub two_factor: bool,
}

impl From<Person> for PersonOut {
    fn from(p: Person) -> Self {
        let status = match p.status {
            PersonStatus::Active => "active",
            PersonStatus::Invited => "invited",
            PersonStatus::Disabled => "disabled",
        };
        Self { id: p.id, name: p.name, email: p.email, permissions: p.permissions.into(), status: status.into(), two_factor: p.two_factor }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteIn {
    pub name: String,
    pub email: String,
    pub permissions: PermissionsIo,
}

/// The invited person; the one-time link is mailed to them and shown here once (valid 7 days).
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteOut {
    pub person_id: i64,
    pub invite_url: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// What to change about someone; a field left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonPatch {
    pub permissions: Option<PermissionsIo>,
    /// True: they can no longer sign in (their sessions end); false: they can again.
    pub disabled: Option<bool>,
}

#[utoipa::path(get, path = "/clients/{id}/people", tag = "clients", params(("id" = i64, Path), Cursor), responses((status = 200, body = Page<PersonOut>)))]
pub async fn people(State(state): State<AppState>, caller: Caller, Ids(id): Ids<i64>, Params(c): Params<Cursor>) -> ApiResult<Json<Page<PersonOut>>> {
    caller.need(AREA_CLIENTS, Access::Read)?;
    caller.reach(id)?;
    state.services.clients.details(id).await?;
    let page = state.services.people.list(id, c.id()?).await?;
    Ok(Json(Page::new(page.items, page.next, PersonOut::from)))
}

/// Invites someone of the client: they get a mail with a link to set their password.
#[utoipa::path(post, path = "/clients/{id}/people", tag = "clients", params(("id" = i64, Path)), request_body = InviteIn, responses((status = 201, body = InviteOut)))]
pub async fn invite(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids(id): Ids<i64>, Body(i): Body<InviteIn>) -> ApiResult<(StatusCode, Json<InviteOut>)> {
    caller.need(AREA_CLIENTS, Access::Write)?;
    caller.reach(id)?;
    state.services.clients.details(id).await?;
    let perms: Permissions = i.permissions.into();
    let invite = state.services.people.invite(id, &i.name, &i.email, perms, caller.who.user_id).await?;
    let details = serde_json::json!({ "user_email": invite.email, "permissions": perms, "expires_at": invite.expires_at });
    record(&state, &caller, &meta, AuditEntry::success(Action::UserInvited, Some(id), ("user", invite.user_id.to_string(), invite.name.clone()), details)).await;
    let invite_url = format!("{}{}", state.config.public_url.trim_end_matches('/'), invite.path());
    Ok((StatusCode::CREATED, Json(InviteOut { person_id: invite.user_id, invite_url, expires_at: invite.expires_at })))
}

#[utoipa::path(patch, path = "/clients/{id}/people/{person_id}", tag = "clients", params(("id" = i64, Path), ("person_id" = i64, Path)), request_body = PersonPatch, responses((status = 200, body = PersonOut)))]
pub async fn update_person(State(state): State<AppState>, caller: Caller, meta: RequestMeta, Ids((id, person)): Ids<(i64, i64)>, Body(p): Body<PersonPatch>) -> ApiResult<Json<PersonOut>> {
    caller.need(AREA_CLIENTS, Access::Write)?;
    caller.reach(id)?;
    let people = &state.services.people;
    let target = |p: &Person| ("user", p.id.to_string(), p.name.clone());
    if let Some(perms) = p.permissions {
        if let Some((before, after)) = people.set_permissions(id, person, perms.into()).await? {
            let details = serde_json::json!({ "user_email": after.email, "from": PermissionsIo::from(before.permissions), "to": perms });
            record(&state, &caller, &meta, AuditEntry::success(Action::UserUpdated, Some(id), target(&after), details)).await;
        }
    }
    if let Some(disabled) = p.disabled {
        if let Some(changed) = people.set_disabled(id, person, disabled).await? {
            let action = if disabled { Action::UserDisabled } else { Action::UserEnabled };
            record(&state, &caller, &meta, AuditEntry::success(action, Some(id), target(&changed), serde_json::json!({ "user_email": changed.email }))).await;
        }
    }
    Ok(Json(people.get(id, person).await?.into()))
}
