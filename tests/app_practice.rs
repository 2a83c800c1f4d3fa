//! The practice records in the app, headless: play is recorded decision by decision (and goes on
//! into the same attempt after a restart), the debrief's reflection is saved with the attempt
//! and typing in it fires no shortcut, "My practice" lists the attempts and opens one's debrief
//! again, writes a report, and the trainee agrees to who they are sent as before any sending.

mod support;

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::text::EditableText;
use rapport::app::playing::Recording;
use rapport::app::screen::Screen;
use rapport::app::settings::Settings;
use rapport::app::theme::field::Field;
use rapport::records::Records;
use rapport::records::sharing::{Lrs, Sharing};
use support::app::*;

fn records(lib: &TempLibrary) -> Records {
    Records::open_existing(&lib.home().join("data/records.sqlite3")).expect("the records exist")
}

/// Put `text` in field `n` as if typed (headless tests have no text input plugin).
fn type_into(app: &mut App, n: usize, text: &str) {
    let world = app.world_mut();
    let mut fields = world.query::<(&Field, &mut EditableText)>();
    let (_, mut field) = fields
        .iter_mut(world)
        .find(|(f, _)| f.0 == n)
        .expect("the field is on screen");
    field.editor_mut().set_text(text);
    app.update();
}

fn focused_field(app: &mut App) -> Option<usize> {
    let focus = app.world().resource::<InputFocus>().get()?;
    app.world().get::<Field>(focus).map(|f| f.0)
}

#[test]
fn play_is_recorded_as_it_happens_and_goes_on_into_the_same_attempt_after_a_restart() {
    let lib = TempLibrary::with_first_morning(&[]);
    let (id, made) = {
        let mut app = app(&lib.scenarios(), &lib.home());
        open_first_scenario(&mut app);
        assert_eq!(
            playing(&app).recording,
            Recording::New,
            "recorded from the first decision"
        );
        choose_first_available(&mut app);
        let Recording::Into(id) = playing(&app).recording else {
            panic!("the first decision begins the record");
        };
        press(&mut app, KeyCode::Space);
        choose_first_available(&mut app);
        // Each decision is in the database at once: a crash now loses nothing.
        let a = records(&lib).attempt(id).unwrap();
        assert_eq!(a.decisions.len(), 2);
        assert!(!a.summary.is_finished());
        assert!(a.decisions.iter().all(|d| d.taken_ms.is_some()));
        (id, playing(&app).session.choices_made())
    };
    assert_eq!(made.len(), 2);
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::KeyC);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).recording, Recording::Into(id));
    play_to_debrief(&mut app);
    let db = records(&lib);
    let all = db.attempts().unwrap();
    assert_eq!(all.len(), 1, "the resumed play is the same attempt");
    let a = db.attempt(id).unwrap();
    assert!(a.summary.is_finished());
    assert_eq!(a.decisions.len(), playing(&app).session.transcript().len());
    assert_eq!(
        a.summary.outcome.map(|o| o.title),
        playing(&app).session.outcome().map(|o| o.title)
    );
}

#[test]
fn the_reflection_is_saved_with_the_attempt_and_typing_it_fires_no_shortcut() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    let id = playing(&app).recording.attempt().expect("recorded");
    assert_shows(&mut app, "Press W to write your thoughts");
    press(&mut app, KeyCode::KeyW);
    assert_eq!(focused_field(&mut app), Some(0));
    // Keys that are shortcuts elsewhere type into the field: none leaves or rewinds.
    for key in [
        KeyCode::Digit1,
        KeyCode::KeyR,
        KeyCode::KeyP,
        KeyCode::KeyL,
        KeyCode::Space,
    ] {
        press(&mut app, key);
        assert_eq!(screen(&app), Screen::Debrief, "{key:?} while typing");
    }
    assert!(playing(&app).session.is_finished(), "nothing was rewound");
    type_into(
        &mut app,
        0,
        "I rushed the introduction; next time I will knock and wait.",
    );
    let saved = records(&lib).attempt(id).unwrap().reflection;
    assert_eq!(
        saved[0].answer,
        "I rushed the introduction; next time I will knock and wait."
    );
    // Tab moves to the next question, Esc leaves the fields, and then L is a shortcut again.
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_field(&mut app), Some(1));
    type_into(&mut app, 1, "Ask Leonard how he likes his mornings.");
    press(&mut app, KeyCode::Escape);
    assert_eq!(focused_field(&mut app), None);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "Esc left the field, not the screen"
    );
    let saved = records(&lib).attempt(id).unwrap().reflection;
    assert_eq!(saved[1].answer, "Ask Leonard how he likes his mornings.");
    press(&mut app, KeyCode::KeyL);
    assert_eq!(screen(&app), Screen::Library);
}

