//! Invoices, payments and statements on the server.

pub mod downloads;
pub(crate) mod repo;
pub mod statement;
pub mod webhook;

pub use repo::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment, SqlInvoices};
