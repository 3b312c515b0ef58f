//! Invoices, payments and statements: as clients see them, and as staff write, issue and record
//! them.

pub mod api;
pub mod draft;
mod editor;
pub mod filter;
mod list;
pub mod model;
pub mod pages;
pub mod staff_api;
pub mod staff_pages;
pub mod statement;
pub mod table;
#[cfg(feature = "ssr")]
pub mod service;
