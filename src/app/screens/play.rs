//! Play screen: who is speaking, the line, the non-verbal cues, the choices, the score meters;
//! after a choice, the feedback on it. Esc opens the menu.

use bevy::prelude::*;

use super::{Canvas, Redraw, ReturnTo, Screen};
use crate::app::actions::{Act, UiAction, for_screen, keys_free, number_pressed, send_keys, shift};
use crate::app::group::{Group, RoomVote, votes};
use crate::app::library::LibraryIndex;
use crate::app::playing::{Playing, clear_progress, new_seed, save_progress};
use crate::app::reload::ReloadProblems;
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look, Scrollable};
use crate::play::Step;
use crate::play::group::VoteResult;
use crate::scenario::Node as ScenarioNode;

/// The play screen's systems, so that the author panel's can run before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaySystems;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PlayFocus>();
    app.init_resource::<PlayMenu>();
    app.add_systems(OnEnter(Screen::Play), reset_focus);
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, draw)
            .chain()
            .in_set(PlaySystems)
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Playing>)),
    );
}

/// Which choice (in the order shown) has the keyboard focus.
#[derive(Resource, Default, Debug)]
pub struct PlayFocus(pub usize);

/// The in-play menu (Esc).
#[derive(Resource, Default, Debug)]
pub struct PlayMenu {
    pub open: bool,
    pub focus: usize,
}

const MENU: [(&str, &str, UiAction); 4] = [
    ("Esc", "Resume", UiAction::OpenMenu),
    ("R", "Restart the scenario", UiAction::Restart),
    ("S", "Settings", UiAction::OpenSettings),
    ("L", "Back to the library", UiAction::BackToLibrary),
];

fn reset_focus(mut focus: ResMut<PlayFocus>, mut menu: ResMut<PlayMenu>) {
    focus.0 = 0;
    menu.open = false;
}

/// The keys of a clicker: PageDown, Right and Space go on; PageUp and Left go back.
const FORWARD: [KeyCode; 3] = [KeyCode::PageDown, KeyCode::ArrowRight, KeyCode::Space];
const BACKWARD: [KeyCode; 2] = [KeyCode::PageUp, KeyCode::ArrowLeft];

#[expect(
    clippy::too_many_arguments,
    reason = "a system: the keys mean different things in each state of the screen"
)]
fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    menu: Res<PlayMenu>,
    playing: Res<Playing>,
    settings: Res<Settings>,
    group: Res<Group>,
    author: Res<super::author::AuthorPanel>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
    mut out: MessageWriter<Act>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        out.write(Act::new(Screen::Play, UiAction::OpenMenu));
    }
    if settings.group && !menu.open && !author.open {
        // A clicker's "next" first shows what is below (the options, the rest of the
        // feedback), then acts.
        let forward = keys.any_just_pressed(FORWARD) && !super::page_down(&mut areas);
        group_keys(&keys, forward, &playing, &group, &mut out);
        return;
    }
    let up = keys.just_pressed(KeyCode::ArrowUp);
    let down = keys.just_pressed(KeyCode::ArrowDown);
    let enter = keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]);
    if menu.open {
        let table = [
            (KeyCode::KeyR, UiAction::Restart),
            (KeyCode::KeyS, UiAction::OpenSettings),
            (KeyCode::KeyL, UiAction::BackToLibrary),
        ];
        send_keys(&keys, Screen::Play, &table, &mut out);
    } else if playing.feedback.is_some() {
        if enter || keys.just_pressed(KeyCode::Space) {
            out.write(Act::new(Screen::Play, UiAction::Continue));
        }
        return;
    } else if let Some(n) = number_pressed(&keys) {
        out.write(Act::new(Screen::Play, UiAction::Choose(n)));
    }
    if up {
        out.write(Act::new(Screen::Play, UiAction::FocusPrev));
    }
    if down {
        out.write(Act::new(Screen::Play, UiAction::FocusNext));
    }
    if enter {
        out.write(Act::new(Screen::Play, UiAction::Activate));
    }
}

