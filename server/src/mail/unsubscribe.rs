//! `/unsubscribe?u=…&k=…&t=…`, the link at the foot of every mail that is not about security.
//! GET asks to confirm (link scanners follow links; they must not unsubscribe anyone); POST,
//! from that page or from a mail program's one-click button (RFC 8058), turns the kind off.
//! No sign-in is needed: the link's HMAC names the person and the kind.

use super::{prefs, Kind};
use crate::http::error::HttpError;
use crate::AppState;
use app::services::{Action, AuditEntry, AuditEvent};
use axum::extract::{Query, State};
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

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::InvoiceIssued => "new invoices",
        Kind::PaymentReceived => "payment receipts",
        Kind::InvoiceReminder => "payment reminders",
        Kind::DocumentShared => "new documents",
        Kind::DocumentRequested => "document requests",
        Kind::RequestReminder => "reminders about requested documents",
        Kind::StaffDigest => "the daily digest",
        Kind::Invitation | Kind::PasswordReset => "security mails",
    }
}

fn page(state: &AppState, status: StatusCode, title: &str, body: String) -> Response {
    let e = |s: &str| html_escape::encode_text(s).into_owned();
    let html = format!(
        "<!doctype html><html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{title} · {firm}</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main id=\"main\" class=\"login\"><div class=\"login-card\"><p class=\"brand brand-large\">{firm}</p><h1>{title}</h1>{body}</div></main></body></html>",
        title = e(title),
        firm = e(&state.mailer.firm_name),
        css = app::shell::asset(&crate::http::leptos_options(&state.config), "portico.css"),
    );
    (status, Html(html)).into_response()
}

fn invalid(state: &AppState) -> Response {
    page(state, StatusCode::NOT_FOUND, "This link does not work", "<p>Choose which mails you get on your account page instead.</p><p><a class=\"button primary\" href=\"/account#mail\">Mail choices</a></p>".into())
}

pub async fn confirm(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    let Some((_, kind)) = prefs::check_unsubscribe(&state.mailer, &link.u, &link.k, &link.t) else { return invalid(&state) };
    let a = |s: &str| html_escape::encode_double_quoted_attribute(s).into_owned();
    let body = format!(
        "<p>Stop sending you mails about {what}? Security mails, such as password reset links, still go.</p>\
         <form method=\"post\" action=\"/unsubscribe?u={u}&amp;k={k}&amp;t={t}\" class=\"form\"><button type=\"submit\" class=\"button primary\">Stop these mails</button></form>\
         <p><a href=\"/account#mail\">Choose all your mails instead</a></p>",
        what = label(kind),
        u = a(&link.u),
        k = a(&link.k),
        t = a(&link.t)
    );
    page(&state, StatusCode::OK, "Stop these mails", body)
}

pub async fn unsubscribe(State(state): State<AppState>, Query(link): Query<Link>) -> Result<Response, HttpError> {
    let Some((user_id, kind)) = prefs::check_unsubscribe(&state.mailer, &link.u, &link.k, &link.t) else { return Ok(invalid(&state)) };
    let Some(who) = state.services.auth.identity(user_id).await? else { return Ok(invalid(&state)) };
    // A link followed twice changes nothing the second time, and records nothing.
    if state.services.mail.set_preference(user_id, kind.as_str(), false).await? {
        let details = serde_json::json!({ kind.as_str(): false, "via": "unsubscribe link" });
        let entry = AuditEntry::success(Action::UserMailPreferences, who.client_id, ("user", user_id.to_string(), who.name), details).by_system();
        state.services.audit.record(AuditEvent { actor: None, entry, source_ip: String::new(), user_agent: String::new(), request_id: String::new() }).await;
    }
    let body = format!("<p>We will not send you mails about {} any more. You can turn them on again on your account page.</p><p><a href=\"/account#mail\">Mail choices</a></p>", label(kind));
    Ok(page(&state, StatusCode::OK, "You will get no more of these mails", body))
}
