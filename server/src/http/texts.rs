//! `/i18n/{tag}.{hash}.txt`: the texts of one locale for a page's islands (see
//! `app::i18n::browser`). The hash changes with the texts, so the answer is cached for good.

use app::i18n::{browser_texts, Locale};
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn texts(Path(file): Path<String>) -> Response {
    let found = file.strip_suffix(".txt").and_then(|f| f.split_once('.')).and_then(|(tag, hash)| {
        let locale = Locale::from_tag(tag).filter(|l| l.tag() == tag)?;
        let (table, current) = browser_texts(locale);
        (current == hash).then_some(table)
    });
    match found {
        Some(table) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], table).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
