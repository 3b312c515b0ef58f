//! The SQL behind the app's `InvoiceService`: lists, details, drafts, issuing, payments, voiding.

use crate::db::query::{Arg, Query};
use crate::db::{col, date_from_sql, date_to_sql, db_err, now_secs, Db};
use app::error::{AppError, FieldError};
use app::invoices::filter::{InvoiceFilter, SortKey, StatusFilter, PAGE_SIZE};
use app::invoices::statement::{Aging, Statement};
use app::model::{
    totals_by_currency, AgingRow, Dashboard, InvoiceDetail, InvoiceDraft, InvoiceLine, InvoicePage, InvoiceStatus, InvoiceSummary,
    LastPayment, Payment, PaymentInput,
};
use app::money::{invoice_totals, line_amounts, parse_scaled, Currency, Money, MAX_QUANTITY_MILLI, MAX_UNIT_PRICE_MINOR};

/// The most lines one invoice may have.
pub const MAX_LINES: usize = 200;
use app::services::{InvoiceService, Scope};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::BTreeMap;
use time::Date;

pub struct SqlInvoices {
    db: Db,
    mail: std::sync::Arc<crate::mail::Mailer>,
}

impl SqlInvoices {
    pub fn new(db: Db, mail: std::sync::Arc<crate::mail::Mailer>) -> Self {
        Self { db, mail }
    }
}

const SELECT_SUMMARY: &str = "SELECT i.id, i.number, i.client_id, c.name AS client_name, i.issue_date, i.due_date, \
     i.status, i.currency, i.total_minor, i.paid_minor FROM invoices i JOIN clients c ON c.id = i.client_id";

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
        receipt: None,
    })
}

/// The sort column, its direction and the cursor value of a row for it.
fn sort_spec(sort: SortKey) -> (&'static str, bool) {
    match sort {
        SortKey::Issued => ("i.issue_date", true),
        SortKey::Due => ("i.due_date", false),
        SortKey::Amount => ("i.total_minor", true),
    }
}

fn cursor_of(sort: SortKey, s: &InvoiceSummary) -> String {
    let value = match sort {
        SortKey::Issued => app::invoices::filter::iso(s.issue_date),
        SortKey::Due => app::invoices::filter::iso(s.due_date),
        SortKey::Amount => s.total.minor.to_string(),
    };
    format!("{value}~{}", s.id)
}

fn parse_cursor(sort: SortKey, cursor: &str) -> Result<(Arg, i64), AppError> {
    let bad = || AppError::BadRequest("invalid page cursor".into());
    let (value, id) = cursor.rsplit_once('~').ok_or_else(bad)?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    let value = match sort {
        SortKey::Amount => Arg::Int(value.parse().map_err(|_| bad())?),
        _ => Arg::Text(date_to_sql(date_from_sql(value).map_err(|_| bad())?)),
    };
    Ok((value, id))
}

#[async_trait]
impl InvoiceService for SqlInvoices {
    async fn dashboard(&self, client_id: i64, today: Date) -> Result<Dashboard, AppError> {
        let client_name: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1")
            .bind(client_id)
            .fetch_one(&self.db.pool)
            .await
            .map_err(db_err)?;
        let unpaid: Vec<InvoiceSummary> = sqlx::query(&format!("{SELECT_SUMMARY} WHERE i.client_id = $1 AND i.status IN ('open', 'partially_paid')"))
            .bind(client_id)
            .fetch_all(&self.db.pool)
            .await
            .map_err(db_err)?
            .iter()
            .map(|r| summary(r, today))
            .collect::<Result<_, _>>()?;
        let last_payment = sqlx::query(
            "SELECT p.paid_on, p.amount_minor, i.currency, i.id, i.number FROM payments p JOIN invoices i ON i.id = p.invoice_id \
             WHERE i.client_id = $1 AND p.kind = 'payment' AND i.status <> 'draft' ORDER BY p.paid_on DESC, p.id DESC LIMIT 1",
        )
        .bind(client_id)
        .fetch_optional(&self.db.pool)
        .await
        .map_err(db_err)?
        .map(|r| -> Result<LastPayment, AppError> {
            let currency = Currency::parse(&col::<String>(&r, "currency")?).map_err(|_| AppError::Internal)?;
            Ok(LastPayment {
                paid_on: date_from_sql(&col::<String>(&r, "paid_on")?)?,
                amount: Money::new(col(&r, "amount_minor")?, currency),
                invoice_id: col(&r, "id")?,
                invoice_number: col(&r, "number")?,
            })
        })
        .transpose()?;
        Ok(Dashboard {
            client_name,
            due: totals_by_currency(unpaid.iter().map(|i| i.amount_due)),
            overdue_count: unpaid.iter().filter(|i| i.overdue).count() as i64,
            overdue: totals_by_currency(unpaid.iter().filter(|i| i.overdue).map(|i| i.amount_due)),
            open_count: unpaid.len() as i64,
            next_due: unpaid.iter().filter(|i| !i.overdue).min_by_key(|i| (i.due_date, i.id)).cloned(),
            last_payment,
        })
    }

