use crate::clients::model::FieldChange;
use serde::{Deserialize, Serialize};

/// Requests per page.
pub const CHANGE_PAGE_SIZE: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeStatus {
    Pending,
    Approved,
    Rejected,
}

impl ChangeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Rejected].into_iter().find(|v| v.as_str() == s)
    }
}

/// A proposed change to a company's details and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRequest {
    pub id: i64,
    pub client_id: i64,
    pub client_name: String,
    /// The client admin who asked.
    pub requested_by: String,
    /// Seconds since the Unix epoch, UTC.
    pub requested_at: i64,
    /// Each detail from what it was when asked to what was asked for.
    pub changes: Vec<FieldChange>,
    pub status: ChangeStatus,
    /// The staff member who decided, and when (seconds).
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    /// The firm's note to the client with its decision.
    pub note: String,
}

/// A page of requests, newest first; `next` is where the next page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePage {
    pub items: Vec<ChangeRequest>,
    pub next: Option<i64>,
}
