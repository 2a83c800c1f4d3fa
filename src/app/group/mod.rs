//! Group sessions on a projector: the preset (large text, high contrast, no mouse needed),
//! revealing scores, blanking the screen, the discussion timer, the room's vote, facilitator
//! notes and the key help. The vote's rules and the timer live in the core (`play::group`).

pub mod overlay;
pub mod phones;
pub mod presenter;
pub mod vote;

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};

use super::input::{Act, Binding, Cover, add_actions, for_screen, not_typing, send_keys};
use super::playing::Playing;
use super::screen::{Redraw, Screen};
use super::settings::Settings;
use super::theme::Palette;
use super::theme::frame::{SideReserve, TopBarReserve};
use crate::play::Session;
use crate::play::group::{Countdown, CountdownState, RoomVote};
use crate::scenario::NodeId;

pub(super) fn plugin(app: &mut App) {
    add_actions::<RoomAction>(app);
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
        (
            act,
            apply_preset,
            forget_stale_vote,
            tick_timer,
            reserve_room_for_timer,
            reserve_room_for_join_card,
        )
            .chain(),
    );
    app.add_systems(Last, stay_awake_while_timing);
    app.add_systems(OnEnter(Screen::Briefing), hide_scores_for_a_new_scenario);
    app.add_plugins((
        overlay::plugin,
        phones::plugin,
        presenter::plugin,
        vote::plugin,
    ));
}

/// The state of a group session that is not the scenario's: what the room is shown.
#[derive(Resource, Default, Debug)]
pub struct Group {
    /// Scores shown to the room (R); hidden by default in a group session.
    pub reveal_scores: bool,
    /// The facilitator note is shown over the play screen (N), for a single screen.
    pub notes: bool,
    /// The room's vote at the current decision.
    pub vote: Option<RoomVote>,
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
    pub cover: Res<'w, Cover>,
    pub phones: Res<'w, phones::Phones>,
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
            || self.cover.is_changed()
            || self.phones.is_changed()
            || self.settings.is_changed()
            || self.palette.is_changed()
            || self.screen.is_changed()
            || self.playing.as_ref().is_some_and(Res::is_changed)
    }
}

/// The discussion timer (T).
#[derive(Resource, Debug)]
pub struct DiscussionTimer(pub Countdown);

/// What the facilitator asks for on any screen.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAction {
    ToggleHelp,
    ToggleBlank,
    ToggleProjector,
    TogglePresenter,
    ToggleFullscreen,
    ToggleNotes,
    /// Phone voting on or off.
    TogglePhones,
    /// Start, pause or resume the discussion timer.
    Timer,
    ResetTimer,
}

/// H (or ?) for the key help, as the top bar of a group session names it.
pub const HELP_KEY: Binding<RoomAction> = Binding::key(
    &[KeyCode::KeyH],
    "H  or  ?",
    "show or hide this help",
    RoomAction::ToggleHelp,
)
.hint("H", "help")
.brief("help");

/// The keys that work on every screen, even over the help or a blank screen.
pub const KEYS: [Binding<RoomAction>; 5] = [
    HELP_KEY,
    Binding::key(
        &[KeyCode::F5],
        "F5",
        "group session on a projector, on or off",
        RoomAction::ToggleProjector,
    ),
    Binding::key(
        &[KeyCode::F11],
        "F11",
        "full screen, on or off",
        RoomAction::ToggleFullscreen,
    ),
    Binding::key(
        &[KeyCode::F6],
        "F6",
        "presenter window for a second screen, open or close",
        RoomAction::TogglePresenter,
    )
    .brief("close"),
    Binding::key(
        &[KeyCode::KeyB],
        "B",
        "blank the screen, and restore it",
        RoomAction::ToggleBlank,
    )
    .brief("blank"),
];

/// The keys of a group session, while the screen is not covered.
pub const SESSION_KEYS: [Binding<RoomAction>; 4] = [
    Binding::key(
        &[KeyCode::KeyT],
        "T",
        "start, pause or resume the discussion timer",
        RoomAction::Timer,
    )
    .with_shift(false)
    .brief("timer"),
    Binding::key(
        &[KeyCode::KeyT],
        "Shift + T",
        "reset the timer",
        RoomAction::ResetTimer,
    )
    .with_shift(true)
    .brief("reset"),
    Binding::key(
        &[KeyCode::KeyN],
        "N",
        "facilitator notes on this screen, on or off",
        RoomAction::ToggleNotes,
    )
    .brief("notes"),
    Binding::key(
        &[KeyCode::KeyQ],
        "Q",
        "phone voting: the room votes from their phones, on or off",
        RoomAction::TogglePhones,
    )
    .brief("phones"),
];

