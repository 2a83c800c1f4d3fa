//! Group sessions, headless: the projector preset, hidden and revealed scores, the room's vote
//! (add, remove, majority, tie), blanking, the discussion timer, notes, help, the clicker's keys
//! and the presenter window, with real key presses.

mod support;

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy::window::{PrimaryWindow, WindowMode, WindowResolution};
use rapport::app::Launch;
use rapport::app::group::overlay::{Blank, HelpOverlay, NotesOverlay};
use rapport::app::group::presenter::{PresenterRoot, PresenterWindow};
use rapport::app::group::vote::VoteRow;
use rapport::app::group::{DiscussionTimer, Group};
use rapport::app::input::Cover;
use rapport::app::screen::Screen;
use rapport::app::screens::play::SpokenLine;
use rapport::app::settings::Settings;
use rapport::app::theme::{Palette, size};
use rapport::play::group::CountdownState;
use support::app::*;

/// The first decision of the first-morning scenario has this facilitator note.
const DOOR_NOTE: &str = "First impressions: what does Len need to see and hear";

fn group(app: &App) -> &Group {
    app.world().resource::<Group>()
}

/// A group session on the first decision of first-morning: F5, then the library's first
/// scenario, the briefing, and play.
fn group_session(lib: &TempLibrary) -> App {
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::F5);
    assert!(
        app.world().resource::<Settings>().group,
        "F5 starts a group session"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(screen(&app), Screen::Play, "a clicker's PageDown starts");
    app
}

/// Texts in the presenter window.
fn presenter_texts(app: &mut App) -> Vec<String> {
    let room = room_texts(app);
    let mut all = texts(app);
    for t in &room {
        if let Some(i) = all.iter().position(|a| a == t) {
            all.remove(i);
        }
    }
    all
}

/// Whether the room sees a score meter (`value / max`).
fn room_sees_scores(app: &mut App) -> bool {
    room_texts(app).iter().any(|t| t.ends_with("/ 100"))
}

/// The tallies of the room's vote at this decision, as shown.
fn tallies(app: &App) -> Vec<u32> {
    group(app)
        .open_vote(&playing(app).session)
        .expect("an open vote")
        .tally(&playing(app).session)
        .tallies()
        .to_vec()
}

#[test]
fn the_projector_preset_is_large_high_contrast_and_readable_from_the_back() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    // A 1280x720 projector.
    app.world_mut().spawn((
        Window {
            resolution: WindowResolution::new(1280, 720),
            ..default()
        },
        PrimaryWindow,
    ));
    settle(&mut app);
    assert_eq!(*app.world().resource::<Palette>(), Palette::high_contrast());
    let rem = app.world().resource::<bevy::text::RemSize>().0;
    let scale = app.world().resource::<UiScale>().0;
    let mut lines = app
        .world_mut()
        .query_filtered::<&TextFont, With<SpokenLine>>();
    let sizes: Vec<f32> = lines
        .iter(app.world())
        .map(|f| match f.font_size {
            FontSize::Rem(r) => r,
            other => panic!("the line is sized in rem, not {other:?}"),
        })
        .collect();
    assert!(!sizes.is_empty(), "a spoken line is on screen");
    // The current node's line is the largest; lines passed on the way (lead-in) are body text.
    let line_px = sizes.iter().copied().fold(0.0, f32::max) * rem * scale;
    let cap_height = line_px * font_cap_height_ratio();
    assert!(
        cap_height >= 720.0 / 25.0,
        "cap height {cap_height:.1} px is under 1/25 of 720 px (line {line_px:.1} px)"
    );
    assert!(sizes.contains(&size::PROJECTOR_LINE), "{sizes:?}");

    // F5 again is back to one trainee at a desk.
    press(&mut app, KeyCode::F5);
    assert!(!app.world().resource::<Settings>().group);
    assert_eq!(*app.world().resource::<Palette>(), Palette::calm());
    assert_eq!(app.world().resource::<bevy::text::RemSize>().0, 20.0);
}

