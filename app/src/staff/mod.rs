//! The staff area: every client, what they owe, their invoices.

pub mod api;
pub mod pages;
