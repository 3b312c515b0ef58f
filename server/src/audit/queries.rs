//! Reading the trail: search (the staff pages, the client admin's view and the CSV export),
//! read receipts and engagement. All of the trail's read SQL is here.

use crate::db::query::{Arg, Query};
use crate::db::{col, contains_pattern, date_from_sql, keyset_page, Db, OrDb};
use app::audit::model::{ActivityEvent, ActivityFilter, ActivityPage, Engagement, EngagementPages, LastSeen, Receipt, UnviewedInvoice, ENGAGEMENT_PAGE_SIZE};
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

/// When user `u` last did anything, to the moment: their latest successful event, found through
/// the (actor_id, id) index. Pages read `users.last_seen_at` instead, which the audit writer
/// keeps to the minute.
pub fn latest_event_sql() -> String {
    format!("(SELECT e.occurred_at FROM audit_events e WHERE e.actor_id = u.id AND e.outcome = '{SUCCESS}' ORDER BY e.id DESC LIMIT 1)")
}

/// Sets every person's `last_seen_at` from the trail (after events were written in bulk, as the
/// demo data is; migrations/*/0012_last_seen.sql does the same).
pub const SET_LAST_SEEN: &str = "UPDATE users SET last_seen_at = (SELECT e.occurred_at FROM audit_events e \
     WHERE e.actor_id = users.id AND e.outcome = 'success' ORDER BY e.id DESC LIMIT 1)";

/// Every client user with when they were last seen.
const USER_LAST_SEEN: &str = "SELECT u.id, u.name, u.email, u.client_id, c.name AS client_name, u.last_seen_at AS last_seen \
     FROM users u JOIN clients c ON c.id = u.client_id WHERE u.role = 'client'";

/// A client user, when they were last seen, and their company.
struct SeenUser {
    seen: LastSeen,
    client_id: Option<i64>,
    client_name: String,
}

/// `1, 2, 3` for `IN (...)`: ids are integers, so nothing to escape; `NULL` for none.
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() { "NULL".into() } else { ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ") }
}

impl SqlActivity {
    /// The ids of one keyset page and where the next starts: `select` (its `WHERE`, if any,
    /// first), then, from a position, `after_sql` with the position as `$1`.
    async fn page_ids(&self, select: &str, after_sql: &str, order: &str, after: Option<i64>) -> Result<(Vec<i64>, Option<i64>), AppError> {
        let glue = if select.contains(" WHERE ") { " AND " } else { " WHERE " };
        let limit = ENGAGEMENT_PAGE_SIZE + 1;
        let ids = match after {
            Some(after) => sqlx::query_scalar(&format!("{select}{glue}{after_sql} ORDER BY {order} LIMIT {limit}")).bind(after).fetch_all(&self.db.pool).await,
            None => sqlx::query_scalar(&format!("{select} ORDER BY {order} LIMIT {limit}")).fetch_all(&self.db.pool).await,
        }
        .or_db()?;
        Ok(keyset_page(ids, ENGAGEMENT_PAGE_SIZE, |id| *id))
    }

