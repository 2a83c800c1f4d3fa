//! What a group session lays over any screen in the room's window: the discussion timer, the
//! facilitator note (N, for a single screen), the key help (H) and the blank screen (B).

use bevy::prelude::*;
use bevy::ui::FocusPolicy;

use super::phones::Phones;
use super::{DiscussionTimer, Shown, TIMER_WIDTH, fixed};
use crate::app::input::KeyHelp;
use crate::app::screen::Screen;
use crate::app::theme::size;
use crate::app::theme::widget::Look;
use crate::play::group::CountdownState;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (draw, show_time_left).chain().after(super::tick_timer),
    );
}

/// The overlay's root, over every screen of the room's window.
#[derive(Component, Debug)]
pub struct GroupOverlay;

/// The timer's text, updated as it counts down.
#[derive(Component, Debug)]
pub struct TimeLeft;

/// The black cover of a blanked screen.
#[derive(Component, Debug)]
pub struct Blank;

/// The facilitator note laid over the play screen (N).
#[derive(Component, Debug)]
pub struct NotesOverlay;

/// The key help (H or ?).
#[derive(Component, Debug)]
pub struct HelpOverlay;

/// What the timer says in each state.
pub fn timer_text(timer: &DiscussionTimer) -> String {
    match timer.0.state() {
        CountdownState::Ready | CountdownState::Running => {
            format!("Discussion  {}", timer.0.label())
        }
        CountdownState::Paused => format!("Paused  {}", timer.0.label()),
        CountdownState::Finished => "Time to decide".to_owned(),
    }
}

fn draw(
    mut commands: Commands,
    look: Look,
    shown: Shown,
    roots: Query<Entity, With<GroupOverlay>>,
    help: Res<KeyHelp>,
    mut drawn: Local<Option<CountdownState>>,
) {
    if !shown.changed(&mut drawn) && !help.is_changed() {
        return;
    }
    let Shown {
        group,
        cover,
        settings,
        timer,
        screen,
        playing,
        phones,
        ..
    } = &shown;
    let state = timer.0.state();
    for root in &roots {
        commands.entity(root).despawn();
    }
    let on_play = *screen.get() == Screen::Play;
    let timer_shown = settings.group && state != CountdownState::Ready;
    let note = playing
        .as_ref()
        .filter(|_| on_play && settings.group && group.notes)
        .map(|p| super::facilitator_notes(p).join("\n\n"));
    // The join card stands in a corner of every screen but play, where the room needs the
    // whole screen (play shows a line with the address and code instead).
    let join_card = settings.group && !on_play && (phones.on() || phones.problem.is_some());
    if !(timer_shown || note.is_some() || cover.help || cover.blank || join_card) {
        return;
    }
    commands
        .spawn((
            GroupOverlay,
            Node {
                position_type: PositionType::Absolute,
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                ..default()
            },
            GlobalZIndex(50),
        ))
        .with_children(|root| {
            if let Some(note) = note {
                // A whole sheet under the top bar: the scene does not show round its edges.
                root.spawn((
                    NotesOverlay,
                    Node {
                        position_type: PositionType::Absolute,
                        left: Val::Px(0.0),
                        right: Val::Px(0.0),
                        top: Val::Px(56.0),
                        bottom: Val::Px(0.0),
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        padding: UiRect::all(Val::Px(24.0)),
                        ..default()
                    },
                    BackgroundColor(look.palette.background),
                ))
                .with_children(|sheet| {
                    sheet
                        .spawn(look.notice_panel())
                        .insert((
                            Node {
                                width: Val::Percent(100.0),
                                max_width: Val::Px(1180.0),
                                flex_direction: FlexDirection::Column,
                                row_gap: Val::Px(8.0),
                                padding: UiRect::axes(Val::Px(20.0), Val::Px(14.0)),
                                border: UiRect::all(Val::Px(2.0)),
                                border_radius: BorderRadius::all(Val::Px(10.0)),
                                ..default()
                            },
                            BorderColor::all(look.palette.focus),
                        ))
                        .with_children(|p| {
                            p.spawn(look.bold("Facilitator note  (N to hide)", size::SMALL));
                            p.spawn(look.text(if note.is_empty() {
                                "No facilitator note at this point.".to_owned()
                            } else {
                                note
                            }));
                        });
                });
            }
            if join_card {
                root.spawn(join_panel(&look, phones));
            }
            if timer_shown {
                let finished = state == CountdownState::Finished;
                let (background, color) = if finished {
                    (look.palette.accent, look.palette.accent_text)
                } else {
                    (look.palette.panel, look.palette.text)
                };
                root.spawn((
                    Node {
                        position_type: PositionType::Absolute,
                        right: Val::Px(16.0),
                        top: Val::Px(6.0),
                        max_width: Val::Px(TIMER_WIDTH),
                        padding: UiRect::axes(Val::Px(14.0), Val::Px(4.0)),
                        border: UiRect::all(Val::Px(2.0)),
                        border_radius: BorderRadius::all(Val::Px(10.0)),
                        ..default()
                    },
                    BackgroundColor(background),
                    BorderColor::all(look.palette.accent),
                ))
                .with_child((
                    TimeLeft,
                    look.text_styled(timer_text(timer), size::BODY, color, &look.fonts.bold),
                ));
            }
            if cover.help {
                root.spawn(help_panel(&look, &help));
            }
            if cover.blank {
                root.spawn((
                    Blank,
                    Node {
                        position_type: PositionType::Absolute,
                        width: Val::Percent(100.0),
                        height: Val::Percent(100.0),
                        ..default()
                    },
                    BackgroundColor(Color::BLACK),
                    FocusPolicy::Block,
                    GlobalZIndex(100),
                ));
            }
        });
}

