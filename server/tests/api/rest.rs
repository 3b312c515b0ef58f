//! The REST API (`/api/v1`): tokens and their scopes, a token limited to one client, revocation,
//! problems, idempotency, the rate limit, documents both ways, and every call in the trail with
//! the token as its actor.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::api::tokens;
use server::config::Config;

/// A token made as `portico api-token create` makes it, acting for the demo admin.
async fn token(app: &TestApp, scopes: &[&str], client: Option<i64>) -> String {
    let admin = app.user_id(ADMIN).await;
    let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
    tokens::create(&app.db, "Books sync", &scopes, client, admin).await.expect("token").1
}

struct Api<'a> {
    app: &'a TestApp,
    http: Client,
    token: String,
}

impl<'a> Api<'a> {
    fn new(app: &'a TestApp, token: String) -> Self {
        Self { app, http: Client::new(), token }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>, key: Option<&str>) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut req = self.http.request(method, self.app.url(&format!("/api/v1{path}"))).bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        if let Some(key) = key {
            req = req.header("idempotency-key", key);
        }
        let res = req.send().await.expect("api");
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (s, _, v) = self.send(reqwest::Method::GET, path, None, None).await;
        (s, v)
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (s, _, v) = self.send(reqwest::Method::POST, path, Some(body), None).await;
        (s, v)
    }
}

fn draft(client: i64, number: &str) -> Value {
    json!({ "client_id": client, "number": number, "issue_date": "2026-12-01", "due_date": "2026-12-31", "currency": "USD",
            "lines": [{ "description": "Bookkeeping, November", "quantity": "2", "unit_price": "150.00", "tax_rate": "10" }] })
}

