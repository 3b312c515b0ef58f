use super::{Col, Doc, Tone, MARGIN, RIGHT};
use app::clients::model::ClientInput;
use app::i18n::{Key, Locale};
use app::invoices::model::{InvoiceDetail, InvoiceStatus};

/// The invoice as a printable A4 PDF: firm and client, dates, lines, totals, payments, and a
/// PAID / OVERDUE / VOID mark.
pub fn invoice_pdf(head: &super::Letterhead, inv: &InvoiceDetail, billed: &ClientInput, l: Locale) -> Result<Vec<u8>, printpdf::Error> {
    let s = &inv.summary;
    let title = l.format(Key::InvoiceTitle, &[("number", &s.number)]);
    let mut d = Doc::new(&title, l)?;
    d.down(6.0);
    d.heading(head, &title);
    d.down(10.0);
    let mark = match s.status {
        _ if s.overdue => Some((l.text(Key::Overdue), Tone::Alert)),
        InvoiceStatus::Paid => Some((l.text(Key::StatusPaid), Tone::Good)),
        InvoiceStatus::Void => Some((l.text(Key::StatusVoid), Tone::Muted)),
        InvoiceStatus::Draft => Some((l.text(Key::StatusDraft), Tone::Muted)),
        _ => None,
    };
    if let Some((text, tone)) = mark {
        d.text_right(RIGHT, &text.to_uppercase(), 22.0, true, tone);
    }
    d.down(4.0);
    d.text(MARGIN, l.text(Key::BilledTo), 9.0, false, Tone::Muted);
    d.text(MARGIN + 35.0, &s.client_name, 10.0, false, Tone::Text);
    d.down(5.0);
    d.billing(MARGIN + 35.0, billed, l);
    d.down(1.5);
    for (key, value) in [
        (Key::IssueDate, l.date(s.issue_date)),
        (Key::DueDate, l.date(s.due_date)),
        (Key::Balance, l.money(&s.amount_due)),
    ] {
        d.text(MARGIN, l.text(key), 9.0, false, Tone::Muted);
        d.text(MARGIN + 35.0, &value, 10.0, key == Key::Balance, Tone::Text);
        d.down(6.0);
    }
    d.down(6.0);

    let cols = [Col::Left(MARGIN), Col::Right(118.0), Col::Right(146.0), Col::Right(162.0), Col::Right(RIGHT)];
    let header: Vec<String> = [Key::Description, Key::Quantity, Key::UnitPrice, Key::TaxRate, Key::Amount]
        .iter()
        .map(|k| l.text(*k).to_string())
        .collect();
    d.header(&cols, &header);
    d.rule(0.5);
    d.down(5.0);
    for line in &inv.lines {
        let cells = [
            d.fit(&line.description, 10.0, 80.0),
            l.scaled(line.quantity_milli, 3),
            l.money(&line.unit_price),
            format!("{}%", l.scaled(line.tax_rate_bp, 2)),
            l.money(&line.amount),
        ];
        d.row(&cols, &cells, 10.0, false, Tone::Text);
    }
    d.rule(0.5);
    d.down(6.0);

    let totals = [
        (Key::Subtotal, &inv.subtotal, false),
        (Key::TaxTotal, &inv.tax, false),
        (Key::Total, &s.total, true),
        (Key::Paid, &inv.paid, false),
        (Key::Balance, &s.amount_due, true),
    ];
    for (key, money, strong) in totals {
        d.ensure(7.0);
        d.text(130.0, l.text(key), 10.0, strong, Tone::Text);
        d.text_right(RIGHT, &l.money(money), 10.0, strong, Tone::Text);
        d.down(6.0);
    }

    if !inv.payments.is_empty() {
        d.down(6.0);
        d.ensure(20.0);
        d.text(MARGIN, l.text(Key::Payments), 12.0, true, Tone::Text);
        d.down(7.0);
        let cols = [Col::Left(MARGIN), Col::Left(50.0), Col::Left(95.0), Col::Right(RIGHT)];
        for p in &inv.payments {
            let cells = [l.date(p.paid_on), d.fit(&p.method, 10.0, 42.0), d.fit(&p.reference, 10.0, 60.0), l.money(&p.amount)];
            d.row(&cols, &cells, 10.0, false, Tone::Text);
        }
    }
    if !inv.notes.is_empty() {
        d.down(6.0);
        d.ensure(20.0);
        d.text(MARGIN, l.text(Key::Notes), 12.0, true, Tone::Text);
        d.down(7.0);
        for line in inv.notes.lines() {
            d.ensure(7.0);
            d.text(MARGIN, &d.fit(line, 10.0, RIGHT - MARGIN), 10.0, false, Tone::Text);
            d.down(5.5);
        }
    }
    d.finish()
}
