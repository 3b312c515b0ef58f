//! `Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): the first answer to a
//! key is kept for 24 hours and given again, unchanged, to a retry with the same key and the
//! same request (`Idempotent-Replayed: true`); the same key with another request is refused
//! (422), and a retry while the first is still running waits for nothing (409). An answer of 5xx
//! is not kept, so the retry runs again. Keys are per token.

use super::caller::Caller;
use super::problem::{ApiError, CONTENT_TYPE};
use crate::db::{col, now_secs, Db, OrDb};
use crate::http::MAX_BODY_BYTES;
use crate::{sha256_hex, AppState};
use app::error::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const KEEP_SECS: i64 = 24 * 3600;
/// Kept answers are JSON, small; a larger one is answered but not kept.
const MAX_KEPT_BYTES: usize = 1024 * 1024;

enum Begun {
    /// The first request with this key: run it.
    First,
    Replay(u16, String),
    Running,
    OtherRequest,
}

async fn begin(db: &Db, token: i64, key: &str, hash: &str) -> Result<Begun, AppError> {
    let now = now_secs();
    sqlx::query("DELETE FROM api_idempotency WHERE token_id = $1 AND created_at < $2").bind(token).bind(now - KEEP_SECS).execute(&db.pool).await.or_db()?;
    let inserted = sqlx::query("INSERT INTO api_idempotency (token_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (token_id, key) DO NOTHING")
        .bind(token)
        .bind(key)
        .bind(hash)
        .bind(now)
        .execute(&db.pool)
        .await
        .or_db()?;
    if inserted.rows_affected() == 1 {
        return Ok(Begun::First);
    }
    let row = sqlx::query("SELECT request_hash, status, body FROM api_idempotency WHERE token_id = $1 AND key = $2").bind(token).bind(key).fetch_optional(&db.pool).await.or_db()?;
    // Gone in between (a 5xx was forgotten): the caller may simply retry.
    let Some(row) = row else { return Ok(Begun::Running) };
    if col::<String>(&row, "request_hash")? != hash {
        return Ok(Begun::OtherRequest);
    }
    Ok(match col::<Option<i64>>(&row, "status")? {
        Some(status) => Begun::Replay(status as u16, col(&row, "body")?),
        None => Begun::Running,
    })
}

async fn finish(db: &Db, token: i64, key: &str, kept: Option<(u16, &str)>) -> Result<(), AppError> {
    let q = match kept {
        Some((status, body)) => sqlx::query("UPDATE api_idempotency SET status = $1, body = $2 WHERE token_id = $3 AND key = $4").bind(i64::from(status)).bind(body.to_string()),
        None => sqlx::query("DELETE FROM api_idempotency WHERE token_id = $1 AND key = $2"),
    };
    q.bind(token).bind(key.to_string()).execute(&db.pool).await.or_db()?;
    Ok(())
}

fn refuse(e: AppError) -> Response {
    ApiError(e).into_response()
}

/// What makes two requests the same: method, path and query, and the body. A file upload is
/// not read twice: its length stands for it.
async fn fingerprint(req: Request) -> Result<(String, Request), Response> {
    let (parts, body) = req.into_parts();
    let head = format!("{} {}", parts.method, parts.uri);
    let multipart = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/"));
    if multipart {
        let length = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        return Ok((sha256_hex(&format!("{head}\n{length}")), Request::from_parts(parts, body)));
    }
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| refuse(AppError::TooLarge))?;
    let hash = sha256_hex(&format!("{head}\n{}", String::from_utf8_lossy(&bytes)));
    Ok((hash, Request::from_parts(parts, Body::from(bytes))))
}

pub async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (Method::POST, Some(key), Some(caller)) = (req.method().clone(), req.headers().get("idempotency-key").cloned(), req.extensions().get::<Caller>().cloned()) else {
        return next.run(req).await;
    };
    let key = match key.to_str() {
        Ok(k) if (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()) => k.to_string(),
        _ => return refuse(AppError::BadRequest("Idempotency-Key: 1 to 255 visible ASCII characters".into())),
    };
    let token = caller.token.id;
    let (hash, req) = match fingerprint(req).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    match begin(&state.db, token, &key, &hash).await {
        Ok(Begun::First) => {}
        Ok(Begun::Replay(status, body)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let content_type = if status.is_success() { "application/json" } else { CONTENT_TYPE };
            let mut res = (status, body).into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            res.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            return res;
        }
        Ok(Begun::Running) => return refuse(AppError::Conflict("a request with this Idempotency-Key is still being answered; retry in a moment".into())),
        Ok(Begun::OtherRequest) => return refuse(AppError::invalid("idempotency_key", "used_for_another_request")),
        Err(e) => return refuse(e),
    }
    let res = next.run(req).await;
    let (parts, body) = res.into_parts();
    let bytes = match to_bytes(body, MAX_KEPT_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            let _ = finish(&state.db, token, &key, None).await;
            return refuse(AppError::Internal);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let kept = (!parts.status.is_server_error()).then(|| (parts.status.as_u16(), text.as_ref()));
    if let Err(e) = finish(&state.db, token, &key, kept).await {
        tracing::warn!(error = %e, "an idempotent answer was not kept");
    }
    Response::from_parts(parts, Body::from(bytes))
}
