//! The app's screens, one state each, and the request to redraw the current one. A leaf module:
//! it imports nothing of the app, so any module can use it without making an import circle.

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.init_resource::<Redraw>();
    app.init_resource::<ReturnTo>();
    for screen in Screen::ALL {
        app.add_systems(OnEnter(screen), request_redraw);
    }
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