    async fn list(&self, scope: Scope, f: &InvoiceFilter, today: Date) -> Result<InvoicePage, AppError> {
        let mut q = Query::new(SELECT_SUMMARY);
        match scope {
            Scope::Client(client_id) => {
                let p = q.arg(Arg::Int(client_id));
                q.and(&format!("i.client_id = {p} AND i.status <> 'draft'"));
            }
            Scope::Staff => {
                if let Some(client_id) = f.client_id {
                    let p = q.arg(Arg::Int(client_id));
                    q.and(&format!("i.client_id = {p}"));
                }
                if let Some(from) = f.from {
                    let p = q.arg(Arg::Text(date_to_sql(from)));
                    q.and(&format!("i.issue_date >= {p}"));
                }
                if let Some(to) = f.to {
                    let p = q.arg(Arg::Text(date_to_sql(to)));
                    q.and(&format!("i.issue_date <= {p}"));
                }
            }
        }
        match f.status {
            None => {}
            Some(StatusFilter::Unpaid) => q.and("i.status IN ('open', 'partially_paid')"),
            Some(StatusFilter::Overdue) => {
                let p = q.arg(Arg::Text(date_to_sql(today)));
                q.and(&format!("i.status IN ('open', 'partially_paid') AND i.due_date < {p}"));
            }
            Some(s) => {
                let p = q.arg(Arg::Text(s.as_str().to_string()));
                q.and(&format!("i.status = {p}"));
            }
        }
        if !f.q.is_empty() {
            let p = q.arg(Arg::Text(crate::db::contains_pattern(&f.q.to_uppercase())));
            q.and(&format!("UPPER(i.number) LIKE {p} ESCAPE '\\'"));
        }
        let (column, descending) = sort_spec(f.sort);
        let (cmp, dir) = if descending { ("<", "DESC") } else { (">", "ASC") };
        if let Some(cursor) = &f.after {
            let (value, id) = parse_cursor(f.sort, cursor)?;
            let v = q.arg(value);
            let i = q.arg(Arg::Int(id));
            q.and(&format!("({column} {cmp} {v} OR ({column} = {v} AND i.id {cmp} {i}))"));
        }
        q.push(&format!(" ORDER BY {column} {dir}, i.id {dir} LIMIT {}", PAGE_SIZE + 1));
        let rows = q.fetch_all(&self.db).await?;
        let mut items: Vec<InvoiceSummary> = rows.iter().map(|r| summary(r, today)).collect::<Result<_, _>>()?;
        let next = if items.len() > PAGE_SIZE {
            items.truncate(PAGE_SIZE);
            items.last().map(|s| cursor_of(f.sort, s))
        } else {
            None
        };
        Ok(InvoicePage { items, next })
    }

