//! Invoices and payments as clients see them.

pub mod api;
pub mod pages;
