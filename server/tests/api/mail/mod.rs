//! Mail, against a real SMTP server on loopback (aiosmtpd, `server/tests/smtp_sink.py`): what
//! each mail says and to whom, password resets end to end, preferences and unsubscribe links,
//! a mail server outage, permanent refusals, no duplicates across instances and restarts, and
//! the reminder schedule and digest driven by the test's own clock.

use crate::helpers::*;
use reqwest::StatusCode;
use server::mail::{outbox, schedule, send};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use time::OffsetDateTime;

mod reminders;

/// A mail the sink accepted, as `smtp_sink.py` wrote it down.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Delivered {
    pub rcpt_tos: Vec<String>,
    pub headers: std::collections::HashMap<String, String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Delivered {
    pub fn to(&self) -> &str {
        &self.rcpt_tos[0]
    }

    /// The first portal link in the text that starts with `path`.
    pub fn link(&self, path: &str) -> String {
        let start = self.text.find(&format!("http://127.0.0.1{path}")).unwrap_or_else(|| panic!("no {path} link in:\n{}", self.text));
        self.text[start..].split_whitespace().next().unwrap().to_string()
    }
}

pub struct SmtpSink {
    pub port: u16,
    dir: PathBuf,
    child: Child,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A free loopback port (nothing listens on it until a sink is started there).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Self {
        let dir = std::env::temp_dir().join(format!("portico-smtp-{}", uuid::Uuid::new_v4().simple()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let python = std::env::var("PORTICO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let mut child = Command::new(python)
            .args([script, "--dir", dir.to_str().unwrap(), "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (make test installs it)");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
        assert!(line.starts_with("listening on"), "the SMTP sink did not start (is aiosmtpd installed?): {line:?}");
        Self { port, dir, child }
    }

    pub fn delivered(&self) -> Vec<Delivered> {
        let mut files: Vec<_> = std::fs::read_dir(&self.dir).map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect()).unwrap_or_default();
        files.sort();
        files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// The mails delivered to `address`.
    pub fn to(&self, address: &str) -> Vec<Delivered> {
        self.delivered().into_iter().filter(|m| m.rcpt_tos.iter().any(|r| r.eq_ignore_ascii_case(address))).collect()
    }
}

/// The demo portal whose mail goes to `sink`; the test delivers with [`deliver`].
pub async fn mail_app(sink_port: u16) -> TestApp {
    let mut config = server::config::Config::for_tests();
    config.smtp.url = Some(format!("smtp://127.0.0.1:{sink_port}"));
    spawn_with(config).await
}

/// Runs the mail worker once at time `now` (Unix ms); returns how many mails left.
pub async fn deliver_at(app: &TestApp, now: i64) -> usize {
    let t = send::Transport::new(&app.state.config.smtp, app.state.config.outbox_dir.clone()).unwrap();
    send::deliver_due(&app.db, &t, &app.state.mailer.from.email, now).await.expect("deliver")
}

pub async fn deliver(app: &TestApp) -> usize {
    deliver_at(app, outbox::now_ms()).await
}

async fn client_id(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM clients WHERE name LIKE $1").bind(format!("{name}%")).fetch_one(&app.db.pool).await.unwrap()
}

/// The mails queued so far: (kind, to, status).
async fn outbox_rows(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT kind, to_address, status FROM outbox ORDER BY id").fetch_all(&app.db.pool).await.unwrap()
}

/// Creates and issues an invoice for the client, due in `due_in` days; returns its id.
async fn issue_invoice(app: &TestApp, client: i64, number: &str, due_in: i64) -> i64 {
    let sam = app.signed_in(SAM).await;
    let today = OffsetDateTime::now_utc().date();
    let draft = serde_json::json!({
        "client_id": client, "number": number, "issue_date": today.to_string(), "due_date": (today + time::Duration::days(due_in)).to_string(),
        "currency": "EUR", "notes": "",
        "lines": [{ "description": "Bookkeeping", "quantity": "1", "unit_price": "250.00", "tax_rate": "0" }]
    });
    let res = app.call_json(&sam, "staff/invoice/create", serde_json::json!({ "draft": draft })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i64 = res.json().await.unwrap();
    assert_eq!(app.call(&sam, "staff/invoice/issue", &[("id", &id.to_string())]).await.status(), StatusCode::OK);
    id
}

async fn pay(app: &TestApp, invoice: i64, amount: &str) {
    let sam = app.signed_in(SAM).await;
    let today = OffsetDateTime::now_utc().date().to_string();
    let res = app.call(&sam, "staff/invoice/payment", &[("id", &invoice.to_string()), ("amount", amount), ("paid_on", &today), ("method", "Bank transfer")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn an_invitation_mail_carries_a_working_one_time_link() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    let res = app.call(&sam, "people/invite", &[("client_id", &northwind.to_string()), ("name", "Tomas Vale"), ("email", "tomas@northwind.example"), ("billing", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(deliver(&app).await, 1);
    let mails = sink.to("tomas@northwind.example");
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.subject, "Harbor & Pine Accounting invites you to its client portal");
    assert!(m.headers["From"].contains("portal@portico.test"), "{:?}", m.headers);
    assert_eq!(m.headers["Content-Language"], "en");
    assert!(!m.headers.contains_key("List-Unsubscribe"), "security mails carry no unsubscribe link");
    assert!(m.text.contains("Hello Tomas Vale,") && m.text.contains("Northwind Studio LLC"), "{}", m.text);
    assert!(m.html.contains("Set your password"), "{}", m.html);
    let link = m.link("/welcome?token=");
    let token = link.split("token=").nth(1).unwrap();
    let res = app.call(&browser(), "welcome", &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::OK, "the mailed link works");
    // The mail left: its text (which held the link) is no longer kept.
    let kept: Option<String> = sqlx::query_scalar("SELECT message FROM outbox WHERE kind = 'invitation'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(kept, None);
}

/// Waits until the background reset requests have queued `expected` mails (and a moment more,
/// for any that should not have).
async fn settle_resets(app: &TestApp, expected: i64) {
    for _ in 0..250 {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'password_reset'").fetch_one(&app.db.pool).await.unwrap();
        if n >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
}

#[tokio::test]
async fn forgot_password_mails_a_link_that_sets_a_new_password_and_signs_in() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let elsewhere = app.signed_in(ANA).await;
    let res = app.call(&browser(), "password-reset-request", &[("email", "Ana@Northwind.example")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    settle_resets(&app, 1).await;
    assert_eq!(deliver(&app).await, 1);
    let m = sink.to(ANA).pop().expect("a reset mail");
    assert_eq!(m.subject, "Set a new password for Harbor & Pine Accounting's client portal");
    assert!(m.text.contains("30 minutes"));
    let token = m.link("/reset?token=").split("token=").nth(1).unwrap().to_string();
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM password_resets").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(stored, vec![server::sha256_hex(&token)], "only the token's SHA-256 is stored");

    let tab = browser();
    let res = app.call(&tab, "password-reset", &[("token", &token)]).await;
    assert_eq!(res.json::<String>().await.unwrap(), ANA);
    let differ = app.call(&tab, "password-reset/complete", &[("token", &token), ("password", "a new password 1"), ("confirm", "another one 1")]).await;
    assert_eq!(differ.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call(&tab, "password-reset/complete", &[("token", &token), ("password", "a brand new password"), ("confirm", "a brand new password")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<String>().await.unwrap(), "/");
    assert_eq!(app.call(&tab, "dashboard", &[]).await.status(), StatusCode::OK, "signed in");
    assert_eq!(app.call(&elsewhere, "dashboard", &[]).await.status(), StatusCode::UNAUTHORIZED, "every other session ended");
    assert_eq!(app.login(&browser(), ANA, PASSWORD).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "the old password is gone");
    assert_eq!(app.login(&browser(), ANA, "a brand new password").await.status(), StatusCode::OK);
    let again = app.call(&browser(), "password-reset/complete", &[("token", &token), ("password", "yet another password"), ("confirm", "yet another password")]).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "a link works once");
    assert!(app.last_event("auth.reset.requested").await.is_some());
    let (kind, email, ..) = app.last_event("auth.reset.completed").await.expect("audited");
    assert_eq!((kind.as_str(), email.as_str()), ("client", ANA));
}

#[tokio::test]
async fn a_reset_request_answers_alike_for_every_address_and_mails_only_active_people() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    app.call(&sam, "people/invite", &[("client_id", &northwind.to_string()), ("name", "New Person"), ("email", "new@northwind.example")]).await;
    let ben = app.user_id(BEN).await;
    sqlx::query("UPDATE users SET disabled_at = 1 WHERE id = $1").bind(ben).execute(&app.db.pool).await.unwrap();
    let mut answers = Vec::new();
    for email in [LINA, "nobody@nowhere.example", BEN, "new@northwind.example"] {
        let res = app.call(&browser(), "password-reset-request", &[("email", email)]).await;
        answers.push((res.status(), res.text().await.unwrap()));
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    settle_resets(&app, 1).await;
    deliver(&app).await;
    let to: Vec<String> = sink.delivered().iter().filter(|m| m.subject.starts_with("Set a new password")).map(|m| m.to().to_string()).collect();
    assert_eq!(to, vec![LINA.to_string()], "no mail for an unknown address, a disabled person or an invitee without a password");
    // Asking again and again for one address is throttled like sign-ins.
    let statuses: Vec<u16> = futures_util::future::join_all((0..4).map(|_| async { app.call(&browser(), "password-reset-request", &[("email", NOA)]).await.status().as_u16() })).await;
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn invoices_payments_documents_and_requests_mail_the_people_who_use_them() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let northwind = client_id(&app, "Northwind").await;
    let id = issue_invoice(&app, northwind, "INV-MAIL-1", 14).await;
    deliver(&app).await;
    let issued: Vec<Delivered> = sink.delivered().into_iter().filter(|m| m.subject == "New invoice INV-MAIL-1 from Harbor & Pine Accounting").collect();
    let mut to: Vec<&str> = issued.iter().map(Delivered::to).collect();
    to.sort();
    assert_eq!(to, vec![ANA, BEN], "both of Northwind's billing people");
    let m = &issued[0];
    assert!(m.text.contains("Amount due: €250.00"), "{}", m.text);
    assert!(m.link("/invoices/").ends_with(&format!("/invoices/{id}")));
    assert!(m.headers["List-Unsubscribe"].contains("/unsubscribe?u="), "{:?}", m.headers);
    assert_eq!(m.headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    assert!(m.text.contains("/account#mail"));

    pay(&app, id, "100.00").await;
    deliver(&app).await;
    let receipt = sink.to(ANA).into_iter().find(|m| m.subject == "Payment received for invoice INV-MAIL-1").expect("a receipt");
    assert!(receipt.text.contains("Paid: €100.00") && receipt.text.contains("Still due on this invoice: €150.00"), "{}", receipt.text);

    let sam = app.signed_in(SAM).await;
    let res = app.call(&sam, "staff/document-request", &[("client_id", &northwind.to_string()), ("title", "2026 W-2"), ("due_date", "2027-01-31")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    deliver(&app).await;
    let asked: Vec<String> = sink.delivered().iter().filter(|m| m.subject.contains("asks you for a document: 2026 W-2")).map(|m| m.to().to_string()).collect();
    assert_eq!(asked, vec![ANA.to_string()], "only people with documents (Ben has billing only)");
    let form = reqwest::multipart::Form::new()
        .text("client_id", northwind.to_string())
        .text("folder", "Tax forms")
        .part("file", reqwest::multipart::Part::bytes(crate::documents::PDF.to_vec()).file_name("engagement.pdf"));
    let res = sam.post(app.url("/documents/upload")).header("accept", "application/json").multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    deliver(&app).await;
    let shared = sink.to(ANA).into_iter().find(|m| m.subject.starts_with("New document from Harbor & Pine Accounting")).expect("a document mail");
    assert!(shared.link("/documents/").contains("/documents/"));
    assert!(sink.to(BEN).iter().all(|m| !m.subject.contains("document")), "Ben does not use documents");
}

#[tokio::test]
async fn preferences_and_one_click_unsubscribe_are_honoured_and_disabled_people_get_nothing() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let northwind = client_id(&app, "Northwind").await;
    let ana = app.signed_in(ANA).await;
    // Ana keeps only payment receipts of the billing mails.
    let res = app.call(&ana, "account/mail/set", &[("payment_received", "on"), ("document_shared", "on"), ("document_requested", "on"), ("request_reminder", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let prefs: serde_json::Value = app.call(&ana, "account/mail", &[]).await.json().await.unwrap();
    assert_eq!(prefs.as_array().unwrap().iter().find(|p| p["kind"] == "invoice_issued").unwrap()["on"], false);
    assert!(prefs.as_array().unwrap().iter().all(|p| p["kind"] != "staff_digest"), "clients are not offered the staff digest");
    issue_invoice(&app, northwind, "INV-PREF-1", 10).await;
    deliver(&app).await;
    assert!(sink.to(ANA).is_empty(), "Ana turned new-invoice mails off");
    let ben_mail = sink.to(BEN).pop().expect("Ben still gets it");

    // Ben follows the one-click unsubscribe of that mail (no session, as a mail program does).
    let url = ben_mail.headers["List-Unsubscribe"].trim_matches(['<', '>']).replace("http://127.0.0.1", &app.base);
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Stop these mails"), "GET only asks");
    let one_click = reqwest::Client::new().post(&url).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(one_click.status(), StatusCode::OK);
    let forged = reqwest::Client::new().post(url.replace("&t=", "&t=00")).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    issue_invoice(&app, northwind, "INV-PREF-2", 10).await;
    deliver(&app).await;
    assert_eq!(sink.to(BEN).len(), 1, "nothing more after unsubscribing");
    let (kind, ..) = app.last_event("user.mail_preferences").await.expect("audited");
    assert_eq!(kind, "system");

    // A disabled person gets no mail, even one queued before they were disabled.
    let baltic = client_id(&app, "Baltic").await;
    issue_invoice(&app, baltic, "INV-OFF-1", 10).await;
    let lina = app.user_id(LINA).await;
    sqlx::query("UPDATE users SET disabled_at = 1 WHERE id = $1").bind(lina).execute(&app.db.pool).await.unwrap();
    deliver(&app).await;
    assert!(sink.to(LINA).is_empty());
    assert!(outbox_rows(&app).await.iter().any(|(_, to, status)| to == LINA && status == "cancelled"));
}

#[tokio::test]
async fn a_mail_server_outage_loses_nothing_and_refusals_show_on_the_client_page() {
    let port = free_port();
    let app = mail_app(port).await;
    let northwind = client_id(&app, "Northwind").await;
    issue_invoice(&app, northwind, "INV-OUT-1", 10).await;
    let start = outbox::now_ms();
    assert_eq!(deliver_at(&app, start).await, 0, "nothing listens on the port");
    let pending: Vec<(String, i64, Option<String>, i64)> =
        sqlx::query_as("SELECT status, attempts, last_error, next_attempt_at FROM outbox ORDER BY id").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending.iter().all(|(s, a, e, next)| s == "pending" && *a == 1 && e.is_some() && *next == start + send::backoff(1)), "{pending:?}");
    let sam = app.signed_in(SAM).await;
    let shown: serde_json::Value = app.call(&sam, "staff/mail/undelivered", &[("client_id", &northwind.to_string())]).await.json().await.unwrap();
    assert_eq!(shown.as_array().unwrap().len(), 2, "staff see mails being retried");
    // An hour of outage: every retry fails, waiting at most ten minutes between tries.
    let mut now = start;
    for _ in 0..12 {
        now += send::backoff(12);
        assert_eq!(deliver_at(&app, now).await, 0);
    }
    let sink = SmtpSink::start_on(port);
    now += send::backoff(20);
    assert_eq!(deliver_at(&app, now).await, 2, "within ten minutes of the server's return, every mail goes");
    assert_eq!(sink.delivered().len(), 2);
    assert_eq!(deliver_at(&app, now + 3_600_000).await, 0, "and never again");

    // A recipient the server refuses for good (550) is marked failed, for staff to see.
    app.call(&sam, "people/invite", &[("client_id", &northwind.to_string()), ("name", "Gone"), ("email", "bounce@northwind.example")]).await;
    deliver_at(&app, now).await;
    let shown: serde_json::Value = app.call(&sam, "staff/mail/undelivered", &[("client_id", &northwind.to_string())]).await.json().await.unwrap();
    let failed = &shown.as_array().unwrap()[0];
    assert_eq!((failed["status"].as_str(), failed["to_address"].as_str()), (Some("failed"), Some("bounce@northwind.example")));
    assert!(failed["error"].as_str().unwrap().contains("550"), "{failed}");
    let (status, html) = app.page(&sam, &format!("/staff/clients/{northwind}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Mail not delivered") && html.contains("bounce@northwind.example"));
    let client = app.signed_in(ANA).await;
    assert_eq!(app.call(&client, "staff/mail/undelivered", &[("client_id", &northwind.to_string())]).await.status(), StatusCode::FORBIDDEN);
}
