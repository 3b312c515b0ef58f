//! Server functions over the audit trail: staff search and timelines, engagement, and a client
//! admin's view of their own company.

use super::model::{ActivityFilter, ActivityPage, Engagement, EngagementPages, LastSeen};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Events per page on the activity pages.
pub const PAGE_SIZE: i64 = 25;

/// Staff: the trail, narrowed by the filter (the client timeline sets `client_id`).
#[server(endpoint = "staff/activity", input = Json)]
pub async fn staff_activity(filter: ActivityFilter) -> Result<ActivityPage, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.activity.search(&filter, PAGE_SIZE).await
}

/// Staff: a client's users and when each was last seen (the timeline's user filter).
#[server(endpoint = "staff/client-users")]
pub async fn client_users(client_id: i64) -> Result<Vec<LastSeen>, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.activity.users_last_seen(client_id).await
}

#[server(endpoint = "staff/engagement", input = Json)]
pub async fn engagement_report(pages: EngagementPages) -> Result<Engagement, AppError> {
    use crate::services::*;
    require_staff()?;
    services()?.activity.engagement(pages).await
}

/// A client admin: what their own company's users did. Never the firm's staff activity and
/// never another client's.
#[server(endpoint = "activity", input = Json)]
pub async fn company_activity(filter: ActivityFilter) -> Result<ActivityPage, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(crate::model::Capability::ClientAdmin)?;
    let filter = ActivityFilter { client_id: Some(client_id), own_people_only: true, ..filter };
    services()?.activity.search(&filter, PAGE_SIZE).await
}

/// A client admin: the company's users, for the user filter.
#[server(endpoint = "activity/users")]
pub async fn company_users() -> Result<Vec<LastSeen>, AppError> {
    use crate::services::*;
    let (_, client_id) = require_capability(crate::model::Capability::ClientAdmin)?;
    services()?.activity.users_last_seen(client_id).await
}
