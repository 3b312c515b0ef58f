//! A realistic 90-day history of portal activity for the demo firm, so that the audit pages,
//! read receipts and engagement figures show something on first run. Written in time order,
//! then sealed like any other events, so `portico audit verify` passes on it.
//!
//! The people behave differently on purpose: Ana signs in most weeks, Ben now and then, Lina
//! often, and Noa stopped 40 days ago (a client "not seen for 30 days"). The newest invoices are
//! left unopened, so "never viewed" has entries.

use crate::audit::event::{insert_batch, EventRow};
use app::audit::action::{Action, Outcome};
use app::util::now_micros;
use crate::db::{Db, OrDb};
use app::error::AppError;

const DAY: i64 = 86_400_000_000;
const MINUTE: i64 = 60_000_000;

struct Person {
    id: i64,
    name: String,
    email: String,
    client_id: i64,
    /// Chance in 100 of a visit on any day.
    visits: u64,
    /// No visits in the most recent this-many days.
    quiet_days: i64,
    ip: &'static str,
    user_agent: &'static str,
}

struct Item {
    id: i64,
    client_id: i64,
    label: String,
    /// Days ago it appeared in the portal.
    age_days: i64,
}

/// A small deterministic generator, so every demo has the same history.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[(self.next() % items.len() as u64) as usize])
    }
}