/// The play screen's keys in a group session: the vote, revealing scores, and a clicker's
/// forward and back.
fn group_keys(
    keys: &ButtonInput<KeyCode>,
    forward: bool,
    playing: &Playing,
    group: &Group,
    out: &mut MessageWriter<Act>,
) {
    let enter = keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]);
    if keys.any_just_pressed(BACKWARD) {
        out.write(Act::new(Screen::Play, UiAction::StepBack));
    }
    send_keys(
        keys,
        Screen::Play,
        &[(KeyCode::KeyR, UiAction::RevealScores)],
        out,
    );
    if playing.feedback.is_some() {
        if forward || enter {
            out.write(Act::new(Screen::Play, UiAction::Continue));
        }
        return;
    }
    if playing.session.current().ending.is_some() {
        return;
    }
    let table = [
        (KeyCode::KeyV, UiAction::ToggleVote),
        (KeyCode::ArrowUp, UiAction::FocusPrev),
        (KeyCode::ArrowDown, UiAction::FocusNext),
    ];
    send_keys(keys, Screen::Play, &table, out);
    match group.open_vote(&playing.session) {
        Some(vote) => {
            if let Some(n) = number_pressed(keys) {
                let action = if shift(keys) {
                    UiAction::RemoveVote(n)
                } else if vote.tie.is_some() {
                    UiAction::BreakTie(n)
                } else {
                    UiAction::AddVote(n)
                };
                out.write(Act::new(Screen::Play, action));
            }
            if forward || enter {
                out.write(Act::new(Screen::Play, UiAction::TakeVote));
            }
        }
        None => {
            if let Some(n) = number_pressed(keys) {
                out.write(Act::new(Screen::Play, UiAction::Choose(n)));
            }
            if forward {
                out.write(Act::new(Screen::Play, UiAction::ToggleVote));
            }
            if enter {
                out.write(Act::new(Screen::Play, UiAction::Activate));
            }
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: the screen's state, the session and where it goes next"
)]
fn act(
    mut actions: MessageReader<Act>,
    mut commands: Commands,
    mut playing: ResMut<Playing>,
    mut focus: ResMut<PlayFocus>,
    mut menu: ResMut<PlayMenu>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    mut return_to: ResMut<ReturnTo>,
    settings: Res<Settings>,
    storage: Res<StorageDirs>,
    mut group: ResMut<Group>,
) {
    for action in for_screen(&mut actions, Screen::Play) {
        let shown = playing.session.current().choices.len();
        if !menu.open
            && group_act(
                action,
                &mut playing,
                &mut group,
                &settings,
                &storage,
                &mut next,
            )
        {
            redraw.0 = true;
            continue;
        }
        match (menu.open, action) {
            (_, UiAction::OpenMenu) => {
                menu.open = !menu.open;
                menu.focus = 0;
            }
            (true, UiAction::FocusPrev) => menu.focus = menu.focus.saturating_sub(1),
            (true, UiAction::FocusNext) => menu.focus = (menu.focus + 1).min(MENU.len() - 1),
            (true, UiAction::Activate) => {
                let chosen = MENU[menu.focus].2.clone();
                commands.write_message(Act::new(Screen::Play, chosen));
            }
            (_, UiAction::Restart) => {
                let scenario = playing.session.scenario().clone();
                if let Ok(fresh) = Playing::start(&playing.file, scenario, new_seed()) {
                    *playing = fresh;
                    save_progress(&storage, &playing);
                }
                menu.open = false;
                focus.0 = 0;
            }
            (_, UiAction::OpenSettings) => {
                menu.open = false;
                return_to.0 = Screen::Play;
                next.set(Screen::Settings);
            }
            (_, UiAction::BackToLibrary) => {
                menu.open = false;
                next.set(Screen::Library);
            }
            (false, UiAction::FocusPrev) => focus.0 = focus.0.saturating_sub(1),
            (false, UiAction::FocusNext) => focus.0 = (focus.0 + 1).min(shown.saturating_sub(1)),
            (false, UiAction::Activate) if playing.feedback.is_some() => {
                continue_on(&mut playing, &mut next, &storage);
            }
            (false, UiAction::Activate) => {
                choose(&mut playing, focus.0 + 1, &settings, &storage, &mut next);
            }
            (false, UiAction::Choose(n)) if playing.feedback.is_none() => {
                choose(&mut playing, *n, &settings, &storage, &mut next);
            }
            (false, UiAction::Continue) => continue_on(&mut playing, &mut next, &storage),
            _ => continue,
        }
        if playing.feedback.is_none() && !menu.open {
            let shown = playing.session.current().choices.len();
            focus.0 = focus.0.min(shown.saturating_sub(1));
        }
        redraw.0 = true;
    }
}

