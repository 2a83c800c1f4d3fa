//! Rapport: a relationship-skills simulator for health and social care.
//!
//! `scenario` is the file format, `play` the rules of a session, `records` the trainee's practice
//! history and its reports, `cli` the command line; all are free of Bevy. `app` is the Bevy app,
//! behind the default `app` feature.

pub mod cli;
pub mod html;
#[cfg(feature = "phones")]
pub mod phones;
pub mod play;
pub mod records;
pub mod scenario;
pub mod storage;

#[cfg(feature = "app")]
pub mod app;
