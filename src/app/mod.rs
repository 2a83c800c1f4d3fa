//! The Bevy app: a thin shell over the core. It shows what the session says and never computes
//! scores itself. One plugin per screen or concern.

mod a11y;
pub mod dev;
pub mod group;
mod help;
pub mod input;
pub mod library;
pub mod playing;
pub mod practice;
pub mod reload;
pub mod screen;
pub mod screens;
pub mod settings;
pub mod theme;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::{EventLoopProxyWrapper, UpdateMode, WinitSettings, WinitUserEvent};

use crate::cli::AppArgs;
use crate::storage::Storage;
use settings::StorageDirs;

/// Everything the app needs to know at start-up.
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub scenarios: PathBuf,
    pub storage: Storage,
}

/// The app's plugins, without windowing or rendering: what headless tests add to
/// `MinimalPlugins`. Register the library source first (see [`library::register_source`]).
pub struct RapportPlugin {
    pub storage: Storage,
}

impl Plugin for RapportPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(StorageDirs(self.storage.clone()));
        app.init_resource::<UiScale>();
        // Text fields take the keyboard focus (the windowed app's input plugins add it too).
        app.init_resource::<bevy::input_focus::InputFocus>();
        app.init_resource::<bevy::text::RemSize>();
        if !app
            .world()
            .contains_resource::<Messages<bevy::window::WindowResized>>()
        {
            app.add_message::<bevy::window::WindowResized>();
        }
        app.init_resource::<Launch>();
        app.add_systems(Startup, apply_launch);
        app.add_plugins((
            screen::plugin,
            settings::plugin,
            theme::plugin,
            input::plugin,
            a11y::plugin,
            library::plugin,
            playing::plugin,
            practice::plugin,
            reload::plugin,
            screens::plugin,
            group::plugin,
            help::plugin,
            dev::shots::plugin,
        ));
    }
}

/// What the command line asked for at launch: `--projector`, `--presenter-window`, `--author`,
/// `--phones`.
#[derive(Resource, Default, Debug, Clone)]
pub struct Launch {
    pub projector: bool,
    pub presenter_window: bool,
    pub author: bool,
    pub phones: bool,
}

fn apply_launch(
    launch: Res<Launch>,
    mut settings: ResMut<settings::Settings>,
    mut author: ResMut<screens::play::author::AuthorPanel>,
    mut presenter: ResMut<group::presenter::PresenterWindow>,
) {
    if (launch.projector || launch.phones) && !settings.group {
        settings.group = true;
    }
    if launch.phones {
        settings.phones = true;
    }
    if launch.author {
        author.open = true;
    }
    if launch.presenter_window {
        presenter.wanted = true;
    }
}

