//! Satisfaction surveys on the server: asking (each survey claimed by a unique index, so two
//! instances never ask twice, with its mail queued in the same transaction), answering once,
//! and the answers for the dashboard.

use crate::db::{col, now_secs, Db, OrDb};
use crate::mail::compose::Letter;
use crate::mail::outbox::queue;
use crate::mail::text::T;
use crate::mail::{prefs, Kind, Mailer, Recipient, RECIPIENT_LOCALE};
use app::error::AppError;
use app::services::SurveyService;
use app::surveys::model::*;
use async_trait::async_trait;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

const EVERY_DAYS: &str = "surveys.every_days";
const DAY: i64 = 86_400;

pub struct SqlSurveys {
    db: Db,
    mail: Arc<Mailer>,
}

const SELECT: &str = "SELECT id, kind, prompt, subject, asked_at, answered_at, score, comment FROM surveys";

fn survey(r: &AnyRow) -> Result<Survey, AppError> {
    Ok(Survey {
        id: col(r, "id")?,
        kind: SurveyKind::parse(&col::<String>(r, "kind")?).ok_or(AppError::Internal)?,
        prompt: Prompt::parse(&col::<String>(r, "prompt")?).ok_or(AppError::Internal)?,
        subject: col(r, "subject")?,
        asked_at: col(r, "asked_at")?,
        answered_at: col(r, "answered_at")?,
        score: col(r, "score")?,
        comment: col(r, "comment")?,
        question: String::new(),
    })
}

/// What is being asked, of whom.
struct Ask<'a> {
    user_id: i64,
    client_id: i64,
    kind: SurveyKind,
    prompt: Prompt,
    prompt_id: i64,
    subject: &'a str,
    /// Seconds: when it is asked.
    at: i64,
}

impl SqlSurveys {
    pub fn new(db: Db, mail: Arc<Mailer>) -> Self {
        Self { db, mail }
    }

    /// Asks, unless the person is not an active client person, was asked anything in the last
    /// `QUIET_DAYS`, or was asked this very survey before; queues the mail in the same
    /// transaction. Returns the new survey's id.
    async fn ask(&self, a: Ask<'_>) -> Result<Option<i64>, AppError> {
        let now = a.at;
        let mut conn = self.db.pool.acquire().await.or_db()?;
        let mut tx = crate::db::begin_write(&mut conn).await.or_db()?;
        let person: Option<(String, String, String, i64)> = sqlx::query_as(&format!(
            "SELECT u.name, u.email, {RECIPIENT_LOCALE}, CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) FROM users u \
             WHERE u.id = $2 AND u.client_id = $3 AND u.role = 'client' AND u.disabled_at IS NULL AND u.password_hash <> '' \
             AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.user_id = u.id AND s.asked_at > $4)",
            prefs::wants(Kind::SurveyRequested, "$1")
        ))
        .bind(Kind::SurveyRequested.as_str())
        .bind(a.user_id)
        .bind(a.client_id)
        .bind(now - QUIET_DAYS * DAY)
        .fetch_optional(&mut *tx)
        .await
        .or_db()?;
        let Some((name, email, locale, wants_mail)) = person else { return Ok(None) };
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO surveys (user_id, client_id, kind, prompt, prompt_id, subject, asked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (user_id, prompt, prompt_id) DO NOTHING RETURNING id",
        )
        .bind(a.user_id)
        .bind(a.client_id)
        .bind(a.kind.as_str())
        .bind(a.prompt.as_str())
        .bind(a.prompt_id)
        .bind(a.subject)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .or_db()?;
        let Some(id) = id else { return Ok(None) };
        if wants_mail == 1 {
            let to = Recipient::new(a.user_id, name, email, &locale);
            let firm = &self.mail.firm_name();
            let letter = Letter::new(Kind::SurveyRequested, &to, Some(a.client_id), T::SurveySubject, &[("firm", firm)])
                .text(T::SurveyBody, &[("firm", firm)])
                .action(T::AnswerSurvey, format!("/survey/{id}"));
            queue(&mut tx, &self.mail, &letter).await?;
        }
        tx.commit().await.or_db()?;
        Ok(Some(id))
    }
}