    async fn get(&self, scope: Scope, invoice_id: i64, today: Date) -> Result<InvoiceDetail, AppError> {
        // Scoped in the query itself: another client's invoice is simply not found.
        let row = match scope {
            Scope::Client(client_id) => {
                let sql = format!("{SELECT_SUMMARY} WHERE i.id = $1 AND i.client_id = $2 AND i.status <> 'draft'");
                sqlx::query(&sql).bind(invoice_id).bind(client_id).fetch_optional(&self.db.pool).await
            }
            Scope::Staff => {
                let sql = format!("{SELECT_SUMMARY} WHERE i.id = $1");
                sqlx::query(&sql).bind(invoice_id).fetch_optional(&self.db.pool).await
            }
        }
        .map_err(db_err)?
        .ok_or(AppError::NotFound)?;
        let s = summary(&row, today)?;
        let currency = s.total.currency;
        let (notes, void_reason, subtotal, tax): (String, String, i64, i64) =
            sqlx::query_as("SELECT notes, void_reason, subtotal_minor, tax_minor FROM invoices WHERE id = $1")
                .bind(invoice_id)
                .fetch_one(&self.db.pool)
                .await
                .map_err(db_err)?;
        let lines = sqlx::query(
            "SELECT description, quantity_milli, unit_price_minor, tax_rate_bp, amount_minor FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
        )
        .bind(invoice_id)
        .fetch_all(&self.db.pool)
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| {
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
            void_reason,
            lines,
            subtotal: Money::new(subtotal, currency),
            tax: Money::new(tax, currency),
            payments,
            paid: Money::new(paid, currency),
        })
    }

    async fn statement(&self, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError> {
        super::statement::statement(&self.db, client_id, from, to).await
    }

    async fn aging(&self, today: Date) -> Result<Vec<AgingRow>, AppError> {
        let rows = sqlx::query(
            "SELECT i.client_id, c.name AS client_name, i.currency, i.due_date, i.total_minor - i.paid_minor AS due_minor \
             FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.status IN ('open', 'partially_paid')",
        )
        .fetch_all(&self.db.pool)
        .await
        .map_err(db_err)?;
        let mut report: BTreeMap<(String, i64, Currency), Aging> = BTreeMap::new();
        for r in &rows {
            let currency = Currency::parse(&col::<String>(r, "currency")?).map_err(|_| AppError::Internal)?;
            let due_date = date_from_sql(&col::<String>(r, "due_date")?)?;
            let key = (col::<String>(r, "client_name")?, col::<i64>(r, "client_id")?, currency);
            report.entry(key).or_default().add((today - due_date).whole_days(), col(r, "due_minor")?);
        }
        Ok(report
            .into_iter()
            .map(|((client_name, client_id, currency), aging)| AgingRow { client_id, client_name, currency, aging })
            .collect())
    }

    async fn create_draft(&self, draft: InvoiceDraft) -> Result<i64, AppError> {
        let inv = validate_draft(&draft)?;
        let mut conn = self.db.pool.acquire().await.map_err(db_err)?;
        create_invoice(&mut conn, inv).await
    }

    async fn update_draft(&self, invoice_id: i64, draft: InvoiceDraft) -> Result<(), AppError> {
        let inv = validate_draft(&draft)?;
        let mut tx = self.db.begin_write().await.map_err(db_err)?;
        require_draft(&mut tx, invoice_id).await?;
        sqlx::query("DELETE FROM invoice_lines WHERE invoice_id = $1").bind(invoice_id).execute(&mut *tx).await.map_err(db_err)?;
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
        tx.commit().await.map_err(db_err)
    }

    async fn issue(&self, invoice_id: i64) -> Result<(), AppError> {
        let mut tx = self.db.begin_write().await.map_err(db_err)?;
        require_draft(&mut tx, invoice_id).await?;
        let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoice_lines WHERE invoice_id = $1")
            .bind(invoice_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        if lines == 0 {
            return Err(AppError::invalid("lines", "no_lines"));
        }
        sqlx::query("UPDATE invoices SET status = 'open', issued_at = $1, updated_at = $1 WHERE id = $2 AND status = 'draft'")
            .bind(now_secs())
            .bind(invoice_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        crate::mail::queue::invoice_issued(&mut tx, &self.mail, invoice_id).await?;
        tx.commit().await.map_err(db_err)
    }

    async fn void(&self, invoice_id: i64, reason: String) -> Result<(), AppError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("reason", "required"));
        }
        let mut tx = self.db.begin_write().await.map_err(db_err)?;
        let status = status_of(&mut tx, invoice_id).await?;
        let paid: i64 = sqlx::query_scalar("SELECT paid_minor FROM invoices WHERE id = $1").bind(invoice_id).fetch_one(&mut *tx).await.map_err(db_err)?;
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
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)
    }

    async fn record_payment(&self, invoice_id: i64, input: PaymentInput, recorded_by: i64) -> Result<i64, AppError> {
        let mut conn = self.db.pool.acquire().await.map_err(db_err)?;
        let currency = Currency::parse(
            &sqlx::query_scalar::<_, String>("SELECT currency FROM invoices WHERE id = $1")
                .bind(invoice_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?
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
        record_payment(&mut conn, p, Some(&self.mail)).await
    }
}

async fn status_of(conn: &mut AnyConnection, invoice_id: i64) -> Result<InvoiceStatus, AppError> {
    let s: String = sqlx::query_scalar("SELECT status FROM invoices WHERE id = $1")
        .bind(invoice_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?
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

fn parse_date(field: &str, s: &str) -> Result<Date, AppError> {
    date_from_sql(s.trim()).map_err(|_| AppError::invalid(field, "invalid_date"))
}

/// Checks everything a person typed into the invoice form, reporting every bad field at once.
fn validate_draft(d: &InvoiceDraft) -> Result<NewInvoice, AppError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let bad = |errors: &mut Vec<FieldError>, field: String, code: &str| errors.push(FieldError { field, code: code.into() });
    if d.client_id <= 0 {
        bad(&mut errors, "client_id".into(), "unknown_client");
    }
    let number = d.number.trim().to_string();
    if number.is_empty() || number.chars().count() > 40 {
        bad(&mut errors, "number".into(), "required");
    }
    let issue = date_from_sql(d.issue_date.trim()).ok();
    let due = date_from_sql(d.due_date.trim()).ok();
    if issue.is_none() {
        bad(&mut errors, "issue_date".into(), "invalid_date");
    }
    if due.is_none() {
        bad(&mut errors, "due_date".into(), "invalid_date");
    }
    if let (Some(i), Some(u)) = (issue, due) {
        if u < i {
            bad(&mut errors, "due_date".into(), "before_issue_date");
        }
    }
    let currency = Currency::parse(&d.currency).ok();
    if currency.is_none() {
        bad(&mut errors, "currency".into(), "unknown_currency");
    }
    let mut lines = Vec::new();
    for (n, l) in d.lines.iter().enumerate() {
        if l.description.trim().is_empty() && l.quantity.trim().is_empty() && l.unit_price.trim().is_empty() {
            continue; // an empty row of the form
        }
        let description = l.description.trim().to_string();
        if description.is_empty() {
            bad(&mut errors, format!("lines.{n}.description"), "required");
        }
        let quantity = parse_scaled(&l.quantity, 3);
        match quantity {
            Some(q) if q <= 0 => bad(&mut errors, format!("lines.{n}.quantity"), "must_be_positive"),
            Some(q) if q > MAX_QUANTITY_MILLI => bad(&mut errors, format!("lines.{n}.quantity"), "too_large"),
            None => bad(&mut errors, format!("lines.{n}.quantity"), "must_be_positive"),
            _ => {}
        }
        let quantity = quantity.filter(|q| (1..=MAX_QUANTITY_MILLI).contains(q));
        let price = currency.and_then(|c| Money::parse(&l.unit_price, c)).map(|m| m.minor);
        match price {
            None => bad(&mut errors, format!("lines.{n}.unit_price"), "invalid_amount"),
            Some(p) if p.abs() > MAX_UNIT_PRICE_MINOR => bad(&mut errors, format!("lines.{n}.unit_price"), "too_large"),
            _ => {}
        }
        let price = price.filter(|p| p.abs() <= MAX_UNIT_PRICE_MINOR);
        let tax = if l.tax_rate.trim().is_empty() { Some(0) } else { parse_scaled(&l.tax_rate, 2).filter(|t| (0..=10_000).contains(t)) };
        if tax.is_none() {
            bad(&mut errors, format!("lines.{n}.tax_rate"), "invalid_amount");
        }
        if let (Some(q), Some(p), Some(t)) = (quantity, price, tax) {
            lines.push(NewLine { description, quantity_milli: q, unit_price_minor: p, tax_rate_bp: t });
        }
    }
    if lines.is_empty() && errors.iter().all(|e| !e.field.starts_with("lines.")) {
        bad(&mut errors, "lines".into(), "no_lines");
    }
    if lines.len() > MAX_LINES {
        bad(&mut errors, "lines".into(), "too_many_lines");
    }
    let amounts: Vec<(i64, i64, i64)> = lines.iter().map(|l| (l.quantity_milli, l.unit_price_minor, l.tax_rate_bp)).collect();
    if errors.is_empty() && invoice_totals(&amounts).is_none() {
        bad(&mut errors, "lines".into(), "total_too_large");
    }
    match (issue, due, currency) {
        (Some(issue_date), Some(due_date), Some(currency)) if errors.is_empty() => Ok(NewInvoice {
            client_id: d.client_id,
            number,
            issue_date,
            due_date,
            currency,
            status: InvoiceStatus::Draft,
            notes: d.notes.trim().chars().take(2000).collect(),
            lines,
        }),
        _ => Err(AppError::Validation(errors)),
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
        .map_err(db_err)?;
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
    let client: Option<i64> = sqlx::query_scalar("SELECT id FROM clients WHERE id = $1").bind(inv.client_id).fetch_optional(&mut *conn).await.map_err(db_err)?;
    client.ok_or_else(|| AppError::invalid("client_id", "unknown_client"))?;
    let mut tx = crate::db::begin_write(conn).await.map_err(db_err)?;
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
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(id)
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
    let mut tx = crate::db::begin_write(conn).await.map_err(db_err)?;
    let (status, total, paid): (String, i64, i64) = sqlx::query_as("SELECT status, total_minor, paid_minor FROM invoices WHERE id = $1")
        .bind(p.invoice_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?
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
    .map_err(db_err)?;
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
        .map_err(db_err)?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict("the invoice changed meanwhile; try again".into()));
    }
    if let Some(m) = mail {
        crate::mail::queue::payment_received(&mut tx, m, id).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}
