//! Group sessions on a projector: the preset (large text, high contrast, no mouse needed),
//! revealing scores, blanking the screen, the discussion timer, the room's vote, facilitator
//! notes and the key help. The vote's rules and the timer live in the core (`play::group`).

pub mod overlay;
pub mod presenter;

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::actions::{Act, UiAction, not_typing, send_keys, shift};
use super::playing::Playing;
use super::screens::{Redraw, Screen};
use super::settings::Settings;
use super::theme::Palette;
use crate::play::Session;
use crate::play::group::{Countdown, CountdownState, Vote};
use crate::scenario::NodeId;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Group>();
    app.insert_resource(DiscussionTimer(Countdown::new(Settings::default().timer())));
    // The keys are read before any screen's, so that an Esc that closes the help is used up
    // there and never reaches the screen under it.
    app.add_systems(
        PreUpdate,
        keys.run_if(not_typing).after(bevy::input::InputSystems),
    );
    app.add_systems(
        Update,
        (act, apply_preset, forget_stale_vote, tick_timer).chain(),
    );
    app.add_systems(Last, stay_awake_while_timing);
    app.add_systems(OnEnter(Screen::Briefing), hide_scores_for_a_new_scenario);
    app.add_plugins((overlay::plugin, presenter::plugin));
}

/// The state of a group session that is not the scenario's: what the room is shown.
#[derive(Resource, Default, Debug)]
pub struct Group {
    /// Scores shown to the room (R); hidden by default in a group session.
    pub reveal_scores: bool,
    /// The screen is blanked for discussion (B).
    pub blank: bool,
    /// The key help is open (H or ?).
    pub help: bool,
    /// The facilitator note is shown over the play screen (N), for a single screen.
    pub notes: bool,
    /// The room's vote at the current decision.
    pub vote: Option<RoomVote>,
}

/// The room's vote at one decision: kept while the decision is on screen, open or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomVote {
    pub node: NodeId,
    /// How many decisions had been made when this one came up.
    pub decision: usize,
    /// The tallies are on screen and the number keys count votes.
    pub open: bool,
    pub vote: Vote,
    /// The options tied for the most votes (0-based, as shown), once Enter found a tie: the
    /// facilitator picks one with its number.
    pub tie: Option<Vec<usize>>,
}

impl RoomVote {
    /// A new, open vote on the session's current decision.
    pub fn at(session: &Session) -> Self {
        let view = session.current();
        Self {
            node: view.node.id.clone(),
            decision: session.transcript().len(),
            open: true,
            vote: Vote::new(view.choices.iter().map(|c| c.available)),
            tie: None,
        }
    }

    /// An open vote on the session's current decision with the tallies a transcript kept
    /// (in authored order), for going back to a decision the room already voted on.
    pub fn restored(session: &Session, authored: &[u32]) -> Self {
        let view = session.current();
        let open: Vec<bool> = view.choices.iter().map(|c| c.available).collect();
        Self {
            vote: Vote::restored(&open, &shown_numbers(session), authored),
            ..Self::at(session)
        }
    }

    /// The tallies in authored order, for the session's transcript.
    pub fn authored_tallies(&self, session: &Session) -> Vec<u32> {
        let choices = session.node().choices.as_ref().map_or(0, Vec::len);
        self.vote
            .in_authored_order(&shown_numbers(session), choices)
    }

    /// Whether this vote belongs to the decision the session is at now.
    pub fn is_for(&self, session: &Session) -> bool {
        self.node == session.node().id && self.decision == session.transcript().len()
    }
}

/// The authored number of each option shown now, in the order shown.
fn shown_numbers(session: &Session) -> Vec<usize> {
    session.current().choices.iter().map(|c| c.number).collect()
}

impl Group {
    /// The vote at the session's current decision, if the room has one open.
    pub fn open_vote(&self, session: &Session) -> Option<&RoomVote> {
        self.vote
            .as_ref()
            .filter(|v| v.open && v.is_for(session) && session.current().ending.is_none())
    }
}

/// What the group overlay and the presenter view show: they rebuild when any of it changes.
#[derive(bevy::ecs::system::SystemParam)]
pub(super) struct Shown<'w> {
    pub group: Res<'w, Group>,
    pub settings: Res<'w, Settings>,
    pub timer: Res<'w, DiscussionTimer>,
    pub screen: Res<'w, State<Screen>>,
    pub playing: Option<Res<'w, Playing>>,
    palette: Res<'w, Palette>,
}

