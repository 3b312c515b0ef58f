//! Change requests: a client admin proposes changes to the company's details (legal name,
//! contact email, billing address, tax id, phone); staff approve, which applies them and
//! records them old → new, or reject, with a note the client sees.

pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
