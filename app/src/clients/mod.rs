//! Clients and their people: staff create and edit clients, invite the people who sign in for
//! them, and disable or enable them; an invitee sets their own password.

pub mod api;
pub mod model;
pub mod pages;
pub mod people;
pub mod select;
pub mod welcome;
#[cfg(feature = "ssr")]
pub mod service;
