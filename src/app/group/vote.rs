//! The room's vote, the app's side: its keys, what they do to the session, and the vote panel
//! that takes the place of the choices. The rules (counting, ties, the shown and authored
//! order) are the core's `play::group::RoomVote`.

use bevy::prelude::*;

use super::{Group, votes};
use crate::app::input::{Act, BACKWARD, Binding, ENTER, FORWARD, add_actions, for_screen};
use crate::app::playing::{Playing, Then, save_progress};
use crate::app::screen::{Redraw, Screen};
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look};
use crate::play::group::{RoomVote, VoteResult};

pub(super) fn plugin(app: &mut App) {
    add_actions::<VoteAction>(app);
}

/// What the facilitator asks of the room's vote, and a clicker's back key.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteAction {
    /// Open or close the vote (V).
    ToggleVote,
    /// Add or take away a vote for the option shown at this position (1-based).
    AddVote(usize),
    RemoveVote(usize),
    /// A number key while the vote is open: a vote for that option, or, after a tie, the
    /// facilitator's pick among the tied options.
    Number(usize),
    /// Take the room's choice (Enter).
    TakeVote,
    /// Back one step (PageUp or Left).
    StepBack,
    /// Reveal or hide the scores (R).
    RevealScores,
}

/// A clicker's "back", in a group session at any point of play.
pub const BACK: Binding<VoteAction> = Binding::key(
    BACKWARD,
    "PageUp  Left",
    "back: close the vote, undo the last decision, back to the briefing",
    VoteAction::StepBack,
)
.brief("back");
const REVEAL: Binding<VoteAction> = Binding::key(
    &[KeyCode::KeyR],
    "R",
    "reveal or hide the scores",
    VoteAction::RevealScores,
)
.brief("scores");
const TOGGLE: Binding<VoteAction> = Binding::key(
    &[KeyCode::KeyV],
    "V",
    "open or close the vote",
    VoteAction::ToggleVote,
)
.brief("vote");
/// A clicker's "next", as the help describes it.
pub const FORWARD_HELP: Binding<VoteAction> = Binding::key(
    FORWARD,
    "PageDown  Right  Space",
    "next: show what is below, then start, open the vote, take it, continue",
    VoteAction::ToggleVote,
);

/// The keys at any point of play in a group session.
pub const ALWAYS: [Binding<VoteAction>; 2] = [BACK, REVEAL];

/// Before the vote: V, Enter or a clicker's "next" opens it (Enter never takes an option
/// without the room's vote; a number key does, on purpose).
pub const CLOSED: [Binding<VoteAction>; 5] = [
    BACK,
    REVEAL,
    TOGGLE.hint("V", "vote"),
    Binding::key(ENTER, "Enter", "open the vote", VoteAction::ToggleVote),
    FORWARD_HELP,
];

/// While the vote is open: the number keys count, Enter (or "next") takes the room's choice.
pub const OPEN: [Binding<VoteAction>; 7] = [
    TOGGLE,
    Binding::numbers("1 to 9", "add a vote for that option", VoteAction::Number)
        .with_shift(false)
        .hint("1–9", "vote")
        .brief("add"),
    Binding::numbers("Shift + 1 to 9", "take a vote away", VoteAction::RemoveVote)
        .with_shift(true)
        .brief("remove"),
    Binding::key(
        ENTER,
        "Enter",
        "take the option with the most votes",
        VoteAction::TakeVote,
    )
    .hint("Enter", "decide")
    .brief("take"),
    Binding::key(FORWARD, "PageDown  Right  Space", "", VoteAction::TakeVote),
    REVEAL,
    BACK,
];

/// The room's vote and a clicker's back key, on the play screen.
pub fn act(
    mut actions: MessageReader<Act<VoteAction>>,
    mut playing: ResMut<Playing>,
    mut group: ResMut<Group>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    settings: Res<Settings>,
    storage: Res<StorageDirs>,
) {
    for action in for_screen(&mut actions, Screen::Play) {
        let mut room = Room {
            playing: &mut playing,
            group: &mut group,
            feedback_now: settings.feedback_now(),
            storage: &storage,
        };
        if let Some(screen) = room.act(*action) {
            next.set(screen);
        }
        redraw.0 = true;
    }
}