#[test]
fn my_practice_lists_attempts_opens_a_debrief_as_it_was_and_writes_a_report() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    press(&mut app, KeyCode::KeyW);
    type_into(&mut app, 0, "Slow down at the door.");
    press(&mut app, KeyCode::Escape);
    let outcome = playing(&app).session.outcome().unwrap().title;
    let path: Vec<String> = playing(&app)
        .session
        .transcript()
        .iter()
        .map(|s| s.text.clone())
        .collect();
    press(&mut app, KeyCode::KeyL);
    press(&mut app, KeyCode::KeyM);
    assert_eq!(screen(&app), Screen::Practice);
    assert_shows(&mut app, "My practice");
    assert_shows(&mut app, "The first morning");
    assert_shows(&mut app, &format!("outcome “{outcome}”"));
    assert_shows(&mut app, "By scenario");
    assert_shows(&mut app, "1 attempt, 1 finished");
    assert_shows(&mut app, "Principles across all attempts");
    assert_shows(&mut app, "Attempts, newest first (1 to 1 of 1)");
    // The report of the highlighted attempt is written where the screen says.
    press(&mut app, KeyCode::KeyR);
    let reports = lib.home().join("data/reports");
    let written: Vec<_> = std::fs::read_dir(&reports).unwrap().collect();
    assert_eq!(written.len(), 1);
    let html = std::fs::read_to_string(written[0].as_ref().unwrap().path()).unwrap();
    assert!(
        html.contains("Slow down at the door."),
        "the reflection is in the report"
    );
    assert_shows(&mut app, "The report is written to");
    // Enter opens the attempt's debrief again, with the reflection, and nothing to rewind.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(playing(&app).is_past());
    assert_shows(&mut app, &path[0]);
    assert_shows(&mut app, "Back to My practice");
    assert_shows(&mut app, "An attempt from ");
    assert!(!shows(&mut app, "Try again from here"));
    let field = {
        let world = app.world_mut();
        let mut q = world.query::<(&Field, &EditableText)>();
        q.iter(world)
            .find(|(f, _)| f.0 == 0)
            .map(|(_, t)| rapport::app::theme::field::field_text(t))
    };
    assert_eq!(field.as_deref(), Some("Slow down at the door."));
    press(&mut app, KeyCode::KeyR);
    assert_eq!(
        screen(&app),
        Screen::Debrief,
        "a past attempt is not rewound"
    );
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Practice);
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);
    assert!(
        !lib.home().join("data/progress.ron").exists(),
        "reading a past attempt leaves nothing to resume"
    );
}

#[test]
fn nothing_is_sent_until_the_trainee_agrees_to_who_they_are_sent_as() {
    let lib = TempLibrary::with_first_morning(&[]);
    let settings = Settings {
        sharing: Sharing {
            // Nothing listens here: sending fails, and is kept for later.
            lrs: Some(Lrs {
                endpoint: "http://127.0.0.1:9/xAPI/".into(),
                username: String::new(),
                password: String::new(),
            }),
            ..Sharing::default()
        },
        ..Settings::default()
    };
    std::fs::create_dir_all(lib.home().join("config")).unwrap();
    rapport::storage::save_ron(&lib.home().join("config/settings.ron"), &settings).unwrap();
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::KeyM);
    assert_shows(&mut app, "nothing has been sent: press Y");
    press(&mut app, KeyCode::KeyY);
    assert_eq!(screen(&app), Screen::Sharing);
    assert_shows(&mut app, "http://127.0.0.1:9/xAPI/");
    assert_shows(&mut app, "Your written reflections are not sent");
    assert_shows(
        &mut app,
        "Your name and email address, and for each attempt",
    );
    // Enter is not agreeing: agreeing is a key of its own.
    press(&mut app, KeyCode::Enter);
    assert!(!shows(&mut app, "Type your name"));
    // Agreeing with no name says what to do, and sends nothing.
    press(&mut app, KeyCode::KeyA);
    assert_shows(&mut app, "Type your name");
    assert_eq!(app.world().resource::<Settings>().sharing.agreed, None);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_field(&mut app), Some(0));
    type_into(&mut app, 0, "Sam Patel");
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused_field(&mut app), Some(1));
    type_into(&mut app, 1, "sam@example.org");
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::KeyA);
    assert_eq!(screen(&app), Screen::Practice);
    let sharing = app.world().resource::<Settings>().sharing.clone();
    assert_eq!(
        sharing.agreed.as_deref(),
        Some("http://127.0.0.1:9/xAPI/ as Sam Patel <sam@example.org>")
    );
    assert!(sharing.may_send());
    // The agreement is kept in the settings file.
    let saved = std::fs::read_to_string(lib.home().join("config/settings.ron")).unwrap();
    assert!(saved.contains("Sam Patel"), "{saved}");
}

