//! The presenter view (F6 or `--presenter-window`): a second window for the facilitator's
//! screen, as slide software has. It shows the facilitator note, every option in advance with
//! its effects and feedback, the scores, the vote and the timer, while the room's window shows
//! only what the room should see.

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::window::{WindowRef, WindowResolution};

use super::overlay::{TimeLeft, timer_text};
use super::{Group, Shown, facilitator_notes, fixed as px, votes};
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::screens::Screen;
use crate::app::settings::Settings;
use crate::app::theme::widget::Look;
use crate::play::group::CountdownState;
use crate::scenario::Scenario;

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
const SMALL: FontSize = FontSize::Vh(2.0);
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
    selected: Res<crate::app::screens::library::SelectedEntry>,
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
    let room = room_status(group, settings);
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
                bar.spawn((TimeLeft, px(&look, timer_text(timer), HEADING, p.accent, true)));
            });
            root.spawn(px(&look, room, SMALL, p.muted, false));
            match (*screen.get(), playing.as_deref()) {
                (Screen::Play, Some(playing)) => play_view(root, &look, playing, group, &index),
                (Screen::Debrief, Some(playing)) => {
                    root.spawn(px(&look, "Debrief on the room's screen", HEADING, p.text, true));
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
            root.spawn(px(
                &look,
                "Keys: V vote  ·  1-9 add  ·  Shift+1-9 remove  ·  Enter take  ·  R scores  ·  T timer  ·  B blank  ·  N notes  ·  H help  ·  F6 close",
                SMALL,
                p.muted,
                false,
            ));
        });
}

/// Before the start: what the session is for, and where the facilitator notes are.
fn briefing_view(root: &mut ChildSpawnerCommands, look: &Look, scenario: &Scenario) {
    let p = &look.palette;
    let decisions: Vec<_> = scenario
        .nodes
        .iter()
        .filter(|n| n.choices.is_some())
        .collect();
    let noted = decisions
        .iter()
        .filter(|n| n.facilitator_note.is_some())
        .count();
    root.spawn(px(look, scenario.title.clone(), HEADING, p.text, true));
    root.spawn(px(
        look,
        format!(
            "{} decisions; a facilitator note at {noted} of them, shown here as each comes up.",
            decisions.len()
        ),
        BODY,
        p.text,
        false,
    ));
    if let Some(note) = &scenario.content_note {
        root.spawn(px(
            look,
            format!("Content note: {note}"),
            BODY,
            p.focus,
            false,
        ));
    }
    root.spawn(px(look, "Objectives", HEADING, p.text, true));
    for objective in &scenario.objectives {
        root.spawn(px(look, format!("·  {objective}"), BODY, p.text, false));
    }
}

/// One line on what the room sees now.
fn room_status(group: &Group, settings: &Settings) -> String {
    let mut parts = vec![if settings.group {
        "Room: group session"
    } else {
        "Room: one trainee (F5 for a group session)"
    }];
    if settings.group {
        parts.push(if group.reveal_scores {
            "scores shown (R hides)"
        } else {
            "scores hidden (R reveals)"
        });
    }
    if group.blank {
        parts.push("screen blanked (B restores)");
    }
    if group.notes {
        parts.push("notes shown to the room (N hides)");
    }
    parts.join("  ·  ")
}