/// Capital height over the em, read from the shipped font's OS/2 and head tables.
fn font_cap_height_ratio() -> f32 {
    let font = std::fs::read("assets/fonts/AtkinsonHyperlegible-Regular.ttf").unwrap();
    let u16_at = |at: usize| u16::from_be_bytes([font[at], font[at + 1]]);
    let u32_at = |at: usize| u32::from_be_bytes(font[at..at + 4].try_into().unwrap());
    let table = |tag: &[u8]| {
        (0..usize::from(u16_at(4)))
            .map(|i| 12 + 16 * i)
            .find(|&rec| &font[rec..rec + 4] == tag)
            .map(|rec| u32_at(rec + 8) as usize)
            .expect("table")
    };
    let units_per_em = f32::from(u16_at(table(b"head") + 18));
    let cap_height = f32::from(u16_at(table(b"OS/2") + 88));
    cap_height / units_per_em
}

#[test]
fn scores_stay_hidden_from_the_room_until_revealed() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    assert!(!room_sees_scores(&mut app), "hidden by default");
    press(&mut app, KeyCode::KeyR);
    assert!(room_sees_scores(&mut app), "R reveals");
    press(&mut app, KeyCode::KeyR);
    assert!(!room_sees_scores(&mut app), "R hides again");
    press(&mut app, KeyCode::KeyR);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(screen(&app), Screen::Briefing);
    press(&mut app, KeyCode::PageDown);
    assert!(
        !room_sees_scores(&mut app),
        "hidden again for the next scenario"
    );
    // Nor do score changes show in the feedback while hidden.
    press(&mut app, KeyCode::Digit1);
    assert!(
        playing(&app).feedback.is_some(),
        "feedback after the decision"
    );
    assert!(
        !room_texts(&mut app)
            .iter()
            .any(|t| t.contains("(up)") || t.contains("(down)")),
        "{:?}",
        room_texts(&mut app)
    );
}

/// A key going down or up, as the window reports it.
fn key_event(key_code: KeyCode, pressed: bool) -> bevy::input::keyboard::KeyboardInput {
    bevy::input::keyboard::KeyboardInput {
        key_code,
        logical_key: bevy::input::keyboard::Key::Unidentified(
            bevy::input::keyboard::NativeKey::Unidentified,
        ),
        state: if pressed {
            bevy::input::ButtonState::Pressed
        } else {
            bevy::input::ButtonState::Released
        },
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    }
}

#[test]
fn shift_and_a_number_pressed_together_take_a_vote_away_whichever_arrives_first() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyV);
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Digit2);
    assert_eq!(tallies(&app), [0, 2, 0]);
    // The digit arrives a frame before Shift, as a hand pressing both at once often sends them.
    app.world_mut()
        .write_message(key_event(KeyCode::Digit2, true));
    app.update();
    assert_eq!(
        tallies(&app),
        [0, 2, 0],
        "not counted while it may be a chord"
    );
    app.world_mut()
        .write_message(key_event(KeyCode::ShiftLeft, true));
    app.update();
    app.world_mut().write_message_batch([
        key_event(KeyCode::Digit2, false),
        key_event(KeyCode::ShiftLeft, false),
    ]);
    settle(&mut app);
    assert_eq!(tallies(&app), [0, 1, 0], "Shift + 2 took a vote away");
    // A digit held alone and let go adds a vote, when it is let go.
    app.world_mut()
        .write_message(key_event(KeyCode::Digit3, true));
    app.update();
    assert_eq!(tallies(&app), [0, 1, 0]);
    app.world_mut()
        .write_message(key_event(KeyCode::Digit3, false));
    settle(&mut app);
    assert_eq!(tallies(&app), [0, 1, 1]);
}

