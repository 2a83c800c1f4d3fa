//! The app's screens, one state each, and the request to redraw the current one. A leaf module:
//! it imports nothing of the app, so any module can use it without making an import circle.

use bevy::prelude::*;
use bevy::window::RequestRedraw;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.init_resource::<Redraw>();
    app.init_resource::<ReturnTo>();
    if !app.world().contains_resource::<Messages<RequestRedraw>>() {
        app.add_message::<RequestRedraw>();
    }
    for screen in Screen::ALL {
        app.add_systems(OnEnter(screen), request_redraw);
    }
    app.add_systems(Last, draw_again_when_pending);
}

#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Library,
    Briefing,
    Play,
    Debrief,
    Settings,
    Diagnostics,
    /// "My practice": the attempts recorded, the outcomes reached, the principles practised.
    Practice,
    /// Who the trainee's records are sent as, agreed before the first send.
    Sharing,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Library,
        Screen::Briefing,
        Screen::Play,
        Screen::Debrief,
        Screen::Settings,
        Screen::Diagnostics,
        Screen::Practice,
        Screen::Sharing,
    ];
}

/// Set when what a screen shows has changed; the screen then rebuilds itself once.
#[derive(Resource, Default, Debug)]
pub struct Redraw(pub bool);

impl Redraw {
    pub fn take(&mut self) -> bool {
        std::mem::take(&mut self.0)
    }
}

/// Where Settings and Diagnostics go back to.
#[derive(Resource, Default, Debug)]
pub struct ReturnTo(pub Screen);

/// The root entity of the current screen, rebuilt on redraw.
#[derive(Component, Debug)]
pub struct ScreenRoot;

fn request_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = true;
}

/// A change this frame could not draw (a new screen is entered at the start of the next frame;
/// a redraw asked for after the screen drew) asks the window for the next frame at once. The
/// app sleeps until input otherwise, and the old screen would stay up while the new one is live
/// (a number key would then act on a screen nobody can see). Never more than a few frames in a
/// row, so a redraw that no screen takes cannot keep the app busy.
fn draw_again_when_pending(
    redraw: Res<Redraw>,
    next: Res<NextState<Screen>>,
    mut frames: Local<u8>,
    mut out: MessageWriter<RequestRedraw>,
) {
    let pending = redraw.0 || !matches!(*next, NextState::Unchanged);
    *frames = if pending { frames.saturating_add(1) } else { 0 };
    if pending && *frames <= 4 {
        out.write(RequestRedraw);
    }
}

/// Another frame at once (see [`draw_again_when_pending`]); for changes made after layout.
pub fn draw_again(out: &mut MessageWriter<RequestRedraw>) {
    out.write(RequestRedraw);
}
