//! `/staff`: the firm at a glance. Charts come from the server as SVG with a text alternative;
//! each table below a chart holds its figures, and every table downloads as CSV.

use super::api::staff_dashboard;
use super::model::{Attention, ClientValue, FirmDashboard, Position, Reason, RecentActivity, Table};
use crate::audit::action::action_text;
use crate::components::{loaded, when, Amount, Layout};
use crate::i18n::{t, use_locale, Key};
use crate::invoices::statement::Aging;
use crate::surveys::model::{Satisfaction, Scores, SurveyKind, LOW_CSAT};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| staff_dashboard());
    let body = loaded(data, |d: FirmDashboard| {
        let as_of = use_locale().format(Key::FiguresAsOf, &[("time", crate::util::utc(d.computed_at * 1_000_000).get(..16).unwrap_or_default())]);
        view! {
            <p class="muted">{as_of}</p>
            <Receivables positions=d.positions/>
            <NeedsAttention items=d.attention/>
            <ClientValues rows=d.clients total=d.client_rows/>
            <SatisfactionSection satisfaction=d.satisfaction chart=d.satisfaction_chart/>
            <Recent items=d.recent/>
        }
    });
    view! {
        <Title text=t(Key::NavOverview)/>
        <Layout>
            <h1>{t(Key::NavOverview)}</h1>
            <p class="muted">{t(Key::DashboardIntro)}</p>
            {body}
        </Layout>
    }
}

/// A section's heading with its CSV download beside it.
#[component]
fn Heading(id: &'static str, text: Key, table: Table) -> impl IntoView {
    view! {
        <div class="section-head">
            <h2 id=id>{t(text)}</h2>
            <a class="button secondary" href=table.csv_path() rel="external" download>{t(Key::DownloadCsv)}</a>
        </div>
    }
}

