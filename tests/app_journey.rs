//! The trainee's journey through the app, headless: library, briefing, play, feedback, debrief,
//! rewind, resume after a restart, settings, broken scenarios and accessibility labels.

mod support;

use accesskit::Role;
use bevy::a11y::AccessibilityNode;
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use rapport::app::screen::Screen;
use rapport::app::settings::{Settings, TextSize};
use support::app::*;

#[test]
fn library_lists_scenarios_by_topic_and_a_broken_file_without_failing() {
    let lib = TempLibrary::with_first_morning(&[(
        "drafts/broken.ron",
        "(id: \"broken\", title: \"Half written\"",
    )]);
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    assert_shows(&mut app, "Choose a scenario");
    assert_shows(&mut app, "Home care");
    assert_shows(&mut app, "Drafts");
    assert_shows(&mut app, "The first morning");
    assert_shows(&mut app, "Formal care relationship");
    assert_shows(&mut app, "Cannot be played: 1 problem in drafts/broken.ron");
    // The broken file is listed first (Drafts sorts before Home care); Enter shows its problems.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Diagnostics);
    assert_shows(&mut app, "error E004");
    assert_shows(&mut app, "line 1");
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "the good scenario still opens"
    );
}

#[test]
fn briefing_shows_setting_people_objectives_and_content_note() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    press(&mut app, KeyCode::Enter);
    for needle in [
        "The first morning",
        "A terraced house in Salford",
        "Leonard Abrahams",
        "Service user, 82",
        "Introduce yourself and your role",
        "Content note",
        "Mentions a recent hospital stay and a fall.",
        "Step out",
    ] {
        assert_shows(&mut app, needle);
    }
    press(&mut app, KeyCode::Escape);
    assert_eq!(
        screen(&app),
        Screen::Library,
        "Esc steps out before starting"
    );
}

#[test]
fn play_shows_the_scene_and_the_sessions_scores_then_feedback() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    assert_shows(&mut app, "Rain on the doorstep.");
    assert_shows(
        &mut app,
        "“You’re not Jean. Where’s Jean? Nobody tells me anything.”",
    );
    assert_shows(&mut app, "He keeps one hand on the door frame");
    for (score, value) in playing(&app)
        .session
        .scores()
        .map(|(s, v)| (s.max, v))
        .collect::<Vec<_>>()
    {
        assert_shows(&mut app, &format!("{value} / {score}"));
    }
    let view = playing(&app).session.current();
    let first_text = view.choices[0].text().to_owned();
    assert_shows(&mut app, &first_text);
    let number = choose_first_available(&mut app);
    let step = playing(&app).session.transcript()[0].clone();
    assert_eq!(step.choice, number);
    assert!(playing(&app).feedback.is_some());
    assert_shows(&mut app, "You chose");
    assert_shows(&mut app, step.feedback.as_deref().unwrap());
    for e in step.effects.iter().filter(|e| e.applied != 0) {
        let sign = if e.applied > 0 { "up" } else { "down" };
        assert_shows(&mut app, &format!("{:+} ", e.applied));
        assert_shows(&mut app, &format!("({sign})"));
    }
    // Scores on screen follow the session, never computed by the app.
    for (max, value) in playing(&app)
        .session
        .scores()
        .map(|(s, v)| (s.max, v))
        .collect::<Vec<_>>()
    {
        assert_shows(&mut app, &format!("{value} / {max}"));
    }
    assert_shows(&mut app, "Principles: ");
    press(&mut app, KeyCode::Space);
    assert!(playing(&app).feedback.is_none());
    assert_shows(&mut app, "What do you say or do?");
}

#[test]
fn a_locked_choice_is_greyed_with_its_hint_and_cannot_be_taken() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    // Take a doorstep answer that does not ask his name, so the locked kitchen choice stays locked.
    let view = playing(&app).session.current();
    let shown = view.choices.iter().position(|c| c.number != 1).unwrap();
    press(&mut app, DIGIT_KEYS[shown]);
    press(&mut app, KeyCode::Space);
    if playing(&app).session.node().id.as_str() != "kitchen" {
        return; // the chance node sent this seed to the spill instead
    }
    assert_shows(&mut app, "Locked: Ask on the doorstep");
    let view = playing(&app).session.current();
    let locked = view.choices.iter().position(|c| !c.available).unwrap();
    let before = playing(&app).session.transcript().len();
    press(&mut app, DIGIT_KEYS[locked]);
    assert_eq!(
        playing(&app).session.transcript().len(),
        before,
        "a locked choice is not taken"
    );
    assert_shows(&mut app, "That choice is locked");
}

