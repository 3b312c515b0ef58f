//! The rows a statement is built from; the arithmetic lives in `app::invoices::statement`.

use crate::db::{col, date_from_sql, date_to_sql, Db, OrDb};
use app::error::AppError;
use app::invoices::statement::{build_statement, StInvoice, StPayment, Statement};
use app::money::Currency;
use time::Date;

/// A client's statement for `[from, to]`. Drafts and void invoices never appear.
pub async fn statement(db: &Db, client_id: i64, from: Date, to: Date) -> Result<Statement, AppError> {
    if to < from {
        return Err(AppError::invalid("to", "before_from"));
    }
    if (to - from).whole_days() > 3660 {
        return Err(AppError::invalid("from", "range_too_long"));
    }
    let client_name: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1")
        .bind(client_id)
        .fetch_optional(&db.pool)
        .await
        .or_db()?
        .ok_or(AppError::NotFound)?;
    let to_sql = date_to_sql(to);
    let invoices = sqlx::query(
        "SELECT id, number, issue_date, due_date, currency, total_minor FROM invoices \
         WHERE client_id = $1 AND status NOT IN ('draft', 'void') AND issue_date <= $2",
    )
    .bind(client_id)
    .bind(&to_sql)
    .fetch_all(&db.pool)
    .await
    .or_db()?
    .iter()
    .map(|r| {
        Ok(StInvoice {
            id: col(r, "id")?,
            number: col(r, "number")?,
            issue_date: date_from_sql(&col::<String>(r, "issue_date")?)?,
            due_date: date_from_sql(&col::<String>(r, "due_date")?)?,
            currency: Currency::parse(&col::<String>(r, "currency")?).map_err(|_| AppError::Internal)?,
            total: col(r, "total_minor")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    let payments = sqlx::query(
        "SELECT p.id, p.invoice_id, p.paid_on, p.amount_minor, p.reference FROM payments p \
         JOIN invoices i ON i.id = p.invoice_id \
         WHERE i.client_id = $1 AND i.status NOT IN ('draft', 'void') AND p.paid_on <= $2",
    )
    .bind(client_id)
    .bind(&to_sql)
    .fetch_all(&db.pool)
    .await
    .or_db()?
    .iter()
    .map(|r| {
        Ok(StPayment {
            id: col(r, "id")?,
            invoice_id: col(r, "invoice_id")?,
            paid_on: date_from_sql(&col::<String>(r, "paid_on")?)?,
            amount: col(r, "amount_minor")?,
            reference: col(r, "reference")?,
        })
    })
    .collect::<Result<Vec<_>, AppError>>()?;
    Ok(build_statement(client_id, client_name, from, to, &invoices, &payments))
}

/// The statement as CSV (one row per line, opening and closing rows per currency).
pub fn statement_csv(st: &Statement) -> String {
    use crate::http::files::{csv_row, defuse};
    let amount = |minor: i64, c: Currency| app::money::Money::new(minor, c).decimal();
    let mut out = csv_row(["date", "type", "reference", "debit", "credit", "balance", "currency"]);
    for acc in &st.accounts {
        let c = acc.currency.to_string();
        let cur = acc.currency;
        out += &csv_row([date_to_sql(st.from), "opening_balance".into(), String::new(), String::new(), String::new(), amount(acc.opening, cur), c.clone()]);
        for l in &acc.lines {
            let debit = if l.debit == 0 { String::new() } else { amount(l.debit, cur) };
            let credit = if l.credit == 0 { String::new() } else { amount(l.credit, cur) };
            let reference = defuse(&l.reference).into_owned();
            out += &csv_row([date_to_sql(l.date), l.kind.as_str().into(), reference, debit, credit, amount(l.balance, cur), c.clone()]);
        }
        out += &csv_row([date_to_sql(st.to), "closing_balance".into(), String::new(), String::new(), String::new(), amount(acc.closing, cur), c]);
    }
    out
}