/// The room's vote and a clicker's back key; false when `action` is not one of them.
fn group_act(
    action: &UiAction,
    playing: &mut Playing,
    group: &mut Group,
    settings: &Settings,
    storage: &StorageDirs,
    next: &mut NextState<Screen>,
) -> bool {
    let session = &playing.session;
    let existing = group.vote.as_mut().filter(|v| v.is_for(session));
    match action {
        UiAction::ToggleVote => match existing {
            Some(v) => {
                v.open = !v.open;
                v.tie = None;
            }
            None => group.vote = Some(RoomVote::at(session)),
        },
        UiAction::AddVote(n) | UiAction::RemoveVote(n) => {
            let Some(v) = existing.filter(|v| v.open) else {
                return true;
            };
            let i = n.saturating_sub(1);
            let counted = if matches!(action, UiAction::AddVote(_)) {
                v.vote.add(i)
            } else {
                v.vote.remove(i)
            };
            v.tie = None;
            playing.notice = (!counted && matches!(action, UiAction::AddVote(_)))
                .then(|| format!("Option {n} cannot take votes: it is locked or not there."));
        }
        UiAction::TakeVote => {
            let Some(v) = existing.filter(|v| v.open) else {
                return true;
            };
            match v.vote.result() {
                VoteResult::NoVotes => {
                    playing.notice = Some(
                        "No votes yet: press an option's number once for each person who chooses it."
                            .to_owned(),
                    );
                }
                VoteResult::Majority(i) => take_vote(playing, group, i, settings, storage, next),
                VoteResult::Tie(tied, count) => {
                    let names: Vec<String> = tied.iter().map(|i| (i + 1).to_string()).collect();
                    playing.notice = Some(format!(
                        "A tie: options {} have {} each. Facilitator, press the number of the one to take (or change the votes).",
                        names.join(" and "),
                        votes(count)
                    ));
                    v.tie = Some(tied);
                }
            }
        }
        UiAction::BreakTie(n) => {
            let Some(v) = existing.filter(|v| v.open) else {
                return true;
            };
            let i = n.saturating_sub(1);
            if v.tie.as_ref().is_some_and(|t| t.contains(&i)) {
                take_vote(playing, group, i, settings, storage, next);
            } else {
                playing.notice = Some(format!(
                    "Option {n} is not one of the tied options: press one of theirs."
                ));
            }
        }
        UiAction::StepBack => step_back(playing, group, storage, next),
        _ => return false,
    }
    true
}

/// Take the option at position `i` (0-based, as shown) for the room, and keep its tally.
fn take_vote(
    playing: &mut Playing,
    group: &mut Group,
    i: usize,
    settings: &Settings,
    storage: &StorageDirs,
    next: &mut NextState<Screen>,
) {
    let Some(vote) = group.vote.take() else {
        return;
    };
    let authored = vote.authored_tallies(&playing.session);
    let before = playing.session.transcript().len();
    choose(playing, i + 1, settings, storage, next);
    if playing.session.transcript().len() > before {
        if let Some(step) = &mut playing.feedback {
            step.votes = Some(authored.clone());
        }
        playing.session.record_votes(authored);
        save_progress(storage, playing);
    } else {
        group.vote = Some(vote);
    }
}

