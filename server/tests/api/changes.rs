//! Company details and change requests: a client admin asks, staff approve (the details change,
//! recorded old → new) or reject with a note; nobody else may ask, and a company's requests stay
//! its own. Each person changes their own phone number directly.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn details(app: &TestApp, client_id: i64) -> (String, String, String, String, String) {
    sqlx::query_as("SELECT name, email, address, tax_id, phone FROM clients WHERE id = $1").bind(client_id).fetch_one(&app.db.pool).await.unwrap()
}

async fn requests(app: &TestApp, who: &reqwest::Client, form: &[(&str, &str)]) -> Vec<Value> {
    let res = app.call(who, "changes", form).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone()
}

/// Asks for the company's details as they are with `changes` in place (the form sends them all).
async fn propose(app: &TestApp, who: &reqwest::Client, changes: &[(&str, &str)]) -> reqwest::Response {
    let current: Value = app.call(who, "company", &[]).await.json().await.unwrap();
    let mut form: Vec<(String, String)> = ["name", "email", "address", "tax_id", "phone"]
        .iter()
        .map(|f| (f.to_string(), current[*f].as_str().unwrap_or_default().to_string()))
        .collect();
    for (k, v) in changes {
        form.iter_mut().find(|(f, _)| f == k).expect("a detail").1 = v.to_string();
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(who, "company/propose", &pairs).await
}

async fn error_code(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    (status, res.text().await.unwrap())
}

#[tokio::test]
async fn a_client_admin_asks_and_staff_approve_old_to_new() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let (ana, sam) = (app.signed_in(ANA).await, app.signed_in(SAM).await);
    let before = details(&app, northwind).await;

    // Ana sees the details on file and asks for a new address and phone (the rest as it is).
    let res = app.call(&ana, "company", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["tax_id"], "EIN 91-1234567");
    let res = propose(&app, &ana, &[("address", "500 Pine Street\r\nSeattle, WA 98101\r\n"), ("phone", "+1 206 555 0199")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(details(&app, northwind).await, before, "nothing changes before the firm approves");
    let asked = requests(&app, &ana, &[]).await;
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["status"], "pending");
    let fields: Vec<&str> = asked[0]["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["address", "phone"]);
    assert_eq!(asked[0]["changes"][0]["to"], "500 Pine Street\nSeattle, WA 98101");
    let (_, email, client, _, _, d) = app.last_event("client.change_requested").await.unwrap();
    assert_eq!((email.as_str(), client), (ANA, Some(northwind)));
    assert_eq!(d["phone"]["to"], "+1 206 555 0199");

    // Staff see it among the waiting ones and approve it with a note.
    let waiting = requests(&app, &sam, &[]).await;
    let id = asked[0]["id"].as_i64().unwrap();
    assert!(waiting.iter().any(|r| r["id"] == id && r["client_name"] == "Northwind Studio LLC"));
    let res = app.call(&sam, "staff/change/decide", &[("id", &id.to_string()), ("decision", "approve"), ("note", "Updated on our side too.")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = details(&app, northwind).await;
    assert_eq!((after.2.as_str(), after.4.as_str()), ("500 Pine Street\nSeattle, WA 98101", "+1 206 555 0199"));
    assert_eq!((after.0, after.1, after.3), (before.0, before.1, before.3.clone()));
    let (_, email, _, _, _, d) = app.last_event("client.change_approved").await.unwrap();
    assert_eq!(email, SAM);
    assert_eq!(d["address"]["from"], before.2.as_str(), "recorded old → new");
    assert_eq!(d["note"], "Updated on our side too.");

    // Ana sees the answer; it is no longer waiting; a second decision is refused.
    let mine = requests(&app, &ana, &[]).await;
    assert_eq!((mine[0]["status"].as_str(), mine[0]["decided_by"].as_str(), mine[0]["note"].as_str()), (Some("approved"), Some("Sam Carter"), Some("Updated on our side too.")));
    assert!(requests(&app, &sam, &[]).await.iter().all(|r| r["id"] != id));
    let (status, body) = error_code(app.call(&sam, "staff/change/decide", &[("id", &id.to_string()), ("decision", "reject")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("already_decided"), "{body}");

    // The invoice PDF bills the new address.
    let invoice = app.id_of_invoice("INV-2026-0131").await;
    let pdf = app.get(&ana, &format!("/invoices/{invoice}/pdf")).await.bytes().await.unwrap();
    let text = crate::downloads::pdf_text(&pdf);
    assert!(text.contains("500 Pine Street") && text.contains("EIN 91-1234567"), "{text}");
}

#[tokio::test]
async fn a_rejected_request_changes_nothing_and_the_client_sees_why() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    let (ana, sam) = (app.signed_in(ANA).await, app.signed_in(SAM).await);
    let before = details(&app, northwind).await;
    assert_eq!(propose(&app, &ana, &[("name", "Northwind Holdings"), ("tax_id", "EIN 00-0000000")]).await.status(), StatusCode::OK);
    let id = requests(&app, &ana, &[]).await[0]["id"].as_i64().unwrap().to_string();
    let res = app.call(&sam, "staff/change/decide", &[("id", &id), ("decision", "reject"), ("note", "Please send the registration certificate first.")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(details(&app, northwind).await, before);
    let mine = requests(&app, &ana, &[]).await;
    assert_eq!((mine[0]["status"].as_str(), mine[0]["note"].as_str()), (Some("rejected"), Some("Please send the registration certificate first.")));
    let (_, _, _, label, _, d) = app.last_event("client.change_rejected").await.unwrap();
    assert_eq!((label.as_str(), d["name"]["to"].as_str()), ("Northwind Studio LLC", Some("Northwind Holdings")));
    // An unknown decision is refused.
    assert_eq!(app.call(&sam, "staff/change/decide", &[("id", &id), ("decision", "maybe")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn only_a_client_admin_asks_and_only_about_their_own_company() {
    let app = spawn_app().await;
    let (northwind, baltic) = (client_id(&app, "Northwind").await, client_id(&app, "Baltic").await);
    let (ana, ben, lina, sam) = (app.signed_in(ANA).await, app.signed_in(BEN).await, app.signed_in(LINA).await, app.signed_in(SAM).await);
    assert_eq!(propose(&app, &ana, &[("phone", "+1 206 555 0100")]).await.status(), StatusCode::OK);
    // Ben is not Northwind's client admin; Lina belongs to another company.
    assert_eq!(app.call(&ben, "company/propose", &[("phone", "+1 206 555 0111")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&ben, "changes", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&lina, "changes", &[]).await.status(), StatusCode::FORBIDDEN);
    // A client admin naming another company gets what a missing one gives.
    assert_eq!(app.call(&ana, "changes", &[("client_id", &baltic.to_string())]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&ana, "changes", &[("client_id", "999999")]).await.status(), StatusCode::NOT_FOUND);
    // Clients never decide; staff see one client's requests by naming it.
    let id = requests(&app, &ana, &[]).await[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(app.call(&ana, "staff/change/decide", &[("id", &id), ("decision", "approve")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(requests(&app, &sam, &[("client_id", &northwind.to_string())]).await.len(), 1);
    assert!(requests(&app, &sam, &[("client_id", &baltic.to_string())]).await.is_empty());
    assert_eq!(app.call(&sam, "staff/change/decide", &[("id", "999999"), ("decision", "approve")]).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_details_are_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    for (form, code) in [
        (vec![("email", "not an address")], "invalid_email"),
        (vec![("phone", "call me maybe")], "invalid_phone"),
        (vec![("name", "  ")], "required"),
        (vec![("tax_id", "x".repeat(41).leak() as &str)], "too_long"),
        (vec![("name", "Northwind\u{7}Studio")], "invalid"),
        // The same details again: nothing to ask for.
        (vec![("name", "Northwind Studio LLC"), ("phone", "+1 206 555 0142")], "nothing_changed"),
    ] {
        let (status, body) = error_code(propose(&app, &ana, &form).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}: {body}");
        assert!(body.contains(&format!("\"{code}\"")), "{form:?}: {body}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM change_requests").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn a_person_changes_their_own_phone_number_directly() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    let res = app.call(&ben, "account/profile", &[("name", "Ben Okafor"), ("phone", "+1 (206) 555-0123")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let phone: String = sqlx::query_scalar("SELECT phone FROM users WHERE email = $1").bind(BEN).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(phone, "+1 (206) 555-0123");
    let (_, _, _, _, _, d) = app.last_event("profile.updated").await.unwrap();
    assert_eq!((d["phone"]["from"].as_str(), d["phone"]["to"].as_str()), (Some(""), Some("+1 (206) 555-0123")));
    // Nonsense is refused and changes nothing.
    let (status, body) = error_code(app.call(&ben, "account/profile", &[("name", "Ben Okafor"), ("phone", "12")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("invalid_phone"), "{body}");
    let phone: String = sqlx::query_scalar("SELECT phone FROM users WHERE email = $1").bind(BEN).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(phone, "+1 (206) 555-0123");
}
