//! Screenshot mode (`rapport --screenshots DIR`): walks through every screen by pressing keys,
//! at several window sizes, saves a PNG of each, and exits; non-zero if a PNG came out blank.
//! `scripts/screenshots.sh` runs it under Xvfb.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy::window::PrimaryWindow;

use super::key_press;
use crate::app::group::DiscussionTimer;
use crate::app::group::presenter::PresenterWindow;
use crate::app::library::LibraryIndex;
use crate::app::playing::Playing;
use crate::app::screen::Screen;

/// One step of a walk through the app.
#[derive(Clone, Debug)]
pub enum ShotStep {
    WaitForLibrary,
    Wait(u32),
    Key(KeyCode),
    Resize(u32, u32),
    Shot(&'static str),
    /// A PNG of the presenter window (opened with F6 first).
    PresenterShot(&'static str),
    /// Let the running discussion timer run out (rather than wait two minutes).
    RunOutTimer,
    /// Take the first available choice and continue, until the debrief.
    PlayToEnd,
    /// Type these characters, as a keyboard does (into the text field that has the focus).
    Type(&'static str),
}

/// The walk, and where its PNGs go.
#[derive(Resource, Debug)]
pub struct ShotPlan {
    pub dir: PathBuf,
    pub steps: std::collections::VecDeque<ShotStep>,
    wait: u32,
    blank: Arc<AtomicUsize>,
    saved: Arc<AtomicUsize>,
    taken: usize,
}

impl ShotPlan {
    pub fn new(dir: PathBuf, steps: Vec<ShotStep>) -> Self {
        Self {
            dir,
            steps: steps.into(),
            wait: 0,
            blank: Arc::default(),
            saved: Arc::default(),
            taken: 0,
        }
    }

    /// Every screen, at the default size, then the smallest and largest supported sizes and
    /// the largest text size.
    pub fn every_screen(dir: PathBuf) -> Self {
        use KeyCode::*;
        use ShotStep::*;
        let mut steps = vec![
            WaitForLibrary,
            Resize(1280, 800),
            Wait(30),
            Shot("01-library"),
            Key(Enter),
            Shot("02-briefing"),
            Key(Enter),
            Shot("03-play"),
        ];
        steps.extend([
            Key(Digit1),
            Shot("04-feedback"),
            Key(Space),
            Key(Escape),
            Shot("05-menu"),
            Key(Escape),
        ]);
        steps.extend([
            PlayToEnd,
            Wait(10),
            Shot("06-debrief"),
            Key(PageDown),
            Key(PageDown),
            Shot("07-debrief-path"),
        ]);
        // The reflection, typed for real, then "My practice" and the attempt opened again.
        steps.extend([
            Key(KeyW),
            Type("I spoke to Kai, not to her. Next time I ask her first."),
            Key(Tab),
            Type("Book a qualified interpreter before anything about her care."),
            Wait(10),
            Shot("07b-debrief-reflection"),
            Key(Escape),
            Key(KeyL),
            Key(KeyM),
            Wait(10),
            Shot("07c-my-practice"),
            Key(Enter),
            Wait(10),
            Key(KeyW),
            Key(Escape),
            Wait(10),
            Shot("07d-my-practice-debrief"),
            Key(Escape),
            Key(KeyY),
            Wait(10),
            Shot("07e-sharing"),
            Key(Escape),
            Key(Escape),
        ]);
        steps.extend([Key(KeyS), Shot("08-settings"), Key(Escape)]);
        steps.extend([
            Resize(1024, 600),
            Shot("09-library-1024x600"),
            Key(Enter),
            Key(Enter),
            Shot("10-play-1024x600"),
            Key(Digit2),
            Shot("11-feedback-1024x600"),
        ]);
        steps.extend([
            Key(Escape),
            Key(KeyL),
            Resize(3840, 2160),
            Shot("12-library-3840x2160"),
            Key(Enter),
            Key(Enter),
            Shot("13-play-3840x2160"),
        ]);
        steps.extend([
            Key(Escape),
            Key(KeyS),
            Key(ArrowRight),
            Key(ArrowRight),
            Key(Escape),
            Resize(1280, 800),
            Shot("14-play-extra-large-text"),
            // "My practice" at the largest text, then back into play for the group session.
            Key(Escape),
            Key(KeyL),
            Key(KeyM),
            Wait(10),
            Shot("14b-my-practice-extra-large-text"),
            // The debrief's chart at the largest text: the rows stay in line.
            Key(Escape),
            Key(Enter),
            Key(Enter),
            PlayToEnd,
            Wait(10),
            Key(PageDown),
            Wait(10),
            Shot("14c-debrief-chart-extra-large-text"),
            Key(KeyL),
            Key(Enter),
            Key(Enter),
        ]);
        // Back to medium text, then a group session on a 1280x720 projector.
        steps.extend([
            Key(Escape),
            Key(KeyS),
            Key(ArrowLeft),
            Key(ArrowLeft),
            Key(Escape),
            Resize(1280, 720),
            Key(F5),
            Wait(10),
            Shot("15-projector-play-1280x720"),
            // A clicker's PageDown first brings the options into view.
            Key(PageDown),
            Wait(10),
            Shot("15b-projector-options-1280x720"),
            Key(KeyV),
            Key(Digit1),
            Key(Digit2),
            Key(Digit2),
            Key(Digit3),
            Key(KeyT),
            Wait(30),
            Shot("16-projector-vote-1280x720"),
            Key(F6),
            Wait(30),
            PresenterShot("17-presenter-window"),
            Key(F6),
            Key(Enter),
            Shot("18-projector-feedback-1280x720"),
            Key(KeyH),
            Shot("19-projector-help-1280x720"),
            Key(KeyH),
            Key(Space),
            Resize(1920, 1080),
            Key(KeyN),
            Shot("20-projector-notes-1920x1080"),
            Key(KeyN),
            Key(KeyR),
            Shot("21-projector-scores-1920x1080"),
            // The presenter view keeps its size when the room's window is larger.
            Key(F6),
            Wait(30),
            PresenterShot("21b-presenter-window-room-1920x1080"),
            Key(F6),
            PlayToEnd,
            Wait(10),
            Shot("22-projector-debrief-1920x1080"),
            Key(PageDown),
            Key(PageDown),
            Key(PageDown),
            Shot("23-projector-debrief-votes-1920x1080"),
            Key(KeyL),
            Shot("24-projector-library-1920x1080"),
            Key(Enter),
            Shot("25-projector-briefing-1920x1080"),
            Key(F6),
            Wait(30),
            PresenterShot("25b-presenter-briefing"),
            Key(F6),
            Resize(1280, 720),
            Key(Enter),
            Key(KeyT),
            RunOutTimer,
            Wait(10),
            Shot("26-projector-time-up-1280x720"),
            PlayToEnd,
            Wait(10),
            Shot("27-projector-debrief-1280x720"),
            // Phone voting: the join card on the library, then a vote the phones can join.
            Key(KeyL),
            Key(KeyQ),
            Wait(30),
            Shot("28-projector-phones-library-1280x720"),
            Key(Enter),
            Key(Enter),
            Key(KeyV),
            Wait(10),
            Shot("29-projector-phones-vote-1280x720"),
            Key(KeyQ),
        ]);
        Self::new(dir, steps)
    }
}

pub(in crate::app) fn plugin(app: &mut App) {
    app.add_systems(Update, run_plan.run_if(resource_exists::<ShotPlan>));
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: the tour drives every part of the app it photographs"
)]
fn run_plan(
    mut commands: Commands,
    mut plan: ResMut<ShotPlan>,
    index: Res<LibraryIndex>,
    mut window: Single<(Entity, &mut Window), With<PrimaryWindow>>,
    mut keys: MessageWriter<KeyboardInput>,
    mut exit: MessageWriter<AppExit>,
    playing: Option<Res<Playing>>,
    screen: Res<State<Screen>>,
    presenter: Res<PresenterWindow>,
    mut timer: ResMut<DiscussionTimer>,
) {
    if plan.wait > 0 {
        plan.wait -= 1;
        return;
    }
    let Some(step) = plan.steps.pop_front() else {
        let saved = plan.saved.load(Ordering::SeqCst);
        if saved < plan.taken {
            plan.wait = 5; // still saving
            return;
        }
        let blank = plan.blank.load(Ordering::SeqCst);
        if blank > 0 {
            error!("{blank} screenshot(s) came out blank");
            exit.write(AppExit::from_code(3));
        } else {
            info!("saved {saved} screenshots in {}", plan.dir.display());
            exit.write(AppExit::Success);
        }
        return;
    };
    match &step {
        ShotStep::WaitForLibrary => {
            if !index.loaded {
                plan.steps.push_front(ShotStep::WaitForLibrary);
                plan.wait = 2;
            }
        }
        ShotStep::Wait(frames) => plan.wait = *frames,
        ShotStep::RunOutTimer => {
            timer.0.tick(std::time::Duration::MAX);
        }
        ShotStep::PlayToEnd => {
            let Some(playing) = playing.filter(|_| *screen.get() == Screen::Play) else {
                return; // reached the debrief (or left play)
            };
            plan.steps.push_front(ShotStep::PlayToEnd);
            let key = if playing.feedback.is_some() {
                KeyCode::Space
            } else {
                let view = playing.session.current();
                let Some(shown) = view.choices.iter().position(|c| c.available) else {
                    return;
                };
                [
                    KeyCode::Digit1,
                    KeyCode::Digit2,
                    KeyCode::Digit3,
                    KeyCode::Digit4,
                    KeyCode::Digit5,
                ][shown.min(4)]
            };
            keys.write_batch(key_press(key, window.0));
            plan.wait = 4;
        }
        ShotStep::Key(key) => {
            keys.write_batch(key_press(*key, window.0));
            plan.wait = 4;
        }
        ShotStep::Type(text) => {
            keys.write_batch(text.chars().flat_map(|c| super::typed(c, window.0)));
            plan.wait = 4;
        }
        ShotStep::Resize(w, h) => {
            window.1.resolution.set(*w as f32, *h as f32);
            plan.wait = 20;
        }
        ShotStep::Shot(name) | ShotStep::PresenterShot(name) => {
            let shot = match (&step, presenter.window) {
                (ShotStep::PresenterShot(_), Some(window)) => Screenshot::window(window),
                (ShotStep::PresenterShot(_), None) => {
                    error!("no presenter window for {name}");
                    exit.write(AppExit::from_code(3));
                    return;
                }
                _ => Screenshot::primary_window(),
            };
            let path = plan.dir.join(format!("{name}.png"));
            let (blank, saved) = (Arc::clone(&plan.blank), Arc::clone(&plan.saved));
            commands.spawn(shot).observe(save_to_disk(path)).observe(
                move |shot: On<ScreenshotCaptured>| {
                    if is_blank(&shot.image) {
                        blank.fetch_add(1, Ordering::SeqCst);
                    }
                    saved.fetch_add(1, Ordering::SeqCst);
                },
            );
            plan.taken += 1;
            plan.wait = 8;
        }
    }
}

/// Whether every pixel of the image is the same colour.
fn is_blank(image: &Image) -> bool {
    let Some(data) = image.data.as_deref() else {
        return true;
    };
    let Some(first) = data.get(..4) else {
        return true;
    };
    data.chunks_exact(4).all(|px| px == first)
}