/// Open the app window on the scenario library.
pub fn run(args: AppArgs) -> ExitCode {
    let launched = std::time::Instant::now();
    // The screenshot tour shows phone voting on this machine only.
    let loopback = args
        .screenshots
        .is_some()
        .then(|| ([127, 0, 0, 1], 0).into());
    let phones_addr = args.phones_addr.or(loopback);
    let Some(scenarios) = scenarios_dir(args.scenarios.as_deref()) else {
        eprintln!(
            "rapport: no scenarios folder found{}. Start Rapport from its folder, \
                or give one with --scenarios DIR.",
            args.scenarios
                .map(|p| format!(" at {}", p.display()))
                .unwrap_or_default()
        );
        return ExitCode::from(2);
    };
    let config = AppConfig {
        scenarios,
        storage: Storage::from_env(),
    };
    let mut app = App::new();
    // A system that fails says so in the log and the app goes on: nothing a file or a disk
    // does may close the trainee's window.
    app.set_error_handler(bevy::ecs::error::warn);
    library::register_source(&mut app, &config.scenarios);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: WindowResolution::new(1280, 800),
                    ..default()
                }),
                // Closing the room's window ends the session even with the presenter window open.
                exit_condition: bevy::window::ExitCondition::OnPrimaryClosed,
                ..default()
            })
            .set(bevy::render::RenderPlugin {
                // wgpu's default reserves GPU memory in blocks of 64-256 MB for speed; a text
                // UI needs a few MB, and on integrated or software GPUs that memory is RAM.
                render_creation: bevy::render::settings::WgpuSettings {
                    memory_hints: bevy::render::settings::MemoryHints::MemoryUsage,
                    ..default()
                }
                .into(),
                ..default()
            })
            .set(AssetPlugin {
                file_path: assets_dir().to_string_lossy().into_owned(),
                watch_for_changes_override: Some(true),
                ..default()
            }),
    );
    // Bevy's text input reads pointer releases, which only Bevy's picking would register.
    app.add_message::<bevy_picking::events::Pointer<bevy_picking::events::Release>>();
    app.add_systems(Update, fit_window_to_screen);
    if let Some(dir) = args.screenshots {
        let _ = std::fs::create_dir_all(&dir);
        app.insert_resource(dev::shots::ShotPlan::every_screen(dir));
        app.insert_resource(WinitSettings::continuous());
    } else {
        // Redraw only on input or change, so a laptop on a projector stays cool; a watcher
        // wakes the app when a scenario file changes, for live reload.
        app.insert_resource(WinitSettings {
            focused_mode: UpdateMode::reactive(IDLE_WAIT),
            unfocused_mode: UpdateMode::reactive_low_power(IDLE_WAIT),
        });
        app.add_systems(Startup, wake_on_library_changes);
    }
    app.insert_resource(ClearColor(theme::Palette::calm().background));
    app.add_plugins(RapportPlugin {
        storage: config.storage,
    });
    app.insert_resource(Launch {
        projector: args.projector,
        presenter_window: args.presenter_window,
        author: args.author,
        phones: args.phones,
    });
    app.insert_resource(group::phones::PhonesAddr(phones_addr));
    app.insert_resource(Launched(launched));
    app.add_systems(Startup, spawn_camera);
    app.add_systems(
        Last,
        report_first_interactive_frame.run_if(resource_exists::<Launched>),
    );
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// When the process started, until the first interactive frame has been reported.
#[derive(Resource)]
struct Launched(std::time::Instant);

/// Log how long it took from launch to a library the trainee can use (measured for the
/// start-up goal of one second).
fn report_first_interactive_frame(
    mut commands: Commands,
    launched: Res<Launched>,
    index: Res<library::LibraryIndex>,
    texts: Query<(), With<Text>>,
) {
    if index.loaded && !texts.is_empty() {
        info!(
            "first interactive frame {} ms after launch",
            launched.0.elapsed().as_millis()
        );
        commands.remove_resource::<Launched>();
    }
}

/// The window opens at 1280x800 unless the screen it is on is smaller (a 1280x720 projector):
/// then it fits the screen, with room left for the desktop's panels. Done once, when the screen
/// is known.
fn fit_window_to_screen(
    monitors: Query<&bevy::window::Monitor, With<bevy::window::PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else {
        return;
    };
    *done = true;
    let scale = monitor.scale_factor.max(0.1) as f32;
    let screen = (
        monitor.physical_width as f32 / scale,
        monitor.physical_height as f32 / scale,
    );
    let now = (window.resolution.width(), window.resolution.height());
    let fit = fitted(now, screen);
    if fit != now {
        info!(
            "the screen is {}x{}: the window opens at {}x{}",
            screen.0, screen.1, fit.0, fit.1
        );
        window.resolution.set(fit.0, fit.1);
    }
}

/// Room left for a desktop's panels and the window's title bar.
const SCREEN_MARGIN: f32 = 48.0;

/// The window's size on a screen of `screen` size: as it is when it fits, else the screen less
/// a margin for the desktop's panels.
pub fn fitted(window: (f32, f32), screen: (f32, f32)) -> (f32, f32) {
    if screen.0 <= 0.0 || screen.1 <= 0.0 {
        return window;
    }
    let fit = |want: f32, room: f32| {
        if want + SCREEN_MARGIN <= room {
            want
        } else {
            (room - SCREEN_MARGIN).max(room * 0.8).floor()
        }
    };
    (fit(window.0, screen.0), fit(window.1, screen.1))
}

