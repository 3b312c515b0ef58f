use crate::invoices::statement::Aging;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};

/// Clients shown in the dashboard's value table (by lifetime billing); its CSV has them all.
pub const TOP_CLIENTS: usize = 25;
/// A client not seen for this many days while it owes something needs attention.
pub const UNSEEN_DAYS: i64 = 60;
/// A conversation whose client message has waited this many days for the firm needs attention.
pub const UNANSWERED_DAYS: i64 = 2;
/// Invoices paid within this many days tell how a client pays lately; against those before.
pub const RECENT_DAYS: i64 = 180;
/// Paying later than before by more than this many days on average is slipping.
pub const SLIPPING_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirmDashboard {
    /// The day the figures are for, and when they were computed (seconds).
    pub today: time::Date,
    pub computed_at: i64,
    pub positions: Vec<Position>,
    pub attention: Vec<Attention>,
    pub recent: Vec<RecentActivity>,
    /// The most billed clients (`TOP_CLIENTS`), one row per client and currency.
    pub clients: Vec<ClientValue>,
    /// How many client rows there are in all (the CSV's).
    pub client_rows: usize,
    pub satisfaction: crate::surveys::model::Satisfaction,
    /// Average satisfaction per quarter as SVG (drawn by the page's server function).
    #[serde(default)]
    pub satisfaction_chart: String,
}

/// One currency's receivables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub currency: Currency,
    /// Owed, in minor units; `aging` splits it by days past due.
    pub outstanding: i64,
    pub overdue: i64,
    pub aging: Aging,
    /// The last twelve months, oldest first: ("2026-01", billed, paid).
    pub months: Vec<(String, i64, i64)>,
    /// The charts as SVG, drawn on the server for the page's language (empty in the CSV).
    #[serde(default)]
    pub aging_chart: String,
    #[serde(default)]
    pub months_chart: String,
}

impl Position {
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }
}

/// A client that needs the firm's attention, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub client_id: i64,
    pub client_name: String,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Owes something and none of its people has been seen for `UNSEEN_DAYS` (`last_seen`:
    /// microseconds; `None`: never).
    Unseen { last_seen: Option<i64>, owed: Vec<Money> },
    /// Conversations waiting for the firm's answer for `UNANSWERED_DAYS` or more, the oldest
    /// since `since` (seconds).
    Unanswered { conversations: i64, since: i64 },
    /// Document requests past their due date.
    OverdueRequests { requests: i64 },
    /// Satisfaction over the last `RECENT_DAYS` averages below `LOW_CSAT` (in tenths: 24 is 2.4).
    LowSatisfaction { average_tenths: i64, answers: i64 },
}

/// Something a client person did, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentActivity {
    pub id: i64,
    /// Microseconds since the Unix epoch, UTC.
    pub at: i64,
    pub actor_name: String,
    pub client_id: i64,
    pub client_name: String,
    pub action: String,
    pub target_label: String,
}

/// A client's billing history in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientValue {
    pub client_id: i64,
    pub client_name: String,
    pub currency: Currency,
    /// Issued (not void) over its lifetime, and paid on those (refunds taken off).
    pub billed: i64,
    pub paid: i64,
    /// Issued this calendar year and last, and payments received in each.
    pub billed_this_year: i64,
    pub paid_this_year: i64,
    pub billed_last_year: i64,
    pub paid_last_year: i64,
    /// Days from issue to the last payment of a paid invoice, on average: over its lifetime,
    /// for invoices paid in the last `RECENT_DAYS` and for those paid before.
    pub days_to_pay: Option<i64>,
    pub recent_days_to_pay: Option<i64>,
    pub earlier_days_to_pay: Option<i64>,
    /// Days sales outstanding: what it owes now against what it was billed in the last 90 days.
    pub dso: Option<i64>,
}

impl ClientValue {
    /// Pays later than it used to: recent invoices took `SLIPPING_DAYS` longer on average.
    pub fn slipping(&self) -> bool {
        matches!((self.recent_days_to_pay, self.earlier_days_to_pay), (Some(r), Some(e)) if r > e + SLIPPING_DAYS)
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }
}

/// The dashboard's tables, each downloadable as CSV at `/staff/dashboard/{name}.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Receivables,
    Attention,
    Activity,
    Clients,
    Satisfaction,
}

impl Table {
    pub const ALL: [Table; 5] = [Self::Receivables, Self::Attention, Self::Activity, Self::Clients, Self::Satisfaction];

    pub fn name(self) -> &'static str {
        match self {
            Self::Receivables => "receivables",
            Self::Attention => "attention",
            Self::Activity => "activity",
            Self::Clients => "clients",
            Self::Satisfaction => "satisfaction",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn csv_path(self) -> String {
        format!("/staff/dashboard/{}.csv", self.name())
    }
}
