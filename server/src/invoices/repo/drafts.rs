//! Drafts: what staff typed checked and converted, new and edited drafts, issuing and voiding.

use super::SqlInvoices;
use crate::db::{date_from_sql, date_to_sql, db_err, now_secs, OrDb};
use app::error::AppError;
use app::invoices::model::{InvoiceDraft, InvoiceStatus};
use app::money::{line_amounts, Currency};

use sqlx::AnyConnection;
use time::Date;


pub(super) async fn create_draft(this: &SqlInvoices, draft: InvoiceDraft) -> Result<i64, AppError> {
    let inv = validate_draft(&draft)?;
    let mut conn = this.db.pool.acquire().await.or_db()?;
    create_invoice(&mut conn, inv).await
}

pub(super) async fn update_draft(this: &SqlInvoices, invoice_id: i64, draft: InvoiceDraft) -> Result<(), AppError> {
    let inv = validate_draft(&draft)?;
    let mut tx = this.db.begin_write().await.or_db()?;
    require_draft(&mut tx, invoice_id).await?;
    sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = $1").bind(invoice_id).execute(&mut *tx).await.or_db()?;
    let (subtotal, tax) = insert_lines(&mut tx, invoice_id, &inv.lines).await?;
    sqlx::query(
        "UPDATE invoices SET client_id = $1, number = $2, issue_date = $3, due_date = $4, currency = $5, notes = $6, \
         subtotal_minor = $7, tax_minor = $8, total_minor = $9, updated_at = $10 WHERE id = $11 AND status = 'draft'",
    )
    .bind(inv.client_id)
    .bind(&inv.number)
    .bind(date_to_sql(inv.issue_date))
    .bind(date_to_sql(inv.due_date))
    .bind(inv.currency.code())
    .bind(&inv.notes)
    .bind(subtotal)
    .bind(tax)
    .bind(subtotal + tax)
    .bind(now_secs())
    .bind(invoice_id)
    .execute(&mut *tx)
    .await
    .map_err(number_taken)?;
    tx.commit().await.or_db()
}

pub(super) async fn issue(this: &SqlInvoices, invoice_id: i64) -> Result<(), AppError> {
    let mut tx = this.db.begin_write().await.or_db()?;
    require_draft(&mut tx, invoice_id).await?;
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = $1")
        .bind(invoice_id)
        .fetch_one(&mut *tx)
        .await
        .or_db()?;
    if lines == 0 {
        return Err(AppError::invalid("lines", "no_lines"));
    }
    sqlx::query("UPDATE invoices SET status = 'open', issued_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'")
        .bind(now_secs())
        .bind(invoice_id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    crate::mail::queue::invoice_issued(&mut tx, &this.mail, invoice_id).await?;
    tx.commit().await.or_db()
}

pub(super) async fn void(this: &SqlInvoices, invoice_id: i64, reason: String) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "required"));
    }
    let mut tx = this.db.begin_write().await.or_db()?;
    let status = status_of(&mut tx, invoice_id).await?;
    let paid: i64 = sqlx::query_scalar("SELECT paid_minor FROM invoices WHERE id = $1").bind(invoice_id).fetch_one(&mut *tx).await.or_db()?;
    match status {
        InvoiceStatus::Void => return Err(AppError::Conflict("the invoice is already void".into())),
        _ if paid != 0 => return Err(AppError::invalid("reason", "has_payments")),
        _ => {}
    }
    sqlx::query("UPDATE invoices SET status = 'void', void_reason = $1, updated_at = $2 WHERE id = $3")
        .bind(reason)
        .bind(now_secs())
        .bind(invoice_id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    tx.commit().await.or_db()
}

async fn status_of(conn: &mut AnyConnection, invoice_id: i64) -> Result<InvoiceStatus, AppError> {
    let s: String = sqlx::query_scalar("SELECT status FROM invoices WHERE id = $1")
        .bind(invoice_id)
        .fetch_optional(&mut *conn)
        .await
        .or_db()?
        .ok_or(AppError::NotFound)?;
    InvoiceStatus::parse(&s).ok_or(AppError::Internal)
}

