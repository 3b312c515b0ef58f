use crate::helpers::*;
use reqwest::StatusCode;
use server::config::Config;
use std::time::Duration;

#[tokio::test]
async fn client_signs_in_and_lands_on_their_dashboard() {
    let app = spawn_app().await;
    let client = browser();
    let res = app.login(&client, ANA, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    assert_eq!(res.json::<String>().await.unwrap(), "/");

    let (status, html) = app.page(&client, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Welcome, Northwind Studio LLC"), "dashboard greets the client");
    assert!(html.contains("Ana Reyes"), "header names the user");
}

#[tokio::test]
async fn email_is_matched_without_regard_to_case() {
    let app = spawn_app().await;
    let res = app.login(&browser(), "  Ana@Northwind.EXAMPLE ", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = app.login(&browser(), ANA, "not the password").await;
    let unknown = app.login(&browser(), "nobody@example.com", PASSWORD).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(session_cookie(&wrong).is_none(), "no session for a failed sign-in");
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());
}

#[tokio::test]
async fn a_disabled_user_cannot_sign_in_and_their_open_session_ends() {
    let app = spawn_app().await;
    let client = app.signed_in(BEN).await;
    let ben: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(BEN).fetch_one(&app.db.pool).await.unwrap();
    server::auth::users::set_disabled(&app.db, ben, true).await.unwrap();

    let res = app.get(&client, "/invoices").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), Some("/login"));
    let again = app.login(&browser(), BEN, PASSWORD).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = again.text().await.unwrap();
    assert!(body.contains("invalid_credentials"), "same message as a wrong password: {body}");
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in_and_the_old_one_is_dead() {
    let app = spawn_app().await;
    let client = browser();
    let first = session_cookie(&app.login(&client, ANA, PASSWORD).await).unwrap();
    let second = session_cookie(&app.login(&client, ANA, PASSWORD).await).unwrap();
    let id = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(id(&first), id(&second));

    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = replay.get(app.url("/invoices")).header("cookie", id(&first)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the pre-sign-in session id no longer works");
    let res = replay.get(app.url("/invoices")).header("cookie", id(&second)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let client = browser();
    let cookie = session_cookie(&app.login(&client, ANA, PASSWORD).await).unwrap();
    let res = app.call(&client, "logout", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);

    let res = app.get(&client, "/invoices").await;
    assert_eq!(location(&res), Some("/login"));
    // Even a copy of the old cookie is refused: the record is gone from the store.
    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = replay.get(app.url("/invoices")).header("cookie", cookie.split(';').next().unwrap()).send().await.unwrap();
    assert_eq!(location(&res), Some("/login"));
}

#[tokio::test]
async fn an_idle_session_ends_after_the_idle_timeout() {
    let app = spawn_with(Config { session_idle: Duration::from_secs(2), ..Config::for_tests() }).await;
    let client = app.signed_in(ANA).await;
    assert_eq!(app.get(&client, "/invoices").await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2600)).await;
    let res = app.get(&client, "/invoices").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), Some("/login"));
}

