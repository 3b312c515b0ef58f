//! `POST /webhooks/payments`: a payment provider reports a payment.
//!
//! Signed like Stripe: header `Portico-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
//! `<t>.<raw body>` with the configured secret. A bad signature is a 400 and records nothing; a
//! timestamp more than five minutes away is refused (replay); an event id seen before answers
//! 200 without recording again; an unknown invoice is a 422, logged.

use crate::db::now_secs;
use crate::AppState;
use app::error::AppError;
use app::services::ProviderPayment;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "portico-signature";
pub const TOLERANCE_SECS: i64 = 300;

/// Computes the signature header value for a body (used by tests and by anyone wiring a provider).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks the signature header against the body; `Err` says why it was refused.
pub fn verify(secret: &str, header: &str, body: &[u8], now: i64) -> Result<(), &'static str> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => signatures.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or("missing timestamp")?;
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err("timestamp outside the tolerance");
    }
    let valid = signatures.iter().any(|sig| {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(body);
        mac.verify_slice(sig).is_ok()
    });
    if valid {
        Ok(())
    } else {
        Err("signature does not match")
    }
}

fn answer(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "message": message }))).into_response()
}

pub async fn payments_webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.config.webhook_secret.as_deref() else {
        return answer(StatusCode::NOT_FOUND, "payment webhooks are not configured");
    };
    let header = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    if let Err(why) = verify(secret, header, &body, now_secs()) {
        tracing::warn!(reason = why, "payment webhook refused");
        return answer(StatusCode::BAD_REQUEST, why);
    }
    let event: ProviderPayment = match serde_json::from_slice(&body) {
        Ok(e) => e,
        Err(e) => return answer(StatusCode::BAD_REQUEST, &format!("invalid event: {e}")),
    };
    match state.services.invoices.record_provider_payment(&event).await {
        Ok(Some(payment_id)) => {
            tracing::info!(event_id = %event.id, payment_id, "payment recorded from webhook");
            answer(StatusCode::OK, "payment recorded")
        }
        Ok(None) => answer(StatusCode::OK, "event already processed"),
        Err(AppError::Validation(f)) => {
            tracing::warn!(event_id = %event.id, invoice = %event.invoice_number, problem = ?f, "payment webhook not applied");
            answer(StatusCode::UNPROCESSABLE_ENTITY, &f.iter().map(|f| format!("{}: {}", f.field, f.code)).collect::<Vec<_>>().join("; "))
        }
        Err(AppError::Conflict(m)) => answer(StatusCode::UNPROCESSABLE_ENTITY, &m),
        Err(e) => answer(StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_the_same_secret_body_and_recent_time() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec", 1_000, body);
        assert_eq!(verify("whsec", &header, body, 1_000 + 299), Ok(()));
        assert!(verify("other", &header, body, 1_000).is_err());
        assert!(verify("whsec", &header, br#"{"id":"evt_2"}"#, 1_000).is_err());
        assert_eq!(verify("whsec", &header, body, 1_000 + 301), Err("timestamp outside the tolerance"));
        assert!(verify("whsec", "v1=00", body, 1_000).is_err());
    }
}
