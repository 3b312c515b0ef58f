//! Five years of audit events, written day by day in time order so that ids follow time (the
//! sealer seals by id, and the pages read newest first by id).
//!
//! Staff events follow the data: each invoice is created and issued (some voided) on its issue
//! day, each payment is recorded on its day, each reminder is sent (by the system) on its day,
//! each document version is uploaded on its day. The
//! rest are the client people's visits: sign-ins (a mistyped password now and then), invoice
//! lists, invoices viewed and downloaded, statements, documents, sign-outs, each only for what
//! the person's permissions allow and what existed that day. Visits follow the number of active
//! people, fewer at weekends. The demo firm's own 90-day history is merged in at its times.

use super::bulk::{Tx, Val};
use super::model::{Calendar, Model, Person, Staff, DAY_MICROS};
use super::rng::{apportion, Rng};
use super::words::USER_AGENTS;
use crate::audit::event::EventRow;
use app::audit::action::{Action, Outcome};
use app::invoices::model::InvoiceStatus;
use app::money::{Currency, Money};

const MINUTE: i64 = 60_000_000;
const HOUR: i64 = 60 * MINUTE;
const OFFICE_IP: &str = "198.51.100.10";

/// Writes exactly `total` generated events plus `history` (the demo firm's), oldest first.
/// Returns the number written.
pub async fn write(tx: &mut Tx, rng: &Rng, cal: &Calendar, total: u64, model: &Model, history: Vec<EventRow>, progress: &dyn Fn(u64)) -> Result<u64, sqlx::Error> {
    tx.lock_trail().await?;
    tx.audit_months(cal.micros(0), cal.micros(cal.today + 1)).await?;
    let plan = Plan::new(cal, total, model);
    let mut history_by_day: Vec<Vec<EventRow>> = (0..=cal.today).map(|_| Vec::new()).collect();
    for e in history {
        let day = ((e.occurred_at - cal.micros(0)) / DAY_MICROS).clamp(0, cal.today as i64) as usize;
        history_by_day[day].push(e);
    }
    let mut gen = Gen { r: rng.fork(0xA0D17), cal, model, plan: &plan, staff_left: total, day: 0, events: Vec::new(), cursors: [0; 4] };
    // Every column but the id, which the database assigns in the order the rows arrive.
    let columns: Vec<&str> = crate::audit::event::COLUMNS.trim_start_matches("id, ").split(", ").collect();
    let mut w = tx.table("audit_events", &columns).await?;
    let mut written = 0;
    for day in 0..=cal.today {
        gen.day(day);
        gen.events.append(&mut history_by_day[day as usize]);
        gen.events.sort_by_key(|e| e.occurred_at);
        for e in gen.events.drain(..) {
            w.row(&[
                e.occurred_at.into(),
                e.actor_id.into(),
                (&e.actor_kind).into(),
                (&e.actor_name).into(),
                (&e.actor_email).into(),
                e.client_id.into(),
                (&e.action).into(),
                (&e.target_type).into(),
                (&e.target_id).into(),
                (&e.target_label).into(),
                (&e.outcome).into(),
                (&e.source_ip).into(),
                (&e.user_agent).into(),
                (&e.request_id).into(),
                Val::Text(&e.details),
            ])
            .await?;
            written += 1;
            progress(1);
        }
    }
    w.finish().await?;
    Ok(written)
}

/// What is known before the first day: the order of staff work and the visits per day.
struct Plan {
    /// Payments and reminders (indices) by day.
    payments: Vec<u32>,
    reminders: Vec<u32>,
    /// How many people of each client get billing mail.
    billing_people: Vec<usize>,
    /// Document versions `(day, document, version)` by day.
    uploads: Vec<(u32, u32, i64)>,
    /// Client events per day.
    visits: Vec<u64>,
    /// People (indices) in the order their client joined, with running sums of their activity.
    people: Vec<u32>,
    activity: Vec<u64>,
    /// Each client's invoices and documents (indices), in date order.
    invoices_of: Vec<Vec<u32>>,
    documents_of: Vec<Vec<u32>>,
}

