//! Reading the trail: search (the staff pages, the client admin's view and the CSV export),
//! read receipts and engagement. All of the trail's read SQL is here.

use crate::db::query::{Arg, Query};
use crate::db::{col, contains_pattern, date_from_sql, Db, OrDb};
use app::audit::model::{ActivityEvent, ActivityFilter, ActivityPage, Engagement, LastSeen, Receipt, UnviewedInvoice};
use app::error::AppError;
use app::services::{Action, ActivityService, Outcome};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime, Time};

/// Actions that count as a client looking at an item.
const INVOICE_VIEWS: &[Action] = &[Action::InvoiceViewed, Action::InvoicePdfDownloaded];
const DOCUMENT_VIEWS: &[Action] = &[Action::DocumentViewed, Action::DocumentPreviewed, Action::DocumentDownloaded];
/// Only what was done counts as being seen, not what was refused or failed.
const SUCCESS: &str = Outcome::Success.code();

pub struct SqlActivity {
    db: Db,
}

impl SqlActivity {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn day_start_micros(d: Date) -> i64 {
    (OffsetDateTime::new_utc(d, Time::MIDNIGHT).unix_timestamp_nanos() / 1000) as i64
}

/// `value%` with LIKE's wildcards in `value` taken literally.
fn prefix_pattern(value: &str) -> String {
    let contains = contains_pattern(value);
    format!("{}%", &contains[1..contains.len() - 1])
}

/// The events matching a filter, as a query to finish with ORDER BY.
pub(crate) fn filtered(select: &str, f: &ActivityFilter) -> Query {
    let mut q = Query::new(select);
    let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let cond = |q: &mut Query, template: &str, arg: Arg| {
        let p = q.arg(arg);
        q.and(&template.replace('?', &p));
    };
    if let Some(id) = f.client_id {
        cond(&mut q, "e.client_id = ?", Arg::Int(id));
    }
    if let Some(id) = f.actor_id {
        cond(&mut q, "e.actor_id = ?", Arg::Int(id));
    }
    if let Some(actor) = text(&f.actor) {
        let p = q.arg(Arg::Text(contains_pattern(&actor.to_lowercase())));
        q.and(&format!("(lower(e.actor_email) LIKE {p} ESCAPE '\\' OR lower(e.actor_name) LIKE {p} ESCAPE '\\')"));
    }
    // Prefixes: `document` matches document.* and document_request.*; `10.0.` a network.
    if let Some(action) = text(&f.action) {
        cond(&mut q, "e.action LIKE ? ESCAPE '\\'", Arg::Text(prefix_pattern(&action)));
    }
    if let Some(ip) = text(&f.ip) {
        cond(&mut q, "e.source_ip LIKE ? ESCAPE '\\'", Arg::Text(prefix_pattern(&ip)));
    }
    if let Some(from) = f.from {
        cond(&mut q, "e.occurred_at >= ?", Arg::Int(day_start_micros(from)));
    }
    if let Some(to) = f.to {
        cond(&mut q, "e.occurred_at < ?", Arg::Int(day_start_micros(to + Duration::days(1))));
    }
    if let Some(outcome) = f.outcome {
        cond(&mut q, "e.outcome = ?", Arg::Text(outcome.code().into()));
    }
    if f.own_people_only {
        q.and("e.actor_kind IN ('client', 'anonymous')");
    }
    if let Some(before) = f.before {
        cond(&mut q, "e.id < ?", Arg::Int(before));
    }
    q
}

fn event(row: &AnyRow) -> Result<ActivityEvent, AppError> {
    Ok(ActivityEvent {
        id: col(row, "id")?,
        at: col(row, "occurred_at")?,
        actor_kind: col(row, "actor_kind")?,
        actor_name: col(row, "actor_name")?,
        actor_email: col(row, "actor_email")?,
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        action: col(row, "action")?,
        target_type: col(row, "target_type")?,
        target_id: col(row, "target_id")?,
        target_label: col(row, "target_label")?,
        outcome: Outcome::parse(&col::<String>(row, "outcome")?).ok_or(AppError::Internal)?,
        source_ip: col(row, "source_ip")?,
        user_agent: col(row, "user_agent")?,
        details: col(row, "details")?,
    })
}

pub(crate) const SELECT_EVENTS: &str = "SELECT e.id, e.occurred_at, e.actor_kind, e.actor_name, e.actor_email, e.client_id, c.name AS client_name, e.action, \
     e.target_type, e.target_id, e.target_label, e.outcome, e.source_ip, e.user_agent, e.details \
     FROM audit_events e LEFT JOIN clients c ON c.id = e.client_id";

/// The first window of ids a text search reads, newest first; each next one is 8× wider.
const FIRST_WINDOW: i64 = 1 << 16;

/// One page of events, newest first.
///
/// The text filters (person, action, IP) have no index in id order, so one query would read the
/// trail back from the newest event until it has a page; on PostgreSQL's monthly partitions it
/// would read every month until each had given a match. With one of them, the search reads
/// windows of ids instead, newest first, each 8× wider than the last, until the page is full: a
/// name seen this week costs one window, one never seen a few wide ones.
async fn search(db: &Db, filter: &ActivityFilter, limit: i64) -> Result<ActivityPage, AppError> {
    let limit = limit.clamp(1, 5000);
    let mut items = Vec::new();
    if filter.actor.is_none() && filter.action.is_none() && filter.ip.is_none() {
        let mut q = filtered(SELECT_EVENTS, filter);
        q.push(&format!(" ORDER BY e.id DESC LIMIT {}", limit + 1));
        items = q.fetch_all(db).await?.iter().map(event).collect::<Result<_, _>>()?;
    } else {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit_events").fetch_one(&db.pool).await.or_db()?;
        let mut hi = filter.before.map_or(newest.unwrap_or(0), |b| b - 1);
        let mut width = FIRST_WINDOW;
        while items.len() as i64 <= limit && hi > 0 {
            let lo = hi.saturating_sub(width).max(0);
            let mut q = filtered(SELECT_EVENTS, &ActivityFilter { before: None, ..filter.clone() });
            let (p_lo, p_hi) = (q.arg(Arg::Int(lo)), q.arg(Arg::Int(hi)));
            q.and(&format!("e.id > {p_lo} AND e.id <= {p_hi}"));
            q.push(&format!(" ORDER BY e.id DESC LIMIT {}", limit + 1 - items.len() as i64));
            for row in q.fetch_all(db).await?.iter() {
                items.push(event(row)?);
            }
            (hi, width) = (lo, width.saturating_mul(8));
        }
    }
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_before = if more { items.last().map(|e| e.id) } else { None };
    Ok(ActivityPage { items, next_before })
}

fn last_seen(row: &AnyRow, detail: &str) -> Result<LastSeen, AppError> {
    Ok(LastSeen { id: col(row, "id")?, name: col(row, "name")?, detail: col(row, detail)?, last_seen: col(row, "last_seen")? })
}

/// When user `u` last did anything: their latest successful event, found through the
/// (actor_id, id) index.
pub fn last_seen_sql() -> String {
    format!("(SELECT e.occurred_at FROM audit_events e WHERE e.actor_id = u.id AND e.outcome = '{SUCCESS}' ORDER BY e.id DESC LIMIT 1)")
}

/// Every client user with when they were last seen.
fn user_last_seen() -> String {
    format!("SELECT u.id, u.name, u.email, u.client_id, c.name AS client_name, {} AS last_seen \
             FROM users u JOIN clients c ON c.id = u.client_id WHERE u.role = 'client'", last_seen_sql())
}

#[async_trait]
impl ActivityService for SqlActivity {
    async fn search(&self, filter: &ActivityFilter, limit: i64) -> Result<ActivityPage, AppError> {
        search(&self.db, filter, limit).await
    }