#[async_trait]
impl SurveyService for SqlSurveys {
    async fn after_conversation(&self, conversation_id: i64) -> Result<Option<i64>, AppError> {
        let row: Option<(i64, i64, String)> = sqlx::query_as("SELECT started_by, client_id, subject FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?;
        let Some((user_id, client_id, subject)) = row else { return Ok(None) };
        self.ask(Ask { user_id, client_id, kind: SurveyKind::Csat, prompt: Prompt::Conversation, prompt_id: conversation_id, subject: &subject, at: now_secs() }).await
    }

    async fn after_request(&self, user_id: i64, client_id: i64, request_id: i64, title: &str) -> Result<Option<i64>, AppError> {
        self.ask(Ask { user_id, client_id, kind: SurveyKind::Csat, prompt: Prompt::Request, prompt_id: request_id, subject: title, at: now_secs() }).await
    }

    async fn schedule(&self, now: i64, limit: i64) -> Result<usize, AppError> {
        let every = self.every_days().await?;
        if every == 0 {
            return Ok(0);
        }
        // The period this run belongs to: each person is asked once in it, on any instance.
        let period = now / (every * DAY);
        let due: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT u.id, u.client_id, (SELECT MAX(s.asked_at) FROM surveys s WHERE s.user_id = u.id AND s.kind = 'nps') AS last_nps \
             FROM users u WHERE u.role = 'client' AND u.disabled_at IS NULL AND u.password_hash <> '' \
             AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.user_id = u.id AND s.asked_at > $1) ORDER BY u.id LIMIT $2",
        )
        .bind(now - every * DAY)
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await
        .or_db()?;
        let mut asked = 0;
        for (user_id, client_id, last_nps) in due {
            let kind = if last_nps.is_none_or(|at| at < now - NPS_DAYS * DAY) { SurveyKind::Nps } else { SurveyKind::Csat };
            asked += self.ask(Ask { user_id, client_id, kind, prompt: Prompt::Schedule, prompt_id: period, subject: "", at: now }).await?.is_some() as usize;
        }
        Ok(asked)
    }

    async fn waiting(&self, user_id: i64) -> Result<Option<Survey>, AppError> {
        let row = sqlx::query(&format!("{SELECT} WHERE user_id = $1 AND asked_at > $2 AND answered_at IS NULL ORDER BY asked_at DESC LIMIT 1"))
            .bind(user_id)
            .bind(now_secs() - OPEN_DAYS * DAY)
            .fetch_optional(&self.db.pool)
            .await
            .or_db()?;
        row.as_ref().map(survey).transpose()
    }

    async fn get(&self, user_id: i64, id: i64) -> Result<Survey, AppError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1 AND user_id = $2")).bind(id).bind(user_id).fetch_optional(&self.db.pool).await.or_db()?;
        survey(&row.ok_or(AppError::NotFound)?)
    }

    async fn answer(&self, user_id: i64, id: i64, score: i64, comment: &str) -> Result<Survey, AppError> {
        let asked = self.get(user_id, id).await?;
        if !asked.kind.scores().contains(&score) {
            return Err(AppError::invalid("score", "invalid_score"));
        }
        let comment = comment.trim();
        if comment.chars().any(|c| c.is_control() && !"\n\r\t".contains(c)) {
            return Err(AppError::invalid("comment", "invalid"));
        }
        if comment.chars().count() > 2000 {
            return Err(AppError::invalid("comment", "too_long"));
        }
        let done = sqlx::query("UPDATE surveys SET answered_at = $1, score = $2, comment = $3 WHERE id = $4 AND user_id = $5 AND answered_at IS NULL")
            .bind(now_secs())
            .bind(score)
            .bind(comment.replace("\r\n", "\n"))
            .bind(id)
            .bind(user_id)
            .execute(&self.db.pool)
            .await
            .or_db()?;
        if done.rows_affected() == 0 {
            return Err(AppError::invalid("score", "already_answered"));
        }
        self.get(user_id, id).await
    }

    async fn every_days(&self) -> Result<i64, AppError> {
        let v = self.db.setting(EVERY_DAYS).await.map_err(|_| AppError::Unavailable)?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_EVERY_DAYS))
    }

    async fn set_every_days(&self, days: i64) -> Result<(), AppError> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(EVERY_DAYS)
            .bind(days.to_string())
            .execute(&self.db.pool)
            .await
            .or_db()?;
        Ok(())
    }
}

