//! Outgoing webhooks. The audit trail is the outbox: a dispatcher reads the trail's new events in
//! id order (the trail commits ids in order, see `audit::event::begin_trail`) and writes one
//! delivery per event and endpoint that wants it (once: a unique index, so instances may race);
//! a deliverer claims due deliveries (`FOR UPDATE SKIP LOCKED` on PostgreSQL), POSTs each as JSON
//! signed like the incoming payment webhook (`Portico-Signature: t=…,v1=HMAC-SHA256(secret,
//! "t.body")`), and retries with backoff for about a day. Requests never wait for any of it.

mod repo;

use crate::db::{now_secs, Db};
use app::error::AppError;
use app::webhooks::{Delivery, Endpoint, NewEndpoint, EVENTS};
use async_trait::async_trait;
use std::time::Duration;

/// Seconds before the next try after the 1st, 2nd, … failed attempt; after the last, it is given up.
const BACKOFF_SECS: [i64; 6] = [60, 300, 1800, 7200, 21_600, 43_200];
/// How long one delivery may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The webhook event an audit event is, if any: what clients did (viewing, downloading, writing),
/// and what happened to money and documents whoever did it.
pub fn event_type(action: &str, actor_kind: &str) -> Option<&'static str> {
    match (action, actor_kind) {
        ("invoice.viewed", "client") => Some("invoice.viewed"),
        ("document.downloaded", "client") => Some("document.downloaded"),
        ("document.uploaded", _) => Some("document.uploaded"),
        ("payment.recorded", _) => Some("payment.recorded"),
        ("message.sent", "client") => Some("message.received"),
        ("document_request.fulfilled", _) => Some("document_request.fulfilled"),
        _ => None,
    }
}

/// An endpoint's address: https, or http to this machine (for trying it out).
fn check_url(url: &str) -> Result<String, AppError> {
    let bad = || AppError::invalid("url", "invalid_url");
    let parsed = reqwest::Url::parse(url.trim()).map_err(|_| bad())?;
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match parsed.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Err(bad()),
    }
    if parsed.host_str().is_none() || !parsed.username().is_empty() || url.len() > 500 {
        return Err(bad());
    }
    Ok(parsed.to_string())
}

fn check_events(events: &[String]) -> Result<Vec<String>, AppError> {
    if events.is_empty() || events.iter().any(|e| !EVENTS.contains(&e.as_str())) {
        return Err(AppError::invalid("events", "required"));
    }
    let mut events = events.to_vec();
    events.sort();
    events.dedup();
    Ok(events)
}

pub struct SqlWebhooks {
    db: Db,
}

impl SqlWebhooks {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl app::services::WebhookService for SqlWebhooks {
    async fn endpoints(&self) -> Result<Vec<Endpoint>, AppError> {
        repo::endpoints(&self.db).await
    }

    async fn register(&self, url: &str, events: &[String], by: i64) -> Result<NewEndpoint, AppError> {
        let (url, events) = (check_url(url)?, check_events(events)?);
        let secret = format!("whsec_{}", crate::random_hex(24)?);
        let endpoint = repo::insert_endpoint(&self.db, &url, &secret, &events, by).await?;
        Ok(NewEndpoint { endpoint, secret })
    }

    async fn disable(&self, id: i64) -> Result<Endpoint, AppError> {
        repo::disable(&self.db, id).await
    }

    async fn deliveries(&self, limit: i64) -> Result<Vec<Delivery>, AppError> {
        repo::deliveries(&self.db, limit).await
    }
}

/// What became of one attempt.
enum Attempt {
    Delivered(u16),
    Refused(Option<u16>, String),
}

async fn post(http: &reqwest::Client, d: &repo::Due, now: i64) -> Attempt {
    let signature = crate::invoices::webhook::sign(&d.secret, now, d.payload.as_bytes());
    let sent = http
        .post(&d.url)
        .header("content-type", "application/json")
        .header("user-agent", "Portico-Webhooks/1")
        .header(crate::invoices::webhook::SIGNATURE_HEADER, signature)
        .header("portico-event", &d.event_type)
        .header("portico-delivery", d.id.to_string())
        .body(d.payload.clone())
        .send()
        .await;
    match sent {
        Ok(res) if res.status().is_success() => Attempt::Delivered(res.status().as_u16()),
        Ok(res) => Attempt::Refused(Some(res.status().as_u16()), String::new()),
        // Only the kind of failure: never the address's query string or what it sent back.
        Err(e) => Attempt::Refused(None, if e.is_timeout() { "timed out".into() } else if e.is_connect() { "could not connect".into() } else { "request failed".into() }),
    }
}

/// Sends what is due at `now` (Unix seconds); returns how many were delivered.
pub async fn deliver_due(db: &Db, http: &reqwest::Client, now: i64) -> Result<usize, AppError> {
    let mut delivered = 0;
    for d in repo::claim(db, now, 20).await? {
        let outcome = match post(http, &d, now).await {
            Attempt::Delivered(status) => {
                delivered += 1;
                repo::Outcome::Delivered(status)
            }
            Attempt::Refused(status, error) => match BACKOFF_SECS.get(d.attempts as usize - 1) {
                Some(wait) => repo::Outcome::Retry { at: now + wait, status, error },
                None => repo::Outcome::GaveUp { status, error },
            },
        };
        repo::record(db, d.id, &outcome, now).await?;
    }
    Ok(delivered)
}

/// The background worker: every few seconds, new events become deliveries and due deliveries go.
pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    let http = reqwest::Client::builder().timeout(TIMEOUT).redirect(reqwest::redirect::Policy::none()).build().expect("an HTTP client");
    tokio::spawn(async move {
        loop {
            if let Err(e) = repo::dispatch(&db, now_secs()).await {
                tracing::warn!(error = %e, "webhook events not dispatched; will retry");
            }
            if let Err(e) = deliver_due(&db, &http, now_secs()).await {
                tracing::warn!(error = %e, "webhooks not delivered; will retry");
            }
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
    })
}

pub use repo::dispatch;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine() {
        assert!(check_url("https://books.example.com/hook?x=1").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("http://books.example.com/hook").is_err());
        assert!(check_url("ftp://books.example.com").is_err());
        assert!(check_url("https://user:pw@books.example.com").is_err());
        assert!(check_url("not a url").is_err());
    }

    #[test]
    fn what_clients_do_and_what_happens_to_money_and_documents() {
        assert_eq!(event_type("invoice.viewed", "client"), Some("invoice.viewed"));
        assert_eq!(event_type("invoice.viewed", "staff"), None);
        assert_eq!(event_type("message.sent", "client"), Some("message.received"));
        assert_eq!(event_type("message.sent", "staff"), None);
        assert_eq!(event_type("payment.recorded", "api_token"), Some("payment.recorded"));
    }
}
