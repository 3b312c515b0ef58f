//! The firm's branding: its name, logo (PNG or JPEG) and main colour, set by an admin at
//! `/staff/settings` and used on every page, mail and PDF. A colour is refused when white text
//! on it, or it on the page background, would fall below WCAG AA contrast (4.5:1).

pub mod pages;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brand {
    pub name: String,
    /// `#rrggbb`; `None`: the portal's own.
    pub colour: Option<String>,
    /// The logo's address (`/brand/logo.<hash>.png`), cached for good under that name.
    pub logo: Option<String>,
}

impl Default for Brand {
    fn default() -> Self {
        Self { name: "Portico".into(), colour: None, logo: None }
    }
}

/// The stylesheet of a colour: named after it, so it is cached for good.
pub fn css_path(colour: &str) -> String {
    format!("/brand/colours.{:0>16}.css", colour.trim_start_matches('#'))
}

/// The colour and its darker shade (hover) as CSS custom properties over the portal's own.
pub fn css(colour: &str) -> String {
    let dark = darker(colour);
    format!(":root {{ --brand: {colour}; --brand-dark: {dark}; }}\n")
}

/// Three quarters of each channel: darker still keeps white text readable.
fn darker(colour: &str) -> String {
    let channel = |i: usize| u8::from_str_radix(colour.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    format!("#{:02x}{:02x}{:02x}", channel(1) as u16 * 3 / 4, channel(3) as u16 * 3 / 4, channel(5) as u16 * 3 / 4)
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::Brand;
    use crate::error::AppError;

    #[async_trait::async_trait]
    pub trait BrandService: Send + Sync {
        /// The brand as this instance last read it (every few seconds, and at once after a change here).
        fn current(&self) -> Brand;
        /// Sets the name and colour (empty: the portal's own); returns before and after.
        async fn set(&self, name: &str, colour: &str) -> Result<(Brand, Brand), AppError>;
        /// A PNG or JPEG of at most 512 KiB; `None` removes the logo.
        async fn set_logo(&self, image: Option<&[u8]>) -> Result<Brand, AppError>;
        /// The logo's bytes and type.
        async fn logo(&self) -> Result<Option<(String, Vec<u8>)>, AppError>;
    }
}

#[server(endpoint = "staff/branding")]
pub async fn set_branding(name: String, #[server(default)] colour: String) -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    let (old, new) = services()?.brand.set(&name, &colour).await?;
    if old != new {
        let details = serde_json::json!({ "name": { "from": old.name, "to": new.name }, "colour": { "from": old.colour, "to": new.colour } });
        audit(AuditEntry::success(Action::SettingsUpdated, None, ("settings", String::new(), "Branding".into()), details)).await;
    }
    back_with_notice("branding");
    Ok(())
}

#[server(endpoint = "staff/branding/remove-logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    services()?.brand.set_logo(None).await?;
    audit(AuditEntry::success(Action::SettingsUpdated, None, ("settings", String::new(), "Branding".into()), serde_json::json!({ "logo": "removed" }))).await;
    back_with_notice("branding");
    Ok(())
}
