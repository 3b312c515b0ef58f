//! Mails that time causes: payment reminders, document request reminders and the staff
//! digest. [`run`] takes the time as an argument (tests pass their own clock) and may run on
//! every instance at once: each reminder step and each day's digest is claimed by a primary key
//! in the transaction that queues its mails, so it goes once.

use app::audit::action::Action;
use super::compose::Letter;
use super::outbox::queue;
use super::queue::{client_people, date, invoice_facts, money};
use super::text::{fill, T};
use super::{prefs, Kind, Mailer, Recipient, RECIPIENT_LOCALE};
use crate::db::{date_to_sql, Db, OrDb};
use app::error::AppError;
use app::services::{AuditEntry, AuditEvent, AuditLog};
use time::{Date, Duration, OffsetDateTime};

/// Days from the due date on which reminders go (negative: before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub invoice: Vec<i64>,
    pub request: Vec<i64>,
}

pub const DEFAULT_INVOICE: &str = "-3,0,7,30";
pub const DEFAULT_REQUEST: &str = "-3,-1";
/// The digest goes at the first run after this hour (UTC).
pub const DIGEST_HOUR: u8 = 6;

/// `-3, 0, 7` → `[-3, 0, 7]`: at most 8 steps, each within a year of the due date.
pub fn parse_steps(s: &str) -> Result<Vec<i64>, AppError> {
    let mut steps = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.trim_start_matches('+').parse::<i64>() {
            Ok(n) if (-365..=365).contains(&n) => steps.push(n),
            _ => return Err(AppError::invalid("steps", "invalid_steps")),
        }
    }
    if steps.len() > 8 {
        return Err(AppError::invalid("steps", "invalid_steps"));
    }
    steps.sort_unstable();
    steps.dedup();
    Ok(steps)
}

pub fn format_steps(steps: &[i64]) -> String {
    steps.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

pub async fn load(db: &Db) -> Result<Schedule, AppError> {
    let get = |key: &'static str, default: &'static str| async move {
        let v = db.setting(key).await.map_err(|_| AppError::Unavailable)?;
        parse_steps(v.as_deref().unwrap_or(default))
    };
    Ok(Schedule { invoice: get("reminders.invoice", DEFAULT_INVOICE).await?, request: get("reminders.request", DEFAULT_REQUEST).await? })
}

pub async fn save(db: &Db, s: &Schedule) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.or_db()?;
    for (key, steps) in [("reminders.invoice", &s.invoice), ("reminders.request", &s.request)] {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(format_steps(steps))
            .execute(&mut *tx)
            .await
            .or_db()?;
    }
    tx.commit().await.or_db()
}

/// The step to send today for something due on `due` and created on `since`: the latest step
/// that has come, if it came after the thing existed. Older steps missed (the server was off)
/// are not sent late, so nobody gets three reminders at once.
pub fn step_due(steps: &[i64], due: Date, since: Date, today: Date) -> Option<i64> {
    steps.iter().copied().filter(|s| due + Duration::days(*s) <= today && due + Duration::days(*s) >= since).max()
}

/// "7 days after due", "on the due day", "3 days before due": how staff see a step.
pub fn describe_step(step: i64) -> String {
    match step {
        0 => "on the due day".into(),
        1 => "1 day after due".into(),
        -1 => "1 day before due".into(),
        s if s > 0 => format!("{s} days after due"),
        s => format!("{} days before due", -s),
    }
}

pub async fn run(db: &Db, m: &Mailer, audit: &dyn AuditLog, now: OffsetDateTime) -> Result<(), AppError> {
    let schedule = load(db).await?;
    let today = now.date();
    invoice_reminders(db, m, audit, &schedule.invoice, today).await?;
    request_reminders(db, m, audit, &schedule.request, today).await?;
    if now.hour() >= DIGEST_HOUR {
        digest(db, m, now).await?;
    }
    Ok(())
}

