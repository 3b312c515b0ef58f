//! Demo data: a firm, three clients (one with two users), staff, and invoices in every status,
//! in two currencies, dated relative to today so that "overdue" stays true on every run.

pub mod history;
pub mod scale;

use crate::auth::password::Password;
use crate::auth::users::{create_user, NewUser};
use crate::clients::create_client;
use crate::db::{Db, OrDb};
use crate::documents::storage::Storage;
use sqlx::AnyConnection;
use crate::invoices::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment};
use app::error::AppError;
use app::invoices::model::InvoiceStatus;
use app::model::Role;
use app::money::Currency;
use time::{Date, Duration};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "portico-demo-2026";

pub const SIGN_INS: &[(&str, &str)] = &[
    ("ana@northwind.example", "client admin, Northwind Studio (billing, documents, the company's activity and team)"),
    ("ben@northwind.example", "client user, Northwind Studio (billing only)"),
    ("lina@balticamber.example", "client user, Baltic Amber Imports (billing and documents)"),
    ("noa@galil.example", "client user, Galil Engineering (billing and documents)"),
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
    create_user(conn, NewUser { email: email.into(), name: name.into(), role, client_id, password: Some(Password::new(DEMO_PASSWORD)) }).await
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
            .or_db()?;
    }
    let total: i64 = sqlx::query_scalar("SELECT total_minor FROM invoices WHERE id = $1").bind(id).fetch_one(&mut *conn).await.or_db()?;
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
            None,
        )
        .await?;
    }
    Ok(())
}

/// Loads the demo data once: firm, clients, users and invoices in one transaction (all or
/// nothing), then the demo documents. Returns false when it was already there.
pub async fn load(db: &Db, storage: &dyn Storage) -> Result<bool, AppError> {
    let loaded = load_records(db).await?;
    load_documents(db, storage).await?;
    Ok(loaded)
}

/// A one-page PDF with a title and a few lines, drawn with the portal's own PDF writer.
fn demo_pdf(title: &str, lines: &[&str]) -> Result<Vec<u8>, AppError> {
    let mut d = crate::pdf::Doc::new(title, app::i18n::Locale::En).map_err(|_| AppError::Internal)?;
    d.down(10.0);
    d.text(crate::pdf::MARGIN, "Harbor & Pine Accounting", 16.0, true, crate::pdf::Tone::Text);
    d.down(12.0);
    d.text(crate::pdf::MARGIN, title, 13.0, true, crate::pdf::Tone::Text);
    d.down(10.0);
    for line in lines {
        d.text(crate::pdf::MARGIN, line, 10.5, false, crate::pdf::Tone::Text);
        d.down(6.5);
    }
    d.finish().map_err(|_| AppError::Internal)
}

