//! A running session: the rules of play. The app and the command line ask a [`Session`] what to
//! show and tell it what was chosen; they never compute scores themselves.

pub mod analysis;
pub mod ballot;
mod condition;
pub mod debrief;
pub mod explore;
pub mod group;
mod rng;
mod session;
pub mod synthetic;
pub mod wording;

pub use condition::{describe, holds};
pub use rng::SessionRng;
pub use session::{
    AppliedEffect, CarriedOver, ChoiceView, OutcomeReached, PlayError, Session, Step, View,
};
