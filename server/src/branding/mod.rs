//! The firm's branding on the server: read from `settings` at start and every few seconds (so
//! that every instance follows a change), checked when set, and served: the colour as a small
//! stylesheet and the logo under names that change with them (`/brand/{file}`, cached for good).

use crate::db::{Db, OrDb};
use crate::http::error::{require_identity, HttpError};
use crate::AppState;
use app::branding::{css, css_path, Brand};
use app::error::AppError;
use app::model::{Identity, Role};
use async_trait::async_trait;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use base64::Engine;
use palette::color_difference::Wcag21RelativeContrast;
use palette::Srgb;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The largest logo taken.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// WCAG 2.1 AA for normal text.
const MIN_CONTRAST: f32 = 4.5;
/// Where the colour is used: white text on it (the header, buttons), and it as text on white
/// and on the page background (`--bg` in style/main.css).
const BACKGROUNDS: [&str; 2] = ["#ffffff", "#f6f7f9"];

/// `#rrggbb` (the `#` may be left out), lower-cased, dark enough for AA on every background it
/// meets.
pub fn check_colour(colour: &str) -> Result<Option<String>, AppError> {
    let colour = colour.trim().trim_start_matches('#').to_ascii_lowercase();
    if colour.is_empty() {
        return Ok(None);
    }
    let parse = |hex: &str| -> Option<Srgb<f32>> {
        (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
            let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            Srgb::new(c(0), c(2), c(4)).into_format()
        })
    };
    let rgb = parse(&colour).ok_or_else(|| AppError::invalid("colour", "invalid_colour"))?;
    let readable = BACKGROUNDS.iter().filter_map(|b| parse(b.trim_start_matches('#'))).all(|bg| rgb.relative_contrast(bg) >= MIN_CONTRAST);
    if !readable {
        return Err(AppError::invalid("colour", "low_contrast"));
    }
    Ok(Some(format!("#{colour}")))
}

pub struct SqlBrand {
    db: Db,
    current: RwLock<Brand>,
}

/// The brand from `settings`, in one query (it is read every few seconds on each instance).
async fn read(db: &Db) -> Result<Brand, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings WHERE key IN ('firm_name', 'brand_colour', 'brand_logo_type', 'brand_logo_hash')")
        .fetch_all(&db.pool)
        .await
        .or_db()?;
    let get = |key: &str| rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let logo = match (get("brand_logo_type"), get("brand_logo_hash")) {
        (Some(kind), Some(hash)) => Some(format!("/brand/logo.{hash}.{}", if kind == "image/png" { "png" } else { "jpg" })),
        _ => None,
    };
    Ok(Brand { name: get("firm_name").unwrap_or_else(|| Brand::default().name), colour: get("brand_colour").filter(|c| !c.is_empty()), logo })
}

async fn put(conn: &mut sqlx::AnyConnection, key: &str, value: Option<&str>) -> Result<(), AppError> {
    match value {
        Some(v) => sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value").bind(key).bind(v.to_string()),
        None => sqlx::query("DELETE FROM settings WHERE key = $1").bind(key),
    }
    .execute(conn)
    .await
    .or_db()?;
    Ok(())
}

impl SqlBrand {
    /// The brand as stored, kept fresh every few seconds (another instance may change it).
    pub async fn start(db: Db) -> Result<Arc<Self>, AppError> {
        let brand = Arc::new(Self { current: RwLock::new(read(&db).await?), db });
        let weak = Arc::downgrade(&brand);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                let Some(brand) = weak.upgrade() else { return };
                brand.reload().await;
            }
        });
        Ok(brand)
    }

    async fn reload(&self) {
        match read(&self.db).await {
            Ok(b) => *self.current.write().unwrap_or_else(|e| e.into_inner()) = b,
            Err(e) => tracing::warn!(error = %e, "branding not read; keeping the last"),
        }
    }
}

