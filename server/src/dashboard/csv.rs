//! `GET /staff/dashboard/{table}.csv`: each table of the dashboard, every row (the page shows
//! the most billed clients only), amounts as plain decimals with their currency.

use crate::http::error::{require_identity, HttpError};
use crate::http::files::{attachment, csv_row, defuse};
use crate::AppState;
use app::dashboard::model::{FirmDashboard, Reason, Table};
use app::error::AppError;
use app::model::Identity;
use app::services::today;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;

pub async fn download(State(state): State<AppState>, identity: Option<Extension<Identity>>, Path(file): Path<String>) -> Result<Response, HttpError> {
    let who = require_identity(identity)?;
    if !who.role.is_staff() {
        return Err(HttpError(AppError::Forbidden));
    }
    let table = file.strip_suffix(".csv").and_then(Table::parse).ok_or(HttpError(AppError::NotFound))?;
    let d = state.services.dashboard.dashboard(today()).await?;
    let name = format!("portico-{}-{}.csv", table.name(), crate::db::date_to_sql(today()));
    Ok(attachment(table_csv(table, &d).into_bytes(), "text/csv; charset=utf-8", &name))
}

fn table_csv(table: Table, d: &FirmDashboard) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    match table {
        Table::Receivables => {
            let mut out = csv_row(["currency", "outstanding", "overdue", "current", "days_1_30", "days_31_60", "days_61_90", "days_over_90"]);
            for p in &d.positions {
                let mut row = vec![p.currency.to_string(), p.money(p.outstanding).decimal(), p.money(p.overdue).decimal()];
                row.extend(p.aging.buckets().iter().map(|v| p.money(*v).decimal()));
                out += &csv_row(row);
            }
            out
        }
        Table::Attention => {
            let mut out = csv_row(["client_id", "client", "reason", "detail"]);
            for a in &d.attention {
                for r in &a.reasons {
                    let (reason, detail) = match r {
                        Reason::Unseen { last_seen, owed } => {
                            let owed: Vec<String> = owed.iter().map(|m| format!("{} {}", m.decimal(), m.currency)).collect();
                            ("not_seen", format!("last seen {}; owes {}", last_seen.map_or("never".into(), app::util::utc), owed.join(", ")))
                        }
                        Reason::Unanswered { conversations, since } => ("unanswered", format!("{conversations} waiting since {}", app::util::utc(since * 1_000_000))),
                        Reason::OverdueRequests { requests } => ("overdue_requests", requests.to_string()),
                        Reason::LowSatisfaction { average_tenths, answers } => ("low_satisfaction", format!("{:.1} from {answers}", *average_tenths as f64 / 10.0)),
                    };
                    out += &csv_row([a.client_id.to_string(), defuse(&a.client_name).into_owned(), reason.into(), detail]);
                }
            }
            out
        }
        Table::Activity => {
            let mut out = csv_row(["at_utc", "person", "client", "action", "about"]);
            for e in &d.recent {
                out += &csv_row([app::util::utc(e.at), defuse(&e.actor_name).into_owned(), defuse(&e.client_name).into_owned(), e.action.clone(), defuse(&e.target_label).into_owned()]);
            }
            out
        }
        Table::Satisfaction => {
            let mut out = csv_row(["client_id", "client", "csat_average", "csat_answers", "nps", "nps_answers", "last_answer_utc"]);
            for c in &d.satisfaction.clients {
                let csat = c.scores.csat().map(|a| format!("{a:.2}")).unwrap_or_default();
                out += &csv_row([
                    c.client_id.to_string(),
                    defuse(&c.client_name).into_owned(),
                    csat,
                    c.scores.csat_answers.to_string(),
                    opt(c.scores.nps()),
                    c.scores.nps_answers.to_string(),
                    app::util::utc(c.last_answer * 1_000_000),
                ]);
            }
            out
        }
        Table::Clients => {
            let mut out = csv_row([
                "client_id", "client", "currency", "billed", "paid", "billed_this_year", "paid_this_year", "billed_last_year", "paid_last_year",
                "days_to_pay", "days_to_pay_recent", "days_to_pay_before", "dso_days", "slipping",
            ]);
            for v in &d.clients {
                out += &csv_row([
                    v.client_id.to_string(),
                    defuse(&v.client_name).into_owned(),
                    v.currency.to_string(),
                    v.money(v.billed).decimal(),
                    v.money(v.paid).decimal(),
                    v.money(v.billed_this_year).decimal(),
                    v.money(v.paid_this_year).decimal(),
                    v.money(v.billed_last_year).decimal(),
                    v.money(v.paid_last_year).decimal(),
                    opt(v.days_to_pay),
                    opt(v.recent_days_to_pay),
                    opt(v.earlier_days_to_pay),
                    opt(v.dso),
                    v.slipping().to_string(),
                ]);
            }
            out
        }
    }
}
