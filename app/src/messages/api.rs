//! Message server functions. Sending (with files) is a streaming route on the server,
//! `POST /messages/send`, like document uploads.

use super::model::{Conversation, ConversationFilter, ConversationPage};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who may open the conversation list at all: every client person and staff.
#[cfg(feature = "ssr")]
fn require_reader() -> Result<crate::model::Identity, AppError> {
    let who = crate::services::require_user()?;
    if who.role.is_staff() || who.client_id.is_some() { Ok(who) } else { Err(AppError::Forbidden) }
}

#[server(endpoint = "messages", input = Json)]
pub async fn list_conversations(filter: ConversationFilter) -> Result<ConversationPage, AppError> {
    use crate::services::*;
    let who = require_reader()?;
    services()?.messages.list(&who, &filter).await
}

/// One conversation; opening it marks it read, and reading what the other side wrote is an
/// audit event (the trail shows when a client read the firm's answer).
#[server(endpoint = "conversation")]
pub async fn get_conversation(id: i64) -> Result<Conversation, AppError> {
    use crate::services::*;
    let who = require_reader()?;
    let result = services()?.messages.open(&who, id).await;
    match &result {
        Ok((c, true)) => {
            let s = &c.summary;
            audit(AuditEntry::success(Action::MessageRead, Some(s.client_id), ("conversation", id.to_string(), s.subject.clone()), serde_json::Value::Null)).await;
        }
        Ok((_, false)) => {}
        Err(AppError::NotFound) => audit(AuditEntry::denied(who.client_id, "conversation", id.to_string())).await,
        Err(_) => {}
    }
    result.map(|(c, _)| c)
}

/// Staff: give a conversation to a colleague (`assignee` 0: to nobody).
#[server(endpoint = "staff/conversation/assign")]
pub async fn assign_conversation(id: i64, assignee: i64) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let s = services()?.messages.assign(&who, id, (assignee != 0).then_some(assignee)).await?;
    let details = serde_json::json!({ "assignee": s.assignee_name });
    audit(AuditEntry::success(Action::ConversationAssigned, Some(s.client_id), ("conversation", id.to_string(), s.subject), details)).await;
    Ok(())
}

/// Staff: close a conversation, or reopen it.
#[server(endpoint = "staff/conversation/close")]
pub async fn close_conversation(id: i64, closed: bool) -> Result<(), AppError> {
    use crate::services::*;
    let who = require_staff()?;
    let svc = services()?;
    let s = svc.messages.set_closed(&who, id, closed).await?;
    let action = if closed { Action::ConversationClosed } else { Action::ConversationReopened };
    audit(AuditEntry::success(action, Some(s.client_id), ("conversation", id.to_string(), s.subject), serde_json::Value::Null)).await;
    // How did it go? Asked of whoever started it (the conversation is closed either way).
    if closed {
        if let Err(e) = svc.surveys.after_conversation(id).await {
            tracing::warn!(error = %e, "no survey after a closed conversation");
        }
    }
    Ok(())
}

/// Staff members a conversation can be given to: (id, name).
#[server(endpoint = "staff/assignees")]
pub async fn list_assignees() -> Result<Vec<(i64, String)>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.messages.assignees().await
}
