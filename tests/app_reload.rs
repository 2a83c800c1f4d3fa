//! Live reload, headless: an edit on disk reaches the screen, the session keeps its place, a
//! broken edit shows its problems while the last good version stays in play, and a fix clears
//! them.

mod support;

use std::time::Instant;

use bevy::prelude::*;
use rapport::app::library::LibraryIndex;
use rapport::app::playing::Playing;
use rapport::app::reload::ReloadProblems;
use rapport::app::screen::Screen;
use support::app::*;

#[test]
fn edits_reach_the_running_app_and_broken_edits_leave_the_last_good_version() {
    let lib = TempLibrary::with_first_morning(&[]);
    let file = lib.scenarios().join("home-care/first-morning.ron");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut app = watching_app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Play);
    let node = app
        .world()
        .resource::<Playing>()
        .session
        .node()
        .id
        .0
        .clone();
    assert_eq!(node, "door");

    // 1. A text edit: the new line appears, at the same node.
    let edited = original.replace(
        "You’re not Jean. Where’s Jean?",
        "You are not Jean. Who are you?",
    );
    assert_ne!(edited, original, "the edit must change the file");
    let saved = Instant::now();
    std::fs::write(&file, &edited).unwrap();
    update_until(&mut app, 20, "the edited line", |app| {
        shows(app, "You are not Jean. Who are you?")
    });
    eprintln!("edit visible after {} ms", saved.elapsed().as_millis());
    assert_eq!(
        app.world().resource::<Playing>().session.node().id.as_str(),
        "door"
    );
    assert_eq!(screen(&app), Screen::Play);

    // 2. A broken edit: the problems are listed and the last good version stays playable.
    std::fs::write(
        &file,
        edited.replacen(
            "title: \"The first morning\",",
            "title: \"The first morning\"",
            1,
        ),
    )
    .unwrap();
    update_until(&mut app, 20, "the problems overlay", |app| {
        app.world().resource::<ReloadProblems>().0.is_some()
    });
    settle(&mut app);
    assert_shows(&mut app, "The edited file has problems");
    assert_shows(&mut app, "error[E004]");
    assert_shows(&mut app, "You are not Jean. Who are you?");
    let view = app.world().resource::<Playing>().session.current();
    let shown = view.choices.iter().position(|c| c.available).unwrap();
    press(
        &mut app,
        [KeyCode::Digit1, KeyCode::Digit2, KeyCode::Digit3][shown],
    );
    assert_eq!(
        app.world().resource::<Playing>().session.transcript().len(),
        1,
        "still playable"
    );

    // 3. The fix clears the problems and keeps the decision already made.
    std::fs::write(&file, &edited).unwrap();
    update_until(&mut app, 20, "the problems to clear", |app| {
        app.world().resource::<ReloadProblems>().0.is_none()
    });
    settle(&mut app);
    assert!(!shows(&mut app, "The edited file has problems"));
    assert_eq!(
        app.world().resource::<Playing>().session.transcript().len(),
        1
    );
}

#[test]
fn scenario_files_added_or_removed_while_the_app_runs_appear_and_disappear() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = watching_app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    let titles = |app: &mut App| {
        app.world()
            .resource::<LibraryIndex>()
            .entries
            .iter()
            .map(|e| e.title.clone())
            .collect::<Vec<_>>()
    };
    let template = std::fs::read_to_string(lib.scenarios().join("home-care/first-morning.ron"))
        .unwrap()
        .replace("id: \"first-morning\"", "id: \"second-morning\"")
        .replace(
            "title: \"The first morning\"",
            "title: \"The second morning\"",
        );
    assert!(template.contains("The second morning"));

    // A new file in a topic folder that already exists (as `rapport new` writes it).
    let added = lib.scenarios().join("home-care/second-morning.ron");
    std::fs::write(&added, &template).unwrap();
    update_until(&mut app, 10, "the new file to be listed", |app| {
        titles(app).contains(&"The second morning".to_owned())
    });
    assert_shows(&mut app, "The second morning");

    // A new topic folder, and a file added to it afterwards.
    let topic = lib.scenarios().join("new-topic");
    std::fs::create_dir(&topic).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    for _ in 0..20 {
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let third = template
        .replace("second-morning", "third-morning")
        .replace("The second morning", "The third morning");
    std::fs::write(topic.join("third.ron"), third).unwrap();
    update_until(
        &mut app,
        10,
        "the file in the new folder to be listed",
        |app| titles(app).contains(&"The third morning".to_owned()),
    );

    // A removed file leaves the library.
    std::fs::remove_file(&added).unwrap();
    update_until(&mut app, 10, "the removed file to leave the list", |app| {
        !titles(app).contains(&"The second morning".to_owned())
    });
    assert!(titles(&mut app).contains(&"The first morning".to_owned()));
}
