use super::{Col, Doc, Tone, MARGIN, RIGHT};
use app::clients::model::ClientInput;
use app::i18n::{Key, Locale};
use app::invoices::statement::{Aging, Statement};
use app::money::Money;

/// Statement of account: per currency, opening balance, every invoice and payment of the period
/// with a running balance, closing balance and aging.
pub fn statement_pdf(head: &super::Letterhead, st: &Statement, billed: &ClientInput, l: Locale) -> Result<Vec<u8>, printpdf::Error> {
    let title = l.text(Key::StatementTitle);
    let mut d = Doc::new(title, l)?;
    d.down(6.0);
    d.heading(head, title);
    d.down(10.0);
    d.text(MARGIN, &st.client_name, 11.0, true, Tone::Text);
    let period = l.format(Key::StatementPeriod, &[("from", &l.date(st.from)), ("to", &l.date(st.to))]);
    d.text_right(RIGHT, &period, 10.0, false, Tone::Muted);
    d.down(5.5);
    d.billing(MARGIN, billed, l);
    d.down(4.5);
    if st.accounts.is_empty() {
        d.text(MARGIN, l.text(Key::StatementEmpty), 10.0, false, Tone::Text);
    }
    let cols = [Col::Left(MARGIN), Col::Left(48.0), Col::Left(80.0), Col::Right(132.0), Col::Right(160.0), Col::Right(RIGHT)];
    for acc in &st.accounts {
        let m = |minor: i64| l.money(&Money::new(minor, acc.currency));
        d.ensure(40.0);
        d.text(MARGIN, &format!("{} ({})", l.text(Key::Account), acc.currency), 12.0, true, Tone::Text);
        d.down(8.0);
        let header: Vec<String> = [Key::PaymentDate, Key::EntryType, Key::Reference, Key::Debit, Key::Credit, Key::RunningBalance]
            .iter()
            .map(|k| l.text(*k).to_string())
            .collect();
        d.header(&cols, &header);
        d.rule(0.5);
        d.down(5.0);
        let blank = String::new();
        d.row(&cols, &[l.date(st.from), l.text(Key::OpeningBalance).into(), blank.clone(), blank.clone(), blank.clone(), m(acc.opening)], 10.0, false, Tone::Text);
        for line in &acc.lines {
            let amount = |v: i64| if v == 0 { String::new() } else { m(v) };
            let cells = [
                l.date(line.date),
                l.text(line.kind.key()).to_string(),
                d.fit(&line.reference, 10.0, 38.0),
                amount(line.debit),
                amount(line.credit),
                m(line.balance),
            ];
            d.row(&cols, &cells, 10.0, false, Tone::Text);
        }
        d.rule(0.5);
        d.down(5.0);
        d.row(&cols, &[l.date(st.to), l.text(Key::ClosingBalance).into(), blank.clone(), blank.clone(), blank, m(acc.closing)], 10.0, true, Tone::Text);
        d.down(4.0);
        d.ensure(20.0);
        d.text(MARGIN, l.text(Key::Aging), 10.0, true, Tone::Text);
        d.down(6.0);
        let aging_cols = [Col::Right(56.0), Col::Right(86.0), Col::Right(116.0), Col::Right(146.0), Col::Right(RIGHT)];
        let labels: Vec<String> = Aging::KEYS.iter().map(|k| l.text(*k).to_string()).collect();
        d.header(&aging_cols, &labels);
        let values: Vec<String> = acc.aging.buckets().iter().map(|v| m(*v)).collect();
        d.row(&aging_cols, &values, 10.0, false, Tone::Text);
        d.down(8.0);
    }
    d.finish()
}
