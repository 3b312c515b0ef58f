//! `/unsubscribe?u=…&k=…&t=…`, the link at the foot of every mail that is not about security.
//! GET asks to confirm (link scanners follow links; they must not unsubscribe anyone); POST,
//! from that page or from a mail program's one-click button (RFC 8058), turns the kind off.
//! No sign-in is needed: the link's HMAC names the person and the kind.

use super::text::{fill, text, T};
use super::{prefs, Kind};
use crate::http::error::HttpError;
use crate::AppState;
use app::services::{Action, AuditEntry, AuditEvent};
use app::i18n::Locale;
use axum::extract::{Query, State};
use axum::Extension;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Link {
    #[serde(default)]
    u: String,
    #[serde(default)]
    k: String,
    #[serde(default)]
    t: String,
}

/// What the mails of `kind` are called on the account page.
fn label(locale: Locale, kind: Kind) -> &'static str {
    locale.text(app::mail::pages::kind_label(kind.as_str()))
}

fn page(state: &AppState, locale: Locale, status: StatusCode, title: T, body: String) -> Response {
    let e = |s: &str| html_escape::encode_text(s).into_owned();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{title} · {firm}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main id=\"main\" class=\"login\"><div class=\"login-card\"><p class=\"brand brand-large\">{firm}</p><h1>{title}</h1>{body}</div></main></body></html>",
        lang = locale.tag(),
        dir = locale.dir(),
        title = e(&text(locale, title)),
        firm = e(&state.mailer.firm_name()),
        css = app::shell::asset(&crate::http::leptos_options(&state.config), "portico.css"),
    );
    (status, Html(html)).into_response()
}

fn escaped(locale: Locale, key: T, args: &[(&str, &str)]) -> String {
    html_escape::encode_text(&fill(locale, key, args)).into_owned()
}

fn invalid(state: &AppState, l: Locale) -> Response {
    let body = format!(
        "<p>{}</p><p><a class=\"button primary\" href=\"/account#mail\">{}</a></p>",
        escaped(l, T::LinkInvalidBody, &[]),
        escaped(l, T::MailChoices, &[])
    );
    page(state, l, StatusCode::NOT_FOUND, T::LinkInvalidTitle, body)
}

pub async fn confirm(State(state): State<AppState>, Extension(l): Extension<Locale>, Query(link): Query<Link>) -> Response {
    let Some((_, kind)) = prefs::check_unsubscribe(&state.mailer, &link.u, &link.k, &link.t) else { return invalid(&state, l) };
    let a = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let body = format!(
        "<p>{question}</p>\
         <form method=\"post\" action=\"/unsubscribe?u={u}&amp;k={k}&amp;t={t}\" class=\"form\"><button type=\"submit\" class=\"button primary\">{button}</button></form>\
         <p><a href=\"/account#mail\">{all}</a></p>",
        question = escaped(l, T::UnsubscribeQuestion, &[("what", label(l, kind))]),
        button = escaped(l, T::UnsubscribeTitle, &[]),
        all = escaped(l, T::UnsubscribeAll, &[]),
        u = a(&link.u),
        k = a(&link.k),
        t = a(&link.t)
    );
    page(&state, l, StatusCode::OK, T::UnsubscribeTitle, body)
}

pub async fn unsubscribe(State(state): State<AppState>, Extension(l): Extension<Locale>, Query(link): Query<Link>) -> Result<Response, HttpError> {
    let Some((user_id, kind)) = prefs::check_unsubscribe(&state.mailer, &link.u, &link.k, &link.t) else { return Ok(invalid(&state, l)) };
    let Some(who) = state.services.auth.identity(user_id).await? else { return Ok(invalid(&state, l)) };
    // The person's own language, even when the link is opened in another browser.
    let l = who.locale.unwrap_or(l);
    // A link followed twice changes nothing the second time, and records nothing.
    if state.services.mail.set_preference(user_id, kind.as_str(), false).await? {
        let details = serde_json::json!({ kind.as_str(): false, "via": "unsubscribe link" });
        let entry = AuditEntry::success(Action::UserMailPreferences, who.client_id, ("user", user_id.to_string(), who.name), details).by_system();
        state.services.audit.record(AuditEvent { actor: None, entry, source_ip: String::new(), user_agent: String::new(), request_id: String::new() }).await;
    }
    let body = format!(
        "<p>{}</p><p><a href=\"/account#mail\">{}</a></p>",
        escaped(l, T::UnsubscribedBody, &[("what", label(l, kind))]),
        escaped(l, T::MailChoices, &[])
    );
    Ok(page(&state, l, StatusCode::OK, T::UnsubscribedTitle, body))
}