/// Every answer summed up for the dashboard: overall, per quarter, per client, and the latest
/// comments.
pub async fn satisfaction(db: &Db, today: Date) -> Result<Satisfaction, AppError> {
    // Every answer, newest first: few enough to sum here (one per person per survey).
    let rows = sqlx::query(
        "SELECT s.client_id, c.name AS client_name, u.name AS person, s.kind, s.score, s.comment, s.subject, s.answered_at \
         FROM surveys s JOIN clients c ON c.id = s.client_id JOIN users u ON u.id = s.user_id \
         WHERE s.answered_at IS NOT NULL ORDER BY s.answered_at DESC",
    )
    .fetch_all(&db.pool)
    .await
    .or_db()?;
    let quarters: Vec<(i32, u8)> = (0..8).rev().map(|back| quarter_of(today, back)).collect();
    let recent_since = OffsetDateTime::now_utc().unix_timestamp() - RECENT_DAYS * DAY;
    let mut out = Satisfaction { quarters: quarters.iter().map(|(y, q)| (format!("{y} Q{q}"), Scores::default())).collect(), ..Default::default() };
    let mut clients: BTreeMap<i64, ClientScores> = BTreeMap::new();
    for r in &rows {
        let kind = SurveyKind::parse(&col::<String>(r, "kind")?).ok_or(AppError::Internal)?;
        let (score, at): (i64, i64) = (col(r, "score")?, col(r, "answered_at")?);
        out.overall.add(kind, score);
        let date = OffsetDateTime::from_unix_timestamp(at).map_err(|_| AppError::Internal)?.date();
        if let Some(i) = quarters.iter().position(|q| *q == quarter_of(date, 0)) {
            out.quarters[i].1.add(kind, score);
        }
        let client_id: i64 = col(r, "client_id")?;
        let c = match clients.get_mut(&client_id) {
            Some(c) => c,
            None => clients.entry(client_id).or_insert(ClientScores {
                client_id,
                client_name: col(r, "client_name")?,
                scores: Scores::default(),
                recent: Scores::default(),
                last_answer: at,
            }),
        };
        c.scores.add(kind, score);
        if at >= recent_since {
            c.recent.add(kind, score);
        }
        let comment: String = col(r, "comment")?;
        if !comment.is_empty() && out.comments.len() < 20 {
            out.comments.push(Comment {
                client_id,
                client_name: c.client_name.clone(),
                person: col(r, "person")?,
                kind,
                score,
                comment,
                subject: col(r, "subject")?,
                answered_at: at,
            });
        }
    }
    out.clients = clients.into_values().collect();
    out.clients.sort_by(|a, b| b.last_answer.cmp(&a.last_answer));
    Ok(out)
}

/// The calendar quarter `back` quarters before `today`'s: (year, 1 to 4).
fn quarter_of(today: Date, back: i32) -> (i32, u8) {
    let index = today.year() * 4 + (today.month() as i32 - 1) / 3 - back;
    (index.div_euclid(4), (index.rem_euclid(4) + 1) as u8)
}

/// Asks whoever the schedule makes due, a batch at a time; the mail worker calls it with the
/// reminders (at most once a minute).
pub async fn run_schedule(surveys: &dyn SurveyService) -> Result<usize, AppError> {
    surveys.schedule(now_secs(), 200).await
}