#[tokio::test]
async fn a_write_token_drafts_issues_and_records_a_payment_and_the_trail_names_the_token() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let api = Api::new(&app, token(&app, &["invoices:write", "audit:read"], None).await);

    let (status, inv) = api.post("/invoices", draft(northwind, "API-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    assert_eq!((inv["status"].as_str(), inv["total"]["minor"].as_i64()), (Some("draft"), Some(33_000)));
    let id = inv["id"].as_i64().unwrap();
    let (status, inv) = api.post(&format!("/invoices/{id}/issue"), json!(null)).await;
    assert_eq!((status, inv["status"].as_str()), (StatusCode::OK, Some("open")));
    let (status, inv) = api.post(&format!("/invoices/{id}/payments"), json!({ "amount": "100.00", "paid_on": "2026-12-03", "method": "bank transfer" })).await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    assert_eq!((inv["status"].as_str(), inv["amount_due"]["decimal"].as_str()), (Some("partially_paid"), Some("230.00")));
    let (status, inv) = api.post(&format!("/invoices/{id}/payments"), json!({ "amount": "20.00", "paid_on": "2026-12-04", "method": "bank transfer", "refund": true })).await;
    assert_eq!((status, inv["amount_due"]["decimal"].as_str()), (StatusCode::CREATED, Some("250.00")));

    // The client sees it, as issued by the firm; the trail names the token, not the admin.
    let ana = app.signed_in(ANA).await;
    assert!(app.page(&ana, &format!("/invoices/{id}")).await.1.contains("API-0001"));
    let (kind, email, client, label, outcome, details) = app.last_event("payment.refunded").await.expect("refund recorded");
    assert_eq!((kind.as_str(), client, label.as_str(), outcome.as_str()), ("api_token", Some(northwind), "API-0001", "success"));
    assert!(email.starts_with("api-token-"), "{email}");
    assert_eq!(details["amount"], "20.00");
    // Every call is in the trail, with what was asked and answered; and readable through the API.
    let (status, events) = api.get("/audit/events?action=api.called").await;
    assert_eq!(status, StatusCode::OK);
    let calls: Vec<String> = events["items"].as_array().unwrap().iter().map(|e| serde_json::from_str::<Value>(e["details"].as_str().unwrap()).unwrap()["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(calls.first().map(String::as_str), Some(&*format!("/api/v1/invoices/{id}/payments")), "{calls:?}");
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert!(events["items"].as_array().unwrap().iter().all(|e| e["actor_kind"] == "api_token" && e["actor_name"] == "Books sync"));
}

#[tokio::test]
async fn a_read_token_cannot_write_and_scopes_stay_in_their_area() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let api = Api::new(&app, token(&app, &["invoices:read"], None).await);
    let (status, list) = api.get(&format!("/invoices?client_id={northwind}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(list["items"].as_array().unwrap().iter().all(|i| i["client_id"] == northwind) && !list["items"].as_array().unwrap().is_empty());

    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&app.db.pool).await.unwrap();
    let (status, problem) = api.post("/invoices", draft(northwind, "API-0002")).await;
    assert_eq!((status, problem["status"].as_i64()), (StatusCode::FORBIDDEN, Some(403)));
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(before, after, "a refused call changes nothing");
    for path in ["/clients", "/audit/events", &format!("/clients/{northwind}/documents")] {
        assert_eq!(api.get(path).await.0, StatusCode::FORBIDDEN, "{path}");
    }
    let (_, _, _, _, outcome, details) = app.last_event("api.called").await.unwrap();
    assert_eq!((outcome.as_str(), details["status"].as_i64()), ("denied", Some(403)));
}

#[tokio::test]
async fn a_token_for_one_client_finds_nothing_of_another() {
    let app = spawn_app().await;
    let (northwind, baltic) = (client_id(&app, "Northwind").await, client_id(&app, "Baltic").await);
    let api = Api::new(&app, token(&app, &["invoices:write", "clients:read", "documents:read", "audit:read"], Some(northwind)).await);
    let theirs = app.id_of_invoice("INV-2026-0166").await;
    let (status, missing) = api.get("/invoices/99999999").await;
    let (status2, other) = api.get(&format!("/invoices/{theirs}")).await;
    assert_eq!((status, status2), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(missing, other, "another client's invoice answers exactly like a missing one");
    assert_eq!(api.get(&format!("/clients/{baltic}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/clients/{baltic}/documents")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/invoices?client_id={baltic}")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.post(&format!("/invoices/{theirs}/void"), json!({ "reason": "x" })).await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.post("/invoices", draft(baltic, "API-0003")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // Lists hold its own client only.
    let (_, all) = api.get("/invoices").await;
    assert!(all["items"].as_array().unwrap().iter().all(|i| i["client_id"] == northwind));
    let (_, clients) = api.get("/clients").await;
    assert_eq!(clients["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>(), vec![northwind]);
    let (_, events) = api.get("/audit/events").await;
    assert!(events["items"].as_array().unwrap().iter().all(|e| e["client_id"] == northwind));
    // A document of another client is not downloadable either.
    let doc: i64 = sqlx::query_scalar("SELECT MIN(id) FROM documents WHERE client_id = $1").bind(baltic).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(api.get(&format!("/documents/{doc}/download")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn revoked_tokens_unknown_tokens_and_a_disabled_admin_get_nothing() {
    let app = spawn_app().await;
    let secret = token(&app, &["clients:read"], None).await;
    let api = Api::new(&app, secret.clone());
    assert_eq!(api.get("/clients").await.0, StatusCode::OK);
    let row = tokens::list(&app.db).await.unwrap().remove(0);
    assert!(row.last_used_at.is_some(), "its last use is shown");
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE id = $1").bind(row.id).fetch_one(&app.db.pool).await.unwrap();
    assert_ne!(stored, secret, "only a hash is stored");

    let (status, headers, problem) = Api::new(&app, "ptk_wrong".into()).send(reqwest::Method::GET, "/clients", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(headers["www-authenticate"], "Bearer");
    assert_eq!(problem["title"], "Unauthorized");
    // A session is not a token.
    let sam = app.signed_in(ADMIN).await;
    assert_eq!(app.get(&sam, "/api/v1/clients").await.status(), StatusCode::UNAUTHORIZED);

    tokens::revoke(&app.db, row.id).await.unwrap();
    assert_eq!(api.get("/clients").await.0, StatusCode::UNAUTHORIZED);
    let again = Api::new(&app, token(&app, &["clients:read"], None).await);
    sqlx::query("UPDATE users SET disabled_at = 1 WHERE email = $1").bind(ADMIN).execute(&app.db.pool).await.unwrap();
    assert_eq!(again.get("/clients").await.0, StatusCode::UNAUTHORIZED, "a token stops with the admin it acts for");
}

#[tokio::test]
async fn the_same_idempotency_key_gives_the_first_answer_again_and_creates_once() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let api = Api::new(&app, token(&app, &["invoices:write", "clients:write"], None).await);
    let post = |key: &'static str, body: Value| {
        let api = &api;
        async move { api.send(reqwest::Method::POST, "/invoices", Some(body), Some(key)).await }
    };
    let (s1, h1, first) = post("sync-42", draft(northwind, "API-0004")).await;
    let (s2, h2, again) = post("sync-42", draft(northwind, "API-0004")).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, again);
    assert!(h1.get("idempotent-replayed").is_none());
    assert_eq!(h2["idempotent-replayed"], "true");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE number = 'API-0004'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 1);
    // The same key for another request is refused; a refusal is kept like any answer.
    let (s3, _, problem) = post("sync-42", draft(northwind, "API-0005")).await;
    assert_eq!((s3, problem["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("used_for_another_request")));
    let (s4, _, _) = post("sync-43", draft(northwind, "API-0004")).await;
    let (s5, h5, _) = post("sync-43", draft(northwind, "API-0004")).await;
    assert_eq!((s4, s5, h5["idempotent-replayed"].to_str().unwrap()), (StatusCode::UNPROCESSABLE_ENTITY, StatusCode::UNPROCESSABLE_ENTITY, "true"));
    // Keys belong to their token.
    let other = Api::new(&app, token(&app, &["invoices:write"], None).await);
    let (s6, _, _) = other.send(reqwest::Method::POST, "/invoices", Some(draft(northwind, "API-0006")), Some("sync-42")).await;
    assert_eq!(s6, StatusCode::CREATED);
}

#[tokio::test]
async fn bad_input_is_a_problem_with_every_refused_field() {
    let app = spawn_app().await;
    let api = Api::new(&app, token(&app, &["invoices:write", "clients:write"], None).await);
    let (status, p) = api.post("/invoices", json!({ "client_id": 1, "number": "", "issue_date": "yesterday", "due_date": "", "currency": "XXX", "lines": [] })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for f in ["number", "issue_date", "due_date", "currency"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let res = Client::new().post(app.url("/api/v1/clients")).bearer_auth(&api.token).header("content-type", "application/json").body("{\"name\": ").send().await.unwrap();
    assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::BAD_REQUEST, "application/problem+json"));
    assert_eq!(api.get("/invoices/not-a-number").await.0, StatusCode::NOT_FOUND);
    assert_eq!(api.get("/invoices?status=sideways").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // A NUL in a search (PostgreSQL refuses one in text) is a search without it.
    assert_eq!(api.get("/invoices?q=%00").await.0, StatusCode::OK);
    let (status, p) = api.get("/no/such/route").await;
    assert_eq!((status, p["status"].as_i64()), (StatusCode::NOT_FOUND, Some(404)));
}

#[tokio::test]
async fn each_token_has_its_rate_limit_with_ratelimit_headers() {
    let app = spawn_with(Config { api_rate_limit: 3, ..Config::for_tests() }).await;
    let api = Api::new(&app, token(&app, &["clients:read"], None).await);
    let mut left = Vec::new();
    for _ in 0..3 {
        let (status, headers, _) = api.send(reqwest::Method::GET, "/clients", None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["ratelimit-policy"], "\"token\";q=3;w=60");
        left.push(headers["ratelimit"].to_str().unwrap().to_string());
    }
    assert!(left[0].starts_with("\"token\";r=2;") && left[2].starts_with("\"token\";r=0;"), "{left:?}");
    let (status, headers, problem) = api.send(reqwest::Method::GET, "/clients", None, None).await;
    assert_eq!((status, problem["status"].as_i64()), (StatusCode::TOO_MANY_REQUESTS, Some(429)));
    assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    // Another token has its own.
    let other = Api::new(&app, token(&app, &["clients:read"], None).await);
    assert_eq!(other.get("/clients").await.0, StatusCode::OK);
}

#[tokio::test]
async fn documents_go_up_and_come_down_through_the_api_and_people_are_invited() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let api = Api::new(&app, token(&app, &["documents:write", "clients:write"], None).await);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("client_id", northwind.to_string())
        .text("folder", "Tax forms")
        .text("title", "W-9 2026")
        .part("file", reqwest::multipart::Part::bytes(pdf.clone()).file_name("w9.pdf"));
    let res = api.http.post(app.url("/api/v1/documents")).bearer_auth(&api.token).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let up: Value = res.json().await.unwrap();
    let id = up[0]["id"].as_i64().unwrap();
    let (status, doc) = api.get(&format!("/documents/{id}")).await;
    assert_eq!((status, doc["title"].as_str(), doc["versions"][0]["size_bytes"].as_i64()), (StatusCode::OK, Some("W-9 2026"), Some(pdf.len() as i64)));
    let res = api.http.get(app.url(&format!("/api/v1/documents/{id}/download"))).bearer_auth(&api.token).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    let (kind, ..) = app.last_event("document.downloaded").await.unwrap();
    assert_eq!(kind, "api_token");
    let (status, list) = api.get(&format!("/clients/{northwind}/documents")).await;
    assert!(status == StatusCode::OK && list["items"].as_array().unwrap().iter().any(|d| d["id"] == id));

    let (status, request) = api.post(&format!("/clients/{northwind}/requests"), json!({ "title": "Signed engagement letter", "due_date": "2027-01-15" })).await;
    assert_eq!((status, request["fulfilled"].as_bool()), (StatusCode::CREATED, Some(false)));
    let (status, invite) = api.post(&format!("/clients/{northwind}/people"), json!({ "name": "Dana Books", "email": "dana@northwind.example", "permissions": { "billing": true, "documents": false, "client_admin": false } })).await;
    assert_eq!(status, StatusCode::CREATED, "{invite}");
    assert!(invite["invite_url"].as_str().unwrap().contains("/welcome?token="));
    let person = invite["person_id"].as_i64().unwrap();
    let (status, _, p) = api.send(reqwest::Method::PATCH, &format!("/clients/{northwind}/people/{person}"), Some(json!({ "disabled": true })), None).await;
    assert_eq!((status, p["status"].as_str()), (StatusCode::OK, Some("disabled")));
    let (_, _, _, _, _, details) = app.last_event("user.disabled").await.unwrap();
    assert_eq!(details["user_email"], "dana@northwind.example");
}

#[tokio::test]
async fn an_admin_makes_and_revokes_tokens_at_staff_settings_and_staff_cannot() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    let northwind = client_id(&app, "Northwind").await;
    let res = app.call(&admin, "staff/api-tokens/create", &[("name", "Books sync"), ("invoices", "write"), ("audit_log", "read"), ("client_id", &northwind.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let made: Value = res.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_string();
    assert_eq!(made["token"]["scopes"], json!(["audit:read", "invoices:write"]));
    let (_, _, client, label, _, details) = app.last_event("api.token_created").await.unwrap();
    assert_eq!((client, label.as_str()), (Some(northwind), "Books sync"));
    assert!(!details.to_string().contains(&secret), "the trail never holds the token");

    // The token works, for its client only.
    let api = Api::new(&app, secret);
    let (status, list) = api.get("/invoices").await;
    assert!(status == StatusCode::OK && list["items"].as_array().unwrap().iter().all(|i| i["client_id"] == northwind));
    // The settings page lists it, with its last use, never the token.
    let listed: Value = app.call(&admin, "staff/api-tokens", &[]).await.json().await.unwrap();
    assert_eq!(listed[0]["client_name"], "Northwind Studio LLC");
    assert!(listed[0]["last_used_at"].is_i64());
    assert!(!listed.to_string().contains(&api.token));
    let (status, page) = app.page(&admin, "/staff/settings").await;
    assert!(status == StatusCode::OK && page.contains("Books sync"));

    // The page's plain form: the new token comes back to the settings page once, never again.
    let res = admin.post(app.url("/api/staff/api-tokens/create")).header("accept", "text/html").form(&[("name", "Shown once"), ("clients", "read")]).send().await.unwrap();
    assert!(res.status().is_redirection());
    let cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("portico_new_token=")).expect("the token travels to the page");
    assert!(cookie.contains("Path=/staff/settings") && cookie.contains("HttpOnly") && cookie.contains("Max-Age=120"), "{cookie}");
    let (_, page) = app.page(&admin, "/staff/settings").await;
    let shown = page.split("<code>").nth(1).and_then(|c| c.split("</code>").next()).filter(|c| c.starts_with("ptk_")).expect("the new token is on the page").to_string();
    assert_eq!(Api::new(&app, shown.clone()).get("/clients").await.0, StatusCode::OK);
    let (_, again) = app.page(&admin, "/staff/settings").await;
    assert!(!again.contains(&shown), "shown once");

    let sam = app.signed_in(SAM).await;
    assert_eq!(app.call(&sam, "staff/api-tokens/create", &[("name", "Mine"), ("invoices", "read")]).await.status(), StatusCode::FORBIDDEN);
    let id = made["token"]["id"].as_i64().unwrap().to_string();
    assert_eq!(app.call(&sam, "staff/api-tokens/revoke", &[("id", &id)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&admin, "staff/api-tokens/revoke", &[("id", &id)]).await.status(), StatusCode::OK);
    assert_eq!(api.get("/invoices").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.last_event("api.token_revoked").await.unwrap().3, "Books sync");
}