/// How long the app sleeps when nothing happens.
pub(crate) const IDLE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Watch the library folder on a thread of its own and wake the event loop for a moment after
/// each change, so the asset server's reload reaches the screen while the app is idle.
fn wake_on_library_changes(proxy: Res<EventLoopProxyWrapper>, root: Res<library::LibraryRoot>) {
    use notify::Watcher as _;
    let proxy = (**proxy).clone();
    let dir = root.0.clone();
    let spawned = std::thread::Builder::new()
        .name("rapport-library-watch".into())
        .spawn(move || {
            let (tx, rx) = std::sync::mpsc::channel();
            let Ok(mut watcher) = notify::recommended_watcher(tx) else {
                return;
            };
            if watcher
                .watch(&dir, notify::RecursiveMode::Recursive)
                .is_err()
            {
                return;
            }
            for event in rx {
                // Only changes matter: reading a file (the asset server does) must not wake anyone.
                let Ok(event) = event else {
                    continue;
                };
                if !(event.kind.is_modify() || event.kind.is_create() || event.kind.is_remove()) {
                    continue;
                }
                // The asset server debounces and reloads on its own threads; keep waking the loop
                // for a couple of seconds so its result is drawn promptly.
                for _ in 0..20 {
                    if proxy.send_event(WinitUserEvent::WakeUp).is_err() {
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            }
        });
    if let Err(e) = spawned {
        warn!(
            "live reload will wait for the next input: cannot watch {}: {e}",
            root.0.display()
        );
    }
}

/// The room's camera: every screen's UI draws through it (the presenter window has its own).
fn spawn_camera(mut commands: Commands) {
    // No multisampling: the UI draws its own smooth edges, and a 4x multisampled target would
    // cost four times the window's pixels in memory.
    commands.spawn((Camera2d, IsDefaultUiCamera, Msaa::Off));
}

/// The first folder that exists of: the one given, `scenarios/` next to the executable (and
/// the folders above it, for `target/release/rapport`), `scenarios/` in the current folder, and
/// the one in the source tree this was built from.
pub fn scenarios_dir(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = given {
        return dir.is_dir().then(|| absolute(dir));
    }
    let candidates = exe_dirs()
        .into_iter()
        .map(|d| d.join("scenarios"))
        .chain(std::env::current_dir().ok().map(|d| d.join("scenarios")))
        .chain(std::iter::once(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        ));
    candidates
        .into_iter()
        .find(|d| d.is_dir())
        .map(|d| absolute(&d))
}

/// The `assets/` folder: next to the executable or above it, else the source tree's.
fn assets_dir() -> PathBuf {
    exe_dirs()
        .into_iter()
        .map(|d| d.join("assets"))
        .find(|d| d.join("fonts").is_dir())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"))
}

/// The executable's folder and the three above it (`target/release/` sits two below the
/// project).
fn exe_dirs() -> Vec<PathBuf> {
    std::env::current_exe()
        .map(|exe| {
            exe.ancestors()
                .skip(1)
                .take(4)
                .map(Path::to_path_buf)
                .collect()
        })
        .unwrap_or_default()
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::fitted;

    #[test]
    fn the_window_fits_a_small_screen_and_keeps_its_size_on_a_large_one() {
        assert_eq!(fitted((1280.0, 800.0), (1920.0, 1080.0)), (1280.0, 800.0));
        assert_eq!(fitted((1280.0, 800.0), (1280.0, 720.0)), (1232.0, 672.0));
        assert_eq!(fitted((1280.0, 800.0), (1024.0, 600.0)), (976.0, 552.0));
        // An unknown screen changes nothing.
        assert_eq!(fitted((1280.0, 800.0), (0.0, 0.0)), (1280.0, 800.0));
    }
}
