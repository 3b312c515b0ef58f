use super::action::Outcome;
use serde::{Deserialize, Serialize};
use time::Date;

/// What to show of the trail. Every field narrows the result; `before` pages backwards by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFilter {
    #[serde(default)]
    pub client_id: Option<i64>,
    /// One user (the client timeline's user filter).
    #[serde(default)]
    pub actor_id: Option<i64>,
    /// Part of the actor's name or email.
    #[serde(default)]
    pub actor: Option<String>,
    /// An action or an action prefix such as `document.`.
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub to: Option<Date>,
    /// `success`, `denied` or `failed`.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Only what the client's own people did, and failed sign-ins to their accounts (a client
    /// admin's view: never the firm's staff or the system).
    #[serde(default)]
    pub own_people_only: bool,
    #[serde(default)]
    pub before: Option<i64>,
}


impl ActivityFilter {
    /// Reads the filter from URL query values; anything malformed is ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|s| s.trim().chars().take(120).collect::<String>()).filter(|s| !s.is_empty());
        let num = |k: &str| get(k).and_then(|s| s.parse::<i64>().ok());
        let date = |k: &str| get(k).and_then(|s| Date::parse(&s, &time::format_description::well_known::Iso8601::DATE).ok());
        Self {
            client_id: num("client_id"),
            actor_id: num("actor_id"),
            actor: text("actor"),
            action: text("action"),
            ip: text("ip"),
            from: date("from"),
            to: date("to"),
            outcome: text("outcome").and_then(|o| Outcome::parse(&o)),
            own_people_only: false,
            before: num("before"),
        }
    }

    /// The filter as a query string (for page URLs and the CSV export link).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", crate::util::urlencode(&v)));
            }
        };
        push("client_id", self.client_id.map(|v| v.to_string()));
        push("actor_id", self.actor_id.map(|v| v.to_string()));
        push("actor", self.actor.clone());
        push("action", self.action.clone());
        push("ip", self.ip.clone());
        push("from", self.from.map(crate::util::iso));
        push("to", self.to.map(crate::util::iso));
        push("outcome", self.outcome.map(|o| o.code().to_string()));
        parts.join("&")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEvent {
    pub id: i64,
    /// Microseconds since the Unix epoch, UTC.
    pub at: i64,
    pub actor_kind: String,
    pub actor_name: String,
    pub actor_email: String,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub target_label: String,
    pub outcome: Outcome,
    pub source_ip: String,
    pub user_agent: String,
    pub details: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<ActivityEvent>,
    /// Pass as `before` for the next (older) page; `None` on the last page.
    pub next_before: Option<i64>,
}

/// How often a client's users opened an item (staff previews never count).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub views: i64,
    pub last_at: Option<i64>,
    pub last_by: String,
}

/// When a user (or, taking the latest of its users, a client) last did anything in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastSeen {
    pub id: i64,
    pub name: String,
    /// The user's email, or the client's name for users.
    pub detail: String,
    pub last_seen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnviewedInvoice {
    pub id: i64,
    pub number: String,
    pub client_name: String,
    pub issue_date: Date,
}

/// Rows per page in each of the engagement page's tables.
pub const ENGAGEMENT_PAGE_SIZE: usize = 50;

/// Where each of the engagement page's tables starts (keyset: after this client, person or
/// invoice in the table's order; the first page when `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EngagementPages {
    pub clients: Option<i64>,
    pub people: Option<i64>,
    pub invoices: Option<i64>,
}

impl EngagementPages {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let at = |k: &str| get(k).and_then(|v| v.parse().ok());
        Self { clients: at("clients_after"), people: at("people_after"), invoices: at("invoices_after") }
    }

    /// The page's URL for these positions.
    pub fn href(&self) -> String {
        let parts: Vec<String> = [("clients_after", self.clients), ("people_after", self.people), ("invoices_after", self.invoices)]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k}={v}")))
            .collect();
        if parts.is_empty() { "/staff/engagement".into() } else { format!("/staff/engagement?{}", parts.join("&")) }
    }
}

/// One page of each table; `*_next` is the position of the table's next page, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    pub clients: Vec<LastSeen>,
    pub clients_next: Option<i64>,
    pub users: Vec<LastSeen>,
    pub users_next: Option<i64>,
    pub never_viewed: Vec<UnviewedInvoice>,
    pub never_viewed_next: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let f = ActivityFilter { client_id: Some(3), actor: Some("ana@x y".into()), outcome: Some(Outcome::Failed), ..Default::default() };
        assert_eq!(f.to_query(), "client_id=3&actor=ana%40x%20y&outcome=failed");
        let q = f.to_query();
        let back = ActivityFilter::from_query(|k| q.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(|v| v.replace("%40", "@").replace("%20", " "))));
        assert_eq!(back, f);
    }
}