impl Shown<'_> {
    /// Whether any of it changed since the calling system last ran. The timer counts down every
    /// frame, but only its state (ready, running, paused, finished) changes what is drawn: the
    /// caller keeps the state it last drew in `drawn`.
    pub fn changed(&self, drawn: &mut Option<CountdownState>) -> bool {
        let state = Some(self.timer.0.state());
        let timer_changed = std::mem::replace(drawn, state) != state;
        timer_changed
            || self.group.is_changed()
            || self.settings.is_changed()
            || self.palette.is_changed()
            || self.screen.is_changed()
            || self.playing.as_ref().is_some_and(Res::is_changed)
    }
}

/// The discussion timer (T).
#[derive(Resource, Debug)]
pub struct DiscussionTimer(pub Countdown);

/// Every key, as the help overlay (H or ?) lists it: a section name, then key and action pairs.
pub const HELP: [(&str, &[(&str, &str)]); 4] = [
    (
        "Everywhere",
        &[
            ("H  or  ?", "show or hide this help"),
            ("F5", "group session on a projector, on or off"),
            ("F11", "full screen, on or off"),
            ("F6", "presenter window for a second screen, open or close"),
            ("B", "blank the screen, and restore it"),
            ("Up  Down", "move between items"),
            ("Enter", "open or take the item"),
            ("Esc", "menu, or back"),
        ],
    ),
    (
        "Playing",
        &[
            ("1 to 9", "take that choice (or add a vote while voting)"),
            ("Space", "continue after feedback"),
            ("F12", "author panel"),
        ],
    ),
    (
        "Group session",
        &[
            ("V", "open or close the vote"),
            ("1 to 9", "add a vote for that option"),
            ("Shift + 1 to 9", "take a vote away"),
            ("Enter", "take the option with the most votes"),
            ("R", "reveal or hide the scores"),
            ("T", "start, pause or resume the discussion timer"),
            ("Shift + T", "reset the timer"),
            ("N", "facilitator notes on this screen, on or off"),
        ],
    ),
    (
        "Presentation clicker",
        &[
            (
                "PageDown  Right  Space",
                "next: show what is below, then start, open the vote, take it, continue",
            ),
            (
                "PageUp  Left",
                "back: close the vote, undo the last decision, back to the briefing",
            ),
        ],
    ),
];

/// The keys that work on every screen.
fn keys(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    group: Res<Group>,
    settings: Res<Settings>,
    mut out: MessageWriter<Act>,
) {
    let screen = *screen.get();
    if keys.just_pressed(KeyCode::KeyH)
        || (keys.just_pressed(KeyCode::Slash) && shift(&keys))
        || (group.help && keys.clear_just_pressed(KeyCode::Escape))
    {
        out.write(Act::new(screen, UiAction::ToggleHelp));
    }
    let everywhere = [
        (KeyCode::KeyB, UiAction::ToggleBlank),
        (KeyCode::F5, UiAction::ToggleProjector),
        (KeyCode::F6, UiAction::TogglePresenter),
        (KeyCode::F11, UiAction::ToggleFullscreen),
    ];
    send_keys(&keys, screen, &everywhere, &mut out);
    if settings.group && !group.blank && !group.help {
        let timer = if shift(&keys) {
            UiAction::ResetTimer
        } else {
            UiAction::Timer
        };
        let table = [
            (KeyCode::KeyT, timer),
            (KeyCode::KeyN, UiAction::ToggleNotes),
        ];
        send_keys(&keys, screen, &table, &mut out);
    }
}

/// The actions that are the same on every screen, from a key or a click.
fn act(
    mut actions: MessageReader<Act>,
    screen: Res<State<Screen>>,
    mut group: ResMut<Group>,
    mut settings: ResMut<Settings>,
    mut timer: ResMut<DiscussionTimer>,
    mut redraw: ResMut<Redraw>,
    mut window: Option<Single<&mut Window, With<PrimaryWindow>>>,
    mut presenter: ResMut<presenter::PresenterWindow>,
) {
    for act in actions.read().filter(|a| a.screen == *screen.get()) {
        match act.action {
            UiAction::ToggleHelp => group.help = !group.help,
            UiAction::ToggleBlank => group.blank = !group.blank,
            UiAction::ToggleNotes => group.notes = !group.notes,
            UiAction::RevealScores => group.reveal_scores = !group.reveal_scores,
            UiAction::ToggleProjector => settings.group = !settings.group,
            UiAction::TogglePresenter => presenter.wanted = !presenter.wanted,
            UiAction::Timer => timer.0.toggle(),
            UiAction::ResetTimer => timer.0.reset(settings.timer()),
            UiAction::ToggleFullscreen => {
                if let Some(window) = window.as_deref_mut() {
                    window.mode = match window.mode {
                        WindowMode::Windowed => {
                            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                        }
                        _ => WindowMode::Windowed,
                    };
                }
            }
            _ => continue,
        }
        redraw.0 = true;
    }
}

