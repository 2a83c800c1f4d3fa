//! Phone voting's server on 127.0.0.1, spoken to as phones would over plain HTTP: sixty phones
//! join and vote at once; bad requests are refused cleanly; nothing secret reaches a phone;
//! stopping frees the port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use rapport::phones::{Limits, Options, PhoneServer};
use rapport::play::Session;
use rapport::play::ballot::PhoneView;
use rapport::scenario::{Scenario, check_source};
use serde_json::Value;

const SCENARIO: &str = "scenarios/care-home/sixty-one-years.ron";
const TIMEOUT: Duration = Duration::from_secs(10);

fn scenario() -> Arc<Scenario> {
    let text = std::fs::read_to_string(SCENARIO).expect("the scenario is in the library");
    Arc::new(check_source(&text, None).scenario.expect("it checks"))
}

fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().expect("an address")
}

/// One HTTP exchange: status, headers (lower-cased), body.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connects");
    stream.set_read_timeout(Some(TIMEOUT)).expect("a timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("a timeout");
    stream
}

fn read_reply(stream: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    // A reset after the reply (a refused upload) ends the reading; the reply is complete.
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Reply {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_owned(),
    }
}

/// A request with `extra` headers and a JSON body (when `body` is some).
fn send(addr: SocketAddr, method: &str, path: &str, extra: &str, body: Option<&str>) -> Reply {
    let mut stream = connect(addr);
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: phones\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("sends");
    read_reply(&mut stream)
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, "GET", path, "", None)
}

fn post(addr: SocketAddr, path: &str, body: &str) -> Reply {
    send(addr, "POST", path, "", Some(body))
}

/// A joined phone: its token, and every body it was sent.
struct Phone {
    token: String,
    seen: Vec<String>,
}

impl Phone {
    fn join(addr: SocketAddr, code: &str) -> Self {
        let r = post(addr, &format!("/api/join?code={code}"), "{}");
        assert_eq!(r.status, 200, "{}", r.body);
        let token = r.json()["token"].as_str().expect("a token").to_owned();
        Self {
            token,
            seen: vec![r.body],
        }
    }

    fn path(&self, what: &str, code: &str) -> String {
        format!("/api/{what}?code={code}&token={}", self.token)
    }

    fn vote(&mut self, addr: SocketAddr, code: &str, round: u64, option: usize) -> Reply {
        let body = format!(r#"{{"round":{round},"option":{option}}}"#);
        let r = post(addr, &self.path("vote", code), &body);
        self.seen.push(r.body.clone());
        r
    }

    fn state(&mut self, addr: SocketAddr, code: &str) -> Value {
        let r = get(addr, &self.path("state", code));
        assert_eq!(r.status, 200, "{}", r.body);
        self.seen.push(r.body.clone());
        r.json()
    }
}

/// A live-update stream: each `data:` line is one state.
struct Events {
    lines: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: SocketAddr, path: &str) -> Self {
        let mut stream = connect(addr);
        let request = format!("GET {path} HTTP/1.1\r\nHost: phones\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("sends");
        let mut lines = BufReader::new(stream);
        let mut status = String::new();
        lines.read_line(&mut status).expect("a status line");
        assert!(status.contains(" 200 "), "{status}");
        Self { lines }
    }

    /// The next state sent, or `None` when the stream ended.
    fn next(&mut self) -> Option<String> {
        loop {
            let mut line = String::new();
            if self.lines.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return Some(data.trim_end().to_owned());
            }
        }
    }
}

/// Words of the scenario a phone must never be sent: feedback, facilitator notes, scores.
fn secrets(scenario: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for node in &scenario.nodes {
        out.extend(node.facilitator_note.clone());
        for choice in node.choices.iter().flatten() {
            out.extend(choice.feedback.clone());
            out.extend(
                choice
                    .principles
                    .iter()
                    .map(|p| format!("\"{}\"", p.as_str())),
            );
        }
    }
    for score in &scenario.scores {
        out.push(format!("\"{}\"", score.id.as_str()));
        out.push(format!("\"{}\"", score.label));
        out.push(score.description.clone());
    }
    out.extend(["effects", "feedback", "facilitator", "scores"].map(String::from));
    out.retain(|s| s.len() > 3);
    out
}