#[test]
fn the_room_votes_and_the_most_voted_option_is_taken_and_kept() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyV);
    assert_eq!(tallies(&app), [0, 0, 0]);
    let mut rows = app.world_mut().query_filtered::<(), With<VoteRow>>();
    assert_eq!(rows.iter(app.world()).count(), 3, "a row per option");
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Digit2);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Numpad3);
    press_shifted(&mut app, KeyCode::Digit3);
    press_shifted(&mut app, KeyCode::Digit3);
    assert_eq!(
        tallies(&app),
        [1, 3, 0],
        "Shift takes a vote away, never below zero"
    );
    assert_shows(&mut app, "3 votes");
    assert_shows(&mut app, "1 vote");
    assert_shows(&mut app, "The room votes  ·  4 votes");

    let second = playing(&app).session.current().choices[1].number;
    let options = playing(&app).session.current().choices.len();
    press(&mut app, KeyCode::Enter);
    assert_shows(&mut app, "The room chose");
    let step = playing(&app).session.transcript()[0].clone();
    assert_eq!(step.choice, second, "the majority's option was taken");
    let votes = step.votes.expect("the tally is kept in the transcript");
    assert_eq!(votes.len(), options);
    assert_eq!(votes[second - 1], 3, "in authored order");
    assert_eq!(votes.iter().sum::<u32>(), 4);
    assert!(
        playing(&app).feedback.is_some(),
        "feedback once the room has decided"
    );
    assert_shows(&mut app, "Why it matters");

    // The debrief says how the room voted, beside the decision.
    let mut guard = 0;
    while screen(&app) == Screen::Play {
        if playing(&app).feedback.is_some() {
            press(&mut app, KeyCode::Space);
        } else {
            let first = playing(&app)
                .session
                .current()
                .choices
                .iter()
                .position(|c| c.available)
                .unwrap();
            press(&mut app, DIGIT_KEYS[first]);
        }
        guard += 1;
        assert!(guard < 60, "the scenario ends");
    }
    assert_eq!(screen(&app), Screen::Debrief);
    assert_shows(
        &mut app,
        "How the room voted (4 votes): 3 votes for this choice",
    );
    assert_shows(&mut app, "The room: 1 vote");
}

#[test]
fn a_tie_waits_for_the_facilitator_to_pick_one_of_the_tied_options() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyV);
    press(&mut app, KeyCode::Enter);
    assert_shows(&mut app, "No votes yet");
    assert!(playing(&app).session.transcript().is_empty());

    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::Enter);
    assert!(
        playing(&app).session.transcript().is_empty(),
        "a tie takes nothing"
    );
    assert_shows(&mut app, "A tie: options 1 and 3 have 1 vote each");
    press(&mut app, KeyCode::Digit2);
    assert_shows(&mut app, "Option 2 is not one of the tied options");
    assert!(playing(&app).session.transcript().is_empty());
    assert_eq!(
        tallies(&app),
        [1, 0, 1],
        "during a tie, numbers pick rather than vote"
    );

    let third = playing(&app).session.current().choices[2].number;
    press(&mut app, KeyCode::Digit3);
    let step = &playing(&app).session.transcript()[0];
    assert_eq!(step.choice, third);
    assert_eq!(step.votes.as_ref().unwrap().iter().sum::<u32>(), 2);
}

#[test]
fn the_clicker_steps_forward_and_back_safely() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    // Forward at a decision opens the vote; back closes it; back again returns to the briefing.
    press(&mut app, KeyCode::PageDown);
    assert!(group(&app).open_vote(&playing(&app).session).is_some());
    press(&mut app, KeyCode::ArrowRight);
    assert_shows(&mut app, "No votes yet");
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(
        playing(&app).session.transcript().len(),
        1,
        "forward takes the vote"
    );
    assert!(playing(&app).feedback.is_some());

    // Back from the feedback undoes the decision and brings the room's vote back.
    press(&mut app, KeyCode::PageUp);
    assert!(playing(&app).session.transcript().is_empty(), "undone");
    assert!(playing(&app).feedback.is_none());
    assert_eq!(tallies(&app), [2, 0, 0], "the votes as they were");
    press(&mut app, KeyCode::ArrowLeft);
    assert!(
        group(&app).open_vote(&playing(&app).session).is_none(),
        "closed"
    );
    press(&mut app, KeyCode::PageUp);
    assert_eq!(screen(&app), Screen::Briefing);
    press(&mut app, KeyCode::ArrowRight);
    assert_eq!(screen(&app), Screen::Play);
    // Space after a direct choice continues.
    press(&mut app, KeyCode::Digit2);
    assert!(playing(&app).feedback.is_some());
    press(&mut app, KeyCode::Space);
    assert!(playing(&app).feedback.is_none());
    assert_eq!(playing(&app).session.transcript().len(), 1);
}

#[test]
fn blank_covers_the_screen_and_holds_the_keys_until_b_again() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    let mut blank = app.world_mut().query_filtered::<(), With<Blank>>();
    assert_eq!(blank.iter(app.world()).count(), 0);
    press(&mut app, KeyCode::KeyB);
    assert_eq!(blank.iter(app.world()).count(), 1);
    press(&mut app, KeyCode::Digit1);
    assert!(
        playing(&app).session.transcript().is_empty(),
        "nothing happens while the room cannot see"
    );
    press(&mut app, KeyCode::KeyB);
    assert_eq!(blank.iter(app.world()).count(), 0);
    press(&mut app, KeyCode::Digit1);
    assert_eq!(playing(&app).session.transcript().len(), 1);
}

