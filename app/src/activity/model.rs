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
    pub outcome: Option<String>,
    /// Only what the client's own people did, and failed sign-ins to their accounts (a client
    /// admin's view: never the firm's staff or the system).
    #[serde(default)]
    pub own_people_only: bool,
    #[serde(default)]
    pub before: Option<i64>,
}

/// Action groups offered in the filters, as prefixes.
pub const ACTION_GROUPS: [&str; 7] = ["auth.", "invoice.", "payment.", "statement.", "document", "access.denied", "audit."];
pub const OUTCOMES: [&str; 3] = ["success", "denied", "failed"];

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
            outcome: text("outcome").filter(|o| OUTCOMES.contains(&o.as_str())),
            own_people_only: false,
            before: num("before"),
        }
    }

    /// The filter as a query string (for page URLs and the CSV export link).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", crate::invoices::filter::urlencode(&v)));
            }
        };
        push("client_id", self.client_id.map(|v| v.to_string()));
        push("actor_id", self.actor_id.map(|v| v.to_string()));
        push("actor", self.actor.clone());
        push("action", self.action.clone());
        push("ip", self.ip.clone());
        push("from", self.from.map(crate::invoices::filter::iso));
        push("to", self.to.map(crate::invoices::filter::iso));
        push("outcome", self.outcome.clone());
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
    pub outcome: String,
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    pub clients: Vec<LastSeen>,
    pub users: Vec<LastSeen>,
    pub never_viewed: Vec<UnviewedInvoice>,
}

/// What an action means, in words (an unknown action is shown as it is stored).
pub fn action_label(action: &str) -> String {
    let label = match action {
        "auth." => "Sign-ins and sign-outs",
        "invoice." => "Invoices",
        "payment." => "Payments",
        "statement." => "Statements",
        "document" => "Documents and requests",
        "access.denied" => "Access denied",
        "audit." => "Audit trail",
        "auth.login.succeeded" => "Signed in",
        "auth.login.failed" => "Sign-in failed",
        "auth.logout" => "Signed out",
        "auth.session.expired" => "Session expired",
        "auth.password.changed" => "Changed password",
        "auth.2fa.enabled" => "Turned on two-step sign-in",
        "auth.2fa.disabled" => "Turned off two-step sign-in",
        "profile.updated" => "Updated profile",
        "invoice.list_viewed" => "Viewed invoice list",
        "invoice.viewed" => "Viewed invoice",
        "invoice.pdf_downloaded" => "Downloaded invoice PDF",
        "invoice.created" => "Created invoice draft",
        "invoice.updated" => "Edited invoice draft",
        "invoice.issued" => "Issued invoice",
        "invoice.voided" => "Voided invoice",
        "payment.recorded" => "Recorded payment",
        "payment.refunded" => "Recorded refund",
        "statement.viewed" => "Viewed statement",
        "statement.downloaded" => "Downloaded statement",
        "document.list_viewed" => "Viewed document list",
        "document.viewed" => "Opened document",
        "document.previewed" => "Previewed document",
        "document.downloaded" => "Downloaded document",
        "document.uploaded" => "Uploaded document",
        "document.deleted" => "Deleted document",
        "document.restored" => "Restored document",
        "document_request.created" => "Requested documents",
        "document_request.fulfilled" => "Fulfilled document request",
        "client.created" => "Created client",
        "user.created" => "Created user",
        "user.disabled" => "Disabled user",
        "user.enabled" => "Enabled user again",
        "audit.exported" => "Exported audit trail",
        other => return other.to_string(),
    };
    label.to_string()
}

/// "Chrome 131 on Windows" from a user agent string (the full string stays in the trail).
pub fn browser_summary(ua: &str) -> String {
    let version = |marker: &str| {
        ua.split(marker).nth(1).map(|rest| rest.split(['.', ' ', ';', ')']).next().unwrap_or("").to_string()).filter(|v| !v.is_empty())
    };
    let browser = if let Some(v) = version("Edg/") {
        format!("Edge {v}")
    } else if let Some(v) = version("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version("Chrome/") {
        format!("Chrome {v}")
    } else if ua.contains("Safari/") || ua.contains("AppleWebKit/") {
        version("Version/").map_or("Safari".to_string(), |v| format!("Safari {v}"))
    } else {
        return ua.split_whitespace().next().unwrap_or("").chars().take(40).collect();
    };
    let os = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        .into_iter()
        .find(|(marker, _)| ua.contains(marker))
        .map(|(_, name)| name);
    match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser,
    }
}

/// "Not seen for" buckets: 30, 60, 90 days (or never).
pub fn days_unseen(last_seen: Option<i64>, now_micros: i64) -> Option<i64> {
    last_seen.map(|t| (now_micros - t).max(0) / 86_400_000_000)
}

/// "2 h ago", "3 days ago", "just now" (English only for now, through the i18n keys later).
pub fn ago(at: i64, now_micros: i64) -> String {
    let secs = ((now_micros - at) / 1_000_000).max(0);
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => match secs / 86_400 {
            1 => "1 day ago".into(),
            d => format!("{d} days ago"),
        },
    }
}

/// "2026-11-25 14:03:09 UTC".
pub fn utc(at: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp_nanos(at as i128 * 1000) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_naturally() {
        let now = 1_000_000_000_000_000;
        assert_eq!(ago(now - 5_000_000, now), "just now");
        assert_eq!(ago(now - 7_200_000_000, now), "2 h ago");
        assert_eq!(ago(now - 3 * 86_400_000_000, now), "3 days ago");
        assert_eq!(days_unseen(Some(now - 61 * 86_400_000_000), now), Some(61));
        assert_eq!(days_unseen(None, now), None);
    }

    #[test]
    fn user_agents_read_as_browser_and_system() {
        assert_eq!(browser_summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"), "Chrome 131 on Windows");
        assert_eq!(browser_summary("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"), "Safari 18 on macOS");
        assert_eq!(browser_summary("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"), "Firefox 133 on Linux");
        assert_eq!(browser_summary("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(browser_summary(""), "");
    }

    #[test]
    fn filters_round_trip_through_the_query_string() {
        let f = ActivityFilter { client_id: Some(3), actor: Some("ana@x y".into()), outcome: Some("failed".into()), ..Default::default() };
        assert_eq!(f.to_query(), "client_id=3&actor=ana%40x%20y&outcome=failed");
        let q = f.to_query();
        let back = ActivityFilter::from_query(|k| q.split('&').find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(|v| v.replace("%40", "@").replace("%20", " "))));
        assert_eq!(back, f);
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    }
}
