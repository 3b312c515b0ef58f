//! Invoices over five years with 1–5 lines each, the payments that match their status, and the
//! payment reminders that went out while they were unpaid (so that the server's first run does
//! not mail five years of them at once).
//!
//! Each invoice's lines and payments come from a generator of its own (forked by its index), so
//! the four tables are written in four passes, one COPY each, without keeping millions of
//! lines in memory: every pass draws the same invoice again. Totals follow the portal's one
//! rounding rule (`app::money::line_amounts`), `paid_minor` is the sum of the payments and the
//! status follows from both, as `create_invoice` and `record_payment` would leave them.

use super::bulk::{Tx, Val};
use super::clients::BENCH_INVOICES;
use super::model::{Calendar, Invoice, Model, Payment, Reminder};
use super::rng::{apportion, Rng};
use super::words::{MONTHS, PAYMENT_METHODS, SERVICES, VOID_REASONS};
use super::Sizes;
use app::invoices::model::InvoiceStatus;
use app::money::line_amounts;

const INVOICE_COLUMNS: &[&str] = &[
    "id", "client_id", "number", "issue_date", "due_date", "currency", "status", "notes", "subtotal_minor", "tax_minor", "total_minor",
    "paid_minor", "void_reason", "issued_at", "created_at", "updated_at",
];
const LINE_COLUMNS: &[&str] = &["invoice_id", "position", "description", "quantity_milli", "unit_price_minor", "tax_rate_bp", "amount_minor", "tax_minor"];
const PAYMENT_COLUMNS: &[&str] = &["id", "invoice_id", "kind", "paid_on", "amount_minor", "method", "reference", "recorded_by", "created_at"];
const NOTES: &str = "Payment by bank transfer within the terms shown. Thank you for your business.";

/// Rows written per table.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub invoices: u64,
    pub lines: u64,
    pub payments: u64,
    pub reminders: u64,
}

struct Line {
    description: String,
    quantity_milli: i64,
    unit_price_minor: i64,
    tax_rate_bp: i64,
    net: i64,
    tax: i64,
}