fn assert_nothing_secret(bodies: &[String], secrets: &[String]) {
    assert!(!bodies.is_empty());
    for body in bodies {
        for secret in secrets {
            assert!(
                !body.contains(secret.as_str()),
                "{secret:?} reached a phone: {body}"
            );
        }
    }
}

fn relaxed() -> Limits {
    Limits {
        burst: 100_000,
        per_second: 100_000.0,
        streams: 1000,
        connections: 1000,
        ..Limits::default()
    }
}

#[test]
fn sixty_phones_vote_at_once_change_votes_and_the_tally_is_exact() {
    let scenario = scenario();
    let mut session = Session::new(Arc::clone(&scenario), 7).expect("starts");
    let wakes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakes);
    let server = PhoneServer::start(
        loopback(),
        Options {
            limits: relaxed(),
            wake: Some(Arc::new(move || {
                counter.fetch_add(1, Ordering::Relaxed);
            })),
            ..Options::default()
        },
    )
    .expect("starts");
    let (addr, code) = (server.addr(), server.code().to_string());
    server.publish(PhoneView::of(&session, false));
    let offered: Vec<usize> = {
        let view = session.current();
        let open = view.choices.iter().enumerate().filter(|(_, c)| c.available);
        open.map(|(i, _)| i + 1).collect()
    };
    assert!(
        offered.len() >= 2,
        "the first decision has options to choose from"
    );

    const PHONES: usize = 60;
    let ready = Arc::new(Barrier::new(PHONES + 1));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let phones: Vec<_> = (0..PHONES)
        .map(|i| {
            let (ready, seen, code) = (Arc::clone(&ready), Arc::clone(&seen), code.clone());
            let (first, last) = (offered[i % offered.len()], offered[(i / 2) % offered.len()]);
            std::thread::spawn(move || {
                let mut phone = Phone::join(addr, &code);
                let mut events = Events::open(addr, &phone.path("events", &code));
                let closed = events.next().expect("the state at once");
                phone.seen.push(closed.clone());
                ready.wait();
                // Wait for the vote to open, as a phone's page does.
                let open: Value = loop {
                    let next = events.next().expect("the vote opens");
                    phone.seen.push(next.clone());
                    let state: Value = serde_json::from_str(&next).expect("JSON");
                    if state["open"] == true {
                        break state;
                    }
                };
                let round = open["round"].as_u64().expect("a round");
                assert_eq!(phone.vote(addr, &code, round, first).status, 200);
                // Every other phone changes its mind.
                let last = if i % 2 == 0 { last } else { first };
                assert_eq!(phone.vote(addr, &code, round, last).status, 200);
                assert_eq!(phone.state(addr, &code)["vote"], last);
                seen.lock().expect("a lock").append(&mut phone.seen);
                last
            })
        })
        .collect();
    ready.wait();
    let before = server.revision();
    let opened = Instant::now();
    server.publish(PhoneView::of(&session, true));
    // The tally the phones will end with, in the order shown.
    let mut expected = vec![0u32; session.current().choices.len()];
    for i in 0..PHONES {
        let (first, last) = (offered[i % offered.len()], offered[(i / 2) % offered.len()]);
        expected[if i % 2 == 0 { last } else { first } - 1] += 1;
    }
    let counted = loop {
        let counts = server.counts();
        if counts.voted == PHONES && counts.shown == expected {
            break opened.elapsed();
        }
        assert!(opened.elapsed() < TIMEOUT, "counts stuck at {counts:?}");
        std::thread::sleep(Duration::from_millis(1));
    };
    println!(
        "phone voting: {PHONES} phones told the vote is open, voted twice each, and counted \
         in {} ms",
        counted.as_millis()
    );
    assert!(counted < Duration::from_secs(1), "took {counted:?}");
    let finals: Vec<usize> = phones
        .into_iter()
        .map(|p| p.join().expect("a phone"))
        .collect();
    assert_eq!(finals.len(), PHONES);
    let counts = server.counts();
    assert_eq!((counts.joined, counts.voted), (PHONES, PHONES));
    assert_eq!(counts.shown, expected, "the tally, exactly");
    assert!(
        server.revision() > before,
        "the revision moves with the counts"
    );
    assert!(
        wakes.load(Ordering::Relaxed) >= PHONES * 3,
        "the app is woken for every join and vote"
    );

    // The next decision: every phone is told, votes start again, nothing secret is sent.
    let mut bodies = std::mem::take(&mut *seen.lock().expect("a lock"));
    let mut phone = Phone::join(addr, &code);
    for _ in 0..3 {
        let view = session.current();
        let Some(number) = view.choices.iter().find(|c| c.available).map(|c| c.number) else {
            break;
        };
        session.choose(number).expect("a choice");
        server.publish(PhoneView::Waiting);
        bodies.push(phone.state(addr, &code).to_string());
        server.publish(PhoneView::of(&session, true));
        let state = phone.state(addr, &code);
        assert_eq!(
            server.counts().voted,
            0,
            "a new decision starts with no votes"
        );
        if state["stage"] == "decision" {
            let round = state["round"].as_u64().expect("a round");
            assert_eq!(phone.vote(addr, &code, round, 1).status, 200);
        }
    }
    bodies.append(&mut phone.seen);
    assert_nothing_secret(&bodies, &secrets(&scenario));
}

