//! Server-only: what the server implements for satisfaction surveys.

use super::model::Survey;
use crate::error::AppError;
use async_trait::async_trait;

#[async_trait]
pub trait SurveyService: Send + Sync {
    /// Asks the client person who started conversation `id` how satisfied they are, now that
    /// it is closed, unless they were asked something in the last `QUIET_DAYS` (or about this
    /// conversation before). Returns the new survey's id.
    async fn after_conversation(&self, conversation_id: i64) -> Result<Option<i64>, AppError>;
    /// The same for `user_id` of `client_id`, who fulfilled document request `request_id`.
    async fn after_request(&self, user_id: i64, client_id: i64, request_id: i64, title: &str) -> Result<Option<i64>, AppError>;
    /// Asks up to `limit` client people whom the firm's schedule makes due at `now` (seconds):
    /// the recommendation question when they were not asked it for `NPS_DAYS`, else the
    /// satisfaction one. Returns how many were asked.
    async fn schedule(&self, now: i64, limit: i64) -> Result<usize, AppError>;
    /// The newest survey waiting for `user_id` (asked in the last `OPEN_DAYS`), if any.
    async fn waiting(&self, user_id: i64) -> Result<Option<Survey>, AppError>;
    /// One of `user_id`'s surveys; another person's is `NotFound`.
    async fn get(&self, user_id: i64, id: i64) -> Result<Survey, AppError>;
    /// Records the answer, once (`already_answered`), with a score the question allows
    /// (`invalid_score`) and a comment of up to 2,000 characters.
    async fn answer(&self, user_id: i64, id: i64, score: i64, comment: &str) -> Result<Survey, AppError>;
    /// Days between scheduled surveys (0: none).
    async fn every_days(&self) -> Result<i64, AppError>;
    async fn set_every_days(&self, days: i64) -> Result<(), AppError>;
}
