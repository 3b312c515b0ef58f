//! The audit trail as people see it: the staff search and client timeline, read receipts,
//! engagement, and a client admin's view of their own company's activity.

pub mod api;
mod engagement;
pub mod action;
pub mod model;
pub mod pages;

pub use engagement::EngagementPage;
#[cfg(feature = "ssr")]
pub mod service;
