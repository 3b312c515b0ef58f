//! What each person of a client may use: billing, documents, company admin. Enforced on the
//! server for every page, server function, download and upload; the navigation shows only what
//! they may use.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

async fn a_document_of(app: &TestApp, client: i64) -> i64 {
    sqlx::query_scalar("SELECT id FROM documents WHERE client_id = $1 ORDER BY id LIMIT 1").bind(client).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn billing_only_sees_invoices_and_never_documents() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    let doc = a_document_of(&app, client_id(&app, "Northwind").await).await;
    let (status, html) = app.page(&ben, "/invoices").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(r#"href="/documents""#), "no Documents in his navigation");
    assert!(html.contains(r#"href="/statement""#));

    let (status, html) = app.page(&ben, "/documents").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the section answers 403 with a clear page");
    assert!(html.contains("You do not have access to this page."));
    assert_eq!(app.get(&ben, &format!("/documents/{doc}")).await.status(), StatusCode::NOT_FOUND, "an item in it answers 404");
    assert_eq!(app.get(&ben, &format!("/documents/{doc}/download")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&ben, &format!("/documents/{doc}/preview")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call_json(&ben, "documents", json!({ "filter": {} })).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&ben, "document", &[("id", &doc.to_string())]).await.status(), StatusCode::NOT_FOUND);
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("a.pdf"));
    assert_eq!(ben.post(app.url("/documents/upload")).multipart(form).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(app.actions_where("action = $1", "document.uploaded").await.len(), 0);
}

#[tokio::test]
async fn documents_only_never_sees_billing() {
    let app = spawn_app().await;
    sqlx::query("UPDATE users SET can_billing = 0 WHERE email = $1").bind(LINA).execute(&app.db.pool).await.unwrap();
    let lina = browser();
    let res = app.login(&lina, LINA, PASSWORD).await;
    assert_eq!(res.json::<String>().await.unwrap(), "/documents", "she starts where she may");
    assert_eq!(location(&app.get(&lina, "/").await), Some("/documents"));
    let (status, html) = app.page(&lina, "/documents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(r#"href="/invoices""#) && !html.contains(r#"href="/statement""#));
    let invoice = app.id_of_invoice("INV-2026-0120").await; // Baltic's own
    assert_eq!(app.page(&lina, "/invoices").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&lina, &format!("/invoices/{invoice}")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&lina, &format!("/invoices/{invoice}/pdf")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&lina, "/statement/pdf").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&lina, "/statement/csv").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&lina, "dashboard", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&lina, "invoice", &[("id", &invoice.to_string())]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_client_admin_manages_their_own_companys_people_at_team() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let (status, html) = app.page(&ana, "/team").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ben Okafor") && html.contains(r#"href="/team""#));
    let ben_id = app.user_id(BEN).await.to_string();

    let ben = app.signed_in(BEN).await;
    assert_eq!(app.call_json(&ben, "documents", json!({ "filter": {} })).await.status(), StatusCode::FORBIDDEN);
    let res = app.call(&ana, "people/permissions", &[("user_id", &ben_id), ("billing", "on"), ("documents", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.call_json(&ben, "documents", json!({ "filter": {} })).await.status(), StatusCode::OK, "at once, in his current session");
    let (kind, actor, _, label, _, details) = app.last_event("user.updated").await.unwrap();
    assert_eq!((kind.as_str(), actor.as_str(), label.as_str()), ("client", ANA, "Ben Okafor"));
    assert_eq!(details["documents"], json!({ "from": false, "to": true }));
    assert!(details.get("billing").is_none(), "only what changed");

    // Never herself, never another company's people, never staff.
    let ana_id = app.user_id(ANA).await.to_string();
    let res = app.call(&ana, "people/permissions", &[("user_id", &ana_id), ("billing", "on")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("not_yourself"));
    assert_eq!(app.call(&ana, "people/disabled", &[("user_id", &ana_id), ("disabled", "true")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let lina_id = app.user_id(LINA).await.to_string();
    let baltic = client_id(&app, "Baltic").await.to_string();
    for args in [vec![("user_id", lina_id.as_str()), ("disabled", "true")], vec![("client_id", baltic.as_str()), ("user_id", lina_id.as_str()), ("disabled", "true")]] {
        assert_eq!(app.call(&ana, "people/disabled", &args).await.status(), StatusCode::NOT_FOUND);
    }
    let sam_id = app.user_id(SAM).await.to_string();
    assert_eq!(app.call(&ana, "people/disabled", &[("user_id", &sam_id), ("disabled", "true")]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.login(&browser(), LINA, PASSWORD).await.status(), StatusCode::OK, "Lina was not touched");

    // She invites a colleague into her own company.
    let res = app.call(&ana, "people/invite", &[("name", "Tomas Vale"), ("email", "tomas@northwind.example"), ("documents", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let client_of_tomas: i64 = sqlx::query_scalar("SELECT client_id FROM users WHERE email = 'tomas@northwind.example'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(client_of_tomas, client_id(&app, "Northwind").await);

    // Someone who is not the company's admin gets the 403 page and refusals.
    assert_eq!(app.page(&ben, "/team").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(&ben, "people", &[]).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_gives_each_person_their_part() {
    let app = spawn_app().await;
    let perms = |email: &'static str| {
        let app = &app;
        async move {
            let row: (i64, i64, i64) = sqlx::query_as("SELECT can_billing, can_documents, client_admin FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap();
            row
        }
    };
    assert_eq!(perms(BEN).await, (1, 0, 0));
    assert_eq!(perms(ANA).await, (1, 1, 1));
    assert_eq!(perms(LINA).await, (1, 1, 0));
    assert_eq!(perms(NOA).await, (1, 1, 0));
}
