use crate::db::{col, date_from_sql, date_to_sql, db_err, now_secs, Db};
use app::error::AppError;
use app::model::{totals_by_currency, Dashboard, InvoiceDetail, InvoiceLine, InvoiceStatus, InvoiceSummary, Payment};
use app::money::{line_amounts, Currency, Money};
use app::services::InvoiceService;
use async_trait::async_trait;
use sqlx::{AnyConnection, Connection};
use sqlx::any::AnyRow;
use time::Date;

pub struct SqlInvoices {
    db: Db,
}

impl SqlInvoices {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// Invoice rows with the amount paid so far. `$1` = client id, `$2` = a status to leave out
/// (`'draft'` for clients, `''` for staff).
const SELECT_SUMMARY: &str = "SELECT i.id, i.number, i.client_id, c.name AS client_name, i.issue_date, i.due_date, \
     i.status, i.currency, i.total_minor, \
     CAST(COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.invoice_id = i.id), 0) AS BIGINT) AS paid_minor \
     FROM invoices i JOIN clients c ON c.id = i.client_id \
     WHERE i.client_id = $1 AND i.status <> $2";

fn summary(row: &AnyRow, today: Date) -> Result<InvoiceSummary, AppError> {
    let currency = Currency::parse(&col::<String>(row, "currency")?).map_err(|_| AppError::Internal)?;
    let status = InvoiceStatus::parse(&col::<String>(row, "status")?).ok_or(AppError::Internal)?;
    let due_date = date_from_sql(&col::<String>(row, "due_date")?)?;
    let total: i64 = col(row, "total_minor")?;
    let paid: i64 = col(row, "paid_minor")?;
    let due = match status {
        InvoiceStatus::Void | InvoiceStatus::Draft => 0,
        _ => total - paid,
    };
    Ok(InvoiceSummary {
        id: col(row, "id")?,
        number: col(row, "number")?,
        client_id: col(row, "client_id")?,
        client_name: col(row, "client_name")?,
        issue_date: date_from_sql(&col::<String>(row, "issue_date")?)?,
        due_date,
        status,
        overdue: status.is_overdue(due_date, today),
        total: Money::new(total, currency),
        amount_due: Money::new(due, currency),
    })
}

fn hidden_status(include_drafts: bool) -> &'static str {
    if include_drafts { "" } else { "draft" }
}

#[async_trait]
impl InvoiceService for SqlInvoices {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError> {
        let client_name: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1")
            .bind(client_id)
            .fetch_one(&self.db.pool)
            .await
            .map_err(db_err)?;
        let unpaid: Vec<InvoiceSummary> = self
            .list(client_id, false, today)
            .await?
            .into_iter()
            .filter(|i| matches!(i.status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid))
            .collect();
        Ok(Dashboard {
            client_name,
            due: totals_by_currency(unpaid.iter().map(|i| i.amount_due)),
            overdue_count: unpaid.iter().filter(|i| i.overdue).count() as i64,
            open_count: unpaid.len() as i64,
            next_due: unpaid.iter().filter(|i| !i.overdue).min_by_key(|i| (i.due_date, i.id)).cloned(),
        })
    }

    async fn list(&self, client_id: i64, include_drafts: bool, today: Date) -> Result<Vec<InvoiceSummary>, AppError> {
        let rows = sqlx::query(&format!("{SELECT_SUMMARY} ORDER BY i.issue_date DESC, i.id DESC"))
            .bind(client_id)
            .bind(hidden_status(include_drafts))
            .fetch_all(&self.db.pool)
            .await
            .map_err(db_err)?;
        rows.iter().map(|r| summary(r, today)).collect()
    }