/// Claims a reminder step; false when another run (or instance) already sent it.
async fn claim_step(conn: &mut sqlx::AnyConnection, target_type: &str, id: i64, step: i64) -> Result<bool, AppError> {
    let done = sqlx::query("INSERT INTO reminders_sent (target_type, target_id, step, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(target_type)
        .bind(id)
        .bind(step)
        .bind(crate::db::now_secs())
        .execute(&mut *conn)
        .await
        .or_db()?;
    Ok(done.rows_affected() == 1)
}

fn reminder_event(action: Action, client_id: i64, target: (&'static str, i64, String), step: i64, mails: usize) -> AuditEvent {
    let details = serde_json::json!({ "step": step, "when": describe_step(step), "mails": mails });
    AuditEvent {
        actor: None,
        entry: AuditEntry::success(action, Some(client_id), (target.0, target.1.to_string(), target.2), details).by_system(),
        source_ip: String::new(),
        user_agent: String::new(),
        request_id: String::new(),
    }
}

async fn invoice_reminders(db: &Db, m: &Mailer, audit: &dyn AuditLog, steps: &[i64], today: Date) -> Result<(), AppError> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else { return Ok(()) };
    // Only invoices whose due date puts one of the steps on or before today, and not too long ago.
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, due_date, COALESCE(issued_at, created_at) FROM invoices WHERE status IN ('open', 'partially_paid') AND due_date >= $1 AND due_date <= $2",
    )
    .bind(date_to_sql(today - Duration::days(*last)))
    .bind(date_to_sql(today - Duration::days(*first)))
    .fetch_all(&db.pool)
    .await
    .or_db()?;
    for (id, due, issued) in rows {
        let due = crate::db::date_from_sql(&due)?;
        let since = OffsetDateTime::from_unix_timestamp(issued).map(|t| t.date()).unwrap_or(today);
        let Some(step) = step_due(steps, due, since, today) else { continue };
        let mut tx = db.begin_write().await.or_db()?;
        if !claim_step(&mut tx, "invoice", id, step).await? {
            continue;
        }
        let inv = invoice_facts(&mut tx, id).await?;
        let firm = &m.firm_name();
        let days = step.abs().to_string();
        let (subject, body) = match step {
            s if s < 0 => (T::ReminderBeforeSubject, T::ReminderBeforeBody),
            0 => (T::ReminderDueSubject, T::ReminderDueBody),
            _ => (T::ReminderAfterSubject, T::ReminderAfterBody),
        };
        let people = client_people(&mut tx, inv.client_id, "can_billing", Kind::InvoiceReminder).await?;
        for to in &people {
            let letter = Letter::new(Kind::InvoiceReminder, to, Some(inv.client_id), subject, &[("number", &inv.number), ("date", &inv.due(to.locale))])
                .text(body, &[("number", &inv.number), ("firm", firm), ("days", &days)])
                .fact(T::AmountDue, inv.balance(to.locale))
                .fact(T::DueOn, inv.due(to.locale))
                .action(T::ViewInvoice, format!("/invoices/{id}"));
            queue(&mut tx, m, &letter).await?;
        }
        tx.commit().await.or_db()?;
        audit.record(reminder_event(Action::InvoiceReminderSent, inv.client_id, ("invoice", id, inv.number.clone()), step, people.len())).await;
    }
    Ok(())
}

async fn request_reminders(db: &Db, m: &Mailer, audit: &dyn AuditLog, steps: &[i64], today: Date) -> Result<(), AppError> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else { return Ok(()) };
    let rows: Vec<(i64, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT r.id, r.client_id, c.name, r.title, r.due_date, r.created_at FROM document_requests r JOIN clients c ON c.id = r.client_id \
         WHERE r.status = 'open' AND r.due_date IS NOT NULL AND r.due_date >= $1 AND r.due_date <= $2",
    )
    .bind(date_to_sql(today - Duration::days(*last)))
    .bind(date_to_sql(today - Duration::days(*first)))
    .fetch_all(&db.pool)
    .await
    .or_db()?;
    for (id, client_id, client, title, due_s, created) in rows {
        let due = crate::db::date_from_sql(&due_s)?;
        let since = OffsetDateTime::from_unix_timestamp(created).map(|t| t.date()).unwrap_or(today);
        let Some(step) = step_due(steps, due, since, today) else { continue };
        let mut tx = db.begin_write().await.or_db()?;
        if !claim_step(&mut tx, "request", id, step).await? {
            continue;
        }
        let firm = &m.firm_name();
        let people = client_people(&mut tx, client_id, "can_documents", Kind::RequestReminder).await?;
        for to in &people {
            let letter = Letter::new(Kind::RequestReminder, to, Some(client_id), T::RequestReminderSubject, &[("firm", firm), ("title", &title)])
                .text(T::RequestReminderBody, &[("firm", firm), ("title", &title), ("client", &client), ("date", &date(to.locale, &due_s))])
                .fact(T::RequestDue, date(to.locale, &due_s))
                .action(T::UploadAction, "/documents#requests".into());
            queue(&mut tx, m, &letter).await?;
        }
        tx.commit().await.or_db()?;
        audit.record(reminder_event(Action::RequestReminderSent, client_id, ("request", id, title.clone()), step, people.len())).await;
    }
    Ok(())
}