/// One invoice as drawn: its lines, status and payments `(day, amount, method)`.
struct Detail {
    terms: u32,
    lines: Vec<Line>,
    status: InvoiceStatus,
    payments: Vec<(u32, i64, &'static str)>,
    void_reason: &'static str,
}

impl Detail {
    fn subtotal(&self) -> i64 {
        self.lines.iter().map(|l| l.net).sum()
    }
    fn tax(&self) -> i64 {
        self.lines.iter().map(|l| l.tax).sum()
    }
    fn paid(&self) -> i64 {
        self.payments.iter().map(|p| p.1).sum()
    }
}

/// Generates and writes invoices, lines, payments and reminders (`steps`: the firm's reminder
/// schedule, days from the due date); fills the model's invoices, payments and reminders.
pub async fn write(tx: &mut Tx, rng: &Rng, cal: &Calendar, sizes: &Sizes, steps: &[i64], model: &mut Model, progress: &dyn Fn(u64)) -> Result<Counts, sqlx::Error> {
    tx.lock(&["invoices", "invoice_lines", "payments"]).await?;
    let first_invoice = tx.next_id("invoices").await?;
    let first_payment = tx.next_id("payments").await?;
    plan(rng, cal, sizes, first_invoice, model);
    let staff: Vec<i64> = model.staff.iter().map(|s| s.id).collect();
    let mut counts = Counts::default();

    let mut w = tx.table("invoices", INVOICE_COLUMNS).await?;
    for (k, inv) in model.invoices.iter().enumerate() {
        let d = detail(rng, cal, model, k);
        let currency = model.clients[inv.client as usize].currency;
        let (subtotal, tax, paid) = (d.subtotal(), d.tax(), d.paid());
        let issued = cal.secs(inv.issue_day) + 9 * 3600;
        let updated = d.payments.iter().map(|p| cal.secs(p.0) + 15 * 3600).max().unwrap_or(issued);
        let (number, issue, due) = (inv.number(), cal.sql_date(inv.issue_day), cal.sql_date(inv.issue_day + d.terms));
        w.row(&[
            inv.id.into(),
            model.clients[inv.client as usize].id.into(),
            (&number).into(),
            (&issue).into(),
            (&due).into(),
            currency.into(),
            d.status.as_str().into(),
            NOTES.into(),
            subtotal.into(),
            tax.into(),
            (subtotal + tax).into(),
            paid.into(),
            d.void_reason.into(),
            if d.status == InvoiceStatus::Draft { Val::Null } else { Val::Int(issued) },
            issued.into(),
            updated.into(),
        ])
        .await?;
        counts.invoices += 1;
        progress(1);
    }
    w.finish().await?;

    let mut w = tx.table("invoice_lines", LINE_COLUMNS).await?;
    for (k, inv) in model.invoices.iter().enumerate() {
        let d = detail(rng, cal, model, k);
        for (pos, l) in d.lines.iter().enumerate() {
            w.row(&[
                inv.id.into(),
                (pos as i64).into(),
                (&l.description).into(),
                l.quantity_milli.into(),
                l.unit_price_minor.into(),
                l.tax_rate_bp.into(),
                l.net.into(),
                l.tax.into(),
            ])
            .await?;
            counts.lines += 1;
        }
        progress(1);
    }
    w.finish().await?;

    let mut w = tx.table("payments", PAYMENT_COLUMNS).await?;
    for (k, inv) in model.invoices.iter().enumerate() {
        let d = detail(rng, cal, model, k);
        for (i, (day, amount, method)) in d.payments.into_iter().enumerate() {
            let id = first_payment + model.payments.len() as i64;
            let reference = format!("PMT-{}-{}", inv.number(), i + 1);
            let recorded_by = staff.get(k % staff.len().max(1)).copied();
            let (paid_on, created) = (cal.sql_date(day), cal.secs(day) + 15 * 3600);
            w.row(&[id.into(), inv.id.into(), "payment".into(), (&paid_on).into(), amount.into(), method.into(), (&reference).into(), recorded_by.into(), created.into()])
                .await?;
            model.payments.push(Payment { id, invoice: k as u32, day, amount, method });
            counts.payments += 1;
        }
        progress(1);
    }
    w.finish().await?;

    let mut w = tx.table("reminders_sent", &["target_type", "target_id", "step", "sent_at"]).await?;
    let now = cal.now_micros / 1_000_000;
    for (k, inv) in model.invoices.iter().enumerate() {
        let d = detail(rng, cal, model, k);
        for (day, step) in reminders(cal, inv, &d, steps) {
            w.row(&["invoice".into(), inv.id.into(), step.into(), (cal.secs(day) + 6 * 3600).min(now).into()]).await?;
            model.reminders.push(Reminder { invoice: k as u32, day, step });
            counts.reminders += 1;
        }
        progress(1);
    }
    w.finish().await?;
    tx.sync_ids("invoices").await?;
    tx.sync_ids("payments").await?;
    Ok(counts)
}

/// The reminder steps that came while the invoice was issued and unpaid: `(day, step)`.
fn reminders(cal: &Calendar, inv: &Invoice, d: &Detail, steps: &[i64]) -> Vec<(u32, i64)> {
    if matches!(d.status, InvoiceStatus::Draft | InvoiceStatus::Void) {
        return Vec::new();
    }
    let settled = if d.status == InvoiceStatus::Paid { d.payments.iter().map(|p| p.0).max() } else { None };
    let due = (inv.issue_day + d.terms) as i64;
    steps
        .iter()
        .filter_map(|s| {
            let day = due + s;
            (day >= inv.issue_day as i64 && day <= cal.today as i64 && settled.is_none_or(|p| day < p as i64)).then_some((day as u32, *s))
        })
        .collect()
}

/// Who gets how many invoices and when they were issued; ids and numbers in date order.
fn plan(rng: &Rng, cal: &Calendar, sizes: &Sizes, first_id: i64, model: &mut Model) {
    let mut r = rng.fork(0x1A0);
    let bench = BENCH_INVOICES.min(sizes.invoices);
    let weights: Vec<f64> = model.clients.iter().skip(1).map(|c| c.weight).collect();
    let mut per_client = vec![bench];
    per_client.extend(apportion(sizes.invoices - bench, &weights, 1));
    let mut drawn: Vec<(u32, u32)> = Vec::with_capacity(sizes.invoices as usize);
    for (ci, n) in per_client.iter().enumerate() {
        let since = model.clients.get(ci).map_or(0, |c| c.since);
        for _ in 0..*n {
            drawn.push((r.range(since as i64, cal.today as i64) as u32, ci as u32));
        }
    }
    drawn.sort_unstable();
    let mut year_counts = std::collections::HashMap::<i32, u32>::new();
    for (k, (day, client)) in drawn.into_iter().enumerate() {
        let year = cal.date(day).year();
        let seq = year_counts.entry(year).or_insert(0);
        *seq += 1;
        model.invoices.push(Invoice { id: first_id + k as i64, client, issue_day: day, year, seq: *seq, status: InvoiceStatus::Open });
    }
    for k in 0..model.invoices.len() {
        model.invoices[k].status = detail(rng, cal, model, k).status;
    }
}

/// Draws invoice `k` again: the same every time.
fn detail(rng: &Rng, cal: &Calendar, model: &Model, k: usize) -> Detail {
    let inv = &model.invoices[k];
    let mut r = rng.fork(0x1_0000_0000 + k as u64);
    let currency = model.clients[inv.client as usize].currency;
    let bench = inv.client == 0;
    let terms = [14, 21, 30, 30, 30, 45, 60][r.below(7) as usize];
    let lines = (0..[1, 2, 3, 4, 5][r.weighted(&[30, 25, 20, 15, 10])]).map(|_| line(&mut r, cal, inv, currency)).collect::<Vec<_>>();
    let total: i64 = lines.iter().map(|l| l.net + l.tax).sum();
    let due = inv.issue_day + terms;
    // Mostly paid; what is still open or overdue is mostly recent; drafts only in the last
    // two weeks, and never for the benchmark's client (a client never sees drafts).
    let status = if due >= cal.today {
        let draft_ok = !bench && inv.issue_day + 14 >= cal.today;
        match r.weighted(&[55, 30, 10, if draft_ok { 5 } else { 0 }]) {
            0 => InvoiceStatus::Open,
            1 => InvoiceStatus::Paid,
            2 => InvoiceStatus::PartiallyPaid,
            _ => InvoiceStatus::Draft,
        }
    } else {
        let weights = if due + 90 >= cal.today { [70, 18, 10, 2] } else { [955, 10, 10, 25] };
        [InvoiceStatus::Paid, InvoiceStatus::Open, InvoiceStatus::PartiallyPaid, InvoiceStatus::Void][r.weighted(&weights)]
    };
    // A partial payment needs at least two minor units to split.
    let status = if status == InvoiceStatus::PartiallyPaid && total < 2 { InvoiceStatus::Open } else { status };
    let pay_day = |r: &mut Rng, after: u32| (after + r.range(1, terms as i64 + 25) as u32).min(cal.today);
    let mut payments = Vec::new();
    match status {
        InvoiceStatus::Paid if total > 0 => {
            let method = *r.pick(PAYMENT_METHODS);
            let first_day = pay_day(&mut r, inv.issue_day);
            if total >= 2 && r.chance(15) {
                let first = (total * r.range(30, 70) / 100).clamp(1, total - 1);
                let second_day = (first_day + r.range(5, 30) as u32).min(cal.today);
                payments.push((first_day, first, method));
                payments.push((second_day, total - first, *r.pick(PAYMENT_METHODS)));
            } else {
                payments.push((first_day, total, method));
            }
        }
        InvoiceStatus::PartiallyPaid => {
            let amount = (total * r.range(15, 85) / 100).clamp(1, total - 1);
            payments.push((pay_day(&mut r, inv.issue_day), amount, *r.pick(PAYMENT_METHODS)));
        }
        _ => {}
    }
    let void_reason = if status == InvoiceStatus::Void { *r.pick(VOID_REASONS) } else { "" };
    // A paid invoice with a zero total has no payment to show: it stays open, as the portal would.
    let status = if status == InvoiceStatus::Paid && payments.is_empty() { InvoiceStatus::from_payments(0, total) } else { status };
    Detail { terms, lines, status, payments, void_reason }
}

fn line(r: &mut Rng, cal: &Calendar, inv: &Invoice, currency: &str) -> Line {
    let (name, quantity, usd_cents) = *r.pick(SERVICES);
    let quantity_milli = if quantity == 0 { r.range(1, 60) * 500 } else { quantity };
    // Prices in whole units of the currency, near the service's usual price.
    let per_usd_percent = match currency {
        "EUR" => 92,
        "GBP" => 79,
        "PHP" => 5_600,
        _ => 100,
    };
    let cents = usd_cents * per_usd_percent / 100 * r.range(80, 130) / 100;
    let unit_price_minor = (cents / 100).max(1) * 100;
    let tax_rate_bp = match currency {
        "EUR" => 2100,
        "GBP" => 2000,
        "PHP" => 1200,
        _ if name == "Software subscription" => 825,
        _ => 0,
    };
    let description = if name == "Monthly bookkeeping" {
        let date = cal.date(inv.issue_day);
        format!("{name}, {} {}", MONTHS[date.month() as usize - 1], date.year())
    } else {
        name.to_string()
    };
    let (net, tax) = line_amounts(quantity_milli, unit_price_minor, tax_rate_bp);
    Line { description, quantity_milli, unit_price_minor, tax_rate_bp, net, tax }
}
