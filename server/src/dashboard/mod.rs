//! The staff dashboard's figures, from invoices, payments, people, conversations, document
//! requests and the trail; and its tables as CSV (`csv.rs`).
//!
//! The value table sums every client's whole invoice history, so it reads the invoices in full:
//! a report over lifetime figures, not a list. At a million invoices that takes seconds (`make
//! bench` times it), so there one computation serves every view for a minute, and views that
//! come while it runs wait for it instead of starting their own; at a small firm, where it takes
//! milliseconds, every view computes afresh.

pub mod csv;

use crate::db::query::Arg;
use crate::db::{col, date_to_sql, now_secs, Backend, Db, OrDb};
use app::dashboard::model::*;
use app::error::AppError;
use app::invoices::statement::Aging;
use app::money::{totals_by_currency, Currency, Money};
use app::services::DashboardService;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};
use time::Date;

pub struct SqlDashboard {
    db: Db,
    /// The last figures, when they were computed and how long that took.
    last: tokio::sync::Mutex<Option<(Instant, Duration, FirmDashboard)>>,
}

/// Figures that took this long to compute are kept for `KEEP`.
const SLOW: Duration = Duration::from_millis(500);
const KEEP: Duration = Duration::from_secs(60);

impl SqlDashboard {
    pub fn new(db: Db) -> Self {
        Self { db, last: tokio::sync::Mutex::new(None) }
    }

    async fn rows(&self, sql: &str, args: Vec<Arg>) -> Result<Vec<AnyRow>, AppError> {
        let mut q = sqlx::query(sql);
        for a in args {
            q = match a {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
            };
        }
        q.fetch_all(&self.db.pool).await.or_db()
    }