/// Back one step, where that is safe: from feedback to the decision (undoing it, with the
/// room's votes as they were), from an open vote to the options, from the first decision to
/// the briefing.
fn step_back(
    playing: &mut Playing,
    group: &mut Group,
    storage: &StorageDirs,
    next: &mut NextState<Screen>,
) {
    let session = &playing.session;
    if playing.feedback.is_some() {
        let Some(last) = session.transcript().len().checked_sub(1) else {
            return;
        };
        let votes = session.transcript()[last].votes.clone();
        if playing.session.rewind(last).is_ok() {
            playing.feedback = None;
            playing.notice = None;
            group.vote = votes.map(|authored| RoomVote::restored(&playing.session, &authored));
            save_progress(storage, playing);
        }
    } else if let Some(v) = group.vote.as_mut().filter(|v| v.open && v.is_for(session)) {
        v.open = false;
        v.tie = None;
    } else if session.transcript().is_empty() {
        next.set(Screen::Briefing);
    }
}

/// Take the choice shown at position `shown` (1-based).
fn choose(
    playing: &mut Playing,
    shown: usize,
    settings: &Settings,
    storage: &StorageDirs,
    next: &mut NextState<Screen>,
) {
    let view = playing.session.current();
    let Some(choice) = shown.checked_sub(1).and_then(|i| view.choices.get(i)) else {
        return;
    };
    if !choice.available {
        playing.notice = Some(format!(
            "That choice is locked: {}",
            choice.hint.unwrap_or("it is not available yet")
        ));
        return;
    }
    let number = choice.number;
    match playing.session.choose(number) {
        Ok(step) => {
            let step = step.clone();
            playing.notice = None;
            save_progress(storage, playing);
            if settings.feedback_now() {
                playing.feedback = Some(step);
            } else if playing.session.is_finished() {
                finish(next, storage);
            }
        }
        Err(e) => playing.notice = Some(e.to_string()),
    }
}

fn continue_on(playing: &mut Playing, next: &mut NextState<Screen>, storage: &StorageDirs) {
    playing.feedback = None;
    if playing.session.is_finished() {
        finish(next, storage);
    }
}

