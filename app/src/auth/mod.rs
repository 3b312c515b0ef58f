//! Sign-in, sign-out and who may see which page.

pub mod access;
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod session;
