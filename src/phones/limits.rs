//! How much one client address may ask of the server: requests per second, and wrong room
//! codes (guessing) per minute. Token buckets, one per address, forgotten once full again.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The limits the server holds each client address to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Requests a client may make in a burst ...
    pub burst: u32,
    /// ... and per second after it.
    pub per_second: f64,
    /// Wrong room codes a client may send before it must wait ...
    pub wrong_codes: u32,
    /// ... and how long it waits for each further try.
    pub wrong_code_wait: Duration,
    /// Open live-update streams (one per phone page) from one client.
    pub streams: usize,
    /// Open connections from one client (a phone's browser keeps a few).
    pub connections: usize,
}

impl Default for Limits {
    /// Generous for a phone (a page asks a few times per decision), tight for a script.
    fn default() -> Self {
        Self {
            burst: 120,
            per_second: 30.0,
            wrong_codes: 10,
            wrong_code_wait: Duration::from_secs(6),
            streams: 16,
            connections: 64,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(size: u32, now: Instant) -> Self {
        Self {
            tokens: f64::from(size),
            at: now,
        }
    }

    fn refill(&mut self, size: u32, per_second: f64, now: Instant) {
        let gained = now.saturating_duration_since(self.at).as_secs_f64() * per_second;
        self.tokens = (self.tokens + gained).min(f64::from(size));
        self.at = now;
    }

    /// Whether a whole token is there (allowing for rounding in the refill).
    fn has_one(&self) -> bool {
        self.tokens >= 1.0 - 1e-9
    }

    /// Take one token; false (taking nothing) when there is none.
    fn take(&mut self) -> bool {
        if self.has_one() {
            self.tokens = (self.tokens - 1.0).max(0.0);
            true
        } else {
            false
        }
    }
}

/// The buckets of every client seen lately.
#[derive(Debug)]
pub(super) struct Limiter {
    limits: Limits,
    requests: HashMap<IpAddr, Bucket>,
    guesses: HashMap<IpAddr, Bucket>,
    streams: HashMap<IpAddr, usize>,
    connections: HashMap<IpAddr, usize>,
}

/// Forget full buckets once this many clients are remembered.
const REMEMBERED: usize = 1024;

impl Limiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            requests: HashMap::new(),
            guesses: HashMap::new(),
            streams: HashMap::new(),
            connections: HashMap::new(),
        }
    }

    fn guess_rate(&self) -> f64 {
        1.0 / self.limits.wrong_code_wait.as_secs_f64().max(0.001)
    }

    /// One request from `ip`: false when it is over its limit.
    pub fn request(&mut self, ip: IpAddr, now: Instant) -> bool {
        let Limits {
            burst, per_second, ..
        } = self.limits;
        forget_full(&mut self.requests, burst, per_second, now);
        let bucket = self
            .requests
            .entry(ip)
            .or_insert_with(|| Bucket::full(burst, now));
        bucket.refill(burst, per_second, now);
        bucket.take()
    }

    /// Whether `ip` may try a room code now (it has not used up its wrong guesses).
    pub fn may_guess(&mut self, ip: IpAddr, now: Instant) -> bool {
        let (size, rate) = (self.limits.wrong_codes, self.guess_rate());
        self.guesses.get_mut(&ip).is_none_or(|b| {
            b.refill(size, rate, now);
            b.has_one()
        })
    }

    /// `ip` sent a wrong room code.
    pub fn wrong_guess(&mut self, ip: IpAddr, now: Instant) {
        let (size, rate) = (self.limits.wrong_codes, self.guess_rate());
        forget_full(&mut self.guesses, size, rate, now);
        let bucket = self
            .guesses
            .entry(ip)
            .or_insert_with(|| Bucket::full(size, now));
        bucket.refill(size, rate, now);
        bucket.take();
    }

    /// Seconds until `ip` may try a code again.
    pub fn guess_wait(&self, ip: IpAddr) -> u64 {
        let missing = self
            .guesses
            .get(&ip)
            .map_or(0.0, |b| (1.0 - b.tokens).max(0.0));
        (missing * self.limits.wrong_code_wait.as_secs_f64())
            .ceil()
            .max(1.0) as u64
    }

    /// A live-update stream opens for `ip`: false when it has too many open.
    pub fn open_stream(&mut self, ip: IpAddr) -> bool {
        open(&mut self.streams, ip, self.limits.streams)
    }

    pub fn close_stream(&mut self, ip: IpAddr) {
        close(&mut self.streams, ip);
    }

    /// A connection opens from `ip`: false when it has too many open.
    pub fn open_connection(&mut self, ip: IpAddr) -> bool {
        open(&mut self.connections, ip, self.limits.connections)
    }

    pub fn close_connection(&mut self, ip: IpAddr) {
        close(&mut self.connections, ip);
    }
}

