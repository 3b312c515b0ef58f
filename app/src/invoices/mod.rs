//! Invoices, payments and statements as clients see them.

pub mod api;
pub mod filter;
pub mod pages;
pub mod statement;