fn play_view(
    root: &mut ChildSpawnerCommands,
    look: &Look,
    playing: &Playing,
    group: &Group,
    index: &LibraryIndex,
) {
    let p = &look.palette;
    let session = &playing.session;
    let scenario = session.scenario();
    let label = |id: &str| {
        scenario
            .score(id)
            .map_or_else(|| id.to_owned(), |s| s.label.clone())
    };
    let effects = |list: Vec<(String, i64)>| {
        if list.is_empty() {
            "no change".to_owned()
        } else {
            list.iter()
                .map(|(s, d)| format!("{d:+} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    root.spawn(Node {
        column_gap: Val::Vh(3.0),
        align_items: AlignItems::FlexStart,
        ..default()
    })
    .with_children(|row| {
        row.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Vh(1.0),
            flex_grow: 1.0,
            flex_basis: Val::Vh(0.0),
            ..default()
        })
        .with_children(|main| {
            let notes = facilitator_notes(playing);
            main.spawn(px(look, "Facilitator note", HEADING, p.focus, true));
            if notes.is_empty() {
                main.spawn(px(look, "No note at this point.", BODY, p.muted, false));
            }
            for note in notes {
                main.spawn(px(look, note, BODY, p.text, false));
            }
            if let Some(step) = &playing.feedback {
                main.spawn(px(look, "The room chose", HEADING, p.text, true));
                main.spawn(px(look, step.text.clone(), BODY, p.text, false));
                let list = step
                    .effects
                    .iter()
                    .map(|e| (label(e.score.as_str()), e.applied))
                    .filter(|(_, d)| *d != 0)
                    .collect();
                main.spawn(px(look, effects(list), BODY, p.accent, true));
                main.spawn(px(
                    look,
                    "Feedback is on the room's screen: Space or PageDown continues.",
                    SMALL,
                    p.muted,
                    false,
                ));
                return;
            }
            let view = session.current();
            if let Some(ending) = view.ending {
                main.spawn(px(
                    look,
                    format!("Ending: {}", ending.title),
                    HEADING,
                    p.text,
                    true,
                ));
                return;
            }
            let vote = group.vote.as_ref().filter(|v| v.is_for(session));
            main.spawn(px(look, "Options", HEADING, p.text, true));
            for (i, choice) in view.choices.iter().enumerate() {
                let c = choice.choice;
                let tally = vote.map_or_else(String::new, |v| {
                    format!(
                        "   [{}]",
                        votes(v.vote.tallies().get(i).copied().unwrap_or(0))
                    )
                });
                let locked = if choice.available { "" } else { "   (locked)" };
                main.spawn(px(
                    look,
                    format!("{}.  {}{locked}{tally}", i + 1, c.text),
                    BODY,
                    p.text,
                    true,
                ))
                .insert(Node {
                    margin: UiRect::top(Val::Vh(1.0)),
                    ..default()
                });
                let list = c
                    .effects
                    .iter()
                    .map(|(s, d)| (label(s.as_str()), d))
                    .collect();
                main.spawn(px(look, effects(list), SMALL, p.accent, false));
                if let Some(feedback) = &c.feedback {
                    main.spawn(px(look, feedback.clone(), SMALL, p.muted, false));
                }
                if !c.principles.is_empty() {
                    let names: Vec<&str> = c
                        .principles
                        .iter()
                        .map(|id| index.principle_name(id.as_str()))
                        .collect();
                    main.spawn(px(
                        look,
                        format!("Principles: {}", names.join(", ")),
                        SMALL,
                        p.muted,
                        false,
                    ));
                }
            }
        });
        row.spawn(Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Vh(1.0),
            min_width: Val::Vh(32.5),
            ..default()
        })
        .with_children(|side| {
            scores(side, look, playing);
            if let Some(v) = group.vote.as_ref().filter(|v| v.is_for(session)) {
                let state = if v.open { "open" } else { "closed (V opens)" };
                side.spawn(px(
                    look,
                    format!("Vote {state}: {}", votes(v.vote.total())),
                    BODY,
                    p.text,
                    true,
                ));
            }
        });
    });
}

fn scores(parent: &mut ChildSpawnerCommands, look: &Look, playing: &Playing) {
    let p = &look.palette;
    parent.spawn(px(look, "Scores", HEADING, p.text, true));
    for (score, value) in playing.session.scores() {
        parent.spawn(px(
            look,
            format!("{}  {value} / {}", score.label, score.max),
            BODY,
            p.text,
            false,
        ));
    }
}
