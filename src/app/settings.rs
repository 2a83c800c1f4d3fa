//! The trainee's settings, kept between runs in the user's config folder.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::playing::StateProblems;
use crate::storage::{Storage, load_state, save_ron};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PreStartup, load_settings);
    app.add_systems(Last, save_settings.run_if(resource_changed::<Settings>));
}

/// How large text is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextSize {
    Small,
    #[default]
    Medium,
    Large,
    ExtraLarge,
}

/// When feedback on a choice is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedbackTiming {
    #[default]
    AfterEachChoice,
    AtDebrief,
}

/// When the score meters are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoreVisibility {
    #[default]
    DuringPlay,
    AtDebrief,
}

#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub text_size: TextSize,
    pub feedback: FeedbackTiming,
    pub scores: ScoreVisibility,
    /// The group preset for a projector (`--projector`, F5): large text, high contrast, scores
    /// hidden until revealed, votes. Not kept between runs: a trainee who opens Rapport after
    /// a group session finds it as they left it for themselves.
    #[serde(skip)]
    pub group: bool,
    /// Phone voting in a group session (`--phones`, Q): the room votes from their own phones.
    /// Not kept between runs either: the server listens only when a facilitator asks.
    #[serde(skip)]
    pub phones: bool,
    /// Phones may give a first name, shown only in the facilitator's presenter view.
    #[serde(skip)]
    pub phone_names: bool,
    /// The discussion timer's length in group sessions, in minutes.
    pub timer_minutes: u32,
    /// Where practice records are sent (an organisation's learning record store) and as whom:
    /// kept as it is, so that saving a setting in the app never loses it.
    pub sharing: crate::records::sharing::Sharing,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            text_size: TextSize::default(),
            feedback: FeedbackTiming::default(),
            scores: ScoreVisibility::default(),
            group: false,
            phones: false,
            phone_names: false,
            timer_minutes: 2,
            sharing: crate::records::sharing::Sharing::default(),
        }
    }
}

/// The discussion timer lengths offered, in minutes.
pub const TIMER_MINUTES: [u32; 6] = [1, 2, 3, 5, 10, 15];

/// The projector preset's text scale: the spoken line's capitals are at least 1/25 of the
/// window's height on a 1280x720 projector (see `tests/app_group.rs`).
pub const PROJECTOR_TEXT_SCALE: f32 = 1.5;

impl Settings {
    /// Put a value the app does not offer back to its default, and say so.
    pub fn bound(&mut self) -> Option<String> {
        if TIMER_MINUTES.contains(&self.timer_minutes) {
            return None;
        }
        let was = self.timer_minutes;
        self.timer_minutes = Settings::default().timer_minutes;
        Some(format!(
            "The discussion timer was set to {was} minutes, which Rapport does not \
                offer; it is back to {} minutes.",
            self.timer_minutes
        ))
    }

    /// The root text size relative to the default; the projector preset starts larger and the
    /// trainee's size still counts on top of it.
    pub fn text_scale(&self) -> f32 {
        let chosen: f32 = match self.text_size {
            TextSize::Small => 0.85,
            TextSize::Medium => 1.0,
            TextSize::Large => 1.2,
            TextSize::ExtraLarge => 1.45,
        };
        if self.group {
            PROJECTOR_TEXT_SCALE * chosen.max(1.0)
        } else {
            chosen
        }
    }

