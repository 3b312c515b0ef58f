//! The staff area: every client, what they owe, their invoices, and (admins) the settings.

pub mod api;
pub mod pages;
pub mod settings;