/// Count one more open for `ip`, unless it has `most` open already.
fn open(counts: &mut HashMap<IpAddr, usize>, ip: IpAddr, most: usize) -> bool {
    let open = counts.entry(ip).or_insert(0);
    if *open >= most {
        return false;
    }
    *open += 1;
    true
}

fn close(counts: &mut HashMap<IpAddr, usize>, ip: IpAddr) {
    if let Some(open) = counts.get_mut(&ip) {
        *open = open.saturating_sub(1);
        if *open == 0 {
            counts.remove(&ip);
        }
    }
}

/// Forget the clients whose buckets have filled up again, once there are many.
fn forget_full(map: &mut HashMap<IpAddr, Bucket>, size: u32, rate: f64, now: Instant) {
    if map.len() < REMEMBERED {
        return;
    }
    map.retain(|_, b| {
        b.refill(size, rate, now);
        b.tokens < f64::from(size)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn a_burst_then_the_rate_per_client() {
        let mut l = Limiter::new(Limits {
            burst: 3,
            per_second: 2.0,
            ..Limits::default()
        });
        let t = Instant::now();
        assert!((0..3).all(|_| l.request(A, t)));
        assert!(!l.request(A, t), "the burst is used up");
        assert!(l.request(B, t), "another client is not held back");
        assert!(!l.request(A, t + Duration::from_millis(400)));
        assert!(
            l.request(A, t + Duration::from_millis(600)),
            "half a second: one more"
        );
    }

    #[test]
    fn wrong_codes_make_a_client_wait() {
        let mut l = Limiter::new(Limits::default());
        let t = Instant::now();
        for _ in 0..10 {
            assert!(l.may_guess(A, t));
            l.wrong_guess(A, t);
        }
        assert!(!l.may_guess(A, t), "ten wrong codes, then a wait");
        assert!(l.may_guess(B, t));
        assert_eq!(l.guess_wait(A), 6);
        assert!(!l.may_guess(A, t + Duration::from_secs(5)));
        assert!(l.may_guess(A, t + Duration::from_secs(6)));
    }

    #[test]
    fn streams_and_connections_per_client_are_counted_and_given_back() {
        let mut l = Limiter::new(Limits {
            streams: 2,
            connections: 1,
            ..Limits::default()
        });
        assert!(l.open_stream(A) && l.open_stream(A));
        assert!(!l.open_stream(A));
        assert!(l.open_stream(B));
        l.close_stream(A);
        assert!(l.open_stream(A));
        assert!(l.open_connection(A) && !l.open_connection(A));
        assert!(l.open_connection(B));
        l.close_connection(A);
        assert!(l.open_connection(A));
        assert!(l.streams.contains_key(&A));
        l.close_connection(A);
        assert!(
            !l.connections.contains_key(&A),
            "forgotten when none are open"
        );
    }

    #[test]
    fn many_clients_are_forgotten_once_their_buckets_refill() {
        let mut l = Limiter::new(Limits::default());
        let t = Instant::now();
        for i in 0..2000u32 {
            l.request(IpAddr::V4(i.into()), t);
        }
        l.request(A, t + Duration::from_secs(60));
        assert!(l.requests.len() < 10, "{} remembered", l.requests.len());
    }
}
