//! The staff dashboard: receivables per currency with charts, who needs attention, what each
//! client is worth and how it pays (computed from invoices and payments made here), and its
//! tables as CSV. Staff only.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;
use server::clients::create_client;
use server::invoices::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment};
use time::{Date, Duration, OffsetDateTime};

/// An issued invoice of `amount` (whole euros) on `issued`, paid in full on `paid` if given.
async fn invoice(app: &TestApp, client: i64, number: &str, issued: Date, amount: i64, paid: Option<Date>) {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let new = NewInvoice {
        client_id: client,
        number: number.into(),
        issue_date: issued,
        due_date: issued + Duration::days(14),
        currency: app::money::Currency::parse("EUR").unwrap(),
        status: app::invoices::model::InvoiceStatus::Open,
        notes: String::new(),
        lines: vec![NewLine { description: "Bookkeeping".into(), quantity_milli: 1000, unit_price_minor: amount * 100, tax_rate_bp: 0 }],
    };
    let id = create_invoice(&mut conn, new).await.unwrap();
    if let Some(paid_on) = paid {
        let p = NewPayment { invoice_id: id, amount_minor: amount * 100, paid_on, method: "Bank transfer".into(), reference: number.into(), recorded_by: None };
        record_payment(&mut conn, p, None).await.unwrap();
    }
}

async fn dashboard(app: &TestApp, who: &reqwest::Client) -> Value {
    let res = app.call(who, "staff/dashboard", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_client_that_pays_later_than_it_used_to_is_slipping_with_its_figures() {
    let app = spawn_app().await;
    let today = OffsetDateTime::now_utc().date();
    let client = {
        let mut conn = app.db.pool.acquire().await.unwrap();
        create_client(&mut conn, "Slow Payer OÜ", "books@slowpayer.example").await.unwrap()
    };
    // Before: paid in 10 days. Lately: paid in 50 days. Now: 300 € owed, billed 30 days ago.
    let long_ago = today - Duration::days(400);
    invoice(&app, client, "SP-1", long_ago, 1000, Some(long_ago + Duration::days(10))).await;
    invoice(&app, client, "SP-2", today - Duration::days(60), 500, Some(today - Duration::days(10))).await;
    invoice(&app, client, "SP-3", today - Duration::days(30), 300, None).await;

    let sam = app.signed_in(SAM).await;
    let d = dashboard(&app, &sam).await;
    let row = d["clients"].as_array().unwrap().iter().find(|r| r["client_name"] == "Slow Payer OÜ").expect("the client's row").clone();
    assert_eq!((row["billed"].as_i64(), row["paid"].as_i64()), (Some(1800_00), Some(1500_00)));
    assert_eq!((row["days_to_pay"].as_i64(), row["recent_days_to_pay"].as_i64(), row["earlier_days_to_pay"].as_i64()), (Some(30), Some(50), Some(10)));
    // 300 € owed against 800 € billed in the last 90 days: 33 days of sales outstanding.
    assert_eq!(row["dso"].as_i64(), Some(300 * 90 / 800));
    let this_year = if (today - Duration::days(60)).year() == today.year() { 500_00 } else { 0 } + if (today - Duration::days(30)).year() == today.year() { 300_00 } else { 0 };
    assert_eq!(row["billed_this_year"].as_i64(), Some(this_year));

    // The CSV has the row, marked as slipping.
    let res = app.get(&sam, "/staff/dashboard/clients.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("client_id,client,currency,billed,paid,"), "{csv}");
    let line = csv.lines().find(|l| l.contains("Slow Payer OÜ")).expect("a CSV row");
    assert!(line.contains(",EUR,1800.00,1500.00,") && line.ends_with(",30,50,10,33,true"), "{line}");

    // Nobody of the client has ever signed in and it owes 300 €: it needs attention.
    let attention = d["attention"].as_array().unwrap().iter().find(|a| a["client_id"] == client).expect("needs attention").clone();
    assert_eq!(attention["reasons"][0]["kind"], "unseen");
    assert_eq!(attention["reasons"][0]["last_seen"], Value::Null);
    assert_eq!(attention["reasons"][0]["owed"][0]["minor"].as_i64(), Some(300_00));
}

#[tokio::test]
async fn receivables_add_up_per_currency_and_come_with_charts() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let d = dashboard(&app, &sam).await;
    for p in d["positions"].as_array().unwrap() {
        let currency = p["currency"].as_str().unwrap();
        let owed: Option<i64> = sqlx::query_scalar("SELECT CAST(SUM(total_minor - paid_minor) AS BIGINT) FROM invoices WHERE status IN ('open', 'partially_paid') AND currency = $1")
            .bind(currency)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(p["outstanding"].as_i64(), Some(owed.unwrap_or(0)), "{currency}");
        let buckets: i64 = ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"].iter().map(|b| p["aging"][b].as_i64().unwrap()).sum();
        assert_eq!(buckets, owed.unwrap_or(0));
        assert_eq!(p["overdue"].as_i64(), Some(buckets - p["aging"]["current"].as_i64().unwrap()));
        assert_eq!(p["months"].as_array().unwrap().len(), 12);
        for chart in ["aging_chart", "months_chart"] {
            let svg = p[chart].as_str().unwrap();
            assert!(svg.starts_with("<svg role=\"img\" aria-label=") && svg.contains("<title>") && svg.contains("<desc>") && svg.trim_end().ends_with("</svg>"), "{chart}: {svg}");
        }
    }
    let usd = d["positions"].as_array().unwrap().iter().find(|p| p["currency"] == "USD").expect("the demo bills in USD");
    assert!(usd["aging_chart"].as_str().unwrap().contains("Aging of USD receivables"));
}

#[tokio::test]
async fn only_staff_see_the_dashboard_and_its_csv() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    assert_eq!(app.call(&ana, "staff/dashboard", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&ana, "/staff/dashboard/clients.csv").await.status(), StatusCode::FORBIDDEN);
    let sam = app.signed_in(SAM).await;
    assert_eq!(app.get(&sam, "/staff/dashboard/secrets.csv").await.status(), StatusCode::NOT_FOUND);
    for table in ["receivables", "attention", "activity", "clients"] {
        let res = app.get(&sam, &format!("/staff/dashboard/{table}.csv")).await;
        assert_eq!(res.status(), StatusCode::OK, "{table}");
        assert!(res.text().await.unwrap().lines().count() >= 1);
    }
    // What Ana did shows among the recent client activity.
    let d = dashboard(&app, &sam).await;
    assert!(d["recent"].as_array().unwrap().iter().any(|e| e["actor_name"] == "Ana Reyes" && e["action"] == "auth.login.succeeded"), "{}", d["recent"]);
}
