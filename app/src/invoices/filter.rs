//! Which invoices a list shows, and in what order: read from and written to the page URL, so a
//! filtered list can be bookmarked and works without JavaScript.

use crate::util::{iso, urlencode};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    Draft,
    Open,
    PartiallyPaid,
    Paid,
    Void,
    /// Open or partially paid, past the due date.
    Overdue,
    /// Open or partially paid.
    Unpaid,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 7] = [Self::Unpaid, Self::Overdue, Self::Open, Self::PartiallyPaid, Self::Paid, Self::Void, Self::Draft];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Void => "void",
            Self::Overdue => "overdue",
            Self::Unpaid => "unpaid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Newest issue date first.
    #[default]
    Issued,
    /// Soonest due date first.
    Due,
    /// Largest total first.
    Amount,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [Self::Issued, Self::Due, Self::Amount];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::Due => "due",
            Self::Amount => "amount",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

pub const PAGE_SIZE: usize = 25;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFilter {
    pub status: Option<StatusFilter>,
    /// Part of an invoice number.
    pub q: String,
    pub sort: SortKey,
    /// Keyset cursor: the list continues after this position (see `InvoicePage::next`).
    pub after: Option<String>,
    /// Staff only: one client's invoices.
    pub client_id: Option<i64>,
    /// Staff only: issue dates in this range.
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl InvoiceFilter {
    /// Reads a filter from URL query parameters; unknown values are ignored, not errors.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|s| Date::parse(&s, &time::format_description::well_known::Iso8601::DATE).ok());
        Self {
            status: get("status").as_deref().and_then(StatusFilter::parse),
            q: get("q").unwrap_or_default().trim().chars().take(64).collect(),
            sort: get("sort").as_deref().and_then(SortKey::parse).unwrap_or_default(),
            after: get("after").filter(|s| !s.is_empty() && s.len() <= 64),
            client_id: get("client").and_then(|s| s.parse().ok()),
            from: date("from"),
            to: date("to"),
        }
    }

    /// The URL query for this filter (without the cursor unless `after` is given).
    pub fn to_query(&self, after: Option<&str>) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", urlencode(&self.q)));
        }
        if self.sort != SortKey::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if let Some(c) = self.client_id {
            parts.push(format!("client={c}"));
        }
        for (k, d) in [("from", self.from), ("to", self.to)] {
            if let Some(d) = d {
                parts.push(format!("{k}={}", iso(d)));
            }
        }
        if let Some(a) = after {
            parts.push(format!("after={}", urlencode(a)));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

/// The invoice filter in the page URL.
pub fn use_filter() -> Memo<InvoiceFilter> {
    let query = use_query_map();
    Memo::new(move |_| InvoiceFilter::from_query(|k| query.read().get(k).map(|v| v.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_the_round_trip_through_the_url() {
        let f = InvoiceFilter { status: Some(StatusFilter::Overdue), q: "0131 &x".into(), sort: SortKey::Due, ..Default::default() };
        let query = f.to_query(None);
        assert_eq!(query, "?status=overdue&q=0131%20%26x&sort=due");
        let pairs: Vec<(String, String)> = vec![("status".into(), "overdue".into()), ("q".into(), "0131 &x".into()), ("sort".into(), "due".into())];
        let back = InvoiceFilter::from_query(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
        assert_eq!(back, f);
    }

    #[test]
    fn unknown_values_fall_back_to_defaults() {
        let f = InvoiceFilter::from_query(|k| Some(if k == "from" { "not-a-date".into() } else { "nonsense".into() }));
        assert_eq!((f.status, f.sort, f.from), (None, SortKey::Issued, None));
    }
}