/// What one vote action works on.
struct Room<'a> {
    playing: &'a mut Playing,
    group: &'a mut Group,
    feedback_now: bool,
    storage: &'a StorageDirs,
}

impl Room<'_> {
    /// Do `action`; the screen to go to, if it leads away from play.
    fn act(&mut self, action: VoteAction) -> Option<Screen> {
        let session = &self.playing.session;
        let existing = self.group.vote.as_mut().filter(|v| v.is_for(session));
        match action {
            VoteAction::RevealScores => self.group.reveal_scores = !self.group.reveal_scores,
            VoteAction::ToggleVote => match existing {
                Some(v) => v.toggle(),
                None => self.group.vote = Some(RoomVote::at(session)),
            },
            VoteAction::Number(n) if existing.as_ref().is_some_and(|v| v.tie.is_some()) => {
                return self.break_tie(n);
            }
            VoteAction::AddVote(n) | VoteAction::Number(n) | VoteAction::RemoveVote(n) => {
                let v = existing.filter(|v| v.open)?;
                let add = !matches!(action, VoteAction::RemoveVote(_));
                let i = n.saturating_sub(1);
                let counted = if add { v.add(i) } else { v.remove(i) };
                self.playing.notice = (!counted && add)
                    .then(|| format!("Option {n} cannot take votes: it is locked or not there."));
            }
            VoteAction::TakeVote => return self.take(),
            VoteAction::StepBack => return self.step_back(),
        }
        None
    }

    /// Take the room's choice: the option with the most votes, or say why not.
    fn take(&mut self) -> Option<Screen> {
        let session = &self.playing.session;
        let vote = self.group.vote.as_mut().filter(|v| v.is_for(session))?;
        match vote.decide(session)? {
            VoteResult::NoVotes => {
                self.playing.notice = Some(
                    "No votes yet: press an option's number once for each person who chooses it."
                        .to_owned(),
                );
                None
            }
            VoteResult::Majority(i) => self.take_option(i),
            VoteResult::Tie(tied, count) => {
                let names: Vec<String> = tied.iter().map(|i| (i + 1).to_string()).collect();
                self.playing.notice = Some(format!(
                    "A tie: options {} have {} each. Facilitator, press the number of the one \
                     to take (or change the votes).",
                    names.join(" and "),
                    votes(count)
                ));
                None
            }
        }
    }

    /// The facilitator's pick among tied options.
    fn break_tie(&mut self, n: usize) -> Option<Screen> {
        let i = n.saturating_sub(1);
        let tied = self
            .group
            .vote
            .as_ref()
            .is_some_and(|v| v.breaks_tie(i) && v.is_for(&self.playing.session));
        if tied {
            return self.take_option(i);
        }
        self.playing.notice = Some(format!(
            "Option {n} is not one of the tied options: press one of theirs."
        ));
        None
    }

    /// Take the option at position `i` (0-based, as shown) for the room, and keep its tally.
    fn take_option(&mut self, i: usize) -> Option<Screen> {
        let vote = self.group.vote.take()?;
        let authored = vote.authored_tallies(&self.playing.session);
        let before = self.playing.session.transcript().len();
        let then = self.playing.choose(i + 1, self.feedback_now, self.storage);
        if self.playing.session.transcript().len() > before {
            if let Some(step) = &mut self.playing.feedback {
                step.votes = Some(authored.clone());
            }
            self.playing.session.record_votes(authored);
            save_progress(self.storage, self.playing);
        } else {
            self.group.vote = Some(vote);
        }
        (then == Then::Debrief).then_some(Screen::Debrief)
    }

    /// Back one step, where that is safe: from feedback to the decision (undoing it, with the
    /// room's votes as they were), from an open vote to the options, from the first decision
    /// to the briefing.
    fn step_back(&mut self) -> Option<Screen> {
        let playing = &mut *self.playing;
        let session = &playing.session;
        if playing.feedback.is_some() {
            let last = session.transcript().len().checked_sub(1)?;
            let votes = session.transcript()[last].votes.clone();
            if playing.session.rewind(last).is_ok() {
                playing.feedback = None;
                playing.notice = None;
                self.group.vote =
                    votes.map(|authored| RoomVote::restored(&playing.session, &authored));
                save_progress(self.storage, playing);
            }
        } else if let Some(v) = self
            .group
            .vote
            .as_mut()
            .filter(|v| v.open && v.is_for(session))
        {
            v.toggle();
        } else if session.transcript().is_empty() {
            return Some(Screen::Briefing);
        }
        None
    }
}

