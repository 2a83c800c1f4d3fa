#![allow(
    dead_code,
    reason = "each test file uses a different part of the support module"
)]

//! A headless Rapport app for tests: no window, no renderer, the real plugins, real key presses.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput, NativeKey};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use rapport::app::RapportPlugin;
use rapport::app::dev::key_press;
use rapport::app::group::presenter::PresenterRoot;
use rapport::app::library::{LibraryIndex, register_source};
use rapport::app::playing::Playing;
use rapport::app::screen::Screen;
use rapport::storage::Storage;

/// A library folder in a temporary directory, with the bundled catalogue and the given files.
pub struct TempLibrary {
    pub dir: tempfile::TempDir,
}

impl TempLibrary {
    pub fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("scenarios");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::copy("scenarios/principles.ron", lib.join("principles.ron")).unwrap();
        for (name, text) in files {
            let path = lib.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Self { dir }
    }

    /// With the bundled first-morning scenario.
    pub fn with_first_morning(extra: &[(&str, &str)]) -> Self {
        let text = std::fs::read_to_string("scenarios/home-care/first-morning.ron").unwrap();
        let mut files = vec![("home-care/first-morning.ron", text.as_str())];
        files.extend_from_slice(extra);
        Self::new(&files)
    }

    pub fn scenarios(&self) -> PathBuf {
        self.dir.path().join("scenarios")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
}

/// Build the app on a library folder and a home folder for settings and progress.
pub fn app(scenarios: &Path, home: &Path) -> App {
    build(scenarios, home, false)
}

/// The app, watching the library folder for edits (live reload).
pub fn watching_app(scenarios: &Path, home: &Path) -> App {
    build(scenarios, home, true)
}

/// The app, with `configure` run on it before its first update (as the command line does).
pub fn app_with(scenarios: &Path, home: &Path, configure: impl FnOnce(&mut App)) -> App {
    build_with(scenarios, home, false, configure)
}

fn build(scenarios: &Path, home: &Path, watch: bool) -> App {
    build_with(scenarios, home, watch, |_| {})
}

fn build_with(scenarios: &Path, home: &Path, watch: bool, configure: impl FnOnce(&mut App)) -> App {
    let mut app = App::new();
    register_source(&mut app, scenarios);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            file_path: concat!(env!("CARGO_MANIFEST_DIR"), "/assets").to_owned(),
            watch_for_changes_override: Some(watch),
            ..default()
        },
        InputPlugin,
    ));
    app.init_asset::<Font>();
    app.init_asset::<Image>();
    app.add_plugins(RapportPlugin {
        storage: Storage::under(home),
    });
    configure(&mut app);
    app.update();
    app
}

/// Update until the library has loaded every file (or fail after a few seconds).
pub fn wait_for_library(app: &mut App) {
    let started = Instant::now();
    loop {
        app.update();
        let index = app.world().resource::<LibraryIndex>();
        if index.loaded && !index.entries.is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the library did not load"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(app);
}

/// A few updates, for state transitions and redraws to take effect.
pub fn settle(app: &mut App) {
    for _ in 0..4 {
        app.update();
    }
}

/// Update until `check` holds (or fail after `seconds`), sleeping a little between updates so
/// file watchers and loaders can run.
pub fn update_until(
    app: &mut App,
    seconds: u64,
    what: &str,
    mut check: impl FnMut(&mut App) -> bool,
) {
    let started = Instant::now();
    while !check(app) {
        assert!(
            started.elapsed() < Duration::from_secs(seconds),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
        app.update();
    }
}

/// Press and release a key, as the window would report it.
pub fn press(app: &mut App, key: KeyCode) {
    let window = Entity::PLACEHOLDER;
    app.world_mut().write_message_batch(key_press(key, window));
    settle(app);
}

pub fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Every text on screen, in no particular order.
pub fn texts(app: &mut App) -> Vec<String> {
    let mut q = app.world_mut().query::<&Text>();
    q.iter(app.world()).map(|t| t.0.clone()).collect()
}

/// Whether some text on screen contains `needle`.
pub fn shows(app: &mut App, needle: &str) -> bool {
    texts(app).iter().any(|t| t.contains(needle))
}

/// Fail with the texts on screen when `needle` is not shown.
#[track_caller]
pub fn assert_shows(app: &mut App, needle: &str) {
    let all = texts(app);
    assert!(
        all.iter().any(|t| t.contains(needle)),
        "{needle:?} is not on screen; it shows:\n{}",
        all.join("\n")
    );
}

/// The number keys 1 to 5, by position (0-based).
pub const DIGIT_KEYS: [KeyCode; 5] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
];

/// The session in play.
pub fn playing(app: &App) -> &Playing {
    app.world().resource::<Playing>()
}

/// Texts the room sees: everything not in the presenter window.
pub fn room_texts(app: &mut App) -> Vec<String> {
    let mut presenter = app
        .world_mut()
        .query_filtered::<Entity, With<PresenterRoot>>();
    let roots: Vec<Entity> = presenter.iter(app.world()).collect();
    let mut q = app.world_mut().query::<(Entity, &Text)>();
    let mut parents = app.world_mut().query::<&ChildOf>();
    let all: Vec<(Entity, String)> = q.iter(app.world()).map(|(e, t)| (e, t.0.clone())).collect();
    all.into_iter()
        .filter(|(e, _)| {
            let mut at = *e;
            loop {
                if roots.contains(&at) {
                    return false;
                }
                match parents.get(app.world(), at) {
                    Ok(parent) => at = parent.parent(),
                    Err(_) => return true,
                }
            }
        })
        .map(|(_, t)| t)
        .collect()
}

/// Hold Shift while pressing `key`.
pub fn press_shifted(app: &mut App, key: KeyCode) {
    let event = |key_code, state| KeyboardInput {
        key_code,
        logical_key: Key::Unidentified(NativeKey::Unidentified),
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    };
    app.world_mut().write_message_batch([
        event(KeyCode::ShiftLeft, ButtonState::Pressed),
        event(key, ButtonState::Pressed),
        event(key, ButtonState::Released),
    ]);
    settle(app);
    app.world_mut()
        .write_message(event(KeyCode::ShiftLeft, ButtonState::Released));
    settle(app);
}

/// Press the number of the first available choice shown, and return the authored choice number.
pub fn choose_first_available(app: &mut App) -> usize {
    let view = playing(app).session.current();
    let shown = view
        .choices
        .iter()
        .position(|c| c.available)
        .expect("an available choice");
    let number = view.choices[shown].number;
    press(app, DIGIT_KEYS[shown]);
    number
}

/// From the library, open the first scenario and start it.
pub fn open_first_scenario(app: &mut App) {
    wait_for_library(app);
    assert_eq!(screen(app), Screen::Library);
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Briefing);
    press(app, KeyCode::Enter);
    assert_eq!(screen(app), Screen::Play);
}

/// Take the first open choice and continue until the debrief.
pub fn play_to_debrief(app: &mut App) {
    for _ in 0..40 {
        if screen(app) != Screen::Play {
            break;
        }
        if playing(app).feedback.is_some() {
            press(app, KeyCode::Space);
        } else {
            choose_first_available(app);
        }
    }
    assert_eq!(screen(app), Screen::Debrief);
}