#[test]
fn the_debrief_shows_outcome_path_options_not_taken_and_prompts_then_rewinds() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    play_to_debrief(&mut app);
    let outcome = playing(&app).session.outcome().expect("an outcome matches");
    assert_shows(&mut app, &outcome.title);
    let ending = playing(&app)
        .session
        .current()
        .ending
        .unwrap()
        .title
        .clone();
    assert_shows(&mut app, &format!("How it ended: {ending}"));
    assert_shows(&mut app, "Final scores");
    assert_shows(&mut app, "Scores decision by decision");
    assert_shows(&mut app, "Decision 1: Leonard Abrahams said");
    assert_shows(&mut app, "Options not taken");
    assert_shows(&mut app, "Practised well:");
    assert_shows(&mut app, "To work on:");
    assert_shows(&mut app, "To reflect on");
    assert_shows(&mut app, "Objective: Introduce yourself");
    assert!(
        !lib.home().join("data/progress.ron").exists(),
        "finished sessions leave no progress to resume"
    );
    // Rewind to decision 2 and choose again.
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::KeyR);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).session.transcript().len(), 1);
    assert_shows(&mut app, "Back at decision 2");
}

#[test]
fn closing_mid_scenario_and_reopening_offers_to_resume_exactly_there() {
    let lib = TempLibrary::with_first_morning(&[]);
    let (node, made) = {
        let mut app = app(&lib.scenarios(), &lib.home());
        open_first_scenario(&mut app);
        choose_first_available(&mut app);
        press(&mut app, KeyCode::Space);
        choose_first_available(&mut app);
        let p = playing(&app);
        (p.session.node().id.0.clone(), p.session.choices_made())
    };
    assert!(lib.home().join("data/progress.ron").exists());
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    assert_shows(&mut app, "Continue where you left off");
    assert_shows(&mut app, "“The first morning”, after 2 decisions.");
    press(&mut app, KeyCode::KeyC);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).session.node().id.as_str(), node);
    assert_eq!(playing(&app).session.choices_made(), made);
}

#[test]
fn settings_change_with_keys_and_persist_between_runs() {
    let lib = TempLibrary::with_first_morning(&[]);
    {
        let mut app = app(&lib.scenarios(), &lib.home());
        wait_for_library(&mut app);
        press(&mut app, KeyCode::KeyS);
        assert_eq!(screen(&app), Screen::Settings);
        assert_shows(&mut app, "Text size");
        press(&mut app, KeyCode::ArrowRight);
        assert_shows(&mut app, "Large");
        press(&mut app, KeyCode::ArrowDown);
        press(&mut app, KeyCode::ArrowRight);
        assert_shows(&mut app, "Only at the debrief");
        press(&mut app, KeyCode::Escape);
        assert_eq!(screen(&app), Screen::Library);
    }
    let mut app = app(&lib.scenarios(), &lib.home());
    app.update();
    let settings = app.world().resource::<Settings>().clone();
    assert_eq!(settings.text_size, TextSize::Large);
    assert_eq!(
        settings.feedback,
        rapport::app::settings::FeedbackTiming::AtDebrief
    );
    assert!(
        (app.world().resource::<bevy::text::RemSize>().0 - 24.0).abs() < 0.01,
        "text size applies"
    );
}

#[test]
fn with_feedback_at_the_debrief_a_choice_moves_straight_on() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    app.world_mut().resource_mut::<Settings>().feedback =
        rapport::app::settings::FeedbackTiming::AtDebrief;
    app.world_mut().resource_mut::<Settings>().scores =
        rapport::app::settings::ScoreVisibility::AtDebrief;
    open_first_scenario(&mut app);
    assert!(!shows(&mut app, "Scores"), "scores are hidden during play");
    choose_first_available(&mut app);
    assert!(playing(&app).feedback.is_none());
    assert!(!shows(&mut app, "You chose"));
}

