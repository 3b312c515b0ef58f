//! Clients (the firm's customers) and their people, on the server.

pub(crate) mod people;

pub use people::SqlPeople;

use crate::db::query::{Arg, Query};
use crate::db::{col, contains_pattern, date_from_sql, now_secs, Db, OrDb};
use app::clients::model::{ClientChoice, ClientFilter, ClientPage, ClientSummary, CLIENT_PAGE_SIZE, MAX_CHOICES};
use app::error::AppError;
use app::invoices::model::InvoiceStatus;
use app::money::totals_by_currency;
use app::clients::model::ClientInput;
use app::money::{Currency, Money};
use app::services::ClientService;
use async_trait::async_trait;
use sqlx::AnyConnection;
use std::collections::HashMap;
use time::Date;

pub struct SqlClients {
    db: Db,
}

impl SqlClients {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// Per client of `ids`: amounts still owed (per currency) and how many invoices are overdue.
    async fn balances(&self, ids: &[i64], today: Date) -> Result<HashMap<i64, (Vec<Money>, i64)>, AppError> {
        let mut per_client: HashMap<i64, (Vec<Money>, i64)> = HashMap::new();
        if ids.is_empty() {
            return Ok(per_client);
        }
        let mut q = Query::new("SELECT i.client_id, i.currency, i.due_date, i.status, i.total_minor - i.paid_minor AS due_minor FROM invoices i");
        q.and("i.status IN ('open', 'partially_paid')");
        let list: Vec<String> = ids.iter().map(|id| q.arg(Arg::Int(*id))).collect();
        q.and(&format!("i.client_id IN ({})", list.join(", ")));
        for r in &q.fetch_all(&self.db).await? {
            let currency = Currency::parse(&col::<String>(r, "currency")?).map_err(|_| AppError::Internal)?;
            let status = InvoiceStatus::parse(&col::<String>(r, "status")?).ok_or(AppError::Internal)?;
            let due_date = date_from_sql(&col::<String>(r, "due_date")?)?;
            let entry = per_client.entry(col(r, "client_id")?).or_default();
            entry.0.push(Money::new(col(r, "due_minor")?, currency));
            entry.1 += status.is_overdue(due_date, today) as i64;
        }
        for entry in per_client.values_mut() {
            entry.0 = totals_by_currency(entry.0.drain(..));
        }
        Ok(per_client)
    }

    /// The clients a query over `clients c` finds, with their people counted and what they owe.
    async fn summaries(&self, q: Query, today: Date) -> Result<Vec<ClientSummary>, AppError> {
        let rows = q.fetch_all(&self.db).await?;
        let ids = rows.iter().map(|r| col(r, "id")).collect::<Result<Vec<i64>, _>>()?;
        let mut balances = self.balances(&ids, today).await?;
        rows.iter()
            .map(|r| {
                let id: i64 = col(r, "id")?;
                let (outstanding, overdue_count) = balances.remove(&id).unwrap_or_default();
                Ok(ClientSummary {
                    id,
                    name: col(r, "name")?,
                    email: col(r, "email")?,
                    outstanding,
                    overdue_count,
                    user_count: col(r, "user_count")?,
                })
            })
            .collect()
    }
}

const SELECT_SUMMARY: &str =
    "SELECT c.id, c.name, c.email, (SELECT COUNT(*) FROM users u WHERE u.client_id = c.id) AS user_count FROM clients c";

#[async_trait]
impl ClientService for SqlClients {
    async fn list(&self, f: &ClientFilter, today: Date) -> Result<ClientPage, AppError> {
        let mut q = Query::new(SELECT_SUMMARY);
        if !f.q.is_empty() {
            let p = q.arg(Arg::Text(contains_pattern(&f.q.to_lowercase())));
            q.and(&format!("(lower(c.name) LIKE {p} ESCAPE '\\' OR lower(c.email) LIKE {p} ESCAPE '\\')"));
        }
        // Keyset: the page starts after client `after` in (name, id) order, on clients_name.
        if let Some(after) = f.after {
            let p = q.arg(Arg::Int(after));
            q.and(&format!("(c.name, c.id) > (SELECT a.name, a.id FROM clients a WHERE a.id = {p})"));
        }
        q.push(&format!(" ORDER BY c.name, c.id LIMIT {}", CLIENT_PAGE_SIZE + 1));
        let (items, next) = crate::db::keyset_page(self.summaries(q, today).await?, CLIENT_PAGE_SIZE as usize, |c| c.id);
        Ok(ClientPage { items, next })
    }

