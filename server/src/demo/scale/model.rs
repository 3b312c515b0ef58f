//! What the generator keeps in memory between phases: enough of every client, person, invoice,
//! payment and document for the audit events to name real ones. Days count from the first day
//! of the data set (day 0, five years ago) to today.

use app::invoices::model::InvoiceStatus;
use time::{Date, Duration};

pub const DAY_MICROS: i64 = 86_400_000_000;

/// The data set's five years, and now.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub start: Date,
    /// Today's day number.
    pub today: u32,
    /// Now, in microseconds since the epoch: no event is later.
    pub now_micros: i64,
}

impl Calendar {
    pub fn new(today: Date, now_micros: i64, years: u32) -> Self {
        let days = 365 * years + years / 4;
        Self { start: today - Duration::days(days as i64), today: days, now_micros }
    }

    pub fn date(&self, day: u32) -> Date {
        self.start + Duration::days(day as i64)
    }

    /// Midnight UTC of the day, in Unix seconds.
    pub fn secs(&self, day: u32) -> i64 {
        self.date(day).midnight().assume_utc().unix_timestamp()
    }

    pub fn micros(&self, day: u32) -> i64 {
        self.secs(day) * 1_000_000
    }

    pub fn sql_date(&self, day: u32) -> String {
        crate::db::date_to_sql(self.date(day))
    }
}

pub struct Client {
    pub id: i64,
    pub name: String,
    pub currency: &'static str,
    /// The day the client joined the firm.
    pub since: u32,
    /// How much business the client brings, relative to the others (heavy-tailed).
    pub weight: f64,
}

pub struct Person {
    pub id: i64,
    /// Index into the clients.
    pub client: u32,
    pub name: String,
    pub email: String,
    pub billing: bool,
    pub documents: bool,
    pub admin: bool,
    /// How often the person visits, relative to the others.
    pub activity: u64,
    pub ip: String,
    pub user_agent: u8,
}

pub struct Invoice {
    pub id: i64,
    pub client: u32,
    pub issue_day: u32,
    pub year: i32,
    /// Number within its year.
    pub seq: u32,
    pub status: InvoiceStatus,
}

impl Invoice {
    pub fn number(&self) -> String {
        number(self.year, self.seq)
    }
}

/// `INV-2024-012345`: six digits, unlike the demo's four, so the two never collide.
pub fn number(year: i32, seq: u32) -> String {
    format!("INV-{year}-{seq:06}")
}

pub struct Payment {
    pub id: i64,
    /// Index into the invoices.
    pub invoice: u32,
    pub day: u32,
    pub amount: i64,
    pub method: &'static str,
}

/// A payment reminder that went out (a row of `reminders_sent`).
pub struct Reminder {
    /// Index into the invoices.
    pub invoice: u32,
    pub day: u32,
    /// Days from the due date (see `mail::schedule`).
    pub step: i64,
}

pub struct Document {
    pub id: i64,
    pub client: u32,
    pub title: String,
    pub file_name: String,
    pub day: u32,
    /// The person who uploaded it (index), or staff when none.
    pub uploader: Option<u32>,
    pub versions: i64,
}

/// A member of the firm's staff (the demo's), who issues invoices and records payments.
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
}

/// Everything generated so far.
#[derive(Default)]
pub struct Model {
    pub clients: Vec<Client>,
    pub people: Vec<Person>,
    /// In issue-date order (ids increase with it).
    pub invoices: Vec<Invoice>,
    /// In the order they were written (by invoice); the audit phase sorts them by day.
    pub payments: Vec<Payment>,
    /// In the order they were written (by invoice).
    pub reminders: Vec<Reminder>,
    pub documents: Vec<Document>,
    pub staff: Vec<Staff>,
}
