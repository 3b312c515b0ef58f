//! Server-only: what the server implements for the staff dashboard.

use super::model::FirmDashboard;
use crate::error::AppError;
use async_trait::async_trait;
use time::Date;

#[async_trait]
pub trait DashboardService: Send + Sync {
    /// Every figure of the dashboard as of `today`, every client row included (the page shows
    /// the first `TOP_CLIENTS`); charts are left for the page to draw.
    async fn dashboard(&self, today: Date) -> Result<FirmDashboard, AppError>;
}
