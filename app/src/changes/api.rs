//! Server functions of change requests. Asking and deciding are audited, with each detail
//! old → new.

use super::model::ChangePage;
use crate::clients::model::ClientInput;
use crate::error::AppError;
use leptos::prelude::*;

/// The company's details, for its client admin.
#[server(endpoint = "company")]
pub async fn company_details() -> Result<ClientInput, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(crate::model::Capability::ClientAdmin)?;
    services()?.clients.details(client_id).await
}

/// A client admin asks for the company's details to become these (the form sends them all: one
/// left out is asked to be emptied); staff decide.
#[server(endpoint = "company/propose")]
pub async fn propose_change(
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] address: String,
    #[server(default)] tax_id: String,
    #[server(default)] phone: String,
) -> Result<(), AppError> {
    use crate::clients::model::changes_json;
    use crate::services::*;
    let (who, client_id) = require_capability(crate::model::Capability::ClientAdmin)?;
    let proposed = ClientInput { name, email, address, tax_id, phone };
    let request = services()?.changes.propose(client_id, who.user_id, &proposed).await?;
    let mut details = changes_json(&request.changes);
    details.insert("request_id".into(), request.id.into());
    audit(AuditEntry::success(Action::ChangeRequested, Some(client_id), ("client", client_id.to_string(), request.client_name), details.into())).await;
    back_with_notice("change");
    Ok(())
}

/// Which requests: staff name a client or get every client's waiting ones; a client admin gets
/// their own company's (another client's id answers like a missing one).
#[server(endpoint = "changes")]
pub async fn change_requests(#[server(default)] client_id: Option<i64>, #[server(default)] after: Option<i64>) -> Result<ChangePage, AppError> {
    use crate::services::*;
    let who = require_user()?;
    let scope = if who.role.is_staff() {
        client_id.map_or(ChangeScope::Pending, ChangeScope::Client)
    } else {
        let (_, own) = require_capability(crate::model::Capability::ClientAdmin)?;
        if client_id.is_some_and(|c| c != own) {
            return Err(AppError::NotFound);
        }
        ChangeScope::Client(own)
    };
    services()?.changes.list(scope, after).await
}

/// Staff approve (the details change at once) or reject a waiting request, with an optional
/// note to the client.
#[server(endpoint = "staff/change/decide")]
pub async fn decide_change(id: i64, decision: String, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::clients::model::changes_json;
    use crate::services::*;
    let who = require_staff()?;
    let approve = match decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::invalid("decision", "required")),
    };
    let request = services()?.changes.decide(id, who.user_id, approve, &note).await?;
    let mut details = changes_json(&request.changes);
    details.insert("request_id".into(), request.id.into());
    if !request.note.is_empty() {
        details.insert("note".into(), request.note.clone().into());
    }
    let action = if approve { Action::ChangeApproved } else { Action::ChangeRejected };
    audit(AuditEntry::success(action, Some(request.client_id), ("client", request.client_id.to_string(), request.client_name), details.into())).await;
    back_with_notice("decided");
    Ok(())
}