/// Switch the palette with the group preset, and give the timer its configured length.
fn apply_preset(
    settings: Res<Settings>,
    mut palette: ResMut<Palette>,
    mut clear: Option<ResMut<ClearColor>>,
    mut timer: ResMut<DiscussionTimer>,
    mut redraw: ResMut<Redraw>,
) {
    if !settings.is_changed() {
        return;
    }
    let wanted = if settings.group {
        Palette::high_contrast()
    } else {
        Palette::calm()
    };
    if *palette != wanted {
        *palette = wanted;
        if let Some(clear) = clear.as_deref_mut() {
            clear.0 = palette.background;
        }
        redraw.0 = true;
    }
    if timer.0.length() != settings.timer() && timer.0.state() == CountdownState::Ready {
        timer.0.reset(settings.timer());
    }
}

/// A vote belongs to one decision: forget it when the session has moved on (a choice, a
/// rewind, a reload), and set the timer back for the next discussion.
fn forget_stale_vote(
    playing: Option<Res<Playing>>,
    mut group: ResMut<Group>,
    mut timer: ResMut<DiscussionTimer>,
    settings: Res<Settings>,
    mut last: Local<Option<(NodeId, usize)>>,
) {
    let Some(playing) = playing else {
        return;
    };
    let session = &playing.session;
    let here = (session.node().id.clone(), session.transcript().len());
    if last.as_ref() == Some(&here) {
        return;
    }
    let moved = last.is_some();
    *last = Some(here);
    if group.vote.as_ref().is_some_and(|v| !v.is_for(session)) {
        group.vote = None;
    }
    if moved {
        timer.0.reset(settings.timer());
    }
}

fn tick_timer(time: Res<Time>, mut timer: ResMut<DiscussionTimer>, mut redraw: ResMut<Redraw>) {
    if timer.0.state() != CountdownState::Running {
        return;
    }
    if timer.0.tick(time.delta()) {
        redraw.0 = true;
    }
}

/// Each scenario starts with the scores hidden from the room again.
fn hide_scores_for_a_new_scenario(mut group: ResMut<Group>) {
    if group.reveal_scores {
        group.reveal_scores = false;
    }
}

/// The app sleeps when nothing happens; a running timer must still count down on screen.
fn stay_awake_while_timing(
    timer: Res<DiscussionTimer>,
    winit: Option<ResMut<bevy::winit::WinitSettings>>,
    plan: Option<Res<super::shots::ShotPlan>>,
) {
    use bevy::winit::UpdateMode;
    let (Some(mut winit), None) = (winit, plan) else {
        return;
    };
    let wait = if timer.0.state() == CountdownState::Running {
        Duration::from_millis(250)
    } else {
        super::IDLE_WAIT
    };
    let (focused, unfocused) = (
        UpdateMode::reactive(wait),
        UpdateMode::reactive_low_power(wait),
    );
    if winit.focused_mode != focused {
        winit.focused_mode = focused;
        winit.unfocused_mode = unfocused;
    }
}

/// `1 vote`, `3 votes`.
pub fn votes(n: u32) -> String {
    if n == 1 {
        "1 vote".to_owned()
    } else {
        format!("{n} votes")
    }
}

/// Text at a size of its own rather than the room's text size, for what the facilitator reads
/// close up (the help, the presenter view): it keeps its size when the room's text grows.
pub(super) fn fixed(
    look: &super::theme::widget::Look,
    text: impl Into<String>,
    size: FontSize,
    color: Color,
    bold: bool,
) -> impl Bundle {
    let handle = if bold {
        &look.fonts.bold
    } else {
        &look.fonts.regular
    };
    (
        Text::new(text),
        TextFont {
            font: handle.clone().into(),
            font_size: size,
            ..default()
        },
        TextColor(color),
        Label,
    )
}

/// The facilitator notes for what the room is looking at: while feedback is up, the decision
/// just taken; otherwise the nodes passed on the way here and the current one.
pub fn facilitator_notes(playing: &Playing) -> Vec<&str> {
    let session = &playing.session;
    let scenario = session.scenario();
    let note = |id: &str| {
        scenario
            .nodes
            .iter()
            .find(|n| n.id.as_str() == id)
            .and_then(|n| n.facilitator_note.as_deref())
    };
    if let Some(step) = &playing.feedback {
        return note(step.node.as_str()).into_iter().collect();
    }
    session
        .lead_in()
        .chain(std::iter::once(session.node()))
        .filter_map(|n| n.facilitator_note.as_deref())
        .collect()
}