#[test]
fn the_discussion_timer_starts_pauses_resumes_and_runs_out_calmly() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        500,
    )));
    let state = |app: &App| app.world().resource::<DiscussionTimer>().0.state();
    assert_eq!(state(&app), CountdownState::Ready);
    assert!(!shows(&mut app, "Discussion"), "no timer until T");
    press(&mut app, KeyCode::KeyT);
    assert_eq!(state(&app), CountdownState::Running);
    for _ in 0..20 {
        app.update();
    }
    assert_shows(&mut app, "Discussion  1:5");
    press(&mut app, KeyCode::KeyT);
    assert_eq!(state(&app), CountdownState::Paused);
    let left = app.world().resource::<DiscussionTimer>().0.left();
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(app.world().resource::<DiscussionTimer>().0.left(), left);
    assert_shows(&mut app, "Paused");
    press(&mut app, KeyCode::KeyT);
    // Bevy's virtual clock takes at most 250 ms a frame.
    for _ in 0..600 {
        app.update();
    }
    assert_eq!(state(&app), CountdownState::Finished);
    assert_shows(&mut app, "Time to decide");
    press_shifted(&mut app, KeyCode::KeyT);
    assert_eq!(state(&app), CountdownState::Ready, "Shift+T resets");

    // The length is a setting, and each new decision starts a fresh discussion.
    app.world_mut().resource_mut::<Settings>().timer_minutes = 5;
    settle(&mut app);
    assert_eq!(
        app.world().resource::<DiscussionTimer>().0.left(),
        Duration::from_secs(300)
    );
    press(&mut app, KeyCode::KeyT);
    press(&mut app, KeyCode::Digit1);
    assert_eq!(state(&app), CountdownState::Ready);
}

#[test]
fn notes_reach_the_room_only_when_the_facilitator_asks() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    let note_shown = |app: &mut App| room_texts(app).iter().any(|t| t.contains(DOOR_NOTE));
    assert!(!note_shown(&mut app));
    press(&mut app, KeyCode::KeyN);
    assert!(note_shown(&mut app), "N lays the note over the screen");
    let mut overlay = app.world_mut().query_filtered::<(), With<NotesOverlay>>();
    assert_eq!(overlay.iter(app.world()).count(), 1);
    press(&mut app, KeyCode::KeyN);
    assert!(!note_shown(&mut app));
}

#[test]
fn the_presenter_window_shows_the_facilitator_everything_and_the_room_nothing_extra() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::F6);
    let presenter = app.world().resource::<PresenterWindow>();
    let window = presenter.window.expect("a second window");
    assert!(app.world().get::<Window>(window).is_some());
    press(&mut app, KeyCode::KeyV);
    press(&mut app, KeyCode::Digit1);

    let facilitator = presenter_texts(&mut app);
    let has = |needle: &str| facilitator.iter().any(|t| t.contains(needle));
    assert!(has(DOOR_NOTE), "the note: {facilitator:?}");
    assert!(
        has("Trust  35 / 100"),
        "the scores, though hidden from the room"
    );
    assert!(
        has("+10 Trust, +5 Dignity"),
        "each option's effects in advance"
    );
    assert!(
        has("You showed ID before asking to come in"),
        "each option's feedback in advance"
    );
    assert!(has("[1\u{a0}vote]"), "the vote: {facilitator:?}");
    assert!(has("Discussion  2:00"), "the timer");

    let room = room_texts(&mut app);
    assert!(!room.iter().any(|t| t.contains(DOOR_NOTE)), "{room:?}");
    assert!(!room_sees_scores(&mut app));
    assert!(
        !room
            .iter()
            .any(|t| t.contains("You showed ID before asking to come in"))
    );

    // The wheel over the presenter window scrolls it, not the room's screen; the position
    // survives the view being rebuilt (as it is after every vote).
    use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
    app.world_mut().write_message(MouseWheel {
        unit: MouseScrollUnit::Line,
        x: 0.0,
        y: -2.0,
        window,
        phase: bevy::input::touch::TouchPhase::Moved,
    });
    settle(&mut app);
    press(&mut app, KeyCode::Digit2);
    let mut presenter_scroll = app
        .world_mut()
        .query_filtered::<&ScrollPosition, With<PresenterRoot>>();
    assert_eq!(presenter_scroll.single(app.world()).unwrap().0.y, 120.0);
    let mut room_scroll = app
        .world_mut()
        .query_filtered::<&ScrollPosition, With<rapport::app::theme::widget::Scrollable>>();
    assert!(room_scroll.iter(app.world()).all(|p| p.0.y == 0.0));

    // Before the start (back: close the vote, then the briefing), it shows the objectives and
    // how many decisions have notes.
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(screen(&app), Screen::Briefing);
    let facilitator = presenter_texts(&mut app);
    assert!(
        facilitator
            .iter()
            .any(|t| t.contains("a facilitator note at")),
        "{facilitator:?}"
    );
    assert!(facilitator.iter().any(|t| t == "Objectives"));

    // F6 closes it, as does the window's own close button.
    press(&mut app, KeyCode::F6);
    assert!(app.world().get_entity(window).is_err());
    assert!(presenter_texts(&mut app).is_empty());
    press(&mut app, KeyCode::F6);
    let window = app.world().resource::<PresenterWindow>().window.unwrap();
    app.world_mut().despawn(window);
    settle(&mut app);
    assert!(!app.world().resource::<PresenterWindow>().wanted);
    assert!(presenter_texts(&mut app).is_empty());
}