/// Once a day, to staff who asked for it: what clients did in the portal in the last 24 hours.
/// An empty day sends nothing.
async fn digest(db: &Db, m: &Mailer, now: OffsetDateTime) -> Result<(), AppError> {
    let day = date_to_sql(now.date());
    let since = (now - Duration::days(1)).unix_timestamp();
    let mut tx = db.begin_write().await.or_db()?;
    let claimed = sqlx::query("INSERT INTO digests_sent (day, sent_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(&day)
        .bind(now.unix_timestamp())
        .execute(&mut *tx)
        .await
        .or_db()?;
    if claimed.rows_affected() == 0 {
        return Ok(());
    }
    let uploads: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.name, d.title FROM document_versions v JOIN documents d ON d.id = v.document_id JOIN clients c ON c.id = d.client_id \
         JOIN users u ON u.id = v.uploaded_by WHERE u.role = 'client' AND v.created_at >= $1 ORDER BY v.created_at LIMIT 200",
    )
    .bind(since)
    .fetch_all(&mut *tx)
    .await
    .or_db()?;
    let fulfilled: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.name, r.title FROM document_requests r JOIN clients c ON c.id = r.client_id WHERE r.fulfilled_at >= $1 ORDER BY r.fulfilled_at LIMIT 200",
    )
    .bind(since)
    .fetch_all(&mut *tx)
    .await
    .or_db()?;
    let payments: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT c.name, i.number, p.amount_minor, i.currency FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN clients c ON c.id = i.client_id \
         WHERE p.kind = 'payment' AND p.created_at >= $1 ORDER BY p.created_at LIMIT 200",
    )
    .bind(since)
    .fetch_all(&mut *tx)
    .await
    .or_db()?;
    if uploads.is_empty() && fulfilled.is_empty() && payments.is_empty() {
        return tx.commit().await.or_db();
    }
    let staff: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
        "SELECT u.id, u.name, u.email, {RECIPIENT_LOCALE} FROM users u WHERE u.role IN ('staff', 'admin') AND u.disabled_at IS NULL AND u.password_hash <> '' AND {} ORDER BY u.id",
        prefs::wants(Kind::StaffDigest, "$1")
    ))
    .bind(Kind::StaffDigest.as_str())
    .fetch_all(&mut *tx)
    .await
    .or_db()?;
    let firm = &m.firm_name();
    for (user_id, name, email, locale) in staff {
        let to = Recipient::new(user_id, name, email, &locale);
        let l = to.locale;
        let section = |title: T, lines: Vec<String>| (!lines.is_empty()).then(|| format!("{}:\n{}", fill(l, title, &[]), lines.iter().map(|x| format!("• {x}")).collect::<Vec<_>>().join("\n")));
        let sections = [
            section(T::DigestUploads, uploads.iter().map(|(c, t)| format!("{c}: {t}")).collect()),
            section(T::DigestFulfilled, fulfilled.iter().map(|(c, t)| format!("{c}: {t}")).collect()),
            section(T::DigestPayments, payments.iter().map(|(c, n, a, cur)| format!("{c}: {n}, {}", money(l, *a, cur))).collect()),
        ];
        let mut letter = Letter::new(Kind::StaffDigest, &to, None, T::DigestSubject, &[("firm", firm), ("date", &l.date(now.date()))])
            .text(T::DigestBody, &[]);
        for s in sections.into_iter().flatten() {
            letter = letter.para(s);
        }
        queue(&mut tx, m, &letter.action(T::OpenActivity, "/staff/audit".into())).await?;
    }
    tx.commit().await.or_db()
}