/// The accessibility node of each entity that carries one: its role and name.
fn a11y_nodes(app: &mut App) -> Vec<(Entity, Role, String)> {
    let mut q = app.world_mut().query::<(Entity, &AccessibilityNode)>();
    q.iter(app.world())
        .filter(|(_, n)| !n.is_hidden())
        .map(|(e, n)| {
            let name = n.label().or(n.value()).unwrap_or_default().to_owned();
            (e, n.role(), name)
        })
        .collect()
}

#[test]
fn every_text_shown_reaches_screen_readers_and_follows_changes() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    choose_first_available(&mut app);
    let mut q = app
        .world_mut()
        .query_filtered::<(&Text, Option<&AccessibilityNode>), With<Label>>();
    let missing: Vec<String> = q
        .iter(app.world())
        .filter(|(t, node)| node.is_none_or(|n| n.value() != Some(t.0.as_str())))
        .map(|(t, _)| t.0.clone())
        .collect();
    assert!(
        missing.is_empty(),
        "texts without a matching accessible label: {missing:?}"
    );
    // Change a text in place: its label follows.
    let mut q = app.world_mut().query_filtered::<&mut Text, With<Label>>();
    let mut first = q.iter_mut(app.world_mut()).next().unwrap();
    first.0 = "changed".to_owned();
    app.update();
    let mut q = app.world_mut().query::<(&Text, &AccessibilityNode)>();
    assert!(
        q.iter(app.world())
            .any(|(t, n)| t.0 == "changed" && n.value() == Some("changed"))
    );
}

#[test]
fn screen_readers_get_list_items_named_choices_the_highlight_as_focus_and_each_new_line() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app_with(&lib.scenarios(), &lib.home(), |app| {
        app.init_resource::<InputFocus>();
    });
    wait_for_library(&mut app);
    let nodes = a11y_nodes(&mut app);
    let item = nodes
        .iter()
        .find(|(_, role, _)| *role == Role::ListItem)
        .expect("the scenarios are list items");
    assert_eq!(item.2, "The first morning");
    let focus = app.world().resource::<InputFocus>().get();
    assert_eq!(
        focus,
        Some(item.0),
        "the highlighted scenario has the focus"
    );
    // The keys still work with the focus on the highlight; the briefing is announced.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    let live = |app: &mut App| {
        a11y_nodes(app)
            .into_iter()
            .find(|(_, role, _)| *role == Role::Status)
            .expect("a live region")
            .2
    };
    assert!(live(&mut app).starts_with("Briefing. The first morning"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Play);
    // Each choice is a button named with its number and text; the first one has the focus.
    let view = playing(&app).session.current();
    let choices: Vec<(bool, String)> = view
        .choices
        .iter()
        .map(|c| (c.available, c.text().to_owned()))
        .collect();
    let line = view.node.text.clone().expect("a line");
    let nodes = a11y_nodes(&mut app);
    for (i, (available, text)) in choices.iter().enumerate() {
        let name = if *available {
            format!("{}. {text}", i + 1)
        } else {
            format!("{}. ", i + 1)
        };
        assert!(
            nodes
                .iter()
                .any(|(_, role, n)| *role == Role::Button && n.starts_with(&name)),
            "no button named {name:?} in {nodes:?}"
        );
    }
    let focus = app.world().resource::<InputFocus>().get().unwrap();
    let focused = nodes.iter().find(|(e, ..)| *e == focus).expect("focus");
    assert!(focused.2.starts_with("1. "), "focus on {focused:?}");
    // The line spoken is announced.
    assert!(live(&mut app).contains(&line), "{}", live(&mut app));
    // Down moves the focus with the highlight.
    press(&mut app, KeyCode::ArrowDown);
    let focus = app.world().resource::<InputFocus>().get().unwrap();
    let nodes = a11y_nodes(&mut app);
    let focused = nodes.iter().find(|(e, ..)| *e == focus).expect("focus");
    assert!(focused.2.starts_with("2. "), "focus on {focused:?}");
}