    async fn receipts(&self, target_type: &'static str, ids: &[i64]) -> Result<HashMap<i64, Receipt>, AppError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let views = Action::sql_list(if target_type == "invoice" { INVOICE_VIEWS } else { DOCUMENT_VIEWS });
        let placeholders: Vec<String> = (2..ids.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT e.target_id, v.views, e.occurred_at, e.actor_name FROM audit_events e JOIN \
             (SELECT target_id, COUNT(*) AS views, MAX(id) AS last_id FROM audit_events \
              WHERE target_type = $1 AND actor_kind = 'client' AND outcome = '{SUCCESS}' AND action IN {views} AND target_id IN ({}) \
              GROUP BY target_id) v ON e.id = v.last_id",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(target_type);
        for id in ids {
            q = q.bind(id.to_string());
        }
        let rows = q.fetch_all(&self.db.pool).await.or_db()?;
        let mut out = HashMap::new();
        for row in &rows {
            let id: String = col(row, "target_id")?;
            let receipt = Receipt { views: col(row, "views")?, last_at: Some(col(row, "occurred_at")?), last_by: col(row, "actor_name")? };
            if let Ok(id) = id.parse() {
                out.insert(id, receipt);
            }
        }
        Ok(out)
    }

    async fn engagement(&self) -> Result<Engagement, AppError> {
        let rows = sqlx::query(&format!("{} ORDER BY c.name, u.name LIMIT {}", user_last_seen(), crate::db::MAX_LIST)).fetch_all(&self.db.pool).await.or_db()?;
        let users = rows.iter().map(|r| last_seen(r, "client_name")).collect::<Result<Vec<_>, _>>()?;
        // A client was last seen when its most recent user was.
        let clients = sqlx::query(&format!(
            "SELECT c.id, c.name, c.email, MAX(s.last_seen) AS last_seen FROM clients c \
             LEFT JOIN ({}) s ON s.client_id = c.id GROUP BY c.id, c.name, c.email ORDER BY c.name LIMIT 500",
            user_last_seen()
        ))
        .fetch_all(&self.db.pool)
        .await
        .or_db()?
        .iter()
        .map(|r| last_seen(r, "email"))
        .collect::<Result<Vec<_>, _>>()?;
        let views = Action::sql_list(INVOICE_VIEWS);
        let never_viewed = sqlx::query(&format!(
            "SELECT i.id, i.number, c.name AS client_name, i.issue_date FROM invoices i JOIN clients c ON c.id = i.client_id \
             WHERE i.status IN ('open', 'partially_paid', 'paid') AND NOT EXISTS (SELECT 1 FROM audit_events e \
               WHERE e.target_type = 'invoice' AND e.target_id = CAST(i.id AS TEXT) AND e.actor_kind = 'client' \
               AND e.outcome = '{SUCCESS}' AND e.action IN {views}) \
             ORDER BY i.issue_date DESC, i.id DESC LIMIT 200"
        ))
        .fetch_all(&self.db.pool)
        .await
        .or_db()?
        .iter()
        .map(|r| {
            let issue: String = col(r, "issue_date")?;
            Ok(UnviewedInvoice { id: col(r, "id")?, number: col(r, "number")?, client_name: col(r, "client_name")?, issue_date: date_from_sql(&issue)? })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
        Ok(Engagement { clients, users, never_viewed })
    }

    async fn users_last_seen(&self, client_id: i64) -> Result<Vec<LastSeen>, AppError> {
        let rows = sqlx::query(&format!("{} AND u.client_id = $1 ORDER BY u.name LIMIT {}", user_last_seen(), crate::db::MAX_LIST))
            .bind(client_id)
            .fetch_all(&self.db.pool)
            .await
            .or_db()?;
        rows.iter().map(|r| last_seen(r, "email")).collect()
    }
}