impl Plan {
    fn new(cal: &Calendar, total: u64, m: &Model) -> Plan {
        let mut payments: Vec<u32> = (0..m.payments.len() as u32).collect();
        payments.sort_by_key(|&i| (m.payments[i as usize].day, i));
        let mut reminders: Vec<u32> = (0..m.reminders.len() as u32).collect();
        reminders.sort_by_key(|&i| (m.reminders[i as usize].day, i));
        let mut billing_people = vec![0; m.clients.len()];
        for p in m.people.iter().filter(|p| p.billing) {
            billing_people[p.client as usize] += 1;
        }
        let mut uploads: Vec<(u32, u32, i64)> =
            m.documents.iter().enumerate().flat_map(|(i, d)| (1..=d.versions).map(move |v| (d.day + 7 * (v as u32 - 1), i as u32, v))).collect();
        uploads.retain(|u| u.0 <= cal.today);
        uploads.sort_unstable();
        let staff_events: u64 = m.invoices.iter().map(|i| 1 + (i.status != InvoiceStatus::Draft) as u64 + (i.status == InvoiceStatus::Void) as u64).sum::<u64>()
            + m.payments.len() as u64
            + m.reminders.len() as u64
            + uploads.len() as u64;
        let mut people: Vec<u32> = (0..m.people.len() as u32).collect();
        people.sort_by_key(|&p| (m.clients[m.people[p as usize].client as usize].since, p));
        let mut sum = 0;
        let activity: Vec<u64> = people.iter().map(|&p| {
            sum += m.people[p as usize].activity.max(1);
            sum
        }).collect();
        let weights: Vec<f64> = (0..=cal.today)
            .map(|d| {
                let active = people.partition_point(|&p| m.clients[m.people[p as usize].client as usize].since <= d);
                let weekend = matches!(cal.date(d).weekday(), time::Weekday::Saturday | time::Weekday::Sunday);
                active.checked_sub(1).map_or(0, |i| activity[i]) as f64 * if weekend { 0.35 } else { 1.0 }
            })
            .collect();
        let visits = apportion(total.saturating_sub(staff_events), &weights, 0);
        let mut invoices_of: Vec<Vec<u32>> = (0..m.clients.len()).map(|_| Vec::new()).collect();
        for (i, inv) in m.invoices.iter().enumerate() {
            invoices_of[inv.client as usize].push(i as u32);
        }
        let mut documents_of: Vec<Vec<u32>> = (0..m.clients.len()).map(|_| Vec::new()).collect();
        for (i, d) in m.documents.iter().enumerate() {
            documents_of[d.client as usize].push(i as u32);
        }
        for list in &mut documents_of {
            list.sort_by_key(|&i| (m.documents[i as usize].day, i));
        }
        Plan { payments, reminders, billing_people, uploads, visits, people, activity, invoices_of, documents_of }
    }
}

struct Gen<'a> {
    r: Rng,
    cal: &'a Calendar,
    model: &'a Model,
    plan: &'a Plan,
    /// Staff events that may still be written (the total is exact even if the data asked more).
    staff_left: u64,
    day: u32,
    events: Vec<EventRow>,
    /// Next invoice, payment, upload and reminder to report.
    cursors: [usize; 4],
}