fn finish(next: &mut NextState<Screen>, storage: &StorageDirs) {
    clear_progress(storage);
    next.set(Screen::Debrief);
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: each argument is something the screen shows"
)]
fn draw(
    mut canvas: Canvas,
    playing: Res<Playing>,
    focus: Res<PlayFocus>,
    menu: Res<PlayMenu>,
    settings: Res<Settings>,
    index: Res<LibraryIndex>,
    problems: Res<ReloadProblems>,
    author: Res<super::author::AuthorPanel>,
    group: Res<Group>,
) {
    if !canvas.begin() {
        return;
    }
    let session = &playing.session;
    let scenario = session.scenario().clone();
    let view = session.current();
    let count = view.choices.len();
    let choose_hint = format!("1–{count}");
    let vote = group.open_vote(session);
    let hints: Vec<(&str, &str)> = match (playing.feedback.is_some(), settings.group, vote) {
        (true, false, _) => vec![("Space", "continue"), ("Esc", "menu")],
        // A group session keeps the bar short for the room; H lists every key.
        (true, true, _) => vec![("Space", "continue"), ("H", "help")],
        (false, false, _) => vec![(choose_hint.as_str(), "choose"), ("Esc", "menu")],
        (false, true, None) => vec![("V", "vote"), ("H", "help")],
        (false, true, Some(_)) => vec![(choose_hint.as_str(), "vote"), ("Enter", "decide")],
    };
    let show_scores = settings.scores_shown(group.reveal_scores);
    let line_size = if settings.group {
        size::PROJECTOR_LINE
    } else {
        size::LINE
    };
    let root = canvas.frame(Screen::Play, &scenario.title, &hints, |area, look| {
        area.spawn(Node {
            width: Val::Percent(100.0),
            max_width: Val::Px(1180.0),
            flex_shrink: 0.0,
            flex_wrap: FlexWrap::Wrap,
            column_gap: Val::Px(28.0),
            row_gap: Val::Px(20.0),
            align_items: AlignItems::FlexStart,
            ..default()
        })
        .with_children(|row| {
            row.spawn(Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(16.0),
                flex_grow: 1.0,
                flex_basis: Val::Px(520.0),
                min_width: Val::Px(0.0),
                ..default()
            })
            .with_children(|main| {
                if let Some(errors) = &problems.0 {
                    main.spawn((ReloadOverlay, look.notice_panel())).with_children(|p| {
                        p.spawn(look.text_styled(
                            "The edited file has problems, so the last good version is still in play:".to_owned(),
                            size::BODY,
                            look.palette.error,
                            &look.fonts.bold,
                        ));
                        for d in errors {
                            p.spawn(look.text(d.headline()));
                        }
                    });
                }
                if let Some(notice) = &playing.notice {
                    main.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(notice.clone()));
                    });
                }
                // A fault in the scenario: nothing can be chosen here. Say so rather than wait.
                if playing.feedback.is_none() && session.is_stuck() {
                    main.spawn(look.notice_panel()).with_children(|p| {
                        p.spawn(look.text(crate::cli::stuck_text(session)));
                    });
                }
                // The feedback belongs to the decision just taken, so the scene it
                // leads to waits until the trainee continues.
                if let Some(step) = &playing.feedback {
                    feedback_panel(
                        main,
                        look,
                        step,
                        &scenario,
                        &index,
                        show_scores,
                        session.is_finished(),
                    );
                    return;
                }
                for node in session.lead_in() {
                    scene_beat(main, look, node, &scenario, size::BODY);
                }
                scene_beat(main, look, view.node, &scenario, line_size);
                if let Some(vote) = vote {
                    vote_panel(main, look, &view, vote);
                } else if view.ending.is_none() {
                    main.spawn(look.muted(if settings.group {
                        "What would you say or do? Discuss, then V to vote."
                    } else {
                        "What do you say or do?"
                    }));
                    for (i, choice) in view.choices.iter().enumerate() {
                        let focused = i == focus.0 && !menu.open;
                        if choice.available {
                            let mut b = main.spawn(look.button(
                                &(i + 1).to_string(),
                                choice.text(),
                                UiAction::Choose(i + 1),
                                focused,
                            ));
                            if focused {
                                b.insert(Focused);
                            }
                        } else {
                            let mut b = main.spawn(look.focus_panel(focused));
                            if focused {
                                b.insert(Focused);
                            }
                            b.with_children(|p| {
                                p.spawn(look.text_styled(
                                    format!("{}   {}", i + 1, choice.text()),
                                    size::BODY,
                                    look.palette.locked,
                                    &look.fonts.regular,
                                ));
                                p.spawn(look.text_styled(
                                    format!(
                                        "Locked: {}",
                                        choice.hint.unwrap_or("not available yet")
                                    ),
                                    size::SMALL,
                                    look.palette.locked,
                                    &look.fonts.italic,
                                ));
                            });
                        }
                    }
                }
            });
            if author.open {
                super::author::spawn_panel(row, look, &playing, &author);
            } else if show_scores && !scenario.scores.is_empty() {
                row.spawn(look.panel())
                    .insert((Node {
                        flex_direction: FlexDirection::Column,
                        row_gap: Val::Px(12.0),
                        flex_basis: Val::Px(300.0),
                        flex_grow: 0.0,
                        min_width: Val::Px(240.0),
                        padding: UiRect::all(Val::Px(16.0)),
                        border: UiRect::all(Val::Px(1.0)),
                        border_radius: BorderRadius::all(Val::Px(10.0)),
                        ..default()
                    },))
                    .with_children(|side| {
                        side.spawn(look.heading("Scores"));
                        for (score, value) in session.scores() {
                            side.spawn(look.meter(&score.label, value, score.min, score.max));
                        }
                    });
            }
        });
    });
    if menu.open {
        let look = &canvas.look;
        canvas.commands.entity(root).with_children(|root| {
            root.spawn((look.cover(), GlobalZIndex(10)))
                .with_children(|overlay| {
                    overlay
                        .spawn(look.panel())
                        .insert(Node {
                            min_width: Val::Px(360.0),
                            padding: UiRect::all(Val::Px(24.0)),
                            row_gap: Val::Px(12.0),
                            flex_direction: FlexDirection::Column,
                            border: UiRect::all(Val::Px(1.0)),
                            border_radius: BorderRadius::all(Val::Px(12.0)),
                            ..default()
                        })
                        .with_children(|p| {
                            p.spawn(look.heading("Paused"));
                            for (i, (key, label, action)) in MENU.iter().enumerate() {
                                let mut b = p.spawn(look.button(
                                    key,
                                    *label,
                                    action.clone(),
                                    i == menu.focus,
                                ));
                                if i == menu.focus {
                                    b.insert(Focused);
                                }
                            }
                        });
                });
        });
    }
}

