//! Statement of account: the pure arithmetic, shared by the page, the PDF and the CSV.

use crate::i18n::Key;
use crate::money::Currency;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Invoice,
    Payment,
    Refund,
}

impl EntryKind {
    pub fn key(self) -> Key {
        match self {
            Self::Invoice => Key::EntryInvoice,
            Self::Payment => Key::EntryPayment,
            Self::Refund => Key::EntryRefund,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invoice => "invoice",
            Self::Payment => "payment",
            Self::Refund => "refund",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub date: Date,
    pub kind: EntryKind,
    /// The invoice number (for payments: the invoice paid, and the payment reference).
    pub reference: String,
    pub debit: i64,
    pub credit: i64,
    /// Running balance after this line.
    pub balance: i64,
}

/// What is still owed, by how long it is past due, as of the statement's end date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aging {
    pub current: i64,
    pub days_1_30: i64,
    pub days_31_60: i64,
    pub days_61_90: i64,
    pub days_over_90: i64,
}

impl Aging {
    pub const KEYS: [Key; 5] = [Key::AgingCurrent, Key::Aging1To30, Key::Aging31To60, Key::Aging61To90, Key::AgingOver90];

    pub fn buckets(&self) -> [i64; 5] {
        [self.current, self.days_1_30, self.days_31_60, self.days_61_90, self.days_over_90]
    }

    /// Adds `amount` to the bucket for an invoice `days_late` days past its due date.
    pub fn add(&mut self, days_late: i64, amount: i64) {
        let bucket = match days_late {
            i64::MIN..=0 => &mut self.current,
            1..=30 => &mut self.days_1_30,
            31..=60 => &mut self.days_31_60,
            61..=90 => &mut self.days_61_90,
            _ => &mut self.days_over_90,
        };
        *bucket += amount;
    }

    pub fn total(&self) -> i64 {
        self.buckets().iter().sum()
    }
}

/// One currency's account: statements never convert between currencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub currency: Currency,
    pub opening: i64,
    pub lines: Vec<StatementLine>,
    pub closing: i64,
    pub aging: Aging,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub client_id: i64,
    pub client_name: String,
    pub from: Date,
    pub to: Date,
    pub accounts: Vec<Account>,
}

/// An issued (not draft, not void) invoice, as the statement needs it.
#[derive(Debug, Clone)]
pub struct StInvoice {
    pub id: i64,
    pub number: String,
    pub issue_date: Date,
    pub due_date: Date,
    pub currency: Currency,
    pub total: i64,
}

/// A payment (positive) or refund (negative) against one of those invoices.
#[derive(Debug, Clone)]
pub struct StPayment {
    pub id: i64,
    pub invoice_id: i64,
    pub paid_on: Date,
    pub amount: i64,
    pub reference: String,
}

fn account(accounts: &mut BTreeMap<Currency, Account>, c: Currency) -> &mut Account {
    accounts.entry(c).or_insert_with(|| Account { currency: c, opening: 0, lines: vec![], closing: 0, aging: Aging::default() })
}

