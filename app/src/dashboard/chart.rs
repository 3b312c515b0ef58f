//! The dashboard's charts: SVG drawn on the server with plotters (no script, nothing for the
//! browser to load). Each bar carries its amount as text and the chart has a text alternative,
//! and the tables beside them hold the same figures; the months chart tells billed from paid by
//! shape (filled against outlined), not by colour alone.

use super::model::Position;
use crate::i18n::{Key, Locale};
use crate::invoices::statement::Aging;
use plotters::prelude::*;

const W: u32 = 520;
const H: u32 = 240;
const BRAND: RGBColor = RGBColor(31, 78, 121);
const TEXT: RGBColor = RGBColor(31, 41, 55);
const FONT: &str = "sans-serif";

/// The aging of one currency's receivables: a bar per bucket.
pub fn aging(l: Locale, p: &Position) -> String {
    let labels: Vec<String> = Aging::KEYS.iter().map(|k| l.text(*k).to_string()).collect();
    let values = p.aging.buckets();
    let title = l.format(Key::AgingChartTitle, &[("currency", p.currency.code())]);
    let alt = labels.iter().zip(values).map(|(label, v)| format!("{label}: {}", l.money(&p.money(v)))).collect::<Vec<_>>().join("; ");
    bars(&title, &alt, &labels, &[(values.to_vec(), true)], |v| l.money(&p.money(v)))
}

/// Billed and paid per month over the last twelve months.
pub fn months(l: Locale, p: &Position) -> String {
    // "01/26": two digits of the month and of the year, short enough for twelve groups.
    let labels: Vec<String> = p.months.iter().map(|(m, _, _)| format!("{}/{}", m.get(5..7).unwrap_or(""), m.get(2..4).unwrap_or(""))).collect();
    let billed: Vec<i64> = p.months.iter().map(|m| m.1).collect();
    let paid: Vec<i64> = p.months.iter().map(|m| m.2).collect();
    let title = l.format(Key::MonthsChartTitle, &[("currency", p.currency.code())]);
    let (b, pd) = (l.text(Key::Billed), l.text(Key::Paid));
    let alt = p.months.iter().map(|(m, bv, pv)| format!("{m}: {b} {}, {pd} {}", l.money(&p.money(*bv)), l.money(&p.money(*pv)))).collect::<Vec<_>>().join("; ");
    bars(&title, &alt, &labels, &[(billed, true), (paid, false)], |v| l.money(&p.money(v)))
}

/// A bar chart: one group per label, one bar per series (filled or outlined), as an SVG with
/// `role="img"`, a title and a description.
fn bars(title: &str, alt: &str, labels: &[String], series: &[(Vec<i64>, bool)], money: impl Fn(i64) -> String) -> String {
    let mut svg = String::new();
    let drawn = draw(&mut svg, labels, series, &money);
    if let Err(e) = drawn {
        tracing::warn!(error = %e, "a dashboard chart could not be drawn");
        return String::new();
    }
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    // plotters writes a bare <svg>: make it an image with its own name and text alternative.
    let open = format!(r#"<svg role="img" aria-label="{}" focusable="false" class="chart" "#, esc(title));
    let svg = svg.replacen("<svg ", &open, 1);
    match svg.find('>') {
        Some(i) => format!("{}<title>{}</title><desc>{}</desc>{}", &svg[..=i], esc(title), esc(alt), &svg[i + 1..]),
        None => svg,
    }
}

fn draw(out: &mut String, labels: &[String], series: &[(Vec<i64>, bool)], money: &impl Fn(i64) -> String) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (W, H)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = series.iter().flat_map(|(v, _)| v.iter().copied()).max().unwrap_or(0).max(1);
    let groups = labels.len().max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .margin_top(24)
        .x_label_area_size(28)
        .y_label_area_size(0)
        .build_cartesian_2d(0f64..groups as f64, 0f64..top as f64 * 1.15)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_y_axis()
        .x_labels(0)
        .axis_style(TEXT.mix(0.6))
        .draw()?;
    let width = 0.8 / series.len() as f64;
    let label_style = TextStyle::from((FONT, 13).into_font()).color(&TEXT).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Bottom,
    ));
    for (i, label) in labels.iter().enumerate() {
        chart.draw_series(std::iter::once(Text::new(label.clone(), (i as f64 + 0.5, 0.0), label_style.clone().pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Top,
        )))))?;
    }
    for (s, (values, filled)) in series.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let x0 = i as f64 + 0.1 + s as f64 * width;
            let style = if *filled { BRAND.filled() } else { ShapeStyle { color: BRAND.to_rgba(), filled: false, stroke_width: 2 } };
            chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x0 + width * 0.9, *v as f64)], style)))?;
            if series.len() == 1 && *v > 0 {
                chart.draw_series(std::iter::once(Text::new(money(*v), (x0 + width * 0.45, *v as f64), label_style.clone())))?;
            }
        }
    }
    root.present()?;
    Ok(())
}

/// Average satisfaction (1 to 5) per quarter.
pub fn quarters(l: Locale, s: &crate::surveys::model::Satisfaction) -> String {
    let labels: Vec<String> = s.quarters.iter().map(|(q, _)| q.clone()).collect();
    let tenths: Vec<i64> = s.quarters.iter().map(|(_, sc)| sc.csat().map_or(0, |a| (a * 10.0).round() as i64)).collect();
    let alt = s.quarters.iter().map(|(q, sc)| format!("{q}: {}", sc.csat().map_or_else(|| "—".to_string(), |a| format!("{a:.1}")))).collect::<Vec<_>>().join("; ");
    bars(l.text(Key::CsatChartTitle), &alt, &labels, &[(tenths, true)], |v| format!("{:.1}", v as f64 / 10.0))
}
