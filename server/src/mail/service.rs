//! The app's [`MailService`]: reset links, preferences, undelivered mail, reminders.

use super::{prefs, schedule, Kind, Mailer};
use crate::db::{Db, OrDb};
use app::error::AppError;
use app::mail::model::{MailPreference, ReminderSchedule, ReminderSent, UndeliveredMail};
use app::services::MailService;
use async_trait::async_trait;
use std::sync::Arc;

pub struct SqlMail {
    db: Db,
    mail: Arc<Mailer>,
}

impl SqlMail {
    pub fn new(db: Db, mail: Arc<Mailer>) -> Self {
        Self { db, mail }
    }
}

#[async_trait]
impl MailService for SqlMail {
    async fn request_reset(&self, email: &str) -> Result<(), AppError> {
        crate::auth::reset::request(&self.db, &self.mail, email);
        Ok(())
    }

    async fn reset_target(&self, token: &str) -> Result<String, AppError> {
        crate::auth::reset::target(&self.db, token).await
    }

    async fn complete_reset(&self, token: &str, password: &str) -> Result<i64, AppError> {
        crate::auth::reset::complete(&self.db, token, password).await
    }

    async fn preferences(&self, user_id: i64) -> Result<Vec<MailPreference>, AppError> {
        Ok(prefs::get(&self.db, user_id).await?.into_iter().map(|(k, on)| MailPreference { kind: k.as_str().into(), on }).collect())
    }

    async fn set_preference(&self, user_id: i64, kind: &str, on: bool) -> Result<bool, AppError> {
        let kind = Kind::parse(kind).ok_or_else(|| AppError::invalid("kind", "not_allowed"))?;
        let now = prefs::get(&self.db, user_id).await?;
        if now.iter().any(|(k, was)| *k == kind && *was == on) {
            return Ok(false);
        }
        let mut conn = self.db.pool.acquire().await.or_db()?;
        prefs::set(&mut conn, user_id, kind, on).await?;
        Ok(true)
    }

    async fn undelivered(&self, client_id: i64) -> Result<Vec<UndeliveredMail>, AppError> {
        let rows: Vec<(i64, String, String, String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "SELECT id, kind, to_address, subject, status, attempts, last_error, created_at FROM outbox \
             WHERE client_id = $1 AND (status = 'failed' OR (status = 'pending' AND attempts > 0)) ORDER BY id DESC LIMIT 100",
        )
        .bind(client_id)
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, to_address, subject, status, attempts, error, created)| UndeliveredMail {
                id,
                kind,
                to_address,
                subject,
                status,
                attempts,
                error: error.unwrap_or_default(),
                queued_at: created * 1000,
            })
            .collect())
    }

    async fn schedule(&self) -> Result<ReminderSchedule, AppError> {
        let s = schedule::load(&self.db).await?;
        Ok(ReminderSchedule { invoice: schedule::format_steps(&s.invoice), request: schedule::format_steps(&s.request) })
    }

    async fn set_schedule(&self, s: &ReminderSchedule) -> Result<ReminderSchedule, AppError> {
        let parsed = schedule::Schedule {
            invoice: schedule::parse_steps(&s.invoice).map_err(|_| AppError::invalid("invoice", "invalid_steps"))?,
            request: schedule::parse_steps(&s.request).map_err(|_| AppError::invalid("request", "invalid_steps"))?,
        };
        schedule::save(&self.db, &parsed).await?;
        self.schedule().await
    }

    async fn invoice_reminders(&self, invoice_id: i64) -> Result<Vec<ReminderSent>, AppError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT step, sent_at FROM reminders_sent WHERE target_type = 'invoice' AND target_id = $1 ORDER BY sent_at, step")
            .bind(invoice_id)
            .fetch_all(&self.db.pool)
            .await
            .or_db()?;
        Ok(rows.into_iter().map(|(step, sent_at)| ReminderSent { step, sent_at }).collect())
    }
}
