//! Which language a request is answered in: the person's choice (saved at `/account`), else the
//! one picked on the sign-in page (a cookie), else the browser's `Accept-Language`, else the
//! firm's default. The choice goes into the request's extensions, where pages, server
//! functions, PDFs and CSVs read it (`app::request_locale`).

use crate::AppState;
use app::i18n::Locale;
use app::model::Identity;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// Set by the sign-in page's language switch; only a language tag, nothing about the person.
pub const COOKIE: &str = "portico_lang";

pub async fn choose(state: &AppState, who: Option<&Identity>, headers: &HeaderMap) -> Locale {
    if let Some(locale) = who.and_then(|w| w.locale).or_else(|| from_cookie(headers)).or_else(|| from_browser(headers)) {
        return locale;
    }
    state.services.auth.default_locale().await.unwrap_or(Locale::En)
}

fn from_cookie(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('=').and_then(Locale::from_tag))
}

fn from_browser(headers: &HeaderMap) -> Option<Locale> {
    headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok().and_then(Locale::negotiate)
}

#[derive(Deserialize)]
pub struct Switch {
    lang: String,
    #[serde(default)]
    back: String,
}

/// `GET /language?lang=he&back=/login`: the sign-in page's switch. Remembers the language in a
/// cookie for a year and goes back (to a path of this portal only).
pub async fn switch(State(state): State<AppState>, Query(q): Query<Switch>) -> Response {
    let back = if q.back.starts_with('/') && !q.back.starts_with("//") && !q.back.contains('\\') { q.back.as_str() } else { "/login" };
    let Some(locale) = Locale::from_tag(&q.lang) else {
        return Redirect::to(back).into_response();
    };
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", locale.tag());
    let mut res = Redirect::to(back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_over_the_browser() {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("el-GR,el;q=0.9"));
        assert_eq!(from_browser(&h), Some(Locale::El));
        h.insert(header::COOKIE, HeaderValue::from_static("portico_session=abc; portico_lang=he"));
        assert_eq!(from_cookie(&h), Some(Locale::He));
        h.insert(header::COOKIE, HeaderValue::from_static("portico_lang=xx"));
        assert_eq!(from_cookie(&h), None);
    }
}
