//! How the invoice list and the statement scale: seeds one client with N invoices (default
//! 5,000; half of them partly paid) and prints median timings. The baseline is the same page read
//! with OFFSET, measured in the same run.
//!
//!     cargo run --release -p server --example invoice_bench [-- N]
//!     PORTICO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/postgres cargo run ...   (PostgreSQL)

use app::invoices::filter::{InvoiceFilter, SortKey, StatusFilter};
use app::invoices::model::InvoiceStatus;
use app::money::Currency;
use app::services::{InvoiceService, Scope};
use server::db::Db;
use server::invoices::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment, SqlInvoices};
use std::time::{Duration, Instant};

async fn median<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed());
    }
    times.sort();
    times[runs / 2]
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let (url, label) = match std::env::var("PORTICO_BENCH_DATABASE_URL") {
        Ok(admin) => {
            let db = Db::connect(&admin).await.expect("PostgreSQL");
            let _ = sqlx::query("DROP DATABASE IF EXISTS portico_bench WITH (FORCE)").execute(&db.pool).await;
            sqlx::query("CREATE DATABASE portico_bench").execute(&db.pool).await.expect("create database");
            let base = &admin[..admin.rfind('/').expect("a path")];
            (format!("{base}/portico_bench"), "PostgreSQL")
        }
        Err(_) => {
            let dir = std::env::temp_dir().join(format!("portico_bench_{}", std::process::id()));
            (format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()), "SQLite")
        }
    };
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let mut conn = db.pool.acquire().await.expect("connection");
    let client = server::clients::create_client(&mut conn, "Bench Client", "").await.expect("client");
    let today = time::OffsetDateTime::now_utc().date();
    let usd = Currency::parse("USD").expect("USD");
    let seed = Instant::now();
    for i in 0..n {
        let issue = today - time::Duration::days((i % 730) as i64);
        let id = create_invoice(
            &mut conn,
            NewInvoice {
                client_id: client,
                number: format!("B-{i:06}"),
                issue_date: issue,
                due_date: issue + time::Duration::days(30),
                currency: usd,
                status: InvoiceStatus::Open,
                notes: String::new(),
                lines: vec![
                    NewLine { description: "Work".into(), quantity_milli: 1500, unit_price_minor: 10_000 + (i as i64 * 7919) % 90_000, tax_rate_bp: 825 },
                    NewLine { description: "Fee".into(), quantity_milli: 1000, unit_price_minor: 2_500, tax_rate_bp: 0 },
                ],
            },
        )
        .await
        .expect("invoice");
        if i % 2 == 0 {
            let p = NewPayment { invoice_id: id, amount_minor: 1_000, paid_on: issue + time::Duration::days(5), method: "Card".into(), reference: String::new(), recorded_by: None };
            record_payment(&mut conn, p, None).await.expect("payment");
        }
    }
    drop(conn);
    println!("{label}: seeded {n} invoices (+{} payments) for one client in {:.1} s", n / 2, seed.elapsed().as_secs_f64());

    let brand = server::branding::SqlBrand::start(db.clone()).await.expect("brand");
    let mailer = server::mail::Mailer::new(brand, "http://127.0.0.1", server::mail::sender("portal@bench.test", "Bench").expect("sender"), [0; 32]);
    let svc = SqlInvoices::new(db.clone(), mailer);
    let scope = Scope::Client(client);
    let runs = 21;
    let first = median(runs, || async {
        svc.list(scope, &InvoiceFilter::default(), today).await.expect("list");
    })
    .await;
    // The cursor of the last page, found by walking the pages once.
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = svc.list(scope, &InvoiceFilter { after: cursor.clone(), ..Default::default() }, today).await.expect("list");
        pages += 1;
        match page.next {
            Some(next) if pages < n / 25 => cursor = Some(next),
            _ => break,
        }
    }
    let deep_filter = InvoiceFilter { after: cursor.clone(), ..Default::default() };
    let deep = median(runs, || async {
        svc.list(scope, &deep_filter, today).await.expect("list");
    })
    .await;
    let offset = (pages - 1) * 25;
    let baseline = median(runs, || async {
        sqlx::query(&format!(
            "SELECT i.id FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.client_id = $1 AND i.status <> 'draft' \
             ORDER BY i.issue_date DESC, i.id DESC LIMIT 26 OFFSET {offset}"
        ))
        .bind(client)
        .fetch_all(&db.pool)
        .await
        .expect("offset page");
    })
    .await;
    let overdue = median(runs, || async {
        svc.list(scope, &InvoiceFilter { status: Some(StatusFilter::Overdue), sort: SortKey::Due, ..Default::default() }, today).await.expect("list");
    })
    .await;
    let search = median(runs, || async {
        svc.list(scope, &InvoiceFilter { q: "00123".into(), ..Default::default() }, today).await.expect("list");
    })
    .await;
    let statement = median(11, || async {
        svc.statement(client, today - time::Duration::days(365), today).await.expect("statement");
    })
    .await;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("first page (25 of {n})            {:>8.2} ms", ms(first));
    println!("page {pages} by keyset cursor         {:>8.2} ms", ms(deep));
    println!("same page by OFFSET {offset} (baseline) {:>8.2} ms   keyset/offset = {:.2}", ms(baseline), ms(deep) / ms(baseline));
    println!("overdue filter, due-date order      {:>8.2} ms", ms(overdue));
    println!("number search                       {:>8.2} ms", ms(search));
    println!("statement, 12 months                {:>8.2} ms", ms(statement));
}