impl Gen<'_> {
    /// All of one day's generated events, in no particular order.
    fn day(&mut self, day: u32) {
        self.day = day;
        self.staff_work();
        self.reminders();
        let quota = self.plan.visits[day as usize] as usize;
        let start = self.events.len();
        while self.events.len() - start < quota {
            self.visit();
        }
        self.events.truncate(start + quota);
    }

    /// The next step of a visit, 20 s to 3 min after the last; `t` is the offset into the day.
    fn next(&mut self, t: &mut i64) -> i64 {
        *t += self.r.range(20, 180) * 1_000_000;
        self.at(*t)
    }

    /// The time `offset` into the day; today is squeezed into the part that has passed.
    fn at(&self, offset: i64) -> i64 {
        let base = self.cal.micros(self.day);
        let offset = offset.clamp(0, DAY_MICROS - 1);
        if self.day == self.cal.today {
            let span = (self.cal.now_micros - base - 1_000_000).max(1);
            base + (offset as i128 * span as i128 / DAY_MICROS as i128) as i64
        } else {
            base + offset
        }
    }

    fn push_staff(&mut self, at: i64, client_id: i64, action: Action, target: (&str, String, String), details: String) {
        if self.staff_left == 0 || self.model.staff.is_empty() {
            return;
        }
        self.staff_left -= 1;
        let s: &Staff = self.r.pick(&self.model.staff);
        let (id, kind, name, email) = (s.id, s.role.clone(), s.name.clone(), s.email.clone());
        let request_id = self.r.uuid();
        self.events.push(row(at, Some(id), kind, name, email, Some(client_id), action, target, Outcome::Success, OFFICE_IP, USER_AGENTS[1], request_id, details));
    }

    fn staff_work(&mut self) {
        let (m, plan) = (self.model, self.plan);
        while let Some(inv) = m.invoices.get(self.cursors[0]).filter(|i| i.issue_day == self.day) {
            self.cursors[0] += 1;
            let client_id = m.clients[inv.client as usize].id;
            let offset = 8 * HOUR + self.r.range(0, 10 * HOUR);
            let target = || ("invoice", inv.id.to_string(), inv.number());
            self.push_staff(self.at(offset), client_id, Action::InvoiceCreated, target(), String::new());
            if inv.status != InvoiceStatus::Draft {
                let t = self.at(offset + 2 * MINUTE);
                self.push_staff(t, client_id, Action::InvoiceIssued, target(), String::new());
            }
            if inv.status == InvoiceStatus::Void {
                let t = self.at(offset + HOUR);
                let details = serde_json::json!({ "reason": "Issued in error" }).to_string();
                self.push_staff(t, client_id, Action::InvoiceVoided, target(), details);
            }
        }
        while let Some(&pi) = plan.payments.get(self.cursors[1]).filter(|&&p| m.payments[p as usize].day == self.day) {
            self.cursors[1] += 1;
            let p = &m.payments[pi as usize];
            let inv = &m.invoices[p.invoice as usize];
            let client = &m.clients[inv.client as usize];
            let amount = Currency::parse(client.currency).map(|c| Money::new(p.amount, c).decimal()).unwrap_or_default();
            let details = serde_json::json!({ "payment_id": p.id, "amount": amount, "paid_on": self.cal.sql_date(p.day), "method": p.method }).to_string();
            let offset = 9 * HOUR + self.r.range(0, 8 * HOUR);
            let t = self.at(offset);
            self.push_staff(t, client.id, Action::PaymentRecorded, ("invoice", inv.id.to_string(), inv.number()), details);
        }
        while let Some(&(_, di, version)) = plan.uploads.get(self.cursors[2]).filter(|u| u.0 == self.day) {
            self.cursors[2] += 1;
            let d = &m.documents[di as usize];
            let client_id = m.clients[d.client as usize].id;
            let offset = 8 * HOUR + self.r.range(0, 12 * HOUR);
            let t = self.at(offset);
            let target = ("document", d.id.to_string(), d.title.clone());
            let details = serde_json::json!({ "version": version, "file_name": d.file_name }).to_string();
            match d.uploader {
                Some(u) if self.staff_left > 0 => {
                    self.staff_left -= 1;
                    let p = &m.people[u as usize];
                    let request_id = self.r.uuid();
                    self.events.push(person_row(p, t, client_id, Action::DocumentUploaded, target, Outcome::Success, request_id, details));
                }
                Some(_) => {}
                None => self.push_staff(t, client_id, Action::DocumentUploaded, target, details),
            }
        }
    }

    /// The day's payment reminders, as the mail scheduler records them (by the system).
    fn reminders(&mut self) {
        let (m, plan) = (self.model, self.plan);
        while let Some(&ri) = plan.reminders.get(self.cursors[3]).filter(|&&r| m.reminders[r as usize].day == self.day) {
            self.cursors[3] += 1;
            if self.staff_left == 0 {
                continue;
            }
            self.staff_left -= 1;
            let reminder = &m.reminders[ri as usize];
            let inv = &m.invoices[reminder.invoice as usize];
            let client_id = m.clients[inv.client as usize].id;
            let mails = plan.billing_people[inv.client as usize];
            let details = serde_json::json!({ "step": reminder.step, "when": crate::mail::schedule::describe_step(reminder.step), "mails": mails }).to_string();
            let offset = 6 * HOUR + self.r.range(0, 10 * MINUTE);
            let at = self.at(offset);
            let target = ("invoice", inv.id.to_string(), inv.number());
            self.events.push(row(at, None, "system".into(), String::new(), String::new(), Some(client_id), Action::InvoiceReminderSent, target, Outcome::Success, "", "", String::new(), details));
        }
    }

    /// One person's visit: sign in, look around, leave.
    fn visit(&mut self) {
        let (m, plan) = (self.model, self.plan);
        let active = self.plan.people.partition_point(|&p| m.clients[m.people[p as usize].client as usize].since <= self.day);
        let Some(sum) = active.checked_sub(1).map(|i| self.plan.activity[i]) else { return self.idle() };
        let x = self.r.below(sum);
        let p = &m.people[self.plan.people[self.plan.activity[..active].partition_point(|&a| a <= x)] as usize];
        let c = &m.clients[p.client as usize];
        let mut t = 7 * HOUR + self.r.range(0, 15 * HOUR);
        let user = ("user", p.id.to_string(), p.name.clone());
        if self.r.chance(6) {
            let at = self.next(&mut t);
            let details = serde_json::json!({ "email": p.email }).to_string();
            let request_id = self.r.uuid();
            let failed = row(at, None, "anonymous".into(), String::new(), p.email.clone(), Some(c.id), Action::AuthLoginFailed, ("user", String::new(), String::new()), Outcome::Failed, &p.ip, USER_AGENTS[p.user_agent as usize], request_id, details);
            self.events.push(failed);
        }
        let at = self.next(&mut t);
        self.person(p, at, Action::AuthLoginSucceeded, user.clone(), String::new());
        if p.billing && self.r.chance(75) {
            let at = self.next(&mut t);
            self.person(p, at, Action::InvoiceListViewed, ("invoice_list", String::new(), String::new()), String::new());
            let list = &plan.invoices_of[p.client as usize];
            let issued = list.partition_point(|&i| m.invoices[i as usize].issue_day <= self.day);
            for _ in 0..self.r.range(1, 3) {
                if issued == 0 {
                    break;
                }
                let inv = &m.invoices[list[issued - 1 - self.r.below(issued.min(15) as u64) as usize] as usize];
                if inv.status == InvoiceStatus::Draft {
                    continue;
                }
                let target = ("invoice", inv.id.to_string(), inv.number());
                let at = self.next(&mut t);
                self.person(p, at, Action::InvoiceViewed, target.clone(), String::new());
                if self.r.chance(30) {
                    let at = self.next(&mut t);
                    self.person(p, at, Action::InvoicePdfDownloaded, target, String::new());
                }
            }
            if self.r.chance(10) {
                let at = self.next(&mut t);
                let action = if self.r.chance(50) { Action::StatementViewed } else { Action::StatementDownloaded };
                self.person(p, at, action, ("statement", "pdf".into(), "Statement (PDF)".into()), String::new());
            }
        }
        if p.documents && self.r.chance(50) {
            let at = self.next(&mut t);
            self.person(p, at, Action::DocumentListViewed, ("document_list", String::new(), String::new()), String::new());
            let list = &plan.documents_of[p.client as usize];
            let filed = list.partition_point(|&i| m.documents[i as usize].day <= self.day);
            if filed > 0 && self.r.chance(60) {
                let d = &m.documents[list[self.r.below(filed as u64) as usize] as usize];
                let action = *self.r.pick(&[Action::DocumentViewed, Action::DocumentPreviewed, Action::DocumentDownloaded]);
                let at = self.next(&mut t);
                self.person(p, at, action, ("document", d.id.to_string(), d.title.clone()), String::new());
            }
        }
        let (action, details, idle) = if self.r.chance(60) { (Action::AuthLogout, String::new(), 0) } else { (Action::AuthSessionExpired, r#"{"reason":"idle"}"#.to_string(), 30 * MINUTE) };
        let at = {
            t += idle;
            self.next(&mut t)
        };
        self.person(p, at, action, user, details);
    }

    /// Before anyone is a client: a stray failed sign-in, so the day still has its events.
    fn idle(&mut self) {
        let offset = self.r.range(0, DAY_MICROS - 1);
        let at = self.at(offset);
        let details = r#"{"email":"info@example.com"}"#.to_string();
        let request_id = self.r.uuid();
        self.events.push(row(at, None, "anonymous".into(), String::new(), "info@example.com".into(), None, Action::AuthLoginFailed, ("user", String::new(), String::new()), Outcome::Failed, "192.0.2.99", USER_AGENTS[3], request_id, details));
    }

    fn person(&mut self, p: &Person, at: i64, action: Action, target: (&str, String, String), details: String) {
        let client_id = self.model.clients[p.client as usize].id;
        let request_id = self.r.uuid();
        self.events.push(person_row(p, at, client_id, action, target, Outcome::Success, request_id, details));
    }
}

#[allow(clippy::too_many_arguments)]
fn person_row(p: &Person, at: i64, client_id: i64, action: Action, target: (&str, String, String), outcome: Outcome, request_id: String, details: String) -> EventRow {
    row(at, Some(p.id), "client".into(), p.name.clone(), p.email.clone(), Some(client_id), action, target, outcome, &p.ip, USER_AGENTS[p.user_agent as usize], request_id, details)
}

#[allow(clippy::too_many_arguments)]
fn row(
    at: i64,
    actor_id: Option<i64>,
    actor_kind: String,
    actor_name: String,
    actor_email: String,
    client_id: Option<i64>,
    action: Action,
    target: (&str, String, String),
    outcome: Outcome,
    ip: &str,
    user_agent: &str,
    request_id: String,
    details: String,
) -> EventRow {
    EventRow {
        id: 0,
        occurred_at: at,
        actor_id,
        actor_kind,
        actor_name,
        actor_email,
        client_id,
        action: action.code().into(),
        target_type: target.0.into(),
        target_id: target.1,
        target_label: target.2,
        outcome: outcome.code().into(),
        source_ip: ip.into(),
        user_agent: user_agent.into(),
        request_id,
        details,
    }
}
