//! The presenter view (F6 or `--presenter-window`): a second window for the facilitator's
//! screen, as slide software has. It shows the facilitator note, every option in advance with
//! its effects and feedback, the scores, the vote and the timer, while the room's window shows
//! only what the room should see.

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::window::{WindowRef, WindowResolution};

mod view;

use self::view::{briefing_view, key_line, play_view, room_status, scores};
use super::overlay::{TimeLeft, timer_text};
use super::{Shown, fixed as px};
use crate::app::library::{LibraryIndex, SelectedEntry};
use crate::app::screen::Screen;
use crate::app::theme::widget::Look;
use crate::play::group::CountdownState;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PresenterWindow>();
    app.add_systems(
        Update,
        (open_or_close, scroll_with_wheel, draw)
            .chain()
            .after(super::act)
            .before(super::overlay::show_time_left),
    );
}

/// How far one notch of the wheel scrolls the presenter view, in logical pixels.
const WHEEL_STEP: f32 = 60.0;

/// The wheel over the presenter window scrolls the presenter view (and the room's screen stays
/// where it is). The position is kept when the view is rebuilt.
fn scroll_with_wheel(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    mut presenter: ResMut<PresenterWindow>,
    mut roots: Query<(&ComputedNode, &mut ScrollPosition), With<PresenterRoot>>,
) {
    use bevy::input::mouse::MouseScrollUnit;
    let Some(window) = presenter.window else {
        return;
    };
    for event in wheel.read().filter(|e| e.window == window) {
        let dy = match event.unit {
            MouseScrollUnit::Line => event.y * WHEEL_STEP,
            MouseScrollUnit::Pixel => event.y,
        };
        let mut scroll = (presenter.scroll - dy).max(0.0);
        for (node, mut pos) in &mut roots {
            // No further than the end, once the view has been laid out.
            if node.size.y > 0.0 {
                let end = (node.content_size.y - node.size.y).max(0.0) * node.inverse_scale_factor;
                scroll = scroll.min(end);
            }
            pos.0.y = scroll;
        }
        presenter.scroll = scroll;
    }
}

/// The presenter window: whether the facilitator wants it, and its entities once open.
#[derive(Resource, Default, Debug)]
pub struct PresenterWindow {
    pub wanted: bool,
    pub window: Option<Entity>,
    pub camera: Option<Entity>,
    /// How far the view is scrolled, in logical pixels.
    pub scroll: f32,
}

/// The root of the presenter view's UI (drawn by the presenter window's camera only).
#[derive(Component, Debug)]
pub struct PresenterRoot;

/// Open the window when wanted, close it when not; notice when the window manager closed it.
fn open_or_close(
    mut commands: Commands,
    mut presenter: ResMut<PresenterWindow>,
    windows: Query<(), With<Window>>,
    roots: Query<Entity, With<PresenterRoot>>,
) {
    if let Some(window) = presenter.window
        && !windows.contains(window)
    {
        // Closed from its title bar.
        presenter.wanted = false;
        presenter.window = None;
    }
    let open = presenter.window.is_some();
    if presenter.wanted && !open {
        let window = commands
            .spawn(Window {
                title: "Rapport: presenter view".into(),
                resolution: WindowResolution::new(1280, 800),
                ..default()
            })
            .id();
        let camera = commands
            .spawn((
                Camera2d,
                Msaa::Off,
                RenderTarget::Window(WindowRef::Entity(window)),
            ))
            .id();
        presenter.window = Some(window);
        presenter.camera = Some(camera);
    } else if !presenter.wanted {
        if let Some(window) = presenter.window.take() {
            commands.entity(window).despawn();
        }
        if let Some(camera) = presenter.camera.take() {
            commands.entity(camera).despawn();
            for root in &roots {
                commands.entity(root).despawn();
            }
        }
    }
}

// Sizes relative to the presenter window's own height, so that the view fits the laptop's
// screen whatever the size of the room's (the UI scale follows the room's window).
const BODY: FontSize = FontSize::Vh(2.4);
// The feedback and effects of each option are read at a glance, mid-session: as large as the
// body text (they are set apart by colour).
const SMALL: FontSize = FontSize::Vh(2.4);
const HEADING: FontSize = FontSize::Vh(2.75);

#[expect(
    clippy::too_many_arguments,
    reason = "a system: each argument is something the presenter sees"
)]
fn draw(
    mut commands: Commands,
    look: Look,
    presenter: Res<PresenterWindow>,
    shown: Shown,
    index: Res<LibraryIndex>,
    selected: Res<SelectedEntry>,
    roots: Query<Entity, With<PresenterRoot>>,
    mut drawn: Local<Option<CountdownState>>,
) {
    let Some(camera) = presenter.camera else {
        return;
    };
    // (`changed` first: it also notes the timer's state.)
    if !(shown.changed(&mut drawn) || presenter.is_changed() || index.is_changed()) {
        return;
    }
    let Shown {
        group,
        cover,
        phones,
        settings,
        timer,
        screen,
        playing,
        ..
    } = &shown;
    for root in &roots {
        commands.entity(root).despawn();
    }
    let p = &look.palette;
    let room = room_status(group, cover, settings);
    commands
        .spawn((
            PresenterRoot,
            UiTargetCamera(camera),
            ScrollPosition(Vec2::new(0.0, presenter.scroll)),
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(Val::Vh(2.25)),
                row_gap: Val::Vh(1.25),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            BackgroundColor(p.background),
        ))
        .with_children(|root| {
            root.spawn(Node {
                justify_content: JustifyContent::SpaceBetween,
                flex_wrap: FlexWrap::Wrap,
                column_gap: Val::Vh(2.0),
                ..default()
            })
            .with_children(|bar| {
                // The scenario in play, once it is (on the library and the briefing the last
                // one played may still be held).
                let in_play = matches!(screen.get(), Screen::Play | Screen::Debrief);
                let title = playing.as_ref().filter(|_| in_play).map_or_else(
                    || "Presenter view".to_owned(),
                    |pl| format!("Presenter view  ·  {}", pl.session.scenario().title),
                );
                bar.spawn(px(&look, title, HEADING, p.text, true));
                bar.spawn((
                    TimeLeft,
                    px(&look, timer_text(timer), HEADING, p.accent, true),
                ));
            });
            root.spawn(px(&look, room, SMALL, p.muted, false));
            if let Some(line) = view::phones_line(phones) {
                root.spawn(px(&look, line, SMALL, p.text, false));
            }
            match (*screen.get(), playing.as_deref()) {
                (Screen::Play, Some(playing)) => play_view(root, &look, playing, group, &index),
                (Screen::Debrief, Some(playing)) => {
                    root.spawn(px(
                        &look,
                        "Debrief on the room's screen",
                        HEADING,
                        p.text,
                        true,
                    ));
                    scores(root, &look, playing);
                }
                (Screen::Briefing, _) => {
                    root.spawn(px(
                        &look,
                        "Briefing on the room's screen. Enter, Space or PageDown starts.",
                        BODY,
                        p.text,
                        false,
                    ));
                    let scenario = index.find(&selected.0).and_then(|e| e.scenario());
                    if let Some(scenario) = scenario {
                        briefing_view(root, &look, scenario);
                    }
                }
                _ => {
                    root.spawn(px(
                        &look,
                        "Choose a scenario on the room's screen: Up and Down, then Enter.",
                        BODY,
                        p.text,
                        false,
                    ));
                }
            }
            root.spawn(px(&look, key_line(), SMALL, p.muted, false));
        });
}
