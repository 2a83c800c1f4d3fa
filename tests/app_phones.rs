//! Phone voting in the app, headless: Q (or `--phones`) starts the server on 127.0.0.1, the
//! phones see the decision the room sees, their votes add to the facilitator's count, the count
//! stays hidden from the projector until the vote is taken, and the vote then goes on as before;
//! turning it off (or ending the group session) stops the server.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use rapport::app::group::phones::{Phones, PhonesAddr};
use rapport::app::screen::Screen;
use rapport::app::settings::Settings;
use support::app::*;
use support::http::{Phone, get};

/// A group session at the first decision, with phone voting on 127.0.0.1.
fn session_with_phones(lib: &TempLibrary) -> App {
    let mut app = app_with(&lib.scenarios(), &lib.home(), |app| {
        app.insert_resource(PhonesAddr(Some("127.0.0.1:0".parse().unwrap())));
    });
    wait_for_library(&mut app);
    press(&mut app, KeyCode::F5);
    press(&mut app, KeyCode::KeyQ);
    assert!(
        app.world().resource::<Settings>().phones,
        "Q turns phone voting on"
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Play);
    app
}

/// The server's address and the room code.
fn server(app: &App) -> (SocketAddr, String) {
    let phones = app.world().resource::<Phones>();
    let (address, code) = phones.address_and_code().expect("phone voting is on");
    let addr = address.trim_start_matches("http://").parse().unwrap();
    (addr, code)
}

/// Update the app until `done` holds (the server answers on its own thread).
fn until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    let started = Instant::now();
    while !done(app) {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        app.update();
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_rooms_phones_vote_and_the_vote_goes_on_as_before() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = session_with_phones(&lib);
    let (addr, code) = server(&app);
    assert!(
        shows(&mut app, &format!("with the code {code}")),
        "the join line"
    );

    let mut phones: Vec<Phone> = (0..3).map(|_| Phone::join(addr, &code)).collect();
    let state = phones[0].state(addr, &code);
    let line = playing(&app).session.current().node.text.clone().unwrap();
    assert_eq!(state["line"].as_str(), Some(line.as_str()), "{state}");
    assert_eq!(state["open"], false, "no vote before V");

    press(&mut app, KeyCode::KeyV);
    until(&mut app, "the vote reaches the phones", |app| {
        app.update();
        phones[0].state(addr, &server(app).1)["open"] == true
    });
    let round = phones[0].state(addr, &code)["round"].as_u64().unwrap();
    for phone in &mut phones[..2] {
        assert_eq!(phone.vote(addr, &code, round, 2).status, 200);
    }
    assert_eq!(phones[2].vote(addr, &code, round, 1).status, 200);
    // The facilitator counts one hand for option 1 as well.
    press(&mut app, KeyCode::Digit1);
    until(&mut app, "the phones' votes reach the app", |app| {
        tallies(app) == [2, 2, 0]
    });
    // The projector shows how many voted, not how.
    assert!(shows(&mut app, "phones: 3 of 3 voted"));
    assert!(shows(&mut app, "hidden"));
    // A phone changes its mind: option 2 now leads.
    assert_eq!(phones[2].vote(addr, &code, round, 2).status, 200);
    until(&mut app, "the change reaches the app", |app| {
        tallies(app) == [1, 3, 0]
    });

    press(&mut app, KeyCode::Enter);
    let step = playing(&app)
        .feedback
        .clone()
        .expect("the room's choice is taken");
    let authored = step.votes.expect("the tally is kept");
    assert_eq!(authored.iter().sum::<u32>(), 4);
    // Between decisions the phones wait.
    until(&mut app, "the phones are told to wait", |app| {
        app.update();
        phones[0].state(addr, &server(app).1)["stage"] == "waiting"
    });

    // Q again stops the server: the port is free.
    press(&mut app, KeyCode::KeyQ);
    settle(&mut app);
    assert!(!app.world().resource::<Phones>().on());
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
}

#[test]
fn ending_the_group_session_stops_phone_voting() {
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = session_with_phones(&lib);
    let (addr, _) = server(&app);
    assert_eq!(get(addr, "/").status, 200, "the page is served");
    press(&mut app, KeyCode::F5);
    settle(&mut app);
    assert!(!app.world().resource::<Phones>().on());
    assert!(!app.world().resource::<Settings>().phones);
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
}

/// The whole vote at this decision, as shown.
fn tallies(app: &App) -> Vec<u32> {
    let session = &playing(app).session;
    app.world()
        .resource::<rapport::app::group::Group>()
        .open_vote(session)
        .map(|v| v.tally(session).tallies().to_vec())
        .unwrap_or_default()
}

#[test]
fn the_join_card_never_covers_the_library() {
    use rapport::app::group::JOIN_CARD_WIDTH;
    use rapport::app::theme::widget::Scrollable;
    let lib = TempLibrary::with_first_morning(&[]);
    let mut app = app_with(&lib.scenarios(), &lib.home(), |app| {
        app.insert_resource(PhonesAddr(Some("127.0.0.1:0".parse().unwrap())));
    });
    wait_for_library(&mut app);
    let right_padding = |app: &mut App| {
        let mut areas = app.world_mut().query_filtered::<&Node, With<Scrollable>>();
        match areas.single(app.world()).unwrap().padding.right {
            Val::Px(px) => px,
            other => panic!("{other:?}"),
        }
    };
    assert!(right_padding(&mut app) < JOIN_CARD_WIDTH);
    press(&mut app, KeyCode::F5);
    press(&mut app, KeyCode::KeyQ);
    settle(&mut app);
    assert!(
        right_padding(&mut app) >= JOIN_CARD_WIDTH,
        "the library's content keeps clear of the join card"
    );
    press(&mut app, KeyCode::KeyQ);
    settle(&mut app);
    assert!(right_padding(&mut app) < JOIN_CARD_WIDTH);
}
