//! `POST /webhooks/payments` from a payment provider.

use crate::helpers::*;
use reqwest::StatusCode;
use server::invoices::webhook::{sign, SIGNATURE_HEADER};

const SECRET: &str = "test-webhook-secret";

async fn deliver(app: &TestApp, body: &str, signature: String) -> reqwest::Response {
    browser()
        .post(app.url("/webhooks/payments"))
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn payments_of(app: &TestApp, number: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.number = $1")
        .bind(number)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

const EVENT: &str = r#"{"id":"evt_001","invoice_number":"INV-2026-0158","amount_minor":15000,"currency":"USD","reference":"ch_123"}"#;

#[tokio::test]
async fn a_signed_payment_is_recorded_once_however_often_it_is_delivered() {
    let app = spawn_app().await;
    let first = deliver(&app, EVENT, sign(SECRET, now(), EVENT.as_bytes())).await;
    assert_eq!(first.status(), StatusCode::OK);
    let again = deliver(&app, EVENT, sign(SECRET, now(), EVENT.as_bytes())).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again.text().await.unwrap().contains("already processed"));
    assert_eq!(payments_of(&app, "INV-2026-0158").await, 1);
    let ana = app.signed_in(ANA).await;
    let id = app.id_of_invoice("INV-2026-0158").await;
    let inv: serde_json::Value = app.call(&ana, "invoice", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(inv["summary"]["amount_due"]["minor"], 50000, "the client sees the new balance");
}

#[tokio::test]
async fn a_bad_signature_or_an_old_timestamp_records_nothing() {
    let app = spawn_app().await;
    let forged = deliver(&app, EVENT, sign("not-the-secret", now(), EVENT.as_bytes())).await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let tampered = deliver(&app, &EVENT.replace("15000", "65000"), sign(SECRET, now(), EVENT.as_bytes())).await;
    assert_eq!(tampered.status(), StatusCode::BAD_REQUEST);
    let replay = deliver(&app, EVENT, sign(SECRET, now() - 301, EVENT.as_bytes())).await;
    assert_eq!(replay.status(), StatusCode::BAD_REQUEST);
    let unsigned = browser().post(app.url("/webhooks/payments")).body(EVENT).send().await.unwrap();
    assert_eq!(unsigned.status(), StatusCode::BAD_REQUEST);
    assert_eq!(payments_of(&app, "INV-2026-0158").await, 0);
}

#[tokio::test]
async fn an_unknown_invoice_or_a_wrong_amount_is_a_422() {
    let app = spawn_app().await;
    let unknown = r#"{"id":"evt_9","invoice_number":"INV-9999","amount_minor":100,"currency":"USD"}"#;
    let res = deliver(&app, unknown, sign(SECRET, now(), unknown.as_bytes())).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let too_much = r#"{"id":"evt_10","invoice_number":"INV-2026-0158","amount_minor":65001,"currency":"USD"}"#;
    assert_eq!(deliver(&app, too_much, sign(SECRET, now(), too_much.as_bytes())).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_currency = r#"{"id":"evt_11","invoice_number":"INV-2026-0158","amount_minor":100,"currency":"EUR"}"#;
    assert_eq!(deliver(&app, wrong_currency, sign(SECRET, now(), wrong_currency.as_bytes())).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(payments_of(&app, "INV-2026-0158").await, 0);
    // A failed delivery does not burn its event id: the provider may retry after a fix.
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_events").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(seen, 0);
}