#[test]
fn a_scenario_left_before_its_first_decision_leaves_nothing_behind() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::KeyL);
    press(&mut app, KeyCode::KeyM);
    assert_eq!(screen(&app), Screen::Practice);
    assert_shows(&mut app, "Nothing recorded yet");
    // Going back from a finished attempt's debrief to its first decision records nothing new
    // until a decision is made there.
    press(&mut app, KeyCode::Escape);
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::Play);
    assert!(playing(&app).session.transcript().is_empty());
    assert_eq!(records(&lib).attempts().unwrap().len(), 1);
    choose_first_available(&mut app);
    let all = records(&lib).attempts().unwrap();
    assert_eq!(all.len(), 2, "the new try is an attempt of its own");
    assert_eq!(all[0].decisions, 1);
}

/// A learning record store on 127.0.0.1 that stores every statement (answers 204) and counts
/// the requests; it stops with the test.
fn store() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            // The whole request (head and announced body) before the answer.
            let mut got = Vec::new();
            let mut buf = [0u8; 8192];
            loop {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
                let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
                let Some(head_end) = text.find("\r\n\r\n") else {
                    continue;
                };
                let length: usize = text[..head_end]
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                if got.len() >= head_end + 4 + length {
                    break;
                }
            }
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (format!("http://127.0.0.1:{port}/xAPI/"), count)
}

#[test]
fn once_agreed_a_finished_attempt_is_sent_in_the_background() {
    use rapport::app::practice::sync::SyncStatus;
    use rapport::records::sharing::Identity;
    let lib = TempLibrary::with_first_morning(&[]);
    let (endpoint, requests) = store();
    let mut sharing = Sharing {
        lrs: Some(Lrs {
            endpoint,
            username: "u".into(),
            password: "p".into(),
        }),
        identity: Some(Identity {
            name: "Sam Patel".into(),
            email: Some("sam@example.org".into()),
            account: None,
        }),
        ..Sharing::default()
    };
    sharing.agreed = sharing.agreement();
    let settings = Settings {
        sharing,
        ..Settings::default()
    };
    std::fs::create_dir_all(lib.home().join("config")).unwrap();
    rapport::storage::save_ron(&lib.home().join("config/settings.ron"), &settings).unwrap();
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    update_until(&mut app, 20, "the background send", |app| {
        matches!(
            &app.world().resource::<SyncStatus>().last,
            Some((_, Ok(report))) if report.sent > 0
        )
    });
    let waiting = records(&lib).waiting().unwrap();
    assert_eq!(waiting, 0, "everything recorded was sent");
    assert!(requests.load(std::sync::atomic::Ordering::SeqCst) > 0);
    press(&mut app, KeyCode::KeyL);
    press(&mut app, KeyCode::KeyM);
    assert_shows(&mut app, "Last sent");
}

#[test]
fn an_attempt_is_deleted_from_my_practice_only_when_delete_is_pressed_twice() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    press(&mut app, KeyCode::KeyL);
    press(&mut app, KeyCode::KeyM);
    press(&mut app, KeyCode::Delete);
    assert_shows(&mut app, "Press Delete again to delete this attempt");
    // Any other key keeps it.
    press(&mut app, KeyCode::ArrowDown);
    assert!(!shows(&mut app, "Press Delete again"));
    press(&mut app, KeyCode::Delete);
    assert_eq!(records(&lib).attempts().unwrap().len(), 1);
    press(&mut app, KeyCode::Delete);
    assert!(records(&lib).attempts().unwrap().is_empty());
    assert_shows(&mut app, "The attempt is deleted from this computer.");
    assert_shows(&mut app, "Nothing recorded yet");
}
