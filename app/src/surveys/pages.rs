//! `/survey/:id`: one question, answered with a score and an optional comment; the
//! invitation shown on every page while a survey waits; and the admins' schedule setting.

use super::api::{get_survey, get_survey_schedule, AnswerSurvey, SetSurveySchedule};
use super::model::{Survey, SurveyKind};
use crate::components::{loaded, FormResult, Layout};
use crate::error::AppError;
use crate::i18n::{t, use_locale, Key};
use crate::util::id_param;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_survey(id).await,
            None => Err(AppError::NotFound),
        }
    });
    // A plain form: the server sends the browser back here with a notice or the failure.
    let answer = ServerAction::<AnswerSurvey>::new();
    let failed = answer.value().get_untracked().and_then(Result::err);
    let body = loaded(data, move |s| {
        let failed = failed.clone();
        match s.score {
            Some(score) => view! { <Answered survey=s.clone() score/> }.into_any(),
            None => view! {
                <ActionForm action=answer attr:class="form survey">
                    <input type="hidden" name="id" value=s.id.to_string()/>
                    <Question survey=s.clone()/>
                    <div class="field">
                        <label for="comment">{t(Key::SurveyComment)}</label>
                        <textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea>
                    </div>
                    <FormResult name="answered" ok=Key::SurveyThanks error=failed/>
                    <button type="submit" class="button primary">{t(Key::SendAnswer)}</button>
                </ActionForm>
            }
            .into_any(),
        }
    });
    view! {
        <Title text=t(Key::SurveyTitle)/>
        <Layout>
            <h1>{t(Key::SurveyTitle)}</h1>
            {body}
        </Layout>
    }
}

/// The question as a group of radio buttons, its ends labelled.
#[component]
fn Question(survey: Survey) -> impl IntoView {
    let (low, high) = match survey.kind {
        SurveyKind::Csat => (Key::CsatLow, Key::CsatHigh),
        SurveyKind::Nps => (Key::NpsLow, Key::NpsHigh),
    };
    let options = survey
        .kind
        .scores()
        .map(|n| {
            let id = format!("score-{n}");
            view! {
                <span class="score">
                    <input type="radio" id=id.clone() name="score" value=n.to_string() required/>
                    <label for=id>{n}</label>
                </span>
            }
        })
        .collect_view();
    view! {
        <fieldset class="scale" data-testid="survey-question">
            <legend>{survey.question.clone()}</legend>
            <div class="scores">{options}</div>
            <p class="scale-ends muted"><span>{t(low)}</span><span>{t(high)}</span></p>
        </fieldset>
    }
}

#[component]
fn Answered(survey: Survey, score: i64) -> impl IntoView {
    let l = use_locale();
    view! {
        <div class="panel" role="status">
            <p class="notice-ok">{t(Key::SurveyThanks)}</p>
            <p>{l.format(Key::SurveyYourAnswer, &[("score", &score.to_string())])}</p>
            {(!survey.comment.is_empty()).then(|| view! { <blockquote class="note">{survey.comment.clone()}</blockquote> })}
        </div>
    }
}

/// Admins, on `/staff/settings`: how often every client person is asked.
#[component]
pub fn SurveySchedulePanel() -> impl IntoView {
    let save = ServerAction::<SetSurveySchedule>::new();
    let failed = save.value().get_untracked().and_then(Result::err);
    let data = Resource::new(|| (), |_| get_survey_schedule());
    let body = loaded(data, move |days| {
        let failed = failed.clone();
        view! {
            <ActionForm action=save attr:class="form">
                <div class="field">
                    <label for="survey-days">{t(Key::SurveyEveryDays)}</label>
                    <input id="survey-days" name="every_days" type="number" min="0" max="730" inputmode="numeric" value=days.to_string()/>
                </div>
                <FormResult name="surveys" ok=Key::Saved error=failed/>
                <button type="submit" class="button primary">{t(Key::SaveSettings)}</button>
            </ActionForm>
        }
    });
    view! {
        <section class="panel" aria-labelledby="surveys-heading">
            <h2 id="surveys-heading">{t(Key::SurveysTitle)}</h2>
            <p class="muted">{t(Key::SurveysIntro)}</p>
            {body}
        </section>
    }
}
