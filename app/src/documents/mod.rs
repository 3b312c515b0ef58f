//! Documents: contracts, NDAs, tax forms and what clients send back.

pub mod api;
pub mod model;
pub mod pages;
pub(crate) mod upload;
#[cfg(feature = "ssr")]
pub mod service;