/// Builds the statement for `[from, to]` from every issued invoice and payment up to `to`.
/// Opening balance = invoiced − paid before `from`; closing = opening + debits − credits; the
/// aging buckets split what is unpaid at `to` by days past due, so they add up to the closing.
pub fn build_statement(client_id: i64, client_name: String, from: Date, to: Date, invoices: &[StInvoice], payments: &[StPayment]) -> Statement {
    let mut accounts: BTreeMap<Currency, Account> = BTreeMap::new();
    let mut by_id = BTreeMap::new();
    let mut outstanding: BTreeMap<i64, i64> = BTreeMap::new();
    let mut entries: Vec<(Date, u8, i64, Currency, StatementLine)> = Vec::new();
    for inv in invoices.iter().filter(|i| i.issue_date <= to) {
        by_id.insert(inv.id, inv);
        *outstanding.entry(inv.id).or_default() += inv.total;
        let acc = account(&mut accounts, inv.currency);
        if inv.issue_date < from {
            acc.opening += inv.total;
        } else {
            let line = StatementLine { date: inv.issue_date, kind: EntryKind::Invoice, reference: inv.number.clone(), debit: inv.total, credit: 0, balance: 0 };
            entries.push((inv.issue_date, 0, inv.id, inv.currency, line));
        }
    }
    for p in payments.iter().filter(|p| p.paid_on <= to) {
        let Some(inv) = by_id.get(&p.invoice_id) else { continue };
        *outstanding.entry(inv.id).or_default() -= p.amount;
        let acc = account(&mut accounts, inv.currency);
        if p.paid_on < from {
            acc.opening -= p.amount;
        } else {
            let (kind, debit, credit) = if p.amount >= 0 { (EntryKind::Payment, 0, p.amount) } else { (EntryKind::Refund, -p.amount, 0) };
            let reference = if p.reference.is_empty() { inv.number.clone() } else { format!("{} · {}", inv.number, p.reference) };
            entries.push((p.paid_on, 1, p.id, inv.currency, StatementLine { date: p.paid_on, kind, reference, debit, credit, balance: 0 }));
        }
    }
    entries.sort_by_key(|a| (a.0, a.1, a.2));
    for acc in accounts.values_mut() {
        acc.closing = acc.opening;
    }
    for (_, _, _, currency, mut line) in entries {
        let acc = accounts.get_mut(&currency).expect("account exists");
        acc.closing += line.debit - line.credit;
        line.balance = acc.closing;
        acc.lines.push(line);
    }
    for (id, due) in outstanding {
        let inv = by_id[&id];
        if due != 0 {
            let acc = accounts.get_mut(&inv.currency).expect("account exists");
            acc.aging.add((to - inv.due_date).whole_days(), due);
        }
    }
    Statement { client_id, client_name, from, to, accounts: accounts.into_values().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    fn inv(id: i64, issued: Date, due: Date, total: i64) -> StInvoice {
        StInvoice { id, number: format!("INV-{id}"), issue_date: issued, due_date: due, currency: usd(), total }
    }

    fn pay(id: i64, invoice_id: i64, on: Date, amount: i64) -> StPayment {
        StPayment { id, invoice_id, paid_on: on, amount, reference: String::new() }
    }

    #[test]
    fn opening_lines_closing_and_aging_agree() {
        let invoices = [
            inv(1, date!(2026 - 01 - 10), date!(2026 - 02 - 09), 100_00),
            inv(2, date!(2026 - 03 - 05), date!(2026 - 04 - 04), 250_00),
            inv(3, date!(2026 - 06 - 01), date!(2026 - 07 - 01), 80_00),
        ];
        let payments = [pay(1, 1, date!(2026 - 02 - 01), 100_00), pay(2, 2, date!(2026 - 03 - 20), 50_00), pay(3, 2, date!(2026 - 03 - 25), -10_00)];
        let st = build_statement(1, "C".into(), date!(2026 - 03 - 01), date!(2026 - 05 - 31), &invoices, &payments);
        let acc = &st.accounts[0];
        assert_eq!(acc.opening, 0, "invoice 1 was issued and paid before the period");
        let kinds: Vec<_> = acc.lines.iter().map(|l| (l.kind, l.debit, l.credit, l.balance)).collect();
        assert_eq!(kinds, vec![(EntryKind::Invoice, 250_00, 0, 250_00), (EntryKind::Payment, 0, 50_00, 200_00), (EntryKind::Refund, 10_00, 0, 210_00)]);
        assert_eq!(acc.closing, 210_00, "invoice 3 is after the period");
        // Invoice 2 was due 4 April: 57 days late on 31 May.
        assert_eq!(acc.aging, Aging { days_31_60: 210_00, ..Aging::default() });
    }

    #[test]
    fn aging_buckets_follow_days_past_due() {
        let mut a = Aging::default();
        for (days, amount) in [(-5, 1), (0, 2), (1, 4), (30, 8), (31, 16), (60, 32), (61, 64), (90, 128), (91, 256)] {
            a.add(days, amount);
        }
        assert_eq!(a.buckets(), [3, 12, 48, 192, 256]);
    }

    proptest! {
        /// Whatever the invoices and payments, the closing balance is the opening plus the lines,
        /// and the aging buckets add up to the closing balance.
        #[test]
        fn balances_always_reconcile(
            invoices in prop::collection::vec((0i64..400, 0i64..90, 1i64..1_000_000), 0..20),
            payments in prop::collection::vec((0usize..20, 0i64..400, -50_000i64..1_000_000), 0..30),
            from_day in 0i64..400, len in 0i64..200,
        ) {
            let start = date!(2025 - 01 - 01);
            let invs: Vec<StInvoice> = invoices.iter().enumerate()
                .map(|(i, (d, terms, total))| inv(i as i64, start + time::Duration::days(*d), start + time::Duration::days(d + terms), *total))
                .collect();
            let pays: Vec<StPayment> = payments.iter().enumerate()
                .filter(|(_, (i, _, _))| *i < invs.len())
                .map(|(n, (i, d, amount))| pay(n as i64, *i as i64, start + time::Duration::days(*d), *amount))
                .collect();
            let from = start + time::Duration::days(from_day);
            let st = build_statement(1, "C".into(), from, from + time::Duration::days(len), &invs, &pays);
            for acc in &st.accounts {
                let moved: i64 = acc.lines.iter().map(|l| l.debit - l.credit).sum();
                prop_assert_eq!(acc.closing, acc.opening + moved);
                prop_assert_eq!(acc.aging.total(), acc.closing);
                prop_assert_eq!(acc.lines.last().map_or(acc.opening, |l| l.balance), acc.closing);
            }
        }
    }
}
