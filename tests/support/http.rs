//! A small HTTP client for tests of phone voting: plain requests over a socket on 127.0.0.1,
//! each with a timeout, and a phone that joins, votes and reads its state.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

/// No exchange in a test waits longer than this.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// One HTTP exchange: status, headers (lower-cased), body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connects");
    stream.set_read_timeout(Some(TIMEOUT)).expect("a timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("a timeout");
    stream
}

pub fn read_reply(stream: &mut TcpStream) -> Reply {
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
pub fn send(addr: SocketAddr, method: &str, path: &str, extra: &str, body: Option<&str>) -> Reply {
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

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, "GET", path, "", None)
}

pub fn post(addr: SocketAddr, path: &str, body: &str) -> Reply {
    send(addr, "POST", path, "", Some(body))
}

/// A joined phone: its token, and every body it was sent.
pub struct Phone {
    pub token: String,
    pub seen: Vec<String>,
}

impl Phone {
    pub fn join(addr: SocketAddr, code: &str) -> Self {
        let r = post(addr, &format!("/api/join?code={code}"), "{}");
        assert_eq!(r.status, 200, "{}", r.body);
        let token = r.json()["token"].as_str().expect("a token").to_owned();
        Self {
            token,
            seen: vec![r.body],
        }
    }

    pub fn path(&self, what: &str, code: &str) -> String {
        format!("/api/{what}?code={code}&token={}", self.token)
    }

    pub fn vote(&mut self, addr: SocketAddr, code: &str, round: u64, option: usize) -> Reply {
        let body = format!(r#"{{"round":{round},"option":{option}}}"#);
        let r = post(addr, &self.path("vote", code), &body);
        self.seen.push(r.body.clone());
        r
    }

    pub fn state(&mut self, addr: SocketAddr, code: &str) -> Value {
        let r = get(addr, &self.path("state", code));
        assert_eq!(r.status, 200, "{}", r.body);
        self.seen.push(r.body.clone());
        r.json()
    }
}
