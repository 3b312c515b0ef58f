//! The access matrix: every page, server function and plain route the router answers, asked by
//! each kind of visitor, with the answer each must get. The list of routes comes from the
//! router itself: a route missing here (or listed here but gone) fails the test, so a new route
//! cannot ship without someone deciding who may use it.

use crate::helpers::*;
use reqwest::Client;
use serde_json::json;
use server::config::Config;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

/// Who asks, in the order of every row's answers.
const WHO: [&str; 7] = ["anonymous", "client A billing only", "client A documents only", "client A admin", "client B", "staff", "admin"];
const DORA: &str = "dora@northwind.example";

enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
    /// A multipart form without a file.
    Upload,
}

struct Case {
    method: &'static str,
    /// The route as the router lists it.
    route: &'static str,
    path: String,
    body: Body,
    expect: [u16; 7],
}

fn case(method: &'static str, route: &'static str, path: impl Into<String>, body: Body, expect: [u16; 7]) -> Case {
    Case { method, route, path: path.into(), body, expect }
}

/// A form for a server function.
fn form(pairs: &[(&'static str, &str)]) -> Body {
    Body::Form(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
}

struct Ids {
    client_a: String,
    invoice_a: String,
    draft_a: String,
    document_a: String,
    /// About nothing in particular: every person of client A may read it.
    conversation_a: String,
}

/// An invoice draft with every field empty (refused as invalid once the caller may make one).
fn empty_draft(client: &str) -> serde_json::Value {
    json!({ "client_id": client.parse::<i64>().unwrap(), "number": "", "issue_date": "", "due_date": "", "currency": "", "notes": "", "lines": [] })
}

fn cases(ids: &Ids) -> Vec<Case> {
    let Ids { client_a: a, invoice_a: inv, draft_a: draft, document_a: doc, conversation_a: conv } = ids;
    // Pages: anonymous visitors go to sign in (303), staff away from client pages (303), client
    // users away from nothing: a section they may not use answers 403, an item in it 404.
    const CLIENT_PAGE: [u16; 7] = [303, 200, 403, 200, 200, 303, 303];
    const BILLING_ITEM: [u16; 7] = [303, 200, 404, 200, 404, 303, 303];
    const DOCS_PAGE: [u16; 7] = [303, 403, 200, 200, 200, 303, 303];
    const DOCS_ITEM: [u16; 7] = [303, 404, 200, 200, 404, 303, 303];
    const ADMIN_PAGE: [u16; 7] = [303, 403, 403, 200, 403, 303, 303];
    const STAFF_PAGE: [u16; 7] = [303, 403, 403, 403, 403, 200, 200];
    const SIGNED_IN: [u16; 7] = [303, 200, 200, 200, 200, 200, 200];
    const ANY_CLIENT_PAGE: [u16; 7] = [303, 200, 200, 200, 200, 303, 303];
    // Server functions: 401 without a session, 403 outside the caller's part of the portal.
    const BILLING_FN: [u16; 7] = [401, 200, 403, 200, 200, 403, 403];
    const BILLING_ITEM_FN: [u16; 7] = [401, 200, 404, 200, 404, 403, 403];
    const DOCS_FN: [u16; 7] = [401, 403, 200, 200, 200, 403, 403];
    const DOCS_ITEM_FN: [u16; 7] = [401, 404, 200, 200, 404, 403, 403];
    const COMPANY_ADMIN_FN: [u16; 7] = [401, 403, 403, 200, 403, 403, 403];
    const STAFF_FN: [u16; 7] = [401, 403, 403, 403, 403, 200, 200];
    const STAFF_422: [u16; 7] = [401, 403, 403, 403, 403, 422, 422];
    const STAFF_404: [u16; 7] = [401, 403, 403, 403, 403, 404, 404];
    const ADMIN_FN: [u16; 7] = [401, 403, 403, 403, 403, 403, 200];
    const OWN_ACCOUNT_422: [u16; 7] = [401, 422, 422, 422, 422, 422, 422];
    const ANYONE: [u16; 7] = [200; 7];
    // People: staff of any client, a client admin of their own company.
    const PEOPLE_404: [u16; 7] = [401, 403, 403, 404, 403, 404, 404];
    let missing = "999999";
    vec![
        // Pages.
        case("GET", "/login", "/login", Body::None, [200, 303, 303, 303, 303, 303, 303]),
        case("GET", "/welcome", "/welcome?token=0000", Body::None, ANYONE),
        case("GET", "/forgot", "/forgot", Body::None, [200, 303, 303, 303, 303, 303, 303]),
        case("GET", "/reset", "/reset?token=0000", Body::None, ANYONE),
        case("GET", "/", "/", Body::None, [303, 200, 303, 200, 200, 303, 303]),
        case("GET", "/invoices", "/invoices", Body::None, CLIENT_PAGE),
        case("GET", "/invoices/{id}", format!("/invoices/{inv}"), Body::None, BILLING_ITEM),
        case("GET", "/statement", "/statement", Body::None, CLIENT_PAGE),
        case("GET", "/documents", "/documents", Body::None, DOCS_PAGE),
        case("GET", "/documents/{id}", format!("/documents/{doc}"), Body::None, DOCS_ITEM),
        case("GET", "/activity", "/activity", Body::None, ADMIN_PAGE),
        case("GET", "/team", "/team", Body::None, ADMIN_PAGE),
        case("GET", "/company", "/company", Body::None, ADMIN_PAGE),
        case("GET", "/staff/changes", "/staff/changes", Body::None, STAFF_PAGE),
        // A survey is its person's own: any other id answers like a missing one.
        case("GET", "/survey/{id}", format!("/survey/{missing}"), Body::None, [303, 404, 404, 404, 404, 303, 303]),
        case("GET", "/account", "/account", Body::None, SIGNED_IN),
        case("GET", "/two-step", "/two-step", Body::None, [303; 7]),
        case("GET", "/staff", "/staff", Body::None, STAFF_PAGE),
        case("GET", "/staff/clients", "/staff/clients", Body::None, STAFF_PAGE),
        case("GET", "/staff/clients/{id}", format!("/staff/clients/{a}"), Body::None, STAFF_PAGE),
        case("GET", "/staff/documents/{id}", format!("/staff/documents/{doc}"), Body::None, STAFF_PAGE),
        case("GET", "/staff/invoices", "/staff/invoices", Body::None, STAFF_PAGE),
        case("GET", "/staff/invoices/new", "/staff/invoices/new", Body::None, STAFF_PAGE),
        case("GET", "/staff/invoices/{id}", format!("/staff/invoices/{inv}"), Body::None, STAFF_PAGE),
        case("GET", "/staff/invoices/{id}/edit", format!("/staff/invoices/{draft}/edit"), Body::None, STAFF_PAGE),
        case("GET", "/staff/aging", "/staff/aging", Body::None, STAFF_PAGE),
        case("GET", "/staff/audit", "/staff/audit", Body::None, STAFF_PAGE),
        case("GET", "/staff/engagement", "/staff/engagement", Body::None, STAFF_PAGE),
        case("GET", "/staff/settings", "/staff/settings", Body::None, [303, 403, 403, 403, 403, 403, 200]),
        case("GET", "/staff/import", "/staff/import", Body::None, STAFF_PAGE),
        // Messages: every client person has their company's; a conversation they may not see is missing.
        case("GET", "/messages", "/messages", Body::None, ANY_CLIENT_PAGE),
        case("GET", "/messages/new", "/messages/new", Body::None, ANY_CLIENT_PAGE),
        case("GET", "/messages/{id}", format!("/messages/{conv}"), Body::None, [303, 200, 200, 200, 404, 303, 303]),
        case("GET", "/staff/messages", "/staff/messages", Body::None, STAFF_PAGE),
        case("GET", "/staff/messages/{id}", format!("/staff/messages/{conv}"), Body::None, STAFF_PAGE),
        // Signing in and the person's own account (wrong or missing input after the checks).
        case("POST", "/api/login", "/api/login", form(&[("email", "someone@example.com"), ("password", "")]), [422; 7]),
        case("POST", "/api/portal", "/api/portal", form(&[]), ANYONE),
        case("POST", "/api/account/profile", "/api/account/profile", form(&[("name", "")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/password", "/api/account/password", form(&[("current_password", "wrong"), ("new_password", "x")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/2fa/start", "/api/account/2fa/start", form(&[("password", "wrong")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/2fa/enable", "/api/account/2fa/enable", form(&[("code", "1")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/2fa/disable", "/api/account/2fa/disable", form(&[("password", "wrong")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/2fa/recovery-codes", "/api/account/2fa/recovery-codes", form(&[("password", "wrong")]), OWN_ACCOUNT_422),
        case("POST", "/api/account/sessions", "/api/account/sessions", form(&[]), [401, 200, 200, 200, 200, 200, 200]),
        case("POST", "/api/account/sessions/end", "/api/account/sessions/end", form(&[("handle", "none")]), [401, 404, 404, 404, 404, 404, 404]),
        case("POST", "/api/welcome", "/api/welcome", form(&[("token", "0000")]), [404; 7]),
        case("POST", "/api/password-reset-request", "/api/password-reset-request", form(&[("email", "not an address")]), [422; 7]),
        case("POST", "/api/password-reset", "/api/password-reset", form(&[("token", "0000")]), [404; 7]),
        case("POST", "/api/password-reset/complete", "/api/password-reset/complete", form(&[("token", "0000"), ("password", "a long password"), ("confirm", "a long password")]), [404; 7]),
        case("POST", "/api/account/mail", "/api/account/mail", form(&[]), [401, 200, 200, 200, 200, 200, 200]),
        case("POST", "/api/account/mail/set", "/api/account/mail/set", form(&[("payment_received", "on")]), [401, 200, 200, 200, 200, 200, 200]),
        case("POST", "/api/welcome/accept", "/api/welcome/accept", form(&[("token", "0000"), ("password", "a long password"), ("confirm", "a long password")]), [404; 7]),
        // A client's billing, documents and company activity.
        case("POST", "/api/dashboard", "/api/dashboard", form(&[]), BILLING_FN),
        case("POST", "/api/invoices", "/api/invoices", Body::Json(json!({ "filter": {} })), BILLING_FN),
        case("POST", "/api/invoice", "/api/invoice", form(&[("id", inv)]), BILLING_ITEM_FN),
        case("POST", "/api/statement", "/api/statement", form(&[("from", ""), ("to", "")]), BILLING_FN),
        case("POST", "/api/documents", "/api/documents", Body::Json(json!({ "filter": {} })), DOCS_FN),
        case("POST", "/api/document", "/api/document", form(&[("id", doc)]), DOCS_ITEM_FN),
        case("POST", "/api/document-requests", "/api/document-requests", form(&[]), DOCS_FN),
        case("POST", "/api/activity", "/api/activity", Body::Json(json!({ "filter": {} })), COMPANY_ADMIN_FN),
        case("POST", "/api/activity/users", "/api/activity/users", form(&[]), COMPANY_ADMIN_FN),
        case("POST", "/api/messages", "/api/messages", Body::Json(json!({ "filter": {} })), [401, 200, 200, 200, 200, 200, 200]),
        // The company's details: its client admin asks for changes, staff decide.
        case("POST", "/api/company", "/api/company", form(&[]), COMPANY_ADMIN_FN),
        case("POST", "/api/company/propose", "/api/company/propose", form(&[("phone", "call me")]), [401, 403, 403, 422, 403, 403, 403]),
        case("POST", "/api/survey", "/api/survey", form(&[("id", missing)]), [401, 404, 404, 404, 404, 403, 403]),
        case("POST", "/api/survey/answer", "/api/survey/answer", form(&[("id", missing), ("score", "3")]), [401, 404, 404, 404, 404, 403, 403]),
        case("POST", "/api/changes", "/api/changes", form(&[]), [401, 403, 403, 200, 403, 200, 200]),
        case("POST", "/api/staff/change/decide", "/api/staff/change/decide", form(&[("id", missing), ("decision", "approve")]), STAFF_404),
        case("POST", "/api/conversation", "/api/conversation", form(&[("id", conv)]), [401, 200, 200, 200, 404, 200, 200]),
        // People: staff for any client, a client admin for their own company.
        case("POST", "/api/people", "/api/people", form(&[("client_id", a)]), [401, 403, 403, 200, 403, 200, 200]),
        case("POST", "/api/people/invite", "/api/people/invite", form(&[("client_id", a), ("name", ""), ("email", "x")]), [401, 403, 403, 422, 403, 422, 422]),
        case("POST", "/api/people/reinvite", "/api/people/reinvite", form(&[("client_id", a), ("user_id", missing)]), PEOPLE_404),
        case("POST", "/api/people/disabled", "/api/people/disabled", form(&[("client_id", a), ("user_id", missing), ("disabled", "true")]), PEOPLE_404),
        case("POST", "/api/people/permissions", "/api/people/permissions", form(&[("client_id", a), ("user_id", missing)]), PEOPLE_404),
        case("POST", "/api/people/reset-2fa", "/api/people/reset-2fa", form(&[("client_id", a), ("user_id", missing)]), STAFF_404),
        // The staff area.
        case("POST", "/api/staff/dashboard", "/api/staff/dashboard", form(&[]), STAFF_FN),
        case("POST", "/api/staff/clients", "/api/staff/clients", form(&[]), STAFF_FN),
        case("POST", "/api/staff/client-choices", "/api/staff/client-choices", form(&[]), STAFF_FN),
        case("POST", "/api/staff/client", "/api/staff/client", form(&[("id", a)]), STAFF_FN),
        case("POST", "/api/staff/client/create", "/api/staff/client/create", form(&[("name", "")]), STAFF_422),
        case("POST", "/api/staff/client/update", "/api/staff/client/update", form(&[("id", a), ("name", "")]), STAFF_422),
        case("POST", "/api/staff/client-users", "/api/staff/client-users", form(&[("client_id", a)]), STAFF_FN),
        case("POST", "/api/staff/activity", "/api/staff/activity", Body::Json(json!({ "filter": {} })), STAFF_FN),
        case("POST", "/api/staff/engagement", "/api/staff/engagement", Body::Json(json!({ "pages": {} })), STAFF_FN),
        case("POST", "/api/staff/aging", "/api/staff/aging", form(&[]), STAFF_FN),
        case("POST", "/api/staff/invoices", "/api/staff/invoices", Body::Json(json!({ "filter": {} })), STAFF_FN),
        case("POST", "/api/staff/invoice", "/api/staff/invoice", form(&[("id", inv)]), STAFF_FN),
        case("POST", "/api/staff/invoice/create", "/api/staff/invoice/create", Body::Json(json!({ "draft": empty_draft(a) })), STAFF_422),
        case("POST", "/api/staff/invoice/update", "/api/staff/invoice/update", Body::Json(json!({ "id": 999999, "draft": empty_draft(a) })), STAFF_422),
        case("POST", "/api/staff/invoice/issue", "/api/staff/invoice/issue", form(&[("id", missing)]), STAFF_404),
        case("POST", "/api/staff/invoice/void", "/api/staff/invoice/void", form(&[("id", missing), ("reason", "x")]), STAFF_404),
        case("POST", "/api/staff/invoice/payment", "/api/staff/invoice/payment", form(&[("id", missing), ("amount", "1"), ("paid_on", "2026-01-01"), ("method", "x")]), STAFF_404),
        case("POST", "/api/staff/documents", "/api/staff/documents", form(&[("client_id", a)]), STAFF_FN),
        case("POST", "/api/staff/document", "/api/staff/document", form(&[("id", doc)]), STAFF_FN),
        case("POST", "/api/staff/document/delete", "/api/staff/document/delete", form(&[("id", missing), ("deleted", "true")]), STAFF_404),
        case("POST", "/api/staff/document-request", "/api/staff/document-request", form(&[("client_id", a), ("title", "")]), STAFF_422),
        case("POST", "/api/staff/settings", "/api/staff/settings", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/settings/two-factor", "/api/staff/settings/two-factor", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/settings/language", "/api/staff/settings/language", form(&[("language", "xx")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/settings/reminders", "/api/staff/settings/reminders", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/settings/surveys", "/api/staff/settings/surveys", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/api-tokens", "/api/staff/api-tokens", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/webhooks", "/api/staff/webhooks", form(&[]), ADMIN_FN),
        case("POST", "/api/staff/imports", "/api/staff/imports", form(&[]), STAFF_FN),
        case("POST", "/api/staff/branding", "/api/staff/branding", form(&[("name", "")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/branding/remove-logo", "/api/staff/branding/remove-logo", form(&[]), ADMIN_FN),
        case("POST", "/staff/settings/logo", "/staff/settings/logo", Body::Upload, [401, 403, 403, 403, 403, 403, 422]),
        // No colour or logo is set: nothing to serve (the name changes with them).
        case("GET", "/brand/{file}", "/brand/colours.00000000001f4e79.css", Body::None, [404; 7]),
        // A form without a file: refused once the caller may import.
        case("POST", "/staff/import", "/staff/import", Body::Upload, [401, 403, 403, 403, 403, 422, 422]),
        case("POST", "/api/staff/webhooks/register", "/api/staff/webhooks/register", form(&[("url", "ftp://x")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/webhooks/disable", "/api/staff/webhooks/disable", form(&[("id", missing)]), [401, 403, 403, 403, 403, 403, 404]),
        // A token with no access at all is refused once the caller may make one.
        case("POST", "/api/staff/api-tokens/create", "/api/staff/api-tokens/create", form(&[("name", "x")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/api-tokens/revoke", "/api/staff/api-tokens/revoke", form(&[("id", missing)]), [401, 403, 403, 403, 403, 403, 404]),
        case("POST", "/api/staff/settings/surveys/set", "/api/staff/settings/surveys/set", form(&[("every_days", "x")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/settings/reminders/set", "/api/staff/settings/reminders/set", form(&[("invoice", "soon"), ("request", "")]), [401, 403, 403, 403, 403, 403, 422]),
        case("POST", "/api/staff/mail/undelivered", "/api/staff/mail/undelivered", form(&[("client_id", a)]), STAFF_FN),
        case("POST", "/api/staff/assignees", "/api/staff/assignees", form(&[]), STAFF_FN),
        case("POST", "/api/staff/conversation/assign", "/api/staff/conversation/assign", form(&[("id", missing), ("assignee", "0")]), STAFF_404),
        case("POST", "/api/staff/conversation/close", "/api/staff/conversation/close", form(&[("id", missing), ("closed", "true")]), STAFF_404),
        case("POST", "/api/staff/invoices/reminders", "/api/staff/invoices/reminders", form(&[("invoice_id", inv)]), STAFF_FN),
        // Plain routes.
        case("GET", "/invoices/{id}/pdf", format!("/invoices/{inv}/pdf"), Body::None, [401, 200, 404, 200, 404, 200, 200]),
        case("GET", "/statement/pdf", format!("/statement/pdf?client={a}"), Body::None, [401, 200, 403, 200, 200, 200, 200]),
        case("GET", "/statement/csv", format!("/statement/csv?client={a}"), Body::None, [401, 200, 403, 200, 200, 200, 200]),
        case("GET", "/documents/{id}/download", format!("/documents/{doc}/download"), Body::None, [401, 404, 200, 200, 404, 200, 200]),
        case("GET", "/documents/{id}/preview", format!("/documents/{doc}/preview"), Body::None, [401, 404, 200, 200, 404, 200, 200]),
        case("POST", "/documents/upload", "/documents/upload", Body::Upload, [401, 403, 422, 422, 422, 422, 422]),
        // A new conversation with no subject; staff answer in conversations, they do not start them.
        case("POST", "/messages/send", "/messages/send", Body::Upload, [401, 422, 422, 422, 422, 403, 403]),
        case("GET", "/staff/dashboard/{file}", "/staff/dashboard/clients.csv", Body::None, [401, 403, 403, 403, 403, 200, 200]),
        case("GET", "/staff/audit/export.csv", "/staff/audit/export.csv", Body::None, [401, 403, 403, 403, 403, 200, 200]),
        case("POST", "/webhooks/payments", "/webhooks/payments", Body::Json(json!({})), [400; 7]),
        case("GET", "/unsubscribe", "/unsubscribe?u=1&k=invoice_issued&t=00", Body::None, [404; 7]),
        case("POST", "/unsubscribe", "/unsubscribe?u=1&k=invoice_issued&t=00", Body::None, [404; 7]),
        // The site's files are public (the test's site root holds these two).
        case("GET", "/pkg/{*file}", "/pkg/portico.css", Body::None, ANYONE),
        case("GET", "/favicon.svg", "/favicon.svg", Body::None, ANYONE),
        case("GET", "/i18n/{file}", format!("/i18n/he.{}.txt", app::i18n::browser_texts(app::i18n::Locale::He).1), Body::None, ANYONE),
        case("GET", "/language", "/language?lang=he&back=/login", Body::None, [303; 7]),
        case("GET", "/healthz", "/healthz", Body::None, ANYONE),
        case("GET", "/readyz", "/readyz", Body::None, ANYONE),
        // Only the scraper's token opens the metrics, never a session, not even an admin's.
        case("GET", "/metrics", "/metrics", Body::None, [401; 7]),
        // The REST API takes an API token only, never a session (tests/api/rest.rs has the
        // tokens); its description is public.
        case("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", Body::None, ANYONE),
        case("GET", "/api/v1/docs", "/api/v1/docs", Body::None, ANYONE),
        case("GET", "/api/v1/clients", "/api/v1/clients", Body::None, [401; 7]),
        case("POST", "/api/v1/clients", "/api/v1/clients", Body::Json(json!({ "name": "x" })), [401; 7]),
        case("GET", "/api/v1/clients/{id}", format!("/api/v1/clients/{a}"), Body::None, [401; 7]),
        case("PUT", "/api/v1/clients/{id}", format!("/api/v1/clients/{a}"), Body::Json(json!({ "name": "x" })), [401; 7]),
        case("GET", "/api/v1/clients/{id}/people", format!("/api/v1/clients/{a}/people"), Body::None, [401; 7]),
        case("POST", "/api/v1/clients/{id}/people", format!("/api/v1/clients/{a}/people"), Body::Json(json!({})), [401; 7]),
        case("PATCH", "/api/v1/clients/{id}/people/{person_id}", format!("/api/v1/clients/{a}/people/1"), Body::Json(json!({})), [401; 7]),
        case("GET", "/api/v1/clients/{id}/documents", format!("/api/v1/clients/{a}/documents"), Body::None, [401; 7]),
        case("GET", "/api/v1/clients/{id}/requests", format!("/api/v1/clients/{a}/requests"), Body::None, [401; 7]),
        case("POST", "/api/v1/clients/{id}/requests", format!("/api/v1/clients/{a}/requests"), Body::Json(json!({})), [401; 7]),
        case("GET", "/api/v1/invoices", "/api/v1/invoices", Body::None, [401; 7]),
        case("POST", "/api/v1/invoices", "/api/v1/invoices", Body::Json(empty_draft(a)), [401; 7]),
        case("GET", "/api/v1/invoices/{id}", format!("/api/v1/invoices/{inv}"), Body::None, [401; 7]),
        case("PUT", "/api/v1/invoices/{id}", format!("/api/v1/invoices/{draft}"), Body::Json(empty_draft(a)), [401; 7]),
        case("POST", "/api/v1/invoices/{id}/issue", format!("/api/v1/invoices/{draft}/issue"), Body::None, [401; 7]),
        case("POST", "/api/v1/invoices/{id}/void", format!("/api/v1/invoices/{inv}/void"), Body::Json(json!({ "reason": "x" })), [401; 7]),
        case("POST", "/api/v1/invoices/{id}/payments", format!("/api/v1/invoices/{inv}/payments"), Body::Json(json!({})), [401; 7]),
        case("GET", "/api/v1/documents/{id}", format!("/api/v1/documents/{doc}"), Body::None, [401; 7]),
        case("GET", "/api/v1/documents/{id}/download", format!("/api/v1/documents/{doc}/download"), Body::None, [401; 7]),
        case("POST", "/api/v1/documents", "/api/v1/documents", Body::Upload, [401; 7]),
        case("GET", "/api/v1/audit/events", "/api/v1/audit/events", Body::None, [401; 7]),
        // Signing out last: it ends each visitor's session.
        case("POST", "/api/logout", "/api/logout", form(&[]), ANYONE),
    ]
}

/// Every request from its own address (through a trusted proxy), so that the matrix's many
/// deliberate failures do not throttle one another.
static NEXT_ADDRESS: AtomicU32 = AtomicU32::new(1);

async fn ask(app: &TestApp, who: &Client, c: &Case) -> u16 {
    let n = NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed);
    let url = app.url(&c.path);
    let req = match c.method {
        "GET" => who.get(url),
        "PUT" => who.put(url),
        "PATCH" => who.patch(url),
        _ => who.post(url),
    }
    .header("accept", "application/json")
    .header("x-forwarded-for", format!("198.51.{}.{}", n / 250, n % 250 + 1));
    let req = match &c.body {
        Body::None => req,
        Body::Form(pairs) => req.form(pairs),
        Body::Json(v) => req.json(v),
        Body::Upload => req.multipart(reqwest::multipart::Form::new().text("title", "nothing")),
    };
    req.send().await.expect("request").status().as_u16()
}

#[tokio::test]
async fn every_route_answers_each_kind_of_visitor_as_decided() {
    // Downloads stream through on S3 too (instead of a redirect), so both stores answer alike.
    let site = std::env::temp_dir().join(format!("portico-matrix-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/portico.css"), "body {}").unwrap();
    std::fs::write(site.join("favicon.svg"), "<svg/>").unwrap();
    let config = Config {
        trusted_proxies: server::config::parse_networks("127.0.0.1").unwrap(),
        s3_stream: true,
        site_root: site.to_string_lossy().into_owned(),
        ..Config::for_tests()
    };
    let app = spawn_with(config).await;
    let northwind = client_id(&app, "Northwind").await;
    // Client A's person who has documents only.
    let mut conn = app.db.pool.acquire().await.unwrap();
    let user = server::auth::users::NewUser {
        email: DORA.into(),
        name: "Dora Documents".into(),
        role: app::model::Role::Client,
        client_id: Some(northwind),
        password: Some(server::auth::password::Password::new(PASSWORD)),
    };
    let dora = server::auth::users::create_user(&mut conn, user).await.unwrap();
    sqlx::query("UPDATE users SET can_billing = 0 WHERE id = $1").bind(dora).execute(&mut *conn).await.unwrap();
    drop(conn);
    let document: i64 = sqlx::query_scalar("SELECT d.id FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.client_id = $1 AND v.content_type = 'application/pdf' ORDER BY d.id LIMIT 1")
        .bind(northwind)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let ids = Ids {
        client_a: northwind.to_string(),
        invoice_a: app.id_of_invoice("INV-2026-0131").await.to_string(),
        draft_a: app.id_of_invoice("INV-2026-0180").await.to_string(),
        document_a: document.to_string(),
        conversation_a: crate::messages::start(&app, &app.signed_in(ANA).await, &[("subject", "Hello".into()), ("body", "A question".into())], vec![]).await.to_string(),
    };
    let mut visitors = vec![browser()];
    for email in [BEN, DORA, ANA, LINA, SAM, ADMIN] {
        visitors.push(app.signed_in(email).await);
    }

    let cases = cases(&ids);
    // The matrix and the router list the same routes.
    let listed: BTreeSet<(String, String)> = server::http::route_table(&app.state).into_iter().map(|(m, p)| (m.to_string(), p)).collect();
    let decided: BTreeSet<(String, String)> = cases.iter().map(|c| (c.method.to_string(), c.route.to_string())).collect();
    let undecided: Vec<_> = listed.difference(&decided).collect();
    assert!(undecided.is_empty(), "routes with no access decision in the matrix: {undecided:?}");
    let gone: Vec<_> = decided.difference(&listed).collect();
    assert!(gone.is_empty(), "the matrix lists routes the router no longer has: {gone:?}");

    let mut wrong = Vec::new();
    for c in &cases {
        for (i, who) in visitors.iter().enumerate() {
            let got = ask(&app, who, c).await;
            if got != c.expect[i] {
                wrong.push(format!("{} {} as {}: expected {}, got {got}", c.method, c.path, WHO[i], c.expect[i]));
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ from the matrix:\n{}", wrong.len(), wrong.join("\n"));
}