/// A decision of the library scenario with a locked option on show, found by playing.
fn at_a_locked_option(scenario: &Arc<Scenario>) -> Session {
    let mut todo = vec![Session::new(Arc::clone(scenario), 1).expect("starts")];
    for _ in 0..5000 {
        let Some(s) = todo.pop() else { break };
        let view = s.current();
        if view.choices.iter().any(|c| !c.available) {
            return s;
        }
        for c in view.choices.iter().filter(|c| c.available) {
            let mut next = s.clone();
            if next.choose(c.number).is_ok() {
                todo.push(next);
            }
        }
    }
    panic!("no decision with a locked option on show");
}

#[test]
fn bad_requests_are_refused_cleanly_and_the_server_carries_on() {
    let scenario = scenario();
    let session = at_a_locked_option(&scenario);
    let server = PhoneServer::start(loopback(), Options::default()).expect("starts");
    let (addr, code) = (server.addr(), server.code().to_string());
    server.publish(PhoneView::of(&session, true));
    let mut phone = Phone::join(addr, &code);
    let round = phone.state(addr, &code)["round"].as_u64().expect("a round");
    let view = session.current();
    let locked = view
        .choices
        .iter()
        .position(|c| !c.available)
        .expect("locked")
        + 1;
    let open = view.choices.iter().position(|c| c.available).expect("open") + 1;
    let token = phone.token.clone();
    let wrong = if code == "ABCDEF" { "ABCDEG" } else { "ABCDEF" };

    let refusals = [
        (get(addr, "/api/state"), 401, "no code"),
        (
            get(addr, &format!("/api/state?token={token}")),
            401,
            "no code",
        ),
        (
            get(addr, &format!("/api/state?code={wrong}&token={token}")),
            403,
            "wrong code",
        ),
        (
            post(addr, &format!("/api/join?code={wrong}"), "{}"),
            403,
            "wrong code",
        ),
        (
            get(addr, &format!("/api/state?code={code}&token=guess")),
            401,
            "unknown phone",
        ),
        (get(addr, "/admin"), 404, "unknown path"),
        (get(addr, "/../../etc/passwd"), 404, "unknown path"),
        (
            get(addr, &format!("/api/scores?code={code}")),
            404,
            "unknown path",
        ),
        (
            get(addr, &format!("/api/vote?code={code}&token={token}")),
            405,
            "wrong method",
        ),
        (
            phone.vote(addr, &code, round, locked),
            422,
            "a locked option",
        ),
        (phone.vote(addr, &code, round, 0), 422, "no option 0"),
        (phone.vote(addr, &code, round, 99), 422, "a missing option"),
        (
            phone.vote(addr, &code, round + 1, open),
            409,
            "another decision",
        ),
        (
            post(addr, &phone.path("vote", &code), "{\"round\":"),
            400,
            "malformed JSON",
        ),
        (post(addr, &phone.path("vote", &code), ""), 400, "no body"),
        (
            post(
                addr,
                &phone.path("vote", &code),
                r#"{"round":"1","option":1}"#,
            ),
            400,
            "a string for a number",
        ),
        (
            post(
                addr,
                &phone.path("vote", &code),
                r#"{"round":1,"option":1,"x":1}"#,
            ),
            400,
            "an unknown field",
        ),
        (
            post(
                addr,
                &phone.path("vote", &code),
                r#"{"round":-1,"option":1}"#,
            ),
            400,
            "a negative round",
        ),
        (
            send(
                addr,
                "GET",
                "/",
                &format!("X-Big: {}\r\n", "a".repeat(9000)),
                None,
            ),
            431,
            "a huge header",
        ),
        (
            get(addr, &format!("/?{}", "a".repeat(2000))),
            414,
            "a long address",
        ),
    ];
    for (reply, status, why) in &refusals {
        assert_eq!(reply.status, *status, "{why}: {}", reply.body);
        if reply.status != 431 && reply.status != 405 {
            assert!(
                reply.head.contains("application/json"),
                "{why}: {}",
                reply.head
            );
            assert!(reply.json()["error"].is_string(), "{why}: says why");
        }
    }
    // A 10 MB upload is refused before it is read, whether its length is given or not.
    for chunked in [false, true] {
        let reply = upload(addr, &phone.path("vote", &code), 10 << 20, chunked);
        assert_eq!(
            reply.status, 413,
            "10 MB (chunked: {chunked}): {}",
            reply.body
        );
    }
    // After closing, no vote counts.
    assert_eq!(phone.vote(addr, &code, round, open).status, 200);
    server.publish(PhoneView::of(&session, false));
    let closed = phone.vote(addr, &code, round, open);
    assert_eq!(
        (closed.status, server.counts().voted),
        (409, 1),
        "{}",
        closed.body
    );
    server.publish(PhoneView::of(&session, true));

    // Thousands of requests a second from one client: guessing codes is stopped within ten
    // tries, and asking too often is refused; the app's handle answers at once throughout.
    let flood = Instant::now();
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let handle_slowest = Arc::new(Mutex::new(Duration::ZERO));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let (slowest, stopped) = (Arc::clone(&handle_slowest), Arc::clone(&stop));
        let (server, session) = (&server, &session);
        std::thread::scope(|scope| {
            let w = scope.spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let _ = server.counts();
                    server.publish(PhoneView::of(session, true));
                    let took = t.elapsed();
                    let mut s = slowest.lock().expect("a lock");
                    *s = (*s).max(took);
                    drop(s);
                    std::thread::sleep(Duration::from_millis(2));
                }
            });
            let floods: Vec<_> = (0..4)
                .map(|_| {
                    let statuses = Arc::clone(&statuses);
                    scope.spawn(move || {
                        for i in 0..750 {
                            let path = if i % 2 == 0 {
                                format!("/api/join?code={wrong}")
                            } else {
                                "/".to_owned()
                            };
                            let method = if i % 2 == 0 { "POST" } else { "GET" };
                            let r = send(addr, method, &path, "", Some("{}"));
                            statuses.lock().expect("a lock").push((i % 2, r.status));
                        }
                    })
                })
                .collect();
            for f in floods {
                f.join().expect("a flood");
            }
            stop.store(true, Ordering::Relaxed);
            w.join().expect("the watcher");
        });
    }
    let took = flood.elapsed();
    let statuses = statuses.lock().expect("a lock").clone();
    let rate = statuses.len() as f64 / took.as_secs_f64();
    let slowest = *handle_slowest.lock().expect("a lock");
    println!(
        "phone voting: {} requests from one client in {} ms ({rate:.0} a second); the app's \
         handle took at most {} µs",
        statuses.len(),
        took.as_millis(),
        slowest.as_micros()
    );
    let wrong_let_through = statuses.iter().filter(|s| **s == (0, 403)).count();
    assert!(
        wrong_let_through <= 10,
        "{wrong_let_through} wrong codes were checked"
    );
    assert!(
        statuses.iter().all(|(_, s)| [200, 403, 429].contains(s)),
        "only answers, refusals and 429"
    );
    assert!(statuses.iter().filter(|s| s.1 == 429).count() > statuses.len() / 2);
    assert!(
        slowest < Duration::from_millis(100),
        "the handle waited {slowest:?}"
    );

    // Afterwards: the joined phone still votes once its client may ask again, and a
    // right code is held back while the guesses are used up, so it says nothing.
    let mut vote = phone.vote(addr, &code, round, open);
    let t = Instant::now();
    while vote.status == 429 && t.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(200));
        vote = phone.vote(addr, &code, round, open);
    }
    assert_eq!(vote.status, 200, "{}", vote.body);
    assert_eq!(vote.json()["vote"], open);
    let right = post(addr, &format!("/api/join?code={code}"), "{}");
    assert_eq!(
        right.status, 429,
        "no telling a right code from a wrong one while locked out"
    );
    assert!(right.head.contains("retry-after:"));
    assert_eq!(server.counts().voted, 1);
    assert_nothing_secret(&phone.seen, &secrets(&scenario));
}

