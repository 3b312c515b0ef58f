//! Satisfaction: after a conversation is closed, after a document request is fulfilled, and on
//! the firm's schedule, a client person is asked one question (CSAT, 1–5) or, from time to
//! time, whether they would recommend the firm (NPS, 0–10), in the portal and by mail. Staff
//! see the answers on the dashboard.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
