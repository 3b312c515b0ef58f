//! Mail that goes on its own: two instances sending once, reminders on their schedule, the
//! staff digest, and `.eml` files without SMTP.

use super::*;

#[tokio::test]
async fn two_instances_and_a_restart_send_each_mail_once() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let northwind = client_id(&app, "Northwind").await;
    for n in 0..15 {
        issue_invoice(&app, northwind, &format!("INV-TWO-{n}"), 10).await;
    }
    // Two workers, each with its own connections, as two instances on one database.
    let other = server::db::Db::connect(&app.url).await.unwrap();
    let t1 = send::Transport::new(&app.state.config.smtp, app.state.config.outbox_dir.clone()).unwrap();
    let t2 = send::Transport::new(&app.state.config.smtp, app.state.config.outbox_dir.clone()).unwrap();
    let from = app.state.mailer.from.email.clone();
    let now = outbox::now_ms();
    let (a, b) = tokio::join!(send::deliver_due(&app.db, &t1, &from, now), send::deliver_due(&other, &t2, &from, now));
    assert_eq!(a.unwrap() + b.unwrap(), 30);
    // A restart: a new worker on a fresh connection finds nothing left to send.
    let restarted = server::db::Db::connect(&app.url).await.unwrap();
    assert_eq!(send::deliver_due(&restarted, &t1, &from, now + 600_000).await.unwrap(), 0);
    let mut subjects: Vec<(String, String)> = sink.delivered().into_iter().map(|m| (m.subject.clone(), m.to().to_string())).collect();
    assert_eq!(subjects.len(), 30);
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30, "no mail twice");
}

fn at(day: time::Date, hour: u8) -> OffsetDateTime {
    day.with_hms(hour, 0, 0).unwrap().assume_utc()
}

