//! The staff dashboard at `/staff`: what is owed and overdue per currency (with an aging chart
//! and a year of billing), the clients that need attention, recent client activity, and what
//! each client is worth and how it pays.

pub mod api;
#[cfg(feature = "ssr")]
pub mod chart;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
