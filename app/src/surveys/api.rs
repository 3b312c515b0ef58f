//! Server functions of surveys: a client person reads and answers their own; an admin sets the
//! schedule. Answers are audited.

use super::model::Survey;
use crate::error::AppError;
use leptos::prelude::*;

/// One of the signed-in person's surveys (another person's answers like a missing one).
#[server(endpoint = "survey")]
pub async fn get_survey(id: i64) -> Result<Survey, AppError> {
    use crate::services::*;
    let (who, _) = require_client()?;
    let s = services()?;
    let mut survey = s.surveys.get(who.user_id, id).await?;
    survey.question = survey.question_in(crate::request_locale(), &s.brand.current().name);
    Ok(survey)
}

/// The signed-in person's answer: a score and an optional comment.
#[server(endpoint = "survey/answer")]
pub async fn answer_survey(id: i64, #[server(default)] score: Option<i64>, #[server(default)] comment: String) -> Result<(), AppError> {
    use crate::services::*;
    let (who, client_id) = require_client()?;
    let score = score.ok_or_else(|| AppError::invalid("score", "required"))?;
    let s = services()?.surveys.answer(who.user_id, id, score, &comment).await?;
    let details = serde_json::json!({ "kind": s.kind, "prompt": s.prompt, "score": score, "comment": s.comment });
    audit(AuditEntry::success(Action::SurveyAnswered, Some(client_id), ("survey", id.to_string(), s.subject.clone()), details)).await;
    back_with_notice("answered");
    Ok(())
}

/// Admins: days between scheduled surveys (0: none).
#[server(endpoint = "staff/settings/surveys")]
pub async fn get_survey_schedule() -> Result<i64, AppError> {
    use crate::services::*;
    require_admin()?;
    services()?.surveys.every_days().await
}

#[server(endpoint = "staff/settings/surveys/set")]
pub async fn set_survey_schedule(#[server(default)] every_days: String) -> Result<(), AppError> {
    use crate::services::*;
    require_admin()?;
    let days = match every_days.trim().parse::<i64>() {
        Ok(d) if (0..=730).contains(&d) => d,
        _ => return Err(AppError::invalid("every_days", "invalid_days")),
    };
    let s = services()?;
    let old = s.surveys.every_days().await?;
    s.surveys.set_every_days(days).await?;
    let details = serde_json::json!({ "survey_every_days": { "from": old, "to": days } });
    audit(AuditEntry::success(Action::SettingsUpdated, None, ("settings", String::new(), "Satisfaction surveys".into()), details)).await;
    back_with_notice("surveys");
    Ok(())
}