/// Only drafts may be edited or issued.
async fn require_draft(conn: &mut AnyConnection, invoice_id: i64) -> Result<(), AppError> {
    if status_of(conn, invoice_id).await?.is_editable() {
        Ok(())
    } else {
        Err(AppError::invalid("status", "not_editable"))
    }
}

fn number_taken(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::invalid("number", "taken"),
        _ => db_err(e),
    }
}

pub(super) fn parse_date(field: &str, s: &str) -> Result<Date, AppError> {
    date_from_sql(s.trim()).map_err(|_| AppError::invalid(field, "invalid_date"))
}

/// The draft as `InvoiceDraft::parse` checked it, to be stored as a draft.
pub(crate) fn validate_draft(d: &InvoiceDraft) -> Result<NewInvoice, AppError> {
    let p = d.parse()?;
    Ok(NewInvoice {
        client_id: p.client_id,
        number: p.number,
        issue_date: p.issue_date,
        due_date: p.due_date,
        currency: p.currency,
        status: InvoiceStatus::Draft,
        notes: p.notes,
        lines: p.lines,
    })
}

/// One line to store: what `InvoiceDraft::parse` gives, or the demo data writes.
pub use app::invoices::draft::ParsedLine as NewLine;

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

/// Inserts the lines and returns `(subtotal, tax)` computed by the one rounding rule.
async fn insert_lines(conn: &mut AnyConnection, invoice_id: i64, lines: &[NewLine]) -> Result<(i64, i64), AppError> {
    let (mut subtotal, mut tax_total) = (0, 0);
    for (pos, line) in lines.iter().enumerate() {
        let (net, tax) = line_amounts(line.quantity_milli, line.unit_price_minor, line.tax_rate_bp);
        subtotal += net;
        tax_total += tax;
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price_minor, tax_rate_bp, amount_minor, tax_minor) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(invoice_id)
        .bind(pos as i64)
        .bind(&line.description)
        .bind(line.quantity_milli)
        .bind(line.unit_price_minor)
        .bind(line.tax_rate_bp)
        .bind(net)
        .bind(tax)
        .execute(&mut *conn)
        .await
        .or_db()?;
    }
    Ok((subtotal, tax_total))
}

/// Creates an invoice with its lines in one transaction.
pub async fn create_invoice(conn: &mut AnyConnection, inv: NewInvoice) -> Result<i64, AppError> {
    if inv.due_date < inv.issue_date {
        return Err(AppError::invalid("due_date", "before_issue_date"));
    }
    if !matches!(inv.status, InvoiceStatus::Draft | InvoiceStatus::Open) {
        return Err(AppError::invalid("status", "not_editable"));
    }
    let client: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(inv.client_id).fetch_optional(&mut *conn).await.or_db()?;
    client.ok_or_else(|| AppError::invalid("client_id", "unknown_client"))?;
    let mut tx = crate::db::begin_write(conn).await.or_db()?;
    let now = now_secs();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invoices (client_id, number, issue_date, due_date, currency, status, notes, subtotal_minor, tax_minor, total_minor, \
         issued_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, $8, $9, $9) RETURNING id",
    )
    .bind(inv.client_id)
    .bind(inv.number.trim())
    .bind(date_to_sql(inv.issue_date))
    .bind(date_to_sql(inv.due_date))
    .bind(inv.currency.code())
    .bind(inv.status.as_str())
    .bind(&inv.notes)
    .bind((inv.status == InvoiceStatus::Open).then_some(now))
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(number_taken)?;
    let (subtotal, tax) = insert_lines(&mut tx, id, &inv.lines).await?;
    sqlx::query("UPDATE invoices SET subtotal_minor = $1, tax_minor = $2, total_minor = $3 WHERE id = $4")
        .bind(subtotal)
        .bind(tax)
        .bind(subtotal + tax)
        .bind(id)
        .execute(&mut *tx)
        .await
        .or_db()?;
    tx.commit().await.or_db()?;
    Ok(id)
}
