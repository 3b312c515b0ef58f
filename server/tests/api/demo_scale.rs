//! `portico demo --scale small` through the real generator, on the test database (SQLite, or
//! PostgreSQL with COPY when `PORTICO_TEST_DATABASE_URL` is set).

use crate::helpers::*;
use app::invoices::model::InvoiceStatus;
use serde_json::json;
use server::demo::scale::{self, Scale, BENCH_CLIENT, BENCH_EMAIL, BENCH_INVOICES};

async fn count(app: &TestApp, sql: &str) -> u64 {
    sqlx::query_scalar::<_, i64>(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {sql}")).fetch_one(&app.db.pool).await.expect("count") as u64
}

#[tokio::test]
async fn the_small_scale_is_complete_consistent_sealed_and_usable() {
    let app = spawn_app().await;
    let key = test_key();
    let sizes = Scale::Small.sizes();
    let summary = scale::run(&app.db, app.storage.as_ref(), &key, Scale::Small).await.expect("scale run");

    // The counts asked for, on top of the demo's (3 clients, 4 client people, 11 invoices, 15 documents).
    assert_eq!(count(&app, "clients").await, 3 + sizes.clients);
    assert_eq!(count(&app, "users WHERE role = 'client'").await, 4 + sizes.people);
    assert_eq!(count(&app, "invoices").await, 11 + sizes.invoices);
    assert_eq!(count(&app, "documents").await, 15 + sizes.documents + 1, "the regular documents and the big one");
    assert!(summary.history_events > 0, "the demo's own history is merged in");
    assert_eq!(count(&app, "audit_events").await, sizes.events + summary.history_events);
    let lines = count(&app, "invoice_lines").await - 17;
    assert!((sizes.invoices..=5 * sizes.invoices).contains(&lines), "1 to 5 lines an invoice: {lines}");
    let big: i64 = sqlx::query_scalar("SELECT MAX(size_bytes) FROM document_versions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(big as u64, sizes.big_document);

    // Every invoice's totals are its lines' sums, and what was paid is its payments' sum.
    let wrong = count(
        &app,
        "invoices i WHERE i.subtotal_minor <> (SELECT COALESCE(SUM(l.amount_minor), 0) FROM invoice_lines l WHERE l.invoice_id = i.id) \
         OR i.tax_minor <> (SELECT COALESCE(SUM(l.tax_minor), 0) FROM invoice_lines l WHERE l.invoice_id = i.id) \
         OR i.total_minor <> i.subtotal_minor + i.tax_minor \
         OR i.paid_minor <> (SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id)",
    )
    .await;
    assert_eq!(wrong, 0, "invoices whose totals do not add up");
    let lines: Vec<(i64, i64, i64, i64, i64)> =
        sqlx::query_as("SELECT quantity_milli, unit_price_minor, tax_rate_bp, amount_minor, tax_minor FROM invoice_lines").fetch_all(&app.db.pool).await.unwrap();
    assert!(lines.iter().all(|(q, p, t, net, tax)| app::money::line_amounts(*q, *p, *t) == (*net, *tax)), "lines follow the rounding rule");
    let invoices: Vec<(String, i64, i64)> = sqlx::query_as("SELECT status, paid_minor, total_minor FROM invoices").fetch_all(&app.db.pool).await.unwrap();
    let mut statuses = std::collections::HashMap::<String, u64>::new();
    for (status, paid, total) in &invoices {
        *statuses.entry(status.clone()).or_default() += 1;
        match InvoiceStatus::parse(status).expect("a known status") {
            InvoiceStatus::Draft | InvoiceStatus::Void => assert_eq!(*paid, 0),
            s => assert_eq!(s, InvoiceStatus::from_payments(*paid, *total), "{status} with {paid} of {total} paid"),
        }
    }
    assert!(statuses["paid"] > sizes.invoices * 3 / 4, "mostly paid: {statuses:?}");
    assert!(["open", "partially_paid", "void", "draft"].iter().all(|s| statuses.get(*s).is_some_and(|n| *n > 0)), "{statuses:?}");

    // The trail verifies, every event sealed; the stored bytes match the rows.
    let report = server::audit::verify(&app.db, &key.verifying_key()).await.expect("the trail verifies");
    assert_eq!((report.events as u64, report.unsealed), (sizes.events + summary.history_events, 0));
    let check = server::documents::check(&app.db, app.storage.as_ref()).await.expect("storage check");
    assert!(check.is_clean(), "{check:?}");

    // The benchmark's person signs in and pages through exactly their client's 200 invoices.
    let bench = app.signed_in(BENCH_EMAIL).await;
    let (mut seen, mut after) = (Vec::new(), None::<String>);
    loop {
        let page = app.listed(&bench, json!({ "after": after })).await;
        seen.extend(page["items"].as_array().expect("items").iter().map(|i| i["client_name"].as_str().unwrap_or("").to_string()));
        match page["next"].as_str() {
            Some(next) => after = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, BENCH_INVOICES);
    assert!(seen.iter().all(|c| c == BENCH_CLIENT));

    // The reminders of five years went out over five years: a server starting now mails none
    // about the generated invoices.
    let first_generated: i64 = sqlx::query_scalar("SELECT id FROM clients WHERE name = $1").bind(BENCH_CLIENT).fetch_one(&app.db.pool).await.unwrap();
    let reminders = format!("outbox WHERE kind = 'invoice_reminder' AND client_id >= {first_generated}");
    assert!(count(&app, "reminders_sent").await > sizes.invoices / 2);
    server::mail::schedule::run(&app.db, &app.state.mailer, app.state.services.audit.as_ref(), time::OffsetDateTime::now_utc()).await.expect("reminders");
    assert_eq!(count(&app, &reminders).await, 0);

    // A second run would double the data: refused.
    let again = scale::run(&app.db, app.storage.as_ref(), &key, Scale::Small).await.expect_err("refused");
    assert!(again.contains("already has the small scale data set"), "{again}");
}
