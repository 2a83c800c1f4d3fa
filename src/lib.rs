//! Rapport: a relationship-skills simulator for health and social care.
//!
//! `scenario` is the file format, `play` the rules of a session, `cli` the command line; all three
//! are free of Bevy. `app` is the Bevy app, behind the default `app` feature.

pub mod cli;
#[cfg(feature = "phones")]
pub mod phones;
pub mod play;
pub mod scenario;
pub mod storage;

#[cfg(feature = "app")]
pub mod app;