    async fn choices(&self, selected: Option<i64>) -> Result<Vec<ClientChoice>, AppError> {
        let sql = format!(
            "SELECT id, name FROM (SELECT id, name FROM clients ORDER BY name, id LIMIT {MAX_CHOICES}) f \
             UNION SELECT id, name FROM clients WHERE id = $1 ORDER BY name, id"
        );
        let rows = sqlx::query(&sql).bind(selected.unwrap_or(0)).fetch_all(&self.db.pool).await.or_db()?;
        rows.iter().map(|r| Ok(ClientChoice { id: col(r, "id")?, name: col(r, "name")? })).collect()
    }

    async fn get(&self, client_id: i64, today: Date) -> Result<ClientSummary, AppError> {
        let mut q = Query::new(SELECT_SUMMARY);
        let p = q.arg(Arg::Int(client_id));
        q.and(&format!("c.id = {p}"));
        self.summaries(q, today).await?.pop().ok_or(AppError::NotFound)
    }

    async fn create(&self, input: &ClientInput) -> Result<i64, AppError> {
        let mut conn = self.db.pool.acquire().await.or_db()?;
        create_client(&mut conn, &input.name, &input.email).await
    }

    async fn details(&self, client_id: i64) -> Result<ClientInput, AppError> {
        let mut conn = self.db.pool.acquire().await.or_db()?;
        details(&mut conn, client_id).await
    }

    async fn update(&self, client_id: i64, input: &ClientInput) -> Result<(ClientInput, ClientInput), AppError> {
        let new = check_client(input)?;
        let mut tx = self.db.begin_write().await.or_db()?;
        let old = details(&mut tx, client_id).await?;
        set_details(&mut tx, client_id, &new).await?;
        tx.commit().await.or_db()?;
        Ok((old, new))
    }
}

/// A client's details; `NotFound` for a missing client.
pub(crate) async fn details(conn: &mut AnyConnection, client_id: i64) -> Result<ClientInput, AppError> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as("SELECT name, email, address, tax_id, phone FROM clients WHERE id = $1")
        .bind(client_id)
        .fetch_optional(conn)
        .await
        .or_db()?;
    let (name, email, address, tax_id, phone) = row.ok_or(AppError::NotFound)?;
    Ok(ClientInput { name, email, address, tax_id, phone })
}

/// Writes a client's details (already checked).
pub(crate) async fn set_details(conn: &mut AnyConnection, client_id: i64, d: &ClientInput) -> Result<(), AppError> {
    sqlx::query("UPDATE clients SET name = $1, email = $2, address = $3, tax_id = $4, phone = $5 WHERE id = $6")
        .bind(&d.name)
        .bind(&d.email)
        .bind(&d.address)
        .bind(&d.tax_id)
        .bind(&d.phone)
        .bind(client_id)
        .execute(conn)
        .await
        .or_db()?;
    Ok(())
}

/// One line of text (no control characters), trimmed, at most `max` characters.
fn line(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "invalid"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "too_long"));
    }
    Ok(value.to_string())
}

/// A phone number as people write one: digits, spaces, `+ - ( ) .`, with at least five digits.
pub(crate) fn check_phone(field: &str, value: &str) -> Result<String, AppError> {
    let phone = line(field, value, 40)?;
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !phone.is_empty() && (digits < 5 || !phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))) {
        return Err(AppError::invalid(field, "invalid_phone"));
    }
    Ok(phone)
}

/// A client's details, cleaned up: a name of 1 to 200 characters, a contact email (may be
/// empty), an address of up to 8 lines, a tax id and a phone number.
pub(crate) fn check_client(input: &ClientInput) -> Result<ClientInput, AppError> {
    let name = line("name", &input.name, 200)?;
    if name.is_empty() {
        return Err(AppError::invalid("name", "required"));
    }
    let email = if input.email.trim().is_empty() { String::new() } else { crate::auth::users::check_email("email", &input.email)? };
    // Lines of an address: each trimmed, blank ones dropped, `\r\n` from a form as `\n`.
    let lines = input.address.lines().map(|l| line("address", l, 200)).collect::<Result<Vec<_>, _>>()?;
    let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();
    if lines.len() > 8 {
        return Err(AppError::invalid("address", "too_long"));
    }
    Ok(ClientInput { name, email, address: lines.join("\n"), tax_id: line("tax_id", &input.tax_id, 40)?, phone: check_phone("phone", &input.phone)? })
}

pub async fn create_client(conn: &mut AnyConnection, name: &str, email: &str) -> Result<i64, AppError> {
    let client = check_client(&ClientInput { name: name.into(), email: email.into(), ..Default::default() })?;
    sqlx::query_scalar("INSERT INTO clients (name, email, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(client.name)
        .bind(client.email)
        .bind(now_secs())
        .fetch_one(conn)
        .await
        .or_db()
}