/// One node's narration and line, the line at `line_size` (rem): larger for the node play
/// stopped at.
fn scene_beat(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    node: &ScenarioNode,
    scenario: &crate::scenario::Scenario,
    line_size: f32,
) {
    let speaker = node
        .speaker
        .as_ref()
        .and_then(|s| scenario.character(s.as_str()));
    if let Some(c) = speaker {
        look.spawn_person(parent, c);
    }
    if let Some(text) = &node.text {
        let rem = line_size;
        let handle = if speaker.is_some() {
            &look.fonts.regular
        } else {
            &look.fonts.italic
        };
        let shown = if speaker.is_some() {
            format!("“{text}”")
        } else {
            text.clone()
        };
        parent.spawn((
            SpokenLine,
            look.text_styled(shown, rem, look.palette.text, handle),
        ));
    }
    if let Some(narration) = &node.narration {
        parent
            .spawn((
                Node {
                    padding: UiRect::left(Val::Px(14.0)),
                    border: UiRect::left(Val::Px(4.0)),
                    ..default()
                },
                BorderColor::all(look.palette.panel_border),
            ))
            .with_children(|n| {
                n.spawn((Narration, look.narration(narration.clone())));
            });
    }
    if let Some(ending) = &node.ending {
        parent.spawn(look.heading(ending.title.clone()));
        parent.spawn(look.text(ending.summary.clone()));
    }
}

/// The room's vote: each option with its tally as a bar and a count, and buttons to add and
/// take away a vote.
fn vote_panel(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    view: &crate::play::View,
    vote: &RoomVote,
) {
    let tallies = vote.vote.tallies();
    let total = vote.vote.total();
    let top = tallies.iter().copied().max().unwrap_or(0);
    // The vote is what the room looks at now: scroll it into view.
    parent
        .spawn((
            Focused,
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(12.0),
                ..default()
            },
        ))
        .with_children(|panel| {
            panel.spawn(look.bold(format!("The room votes  ·  {}", votes(total)), size::BODY));
            for (i, choice) in view.choices.iter().enumerate() {
                let tally = tallies.get(i).copied().unwrap_or(0);
                let leading = tally > 0 && tally == top;
                let tied = vote.tie.as_ref().is_some_and(|t| t.contains(&i));
                vote_row(panel, look, i, choice, tally, total, leading || tied);
            }
        });
}