#[test]
fn the_menu_restarts_from_the_briefing_and_returns_to_the_library() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    choose_first_available(&mut app);
    press(&mut app, KeyCode::Space);
    press(&mut app, KeyCode::Escape);
    assert_shows(&mut app, "Paused");
    press(&mut app, KeyCode::KeyR);
    assert_eq!(
        screen(&app),
        Screen::Briefing,
        "restart shows the briefing again"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Play);
    assert_eq!(playing(&app).session.transcript().len(), 0);
    assert!(!shows(&mut app, "Paused"));
    choose_first_available(&mut app);
    press(&mut app, KeyCode::Escape);
    press(&mut app, KeyCode::KeyL);
    assert_eq!(screen(&app), Screen::Library);
    assert_shows(&mut app, "Continue where you left off");
}

#[test]
fn the_author_panel_jumps_sets_scores_and_flags() {
    use rapport::app::screens::play::author::AuthorPanel;
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app(&lib.scenarios(), &lib.home());
    open_first_scenario(&mut app);
    press(&mut app, KeyCode::F12);
    assert!(app.world().resource::<AuthorPanel>().open);
    assert_shows(&mut app, "Author panel");
    assert_shows(&mut app, "At node: door");
    // Row 1 is the first score (trust): raise it by 5.
    let before = playing(&app).session.score_values()[0].1;
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::BracketRight);
    assert_eq!(playing(&app).session.score_values()[0].1, before + 5);
    assert_shows(&mut app, &format!("Trust: {}", before + 5));
    // Back to the jump row, move to the third node ("hallway" passes on), and jump.
    press(&mut app, KeyCode::PageUp);
    for _ in 0..3 {
        press(&mut app, KeyCode::BracketRight);
    }
    press(&mut app, KeyCode::KeyJ);
    assert_ne!(playing(&app).session.node().id.as_str(), "door");
    assert_shows(&mut app, "Author panel: jumped to");
    // A flag row toggles the flag.
    let flags = rapport::app::screens::play::author::flags(playing(&app).session.scenario());
    let asked = flags.iter().position(|f| f == "asked_name").unwrap();
    let rows_down = 1 + playing(&app).session.scenario().scores.len() + asked;
    for _ in 0..rows_down {
        press(&mut app, KeyCode::PageDown);
    }
    press(&mut app, KeyCode::BracketRight);
    assert!(playing(&app).session.flags().contains("asked_name"));
    assert_shows(&mut app, "flag asked_name: set");
    press(&mut app, KeyCode::F12);
    assert!(!shows(&mut app, "PgUp/PgDn row"), "the panel is closed");
}

#[test]
fn a_duplicate_id_in_the_app_is_the_same_problem_as_rapport_check_reports() {
    use rapport::app::library::{EntryStatus, LibraryIndex};
    let text = std::fs::read_to_string("scenarios/home-care/first-morning.ron").unwrap();
    let lib = TempLibrary::with_first_morning(&[("zz/copy.ron", text.as_str())]);
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    let index = app.world().resource::<LibraryIndex>();
    let copy = index.find("zz/copy.ron").expect("the copy is listed");
    let EntryStatus::Broken(problems) = &copy.status else {
        panic!("a second scenario with the same id cannot be played");
    };
    let d = &problems[0];
    assert_eq!(d.code, rapport::scenario::Code::DuplicateScenario);
    assert!(d.pos.is_some(), "placed on the id: {d:?}");
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("id of its own")),
        "{d:?}"
    );
}

#[test]
fn saving_a_setting_keeps_where_records_are_sent() {
    let lib = TempLibrary::with_first_morning(&[]);
    let config = lib.home().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.ron"),
        r#"(sharing: (
            lrs: Some((endpoint: "https://lrs.example.org/xAPI/", username: "key", password: "s")),
            identity: Some((name: "Sam Patel", email: Some("sam.patel@example.org"))),
        ))"#,
    )
    .unwrap();
    let mut app = app(&lib.scenarios(), &lib.home());
    wait_for_library(&mut app);
    app.world_mut().resource_mut::<Settings>().text_size = TextSize::Large;
    settle(&mut app);
    let saved = std::fs::read_to_string(config.join("settings.ron")).unwrap();
    assert!(saved.contains("Large"), "the change is saved: {saved}");
    assert!(saved.contains("lrs.example.org"), "{saved}");
    assert!(saved.contains("Sam Patel"), "{saved}");
}
