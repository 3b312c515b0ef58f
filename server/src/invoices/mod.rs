//! Invoices and payments on the server: the SQL behind the app's `InvoiceService`.

mod repo;
pub use repo::{create_invoice, record_payment, NewInvoice, NewLine, NewPayment, SqlInvoices};
