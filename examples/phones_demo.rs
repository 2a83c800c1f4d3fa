//! Phone voting without the app: serves a scenario's first decision to phones and prints the
//! counts whenever they change. For the browser test (`scripts/phones-browser.sh`) and for
//! trying the phone page by hand.
//!
//! ```text
//! cargo run --no-default-features --features phones --example phones_demo -- \
//!     [--scenario FILE] [--addr IP:PORT] [--seed N] [--names]
//! ```
//! It prints `phone voting: <join address>`, then one `counts: ...` line per change. Commands
//! on standard input, one a line: `open`, `close`, `next` (take the first option on offer and
//! show the next decision), `locked` (play on to a decision with a locked option on show),
//! `waiting`, `quit` (or the end of the input).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc;

use rapport::phones::{Options, PhoneServer};
use rapport::play::Session;
use rapport::play::ballot::PhoneView;
use rapport::scenario::check_source;

enum Message {
    Counts,
    Command(String),
    End,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("phones_demo: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut scenario = "scenarios/care-home/sixty-one-years.ron".to_owned();
    let (mut addr, mut seed, mut names) = (None::<SocketAddr>, 1u64, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--scenario" => scenario = value()?,
            "--addr" => addr = Some(value()?.parse().map_err(|e| format!("--addr: {e}"))?),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--names" => names = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let text = std::fs::read_to_string(&scenario).map_err(|e| format!("{scenario}: {e}"))?;
    let checked = check_source(&text, None);
    let parsed = checked
        .scenario
        .ok_or(format!("{scenario} does not check"))?;
    let mut session = Session::new(Arc::new(parsed), seed).map_err(|e| e.to_string())?;

    let (tx, rx) = mpsc::channel();
    let wake = tx.clone();
    let options = Options {
        names,
        wake: Some(Arc::new(move || {
            let _ = wake.send(Message::Counts);
        })),
        ..Options::default()
    };
    let server = match addr {
        Some(addr) => PhoneServer::start(addr, options),
        None => PhoneServer::start_on_local_network(options),
    }
    .map_err(|e| e.to_string())?;
    println!("phone voting: {}", server.join_url());
    let mut open = false;
    server.publish(PhoneView::of(&session, open));

    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            if tx.send(Message::Command(line.trim().to_owned())).is_err() {
                return;
            }
        }
        let _ = tx.send(Message::End);
    });

    let mut shown = None;
    for message in rx {
        match message {
            Message::Counts => {
                let revision = server.revision();
                if shown == Some(revision) {
                    continue;
                }
                shown = Some(revision);
                let c = server.counts();
                let names: Vec<&str> = c.phones.iter().filter_map(|p| p.name.as_deref()).collect();
                println!(
                    "counts: joined={} voted={} shown={:?} authored={:?} names={names:?}",
                    c.joined, c.voted, c.shown, c.authored
                );
            }
            Message::Command(command) => match command.as_str() {
                "open" | "close" => {
                    open = command == "open";
                    server.publish(PhoneView::of(&session, open));
                }
                "waiting" => server.publish(PhoneView::Waiting),
                "next" => {
                    let view = session.current();
                    let first = view.choices.iter().find(|c| c.available).map(|c| c.number);
                    if let Some(n) = first {
                        session.choose(n).map_err(|e| e.to_string())?;
                    }
                    open = false;
                    server.publish(PhoneView::of(&session, open));
                }
                "locked" => {
                    session = with_a_locked_option(&session)
                        .ok_or("no decision with a locked option on show")?;
                    open = true;
                    server.publish(PhoneView::of(&session, open));
                }
                "quit" => break,
                "" => {}
                other => eprintln!("phones_demo: unknown command {other}"),
            },
            Message::End => break,
        }
    }
    server.stop();
    Ok(())
}

/// The first decision from `session` on with a locked option on show, found by playing on.
fn with_a_locked_option(session: &Session) -> Option<Session> {
    let mut todo = vec![session.clone()];
    for _ in 0..5000 {
        let s = todo.pop()?;
        let view = s.current();
        if view.choices.iter().any(|c| !c.available) {
            return Some(s);
        }
        for c in view.choices.iter().filter(|c| c.available) {
            let mut next = s.clone();
            if next.choose(c.number).is_ok() {
                todo.push(next);
            }
        }
    }
    None
}
