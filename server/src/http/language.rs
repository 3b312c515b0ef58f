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
use cookie::{Cookie, SameSite};
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
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE)
        .and_then(|c| Locale::from_tag(c.value()))
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
    let back = if super::security::same_site_path(&q.back) { q.back.as_str() } else { "/login" };
    let mut res = Redirect::to(back).into_response();
    if let Some(locale) = Locale::from_tag(&q.lang) {
        let cookie = Cookie::build((COOKIE, locale.tag()))
            .path("/")
            .max_age(time::Duration::days(365))
            .same_site(SameSite::Lax)
            .secure(state.config.secure_cookies())
            .build();
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
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
