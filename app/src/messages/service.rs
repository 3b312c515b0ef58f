//! Server-only: what the server implements for messages.

use crate::documents::service::StoredFile;
use crate::error::AppError;
use crate::messages::model::{Conversation, ConversationFilter, ConversationPage, ConversationSummary};
use crate::model::Identity;
use async_trait::async_trait;

/// A client person's new conversation, optionally about one invoice or one document of theirs.
#[derive(Debug, Clone, Default)]
pub struct NewConversation {
    pub subject: String,
    pub invoice_id: Option<i64>,
    pub document_id: Option<i64>,
    pub body: String,
}

/// A message that was sent, for its audit event.
#[derive(Debug, Clone)]
pub struct Sent {
    pub conversation_id: i64,
    pub message_id: i64,
    pub client_id: i64,
    pub subject: String,
    /// The documents its files became: (id, title).
    pub attachments: Vec<(i64, String)>,
}

#[async_trait]
pub trait MessageService: Send + Sync {
    /// A page of the conversations `who` may see: staff all of them, a client person their own
    /// company's, and of those about an invoice or a document only what their permissions open.
    async fn list(&self, who: &Identity, filter: &ConversationFilter) -> Result<ConversationPage, AppError>;
    /// One conversation with its messages, now read by `who` (`true` when something was newly
    /// read). Outside what `who` may see it is `NotFound`.
    async fn open(&self, who: &Identity, id: i64) -> Result<(Conversation, bool), AppError>;
    /// A client person starts a conversation; `files` (already stored) become documents of the
    /// client, all in one transaction with the message.
    async fn start(&self, who: &Identity, new: &NewConversation, files: Vec<StoredFile>) -> Result<Sent, AppError>;
    /// An answer in a conversation `who` may see; a closed one opens again.
    async fn reply(&self, who: &Identity, id: i64, body: &str, files: Vec<StoredFile>) -> Result<Sent, AppError>;
    /// Staff: give the conversation to a staff member, or to nobody.
    async fn assign(&self, who: &Identity, id: i64, assignee: Option<i64>) -> Result<ConversationSummary, AppError>;
    /// Staff: close, or reopen (it then waits for the firm's answer).
    async fn set_closed(&self, who: &Identity, id: i64, closed: bool) -> Result<ConversationSummary, AppError>;
    /// Conversations with something from the other side that `who` has not read (for staff: the
    /// ones not closed that are theirs or nobody's).
    async fn unread(&self, who: &Identity) -> Result<i64, AppError>;
    /// Staff members a conversation can be given to: (id, name).
    async fn assignees(&self) -> Result<Vec<(i64, String)>, AppError>;
}