    async fn get(&self, client_id: i64, invoice_id: i64, include_drafts: bool, today: Date) -> Result<InvoiceDetail, AppError> {
        // Scoped by client in the query itself: another client's invoice is simply not found.
        let row = sqlx::query(&format!("{SELECT_SUMMARY} AND i.id = $3"))
            .bind(client_id)
            .bind(hidden_status(include_drafts))
            .bind(invoice_id)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(db_err)?
            .ok_or(AppError::NotFound)?;
        let s = summary(&row, today)?;
        let currency = s.total.currency;
        let notes: String = sqlx::query_scalar("SELECT notes FROM invoices WHERE id = $1")
            .bind(invoice_id)
            .fetch_one(&self.db.pool)
            .await
            .map_err(db_err)?;
        let lines = sqlx::query(
            "SELECT description, quantity_milli, unit_price_minor, tax_rate_bp, amount_minor, tax_minor \
             FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
        )
        .bind(invoice_id)
        .fetch_all(&self.db.pool)
        .await
        .map_err(db_err)?;
        let mut subtotal = 0;
        let mut tax = 0;
        let lines = lines
            .iter()
            .map(|r| {
                subtotal += col::<i64>(r, "amount_minor")?;
                tax += col::<i64>(r, "tax_minor")?;
                Ok(InvoiceLine {
                    description: col(r, "description")?,
                    quantity_milli: col(r, "quantity_milli")?,
                    unit_price: Money::new(col(r, "unit_price_minor")?, currency),
                    tax_rate_bp: col(r, "tax_rate_bp")?,
                    amount: Money::new(col(r, "amount_minor")?, currency),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let payments = sqlx::query("SELECT id, paid_on, method, reference, amount_minor FROM payments WHERE invoice_id = $1 ORDER BY paid_on, id")
            .bind(invoice_id)
            .fetch_all(&self.db.pool)
            .await
            .map_err(db_err)?
            .iter()
            .map(|r| {
                Ok(Payment {
                    id: col(r, "id")?,
                    paid_on: date_from_sql(&col::<String>(r, "paid_on")?)?,
                    method: col(r, "method")?,
                    reference: col(r, "reference")?,
                    amount: Money::new(col(r, "amount_minor")?, currency),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let paid = payments.iter().map(|p| p.amount.minor).sum();
        Ok(InvoiceDetail {
            summary: s,
            notes,
            lines,
            subtotal: Money::new(subtotal, currency),
            tax: Money::new(tax, currency),
            payments,
            paid: Money::new(paid, currency),
        })
    }
}

pub struct NewLine {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub tax_rate_bp: i64,
}

pub struct NewInvoice {
    pub client_id: i64,
    pub number: String,
    pub issue_date: Date,
    pub due_date: Date,
    pub currency: Currency,
    /// Draft, or open (issued); paid and partially paid follow from payments, void from voiding.
    pub status: InvoiceStatus,
    pub notes: String,
    pub lines: Vec<NewLine>,
}

/// Creates an invoice with its lines in one transaction; totals follow [`line_amounts`].
pub async fn create_invoice(conn: &mut AnyConnection, inv: NewInvoice) -> Result<i64, AppError> {
    if inv.number.trim().is_empty() {
        return Err(AppError::invalid("number", "required"));
    }
    if inv.due_date < inv.issue_date {
        return Err(AppError::invalid("due_date", "before_issue_date"));
    }
    if !matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Open | InvoiceStatus::Void) {
        return Err(AppError::invalid("status", "set_by_payments"));
    }
    let amounts: Vec<(i64, i64)> = inv.lines.iter().map(|l| line_amounts(l.quantity_milli, l.unit_price_minor, l.tax_rate_bp)).collect();
    let subtotal: i64 = amounts.iter().map(|a| a.0).sum();
    let tax: i64 = amounts.iter().map(|a| a.1).sum();
    let mut tx = conn.begin().await.map_err(db_err)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (client_id, number, issue_date, due_date, currency, status, notes, subtotal_minor, tax_minor, total_minor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(inv.client_id)
    .bind(inv.number.trim())
    .bind(date_to_sql(inv.issue_date))
    .bind(date_to_sql(inv.due_date))
    .bind(inv.currency.code())
    .bind(inv.status.as_str())
    .bind(&inv.notes)
    .bind(subtotal)
    .bind(tax)
    .bind(subtotal + tax)
    .bind(now_secs())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(format!("invoice number {} is taken", inv.number)),
        _ => db_err(e),
    })?;
    for (pos, (line, (net, tax))) in inv.lines.iter().zip(amounts).enumerate() {
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price_minor, tax_rate_bp, amount_minor, tax_minor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(pos as i64)
        .bind(&line.description)
        .bind(line.quantity_milli)
        .bind(line.unit_price_minor)
        .bind(line.tax_rate_bp)
        .bind(net)
        .bind(tax)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

pub struct NewPayment {
    pub invoice_id: i64,
    pub amount_minor: i64,
    pub paid_on: Date,
    pub method: String,
    pub reference: String,
}

/// Records a payment against an issued invoice and moves it to partially paid or paid.
/// A payment may not exceed the balance.
pub async fn record_payment(conn: &mut AnyConnection, p: NewPayment) -> Result<i64, AppError> {
    if p.amount_minor <= 0 {
        return Err(AppError::invalid("amount", "must_be_positive"));
    }
    let mut tx = conn.begin().await.map_err(db_err)?;
    let row = sqlx::query(
        "SELECT i.status, i.total_minor, \
         CAST(COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.invoice_id = i.id), 0) AS BIGINT) AS paid_minor \
         FROM invoices i WHERE i.id = $1",
    )
    .bind(p.invoice_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?
    .ok_or(AppError::NotFound)?;
    let status = InvoiceStatus::parse(&col::<String>(&row, "status")?).ok_or(AppError::Internal)?;
    if !matches!(status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid) {
        return Err(AppError::Conflict(format!("a {} invoice cannot take payments", status.as_str())));
    }
    let balance = col::<i64>(&row, "total_minor")? - col::<i64>(&row, "paid_minor")?;
    if p.amount_minor > balance {
        return Err(AppError::invalid("amount", "exceeds_balance"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (invoice_id, paid_on, amount_minor, method, reference, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(p.invoice_id)
    .bind(date_to_sql(p.paid_on))
    .bind(p.amount_minor)
    .bind(&p.method)
    .bind(&p.reference)
    .bind(now_secs())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let new_status = if p.amount_minor == balance { InvoiceStatus::Paid } else { InvoiceStatus::PartiallyPaid };
    sqlx::query("UPDATE invoices SET status = $1 WHERE id = $2")
        .bind(new_status.as_str())
        .bind(p.invoice_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}
