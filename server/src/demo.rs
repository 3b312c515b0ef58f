//! Demo data: a firm, three clients (one with two users), staff, and invoices in every status,
//! in two currencies, dated relative to today so that "overdue" stays true on every run.

use crate::auth::password::Password;
use crate::auth::users::{create_user, NewUser};
use crate::clients::create_client;
use crate::db::{db_err, Db};
use sqlx::AnyConnection;
use crate::invoices::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment};
use app::error::AppError;
use app::model::{InvoiceStatus, Role};
use app::money::Currency;
use time::{Date, Duration};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "portico-demo-2026";

pub const SIGN_INS: &[(&str, &str)] = &[
    ("ana@northwind.example", "client user, Northwind Studio"),
    ("ben@northwind.example", "client user, Northwind Studio"),
    ("lina@balticamber.example", "client user, Baltic Amber Imports"),
    ("noa@galil.example", "client user, Galil Engineering"),
    ("sam@harborpine.example", "staff"),
    ("admin@harborpine.example", "admin"),
];

pub fn print_sign_ins() {
    println!("\nDemo sign-ins (password for all: {DEMO_PASSWORD}):");
    for (email, what) in SIGN_INS {
        println!("  {email:<28} {what}");
    }
    println!();
}

fn line(description: &str, quantity_milli: i64, unit_price_minor: i64, tax_rate_bp: i64) -> NewLine {
    NewLine { description: description.into(), quantity_milli, unit_price_minor, tax_rate_bp }
}

struct Inv<'a> {
    number: &'a str,
    issued_days_ago: i64,
    terms_days: i64,
    currency: &'a str,
    status: InvoiceStatus,
    lines: Vec<NewLine>,
    /// Fractions (in percent of the total) paid, each a payment.
    payments: &'a [i64],
}

async fn user(conn: &mut AnyConnection, email: &str, name: &str, role: Role, client_id: Option<i64>) -> Result<i64, AppError> {
    create_user(conn, NewUser { email: email.into(), name: name.into(), role, client_id, password: Password::new(DEMO_PASSWORD) }).await
}