#[tokio::test]
async fn reminders_follow_the_schedule_once_per_step_and_stop_when_paid() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let northwind = client_id(&app, "Northwind").await;
    let id = issue_invoice(&app, northwind, "INV-REM-1", 10).await;
    let due = OffsetDateTime::now_utc().date() + time::Duration::days(10);
    let audit = app.state.services.audit.clone();
    let run = |day: time::Date| {
        let (db, mailer, audit) = (app.db.clone(), app.state.mailer.clone(), audit.clone());
        async move { schedule::run(&db, &mailer, audit.as_ref(), at(day, 9)).await.unwrap() }
    };
    let ours = |sink: &SmtpSink| sink.delivered().into_iter().filter(|m| m.subject.contains("INV-REM-1") && !m.subject.starts_with("New invoice")).map(|m| (m.to().to_string(), m.subject)).map(|(to, s)| (s, to)).collect::<Vec<_>>();
    run(due - time::Duration::days(4)).await;
    deliver(&app).await;
    assert!(ours(&sink).is_empty(), "nothing before the first step");
    run(due - time::Duration::days(3)).await;
    run(due - time::Duration::days(3)).await; // a second run that day (or a second instance)
    deliver(&app).await;
    let first = ours(&sink);
    assert_eq!(first.len(), 2, "Ana and Ben, once each: {first:?}");
    assert!(first.iter().all(|(s, _)| s == &format!("Invoice INV-REM-1 is due on {}", app::i18n::Locale::En.date(due))), "{first:?}");
    run(due).await;
    run(due + time::Duration::days(7)).await;
    deliver(&app).await;
    let subjects: Vec<String> = ours(&sink).into_iter().filter(|(_, to)| to == ANA).map(|(s, _)| s).collect();
    assert_eq!(subjects, vec![format!("Invoice INV-REM-1 is due on {}", app::i18n::Locale::En.date(due)), "Invoice INV-REM-1 is due today".into(), "Invoice INV-REM-1 is overdue".into()]);
    let sam = app.signed_in(SAM).await;
    let shown: serde_json::Value = app.call(&sam, "staff/invoices/reminders", &[("invoice_id", &id.to_string())]).await.json().await.unwrap();
    let steps: Vec<i64> = shown.as_array().unwrap().iter().map(|r| r["step"].as_i64().unwrap()).collect();
    assert_eq!(steps, vec![-3, 0, 7]);
    app.flush_audit().await;
    let events: Vec<(String, Option<i64>, String)> = sqlx::query_as(
        "SELECT actor_kind, client_id, details FROM audit_events WHERE action = 'invoice.reminder_sent' AND target_label = 'INV-REM-1' ORDER BY id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let whens: Vec<String> = events.iter().map(|(_, _, d)| serde_json::from_str::<serde_json::Value>(d).unwrap()["when"].as_str().unwrap().to_string()).collect();
    assert_eq!(whens, vec!["3 days before due", "on the due day", "7 days after due"]);
    assert!(events.iter().all(|(kind, client, _)| kind == "system" && *client == Some(northwind)));
    // Paid in full: the 30-day reminder never goes.
    pay(&app, id, "250.00").await;
    run(due + time::Duration::days(30)).await;
    deliver(&app).await;
    assert_eq!(ours(&sink).iter().filter(|(s, _)| s.ends_with("overdue")).count(), 2, "Ana and Ben got the 7-day one only");

    // The firm's own schedule: one reminder on the due day only.
    let admin = app.signed_in(ADMIN).await;
    let res = app.call(&admin, "staff/settings/reminders/set", &[("invoice", "0"), ("request", "-2")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.call(&admin, "staff/settings/reminders/set", &[("invoice", "soon"), ("request", "")]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let later = issue_invoice(&app, northwind, "INV-REM-2", 5).await;
    let due2 = OffsetDateTime::now_utc().date() + time::Duration::days(5);
    run(due2 - time::Duration::days(3)).await;
    run(due2).await;
    deliver(&app).await;
    let second: Vec<String> = sink.to(ANA).into_iter().filter(|m| m.subject.contains("INV-REM-2") && !m.subject.starts_with("New")).map(|m| m.subject).collect();
    assert_eq!(second, vec!["Invoice INV-REM-2 is due today".to_string()]);
    let _ = later;
}

#[tokio::test]
async fn request_reminders_stop_when_fulfilled_and_the_digest_goes_once_a_day_to_staff_who_ask() {
    let sink = SmtpSink::start();
    let app = mail_app(sink.port).await;
    let northwind = client_id(&app, "Northwind").await;
    let sam = app.signed_in(SAM).await;
    let due = OffsetDateTime::now_utc().date() + time::Duration::days(6);
    let res = app.call(&sam, "staff/document-request", &[("client_id", &northwind.to_string()), ("title", "Bank statements"), ("due_date", &due.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let audit = app.state.services.audit.clone();
    schedule::run(&app.db, &app.state.mailer, audit.as_ref(), at(due - time::Duration::days(3), 9)).await.unwrap();
    deliver(&app).await;
    let reminders = |sink: &SmtpSink| sink.to(ANA).into_iter().filter(|m| m.subject == "Reminder: Harbor & Pine Accounting is waiting for Bank statements").count();
    assert_eq!(reminders(&sink), 1);

    // Sam asks for the digest; a client pays and uploads today.
    assert_eq!(app.call(&sam, "account/mail/set", &[("staff_digest", "on")]).await.status(), StatusCode::OK);
    let id = issue_invoice(&app, northwind, "INV-DIG-1", 10).await;
    pay(&app, id, "50.00").await;
    let now = OffsetDateTime::now_utc();
    let now = if now.hour() < schedule::DIGEST_HOUR { now.replace_hour(schedule::DIGEST_HOUR).unwrap() } else { now };
    schedule::run(&app.db, &app.state.mailer, audit.as_ref(), now).await.unwrap();
    schedule::run(&app.db, &app.state.mailer, audit.as_ref(), now).await.unwrap();
    deliver(&app).await;
    let digests: Vec<Delivered> = sink.delivered().into_iter().filter(|m| m.subject.contains("what clients did on")).collect();
    assert_eq!(digests.iter().map(Delivered::to).collect::<Vec<_>>(), vec![SAM], "once, to the staff member who asked");
    assert!(digests[0].text.contains("Northwind Studio LLC: INV-DIG-1, €50.00"), "{}", digests[0].text);
}

#[tokio::test]
async fn without_smtp_mails_are_written_as_eml_files() {
    let mut config = server::config::Config::for_tests();
    config.mail_worker = true;
    let dir = config.outbox_dir.clone();
    let app = spawn_with(config).await;
    let sam = app.signed_in(SAM).await;
    let northwind = client_id(&app, "Northwind").await;
    app.call(&sam, "people/invite", &[("client_id", &northwind.to_string()), ("name", "File Person"), ("email", "file@northwind.example")]).await;
    let mut found = None;
    for _ in 0..100 {
        found = std::fs::read_dir(&dir).ok().and_then(|d| d.flatten().map(|e| e.path()).find(|p| p.to_string_lossy().ends_with("-invitation.eml")));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let eml = std::fs::read_to_string(found.expect("an .eml file")).unwrap();
    assert!(eml.contains("To: \"File Person\" <file@northwind.example>") || eml.contains("To: File Person <file@northwind.example>"), "{eml}");
    assert!(eml.contains("Subject: Harbor & Pine Accounting invites you to its client portal"));
    let _ = std::fs::remove_dir_all(dir);
}
