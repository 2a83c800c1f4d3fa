//! The trainee's settings, kept between runs in the user's config folder.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage::{Storage, load_ron, save_ron};

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

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub text_size: TextSize,
    pub feedback: FeedbackTiming,
    pub scores: ScoreVisibility,
}

impl Settings {
    /// The root text size relative to the default.
    pub fn text_scale(&self) -> f32 {
        match self.text_size {
            TextSize::Small => 0.85,
            TextSize::Medium => 1.0,
            TextSize::Large => 1.2,
            TextSize::ExtraLarge => 1.45,
        }
    }

    /// The rows of the settings screen: a name and the current value's label.
    pub fn rows(&self) -> [(&'static str, &'static str); 3] {
        [
            (
                "Text size",
                match self.text_size {
                    TextSize::Small => "Small",
                    TextSize::Medium => "Medium",
                    TextSize::Large => "Large",
                    TextSize::ExtraLarge => "Extra large",
                },
            ),
            (
                "Feedback on each choice",
                match self.feedback {
                    FeedbackTiming::AfterEachChoice => "Straight after the choice",
                    FeedbackTiming::AtDebrief => "Only at the debrief",
                },
            ),
            (
                "Scores",
                match self.scores {
                    ScoreVisibility::DuringPlay => "Shown during play",
                    ScoreVisibility::AtDebrief => "Only at the debrief",
                },
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
            _ => {}
        }
    }
}

/// Where settings and progress are stored.
#[derive(Resource, Clone, Debug)]
pub struct StorageDirs(pub Storage);

fn load_settings(mut commands: Commands, storage: Res<StorageDirs>) {
    let settings = load_ron::<Settings>(&storage.0.settings_file()).unwrap_or_default();
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