#[tokio::test]
async fn an_active_session_still_ends_at_the_absolute_timeout() {
    let config = Config { session_idle: Duration::from_secs(60), session_max: Duration::from_secs(3), ..Config::for_tests() };
    let app = spawn_with(config).await;
    let client = app.signed_in(ANA).await;
    for _ in 0..2 {
        assert_eq!(app.get(&client, "/invoices").await.status(), StatusCode::OK, "activity keeps it alive at first");
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let res = app.get(&client, "/invoices").await;
    assert_eq!(location(&res), Some("/login"));
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_portal_is_served_over_https() {
    let app = spawn_with(Config { public_url: "https://portal.example".into(), ..Config::for_tests() }).await;
    let res = app.login(&browser(), ANA, PASSWORD).await;
    assert!(session_cookie(&res).unwrap().contains("Secure"));
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_server_functions_refuse_them() {
    let app = spawn_app().await;
    let client = browser();
    for path in ["/", "/invoices", "/invoices/1", "/staff/clients", "/staff/clients/1"] {
        let res = app.get(&client, path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), Some("/login"), "{path}");
    }
    assert_eq!(app.call_json(&client, "invoices", serde_json::json!({ "filter": {} })).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.call(&client, "staff/clients", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let (status, html) = app.page(&client, "/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="en" dir="ltr""#));
}

#[tokio::test]
async fn signed_in_users_skip_the_sign_in_page() {
    let app = spawn_app().await;
    let staff = app.signed_in(SAM).await;
    assert_eq!(location(&app.get(&staff, "/login").await), Some("/staff/clients"));
    assert_eq!(location(&app.get(&staff, "/").await), Some("/staff/clients"));
    let client = app.signed_in(ANA).await;
    assert_eq!(location(&app.get(&client, "/login").await), Some("/"));
}

/// The one-time code of a base32 secret `ahead` 30-second steps from now, as an authenticator
/// app would show it (a step ahead is still accepted, for clock drift).
pub fn one_time_code_at(secret: &str, ahead: u64) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    server::auth::totp::current(secret, now + 30 * ahead).unwrap()
}

/// Turns two-step sign-in on for a signed-in person; returns the secret and the recovery codes.
pub async fn turn_on_two_step(app: &TestApp, who: &reqwest::Client) -> (String, Vec<String>) {
    let setup: serde_json::Value = app.call(who, "account/2fa/start", &[("password", PASSWORD)]).await.json().await.unwrap();
    let secret = setup["secret"].as_str().expect("a secret").to_string();
    let res = app.call(who, "account/2fa/enable", &[("code", &one_time_code_at(&secret, 0))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes: Vec<String> = res.json().await.unwrap();
    (secret, codes)
}

#[tokio::test]
async fn two_step_sign_in_asks_for_a_code_after_the_password_and_is_audited() {
    let app = spawn_app().await;
    let ben = app.signed_in(BEN).await;
    assert_eq!(app.call(&ben, "account/2fa/start", &[("password", "not my password")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "turning it on needs the password");
    let setup: serde_json::Value = app.call(&ben, "account/2fa/start", &[("password", PASSWORD)]).await.json().await.unwrap();
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert!(setup["uri"].as_str().unwrap().starts_with("otpauth://totp/Portico:ben@northwind.example?secret="));
    let res = app.call(&ben, "account/2fa/enable", &[("code", "000000x")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a wrong code does not turn it on");
    let enabling_code = one_time_code_at(&secret, 0);
    let res = app.call(&ben, "account/2fa/enable", &[("code", &enabling_code)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Vec<String>>().await.unwrap().len(), 10, "ten recovery codes, shown once");

    let browser = browser();
    let res = app.login(&browser, BEN, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("code_required"));
    let reused = app.call(&browser, "login", &[("email", BEN), ("password", PASSWORD), ("code", &enabling_code)]).await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY, "the code that turned it on cannot also sign in");
    let no_password = app.call(&browser, "login", &[("email", BEN), ("password", "nope nope nope"), ("code", &one_time_code_at(&secret, 1))]).await;
    assert_eq!(no_password.status(), StatusCode::UNPROCESSABLE_ENTITY, "the code never replaces the password");
    let list = app.call_json(&browser, "invoices", serde_json::json!({ "filter": {} })).await;
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED, "not signed in yet");
    let code = one_time_code_at(&secret, 1);
    let elsewhere = app.call(&crate::helpers::browser(), "login", &[("code", &code)]).await;
    assert_eq!(elsewhere.status(), StatusCode::UNPROCESSABLE_ENTITY, "the code alone counts only where the password was just accepted");
    // The page's second step: the code alone, in the session where the password was right.
    let ok = app.call(&browser, "login", &[("code", &code)]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let replay = app.call(&crate::helpers::browser(), "login", &[("email", BEN), ("password", PASSWORD), ("code", &code)]).await;
    assert_eq!(replay.status(), StatusCode::UNPROCESSABLE_ENTITY, "a code works once");
    let res = app.call(&browser, "account/2fa/start", &[("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "no new secret while it is on");

    let res = app.call(&browser, "account/2fa/disable", &[("password", "wrong password")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.call(&browser, "account/2fa/disable", &[("password", PASSWORD)]).await.status(), StatusCode::OK);
    assert_eq!(app.login(&crate::helpers::browser(), BEN, PASSWORD).await.status(), StatusCode::OK, "off again");

    let trail = app.actions_where("actor_email = $1 AND action LIKE 'auth.%' AND action NOT IN ('auth.login.succeeded')", BEN).await;
    assert_eq!(
        trail,
        vec!["auth.2fa.enabled", "auth.2fa.enabled", "auth.login.failed", "auth.login.failed", "auth.login.failed", "auth.2fa.disabled", "auth.2fa.disabled"]
    );
    let outcomes = app.actions_where("actor_email = $1 AND action LIKE 'auth.2fa.%' AND outcome = 'failed'", BEN).await;
    assert_eq!(outcomes, vec!["auth.2fa.enabled", "auth.2fa.disabled"], "the wrong passwords are recorded");
}
