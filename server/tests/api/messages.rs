//! Secure messages: a client asks, staff answer, the trail shows who read what; conversations
//! stay inside the company and inside each person's permissions; files become documents.

use crate::documents::PDF;
use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Posts the message form (`/messages/send`) as a script would (JSON answers).
pub async fn send(app: &TestApp, who: &reqwest::Client, fields: &[(&str, String)], files: Vec<(&str, Vec<u8>)>) -> reqwest::Response {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    who.post(app.url("/messages/send")).header("accept", "application/json").multipart(form).send().await.unwrap()
}

/// Starts a conversation and returns its id.
pub async fn start(app: &TestApp, who: &reqwest::Client, fields: &[(&str, String)], files: Vec<(&str, Vec<u8>)>) -> i64 {
    let res = send(app, who, fields, files).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["conversation_id"].as_i64().unwrap()
}

async fn list(app: &TestApp, who: &reqwest::Client, filter: Value) -> Vec<Value> {
    let res = app.call_json(who, "messages", json!({ "filter": filter })).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone()
}

async fn unread(app: &TestApp, who: &reqwest::Client) -> i64 {
    app.call(who, "portal", &[]).await.json::<Value>().await.unwrap()["unread_messages"].as_i64().unwrap()
}

async fn mails_to(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'message_received' AND to_address LIKE $1").bind(format!("%{email}%")).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn a_client_asks_about_an_invoice_staff_answer_and_the_trail_shows_when_it_was_read() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let invoice = app.id_of_invoice("INV-2026-0131").await;
    let fields = [("subject", "Is the discount in?".to_string()), ("invoice_id", invoice.to_string()), ("body", "Hello, was the 5% discount applied?".into())];
    let id = start(&app, &ana, &fields, vec![]).await;
    let mine = list(&app, &ana, json!({})).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["about"], json!({ "kind": "invoice", "id": invoice, "label": "INV-2026-0131" }));
    assert_eq!((mine[0]["status"].as_str(), mine[0]["unread"].as_bool()), (Some("open"), Some(false)), "her own message is not unread to her");
    // The firm: nobody has it yet, so every staff member who is not in the portal hears of it.
    assert_eq!(mails_to(&app, ADMIN).await, 1);
    assert_eq!(mails_to(&app, ANA).await, 0);
    let sam = app.signed_in(SAM).await;
    assert_eq!(unread(&app, &sam).await, 1);
    let theirs = list(&app, &sam, json!({ "status": "open" })).await;
    assert!(theirs.iter().any(|c| c["id"] == id && c["unread"] == true && c["client_name"].as_str().unwrap().starts_with("Northwind")));
    let res = send(&app, &sam, &[("conversation_id", id.to_string()), ("body", "Yes, it is on line 2.".into())], vec![]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(unread(&app, &sam).await, 0, "answered: read");
    // Ana was in the portal a moment ago: no mail, the count in her navigation says it.
    assert_eq!(mails_to(&app, ANA).await, 0);
    assert_eq!(unread(&app, &ana).await, 1);
    let c: Value = app.call(&ana, "conversation", &[("id", &id.to_string())]).await.json().await.unwrap();
    let messages = c["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[1]["from_staff"].as_bool(), messages[1]["body"].as_str()), (Some(true), Some("Yes, it is on line 2.")));
    assert_eq!(c["summary"]["status"], "waiting", "the firm answered: waiting for the client");
    assert_eq!(unread(&app, &ana).await, 0);
    // Opening it again reads nothing new.
    app.call(&ana, "conversation", &[("id", &id.to_string())]).await;
    app.flush_audit().await;
    let sent = app.actions_where("target_type = 'conversation' AND target_id = $1", &id.to_string()).await;
    assert_eq!(sent, vec!["message.sent", "message.sent", "message.read"], "who wrote and when the client read the answer");
    let (kind, email, ..) = app.last_event("message.read").await.unwrap();
    assert_eq!((kind.as_str(), email.as_str()), ("client", ANA));
}

#[tokio::test]
async fn conversations_stay_inside_the_company_and_inside_each_persons_permissions() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let northwind = client_id(&app, "Northwind").await;
    let document: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE client_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1").bind(northwind).fetch_one(&app.db.pool).await.unwrap();
    let general = start(&app, &ana, &[("subject", "Our new address".into()), ("body", "We moved.".into())], vec![]).await;
    let about_doc = start(&app, &ana, &[("subject", "This contract".into()), ("document_id", document.to_string()), ("body", "Page 3?".into())], vec![]).await;
    // Ben uses billing only: the general conversation, not the one about a document.
    let ben = app.signed_in(BEN).await;
    let ids: Vec<i64> = list(&app, &ben, json!({})).await.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![general]);
    let missing = app.call(&ben, "conversation", &[("id", "999999")]).await;
    let (status, body) = (missing.status(), missing.text().await.unwrap());
    for (who, id) in [(&ben, about_doc), (&app.signed_in(LINA).await, general)] {
        let res = app.call(who, "conversation", &[("id", &id.to_string())]).await;
        assert_eq!((res.status(), res.text().await.unwrap()), (status, body.clone()), "answers exactly like a missing one");
        let res = send(&app, who, &[("conversation_id", id.to_string()), ("body", "me too".into())], vec![]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let lina = app.signed_in(LINA).await;
    assert!(list(&app, &lina, json!({})).await.is_empty(), "another company sees none of them");
    // Nor can anyone start one about another company's invoice or document.
    let theirs = app.id_of_invoice("INV-2026-0131").await;
    let res = send(&app, &lina, &[("subject", "x".into()), ("invoice_id", theirs.to_string()), ("body", "x".into())], vec![]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Files become documents: only for someone who may use documents.
    let res = send(&app, &ben, &[("conversation_id", general.to_string()), ("body", "see attached".into())], vec![("receipt.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 2, "nothing of the refused ones was stored");
}

#[tokio::test]
async fn files_sent_with_a_message_become_the_clients_documents_and_a_refused_one_leaves_nothing() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let id = start(&app, &ana, &[("subject", "Signed NDA".into()), ("body", "Here it is.".into())], vec![("nda-signed.pdf", PDF.to_vec())]).await;
    let c: Value = app.call(&ana, "conversation", &[("id", &id.to_string())]).await.json().await.unwrap();
    let attachment = &c["messages"][0]["attachments"][0];
    assert_eq!(attachment["title"], "nda-signed.pdf");
    let doc = attachment["document_id"].as_i64().unwrap();
    let folder: String = sqlx::query_scalar("SELECT folder FROM documents WHERE id = $1").bind(doc).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(folder, "From client");
    // She downloads it like any document of hers (on S3, through a presigned redirect).
    let res = app.get(&ana, &format!("/documents/{doc}/download")).await;
    match res.status() {
        StatusCode::OK => assert_eq!(res.bytes().await.unwrap().as_ref(), PDF),
        status => assert_eq!(status, StatusCode::SEE_OTHER),
    }

    let counts = || async {
        let q = |t: &'static str| sqlx::query_scalar::<_, i64>(t).fetch_one(&app.db.pool);
        (q("SELECT COUNT(*) FROM conversations").await.unwrap(), q("SELECT COUNT(*) FROM messages").await.unwrap(), q("SELECT COUNT(*) FROM documents").await.unwrap())
    };
    let before = counts().await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00this program cannot be run in DOS mode".to_vec();
    let fields = [("subject", "Two files".to_string()), ("body", "One good, one not.".into())];
    let res = send(&app, &ana, &fields, vec![("ok.pdf", PDF.to_vec()), ("tool.pdf", exe)]).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(counts().await, before, "no conversation, message or document half-made");
    // An empty message is refused with a clear error, not stored.
    let res = send(&app, &ana, &[("conversation_id", id.to_string()), ("body", "   ".into())], vec![]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(counts().await, before);
}

#[tokio::test]
async fn staff_filter_assign_search_close_and_reopen() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let lina = app.signed_in(LINA).await;
    let a = start(&app, &ana, &[("subject", "W-2 correction".into()), ("body", "My middle initial is wrong on the W-2.".into())], vec![]).await;
    let b = start(&app, &lina, &[("subject", "Hello".into()), ("body", "Just saying hello.".into())], vec![]).await;
    let sam = app.signed_in(SAM).await;
    let admin_id = app.user_id(ADMIN).await;
    let res = app.call(&sam, "staff/conversation/assign", &[("id", &a.to_string()), ("assignee", &admin_id.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ids = |items: Vec<Value>| items.iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(list(&app, &sam, json!({ "assignee": admin_id })).await), vec![a]);
    assert_eq!(ids(list(&app, &sam, json!({ "assignee": 0 })).await), vec![b]);
    assert_eq!(ids(list(&app, &sam, json!({ "client_id": client_id(&app, "Baltic").await })).await), vec![b]);
    assert_eq!(ids(list(&app, &sam, json!({ "q": "middle INITIAL" })).await), vec![a], "words in a message");
    // A client's new message now goes to the assignee only.
    let before = mails_to(&app, ADMIN).await;
    send(&app, &ana, &[("conversation_id", a.to_string()), ("body", "Any news?".into())], vec![]).await;
    assert_eq!(mails_to(&app, ADMIN).await, before + 1);
    // Someone who is not staff cannot be given a conversation.
    let res = app.call(&sam, "staff/conversation/assign", &[("id", &a.to_string()), ("assignee", &app.user_id(ANA).await.to_string())]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.call(&sam, "staff/conversation/close", &[("id", &a.to_string()), ("closed", "true")]).await;
    assert_eq!(ids(list(&app, &sam, json!({ "status": "closed" })).await), vec![a]);
    assert_eq!(ids(list(&app, &ana, json!({ "status": "closed" })).await), vec![a], "the client sees it closed");
    app.call(&sam, "staff/conversation/close", &[("id", &a.to_string()), ("closed", "false")]).await;
    assert_eq!(ids(list(&app, &sam, json!({ "status": "closed" })).await), Vec::<i64>::new());
    app.flush_audit().await;
    let trail = app.actions_where("target_type = 'conversation' AND target_id = $1", &a.to_string()).await;
    let staff_actions: Vec<&str> = trail.iter().map(String::as_str).filter(|a| a.starts_with("message.conversation")).collect();
    assert_eq!(staff_actions, vec!["message.conversation_assigned", "message.conversation_closed", "message.conversation_reopened"]);
}

#[tokio::test]
async fn a_long_conversation_list_comes_in_pages_that_miss_nothing() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let ana = app.user_id(ANA).await;
    let total = 2 * app::messages::model::CONVERSATION_PAGE_SIZE + 7;
    for n in 0..total {
        sqlx::query("INSERT INTO conversations (client_id, subject, status, started_by, created_at, last_message_at) VALUES ($1, $2, 'open', $3, 0, $4)")
            .bind(northwind)
            .bind(format!("Question {n}"))
            .bind(ana)
            .bind((n % 5) as i64)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let who = app.signed_in(ANA).await;
    let (mut seen, mut after) = (std::collections::HashSet::new(), None::<i64>);
    loop {
        let page: Value = app.call_json(&who, "messages", json!({ "filter": { "after": after } })).await.json().await.unwrap();
        for c in page["items"].as_array().unwrap() {
            assert!(seen.insert(c["id"].as_i64().unwrap()), "{} twice", c["id"]);
        }
        match page["next"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), total);
}
