//! Reading invoices: the dashboard, lists with their cursor, one invoice, statements and aging.

use super::SqlInvoices;
use crate::db::query::{Arg, Query};
use crate::db::{col, date_from_sql, date_to_sql, OrDb};
use app::error::AppError;
use app::invoices::filter::{InvoiceFilter, SortKey, StatusFilter, PAGE_SIZE};
use app::invoices::statement::{Aging, Statement};
use app::invoices::model::{AgingRow, Dashboard, InvoiceDetail, InvoiceLine, InvoicePage, InvoiceStatus, InvoiceSummary, LastPayment, Payment};
use app::money::totals_by_currency;
use app::money::{Currency, Money};

use app::services::Scope;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use time::Date;


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
        SortKey::Issued => app::util::iso(s.issue_date),
        SortKey::Due => app::util::iso(s.due_date),
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

pub(super) async fn dashboard(this: &SqlInvoices, client_id: i64, today: Date) -> Result<Dashboard, AppError> {
    let client_name: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1")
        .bind(client_id)
        .fetch_one(&this.db.pool)
        .await
        .or_db()?;
    let unpaid: Vec<InvoiceSummary> = sqlx::query(&format!("{SELECT_SUMMARY} WHERE i.client_id = $1 AND i.status IN ('open', 'partially_paid')"))
        .bind(client_id)
        .fetch_all(&this.db.pool)
        .await
        .or_db()?
        .iter()
        .map(|r| summary(r, today))
        .collect::<Result<_, _>>()?;
    let last_payment = sqlx::query(
        "SELECT p.paid_on, p.amount_minor, i.currency, i.id, i.number FROM payments p JOIN invoices i ON i.id = p.invoice_id \
         WHERE i.client_id = $1 AND p.kind = 'payment' AND i.status <> 'draft' ORDER BY p.paid_on DESC, p.id DESC LIMIT 1",
    )
    .bind(client_id)
    .fetch_optional(&this.db.pool)
    .await
    .or_db()?
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

pub(super) async fn list(this: &SqlInvoices, scope: Scope, f: &InvoiceFilter, today: Date) -> Result<InvoicePage, AppError> {
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
    let rows = q.fetch_all(&this.db).await?;
    let mut items: Vec<InvoiceSummary> = rows.iter().map(|r| summary(r, today)).collect::<Result<_, _>>()?;
    let next = if items.len() > PAGE_SIZE {
        items.truncate(PAGE_SIZE);
        items.last().map(|s| cursor_of(f.sort, s))
    } else {
        None
    };
    Ok(InvoicePage { items, next })
}

pub(super) async fn get(this: &SqlInvoices, scope: Scope, invoice_id: i64, today: Date) -> Result<InvoiceDetail, AppError> {
    // Scoped in the query itself: another client's invoice is simply not found.
    let row = match scope {
        Scope::Client(client_id) => {
            let sql = format!("{SELECT_SUMMARY} WHERE i.id = $1 AND i.client_id = $2 AND i.status <> 'draft'");
            sqlx::query(&sql).bind(invoice_id).bind(client_id).fetch_optional(&this.db.pool).await
        }
        Scope::Staff => {
            let sql = format!("{SELECT_SUMMARY} WHERE i.id = $1");
            sqlx::query(&sql).bind(invoice_id).fetch_optional(&this.db.pool).await
        }
    }
    .or_db()?
    .ok_or(AppError::NotFound)?;
    let s = summary(&row, today)?;
    let currency = s.total.currency;
    let (notes, void_reason, subtotal, tax): (String, String, i64, i64) =
        sqlx::query_as("SELECT notes, void_reason, subtotal_minor, tax_minor FROM invoices WHERE id = $1")
            .bind(invoice_id)
            .fetch_one(&this.db.pool)
            .await
            .or_db()?;
    let lines = sqlx::query(
        "SELECT description, quantity_milli, unit_price_minor, tax_rate_bp, amount_minor FROM invoice_lines WHERE invoice_id = $1 ORDER BY position",
    )
    .bind(invoice_id)
    .fetch_all(&this.db.pool)
    .await
    .or_db()?
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
        .fetch_all(&this.db.pool)
        .await
        .or_db()?
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

pub(super) async fn statement(this: &SqlInvoices, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError> {
    crate::invoices::statement::statement(&this.db, client_id, from, to).await
}

pub(super) async fn aging(this: &SqlInvoices, today: Date) -> Result<Vec<AgingRow>, AppError> {
    let rows = sqlx::query(
        "SELECT i.client_id, c.name AS client_name, i.currency, i.due_date, i.total_minor - i.paid_minor AS due_minor \
         FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.status IN ('open', 'partially_paid')",
    )
    .fetch_all(&this.db.pool)
    .await
    .or_db()?;
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