/// The keys that work on every screen.
fn keys(
    mut keys: ResMut<ButtonInput<KeyCode>>,
    screen: Res<State<Screen>>,
    cover: Res<Cover>,
    settings: Res<Settings>,
    mut out: MessageWriter<Act<RoomAction>>,
) {
    let screen = *screen.get();
    // ? is Shift and /; Esc closes the help, and is used up here so that it never reaches the
    // screen under it.
    if (keys.just_pressed(KeyCode::Slash) && super::input::shift(&keys))
        || (cover.help && keys.clear_just_pressed(KeyCode::Escape))
    {
        out.write(Act::new(screen, RoomAction::ToggleHelp));
    }
    send_keys(&keys, screen, &KEYS, &mut out);
    if settings.group && !cover.blank && !cover.help {
        send_keys(&keys, screen, &SESSION_KEYS, &mut out);
    }
}

/// The actions that are the same on every screen, from a key or a click.
#[expect(
    clippy::too_many_arguments,
    reason = "a system: each room-wide key changes a different part of the app"
)]
fn act(
    mut actions: MessageReader<Act<RoomAction>>,
    screen: Res<State<Screen>>,
    mut group: ResMut<Group>,
    mut cover: ResMut<Cover>,
    mut settings: ResMut<Settings>,
    mut timer: ResMut<DiscussionTimer>,
    mut redraw: ResMut<Redraw>,
    mut window: Option<Single<&mut Window, With<PrimaryWindow>>>,
    mut presenter: ResMut<presenter::PresenterWindow>,
) {
    for action in for_screen(&mut actions, *screen.get()) {
        match action {
            RoomAction::ToggleHelp => cover.help = !cover.help,
            RoomAction::ToggleBlank => cover.blank = !cover.blank,
            RoomAction::ToggleNotes => group.notes = !group.notes,
            RoomAction::TogglePhones => settings.phones = !settings.phones,
            RoomAction::ToggleProjector => settings.group = !settings.group,
            RoomAction::TogglePresenter => presenter.wanted = !presenter.wanted,
            RoomAction::Timer => timer.0.toggle(),
            RoomAction::ResetTimer => timer.0.reset(settings.timer()),
            RoomAction::ToggleFullscreen => {
                if let Some(window) = window.as_deref_mut() {
                    window.mode = match window.mode {
                        WindowMode::Windowed => {
                            WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                        }
                        _ => WindowMode::Windowed,
                    };
                }
            }
        }
        redraw.0 = true;
    }
}

/// Keep the top bar's hints clear of the discussion timer while it is shown.
fn reserve_room_for_timer(
    settings: Res<Settings>,
    timer: Res<DiscussionTimer>,
    mut reserve: ResMut<TopBarReserve>,
) {
    let shown = settings.group && timer.0.state() != CountdownState::Ready;
    let wanted = TopBarReserve(if shown { TIMER_WIDTH } else { 0.0 });
    if *reserve != wanted {
        *reserve = wanted;
    }
}

/// Keep every screen's content clear of the phone-voting join card, on the screens that show it
/// (all but play).
fn reserve_room_for_join_card(
    settings: Res<Settings>,
    screen: Res<State<Screen>>,
    phones: Res<phones::Phones>,
    mut reserve: ResMut<SideReserve>,
    mut redraw: ResMut<Redraw>,
) {
    let shown = settings.group
        && *screen.get() != Screen::Play
        && (phones.on() || phones.problem.is_some());
    let wanted = SideReserve(if shown { JOIN_CARD_WIDTH } else { 0.0 });
    if *reserve != wanted {
        *reserve = wanted;
        redraw.0 = true;
    }
}

/// The room's width the join card takes at the right of the screen, with its margin.
pub const JOIN_CARD_WIDTH: f32 = 290.0;

/// The room's width kept free at the right of the top bar for the discussion timer.
pub const TIMER_WIDTH: f32 = 300.0;

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
) {
    use bevy::winit::UpdateMode;
    // A continuous loop (the screenshot tour) never sleeps anyway.
    let Some(mut winit) = winit.filter(|w| w.focused_mode != UpdateMode::Continuous) else {
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