/// One option in the room's vote: number and text, add and remove buttons, the count and a bar
/// of its share of the votes.
fn vote_row(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    i: usize,
    choice: &crate::play::ChoiceView,
    tally: u32,
    total: u32,
    leading: bool,
) {
    let fraction = if total > 0 {
        tally as f32 / total as f32
    } else {
        0.0
    };
    let color = if choice.available {
        look.palette.text
    } else {
        look.palette.locked
    };
    parent
        .spawn((VoteRow, look.focus_panel(leading)))
        .with_children(|p| {
            p.spawn(Node {
                column_gap: Val::Px(14.0),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                row.spawn(look.text_styled(
                    format!("{}   {}", i + 1, choice.text()),
                    size::BODY,
                    color,
                    &look.fonts.regular,
                ))
                .insert(Node {
                    flex_grow: 1.0,
                    flex_shrink: 1.0,
                    ..default()
                });
                if choice.available {
                    row.spawn(Node {
                        flex_shrink: 0.0,
                        column_gap: Val::Px(8.0),
                        ..default()
                    })
                    .with_children(|buttons| {
                        buttons.spawn(look.button("-", "", UiAction::RemoveVote(i + 1), false));
                        buttons.spawn(look.button("+", "", UiAction::AddVote(i + 1), false));
                    });
                }
            });
            p.spawn(Node {
                column_gap: Val::Px(14.0),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                let count = match (choice.available, tally) {
                    (false, _) => "locked".to_owned(),
                    (true, n) => votes(n),
                };
                row.spawn((VoteCount, look.bold(count, size::BODY)))
                    .insert(Node {
                        min_width: Val::Px(110.0),
                        flex_shrink: 0.0,
                        ..default()
                    });
                row.spawn((
                    Node {
                        flex_grow: 1.0,
                        height: Val::Px(18.0),
                        border_radius: BorderRadius::all(Val::Px(9.0)),
                        ..default()
                    },
                    BackgroundColor(look.palette.meter_track),
                ))
                .with_child((
                    Node {
                        width: Val::Percent(100.0 * fraction),
                        height: Val::Percent(100.0),
                        border_radius: BorderRadius::all(Val::Px(9.0)),
                        ..default()
                    },
                    BackgroundColor(look.palette.accent),
                ));
            });
        });
}

/// An option's row in the room's vote (for tests).
#[derive(Component, Debug)]
pub struct VoteRow;

/// An option's vote count, such as `3 votes`.
#[derive(Component, Debug)]
pub struct VoteCount;

/// The panel listing a broken edit's problems.
#[derive(Component, Debug)]
pub struct ReloadOverlay;

/// The line being spoken (for tests and screen readers).
#[derive(Component, Debug)]
pub struct SpokenLine;

/// Non-verbal cues, styled apart from speech.
#[derive(Component, Debug)]
pub struct Narration;

/// A score change shown in feedback (for tests).
#[derive(Component, Debug)]
pub struct ScoreChange;

/// "+5 Trust": a sign and a word as well as a colour.
pub fn change_label(applied: i64, label: &str) -> String {
    let direction = if applied > 0 { "up" } else { "down" };
    format!("{applied:+} {label} ({direction})")
}

fn feedback_panel(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    step: &Step,
    scenario: &crate::scenario::Scenario,
    index: &LibraryIndex,
    show_scores: bool,
    finished: bool,
) {
    parent.spawn(look.panel()).with_children(|p| {
        p.spawn(look.heading("You said"));
        p.spawn(look.text(step.text.clone()));
        if show_scores {
            let changes: Vec<_> = step.effects.iter().filter(|e| e.applied != 0).collect();
            if !changes.is_empty() {
                p.spawn(Node {
                    column_gap: Val::Px(18.0),
                    row_gap: Val::Px(6.0),
                    flex_wrap: FlexWrap::Wrap,
                    ..default()
                })
                .with_children(|row| {
                    for e in changes {
                        let label = scenario
                            .score(e.score.as_str())
                            .map_or(e.score.as_str(), |s| s.label.as_str());
                        let color = if e.applied > 0 {
                            look.palette.positive
                        } else {
                            look.palette.negative
                        };
                        row.spawn((
                            ScoreChange,
                            look.text_styled(
                                change_label(e.applied, label),
                                size::BODY,
                                color,
                                &look.fonts.bold,
                            ),
                        ));
                    }
                });
            }
        }
        if let Some(feedback) = &step.feedback {
            p.spawn(look.heading("Why it matters"));
            p.spawn(look.text(feedback.clone()));
        }
        if !step.principles.is_empty() {
            let names: Vec<&str> = step
                .principles
                .iter()
                .map(|id| index.principle_name(id.as_str()))
                .collect();
            p.spawn(look.muted(format!("Principles: {}", names.join("  ·  "))));
        }
        let label = if finished {
            "See the debrief"
        } else {
            "Continue"
        };
        p.spawn(Node {
            margin: UiRect::top(Val::Px(6.0)),
            ..default()
        })
        .with_children(|row| {
            row.spawn((
                Focused,
                look.primary_button("Space", label, UiAction::Continue),
            ));
        });
    });
}
