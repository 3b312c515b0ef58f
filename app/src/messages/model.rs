//! Secure messages between a client company and the firm.

use serde::{Deserialize, Serialize};

/// Where a conversation stands: the firm owes an answer (`Open`), the client does (`Waiting`),
/// or it is over (`Closed`, until someone writes again or staff reopen it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Waiting,
    Closed,
}

impl ConversationStatus {
    pub const ALL: [ConversationStatus; 3] = [ConversationStatus::Open, ConversationStatus::Waiting, ConversationStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Waiting => "waiting",
            ConversationStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What a conversation is about, with its label (an invoice number, a document title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum About {
    Invoice { id: i64, label: String },
    Document { id: i64, label: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    pub subject: String,
    pub about: Option<About>,
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// Unix seconds.
    pub last_message_at: i64,
    /// The other side wrote something this person has not read yet.
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub document_id: i64,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub author_name: String,
    pub from_staff: bool,
    pub body: String,
    /// Unix seconds.
    pub created_at: i64,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub summary: ConversationSummary,
    pub messages: Vec<Message>,
}

/// Which conversations a list shows. Clients use `status` and `after` only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConversationFilter {
    pub client_id: Option<i64>,
    pub status: Option<ConversationStatus>,
    /// A staff member's id; `Some(0)` for conversations nobody has taken.
    pub assignee: Option<i64>,
    /// Words in the subject or in any message (staff).
    pub q: String,
    /// Keyset: the page starts after this conversation (newest activity first).
    pub after: Option<i64>,
}

impl ConversationFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let num = |k: &str| get(k).and_then(|v| v.trim().parse().ok());
        Self {
            client_id: num("client"),
            status: get("status").and_then(|s| ConversationStatus::parse(&s)),
            assignee: num("assignee"),
            q: get("q").unwrap_or_default().trim().chars().take(120).collect(),
            after: num("after"),
        }
    }

    /// The list URL's query, starting after `after` (the first page when `None`).
    pub fn to_query(&self, after: Option<i64>) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.client_id {
            parts.push(format!("client={c}"));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if let Some(a) = self.assignee {
            parts.push(format!("assignee={a}"));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", crate::util::urlencode(&self.q)));
        }
        if let Some(a) = after {
            parts.push(format!("after={a}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// Conversations per page.
pub const CONVERSATION_PAGE_SIZE: usize = 50;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub items: Vec<ConversationSummary>,
    /// The `after` of the next page, if there is one.
    pub next: Option<i64>,
}

/// The longest message, in characters.
pub const MAX_BODY: usize = 10_000;
/// The longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_round_trips_through_its_query() {
        let f = ConversationFilter { client_id: Some(3), status: Some(ConversationStatus::Waiting), assignee: Some(0), q: "w-2 form".into(), after: None };
        let q = f.to_query(Some(9));
        assert_eq!(q, "?client=3&status=waiting&assignee=0&q=w-2%20form&after=9");
        let back = ConversationFilter::from_query(|k| {
            q[1..].split('&').find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(|v| v.replace("%20", " ")))
        });
        assert_eq!(back, ConversationFilter { after: Some(9), ..f });
    }
}