async fn invoice(conn: &mut AnyConnection, client_id: i64, today: Date, inv: Inv<'_>) -> Result<(), AppError> {
    let issue_date = today - Duration::days(inv.issued_days_ago);
    let id = create_invoice(
        &mut *conn,
        NewInvoice {
            client_id,
            number: inv.number.into(),
            issue_date,
            due_date: issue_date + Duration::days(inv.terms_days),
            currency: Currency::parse(inv.currency).map_err(|_| AppError::Internal)?,
            status: if inv.status == InvoiceStatus::Draft { InvoiceStatus::Draft } else { InvoiceStatus::Open },
            notes: "Payment by bank transfer within the terms shown. Thank you for your business.".into(),
            lines: inv.lines,
        },
    )
    .await?;
    if inv.status == InvoiceStatus::Void {
        sqlx::query("UPDATE invoices SET status = 'void', void_reason = 'Issued twice by mistake' WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
    }
    let total: i64 = sqlx::query_scalar("SELECT total_minor FROM invoices WHERE id = $1").bind(id).fetch_one(&mut *conn).await.map_err(db_err)?;
    for (i, percent) in inv.payments.iter().enumerate() {
        record_payment(
            &mut *conn,
            NewPayment {
                invoice_id: id,
                amount_minor: total * percent / 100,
                paid_on: issue_date + Duration::days(10 + 5 * i as i64),
                method: if i == 0 { "Bank transfer".into() } else { "Card".into() },
                reference: format!("PMT-{}-{}", inv.number, i + 1),
                recorded_by: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Loads the demo data once, in one transaction (all or nothing); returns false when it was
/// already there.
pub async fn load(db: &Db) -> Result<bool, AppError> {
    if db.setting("demo_loaded").await.map_err(|_| AppError::Unavailable)?.is_some() {
        return Ok(false);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let mut tx = db.pool.begin().await.map_err(db_err)?;
    let conn = &mut *tx;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('firm_name', 'Harbor & Pine Accounting') ON CONFLICT (key) DO NOTHING")
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;

    user(conn, "sam@harborpine.example", "Sam Carter", Role::Staff, None).await?;
    user(conn, "admin@harborpine.example", "Alex Morgan", Role::Admin, None).await?;

    use InvoiceStatus::{Draft, Open, Void};
    let northwind = create_client(conn, "Northwind Studio LLC", "accounts@northwind.example").await?;
    user(conn, "ana@northwind.example", "Ana Reyes", Role::Client, Some(northwind)).await?;
    user(conn, "ben@northwind.example", "Ben Okafor", Role::Client, Some(northwind)).await?;
    for inv in [
        Inv { number: "INV-2026-0101", issued_days_ago: 120, terms_days: 30, currency: "USD", status: Open,
              lines: vec![line("Annual financial statements", 1000, 240000, 0), line("Bookkeeping, Q2", 12500, 9500, 0)], payments: &[100] },
        Inv { number: "INV-2026-0131", issued_days_ago: 60, terms_days: 30, currency: "USD", status: Open,
              lines: vec![line("Payroll processing, 3 months", 3000, 45000, 0), line("W-2 preparation", 14000, 1500, 0)], payments: &[40] },
        Inv { number: "INV-2026-0158", issued_days_ago: 45, terms_days: 14, currency: "USD", status: Open,
              lines: vec![line("Quarterly tax estimate", 1000, 65000, 0)], payments: &[] },
        Inv { number: "INV-2026-0172", issued_days_ago: 5, terms_days: 30, currency: "USD", status: Open,
              lines: vec![line("Bookkeeping, October", 9750, 9500, 0), line("Software subscription", 1000, 4900, 825)], payments: &[] },
        Inv { number: "INV-2026-0180", issued_days_ago: 1, terms_days: 30, currency: "USD", status: Draft,
              lines: vec![line("Year-end planning meeting", 2000, 18000, 0)], payments: &[] },
        Inv { number: "INV-2026-0099", issued_days_ago: 150, terms_days: 30, currency: "USD", status: Void,
              lines: vec![line("Duplicate of INV-2026-0101", 1000, 240000, 0)], payments: &[] },
    ] {
        invoice(conn, northwind, today, inv).await?;
    }

    let baltic = create_client(conn, "Baltic Amber Imports UAB", "finance@balticamber.example").await?;
    user(conn, "lina@balticamber.example", "Lina Kazlauskienė", Role::Client, Some(baltic)).await?;
    for inv in [
        Inv { number: "INV-2026-0120", issued_days_ago: 90, terms_days: 30, currency: "EUR", status: Open,
              lines: vec![line("VAT return preparation", 1000, 85000, 2100), line("Customs advisory, hours", 4500, 12000, 2100)], payments: &[100] },
        Inv { number: "INV-2026-0149", issued_days_ago: 50, terms_days: 21, currency: "EUR", status: Open,
              lines: vec![line("Transfer pricing documentation", 1000, 320000, 2100)], payments: &[25] },
        Inv { number: "INV-2026-0166", issued_days_ago: 12, terms_days: 30, currency: "EUR", status: Open,
              lines: vec![line("Monthly accounting, November", 1000, 110000, 2100)], payments: &[] },
    ] {
        invoice(conn, baltic, today, inv).await?;
    }

    let galil = create_client(conn, "Galil Engineering Ltd", "office@galil.example").await?;
    user(conn, "noa@galil.example", "Noa Ben-David", Role::Client, Some(galil)).await?;
    for inv in [
        Inv { number: "INV-2026-0140", issued_days_ago: 70, terms_days: 30, currency: "USD", status: Open,
              lines: vec![line("Audit support", 16000, 17500, 0)], payments: &[100] },
        Inv { number: "INV-2026-0170", issued_days_ago: 8, terms_days: 45, currency: "EUR", status: Open,
              lines: vec![line("EU subsidiary registration", 1000, 150000, 0)], payments: &[] },
    ] {
        invoice(conn, galil, today, inv).await?;
    }

    sqlx::query("INSERT INTO settings (key, value) VALUES ('demo_loaded', $1)")
        .bind(crate::db::date_to_sql(today))
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(true)
}
