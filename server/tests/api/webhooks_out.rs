//! Outgoing webhooks: an admin registers an address at /staff/settings; what clients do reaches
//! it as signed JSON (the incoming webhook's scheme), once per event, retried with backoff when
//! the address fails, given up after the last retry, and the history is visible.

use crate::helpers::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use server::db::now_secs;
use server::webhooks::{deliver_due, dispatch};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The firm's system: records what it receives, and fails while `failures` is above zero.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    failures: Arc<AtomicUsize>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: String) -> StatusCode {
    r.got.lock().unwrap().push((headers, body));
    if r.failures.load(Ordering::SeqCst) > 0 {
        r.failures.fetch_sub(1, Ordering::SeqCst);
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    StatusCode::NO_CONTENT
}

async fn start_receiver() -> (Receiver, String) {
    let r = Receiver::default();
    let app = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(r.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (r, url)
}

#[tokio::test]
async fn client_activity_reaches_the_firms_address_signed_once_and_retried_until_it_answers() {
    let app = spawn_app().await;
    let (receiver, url) = start_receiver().await;
    let admin = app.signed_in(ADMIN).await;
    let res = app.call(&admin, "staff/webhooks/register", &[("url", &url), ("invoice_viewed", "on"), ("payment_recorded", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let made: Value = res.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_string();
    assert_eq!(made["endpoint"]["events"], serde_json::json!(["invoice.viewed", "payment.recorded"]));
    let http = reqwest::Client::new();

    // A client opens an invoice; staff opening one is not news.
    let invoice = app.id_of_invoice("INV-2026-0172").await;
    let ana = app.signed_in(ANA).await;
    assert_eq!(app.page(&ana, &format!("/invoices/{invoice}")).await.0, StatusCode::OK);
    let sam = app.signed_in(SAM).await;
    assert_eq!(app.page(&sam, &format!("/staff/invoices/{invoice}")).await.0, StatusCode::OK);
    app.flush_audit().await;
    let now = now_secs();
    assert_eq!(dispatch(&app.db, now).await.unwrap(), 1);
    assert_eq!(dispatch(&app.db, now).await.unwrap(), 0, "each event is dispatched once");

    // The address fails twice: retried after a minute, then after five.
    receiver.failures.store(2, Ordering::SeqCst);
    assert_eq!(deliver_due(&app.db, &http, now).await.unwrap(), 0);
    assert_eq!(deliver_due(&app.db, &http, now + 30).await.unwrap(), 0);
    assert_eq!(receiver.got.lock().unwrap().len(), 1, "not due again before its backoff");
    assert_eq!(deliver_due(&app.db, &http, now + 61).await.unwrap(), 0);
    assert_eq!(deliver_due(&app.db, &http, now + 61 + 299).await.unwrap(), 0);
    assert_eq!(deliver_due(&app.db, &http, now + 61 + 301).await.unwrap(), 1);
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 3);
    let (headers, body) = &got[2];
    assert_eq!(got[0].0["portico-delivery"], headers["portico-delivery"], "the same delivery each time");
    let signature = headers["portico-signature"].to_str().unwrap();
    let t: i64 = signature.split(',').next().unwrap().trim_start_matches("t=").parse().unwrap();
    assert_eq!(server::invoices::webhook::verify(&secret, signature, body.as_bytes(), t), Ok(()));
    assert!(server::invoices::webhook::verify("another secret", signature, body.as_bytes(), t).is_err());
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!((event["type"].as_str(), event["target"]["label"].as_str(), event["actor"]["email"].as_str()), (Some("invoice.viewed"), Some("INV-2026-0172"), Some(ANA)));
    assert_eq!(headers["portico-event"], "invoice.viewed");

    // The history, as the settings page shows it.
    let listed: Value = app.call(&admin, "staff/webhooks", &[]).await.json().await.unwrap();
    let d = &listed[1][0];
    assert_eq!((d["attempts"].as_i64(), d["last_status"].as_i64(), d["delivered_at"].is_i64()), (Some(3), Some(204), true));

    // An address that never answers is given up after the last retry.
    receiver.failures.store(100, Ordering::SeqCst);
    let res = app.call(&sam, "staff/invoice/payment", &[("id", &invoice.to_string()), ("amount", "10.00"), ("paid_on", "2026-12-01"), ("method", "cash")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    app.flush_audit().await;
    assert_eq!(dispatch(&app.db, now).await.unwrap(), 1);
    let mut at = now;
    for _ in 0..7 {
        deliver_due(&app.db, &http, at).await.unwrap();
        at += 86_400;
    }
    let listed: Value = app.call(&admin, "staff/webhooks", &[]).await.json().await.unwrap();
    let d = &listed[1][0];
    assert_eq!((d["event_type"].as_str(), d["attempts"].as_i64(), d["failed_at"].is_i64(), d["next_attempt_at"].is_null()), (Some("payment.recorded"), Some(7), true, true));
    assert_eq!(d["last_status"].as_i64(), Some(503));

    // A stopped address is told nothing more.
    let id = made["endpoint"]["id"].as_i64().unwrap().to_string();
    assert_eq!(app.call(&admin, "staff/webhooks/disable", &[("id", &id)]).await.status(), StatusCode::OK);
    assert_eq!(app.page(&ana, &format!("/invoices/{invoice}")).await.0, StatusCode::OK);
    app.flush_audit().await;
    assert_eq!(dispatch(&app.db, now).await.unwrap(), 0);
}

#[tokio::test]
async fn only_admins_register_and_only_https_or_this_machine() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let res = app.call(&admin, "staff/webhooks/register", &[("url", "http://books.example.com/hook"), ("invoice_viewed", "on")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&admin, "staff/webhooks/register", &[("url", "https://books.example.com/hook")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "at least one event");
    let sam = app.signed_in(SAM).await;
    let res = app.call(&sam, "staff/webhooks/register", &[("url", "https://books.example.com/hook"), ("invoice_viewed", "on")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call(&admin, "staff/webhooks/register", &[("url", "https://books.example.com/hook"), ("invoice_viewed", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, _, _, label, _, details) = app.last_event("settings.updated").await.unwrap();
    assert_eq!(label, "https://books.example.com/hook");
    assert!(!details.to_string().contains("whsec_"), "the trail never holds the secret");
}
