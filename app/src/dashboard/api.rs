//! The dashboard's server function: staff only; charts drawn here, in the page's language.

use super::model::FirmDashboard;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "staff/dashboard")]
pub async fn staff_dashboard() -> Result<FirmDashboard, AppError> {
    use crate::services::*;
    require_staff()?;
    let mut d = services()?.dashboard.dashboard(today()).await?;
    d.client_rows = d.clients.len();
    d.clients.truncate(super::model::TOP_CLIENTS);
    let locale = crate::request_locale();
    d.satisfaction_chart = super::chart::quarters(locale, &d.satisfaction);
    for p in &mut d.positions {
        p.aging_chart = super::chart::aging(locale, p);
        p.months_chart = super::chart::months(locale, p);
    }
    Ok(d)
}
