//! Satisfaction surveys: asked after a closed conversation, after a fulfilled document request
//! and on the firm's schedule, never twice too soon; answered once by the person asked; the
//! answers on the staff dashboard.

use crate::documents::PDF;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn waiting(app: &TestApp, who: &reqwest::Client) -> Option<i64> {
    app.call(who, "portal", &[]).await.json::<Value>().await.unwrap()["survey"].as_i64()
}

async fn mails(app: &TestApp, email: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'survey_requested' AND to_address LIKE $1").bind(format!("%{email}%")).fetch_one(&app.db.pool).await.unwrap()
}

async fn surveys(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM surveys").fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn a_closed_conversation_asks_its_starter_once_and_the_answer_reaches_the_dashboard() {
    let app = spawn_app().await;
    let (ana, sam, lina) = (app.signed_in(ANA).await, app.signed_in(SAM).await, app.signed_in(LINA).await);
    let conversation = crate::messages::start(&app, &ana, &[("subject", "Quarterly VAT".into()), ("body", "When is it due?".into())], vec![]).await.to_string();
    assert_eq!(waiting(&app, &ana).await, None);
    let close = |closed: &'static str| {
        let form = [("id", conversation.clone()), ("closed", closed.to_string())];
        let (app, sam) = (&app, &sam);
        async move { app.call(sam, "staff/conversation/close", &[("id", form[0].1.as_str()), ("closed", form[1].1.as_str())]).await }
    };
    assert_eq!(close("true").await.status(), StatusCode::OK);

    // Ana is asked, in the portal and by mail.
    let id = waiting(&app, &ana).await.expect("a survey waits for Ana");
    assert_eq!(mails(&app, ANA).await, 1);
    let survey: Value = app.call(&ana, "survey", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!((survey["kind"].as_str(), survey["prompt"].as_str()), (Some("csat"), Some("conversation")));
    assert!(survey["question"].as_str().unwrap().contains("Quarterly VAT"), "{survey}");
    // Nobody else reaches it.
    assert_eq!(app.call(&lina, "survey", &[("id", &id.to_string())]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.call(&lina, "survey/answer", &[("id", &id.to_string()), ("score", "5")]).await.status(), StatusCode::NOT_FOUND);

    // She answers once; a second answer is refused.
    let res = app.call(&ana, "survey/answer", &[("id", &id.to_string()), ("score", "2"), ("comment", "The answer took a week.")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = app.call(&ana, "survey/answer", &[("id", &id.to_string()), ("score", "5")]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().await.unwrap().contains("already_answered"));
    assert_eq!(waiting(&app, &ana).await, None);
    let (_, email, client, _, _, d) = app.last_event("survey.answered").await.unwrap();
    assert_eq!((email.as_str(), client, d["score"].as_i64()), (ANA, Some(client_id(&app, "Northwind").await), Some(2)));

    // Closing it again asks nothing more.
    assert_eq!(close("false").await.status(), StatusCode::OK);
    assert_eq!(close("true").await.status(), StatusCode::OK);
    assert_eq!(surveys(&app).await, 1);

    // Staff see the answer, the comment, and Northwind needing attention.
    let d: Value = app.call(&sam, "staff/dashboard", &[]).await.json().await.unwrap();
    let s = &d["satisfaction"];
    assert_eq!((s["overall"]["csat_answers"].as_i64(), s["overall"]["csat_sum"].as_i64()), (Some(1), Some(2)));
    assert_eq!(s["comments"][0]["comment"], "The answer took a week.");
    assert_eq!(s["clients"][0]["client_name"], "Northwind Studio LLC");
    let northwind = d["attention"].as_array().unwrap().iter().find(|a| a["client_name"] == "Northwind Studio LLC").expect("Northwind needs attention");
    assert!(northwind["reasons"].as_array().unwrap().contains(&json!({ "kind": "low_satisfaction", "average_tenths": 20, "answers": 1 })), "{northwind}");
    let csv = app.get(&sam, "/staff/dashboard/satisfaction.csv").await.text().await.unwrap();
    assert!(csv.lines().any(|l| l.contains("Northwind Studio LLC,2.00,1,,0,")), "{csv}");
}

#[tokio::test]
async fn scores_outside_the_question_are_refused() {
    let app = spawn_app().await;
    let ana = app.signed_in(ANA).await;
    let northwind = client_id(&app, "Northwind").await;
    let ana_id = app.user_id(ANA).await;
    let id = app.state.services.surveys.after_request(ana_id, northwind, 1, "Signed NDA").await.unwrap().expect("asked").to_string();
    for (score, code) in [("0", "invalid_score"), ("6", "invalid_score"), ("", "required"), ("many", "")] {
        let res = app.call(&ana, "survey/answer", &[("id", &id), ("score", score)]).await;
        assert!(res.status().is_client_error(), "{score}: {}", res.status());
        assert!(res.text().await.unwrap().contains(code), "{score}");
    }
    let answered: Option<i64> = sqlx::query_scalar("SELECT answered_at FROM surveys").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(answered, None);
}

#[tokio::test]
async fn a_fulfilled_request_asks_the_person_who_sent_the_file() {
    let app = spawn_app().await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    let res = app.call(&sam, "staff/document-request", &[("client_id", &northwind.to_string()), ("title", "Signed NDA")]).await;
    let request: i64 = res.json().await.unwrap();
    let ana = app.signed_in(ANA).await;
    let res = crate::documents::upload(&app, &ana, &[("request_id", request.to_string())], vec![("nda.pdf", PDF.to_vec())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let id = waiting(&app, &ana).await.expect("asked");
    let survey: Value = app.call(&ana, "survey", &[("id", &id.to_string())]).await.json().await.unwrap();
    assert_eq!(survey["prompt"], "request");
}

#[tokio::test]
async fn the_schedule_asks_each_person_once_per_period_and_the_recommendation_first() {
    let app = spawn_app().await;
    let s = &app.state.services.surveys;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // Off until an admin sets it; then every quarter.
    assert_eq!(s.schedule(now, 500).await.unwrap(), 0);
    let admin = app.signed_in(ADMIN).await;
    assert_eq!(app.call(&admin, "staff/settings/surveys/set", &[("every_days", "91")]).await.status(), StatusCode::OK);
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'client' AND disabled_at IS NULL AND password_hash <> ''").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(s.schedule(now, 500).await.unwrap() as i64, active);
    let kinds: Vec<String> = sqlx::query_scalar("SELECT DISTINCT kind FROM surveys").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(kinds, ["nps"], "never asked it: the recommendation question first");
    // Again in the same period, or a week later: nobody is asked twice.
    assert_eq!(s.schedule(now, 500).await.unwrap(), 0);
    assert_eq!(s.schedule(now + 7 * 86_400, 500).await.unwrap(), 0);
    // A quarter later: the satisfaction question, since the recommendation was asked lately.
    assert_eq!(s.schedule(now + 92 * 86_400, 500).await.unwrap() as i64, active);
    let csat: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM surveys WHERE kind = 'csat'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(csat, active);
    // Off: nobody.
    assert_eq!(app.call(&admin, "staff/settings/surveys/set", &[("every_days", "0")]).await.status(), StatusCode::OK);
    assert_eq!(s.schedule(now + 400 * 86_400, 500).await.unwrap(), 0);
    assert_eq!(app.call(&admin, "staff/settings/surveys/set", &[("every_days", "-1")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
