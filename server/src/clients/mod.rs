//! Clients (the firm's customers) and their people, on the server.

mod people;

pub use people::SqlPeople;

use crate::db::{col, date_from_sql, now_secs, Db, OrDb};
use app::error::AppError;
use app::clients::model::ClientSummary;
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

    /// Per client: amounts still owed (per currency) and how many invoices are overdue.
    async fn balances(&self, client_id: Option<i64>, today: Date) -> Result<HashMap<i64, (Vec<Money>, i64)>, AppError> {
        let rows = sqlx::query(
            "SELECT i.client_id, i.currency, i.due_date, i.status, i.total_minor - i.paid_minor AS due_minor FROM invoices i WHERE i.status IN ('open', 'partially_paid') AND ($1 = 0 OR i.client_id = $1)",
        )
        .bind(client_id.unwrap_or(0))
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
        let mut per_client: HashMap<i64, (Vec<Money>, i64)> = HashMap::new();
        for r in &rows {
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

    async fn summaries(&self, client_id: Option<i64>, today: Date) -> Result<Vec<ClientSummary>, AppError> {
        let mut balances = self.balances(client_id, today).await?;
        let rows = sqlx::query(
            "SELECT c.id, c.name, c.email, (SELECT COUNT(*) FROM users u WHERE u.client_id = c.id) AS user_count \
             FROM clients c WHERE ($1 = 0 OR c.id = $1) ORDER BY c.name, c.id LIMIT 500",
        )
        .bind(client_id.unwrap_or(0))
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
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

#[async_trait]
impl ClientService for SqlClients {
    async fn list(&self, today: Date) -> Result<Vec<ClientSummary>, AppError> {
        self.summaries(None, today).await
    }

    async fn get(&self, client_id: i64, today: Date) -> Result<ClientSummary, AppError> {
        if client_id <= 0 {
            return Err(AppError::NotFound);
        }
        self.summaries(Some(client_id), today).await?.pop().ok_or(AppError::NotFound)
    }

    async fn create(&self, input: &ClientInput) -> Result<i64, AppError> {
        let mut conn = self.db.pool.acquire().await.or_db()?;
        create_client(&mut conn, &input.name, &input.email).await
    }

    async fn update(&self, client_id: i64, input: &ClientInput) -> Result<(ClientInput, ClientInput), AppError> {
        let new = check_client(&input.name, &input.email)?;
        let mut tx = self.db.begin_write().await.or_db()?;
        let old: Option<(String, String)> =
            sqlx::query_as("SELECT name, email FROM clients WHERE id = $1").bind(client_id).fetch_optional(&mut *tx).await.or_db()?;
        let (name, email) = old.ok_or(AppError::NotFound)?;
        sqlx::query("UPDATE clients SET name = $1, email = $2 WHERE id = $3")
            .bind(&new.name)
            .bind(&new.email)
            .bind(client_id)
            .execute(&mut *tx)
            .await
            .or_db()?;
        tx.commit().await.or_db()?;
        Ok((ClientInput { name, email }, new))
    }
}

/// A client's name (1 to 200 characters) and contact email (may be empty), cleaned up.
fn check_client(name: &str, email: &str) -> Result<ClientInput, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(AppError::invalid("name", "required"));
    }
    if name.chars().count() > 200 {
        return Err(AppError::invalid("name", "too_long"));
    }
    let email = if email.trim().is_empty() { String::new() } else { crate::auth::users::check_email("email", email)? };
    Ok(ClientInput { name: name.to_string(), email })
}

pub async fn create_client(conn: &mut AnyConnection, name: &str, email: &str) -> Result<i64, AppError> {
    let client = check_client(name, email)?;
    sqlx::query_scalar("INSERT INTO clients (name, email, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(client.name)
        .bind(client.email)
        .bind(now_secs())
        .fetch_one(conn)
        .await
        .or_db()
}
