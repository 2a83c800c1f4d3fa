//! The screens, one state each: library, briefing, play, debrief, settings and diagnostics.
//! Each screen reads its own keys into its own action type, acts on them, and redraws when what
//! it shows has changed.

mod briefing;
mod debrief;
mod diagnostics;
pub mod library;
pub mod play;
mod settings;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        library::plugin,
        briefing::plugin,
        play::plugin,
        debrief::plugin,
        settings::plugin,
        diagnostics::plugin,
    ));
}
