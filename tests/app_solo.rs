//! A trainee alone at the desk, headless: the highlight starts on an open choice, U undoes the
//! last decision, the debrief's first Up picks the last decision, resuming after a crash shows
//! the feedback that was not yet read, and a change of screen asks for the next frame at once
//! (the app sleeps between inputs otherwise). Restart showing the briefing is in app_journey.

mod support;

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use rapport::app::dev::key_press;
use rapport::app::screen::Screen;
use rapport::app::screens::play::PlayFocus;
use support::app::*;

/// A first decision whose first option is locked until a flag is set.
const LOCKED_FIRST: &str = r#"(
    id: "locked-first",
    title: "Locked first",
    summary: "The first option is locked.",
    scores: [(id: "trust", label: "Trust", start: 50)],
    characters: [(id: "ana", name: "Ana", role: "Resident")],
    start: "a",
    nodes: [
        (id: "a", speaker: "ana", text: "Hello.", choices: [
            (text: "Carry on as before", requires: Flag("met"), locked_hint: "You have not met yet.", effects: {"trust": 5}, feedback: "Familiar.", next: "b"),
            (text: "Introduce yourself", effects: {"trust": 5}, feedback: "Warm.", next: "b"),
        ]),
        (id: "b", speaker: "ana", text: "And now?", choices: [
            (text: "Ask how she is", effects: {"trust": 5}, feedback: "Kind.", next: "end"),
            (text: "Leave", effects: {"trust": -5}, feedback: "Abrupt.", next: "end"),
        ]),
        (id: "end", ending: (title: "Done", summary: "Done.")),
    ],
)"#;

#[test]
fn the_highlight_starts_on_the_first_open_choice_and_enter_takes_it() {
    let lib = TempLibrary::new(&[("test/locked-first.ron", LOCKED_FIRST)]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    assert_eq!(app.world().resource::<PlayFocus>().0, 1);
    press(&mut app, KeyCode::Enter);
    assert!(!shows(&mut app, "That choice is locked"));
    assert_eq!(
        playing(&app).session.transcript()[0].text,
        "Introduce yourself"
    );
}

#[test]
fn u_undoes_the_last_decision_alone() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    let node = playing(&app).session.node().id.0.clone();
    choose_first_available(&mut app);
    assert!(playing(&app).feedback.is_some());
    press(&mut app, KeyCode::KeyU);
    assert!(playing(&app).session.transcript().is_empty());
    assert!(playing(&app).feedback.is_none());
    assert_eq!(playing(&app).session.node().id.0, node);
    assert_shows(&mut app, "Undone: back at decision 1");
    assert!(
        help_lists(&mut app, "undo the last decision"),
        "the help lists U"
    );
}

fn help_lists(app: &mut App, what: &str) -> bool {
    press(app, KeyCode::KeyH);
    let found = shows(app, what);
    press(app, KeyCode::KeyH);
    found
}

#[test]
fn the_debriefs_first_up_picks_the_last_decision() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    let last = playing(&app).session.transcript().len() - 1;
    press(&mut app, KeyCode::ArrowUp);
    assert_eq!(playing(&app).selected_decision, last);
    assert!(!shows(&mut app, "Click"), "no key badge reads \"Click\"");
}

#[test]
fn resuming_after_a_crash_shows_the_feedback_not_yet_read() {
    let lib = TempLibrary::with_first_morning(&[]);
    let feedback = {
        let mut app = app(&lib.scenarios(), &lib.home());
        open_first_scenario(&mut app);
        choose_first_available(&mut app);
        playing(&app).feedback.clone().expect("feedback on screen")
    };
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::KeyC);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).feedback.as_ref(), Some(&feedback));
    if let Some(text) = &feedback.feedback {
        assert_shows(&mut app, text);
    }
}

/// How many next frames the app has asked for so far.
#[derive(Resource, Default)]
struct Asked(usize);

fn count_requests(mut asked: ResMut<Asked>, mut requests: MessageReader<RequestRedraw>) {
    asked.0 += requests.read().count();
}

#[test]
fn a_change_of_screen_asks_for_the_next_frame_at_once() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    app.init_resource::<Asked>();
    app.add_systems(PostUpdate, count_requests);
    open_first_scenario(&mut app);
    press(&mut app, KeyCode::Escape);
    settle(&mut app);
    let asked = |app: &App| app.world().resource::<Asked>().0;
    let before = asked(&app);
    // S in the pause menu: the frame that reads it sets Settings as the next screen, which is
    // entered (and drawn) only in a frame after it.
    app.world_mut()
        .write_message_batch(key_press(KeyCode::KeyS, Entity::PLACEHOLDER));
    app.update();
    app.update();
    assert!(asked(&app) > before, "no next frame was asked for");
    settle(&mut app);
    assert_eq!(screen(&app), Screen::Settings);
    // Settled, nothing more is asked: the app can sleep.
    let settled = asked(&app);
    settle(&mut app);
    settle(&mut app);
    assert_eq!(asked(&app), settled, "the app keeps asking for frames");
}
