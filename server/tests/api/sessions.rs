//! Sessions that know their person, recovery codes, and the firm's two-step sign-in policy.

use crate::auth::turn_on_two_step;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn sessions(app: &TestApp, who: &reqwest::Client) -> Vec<Value> {
    let res = app.call(who, "account/sessions", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// The raw cookie a client holds now (to replay it later from another client).
async fn cookie_of(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = browser();
    let res = app.login(&client, email, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = session_cookie(&res).unwrap().split(';').next().unwrap().to_string();
    (client, cookie)
}

async fn works(app: &TestApp, cookie: &str) -> bool {
    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    replay.get(app.url("/account")).header("cookie", cookie).send().await.unwrap().status() == StatusCode::OK
}

#[tokio::test]
async fn a_person_sees_where_they_are_signed_in_and_ends_another_session() {
    let app = spawn_app().await;
    let laptop = app.signed_in(ANA).await;
    let phone = browser();
    let res = phone.post(app.url("/api/login")).header("user-agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1").form(&[("email", ANA), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let _ = app.signed_in(BEN).await; // someone else's session is never listed

    let list = sessions(&app, &laptop).await;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list[0]["current"], true, "this browser first");
    assert_eq!(list[0]["address"], "127.0.0.1");
    let other = list.iter().find(|s| s["current"] == false).unwrap();
    assert!(other["user_agent"].as_str().unwrap().contains("iPhone"));
    let (_, html) = app.page(&laptop, "/account").await;
    assert!(html.contains("Safari 18 on iPhone"), "the page names the browser");

    let res = app.call(&laptop, "account/sessions/end", &[("handle", other["handle"].as_str().unwrap())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.get(&phone, "/invoices").await.status(), StatusCode::SEE_OTHER, "the phone is signed out");
    assert_eq!(sessions(&app, &laptop).await.len(), 1);
    let (_, actor, _, _, _, details) = app.last_event("auth.session.ended").await.unwrap();
    assert_eq!(actor, ANA);
    assert!(details["user_agent"].as_str().unwrap().contains("iPhone"));

    // Another person's session cannot be ended by naming it.
    let ben = app.signed_in(BEN).await;
    let bens = sessions(&app, &ben).await[0]["handle"].as_str().unwrap().to_string();
    assert_eq!(app.call(&laptop, "account/sessions/end", &[("handle", &bens)]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get(&ben, "/invoices").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_new_password_ends_every_other_session_and_renews_this_ones_id() {
    let app = spawn_app().await;
    let (laptop, laptop_cookie) = cookie_of(&app, ANA).await;
    let (_, phone_cookie) = cookie_of(&app, ANA).await;
    let res = app.call(&laptop, "account/password", &[("current_password", PASSWORD), ("new_password", "a much better password")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let renewed = session_cookie(&res).expect("a new session id").split(';').next().unwrap().to_string();
    assert_ne!(renewed, laptop_cookie);
    assert!(!works(&app, &laptop_cookie).await, "the old id is dead");
    assert!(!works(&app, &phone_cookie).await, "the other session ended");
    assert!(works(&app, &renewed).await, "this browser stays signed in under the new id");
    assert_eq!(app.login(&browser(), ANA, "a much better password").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn turning_two_step_sign_in_on_ends_the_other_sessions() {
    let app = spawn_app().await;
    let (laptop, _) = cookie_of(&app, BEN).await;
    let (_, phone_cookie) = cookie_of(&app, BEN).await;
    turn_on_two_step(&app, &laptop).await;
    assert!(!works(&app, &phone_cookie).await);
    assert_eq!(app.get(&laptop, "/invoices").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_deleted_session_is_never_written_back() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    let app = spawn_app().await;
    let store = server::auth::store::SqlSessionStore::new(app.db.clone());
    let mut record = Record { id: Id::default(), data: Default::default(), expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1) };
    store.create(&mut record).await.unwrap();
    // Ended elsewhere while a request that loaded it was still running; that request then saves.
    store.delete(&record.id).await.unwrap();
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

#[tokio::test]
async fn disabling_someone_removes_their_sessions_at_once() {
    let app = spawn_app().await;
    let _ben = app.signed_in(BEN).await;
    let ben_id = app.user_id(BEN).await;
    let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions WHERE user_id = $1").bind(ben_id).fetch_one(&app.db.pool).await.unwrap() };
    assert_eq!(count().await, 1);
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    app.call(&sam, "people/disabled", &[("client_id", &northwind), ("user_id", &ben_id.to_string()), ("disabled", "true")]).await;
    assert_eq!(count().await, 0);
}

#[tokio::test]
async fn recovery_codes_each_work_once_and_new_ones_replace_the_old() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    let (_, codes) = turn_on_two_step(&app, &ben).await;
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|c| c.len() == 19 && c.matches('-').count() == 3), "{codes:?}");
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes").fetch_all(&app.db.pool).await.unwrap();
    assert!(stored.iter().all(|h| !codes.iter().any(|c| h.contains(&c.replace('-', "")))), "only hashes are stored");

    let sign_in = |code: String| {
        let app = &app;
        async move { app.call(&browser(), "login", &[("email", BEN), ("password", PASSWORD), ("code", &code)]).await.status() }
    };
    assert_eq!(sign_in(codes[0].to_uppercase()).await, StatusCode::OK, "a recovery code signs in, however it is typed");
    assert_eq!(sign_in(codes[0].clone()).await, StatusCode::UNPROCESSABLE_ENTITY, "once");
    let (_, actor, _, _, _, details) = app.last_event("auth.recovery_code.used").await.unwrap();
    assert_eq!((actor.as_str(), details["remaining"].as_i64()), (BEN, Some(9)));

    let res = app.call(&ben, "account/2fa/recovery-codes", &[("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let fresh: Vec<String> = res.json().await.unwrap();
    assert_eq!(sign_in(codes[1].clone()).await, StatusCode::UNPROCESSABLE_ENTITY, "the old codes stopped working");
    assert_eq!(sign_in(fresh[0].clone()).await, StatusCode::OK);
    assert!(app.last_event("auth.recovery_codes.renewed").await.is_some());
}

#[tokio::test]
async fn an_admin_requires_two_step_for_client_users_who_set_it_up_right_after_their_password() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    assert_eq!(app.call(&sam, "staff/settings/two-factor", &[("clients", "on")]).await.status(), StatusCode::FORBIDDEN, "staff are not admins");
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.call(&admin, "staff/settings/two-factor", &[("clients", "on")]).await.status(), StatusCode::OK);
    let (_, actor, _, _, _, details) = app.last_event("settings.updated").await.unwrap();
    assert_eq!(actor, ADMIN);
    assert_eq!(details["require_two_factor_clients"], serde_json::json!({ "from": false, "to": true }));
    assert_eq!(app.get(&sam, "/staff/clients").await.status(), StatusCode::OK, "staff are not asked");

    let lina = browser();
    let res = app.login(&lina, LINA, PASSWORD).await;
    assert_eq!(res.json::<String>().await.unwrap(), "/two-step", "taken to set it up right after the password");
    assert_eq!(location(&app.get(&lina, "/invoices").await), Some("/two-step"));
    assert_eq!(app.call_json(&lina, "invoices", serde_json::json!({ "filter": {} })).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&lina, "/statement/csv").await.status(), StatusCode::FORBIDDEN);
    let (status, html) = app.page(&lina, "/two-step").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Set up two-step sign-in"));
    turn_on_two_step(&app, &lina).await;
    assert_eq!(app.get(&lina, "/invoices").await.status(), StatusCode::OK, "then the portal opens");
    let res = app.call(&lina, "account/2fa/disable", &[("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "and it cannot be turned off while required");
}

#[tokio::test]
async fn staff_reset_a_client_users_lost_second_factor() {
    let app = spawn_app().await;
    let (ben, _) = cookie_of(&app, BEN).await;
    turn_on_two_step(&app, &ben).await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await.to_string();
    let ben_id = app.user_id(BEN).await.to_string();
    let res = app.call(&sam, "people/reset-2fa", &[("client_id", &northwind), ("user_id", &ben_id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (kind, actor, _, label, _, _) = app.last_event("auth.2fa.reset").await.unwrap();
    assert_eq!((kind.as_str(), actor.as_str(), label.as_str()), ("staff", SAM, "Ben Okafor"));
    assert_eq!(app.get(&ben, "/invoices").await.status(), StatusCode::SEE_OTHER, "their sessions ended");
    assert_eq!(app.login(&browser(), BEN, PASSWORD).await.status(), StatusCode::OK, "the password alone signs in again");
    // A client admin cannot do this for a colleague; staff only.
    let ana = app.signed_in(ANA).await;
    let res = app.call(&ana, "people/reset-2fa", &[("client_id", &northwind), ("user_id", &ben_id)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
