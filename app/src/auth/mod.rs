//! Sign-in, sign-out, sessions, two-step sign-in and who may see which page.

pub mod access;
pub mod account;
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod service;