    /// The rows of `sql` (which selects by id) in the order of `ids`.
    async fn rows_in_order<T>(&self, sql: &str, ids: &[i64], row: impl Fn(&AnyRow) -> Result<T, AppError>) -> Result<Vec<T>, AppError> {
        let rows = sqlx::query(sql).fetch_all(&self.db.pool).await.or_db()?;
        let mut by_id = HashMap::new();
        for r in &rows {
            by_id.insert(col::<i64>(r, "id")?, row(r)?);
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// Client users matching `condition` (then `tail`: an order, a limit), with when each was
    /// last seen.
    async fn users_seen(&self, condition: &str, tail: &str) -> Result<Vec<SeenUser>, AppError> {
        let rows = sqlx::query(&format!("{USER_LAST_SEEN} AND {condition} {tail}")).fetch_all(&self.db.pool).await.or_db()?;
        rows.iter()
            .map(|r| Ok(SeenUser { seen: last_seen(r, "email")?, client_id: col(r, "client_id")?, client_name: col(r, "client_name")? }))
            .collect()
    }
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

    async fn engagement(&self, pages: EngagementPages) -> Result<Engagement, AppError> {
        // Each table is a keyset page; when people were last seen is looked up for that page only.
        let (page, clients_next) = self
            .page_ids("SELECT c.id FROM clients c", "(c.name, c.id) > (SELECT a.name, a.id FROM clients a WHERE a.id = $1)", "c.name, c.id", pages.clients)
            .await?;
        // A client was last seen when its most recent user was.
        let mut latest: HashMap<i64, i64> = HashMap::new();
        for u in self.users_seen(&format!("u.client_id IN ({})", id_list(&page)), "").await? {
            if let (Some(client), Some(at)) = (u.client_id, u.seen.last_seen) {
                latest.entry(client).and_modify(|v| *v = (*v).max(at)).or_insert(at);
            }
        }
        let clients = self.rows_in_order(&format!("SELECT c.id, c.name, c.email FROM clients c WHERE c.id IN ({})", id_list(&page)), &page, |r| {
            let id: i64 = col(r, "id")?;
            Ok(LastSeen { id, name: col(r, "name")?, detail: col(r, "email")?, last_seen: latest.get(&id).copied() })
        })
        .await?;

        let (page, users_next) = self
            .page_ids(
                "SELECT u.id FROM users u JOIN clients c ON c.id = u.client_id WHERE u.role = 'client'",
                "(c.name, u.name, u.id) > (SELECT b.name, a.name, a.id FROM users a JOIN clients b ON b.id = a.client_id WHERE a.id = $1)",
                "c.name, u.name, u.id",
                pages.people,
            )
            .await?;
        let mut seen: HashMap<i64, SeenUser> = self.users_seen(&format!("u.id IN ({})", id_list(&page)), "").await?.into_iter().map(|u| (u.seen.id, u)).collect();
        let users = page.iter().filter_map(|id| seen.remove(id)).map(|u| LastSeen { detail: u.client_name, ..u.seen }).collect();

        let views = Action::sql_list(INVOICE_VIEWS);
        let (page, never_viewed_next) = self
            .page_ids(
                &format!(
                    "SELECT i.id FROM invoices i WHERE i.status IN ('open', 'partially_paid', 'paid') AND NOT EXISTS (SELECT 1 FROM audit_events e \
                     WHERE e.target_type = 'invoice' AND e.target_id = CAST(i.id AS TEXT) AND e.actor_kind = 'client' \
                     AND e.outcome = '{SUCCESS}' AND e.action IN {views})"
                ),
                "(i.issue_date, i.id) < (SELECT a.issue_date, a.id FROM invoices a WHERE a.id = $1)",
                "i.issue_date DESC, i.id DESC",
                pages.invoices,
            )
            .await?;
        let sql = format!("SELECT i.id, i.number, c.name AS client_name, i.issue_date FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.id IN ({})", id_list(&page));
        let never_viewed = self
            .rows_in_order(&sql, &page, |r| {
                let issue: String = col(r, "issue_date")?;
                Ok(UnviewedInvoice { id: col(r, "id")?, number: col(r, "number")?, client_name: col(r, "client_name")?, issue_date: date_from_sql(&issue)? })
            })
            .await?;
        Ok(Engagement { clients, clients_next, users, users_next, never_viewed, never_viewed_next })
    }

    async fn users_last_seen(&self, client_id: i64) -> Result<Vec<LastSeen>, AppError> {
        let users = self.users_seen(&format!("u.client_id = {client_id}"), &format!("ORDER BY u.name, u.id LIMIT {}", crate::db::MAX_LIST)).await?;
        Ok(users.into_iter().map(|u| u.seen).collect())
    }
}