/// A body of `size` bytes sent to `path` while the reply is read.
fn upload(addr: SocketAddr, path: &str, size: usize, chunked: bool) -> Reply {
    let mut stream = connect(addr);
    let length = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {size}")
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: phones\r\nConnection: close\r\n\
         Content-Type: application/json\r\n{length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("sends");
    let mut writer = stream.try_clone().expect("a second handle");
    let sending = std::thread::spawn(move || {
        let block = vec![b' '; 64 * 1024];
        let mut sent = 0;
        while sent < size {
            let ok = if chunked {
                let chunk = format!("{:x}\r\n", block.len());
                writer.write_all(chunk.as_bytes()).is_ok()
                    && writer.write_all(&block).is_ok()
                    && writer.write_all(b"\r\n").is_ok()
            } else {
                writer.write_all(&block).is_ok()
            };
            if !ok {
                break;
            }
            sent += block.len();
        }
        sent
    });
    let reply = read_reply(&mut stream);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let sent = sending.join().expect("the sender");
    assert!(sent <= size);
    reply
}

#[test]
fn the_page_needs_no_code_and_nothing_from_elsewhere() {
    let server = PhoneServer::start(loopback(), Options::default()).expect("starts");
    let page = get(server.addr(), "/");
    assert_eq!(page.status, 200);
    assert!(
        page.head.contains("content-type: text/html"),
        "{}",
        page.head
    );
    assert!(
        page.head
            .contains("content-security-policy: default-src 'none'")
    );
    assert!(page.body.contains("<html lang=\"en-GB\">"));
    assert!(page.body.contains("aria-live"));
    for external in [
        "http://", "https://", "//cdn", "<link", "src=", "@import", "url(",
    ] {
        assert!(!page.body.contains(external), "the page loads {external}");
    }
    let with_code = get(server.addr(), &format!("/?code={}", server.code()));
    assert_eq!(
        with_code.body, page.body,
        "the joining address is the same page"
    );
    assert!(
        server
            .join_url()
            .ends_with(&format!("/?code={}", server.code()))
    );
    let qr = server.qr().expect("a QR code");
    assert!(qr.len() >= 21 && qr.iter().all(|row| row.len() == qr.len()));
}

#[test]
fn stopping_ends_the_streams_and_frees_the_port() {
    let session = Session::new(scenario(), 3).expect("starts");
    let server = PhoneServer::start(loopback(), Options::default()).expect("starts");
    let (addr, code) = (server.addr(), server.code().to_string());
    let phone = Phone::join(addr, &code);
    let mut events = Events::open(addr, &phone.path("events", &code));
    let first = events.next().expect("the state at once");
    assert!(first.contains("\"stage\":\"waiting\""), "{first}");
    let told = Instant::now();
    server.publish(PhoneView::of(&session, false));
    let next = events.next().expect("the next decision");
    println!(
        "phone voting: a new decision reached a phone in {} µs",
        told.elapsed().as_micros()
    );
    assert!(next.contains("\"stage\":\"decision\""), "{next}");
    let t = Instant::now();
    server.stop();
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "stopped in {:?}",
        t.elapsed()
    );
    assert_eq!(events.next(), None, "the stream ended");
    TcpListener::bind(addr).expect("the port is free again");
    // Dropping the handle stops it too.
    let dropped = PhoneServer::start(loopback(), Options::default()).expect("starts");
    let addr = dropped.addr();
    drop(dropped);
    TcpListener::bind(addr).expect("the port is free again");
    assert!(
        TcpStream::connect_timeout(&addr, TIMEOUT).is_err(),
        "nobody listens"
    );
}

