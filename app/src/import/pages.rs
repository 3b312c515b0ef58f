//! `/staff/import`: upload a CSV file of clients, people or invoices, check it or import it, and
//! read the report (every refused row with its line and why); the latest imports below.

use super::{import_reports, ImportReport, KINDS};
use crate::components::{loaded, when, Layout};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn kind_label(kind: &str) -> Key {
    match kind {
        "clients" => Key::NavClients,
        "people" => Key::People,
        _ => Key::NavInvoices,
    }
}

/// What became of a file, in a sentence.
fn outcome(r: &ImportReport) -> Key {
    match (r.errors.is_empty(), r.dry_run, r.applied) {
        (false, _, _) => Key::ImportRefused,
        (true, true, _) => Key::ImportChecked,
        (true, false, true) => Key::ImportDone,
        (true, false, false) => Key::ImportRefused,
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let errors = (!report.errors.is_empty()).then(|| {
        let rows = report.errors.iter().map(|e| view! { <tr><td>{e.line}</td><td>{e.reason.clone()}</td></tr> }).collect_view();
        view! {
            <div class="table-wrap"><table class="table">
                <caption>{t(Key::ImportBadRows)}</caption>
                <thead><tr><th scope="col">{t(Key::ImportLine)}</th><th scope="col">{t(Key::ImportReason)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
    });
    let role = if report.errors.is_empty() { "status" } else { "alert" };
    view! {
        <section class="panel" aria-labelledby="import-report">
            <h2 id="import-report">{report.file_name.clone()}" — "{t(kind_label(&report.kind))}</h2>
            <p role=role class=if report.errors.is_empty() { "notice-ok" } else { "form-error" }>{t(outcome(&report))}</p>
            <dl class="facts">
                <div><dt>{t(Key::ImportRows)}</dt><dd>{report.rows}</dd></div>
                <div><dt>{t(Key::ImportCreated)}</dt><dd>{report.created}</dd></div>
                <div><dt>{t(Key::ImportUpdated)}</dt><dd>{report.updated}</dd></div>
                <div><dt>{t(Key::ImportUnchanged)}</dt><dd>{report.unchanged}</dd></div>
            </dl>
            {errors}
        </section>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let query = use_query_map();
    let shown = query.read_untracked().get("report").and_then(|r| r.parse::<i64>().ok());
    let data = Resource::new(move || shown, import_reports);
    let body = loaded(data, move |(shown, history)| {
        let rows = history
            .into_iter()
            .map(|r| {
                let href = format!("/staff/import?report={}", r.id);
                let result = t(outcome(&r));
                view! {
                    <tr>
                        <td>{when(r.imported_at)}</td>
                        <td><a href=href>{r.file_name.clone()}</a></td>
                        <td>{t(kind_label(&r.kind))}</td>
                        <td>{result}</td>
                        <td>{r.created}" / "{r.updated}" / "{r.unchanged}</td>
                        <td>{r.imported_by.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {shown.map(|r| view! { <Report report=r/> })}
            <section class="panel" aria-labelledby="import-history">
                <h2 id="import-history">{t(Key::ImportHistory)}</h2>
                <div class="table-wrap"><table class="table">
                    <thead><tr>
                        <th scope="col">{t(Key::HookWhen)}</th><th scope="col">{t(Key::ImportFile)}</th><th scope="col">{t(Key::ImportKind)}</th>
                        <th scope="col">{t(Key::Status)}</th><th scope="col">{t(Key::ImportCounts)}</th><th scope="col">{t(Key::ImportBy)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </section>
        }
    });
    let columns = KINDS.iter().map(|(kind, cols)| view! { <li><strong>{t(kind_label(kind))}</strong>": "<code>{*cols}</code></li> }).collect_view();
    view! {
        <Title text=t(Key::ImportTitle)/>
        <Layout>
            <h1>{t(Key::ImportTitle)}</h1>
            <p class="muted">{t(Key::ImportIntro)}</p>
            <form class="panel form" method="post" action="/staff/import" enctype="multipart/form-data">
                <div class="field">
                    <label for="import-kind">{t(Key::ImportKind)}</label>
                    <select id="import-kind" name="kind">
                        {KINDS.iter().map(|(kind, _)| view! { <option value=*kind>{t(kind_label(kind))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="import-file">{t(Key::ImportFile)}</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv" required/>
                </div>
                <div class="actions">
                    <button type="submit" name="mode" value="check" class="button">{t(Key::ImportCheck)}</button>
                    <button type="submit" name="mode" value="import" class="button primary">{t(Key::ImportRun)}</button>
                </div>
                <details class="disclosure">
                    <summary>{t(Key::ImportColumns)}</summary>
                    <ul>{columns}</ul>
                    <p class="hint">{t(Key::ImportColumnsHint)}</p>
                </details>
            </form>
            {body}
        </Layout>
    }
}