    /// The discussion timer's length.
    pub fn timer(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.timer_minutes.max(1)) * 60)
    }

    /// Whether the score meters and changes are shown during play: in a group session only when
    /// the facilitator has revealed them.
    pub fn scores_shown(&self, revealed: bool) -> bool {
        if self.group {
            revealed
        } else {
            self.scores == ScoreVisibility::DuringPlay
        }
    }

    /// Whether feedback follows each choice: always in a group session, where the room has
    /// just decided together.
    pub fn feedback_now(&self) -> bool {
        self.group || self.feedback == FeedbackTiming::AfterEachChoice
    }

    /// The rows of the settings screen: a name and the current value's label.
    pub fn rows(&self) -> [(&'static str, String); 7] {
        [
            (
                "Text size",
                match self.text_size {
                    TextSize::Small => "Small",
                    TextSize::Medium => "Medium",
                    TextSize::Large => "Large",
                    TextSize::ExtraLarge => "Extra large",
                }
                .into(),
            ),
            (
                "Feedback on each choice",
                match self.feedback {
                    FeedbackTiming::AfterEachChoice => "Straight after the choice",
                    FeedbackTiming::AtDebrief => "Only at the debrief",
                }
                .into(),
            ),
            (
                "Scores",
                match self.scores {
                    ScoreVisibility::DuringPlay => "Shown during play",
                    ScoreVisibility::AtDebrief => "Only at the debrief",
                }
                .into(),
            ),
            (
                "Group session on a projector (F5)",
                if self.group {
                    "On: large text, high contrast, votes"
                } else {
                    "Off: one trainee at a desk"
                }
                .into(),
            ),
            (
                "Discussion timer (T in a group session)",
                format!("{} min", self.timer_minutes),
            ),
            (
                "Phone voting (Q in a group session)",
                if self.phones {
                    "On: the room votes from their phones"
                } else {
                    "Off: count hands"
                }
                .into(),
            ),
            (
                "First names on phones",
                if self.phone_names {
                    "Asked: shown only in the presenter window"
                } else {
                    "Not asked: phones stay anonymous"
                }
                .into(),
            ),
        ]
    }

    /// Step setting `row` forward (`+1`) or back (`-1`), wrapping around.
    pub fn step(&mut self, row: usize, by: isize) {
        fn cycle<T: Copy + PartialEq>(all: &[T], now: T, by: isize) -> T {
            let i = all.iter().position(|x| *x == now).unwrap_or(0) as isize;
            all[(i + by).rem_euclid(all.len() as isize) as usize]
        }
        match row {
            0 => {
                self.text_size = cycle(
                    &[
                        TextSize::Small,
                        TextSize::Medium,
                        TextSize::Large,
                        TextSize::ExtraLarge,
                    ],
                    self.text_size,
                    by,
                );
            }
            1 => {
                self.feedback = cycle(
                    &[FeedbackTiming::AfterEachChoice, FeedbackTiming::AtDebrief],
                    self.feedback,
                    by,
                );
            }
            2 => {
                self.scores = cycle(
                    &[ScoreVisibility::DuringPlay, ScoreVisibility::AtDebrief],
                    self.scores,
                    by,
                );
            }
            3 => self.group = !self.group,
            4 => self.timer_minutes = cycle(&TIMER_MINUTES, self.timer_minutes, by),
            5 => {
                self.phones = !self.phones;
                // Phone voting is for a group session: turning it on starts one.
                self.group |= self.phones;
            }
            6 => self.phone_names = !self.phone_names,
            _ => {}
        }
    }
}

/// Where settings and progress are stored.
#[derive(Resource, Clone, Debug)]
pub struct StorageDirs(pub Storage);

/// Read the settings: a damaged file is kept aside, every value that still reads is kept, and
/// the trainee is told once.
fn load_settings(
    mut commands: Commands,
    storage: Res<StorageDirs>,
    mut problems: ResMut<StateProblems>,
) {
    let loaded = load_state::<Settings>(&storage.0.settings_file(), true);
    if let Some(problem) = loaded.problem("settings") {
        warn!("{problem}");
        problems.0.push(format!(
            "{problem} The settings that could be read were kept."
        ));
    }
    let mut settings = loaded.value().unwrap_or_default();
    if let Some(problem) = settings.bound() {
        problems.0.push(problem);
    }
    commands.insert_resource(settings);
}

fn save_settings(settings: Res<Settings>, storage: Res<StorageDirs>) {
    if settings.is_added() {
        return;
    }
    if let Err(e) = save_ron(&storage.0.settings_file(), &*settings) {
        warn!(
            "could not save settings to {}: {e}",
            storage.0.settings_file().display()
        );
    }
}