#[test]
fn a_client_holding_connections_open_is_held_to_its_share() {
    let server = PhoneServer::start(loopback(), Options::default()).expect("starts");
    let addr = server.addr();
    let most = Limits::default().connections;
    // Connections that never send a request (a slow or hostile client).
    let idle: Vec<TcpStream> = (0..most + 40).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let closed = idle
        .iter()
        .filter(|stream| {
            let mut stream = *stream;
            stream
                .set_read_timeout(Some(Duration::from_millis(50)))
                .expect("a timeout");
            // Closed by the server: the end of the stream or a reset; still open: a timeout.
            match stream.read(&mut [0u8; 1]) {
                Ok(n) => n == 0,
                Err(e) => !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
            }
        })
        .count();
    assert_eq!(
        closed, 40,
        "the connections past {most} are closed unanswered"
    );
    drop(idle);
    // Once they are gone, the client is answered again.
    let t = Instant::now();
    let page = loop {
        let r = get(addr, "/");
        if r.status == 200 || t.elapsed() > TIMEOUT {
            break r;
        }
    };
    assert_eq!(page.status, 200);
}

#[test]
fn first_names_reach_only_the_facilitator_and_only_when_allowed() {
    for allowed in [false, true] {
        let options = Options {
            names: allowed,
            ..Options::default()
        };
        let server = PhoneServer::start(loopback(), options).expect("starts");
        let (addr, code) = (server.addr(), server.code().to_string());
        let phone = Phone::join(addr, &code);
        let reply = post(addr, &phone.path("name", &code), r#"{"name":" Sam <b> "}"#);
        assert_eq!(reply.status, 200, "{}", reply.body);
        let kept = allowed.then(|| "Sam b".to_owned());
        assert_eq!(reply.json()["name"].as_str().map(String::from), kept);
        assert_eq!(reply.json()["names"], allowed);
        assert_eq!(server.counts().phones[0].name, kept, "allowed: {allowed}");
        let other = Phone::join(addr, &code);
        let seen = get(addr, &other.path("state", &code)).body;
        assert!(
            !seen.contains("Sam"),
            "another phone never sees a name: {seen}"
        );
        let long = format!(r#"{{"name":"{}"}}"#, "x".repeat(2000));
        let too_long = post(addr, &phone.path("name", &code), &long);
        assert_eq!(
            too_long.status, 413,
            "a name of 2000 letters is refused unread"
        );
    }
}