/// How the room joins phone voting: the QR code, the address to type and the code, and how
/// many have joined; or why it could not start.
fn join_panel(look: &Look, phones: &Phones) -> impl Bundle {
    let counts = &phones.counts;
    let lines: Vec<String> = match (phones.address_and_code(), &phones.problem) {
        (Some((address, code)), _) => vec![
            "Vote from your phone".to_owned(),
            address,
            format!("Code  {code}"),
            format!("Phones: {} joined", counts.joined),
        ],
        (None, Some(problem)) => vec![problem.clone()],
        (None, None) => Vec::new(),
    };
    let qr = phones.qr.clone();
    let texts: Vec<_> = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let size = FontSize::Px(if i == 2 { 30.0 } else { 22.0 });
            fixed(look, line, size, look.palette.text, i != 1)
        })
        .collect();
    (
        JoinCard,
        Node {
            position_type: PositionType::Absolute,
            right: Val::Px(24.0),
            bottom: Val::Px(24.0),
            max_width: Val::Px(420.0),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: Val::Px(6.0),
            padding: UiRect::all(Val::Px(16.0)),
            border: UiRect::all(Val::Px(2.0)),
            border_radius: BorderRadius::all(Val::Px(12.0)),
            ..default()
        },
        BackgroundColor(look.palette.panel),
        BorderColor::all(look.palette.accent),
        Children::spawn((
            SpawnIter(qr.into_iter().map(|image| {
                (
                    ImageNode::new(image),
                    Node {
                        width: Val::Px(220.0),
                        height: Val::Px(220.0),
                        ..default()
                    },
                )
            })),
            SpawnIter(texts.into_iter()),
        )),
    )
}

/// The card telling the room how to join phone voting.
#[derive(Component, Debug)]
pub struct JoinCard;

fn help_panel(look: &Look, help: &KeyHelp) -> impl Bundle {
    let sections: Vec<_> = help
        .0
        .iter()
        .map(|(name, rows)| {
            let rows: Vec<_> = rows
                .iter()
                .map(|(key, what)| {
                    (
                        Node {
                            column_gap: Val::Px(12.0),
                            ..default()
                        },
                        Children::spawn((
                            Spawn((
                                Node {
                                    width: Val::Px(150.0),
                                    flex_shrink: 0.0,
                                    ..default()
                                },
                                children![fixed(
                                    look,
                                    *key,
                                    FontSize::Px(17.0),
                                    look.palette.accent,
                                    true
                                )],
                            )),
                            Spawn(fixed(
                                look,
                                *what,
                                FontSize::Px(17.0),
                                look.palette.text,
                                false,
                            )),
                        )),
                    )
                })
                .collect();
            (
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: Val::Px(3.0),
                    flex_basis: Val::Px(440.0),
                    flex_grow: 1.0,
                    ..default()
                },
                Children::spawn((
                    Spawn(fixed(
                        look,
                        *name,
                        FontSize::Px(19.0),
                        look.palette.text,
                        true,
                    )),
                    SpawnIter(rows.into_iter()),
                )),
            )
        })
        .collect();
    (
        HelpOverlay,
        look.cover(),
        FocusPolicy::Block,
        children![(
            Node {
                width: Val::Percent(94.0),
                max_width: Val::Px(1000.0),
                max_height: Val::Percent(94.0),
                overflow: Overflow::scroll_y(),
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(10.0),
                padding: UiRect::axes(Val::Px(24.0), Val::Px(18.0)),
                border: UiRect::all(Val::Px(1.0)),
                border_radius: BorderRadius::all(Val::Px(12.0)),
                ..default()
            },
            BackgroundColor(look.palette.panel),
            BorderColor::all(look.palette.panel_border),
            Children::spawn((
                Spawn(fixed(
                    look,
                    "Keys  (H, ? or Esc to close)",
                    FontSize::Px(23.0),
                    look.palette.text,
                    true
                )),
                Spawn((
                    Node {
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: Val::Px(28.0),
                        row_gap: Val::Px(14.0),
                        ..default()
                    },
                    Children::spawn(SpawnIter(sections.into_iter())),
                )),
            )),
        )],
    )
}

/// Count down on screen without rebuilding the overlay.
pub(super) fn show_time_left(
    timer: Res<DiscussionTimer>,
    mut texts: Query<&mut Text, With<TimeLeft>>,
) {
    if !timer.is_changed() {
        return;
    }
    let wanted = timer_text(&timer);
    for mut text in &mut texts {
        if text.0 != wanted {
            text.0 = wanted.clone();
        }
    }
}