    /// Days from date column `from` to date expression `to` (both `YYYY-MM-DD`).
    fn days(&self, from: &str, to: &str) -> String {
        match self.db.backend {
            Backend::Postgres => format!("(CAST({to} AS DATE) - CAST({from} AS DATE))"),
            Backend::Sqlite => format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)"),
        }
    }

    /// Per currency: what is owed by days past due, and a year of billing and payments.
    async fn positions(&self, today: Date) -> Result<Vec<Position>, AppError> {
        let owed = self
            .rows(
                "SELECT currency, due_date, CAST(SUM(total_minor - paid_minor) AS BIGINT) AS owed FROM invoices \
                 WHERE status IN ('open', 'partially_paid') GROUP BY currency, due_date",
                vec![],
            )
            .await?;
        let mut aging: BTreeMap<Currency, Aging> = BTreeMap::new();
        for r in &owed {
            let due = crate::db::date_from_sql(&col::<String>(r, "due_date")?)?;
            aging.entry(currency(r)?).or_default().add((today - due).whole_days(), col(r, "owed")?);
        }
        // Twelve months, this one last.
        let months: Vec<String> = (0..12).rev().map(|back| month_of(today, back)).collect();
        let since = format!("{}-01", months[0]);
        let billed = self
            .rows(
                "SELECT currency, substr(issue_date, 1, 7) AS month, CAST(SUM(total_minor) AS BIGINT) AS amount FROM invoices \
                 WHERE status IN ('open', 'partially_paid', 'paid') AND issue_date >= $1 GROUP BY currency, substr(issue_date, 1, 7)",
                vec![Arg::Text(since.clone())],
            )
            .await?;
        let paid = self
            .rows(
                "SELECT i.currency, substr(p.paid_on, 1, 7) AS month, CAST(SUM(p.amount_minor) AS BIGINT) AS amount \
                 FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.paid_on >= $1 GROUP BY i.currency, substr(p.paid_on, 1, 7)",
                vec![Arg::Text(since)],
            )
            .await?;
        let mut per_month: BTreeMap<Currency, HashMap<String, (i64, i64)>> = BTreeMap::new();
        for (rows, billed) in [(&billed, true), (&paid, false)] {
            for r in rows {
                let slot = per_month.entry(currency(r)?).or_default().entry(col(r, "month")?).or_default();
                *(if billed { &mut slot.0 } else { &mut slot.1 }) += col::<i64>(r, "amount")?;
            }
        }
        let currencies: Vec<Currency> = aging.keys().chain(per_month.keys()).copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        Ok(currencies
            .into_iter()
            .map(|c| {
                let a = aging.get(&c).copied().unwrap_or_default();
                let by_month = per_month.remove(&c).unwrap_or_default();
                Position {
                    currency: c,
                    outstanding: a.total(),
                    overdue: a.total() - a.current,
                    aging: a,
                    months: months.iter().map(|m| (m.clone(), by_month.get(m).map_or(0, |v| v.0), by_month.get(m).map_or(0, |v| v.1))).collect(),
                    aging_chart: String::new(),
                    months_chart: String::new(),
                }
            })
            .collect())
    }

    /// Every client's billing history per currency, most billed first.
    async fn client_values(&self, today: Date) -> Result<Vec<ClientValue>, AppError> {
        let this_year = format!("{}-01-01", today.year());
        let last_year = format!("{}-01-01", today.year() - 1);
        let quarter = date_to_sql(today - time::Duration::days(90));
        let recent = date_to_sql(today - time::Duration::days(RECENT_DAYS));
        let sums = self
            .rows(
                "SELECT i.client_id, c.name AS client_name, i.currency, CAST(SUM(i.total_minor) AS BIGINT) AS billed, CAST(SUM(i.paid_minor) AS BIGINT) AS paid, \
                 CAST(SUM(CASE WHEN i.issue_date >= $1 THEN i.total_minor ELSE 0 END) AS BIGINT) AS billed_this_year, \
                 CAST(SUM(CASE WHEN i.issue_date >= $2 AND i.issue_date < $1 THEN i.total_minor ELSE 0 END) AS BIGINT) AS billed_last_year, \
                 CAST(SUM(CASE WHEN i.issue_date >= $3 THEN i.total_minor ELSE 0 END) AS BIGINT) AS billed_quarter, \
                 CAST(SUM(i.total_minor - i.paid_minor) AS BIGINT) AS owed \
                 FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.status IN ('open', 'partially_paid', 'paid') \
                 GROUP BY i.client_id, c.name, i.currency",
                vec![Arg::Text(this_year.clone()), Arg::Text(last_year.clone()), Arg::Text(quarter)],
            )
            .await?;
        let received = self
            .rows(
                "SELECT i.client_id, i.currency, CAST(SUM(CASE WHEN p.paid_on >= $1 THEN p.amount_minor ELSE 0 END) AS BIGINT) AS this_year, \
                 CAST(SUM(CASE WHEN p.paid_on < $1 THEN p.amount_minor ELSE 0 END) AS BIGINT) AS last_year \
                 FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.paid_on >= $2 GROUP BY i.client_id, i.currency",
                vec![Arg::Text(this_year), Arg::Text(last_year)],
            )
            .await?;
        let days = self.days("i.issue_date", "MAX(p.paid_on)");
        let timing = self
            .rows(
                &format!(
                    "SELECT x.client_id, x.currency, CAST(ROUND(AVG(x.days)) AS BIGINT) AS all_time, \
                     CAST(ROUND(AVG(CASE WHEN x.paid_on >= $1 THEN x.days END)) AS BIGINT) AS recent, \
                     CAST(ROUND(AVG(CASE WHEN x.paid_on < $1 THEN x.days END)) AS BIGINT) AS earlier \
                     FROM (SELECT i.client_id, i.currency, MAX(p.paid_on) AS paid_on, {days} AS days FROM invoices i \
                           JOIN payments p ON p.invoice_id = i.id AND p.kind = 'payment' WHERE i.status = 'paid' \
                           GROUP BY i.id, i.client_id, i.currency, i.issue_date) x \
                     GROUP BY x.client_id, x.currency"
                ),
                vec![Arg::Text(recent)],
            )
            .await?;
        let key = |r: &AnyRow| -> Result<(i64, Currency), AppError> { Ok((col(r, "client_id")?, currency(r)?)) };
        let mut received: HashMap<_, (i64, i64)> = received.iter().map(|r| Ok((key(r)?, (col(r, "this_year")?, col(r, "last_year")?)))).collect::<Result<_, AppError>>()?;
        type Timing = (Option<i64>, Option<i64>, Option<i64>);
        let mut timing: HashMap<_, Timing> = timing.iter().map(|r| Ok((key(r)?, (col(r, "all_time")?, col(r, "recent")?, col(r, "earlier")?)))).collect::<Result<_, AppError>>()?;
        let mut values = sums
            .iter()
            .map(|r| {
                let k = key(r)?;
                let (paid_this_year, paid_last_year) = received.remove(&k).unwrap_or_default();
                let (days_to_pay, recent_days_to_pay, earlier_days_to_pay) = timing.remove(&k).unwrap_or_default();
                let (owed, quarter): (i64, i64) = (col(r, "owed")?, col(r, "billed_quarter")?);
                Ok(ClientValue {
                    client_id: k.0,
                    client_name: col(r, "client_name")?,
                    currency: k.1,
                    billed: col(r, "billed")?,
                    paid: col(r, "paid")?,
                    billed_this_year: col(r, "billed_this_year")?,
                    paid_this_year,
                    billed_last_year: col(r, "billed_last_year")?,
                    paid_last_year,
                    days_to_pay,
                    recent_days_to_pay,
                    earlier_days_to_pay,
                    dso: (quarter > 0).then(|| owed * 90 / quarter),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        values.sort_by(|a, b| b.billed.cmp(&a.billed).then(a.client_name.cmp(&b.client_name)).then(a.currency.code().cmp(b.currency.code())));
        Ok(values)
    }

    /// Clients that owe something and were not seen lately, wait for an answer, or are late
    /// with documents the firm asked for.
    async fn attention(&self, today: Date, values: &[ClientValue]) -> Result<Vec<Attention>, AppError> {
        let mut reasons: BTreeMap<i64, (String, Vec<Reason>)> = BTreeMap::new();
        let seen = self.rows("SELECT client_id, MAX(last_seen_at) AS last_seen FROM users WHERE role = 'client' GROUP BY client_id", vec![]).await?;
        let seen: HashMap<i64, Option<i64>> = seen.iter().map(|r| Ok((col(r, "client_id")?, col(r, "last_seen")?))).collect::<Result<_, AppError>>()?;
        let now = now_secs();
        let cutoff = (now - UNSEEN_DAYS * 86_400) * 1_000_000;
        let mut owed: BTreeMap<i64, (String, Vec<Money>)> = BTreeMap::new();
        for v in values.iter().filter(|v| v.billed > v.paid) {
            owed.entry(v.client_id).or_insert_with(|| (v.client_name.clone(), vec![])).1.push(v.money(v.billed - v.paid));
        }
        let mut add = |client_id: i64, name: String, reason: Reason| reasons.entry(client_id).or_insert_with(|| (name, vec![])).1.push(reason);
        for (client_id, (name, amounts)) in owed {
            let last_seen = seen.get(&client_id).copied().flatten();
            if last_seen.is_none_or(|at| at < cutoff) {
                add(client_id, name, Reason::Unseen { last_seen, owed: totals_by_currency(amounts) });
            }
        }
        let waiting = self
            .rows(
                "SELECT c.client_id, k.name AS client_name, CAST(COUNT(*) AS BIGINT) AS n, MIN(m.created_at) AS since FROM conversations c \
                 JOIN messages m ON m.id = c.last_client_message JOIN clients k ON k.id = c.client_id \
                 WHERE c.status = 'open' AND c.last_client_message > c.last_staff_message AND m.created_at < $1 GROUP BY c.client_id, k.name",
                vec![Arg::Int(now - UNANSWERED_DAYS * 86_400)],
            )
            .await?;
        for r in &waiting {
            add(col(r, "client_id")?, col(r, "client_name")?, Reason::Unanswered { conversations: col(r, "n")?, since: col(r, "since")? });
        }
        let late = self
            .rows(
                "SELECT r.client_id, k.name AS client_name, CAST(COUNT(*) AS BIGINT) AS n FROM document_requests r JOIN clients k ON k.id = r.client_id \
                 WHERE r.status = 'open' AND r.due_date < $1 GROUP BY r.client_id, k.name",
                vec![Arg::Text(date_to_sql(today))],
            )
            .await?;
        for r in &late {
            add(col(r, "client_id")?, col(r, "client_name")?, Reason::OverdueRequests { requests: col(r, "n")? });
        }
        Ok(reasons.into_iter().map(|(client_id, (client_name, reasons))| Attention { client_id, client_name, reasons }).collect())
    }
}

fn currency(r: &AnyRow) -> Result<Currency, AppError> {
    Currency::parse(&col::<String>(r, "currency")?).map_err(|_| AppError::Internal)
}

/// `YYYY-MM` of the month `back` months before `today`'s.
fn month_of(today: Date, back: i32) -> String {
    let index = today.year() * 12 + today.month() as i32 - 1 - back;
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

#[async_trait]
impl DashboardService for SqlDashboard {
    async fn dashboard(&self, today: Date) -> Result<FirmDashboard, AppError> {
        // One computation at a time: a view waits for the one running, then takes its figures
        // if they were slow to get, are less than a minute old and of the same day.
        let mut last = self.last.lock().await;
        if let Some((at, took, figures)) = last.as_ref() {
            if *took >= SLOW && at.elapsed() < KEEP && figures.today == today {
                return Ok(figures.clone());
            }
        }
        let started = Instant::now();
        let figures = self.compute(today).await?;
        *last = Some((Instant::now(), started.elapsed(), figures.clone()));
        Ok(figures)
    }
}

impl SqlDashboard {
    async fn compute(&self, today: Date) -> Result<FirmDashboard, AppError> {
        let positions = self.positions(today).await?;
        let clients = self.client_values(today).await?;
        let satisfaction = crate::surveys::satisfaction(&self.db, today).await?;
        let mut attention = self.attention(today, &clients).await?;
        for c in &satisfaction.clients {
            let Some(average) = c.recent.csat().filter(|a| *a < app::surveys::model::LOW_CSAT) else { continue };
            let reason = Reason::LowSatisfaction { average_tenths: (average * 10.0).round() as i64, answers: c.recent.csat_answers };
            match attention.iter_mut().find(|a| a.client_id == c.client_id) {
                Some(a) => a.reasons.push(reason),
                None => attention.push(Attention { client_id: c.client_id, client_name: c.client_name.clone(), reasons: vec![reason] }),
            }
        }
        attention.sort_by(|a, b| a.client_name.cmp(&b.client_name).then(a.client_id.cmp(&b.client_id)));
        // What client people did lately, newest first (through the trail's id index).
        let recent = self
            .rows(
                "SELECT e.id, e.occurred_at, e.actor_name, e.client_id, c.name AS client_name, e.action, e.target_label FROM audit_events e \
                 JOIN clients c ON c.id = e.client_id WHERE e.actor_kind = 'client' AND e.outcome = 'success' ORDER BY e.id DESC LIMIT 10",
                vec![],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(RecentActivity {
                    id: col(r, "id")?,
                    at: col(r, "occurred_at")?,
                    actor_name: col(r, "actor_name")?,
                    client_id: col(r, "client_id")?,
                    client_name: col(r, "client_name")?,
                    action: col(r, "action")?,
                    target_label: col(r, "target_label")?,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let computed_at = now_secs();
        Ok(FirmDashboard { today, computed_at, positions, attention, recent, client_rows: clients.len(), clients, satisfaction, satisfaction_chart: String::new() })
    }
}