/// A small PNG (a 1×1 pixel "signature" image): enough to show image previews.
const DEMO_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Real files for each demo client, in several folders, and an open document request.
async fn load_documents(db: &Db, storage: &dyn Storage) -> Result<(), AppError> {
    if db.setting("demo_documents_loaded").await.map_err(|_| AppError::Unavailable)?.is_some() {
        return Ok(());
    }
    let clients: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM clients ORDER BY id").fetch_all(&db.pool).await.or_db()?;
    let mut keys = Vec::new();
    let result = async {
        let mut tx = db.begin_write().await.or_db()?;
        let now = crate::db::now_secs();
        for (n, (client_id, name)) in clients.iter().enumerate() {
            let files: Vec<(&str, &str, String, Vec<u8>, &str)> = vec![
                ("Contracts", "Engagement letter 2026", "engagement-letter-2026.pdf".into(),
                 demo_pdf("Engagement letter 2026", &[&format!("Client: {name}"), "Scope: bookkeeping, payroll and annual accounts.", "Fees as agreed in the schedule of services."])?, "application/pdf"),
                ("Contracts", "Mutual NDA", "mutual-nda.pdf".into(),
                 demo_pdf("Mutual non-disclosure agreement", &[&format!("Between Harbor & Pine Accounting and {name}."), "Both parties keep each other's information confidential."])?, "application/pdf"),
                ("Tax forms", "W-2 2025", "w2-2025.pdf".into(),
                 demo_pdf("Form W-2 Wage and Tax Statement 2025", &["Copy for the employer's records.", "Box 1 Wages: see payroll summary."])?, "application/pdf"),
                ("Reports", "General ledger Q3", "general-ledger-q3.csv".into(),
                 b"date,account,description,debit,credit
2026-07-01,1000,Opening balance,12500.00,
2026-07-15,4000,Consulting revenue,,3200.00
2026-08-02,6100,Office rent,1800.00,
".to_vec(), "text/csv"),
                ("Correspondence", "Signature specimen", "signature.png".into(), DEMO_PNG.to_vec(), "image/png"),
            ];
            for (i, (folder, title, file_name, bytes, content_type)) in files.into_iter().enumerate() {
                let key = uuid::Uuid::new_v4().to_string();
                let size = bytes.len();
                let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(bytes)) });
                let stored = storage.put(&key, Box::pin(body), size as u64 + 1).await.map_err(|e| {
                    tracing::error!(error = %e, "demo document not stored");
                    AppError::Unavailable
                })?;
                keys.push(key.clone());
                let at = now - (n as i64 * 7 + i as i64 * 11) * 86_400;
                let id: i64 = sqlx::query_scalar("INSERT INTO documents (client_id, folder, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
                    .bind(client_id)
                    .bind(folder)
                    .bind(title)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await
                    .or_db()?;
                sqlx::query(
                    "INSERT INTO document_versions (document_id, version, storage_key, file_name, content_type, size_bytes, sha256, created_at) \
                     VALUES ($1, 1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(&key)
                .bind(&file_name)
                .bind(content_type)
                .bind(stored.size as i64)
                .bind(&stored.sha256)
                .bind(at)
                .execute(&mut *tx)
                .await
                .or_db()?;
            }
            sqlx::query(
                "INSERT INTO document_requests (client_id, title, description, due_date, status, created_at) VALUES ($1, $2, $3, $4, 'open', $5)",
            )
            .bind(client_id)
            .bind("Bank statements for November")
            .bind("All business accounts, as PDF or CSV.")
            .bind(crate::db::date_to_sql(time::OffsetDateTime::now_utc().date() + time::Duration::days(14)))
            .bind(now)
            .execute(&mut *tx)
            .await
            .or_db()?;
        }
        sqlx::query("INSERT INTO settings (key, value) VALUES ('demo_documents_loaded', 'yes')").execute(&mut *tx).await.or_db()?;
        tx.commit().await.or_db()
    }
    .await;
    if result.is_err() {
        for key in keys {
            let _ = storage.delete(&key).await;
        }
    }
    result
}

async fn load_records(db: &Db) -> Result<bool, AppError> {
    if db.setting("demo_loaded").await.map_err(|_| AppError::Unavailable)?.is_some() {
        return Ok(false);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let mut tx = db.begin_write().await.or_db()?;
    let conn = &mut *tx;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('firm_name', 'Harbor & Pine Accounting') ON CONFLICT (key) DO NOTHING")
        .execute(&mut *conn)
        .await
        .or_db()?;

    user(conn, "sam@harborpine.example", "Sam Carter", Role::Staff, None).await?;
    user(conn, "admin@harborpine.example", "Alex Morgan", Role::Admin, None).await?;

    use InvoiceStatus::{Draft, Open, Void};
    let northwind = create_client(conn, "Northwind Studio LLC", "accounts@northwind.example").await?;
    company(conn, northwind, "1200 Harbor Avenue, Suite 400\nSeattle, WA 98101\nUnited States", "EIN 91-1234567", "+1 206 555 0142").await?;
    let ana = user(conn, "ana@northwind.example", "Ana Reyes", Role::Client, Some(northwind)).await?;
    sqlx::query("UPDATE users SET client_admin = 1 WHERE id = $1").bind(ana).execute(&mut *conn).await.or_db()?;
    // Ben pays the bills and sees nothing else; Lina and Noa (below) have billing and documents.
    let ben = user(conn, "ben@northwind.example", "Ben Okafor", Role::Client, Some(northwind)).await?;
    sqlx::query("UPDATE users SET can_documents = 0 WHERE id = $1").bind(ben).execute(&mut *conn).await.or_db()?;
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
    company(conn, baltic, "Gedimino pr. 20\nLT-01103 Vilnius\nLithuania", "LT100012345617", "+370 5 212 3456").await?;
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
    company(conn, galil, "HaNamal 10\nHaifa 3303110\nIsrael", "515123456", "+972 4 555 0100").await?;
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
        .or_db()?;
    tx.commit().await.or_db()?;
    Ok(true)
}

/// A demo company's billing address, tax id and phone.
async fn company(conn: &mut AnyConnection, client_id: i64, address: &str, tax_id: &str, phone: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE clients SET address = $1, tax_id = $2, phone = $3 WHERE id = $4")
        .bind(address)
        .bind(tax_id)
        .bind(phone)
        .bind(client_id)
        .execute(conn)
        .await
        .or_db()?;
    Ok(())
}
