//! Mail as people see it: "forgot your password", which mails they get, and for staff the
//! mails that could not be delivered and the reminder schedule.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