#[test]
fn help_lists_the_keys_and_holds_the_screen_until_closed() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyH);
    let mut help = app.world_mut().query_filtered::<(), With<HelpOverlay>>();
    assert_eq!(help.iter(app.world()).count(), 1);
    for needle in [
        "Shift + 1 to 9",
        "blank the screen",
        "PageDown  Right  Space",
        "F11",
    ] {
        assert_shows(&mut app, needle);
    }
    press(&mut app, KeyCode::Digit1);
    assert!(playing(&app).session.transcript().is_empty(), "keys wait");
    press(&mut app, KeyCode::Escape);
    assert_eq!(help.iter(app.world()).count(), 0, "Esc closes the help");
    assert_eq!(screen(&app), Screen::Play);
    assert!(
        !app.world()
            .resource::<rapport::app::screens::play::PlayMenu>()
            .open,
        "and does not open the menu"
    );
    press_shifted(&mut app, KeyCode::Slash);
    assert_eq!(help.iter(app.world()).count(), 1, "? opens it too");
}

#[test]
fn f11_switches_full_screen_and_the_command_line_flags_take_effect() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    let window = app
        .world_mut()
        .spawn((Window::default(), PrimaryWindow))
        .id();
    press(&mut app, KeyCode::F11);
    assert!(matches!(
        app.world().get::<Window>(window).unwrap().mode,
        WindowMode::BorderlessFullscreen(_)
    ));
    press(&mut app, KeyCode::F11);
    assert_eq!(
        app.world().get::<Window>(window).unwrap().mode,
        WindowMode::Windowed
    );

    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app_with(&lib.scenarios(), &lib.home(), |app| {
        app.insert_resource(Launch {
            projector: true,
            presenter_window: true,
            author: true,
            phones: false,
        });
    });
    settle(&mut app);
    assert!(app.world().resource::<Settings>().group, "--projector");
    assert!(
        app.world().resource::<PresenterWindow>().window.is_some(),
        "--presenter-window"
    );
    assert!(
        app.world()
            .resource::<rapport::app::screens::play::author::AuthorPanel>()
            .open,
        "--author"
    );
    // The group preset is for this run only: a trainee at the same desk later starts alone.
    let saved = std::fs::read_to_string(lib.home().join("config/settings.ron")).unwrap_or_default();
    assert!(!saved.contains("group"), "{saved}");
}

#[test]
fn esc_that_closes_the_help_never_reaches_the_screen_under_it() {
    // On the library, Esc would do nothing; on the briefing it steps out to the library.
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    for _ in 0..3 {
        press(&mut app, KeyCode::KeyH);
        press(&mut app, KeyCode::Escape);
        assert!(!app.world().resource::<Cover>().help);
        assert_eq!(screen(&app), Screen::Briefing, "Esc only closed the help");
    }
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);
}