/// The room's vote: each option with its tally as a bar and a count, and buttons to add and
/// take away a vote.
///
/// With phone voting on, the room sees how many have voted but not how, until the facilitator
/// takes the vote (a tie then shows the tied options' counts), so nobody follows the crowd.
pub fn panel(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    session: &crate::play::Session,
    vote: &RoomVote,
    phones_on: bool,
    follow: bool,
) {
    let view = session.current();
    let whole = vote.tally(session);
    let tallies = whole.tallies();
    let total = whole.total();
    let top = tallies.iter().copied().max().unwrap_or(0);
    let hidden = phones_on && vote.tie.is_none();
    let mut panel = parent.spawn(Node {
        flex_direction: FlexDirection::Column,
        row_gap: Val::Px(12.0),
        ..default()
    });
    // Below the scene, the vote is what the room looks at now: scroll it into view. (Beside
    // the scene, on the projector, it is at the top of its column already.)
    if follow {
        panel.insert(Focused);
    }
    panel.with_children(|panel| {
        let mut heading = format!("The room votes  ·  {}", votes(total));
        if phones_on {
            let phones = &vote.phones;
            heading.push_str(&format!(
                "  ·  phones: {} of {} voted",
                phones.voted, phones.joined
            ));
        }
        panel.spawn(look.bold(heading, size::BODY));
        if hidden {
            panel.spawn(look.muted("The count stays hidden until the vote is taken (Enter)."));
        }
        for (i, choice) in view.choices.iter().enumerate() {
            let tally = tallies.get(i).copied().unwrap_or(0);
            let leading = !hidden && tally > 0 && tally == top;
            let tied = vote.tie.as_ref().is_some_and(|t| t.contains(&i));
            let shown = (!hidden).then_some(tally);
            row(panel, look, i, choice, shown, total, leading || tied);
        }
    });
}

/// One option in the room's vote: number and text, add and remove buttons, the count and a bar
/// of its share of the votes.
fn row(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    i: usize,
    choice: &crate::play::ChoiceView,
    tally: Option<u32>,
    total: u32,
    leading: bool,
) {
    let fraction = match tally {
        Some(tally) if total > 0 => tally as f32 / total as f32,
        _ => 0.0,
    };
    let color = if choice.available {
        look.palette.text
    } else {
        look.palette.locked
    };
    parent
        .spawn((VoteRow, look.focus_panel(leading)))
        // Tighter than a panel, so that every option fits on a projector with the vote open.
        .insert(Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(Val::Px(16.0), Val::Px(10.0)),
            row_gap: Val::Px(6.0),
            border: UiRect::all(Val::Px(if leading { 3.0 } else { 1.0 })),
            border_radius: BorderRadius::all(Val::Px(10.0)),
            ..default()
        })
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
            });
            p.spawn(Node {
                column_gap: Val::Px(14.0),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                let count = match (choice.available, tally) {
                    (false, _) => "locked".to_owned(),
                    (true, Some(n)) => votes(n),
                    (true, None) => "hidden".to_owned(),
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
                // Beside the count, so the option's words have the row's whole width.
                if choice.available {
                    row.spawn(Node {
                        flex_shrink: 0.0,
                        column_gap: Val::Px(8.0),
                        ..default()
                    })
                    .with_children(|buttons| {
                        buttons.spawn(look.plain_button("-", VoteAction::RemoveVote(i + 1)));
                        buttons.spawn(look.plain_button("+", VoteAction::AddVote(i + 1)));
                    });
                }
            });
        });
}

/// An option's row in the room's vote (for tests).
#[derive(Component, Debug)]
pub struct VoteRow;

/// An option's vote count, such as `3 votes`.
#[derive(Component, Debug)]
pub struct VoteCount;
