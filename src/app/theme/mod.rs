//! The look: palette, fonts, text sizes and the widgets every screen is built from.

pub mod field;
pub mod frame;
pub mod palette;
pub mod scroll;
pub mod widget;

use bevy::prelude::*;
use bevy::text::{FontSize, RemSize};
use bevy::window::{PrimaryWindow, WindowResized};

pub use palette::Palette;

use super::settings::Settings;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Palette>();
    app.add_plugins((field::plugin, frame::plugin, scroll::plugin));
    app.add_systems(PreStartup, load_fonts);
    app.add_systems(Update, (fit_to_window, apply_text_size).chain());
}

/// The fonts the app ships: Atkinson Hyperlegible, chosen for low-vision readers.
#[derive(Resource, Clone, Debug)]
pub struct Fonts {
    pub regular: Handle<Font>,
    pub bold: Handle<Font>,
    pub italic: Handle<Font>,
}

fn load_fonts(mut commands: Commands, assets: Res<AssetServer>) {
    commands.insert_resource(Fonts {
        regular: assets.load("fonts/AtkinsonHyperlegible-Regular.ttf"),
        bold: assets.load("fonts/AtkinsonHyperlegible-Bold.ttf"),
        italic: assets.load("fonts/AtkinsonHyperlegible-Italic.ttf"),
    });
}

/// Text sizes, in rem (the root size set from the window and the trainee's text-size setting).
pub mod size {
    pub const SMALL: f32 = 0.85;
    pub const BODY: f32 = 1.0;
    pub const LINE: f32 = 1.3;
    /// The spoken line in the projector preset, read from the back of a room.
    pub const PROJECTOR_LINE: f32 = 1.7;
    pub const HEADING: f32 = 1.35;
    pub const TITLE: f32 = 1.9;
}

/// The design size: at this window height the UI is drawn at scale 1.
const DESIGN_HEIGHT: f32 = 800.0;
const DESIGN_WIDTH: f32 = 1280.0;

/// Scale the whole UI with the window, so it reads the same from 1024x600 to 3840x2160.
fn fit_to_window(
    mut resized: MessageReader<WindowResized>,
    window: Option<Single<&Window, With<PrimaryWindow>>>,
    mut scale: ResMut<UiScale>,
    mut first: Local<bool>,
) {
    if resized.read().last().is_none() && *first {
        return;
    }
    let Some(window) = window else {
        return;
    };
    *first = true;
    let fit = (window.height() / DESIGN_HEIGHT).min(window.width() / DESIGN_WIDTH);
    let fit = fit.clamp(0.85, 3.0);
    if (scale.0 - fit).abs() > 0.001 {
        scale.0 = fit;
    }
}

/// The root text size follows the trainee's setting (and the projector preset).
fn apply_text_size(settings: Res<Settings>, mut rem: ResMut<RemSize>) {
    if !settings.is_changed() {
        return;
    }
    let wanted = 20.0 * settings.text_scale();
    if (rem.0 - wanted).abs() > f32::EPSILON {
        rem.0 = wanted;
    }
}

/// The font and size for a piece of text.
pub fn font(handle: &Handle<Font>, rem: f32) -> TextFont {
    TextFont {
        font: handle.clone().into(),
        font_size: FontSize::Rem(rem),
        ..default()
    }
}
