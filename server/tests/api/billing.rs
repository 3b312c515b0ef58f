//! Invoice lists, drafts, issuing, payments, refunds and voiding, through the server functions.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use server::invoices::{create_invoice, NewInvoice, NewLine};

async fn seed_invoices(app: &TestApp, client: i64, count: usize) {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    for n in 0..count {
        let issue = today - time::Duration::days((n % 40) as i64);
        create_invoice(
            &mut conn,
            NewInvoice {
                client_id: client,
                number: format!("BULK-{n:05}"),
                issue_date: issue,
                due_date: issue + time::Duration::days(30),
                currency: app::money::Currency::parse("USD").unwrap(),
                status: app::invoices::model::InvoiceStatus::Open,
                notes: String::new(),
                lines: vec![NewLine { description: "Work".into(), quantity_milli: 1000, unit_price_minor: 1000 + (n as i64 * 37) % 5000, tax_rate_bp: 0 }],
            },
        )
        .await
        .unwrap();
    }
}

fn numbers(page: &serde_json::Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["number"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn keyset_pages_cover_every_invoice_once_in_order_for_each_sort() {
    let app = spawn_app().await;
    let galil = client_id(&app, "Galil").await;
    seed_invoices(&app, galil, 70).await;
    let noa = app.signed_in("noa@galil.example").await;
    for sort in ["issued", "due", "amount"] {
        let mut seen: Vec<serde_json::Value> = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..10 {
            let page = app.listed(&noa, json!({ "sort": sort, "after": after })).await;
            seen.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next"].as_str() {
                Some(next) => after = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 72, "{sort}: 70 seeded + 2 demo invoices, each once");
        let mut ids: Vec<i64> = seen.iter().map(|i| i["id"].as_i64().unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 72, "{sort}: no duplicates across pages");
        let key = |i: &serde_json::Value| match sort {
            "issued" => i["issue_date"].as_str().unwrap().to_string(),
            "due" => i["due_date"].as_str().unwrap().to_string(),
            _ => format!("{:012}", i["total"]["minor"].as_i64().unwrap()),
        };
        let keys: Vec<String> = seen.iter().map(key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if sort != "due" {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "{sort}: pages are in order");
    }
}

#[tokio::test]
async fn clients_filter_by_status_and_search_by_number() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let overdue = numbers(&app.listed(&ana, json!({ "status": "overdue" })).await);
    assert_eq!(overdue, vec!["INV-2026-0158", "INV-2026-0131"]);
    let paid = numbers(&app.listed(&ana, json!({ "status": "paid" })).await);
    assert_eq!(paid, vec!["INV-2026-0101"]);
    assert!(numbers(&app.listed(&ana, json!({ "status": "draft" })).await).is_empty(), "a client never sees drafts, even when asking");
    assert_eq!(numbers(&app.listed(&ana, json!({ "q": "0172" })).await), vec!["INV-2026-0172"]);
    assert_eq!(numbers(&app.listed(&ana, json!({ "q": "inv-2026-01" })).await).len(), 4, "search ignores case");
    assert!(numbers(&app.listed(&ana, json!({ "q": "%" })).await).is_empty(), "wildcards are literal");
    assert_eq!(numbers(&app.listed(&ana, json!({ "client_id": client_id(&app, "Baltic").await })).await).len(), 5, "a client filter cannot widen a client's view");
    let bad = app.call_json(&ana, "invoices", json!({ "filter": { "after": "garbage" } })).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

fn draft(client: i64, number: &str) -> serde_json::Value {
    json!({
        "client_id": client, "number": number, "issue_date": "2026-11-01", "due_date": "2026-11-30", "currency": "EUR", "notes": "Thanks",
        "lines": [
            { "description": "Consulting", "quantity": "2.5", "unit_price": "120.00", "tax_rate": "21" },
            { "description": "", "quantity": "", "unit_price": "", "tax_rate": "" }
        ]
    })
}

#[tokio::test]
async fn staff_create_edit_and_issue_a_draft_that_the_client_then_sees() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let baltic = client_id(&app, "Baltic").await;
    let res = app.call_json(&sam, "staff/invoice/create", json!({ "draft": draft(baltic, "INV-2026-0900") })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i64 = res.json().await.unwrap();
    let lina = app.signed_in(LINA).await;
    assert_eq!(app.call(&lina, "invoice", &[("id", &id.to_string())]).await.status(), StatusCode::NOT_FOUND, "drafts stay hidden");

    let mut edited = draft(baltic, "INV-2026-0900");
    edited["lines"][0]["quantity"] = json!("3");
    let res = app.call_json(&sam, "staff/invoice/update", json!({ "id": id, "draft": edited })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.call(&sam, "staff/invoice/issue", &[("id", &id.to_string())]).await.status(), StatusCode::OK);

    let inv: serde_json::Value = app.call(&lina, "invoice", &[("id", &id.to_string())]).await.json().await.unwrap();
    // 3 × €120.00 = €360.00, 21 % tax = €75.60.
    assert_eq!(inv["summary"]["total"]["minor"], 43560);
    assert_eq!(inv["summary"]["status"], "open");

    let again = app.call_json(&sam, "staff/invoice/update", json!({ "id": id, "draft": edited })).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "an issued invoice cannot be edited");
    assert!(again.text().await.unwrap().contains("not_editable"));
    app.flush_audit().await;
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_events WHERE target_id = $1 AND actor_kind = 'staff' ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(actions, vec!["invoice.created", "invoice.updated", "invoice.issued"]);
}

#[tokio::test]
async fn a_bad_draft_reports_every_bad_field_and_stores_nothing() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let bad = json!({ "client_id": 0, "number": "", "issue_date": "2026-11-30", "due_date": "2026-11-01", "currency": "XXX",
        "notes": "", "lines": [{ "description": "", "quantity": "-1", "unit_price": "abc", "tax_rate": "" }] });
    let res = app.call_json(&sam, "staff/invoice/create", json!({ "draft": bad })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for field in ["client_id", "number", "due_date", "currency", "lines.0.description", "lines.0.quantity"] {
        assert!(body.contains(&format!("\"{field}\"")), "{field} reported: {body}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 11);
    let taken = app.call_json(&sam, "staff/invoice/create", json!({ "draft": draft(client_id(&app, "Baltic").await, "INV-2026-0101") })).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.text().await.unwrap().contains("taken"));
}

async fn pay(app: &TestApp, staff: &reqwest::Client, id: i64, amount: &str, refund: bool) -> reqwest::Response {
    let id = id.to_string();
    let mut form = vec![("id", id.as_str()), ("amount", amount), ("paid_on", "2026-11-20"), ("method", "Bank transfer"), ("reference", "T-1")];
    if refund {
        form.push(("refund", "on"));
    }
    app.call(staff, "staff/invoice/payment", &form).await
}

#[tokio::test]
async fn partial_payments_refunds_and_their_limits() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0158").await; // $650.00, open, overdue
    async fn balance(app: &TestApp, c: &reqwest::Client, id: i64) -> (i64, String) {
        let v: serde_json::Value = app.call(c, "invoice", &[("id", &id.to_string())]).await.json().await.unwrap();
        (v["summary"]["amount_due"]["minor"].as_i64().unwrap(), v["summary"]["status"].as_str().unwrap().to_string())
    }
    assert_eq!(pay(&app, &sam, id, "200.00", false).await.status(), StatusCode::OK);
    assert_eq!(balance(&app, &ana, id).await, (45000, "partially_paid".into()));

    let over = pay(&app, &sam, id, "450.01", false).await;
    assert_eq!(over.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.text().await.unwrap().contains("exceeds_balance"));
    assert_eq!(pay(&app, &sam, id, "12.345", false).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "too many decimals");
    assert_eq!(pay(&app, &sam, id, "0", false).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(pay(&app, &sam, id, "450", false).await.status(), StatusCode::OK);
    assert_eq!(balance(&app, &ana, id).await, (0, "paid".into()));

    let too_much_back = pay(&app, &sam, id, "650.01", true).await;
    assert!(too_much_back.text().await.unwrap().contains("exceeds_paid"));
    assert_eq!(pay(&app, &sam, id, "50", true).await.status(), StatusCode::OK);
    assert_eq!(balance(&app, &ana, id).await, (5000, "partially_paid".into()));
    let kinds: Vec<(String, i64)> = sqlx::query_as("SELECT kind, amount_minor FROM payments WHERE invoice_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(kinds, vec![("payment".into(), 20000), ("payment".into(), 45000), ("refund".into(), -5000)], "history is appended, never edited");

    let void = app.call(&sam, "staff/invoice/void", &[("id", &id.to_string()), ("reason", "wrong client")]).await;
    assert!(void.text().await.unwrap().contains("has_payments"), "an invoice with payments cannot be voided");
}

#[tokio::test]
async fn a_void_invoice_takes_no_payment_and_keeps_its_reason() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let id = app.id_of_invoice("INV-2026-0172").await;
    assert_eq!(app.call(&sam, "staff/invoice/void", &[("id", &id.to_string()), ("reason", "")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.call(&sam, "staff/invoice/void", &[("id", &id.to_string()), ("reason", "Sent by mistake")]).await.status(), StatusCode::OK);
    assert_eq!(pay(&app, &sam, id, "10", false).await.status(), StatusCode::CONFLICT);
    let ana = app.signed_in(ANA).await;
    let inv: serde_json::Value = app.call(&ana, "invoice", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!((inv["summary"]["status"].as_str(), inv["void_reason"].as_str()), (Some("void"), Some("Sent by mistake")));
    assert_eq!(inv["summary"]["amount_due"]["minor"], 0);
}

#[tokio::test]
async fn client_users_cannot_change_invoices() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0158").await;
    assert_eq!(pay(&app, &ana, id, "650", false).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&ana, "staff/invoice/void", &[("id", &id.to_string()), ("reason", "x")]).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn staff_list_across_clients_and_see_the_aging_report() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let res = app.call_json(&sam, "staff/invoices", json!({ "filter": { "status": "overdue" } })).await;
    let page: serde_json::Value = res.json().await.unwrap();
    let mut overdue = numbers(&page);
    overdue.sort();
    assert_eq!(overdue, vec!["INV-2026-0131", "INV-2026-0149", "INV-2026-0158"]);
    let drafts = app.call_json(&sam, "staff/invoices", json!({ "filter": { "status": "draft" } })).await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(numbers(&drafts), vec!["INV-2026-0180"]);

    let aging: serde_json::Value = app.call(&sam, "staff/aging", &[]).await.json().await.unwrap();
    let rows = aging.as_array().unwrap();
    let northwind = rows.iter().find(|r| r["client_name"] == "Northwind Studio LLC").unwrap();
    let buckets = &northwind["aging"];
    let sum: i64 = ["current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"].iter().map(|k| buckets[k].as_i64().unwrap()).sum();
    assert_eq!(sum, 93600 + 65000 + 97929, "the buckets add up to what is owed");
    assert_eq!(buckets["days_1_30"], 93600, "0131 is 30 days late");
    assert_eq!(buckets["days_31_60"], 65000, "0158 is 31 days late");
    assert_eq!(buckets["current"], 97929, "0172 is not due yet");
}
