//! Payments and refunds against an issued invoice.

use super::drafts::parse_date;
use super::SqlInvoices;
use crate::db::{date_to_sql, now_secs, OrDb};
use app::error::AppError;
use app::invoices::model::{InvoiceStatus, PaymentInput};
use app::services::ProviderPayment;
use app::money::{Currency, Money};
use sqlx::AnyConnection;
use time::Date;

pub(super) async fn record(this: &SqlInvoices, invoice_id: i64, input: PaymentInput, recorded_by: i64) -> Result<i64, AppError> {
    let mut conn = this.db.pool.acquire().await.or_db()?;
    let currency = Currency::parse(
        &sqlx::query_scalar::<_, String>("SELECT currency FROM invoices WHERE id = $1")
            .bind(invoice_id)
            .fetch_optional(&mut *conn)
            .await
            .or_db()?
            .ok_or(AppError::NotFound)?,
    )
    .map_err(|_| AppError::Internal)?;
    let amount = Money::parse(&input.amount, currency).ok_or_else(|| AppError::invalid("amount", "invalid_amount"))?.minor;
    let paid_on = parse_date("paid_on", &input.paid_on)?;
    let p = NewPayment {
        invoice_id,
        amount_minor: if input.refund { -amount } else { amount },
        paid_on,
        method: input.method.trim().chars().take(60).collect(),
        reference: input.reference.trim().chars().take(120).collect(),
        recorded_by: Some(recorded_by),
    };
    if amount <= 0 {
        return Err(AppError::invalid("amount", "must_be_positive"));
    }
    if p.method.is_empty() {
        return Err(AppError::invalid("method", "required"));
    }
    record_payment(&mut conn, p, Some(&this.mail)).await
}

/// Records the payment and the event id in one transaction; `None` when the id was seen before.
pub(super) async fn record_provider(this: &SqlInvoices, e: &ProviderPayment) -> Result<Option<i64>, AppError> {
    if e.id.is_empty() || e.id.len() > 200 {
        return Err(AppError::invalid("id", "required"));
    }
    let mut conn = this.db.pool.acquire().await.or_db()?;
    let mut tx = crate::db::begin_write(&mut conn).await.or_db()?;
    let seen: Option<String> =
        sqlx::query_scalar("SELECT event_id FROM webhook_events WHERE event_id = $1").bind(&e.id).fetch_optional(&mut *tx).await.or_db()?;
    if seen.is_some() {
        return Ok(None);
    }
    let invoice: Option<(i64, String)> = sqlx::query_as("SELECT id, currency FROM invoices WHERE number = $1 AND status <> 'draft'")
        .bind(e.invoice_number.trim())
        .fetch_optional(&mut *tx)
        .await
        .or_db()?;
    let (invoice_id, currency) = invoice.ok_or_else(|| AppError::invalid("invoice_number", "unknown_invoice"))?;
    if Currency::parse(&e.currency).ok().map(|c| c.code().to_string()) != Some(currency) {
        return Err(AppError::invalid("currency", "currency_mismatch"));
    }
    if e.amount_minor <= 0 {
        return Err(AppError::invalid("amount_minor", "must_be_positive"));
    }
    let paid_on = match &e.paid_on {
        Some(d) => crate::db::date_from_sql(d).map_err(|_| AppError::invalid("paid_on", "invalid_date"))?,
        None => app::services::today(),
    };
    let payment_id = record_payment(
        &mut tx,
        NewPayment { invoice_id, amount_minor: e.amount_minor, paid_on, method: e.method.clone(), reference: e.reference.clone(), recorded_by: None },
        Some(&this.mail),
    )
    .await?;
    // The primary key makes a concurrent duplicate delivery fail here and roll back its payment.
    sqlx::query("INSERT INTO webhook_events (event_id, payment_id, received_at) VALUES ($1, $2, $3)")
        .bind(&e.id)
        .bind(payment_id)
        .bind(now_secs())
        .execute(&mut *tx)
        .await
        .map_err(|err| match &err {
            sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict("event already processed".into()),
            _ => crate::db::db_err(err),
        })?;
    tx.commit().await.or_db()?;
    Ok(Some(payment_id))
}

pub struct NewPayment {
    pub invoice_id: i64,
    /// Positive for a payment, negative for a refund.
    pub amount_minor: i64,
    pub paid_on: Date,
    pub method: String,
    pub reference: String,
    pub recorded_by: Option<i64>,
}

/// Records a payment (or a refund, as a negative amount) and moves the invoice to open,
/// partially paid or paid. A payment never exceeds the balance, a refund never exceeds what was
/// paid, and void or draft invoices take neither.
/// With a mailer, the client's billing people get a receipt, queued in the same transaction.
pub async fn record_payment(conn: &mut AnyConnection, p: NewPayment, mail: Option<&crate::mail::Mailer>) -> Result<i64, AppError> {
    if p.amount_minor == 0 {
        return Err(AppError::invalid("amount", "must_be_positive"));
    }
    let mut tx = crate::db::begin_write(conn).await.or_db()?;
    let (status, total, paid): (String, i64, i64) = sqlx::query_as("SELECT status, total_minor, paid_minor FROM invoices WHERE id = $1")
        .bind(p.invoice_id)
        .fetch_optional(&mut *tx)
        .await
        .or_db()?
        .ok_or(AppError::NotFound)?;
    let status = InvoiceStatus::parse(&status).ok_or(AppError::Internal)?;
    if matches!(status, InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Err(AppError::Conflict(format!("a {} invoice takes no payments", status.as_str())));
    }
    if p.amount_minor > 0 && (!status.takes_payments() || p.amount_minor > total - paid) {
        return Err(AppError::invalid("amount", "exceeds_balance"));
    }
    if p.amount_minor < 0 && -p.amount_minor > paid {
        return Err(AppError::invalid("amount", "exceeds_paid"));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (invoice_id, kind, paid_on, amount_minor, method, reference, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.invoice_id)
    .bind(if p.amount_minor > 0 { "payment" } else { "refund" })
    .bind(date_to_sql(p.paid_on))
    .bind(p.amount_minor)
    .bind(&p.method)
    .bind(&p.reference)
    .bind(p.recorded_by)
    .bind(now_secs())
    .fetch_one(&mut *tx)
    .await
    .or_db()?;
    let new_paid = paid + p.amount_minor;
    // Guarded by the amount read above: a concurrent payment makes this update miss, not overpay.
    let updated = sqlx::query("UPDATE invoices SET paid_minor = $1, status = $2, updated_at = $3 WHERE id = $4 AND paid_minor = $5")
        .bind(new_paid)
        .bind(InvoiceStatus::from_payments(new_paid, total).as_str())
        .bind(now_secs())
        .bind(p.invoice_id)
        .bind(paid)
        .execute(&mut *tx)
        .await
        .or_db()?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict("the invoice changed meanwhile; try again".into()));
    }
    if let Some(m) = mail {
        crate::mail::queue::payment_received(&mut tx, m, id).await?;
    }
    tx.commit().await.or_db()?;
    Ok(id)
}
