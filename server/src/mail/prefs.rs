//! Which mails a person gets, and the signed one-click links that turn a kind off without
//! signing in (`List-Unsubscribe`).

use super::{Kind, Mailer};
use crate::db::{Db, OrDb};
use app::error::AppError;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyConnection;

/// SQL that is true when user `u` gets mails of the kind bound at `$kind`: the person's own
/// choice, else the kind's default.
pub fn wants(kind: Kind, param: &str) -> String {
    let default = if kind.default_on() { 1 } else { 0 };
    format!("COALESCE((SELECT p.enabled FROM mail_preferences p WHERE p.user_id = u.id AND p.kind = {param}), {default}) = 1")
}

/// A person's choice for every kind they may be sent (security mails are not a choice).
pub async fn get(db: &Db, user_id: i64) -> Result<Vec<(Kind, bool)>, AppError> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT kind, enabled FROM mail_preferences WHERE user_id = $1").bind(user_id).fetch_all(&db.pool).await.or_db()?;
    Ok(Kind::ALL
        .into_iter()
        .filter(|k| !k.is_security())
        .map(|k| (k, rows.iter().find(|(s, _)| s == k.as_str()).map_or(k.default_on(), |(_, on)| *on != 0)))
        .collect())
}

pub async fn set(conn: &mut AnyConnection, user_id: i64, kind: Kind, on: bool) -> Result<(), AppError> {
    if kind.is_security() {
        return Err(AppError::invalid("kind", "not_allowed"));
    }
    sqlx::query(
        "INSERT INTO mail_preferences (user_id, kind, enabled) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(on as i64)
    .execute(conn)
    .await
    .or_db()?;
    Ok(())
}

/// The key that signs unsubscribe links, made on first start and shared by every instance
/// through the database.
pub async fn link_key(db: &Db) -> Result<[u8; 32], crate::db::DbError> {
    let err = |e: sqlx::Error| crate::db::DbError(format!("cannot read the mail link key: {e}"));
    let mut fresh = [0u8; 32];
    getrandom::getrandom(&mut fresh).map_err(|e| crate::db::DbError(format!("no randomness: {e}")))?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('mail.link_key', $1) ON CONFLICT (key) DO NOTHING").bind(hex::encode(fresh)).execute(&db.pool).await.map_err(err)?;
    let stored = db.setting("mail.link_key").await?.unwrap_or_default();
    let mut key = [0u8; 32];
    hex::decode_to_slice(stored, &mut key).map_err(|_| crate::db::DbError("the stored mail link key is not 64 hex digits".into()))?;
    Ok(key)
}

fn mac(m: &Mailer, user_id: i64, kind: Kind) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&m.key).expect("any key length");
    mac.update(format!("unsubscribe:{user_id}:{}", kind.as_str()).as_bytes());
    mac
}

/// `/unsubscribe?u=…&k=…&t=…`: turns one kind of mail off for one person. The token is the
/// first 16 bytes of an HMAC of both.
pub fn unsubscribe_path(m: &Mailer, user_id: i64, kind: Kind) -> String {
    let token = hex::encode(&mac(m, user_id, kind).finalize().into_bytes()[..16]);
    format!("/unsubscribe?u={user_id}&k={}&t={token}", kind.as_str())
}

/// The person and kind an unsubscribe link names, when its token is right (compared in
/// constant time).
pub fn check_unsubscribe(m: &Mailer, user: &str, kind: &str, token: &str) -> Option<(i64, Kind)> {
    let user_id: i64 = user.parse().ok()?;
    let kind = Kind::parse(kind).filter(|k| !k.is_security())?;
    let token = hex::decode(token).ok().filter(|t| t.len() == 16)?;
    mac(m, user_id, kind).verify_truncated_left(&token).ok()?;
    Some((user_id, kind))
}