#[component]
fn Receivables(positions: Vec<Position>) -> impl IntoView {
    let cards = positions
        .into_iter()
        .map(|p| {
            let buckets = p.aging.buckets();
            let aging_rows = Aging::KEYS
                .iter()
                .zip(buckets)
                .map(|(k, v)| view! { <tr><th scope="row">{t(*k)}</th><td class="num"><Amount money=p.money(v)/></td></tr> })
                .collect_view();
            let month_rows = p
                .months
                .iter()
                .map(|(m, billed, paid)| view! { <tr><th scope="row">{m.clone()}</th><td class="num"><Amount money=p.money(*billed)/></td><td class="num"><Amount money=p.money(*paid)/></td></tr> })
                .collect_view();
            let (currency, outstanding, overdue) = (p.currency.to_string(), p.money(p.outstanding), p.money(p.overdue));
            let (aging_chart, months_chart) = (p.aging_chart, p.months_chart);
            view! {
                <article class="panel position" data-testid="position">
                    <h3>{currency}</h3>
                    <dl class="facts">
                        <div><dt>{t(Key::Outstanding)}</dt><dd><Amount money=outstanding/></dd></div>
                        <div><dt>{t(Key::OverdueAmount)}</dt><dd><Amount money=overdue/></dd></div>
                    </dl>
                    <div class="charts">
                        <figure>
                            <div class="chart-box" inner_html=aging_chart></div>
                            <figcaption>
                                <table class="table compact">
                                    <thead><tr><th scope="col">{t(Key::DaysPastDue)}</th><th scope="col" class="num">{t(Key::Outstanding)}</th></tr></thead>
                                    <tbody>{aging_rows}</tbody>
                                </table>
                            </figcaption>
                        </figure>
                        <figure>
                            <div class="chart-box" inner_html=months_chart></div>
                            <figcaption>
                                <p class="legend"><span class="key filled" aria-hidden="true"></span>{t(Key::Billed)}" "<span class="key outlined" aria-hidden="true"></span>{t(Key::Paid)}</p>
                                <details>
                                    <summary>{t(Key::ChartFigures)}</summary>
                                    <table class="table compact">
                                        <thead><tr><th scope="col">{t(Key::Month)}</th><th scope="col" class="num">{t(Key::Billed)}</th><th scope="col" class="num">{t(Key::Paid)}</th></tr></thead>
                                        <tbody>{month_rows}</tbody>
                                    </table>
                                </details>
                            </figcaption>
                        </figure>
                    </div>
                </article>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="receivables-heading">
            <Heading id="receivables-heading" text=Key::Receivables table=Table::Receivables/>
            {cards}
            <p><A href="/staff/aging">{t(Key::AgingByClient)}</A></p>
        </section>
    }
}

fn reason_text(r: &Reason) -> String {
    let l = use_locale();
    match r {
        Reason::Unseen { last_seen, owed } => {
            let owed = owed.iter().map(|m| l.money(m)).collect::<Vec<_>>().join(", ");
            match last_seen {
                Some(at) => l.format(Key::ReasonUnseen, &[("date", &crate::util::utc(*at)[..10]), ("owed", &owed)]),
                None => l.format(Key::ReasonNeverSeen, &[("owed", &owed)]),
            }
        }
        Reason::Unanswered { conversations, since } => {
            l.format(Key::ReasonUnanswered, &[("count", &conversations.to_string()), ("date", &crate::util::utc(since * 1_000_000)[..10])])
        }
        Reason::OverdueRequests { requests } => l.format(Key::ReasonOverdueRequests, &[("count", &requests.to_string())]),
        Reason::LowSatisfaction { average_tenths, .. } => l.format(Key::ReasonLowSatisfaction, &[("average", &format!("{:.1}", *average_tenths as f64 / 10.0))]),
    }
}

#[component]
fn NeedsAttention(items: Vec<Attention>) -> impl IntoView {
    let body = if items.is_empty() {
        view! { <p class="empty">{t(Key::NoAttention)}</p> }.into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|a| {
                let reasons = a.reasons.iter().map(|r| view! { <li>{reason_text(r)}</li> }).collect_view();
                view! {
                    <tr>
                        <th scope="row"><A href=format!("/staff/clients/{}", a.client_id)>{a.client_name}</A></th>
                        <td><ul class="reasons">{reasons}</ul></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" data-testid="attention">
                    <thead><tr><th scope="col">{t(Key::Client)}</th><th scope="col">{t(Key::Why)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="attention-heading">
            <Heading id="attention-heading" text=Key::NeedsAttention table=Table::Attention/>
            {body}
        </section>
    }
}

#[component]
fn ClientValues(rows: Vec<ClientValue>, total: usize) -> impl IntoView {
    let year = time::OffsetDateTime::now_utc().year();
    let l = use_locale();
    let shown = l.format(Key::RowsShown, &[("shown", &rows.len().to_string()), ("total", &total.to_string())]);
    let opt = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let body = rows
        .into_iter()
        .map(|v| {
            let (href, name) = (format!("/staff/clients/{}", v.client_id), v.client_name.clone());
            let trend = if v.slipping() { view! { <span class="badge badge-overdue">{t(Key::PayingLater)}</span> }.into_any() } else { "—".into_any() };
            view! {
                <tr class:row-overdue=v.slipping()>
                    <th scope="row"><A href=href>{name}</A></th>
                    <td class="num"><Amount money=v.money(v.billed)/></td>
                    <td class="num"><Amount money=v.money(v.paid)/></td>
                    <td class="num"><Amount money=v.money(v.billed_this_year)/></td>
                    <td class="num"><Amount money=v.money(v.paid_this_year)/></td>
                    <td class="num"><Amount money=v.money(v.billed_last_year)/></td>
                    <td class="num"><Amount money=v.money(v.paid_last_year)/></td>
                    <td class="num">{opt(v.days_to_pay)}</td>
                    <td class="num">{opt(v.recent_days_to_pay)}</td>
                    <td class="num">{opt(v.dso)}</td>
                    <td>{trend}</td>
                </tr>
            }
        })
        .collect_view();
    let in_year = |key: Key, y: i32| l.format(key, &[("year", &y.to_string())]);
    view! {
        <section aria-labelledby="value-heading">
            <Heading id="value-heading" text=Key::ClientValueTitle table=Table::Clients/>
            <p class="muted">{t(Key::ClientValueIntro)}" "{shown}</p>
            <div class="table-wrap">
                <table class="table" data-testid="client-value">
                    <thead><tr>
                        <th scope="col">{t(Key::Client)}</th>
                        <th scope="col" class="num">{t(Key::BilledAllTime)}</th>
                        <th scope="col" class="num">{t(Key::PaidAllTime)}</th>
                        <th scope="col" class="num">{in_year(Key::BilledInYear, year)}</th>
                        <th scope="col" class="num">{in_year(Key::PaidInYear, year)}</th>
                        <th scope="col" class="num">{in_year(Key::BilledInYear, year - 1)}</th>
                        <th scope="col" class="num">{in_year(Key::PaidInYear, year - 1)}</th>
                        <th scope="col" class="num">{t(Key::DaysToPay)}</th>
                        <th scope="col" class="num">{t(Key::DaysToPayLately)}</th>
                        <th scope="col" class="num"><abbr title=t(Key::DsoLong)>{t(Key::Dso)}</abbr></th>
                        <th scope="col">{t(Key::Trend)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Recent(items: Vec<RecentActivity>) -> impl IntoView {
    let l = use_locale();
    let body = if items.is_empty() {
        view! { <p class="empty">{t(Key::NoRecentActivity)}</p> }.into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|e| {
                view! {
                    <tr>
                        <td>{when(e.at / 1_000_000)}</td>
                        <td>{e.actor_name}</td>
                        <td><A href=format!("/staff/clients/{}", e.client_id)>{e.client_name}</A></td>
                        <td>{action_text(l, &e.action)}</td>
                        <td>{e.target_label}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table" data-testid="recent-activity">
                    <thead><tr>
                        <th scope="col">{t(Key::When)}</th>
                        <th scope="col">{t(Key::Who)}</th>
                        <th scope="col">{t(Key::Client)}</th>
                        <th scope="col">{t(Key::Action)}</th>
                        <th scope="col">{t(Key::About)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="recent-heading">
            <Heading id="recent-heading" text=Key::RecentActivity table=Table::Activity/>
            {body}
        </section>
    }
}

/// "4.3" for an average satisfaction, "—" without answers.
fn average(s: &Scores) -> String {
    s.csat().map_or_else(|| "—".into(), |a| format!("{a:.1}"))
}

/// "+25" for a recommendation score, "—" without answers.
fn nps(s: &Scores) -> String {
    s.nps().map_or_else(|| "—".into(), |n| format!("{n:+}"))
}

#[component]
fn SatisfactionSection(satisfaction: Satisfaction, chart: String) -> impl IntoView {
    let s = satisfaction;
    let body = if s.overall.csat_answers + s.overall.nps_answers == 0 {
        view! { <p class="empty">{t(Key::NoAnswersYet)}</p> }.into_any()
    } else {
        let quarters = s
            .quarters
            .iter()
            .map(|(q, sc)| view! { <tr><th scope="row">{q.clone()}</th><td class="num">{average(sc)}</td><td class="num">{sc.csat_answers}</td><td class="num">{nps(sc)}</td><td class="num">{sc.nps_answers}</td></tr> })
            .collect_view();
        let clients = s
            .clients
            .iter()
            .map(|c| {
                let low = c.recent.csat().is_some_and(|a| a < LOW_CSAT);
                let (href, name) = (format!("/staff/clients/{}", c.client_id), c.client_name.clone());
                view! {
                    <tr class:row-overdue=low>
                        <th scope="row"><A href=href>{name}</A></th>
                        <td class="num">{average(&c.scores)}</td>
                        <td class="num">{c.scores.csat_answers}</td>
                        <td class="num">{nps(&c.scores)}</td>
                        <td class="num">{c.scores.nps_answers}</td>
                        <td>{when(c.last_answer)}</td>
                    </tr>
                }
            })
            .collect_view();
        let comments = s
            .comments
            .iter()
            .map(|c| {
                let scale = if c.kind == SurveyKind::Csat { "/5" } else { "/10" };
                view! {
                    <li class="panel">
                        <p class="change-head"><strong>{c.score}{scale}</strong>" · "{c.person.clone()}" ("{c.client_name.clone()}") · "{when(c.answered_at)}
                            {(!c.subject.is_empty()).then(|| view! { " · "{c.subject.clone()} })}
                        </p>
                        <blockquote class="note">{c.comment.clone()}</blockquote>
                    </li>
                }
            })
            .collect_view();
        view! {
            <dl class="facts">
                <div><dt>{t(Key::CsatLabel)}</dt><dd>{average(&s.overall)}</dd></div>
                <div><dt>{t(Key::Answers)}</dt><dd>{s.overall.csat_answers}</dd></div>
                <div><dt>{t(Key::NpsLabel)}</dt><dd>{nps(&s.overall)}</dd></div>
                <div><dt>{t(Key::Answers)}</dt><dd>{s.overall.nps_answers}</dd></div>
            </dl>
            <figure class="chart-figure">
                <div class="chart-box" inner_html=chart></div>
                <figcaption>
                    <table class="table compact">
                        <thead><tr>
                            <th scope="col">{t(Key::Quarter)}</th>
                            <th scope="col" class="num">{t(Key::CsatLabel)}</th>
                            <th scope="col" class="num">{t(Key::Answers)}</th>
                            <th scope="col" class="num">{t(Key::NpsLabel)}</th>
                            <th scope="col" class="num">{t(Key::Answers)}</th>
                        </tr></thead>
                        <tbody>{quarters}</tbody>
                    </table>
                </figcaption>
            </figure>
            <div class="table-wrap">
                <table class="table" data-testid="satisfaction">
                    <thead><tr>
                        <th scope="col">{t(Key::Client)}</th>
                        <th scope="col" class="num">{t(Key::CsatLabel)}</th>
                        <th scope="col" class="num">{t(Key::Answers)}</th>
                        <th scope="col" class="num">{t(Key::NpsLabel)}</th>
                        <th scope="col" class="num">{t(Key::Answers)}</th>
                        <th scope="col">{t(Key::LastAnswer)}</th>
                    </tr></thead>
                    <tbody>{clients}</tbody>
                </table>
            </div>
            <h3>{t(Key::LatestComments)}</h3>
            <ol class="changes" data-testid="comments">{comments}</ol>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="satisfaction-heading">
            <Heading id="satisfaction-heading" text=Key::SatisfactionTitle table=Table::Satisfaction/>
            {body}
        </section>
    }
}