fn profile(email: &str) -> (u64, i64, &'static str, &'static str) {
    match email {
        "ana@northwind.example" => (30, 0, "203.0.113.24", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"),
        "ben@northwind.example" => (10, 3, "203.0.113.77", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"),
        "lina@balticamber.example" => (40, 0, "198.51.100.14", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"),
        _ => (25, 40, "192.0.2.61", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"),
    }
}

/// Writes the history once (a setting remembers it). Returns the number of events written.
pub async fn load(db: &Db) -> Result<usize, AppError> {
    if !claim(db).await? {
        return Ok(0);
    }
    let events = events(db).await?;
    insert_batch(db, &events).await.or_db()?;
    sqlx::query(crate::audit::queries::SET_LAST_SEEN).execute(&db.pool).await.or_db()?;
    Ok(events.len())
}

/// Claims the history before anything is written: two instances started with --demo (or a
/// restart after a crash) can never write it twice into a trail that cannot be edited. False
/// when it was claimed before.
pub async fn claim(db: &Db) -> Result<bool, AppError> {
    let claimed = sqlx::query("INSERT INTO settings (key, value) VALUES ('demo_history_loaded', $1) ON CONFLICT (key) DO NOTHING")
        .bind(crate::db::date_to_sql(app::services::today()))
        .execute(&db.pool)
        .await
        .or_db()?;
    Ok(claimed.rows_affected() == 1)
}

/// The history's events, oldest first, for the client people, invoices and documents in the
/// database now (ids are assigned when they are written). `demo --scale` merges them into its
/// own five years, so it asks before adding its people.
pub async fn events(db: &Db) -> Result<Vec<EventRow>, AppError> {
    let people: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, email, client_id FROM users WHERE role = 'client' ORDER BY id").fetch_all(&db.pool).await.or_db()?;
    let people: Vec<Person> = people
        .into_iter()
        .map(|(id, name, email, client_id)| {
            let (visits, quiet_days, ip, user_agent) = profile(&email);
            Person { id, name, email, client_id, visits, quiet_days, ip, user_agent }
        })
        .collect();
    let today = app::services::today();
    let invoices: Vec<(i64, i64, String, String)> =
        sqlx::query_as("SELECT id, client_id, number, issue_date FROM invoices WHERE status IN ('open', 'partially_paid', 'paid') ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .or_db()?;
    let invoices: Vec<Item> = invoices
        .into_iter()
        .filter_map(|(id, client_id, number, issued)| {
            let age_days = (today - crate::db::date_from_sql(&issued).ok()?).whole_days();
            // The newest invoices have not been opened yet.
            (age_days > 10).then_some(Item { id, client_id, label: number, age_days })
        })
        .collect();
    let documents: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, client_id, title FROM documents WHERE deleted_at IS NULL ORDER BY id").fetch_all(&db.pool).await.or_db()?;
    let documents: Vec<Item> = documents.into_iter().map(|(id, client_id, label)| Item { id, client_id, label, age_days: 85 }).collect();

    let mut rng = Rng(0x5eed_2026_0001);
    let mut events = Vec::new();
    let start = now_micros() - 90 * DAY;
    for day in 0..90i64 {
        let days_ago = 90 - day;
        for p in &people {
            if days_ago <= p.quiet_days || !rng.chance(p.visits) {
                continue;
            }
            let mut at = start + day * DAY + (8 * 60 + (rng.next() % 600) as i64) * MINUTE;
            let own_invoices: Vec<&Item> = invoices.iter().filter(|i| i.client_id == p.client_id && i.age_days > days_ago).collect();
            let own_documents: Vec<&Item> = documents.iter().filter(|d| d.client_id == p.client_id && d.age_days > days_ago).collect();
            visit(&mut rng, &mut events, p, &mut at, &own_invoices, &own_documents);
        }
        // Now and then someone mistypes an address that belongs to nobody.
        if rng.chance(4) {
            let at = start + day * DAY + (rng.next() % (20 * 60)) as i64 * MINUTE;
            let typo = "ana@northwind.exmaple";
            let details = format!(r#"{{"email":"{typo}"}}"#);
            events.push(event(Err(typo), at, None, Action::AuthLoginFailed, ("user", "", ""), Outcome::Failed, "198.18.0.9", "curl/8.5.0", &details));
        }
    }
    events.sort_by_key(|e| e.occurred_at);
    Ok(events)
}

/// One visit: sign in (after a mistyped password now and then), look around, leave.
fn visit(rng: &mut Rng, events: &mut Vec<EventRow>, p: &Person, at: &mut i64, invoices: &[&Item], documents: &[&Item]) {
    let mut step = |rng: &mut Rng| {
        *at += (1 + rng.next() % 4) as i64 * MINUTE / 2;
        *at
    };
    let user = ("user", p.id.to_string(), p.name.clone());
    let who: Result<&Person, &str> = Ok(p);
    let target = |t: &'static str, item: &Item| (t, item.id.to_string(), item.label.clone());
    if rng.chance(8) {
        let t = step(rng);
        let details = format!(r#"{{"email":"{}"}}"#, p.email);
        events.push(event(Err(&p.email), t, Some(p.client_id), Action::AuthLoginFailed, ("user", "", ""), Outcome::Failed, p.ip, p.user_agent, &details));
    }
    let t = step(rng);
    events.push(event(who, t, Some(p.client_id), Action::AuthLoginSucceeded, (user.0, &user.1, &user.2), Outcome::Success, p.ip, p.user_agent, ""));
    if rng.chance(70) {
        let t = step(rng);
        events.push(event(who, t, Some(p.client_id), Action::InvoiceListViewed, ("invoice_list", "", ""), Outcome::Success, p.ip, p.user_agent, ""));
        for _ in 0..(1 + rng.next() % 2) {
            let Some(inv) = rng.pick(invoices) else { break };
            let (kind, id, label) = target("invoice", inv);
            let t = step(rng);
            events.push(event(who, t, Some(p.client_id), Action::InvoiceViewed, (kind, &id, &label), Outcome::Success, p.ip, p.user_agent, ""));
            if rng.chance(35) {
                let t = step(rng);
                events.push(event(who, t, Some(p.client_id), Action::InvoicePdfDownloaded, (kind, &id, &label), Outcome::Success, p.ip, p.user_agent, ""));
            }
        }
    }
    if rng.chance(55) {
        let t = step(rng);
        events.push(event(who, t, Some(p.client_id), Action::DocumentListViewed, ("document_list", "", ""), Outcome::Success, p.ip, p.user_agent, ""));
        if let Some(doc) = rng.pick(documents) {
            let (kind, id, label) = target("document", doc);
            let action = if rng.chance(50) { Action::DocumentDownloaded } else { Action::DocumentPreviewed };
            let t = step(rng);
            events.push(event(who, t, Some(p.client_id), action, (kind, &id, &label), Outcome::Success, p.ip, p.user_agent, ""));
        }
    }
    if rng.chance(12) {
        let t = step(rng);
        events.push(event(who, t, Some(p.client_id), Action::StatementDownloaded, ("statement", "pdf", "Statement (PDF)"), Outcome::Success, p.ip, p.user_agent, ""));
    }
    let t = step(rng);
    let (action, details) = if rng.chance(60) { (Action::AuthLogout, "") } else { (Action::AuthSessionExpired, r#"{"reason":"idle"}"#) };
    let t = if action == Action::AuthSessionExpired { t + 30 * MINUTE } else { t };
    events.push(event(who, t, Some(p.client_id), action, (user.0, &user.1, &user.2), Outcome::Success, p.ip, p.user_agent, details));
}

#[allow(clippy::too_many_arguments)]
/// `who`: the person, or (not signed in) the email that was tried.
fn event(
    who: Result<&Person, &str>,
    at: i64,
    client_id: Option<i64>,
    action: Action,
    target: (&str, &str, &str),
    outcome: Outcome,
    ip: &str,
    user_agent: &str,
    details: &str,
) -> EventRow {
    let (actor_id, kind, name, email) = match who {
        Ok(p) => (Some(p.id), "client", p.name.clone(), p.email.clone()),
        Err(email) => (None, "anonymous", String::new(), email.to_string()),
    };
    EventRow {
        id: 0,
        occurred_at: at,
        actor_id,
        actor_kind: kind.into(),
        actor_name: name,
        actor_email: email,
        client_id,
        action: action.code().into(),
        target_type: target.0.into(),
        target_id: target.1.into(),
        target_label: target.2.into(),
        outcome: outcome.code().into(),
        source_ip: ip.into(),
        user_agent: user_agent.into(),
        request_id: uuid::Uuid::new_v4().to_string(),
        details: details.into(),
    }
}