#[test]
fn the_vote_buttons_count_clicks_too() {
    use rapport::app::group::vote::VoteAction;
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyV);
    let click = |app: &mut App, wanted: VoteAction| {
        let mut buttons = app.world_mut().query::<(Entity, &VoteAction)>();
        let button = buttons
            .iter(app.world())
            .find(|(_, a)| **a == wanted)
            .map(|(e, _)| e)
            .expect("a button for the action");
        app.world_mut()
            .entity_mut(button)
            .insert(Interaction::Pressed);
        settle(app);
    };
    click(&mut app, VoteAction::AddVote(2));
    click(&mut app, VoteAction::AddVote(2));
    click(&mut app, VoteAction::AddVote(3));
    click(&mut app, VoteAction::RemoveVote(3));
    assert_eq!(tallies(&app), [0, 2, 0]);
}

#[test]
fn enter_opens_the_vote_and_never_takes_an_option_without_one() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::Enter);
    assert!(
        group(&app).open_vote(&playing(&app).session).is_some(),
        "Enter opened the vote"
    );
    assert!(playing(&app).session.transcript().is_empty());
    // The deliberate way round the vote is documented in the help.
    press(&mut app, KeyCode::KeyH);
    assert_shows(
        &mut app,
        "take that option at once, without the room's vote",
    );
    assert_shows(&mut app, "open the vote");
}

#[test]
fn a_message_answering_a_key_is_pinned_where_the_facilitator_looks_and_on_the_presenter() {
    use rapport::app::screens::play::Notice;
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::F6);
    press(&mut app, KeyCode::KeyV);
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Digit3);
    press(&mut app, KeyCode::Enter);
    // At the foot of the window, outside the scrolling screen: seen whatever the scroll.
    let mut notices = app
        .world_mut()
        .query_filtered::<(&Node, &Children), With<Notice>>();
    let (node, children) = notices.single(app.world()).expect("one message");
    assert_eq!(node.position_type, PositionType::Absolute);
    assert!(matches!(node.bottom, Val::Px(_)));
    let text = app.world().get::<Text>(children[0]).unwrap().0.clone();
    assert!(text.starts_with("A tie: options 1 and 3"), "{text}");
    assert!(
        presenter_texts(&mut app)
            .iter()
            .any(|t| t.starts_with("On the room's screen: A tie: options 1 and 3")),
        "the presenter window says it too"
    );
}

#[test]
fn a_new_scene_opens_at_its_top_and_the_screen_follows_the_highlight_only_when_moved() {
    use rapport::app::theme::widget::Focused;
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    let focused = |app: &mut App| {
        let mut q = app.world_mut().query_filtered::<(), With<Focused>>();
        q.iter(app.world()).count()
    };
    assert_eq!(
        focused(&mut app),
        0,
        "nothing pulls the screen down to the options"
    );
    press(&mut app, KeyCode::ArrowDown);
    assert_eq!(focused(&mut app), 1, "a moved highlight is followed");
    press(&mut app, KeyCode::Digit1);
    press(&mut app, KeyCode::Space);
    assert_eq!(playing(&app).session.transcript().len(), 1);
    assert_eq!(focused(&mut app), 0, "the next scene opens at its top");
}

#[test]
fn the_notes_cover_the_whole_screen_under_the_top_bar() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = group_session(&lib);
    press(&mut app, KeyCode::KeyN);
    let mut sheet = app
        .world_mut()
        .query_filtered::<(&Node, &BackgroundColor), With<NotesOverlay>>();
    let (node, background) = sheet.single(app.world()).unwrap();
    assert_eq!(
        (node.left, node.right, node.bottom),
        (Val::Px(0.0), Val::Px(0.0), Val::Px(0.0))
    );
    assert_eq!(background.0.alpha(), 1.0, "nothing shows through");
}

#[test]
fn a_trainees_own_saved_place_is_not_offered_on_the_projector() {
    let lib = TempLibrary::with_first_morning(&[]);
    {
        let mut app = app(&lib.scenarios(), &lib.home());
        open_first_scenario(&mut app);
        choose_first_available(&mut app);
    }
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    assert_shows(&mut app, "Continue where you left off");
    press(&mut app, KeyCode::F5);
    assert!(!shows(&mut app, "Continue where you left off"));
    press(&mut app, KeyCode::KeyC);
    assert_eq!(screen(&app), Screen::Library, "C does not resume it either");
    // Nor are a trainee's own records one key away on the projector.
    assert!(!shows(&mut app, "my practice"));
    press(&mut app, KeyCode::KeyM);
    assert_eq!(screen(&app), Screen::Library);
}