#[async_trait]
impl app::services::BrandService for SqlBrand {
    fn current(&self) -> Brand {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    async fn set(&self, name: &str, colour: &str) -> Result<(Brand, Brand), AppError> {
        let name = crate::auth::users::check_name("name", name)?;
        let colour = check_colour(colour)?;
        let before = self.current();
        let mut tx = self.db.begin_write().await.or_db()?;
        put(&mut tx, "firm_name", Some(&name)).await?;
        put(&mut tx, "brand_colour", colour.as_deref()).await?;
        tx.commit().await.or_db()?;
        self.reload().await;
        Ok((before, self.current()))
    }

    async fn set_logo(&self, image: Option<&[u8]>) -> Result<Brand, AppError> {
        let mut tx = self.db.begin_write().await.or_db()?;
        match image {
            Some(bytes) => {
                if bytes.len() > MAX_LOGO_BYTES {
                    return Err(AppError::TooLarge);
                }
                let kind = infer::get(bytes).map(|t| t.mime_type()).filter(|m| matches!(*m, "image/png" | "image/jpeg")).ok_or(AppError::UnsupportedType)?;
                put(&mut tx, "brand_logo", Some(&base64::engine::general_purpose::STANDARD.encode(bytes))).await?;
                put(&mut tx, "brand_logo_type", Some(kind)).await?;
                put(&mut tx, "brand_logo_hash", Some(&crate::sha256_hex(&hex::encode(bytes))[..16])).await?;
            }
            None => {
                for key in ["brand_logo", "brand_logo_type", "brand_logo_hash"] {
                    put(&mut tx, key, None).await?;
                }
            }
        }
        tx.commit().await.or_db()?;
        self.reload().await;
        Ok(self.current())
    }

    async fn logo(&self) -> Result<Option<(String, Vec<u8>)>, AppError> {
        let (Some(kind), Some(data)) = (self.db.setting("brand_logo_type").await.map_err(|_| AppError::Unavailable)?, self.db.setting("brand_logo").await.map_err(|_| AppError::Unavailable)?) else {
            return Ok(None);
        };
        let bytes = base64::engine::general_purpose::STANDARD.decode(data).map_err(|_| AppError::Internal)?;
        Ok(Some((kind, bytes)))
    }
}

/// `GET /brand/{file}`: the colour's stylesheet or the logo, under the names the pages use.
pub async fn file(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, HttpError> {
    let brand = state.services.brand.current();
    if let Some(colour) = brand.colour.filter(|c| css_path(c).ends_with(&format!("/{file}"))) {
        return Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css(&colour)).into_response());
    }
    if brand.logo.is_some_and(|l| l.ends_with(&format!("/{file}"))) {
        if let Some((kind, bytes)) = state.services.brand.logo().await? {
            return Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response());
        }
    }
    Err(HttpError(AppError::NotFound))
}

/// `POST /staff/settings/logo` (admins): the settings page's logo form.
pub async fn upload_logo(State(state): State<AppState>, identity: Option<Extension<Identity>>, meta: crate::audit::RequestMeta, mut form: Multipart) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    if who.role != Role::Admin {
        return Err(HttpError(AppError::Forbidden));
    }
    let mut image = None;
    while let Some(field) = form.next_field().await.map_err(crate::documents::upload::multipart_err)? {
        if field.name() == Some("logo") {
            image = Some(field.bytes().await.map_err(crate::documents::upload::multipart_err)?);
        }
    }
    let image = image.filter(|i| !i.is_empty()).ok_or(HttpError(AppError::invalid("logo", "required")))?;
    match state.services.brand.set_logo(Some(&image)).await {
        Ok(brand) => {
            let entry = app::services::AuditEntry::success(app::services::Action::SettingsUpdated, None, ("settings", String::new(), "Branding".into()), serde_json::json!({ "logo": brand.logo }));
            state.services.audit.record(meta.event(Some(&who), entry)).await;
            Ok(Redirect::to("/staff/settings?done=branding#branding").into_response())
        }
        Err(AppError::TooLarge | AppError::UnsupportedType) => Ok(Redirect::to("/staff/settings?logo_error=1#branding").into_response()),
        Err(e) => Err(HttpError(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_must_be_dark_enough_for_white_text_and_on_the_page() {
        assert_eq!(check_colour("#1F4E79").unwrap().as_deref(), Some("#1f4e79"));
        assert_eq!(check_colour("1f4e79").unwrap().as_deref(), Some("#1f4e79"));
        assert_eq!(check_colour("").unwrap(), None);
        // Yellow and a mid grey fail; black passes.
        assert_eq!(check_colour("#ffd700"), Err(AppError::invalid("colour", "low_contrast")));
        assert_eq!(check_colour("#808080"), Err(AppError::invalid("colour", "low_contrast")));
        assert!(check_colour("#000000").is_ok());
        assert_eq!(check_colour("#12345"), Err(AppError::invalid("colour", "invalid_colour")));
        assert_eq!(check_colour("red"), Err(AppError::invalid("colour", "invalid_colour")));
    }
}
