//! An invoice draft as staff typed it, checked and converted in one place: a [`ParsedDraft`]
//! cannot hold a bad date, an unknown currency or an impossible amount, so the server only
//! stores what `InvoiceDraft::parse` gave it.

use crate::error::{AppError, FieldError};
use crate::invoices::model::InvoiceDraft;
use crate::money::{invoice_totals, parse_scaled, Currency, Money, MAX_QUANTITY_MILLI, MAX_UNIT_PRICE_MINOR};
use time::Date;

/// The most lines one invoice may have.
pub const MAX_LINES: usize = 200;

/// A draft with every field checked and converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedDraft {
    pub client_id: i64,
    pub number: String,
    pub issue_date: Date,
    pub due_date: Date,
    pub currency: Currency,
    pub notes: String,
    pub lines: Vec<ParsedLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub tax_rate_bp: i64,
}

/// `2026-12-03`, exactly as the form's date fields send it.
fn parse_iso(s: &str) -> Option<Date> {
    Date::parse(s.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()
}

impl InvoiceDraft {
    /// Checks everything a person typed into the invoice form, reporting every bad field at once.
    pub fn parse(&self) -> Result<ParsedDraft, AppError> {
        let d = self;
        let mut errors: Vec<FieldError> = Vec::new();
        let bad = |errors: &mut Vec<FieldError>, field: String, code: &str| errors.push(FieldError { field, code: code.into() });
        if d.client_id <= 0 {
            bad(&mut errors, "client_id".into(), "unknown_client");
        }
        let number = d.number.trim().to_string();
        if number.is_empty() || number.chars().count() > 40 {
            bad(&mut errors, "number".into(), "required");
        }
        let issue = parse_iso(&d.issue_date);
        let due = parse_iso(&d.due_date);
        if issue.is_none() {
            bad(&mut errors, "issue_date".into(), "invalid_date");
        }
        if due.is_none() {
            bad(&mut errors, "due_date".into(), "invalid_date");
        }
        if let (Some(i), Some(u)) = (issue, due) {
            if u < i {
                bad(&mut errors, "due_date".into(), "before_issue_date");
            }
        }
        let currency = Currency::parse(&d.currency).ok();
        if currency.is_none() {
            bad(&mut errors, "currency".into(), "unknown_currency");
        }
        let mut lines = Vec::new();
        for (n, l) in d.lines.iter().enumerate() {
            if l.description.trim().is_empty() && l.quantity.trim().is_empty() && l.unit_price.trim().is_empty() {
                continue; // an empty row of the form
            }
            let description = l.description.trim().to_string();
            if description.is_empty() {
                bad(&mut errors, format!("lines.{n}.description"), "required");
            }
            let quantity = parse_scaled(&l.quantity, 3);
            match quantity {
                Some(q) if q <= 0 => bad(&mut errors, format!("lines.{n}.quantity"), "must_be_positive"),
                Some(q) if q > MAX_QUANTITY_MILLI => bad(&mut errors, format!("lines.{n}.quantity"), "too_large"),
                None => bad(&mut errors, format!("lines.{n}.quantity"), "must_be_positive"),
                _ => {}
            }
            let quantity = quantity.filter(|q| (1..=MAX_QUANTITY_MILLI).contains(q));
            let price = currency.and_then(|c| Money::parse(&l.unit_price, c)).map(|m| m.minor);
            match price {
                None => bad(&mut errors, format!("lines.{n}.unit_price"), "invalid_amount"),
                Some(p) if p.abs() > MAX_UNIT_PRICE_MINOR => bad(&mut errors, format!("lines.{n}.unit_price"), "too_large"),
                _ => {}
            }
            let price = price.filter(|p| p.abs() <= MAX_UNIT_PRICE_MINOR);
            let tax = if l.tax_rate.trim().is_empty() { Some(0) } else { parse_scaled(&l.tax_rate, 2).filter(|t| (0..=10_000).contains(t)) };
            if tax.is_none() {
                bad(&mut errors, format!("lines.{n}.tax_rate"), "invalid_amount");
            }
            if let (Some(q), Some(p), Some(t)) = (quantity, price, tax) {
                lines.push(ParsedLine { description, quantity_milli: q, unit_price_minor: p, tax_rate_bp: t });
            }
        }
        if lines.is_empty() && errors.iter().all(|e| !e.field.starts_with("lines.")) {
            bad(&mut errors, "lines".into(), "no_lines");
        }
        if lines.len() > MAX_LINES {
            bad(&mut errors, "lines".into(), "too_many_lines");
        }
        let amounts: Vec<(i64, i64, i64)> = lines.iter().map(|l| (l.quantity_milli, l.unit_price_minor, l.tax_rate_bp)).collect();
        if errors.is_empty() && invoice_totals(&amounts).is_none() {
            bad(&mut errors, "lines".into(), "total_too_large");
        }
        match (issue, due, currency) {
            (Some(issue_date), Some(due_date), Some(currency)) if errors.is_empty() => Ok(ParsedDraft {
                client_id: d.client_id,
                number,
                issue_date,
                due_date,
                currency,
                notes: d.notes.trim().chars().take(2000).collect(),
                lines,
            }),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::invoices::model::{DraftLine, InvoiceDraft};

    #[test]
    fn a_draft_parses_into_checked_values_or_names_every_bad_field() {
        let line = DraftLine { description: "Bookkeeping".into(), quantity: "1.5".into(), unit_price: "95.00".into(), tax_rate: "8.25".into() };
        let draft = InvoiceDraft {
            client_id: 3,
            number: " INV-9 ".into(),
            issue_date: "2026-12-01".into(),
            due_date: "2026-12-31".into(),
            currency: "USD".into(),
            notes: String::new(),
            lines: vec![line.clone(), DraftLine::default()],
        };
        let p = draft.parse().unwrap();
        assert_eq!((p.number.as_str(), p.lines.len(), p.lines[0].quantity_milli, p.lines[0].unit_price_minor, p.lines[0].tax_rate_bp), ("INV-9", 1, 1500, 9500, 825));
        let bad = InvoiceDraft { due_date: "2026-11-30".into(), currency: "XXX".into(), lines: vec![], ..draft };
        let crate::error::AppError::Validation(fields) = bad.parse().unwrap_err() else { panic!("a validation error") };
        let named: Vec<_> = fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
        assert_eq!(named, vec![("due_date", "before_issue_date"), ("currency", "unknown_currency"), ("lines", "no_lines")]);
    }
}
