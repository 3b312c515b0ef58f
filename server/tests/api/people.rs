//! Staff managing clients and their people, and invitees setting their own password. Every
//! change is in the audit trail as the staff member's (or the invitee's) action.

use crate::helpers::*;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// The newest event with this action: (actor kind, actor email, client id, target label, details).
async fn last_event(app: &TestApp, action: &str) -> (String, String, Option<i64>, String, Value) {
    app.flush_audit().await;
    let (kind, email, client, label, details): (String, String, Option<i64>, String, String) = sqlx::query_as(
        "SELECT actor_kind, actor_email, client_id, target_label, details FROM audit_events WHERE action = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(action)
    .fetch_one(&app.db.pool)
    .await
    .unwrap_or_else(|e| panic!("{action} recorded: {e}"));
    (kind, email, client, label, serde_json::from_str(&details).unwrap_or(Value::Null))
}

async fn count(app: &TestApp, action: &str) -> usize {
    app.actions_where("action = $1", action).await.len()
}

async fn invite(app: &TestApp, staff: &Client, client: i64, name: &str, email: &str) -> Value {
    let res = app.call(staff, "people/invite", &[("client_id", &client.to_string()), ("name", name), ("email", email)]).await;
    assert_eq!(res.status(), StatusCode::OK, "invite {email}");
    res.json().await.unwrap()
}

async fn people(app: &TestApp, staff: &Client, client: i64) -> Vec<Value> {
    let res = app.call(staff, "people", &[("client_id", &client.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone()
}

async fn person(app: &TestApp, staff: &Client, client: i64, email: &str) -> Value {
    people(app, staff, client).await.into_iter().find(|p| p["email"] == email).unwrap_or_else(|| panic!("{email} listed"))
}

async fn accept(app: &TestApp, browser: &Client, token: &str, password: &str) -> reqwest::Response {
    app.call(browser, "welcome/accept", &[("token", token), ("password", password), ("confirm", password)]).await
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn staff_create_and_edit_a_client_and_each_change_is_audited_as_theirs() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let res = app.call(&sam, "staff/client/create", &[("name", "  Acme Ltd "), ("email", "Office@Acme.example")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: i64 = res.json().await.unwrap();
    let (kind, actor, client, label, details) = last_event(&app, "client.created").await;
    assert_eq!((kind.as_str(), actor.as_str(), client, label.as_str()), ("staff", SAM, Some(id), "Acme Ltd"));
    assert_eq!(details["contact_email"], "office@acme.example");
    let (_, html) = app.page(&sam, "/staff/clients").await;
    assert!(html.contains("Acme Ltd"));

    let id_s = id.to_string();
    let res = app.call(&sam, "staff/client/update", &[("id", &id_s), ("name", "Acme Limited"), ("email", "office@acme.example")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (kind, actor, client, label, details) = last_event(&app, "client.updated").await;
    assert_eq!((kind.as_str(), actor.as_str(), client, label.as_str()), ("staff", SAM, Some(id), "Acme Limited"));
    assert_eq!(details, json!({ "name": { "from": "Acme Ltd", "to": "Acme Limited" } }), "only what changed, old → new");

    // Saving without a change records nothing; bad input changes nothing.
    app.call(&sam, "staff/client/update", &[("id", &id_s), ("name", "Acme Limited"), ("email", "office@acme.example")]).await;
    assert_eq!(count(&app, "client.updated").await, 1);
    for (name, email) in [("", "office@acme.example"), ("Acme", "not an email"), (&"A".repeat(201) as &str, "")] {
        let res = app.call(&sam, "staff/client/update", &[("id", &id_s), ("name", name), ("email", email)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name:.10} / {email}");
    }
    let res = app.call(&sam, "staff/client/update", &[("id", "99999"), ("name", "Ghost"), ("email", "")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let name: String = sqlx::query_scalar("SELECT name FROM clients WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(name, "Acme Limited");

    // Client users manage nothing.
    let ana = app.signed_in(ANA).await;
    assert_eq!(app.call(&ana, "staff/client/create", &[("name", "Mine"), ("email", "")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.call(&ana, "staff/client/update", &[("id", &id_s), ("name", "Mine"), ("email", "")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(count(&app, "client.created").await, 1);
}

#[tokio::test]
async fn an_invited_person_sets_a_password_through_the_one_time_link_and_is_signed_in() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    let res = app
        .call(&sam, "people/invite", &[("client_id", &northwind.to_string()), ("name", "Tomas Vale"), ("email", "Tomas@Northwind.example"), ("billing", "on"), ("client_admin", "on")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let invite: Value = res.json().await.unwrap();
    let token = invite["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);

    // Only a hash of the token is stored, and the invitee has no password yet.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM invites").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], token);
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'tomas@northwind.example'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(hash, "");
    assert_eq!(app.login(&browser(), "tomas@northwind.example", "any password at all").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = person(&app, &sam, northwind, "tomas@northwind.example").await;
    assert_eq!((p["status"].as_str(), p["permissions"]["client_admin"].as_bool(), &p["last_seen"]), (Some("invited"), Some(true), &Value::Null));

    let (kind, actor, client, label, details) = last_event(&app, "user.invited").await;
    assert_eq!((kind.as_str(), actor.as_str(), client, label.as_str()), ("staff", SAM, Some(northwind), "Tomas Vale"));
    assert_eq!((details["user_email"].as_str(), details["permissions"]["client_admin"].as_bool()), (Some("tomas@northwind.example"), Some(true)));
    assert_eq!(details["permissions"], json!({ "billing": true, "documents": false, "client_admin": true }));
    let events: Vec<String> = sqlx::query_scalar("SELECT details FROM audit_events").fetch_all(&app.db.pool).await.unwrap();
    assert!(events.iter().all(|d| !d.contains(&token)), "the token is never in the trail");

    // The link opens for anyone, and shows who it is for.
    let tomas = browser();
    let (status, html) = app.page(&tomas, &format!("/welcome?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tomas Vale") && html.contains("Northwind Studio LLC"));

    // Mistakes leave the link usable.
    let res = app.call(&tomas, "welcome/accept", &[("token", &token), ("password", "a long password 1"), ("confirm", "a long password 2")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(accept(&app, &tomas, &token, "short").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = accept(&app, &tomas, &token, "tomas's own password").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<String>().await.unwrap(), "/");
    // Signed in straight away, as a client admin of Northwind.
    let (status, html) = app.page(&tomas, "/activity").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tomas Vale"));
    let (kind, actor, client, ..) = last_event(&app, "user.invite_accepted").await;
    assert_eq!((kind.as_str(), actor.as_str(), client), ("client", "tomas@northwind.example", Some(northwind)));
    assert_eq!(last_event(&app, "auth.login.succeeded").await.1, "tomas@northwind.example");

    // The link works once; the password works from now on.
    assert_eq!(accept(&app, &browser(), &token, "someone else's pass").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&browser(), "welcome", &[("token", &token)]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.login(&browser(), "tomas@northwind.example", "tomas's own password").await.status(), StatusCode::OK);
    assert_eq!(person(&app, &sam, northwind, "tomas@northwind.example").await["status"], "active");
}

#[tokio::test]
async fn a_new_link_replaces_the_old_one_and_expired_or_malformed_links_do_not_work() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let baltic = client_id(&app, "Baltic").await;
    let first = invite(&app, &sam, baltic, "Rasa Kalnė", "rasa@balticamber.example").await;
    let rasa = first["user_id"].as_i64().unwrap().to_string();
    let res = app.call(&sam, "people/reinvite", &[("client_id", &baltic.to_string()), ("user_id", &rasa)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    assert_ne!(first["token"], second["token"]);
    let (kind, actor, ..) = last_event(&app, "user.invite_renewed").await;
    assert_eq!((kind.as_str(), actor.as_str()), ("staff", SAM));
    assert_eq!(app.call(&browser(), "welcome", &[("token", first["token"].as_str().unwrap())]).await.status(), StatusCode::NOT_FOUND);
    let res = app.call(&browser(), "welcome", &[("token", second["token"].as_str().unwrap())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["name"], "Rasa Kalnė");

    // Expired.
    sqlx::query("UPDATE invites SET expires_at = 1").execute(&app.db.pool).await.unwrap();
    let res = accept(&app, &browser(), second["token"].as_str().unwrap(), "rasa's own password").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, html) = app.page(&browser(), &format!("/welcome?token={}", second["token"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("This invite link does not work"));

    // Malformed tokens are simply unknown.
    for token in ["", "abc", &"z".repeat(64), "' OR 1=1 --", "\0"] {
        assert_eq!(app.call(&browser(), "welcome", &[("token", token)]).await.status(), StatusCode::NOT_FOUND, "{token:?}");
    }

    // Someone who already set a password gets no new link.
    let lina = user_id(&app, LINA).await.to_string();
    let res = app.call(&sam, "people/reinvite", &[("client_id", &baltic.to_string()), ("user_id", &lina)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn staff_disable_and_enable_a_person_whose_session_ends_at_once() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let ben = app.signed_in(BEN).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    let ben_id = user_id(&app, BEN).await.to_string();
    let set = |disabled: &'static str| {
        let (northwind, ben_id, sam) = (northwind.clone(), ben_id.clone(), sam.clone());
        let app = &app;
        async move { app.call(&sam, "people/disabled", &[("client_id", &northwind), ("user_id", &ben_id), ("disabled", disabled)]).await.status() }
    };
    assert_eq!(set("true").await, StatusCode::OK);
    assert_eq!(app.call_json(&ben, "invoices", json!({ "filter": {} })).await.status(), StatusCode::UNAUTHORIZED, "Ben's session ends");
    assert_eq!(app.login(&browser(), BEN, PASSWORD).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (kind, actor, _, label, details) = last_event(&app, "user.disabled").await;
    assert_eq!((kind.as_str(), actor.as_str(), label.as_str()), ("staff", SAM, "Ben Okafor"));
    assert_eq!(details["user_email"], BEN);
    assert_eq!(person(&app, &sam, northwind.parse().unwrap(), BEN).await["status"], "disabled");

    // Disabling twice records it once.
    assert_eq!(set("true").await, StatusCode::OK);
    assert_eq!(count(&app, "user.disabled").await, 1);

    assert_eq!(set("false").await, StatusCode::OK);
    assert_eq!(app.login(&browser(), BEN, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(last_event(&app, "user.enabled").await.1, SAM);
}

#[tokio::test]
async fn staff_decide_who_sees_the_company_activity() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let ana = app.signed_in(ANA).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    let ana_id = user_id(&app, ANA).await.to_string();
    assert_eq!(app.call(&ana, "activity/users", &[]).await.status(), StatusCode::OK);
    let res = app.call(&sam, "people/permissions", &[("client_id", &northwind), ("user_id", &ana_id), ("billing", "on"), ("documents", "on")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.call(&ana, "activity/users", &[]).await.status(), StatusCode::FORBIDDEN, "at once, in her current session");
    let (kind, actor, _, label, details) = last_event(&app, "user.updated").await;
    assert_eq!((kind.as_str(), actor.as_str(), label.as_str()), ("staff", SAM, "Ana Reyes"));
    assert_eq!(details["client_admin"], json!({ "from": true, "to": false }));
}

#[tokio::test]
async fn another_clients_person_a_staff_member_or_a_missing_id_are_all_not_found() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let baltic = client_id(&app, "Baltic").await.to_string();
    let northwind = client_id(&app, "Northwind").await.to_string();
    let before = app.actions_where("action LIKE $1", "user.%").await.len();
    for (client, user) in [(&baltic, user_id(&app, BEN).await), (&northwind, user_id(&app, SAM).await), (&northwind, 99999)] {
        let user = user.to_string();
        for (endpoint, flag) in [("people/disabled", "disabled"), ("people/permissions", "billing"), ("people/reset-2fa", "x")] {
            let res = app.call(&sam, endpoint, &[("client_id", client), ("user_id", &user), (flag, "true")]).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{endpoint} {client}/{user}");
        }
        let res = app.call(&sam, "people/reinvite", &[("client_id", client), ("user_id", &user)]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(app.login(&browser(), BEN, PASSWORD).await.status(), StatusCode::OK, "Ben was not touched");
    assert_eq!(app.actions_where("action LIKE $1", "user.%").await.len(), before);
    // Baltic's list holds only Baltic's people.
    let listed: Vec<String> = people(&app, &sam, baltic.parse().unwrap()).await.iter().map(|p| p["email"].as_str().unwrap().to_string()).collect();
    assert_eq!(listed, vec![LINA.to_string()]);
}

#[tokio::test]
async fn bad_invites_are_refused_with_a_clear_error_and_create_nobody() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    let users_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db.pool).await.unwrap();
    let cases: [(&str, &str, &str, StatusCode); 5] = [
        (&northwind, "Ana Again", ANA, StatusCode::CONFLICT),
        (&northwind, "No Email", "not-an-email", StatusCode::UNPROCESSABLE_ENTITY),
        (&northwind, "", "nobody@northwind.example", StatusCode::UNPROCESSABLE_ENTITY),
        (&northwind, "Nul\0Name", "nul@northwind.example", StatusCode::UNPROCESSABLE_ENTITY),
        ("99999", "Ghost", "ghost@example.com", StatusCode::NOT_FOUND),
    ];
    for (client, name, email, status) in cases {
        let res = app.call(&sam, "people/invite", &[("client_id", client), ("name", name), ("email", email)]).await;
        assert_eq!(res.status(), status, "{name:?} <{email}>");
    }
    let baltic = client_id(&app, "Baltic").await.to_string();
    let ana = app.signed_in(ANA).await;
    let res = app.call(&ana, "people/invite", &[("client_id", &baltic), ("name", "Friend"), ("email", "friend@northwind.example")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "a client admin invites into their own company only");
    let ben = app.signed_in(BEN).await;
    let res = app.call(&ben, "people/invite", &[("name", "Friend"), ("email", "friend@northwind.example")]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "someone who is not the company's admin cannot invite");
    let users_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(users_after, users_before);
    let invites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invites").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(invites, 0);
    assert_eq!(count(&app, "user.invited").await, 0);

    // An invite to someone who was then disabled does not work.
    let invite = invite(&app, &sam, northwind.parse().unwrap(), "Short Stay", "short@northwind.example").await;
    let user = invite["user_id"].as_i64().unwrap().to_string();
    app.call(&sam, "people/disabled", &[("client_id", &northwind), ("user_id", &user), ("disabled", "true")]).await;
    assert_eq!(accept(&app, &browser(), invite["token"].as_str().unwrap(), "a fine long password").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_long_list_of_people_comes_in_pages_that_miss_nobody() {
    let app = spawn_app().await;
    let northwind = client_id(&app, "Northwind").await;
    for n in 0..(2 * app::clients::model::PEOPLE_PAGE_SIZE + 3) {
        sqlx::query("INSERT INTO users (email, name, password_hash, role, client_id, created_at) VALUES ($1, $2, '', 'client', $3, 0)")
            .bind(format!("p{n}@northwind.example"))
            .bind(format!("Pat {}", n % 7))
            .bind(northwind)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let all: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE client_id = $1").bind(northwind).fetch_one(&app.db.pool).await.unwrap();
    let walk = |who: reqwest::Client, client: Option<i64>| {
        let app = &app;
        async move {
            let (mut seen, mut after) = (std::collections::HashSet::new(), None::<i64>);
            loop {
                let mut form = vec![];
                form.extend(client.map(|c| ("client_id", c.to_string())));
                form.extend(after.map(|a| ("after", a.to_string())));
                let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let page: Value = app.call(&who, "people", &pairs).await.json().await.unwrap();
                for p in page["items"].as_array().unwrap() {
                    assert!(seen.insert(p["id"].as_i64().unwrap()), "{} twice", p["email"]);
                }
                match page["next"].as_i64() {
                    Some(n) => after = Some(n),
                    None => return seen.len() as i64,
                }
            }
        }
    };
    assert_eq!(walk(app.signed_in(SAM).await, Some(northwind)).await, all, "staff see everyone once");
    assert_eq!(walk(app.signed_in(ANA).await, None).await, all, "so does the company's admin");
    // Another company's person as the position: an empty page, as for someone who does not exist.
    let lina = app.user_id(LINA).await.to_string();
    let page: Value = app.call(&app.signed_in(ANA).await, "people", &[("after", &lina)]).await.json().await.unwrap();
    assert_eq!(page, serde_json::json!({ "items": [], "next": null }));
}
