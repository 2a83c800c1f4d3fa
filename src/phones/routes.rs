//! The server's routes and its guard: the page, joining, the phone's state (once, or as a
//! stream of server-sent events) and voting. Every `/api/` request carries the room code.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::listener::{Capped, Peer};
use super::{CLOSE_GRACE, Shared};
use crate::play::ballot::{Ballot, PhoneState, Refusal};

/// The phone's page: one file, its script and styles inline, nothing fetched from elsewhere.
const PAGE: &str = include_str!("page.html");

/// The most a request body may be (a vote is about 30 bytes).
pub(super) const MAX_BODY: usize = 1024;
/// The most all of a request's headers may be together, and how many there may be.
const MAX_HEADERS: usize = 8 * 1024;
const MAX_HEADER_COUNT: usize = 48;
/// The longest address a request may ask for.
const MAX_URI: usize = 1024;
/// How often an idle live-update stream says it is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// The page's own rules for the browser: nothing from anywhere else, no frames, no referrer.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// Serve on `listener` until the app stops the server, then free the port.
pub(super) fn run(
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
) {
    runtime.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let mut stop = shared.stopping.subscribe();
        let mut stopped = shared.stopping.subscribe();
        let app = router(Arc::clone(&shared)).into_make_service_with_connect_info::<Peer>();
        let capped = Capped {
            inner: listener,
            shared: Arc::clone(&shared),
        };
        let server = axum::serve(capped, app).with_graceful_shutdown(async move {
            // An error means the handle is gone: stop too.
            let _ = stop.wait_for(|s| *s).await;
        });
        let task = tokio::spawn(server.into_future());
        let _ = stopped.wait_for(|s| *s).await;
        // Open connections get a moment to close; then the runtime drops them and the port.
        let _ = tokio::time::timeout(CLOSE_GRACE, task).await;
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/join", post(join))
        .route("/api/state", get(state))
        .route("/api/events", get(events))
        .route("/api/vote", post(vote))
        .route("/api/name", post(name))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
}

fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn problem(status: StatusCode, error: &str) -> Response {
    json(status, &Problem { error })
}

fn refused(refusal: &Refusal) -> Response {
    let status = match refusal {
        Refusal::UnknownPhone => StatusCode::UNAUTHORIZED,
        Refusal::RoomFull => StatusCode::SERVICE_UNAVAILABLE,
        Refusal::NoDecision | Refusal::MovedOn | Refusal::Closed => StatusCode::CONFLICT,
        Refusal::NoSuchOption(_) | Refusal::Locked(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Refusal::NoRandomness(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    problem(status, &refusal.to_string())
}

fn too_many(wait: u64) -> Response {
    let mut response = problem(
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests: wait, then try again",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    response
}

/// One parameter of a query string (`code`, `token`): these never need decoding, so a value
/// with escapes in it is simply not a valid one.
fn param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Every request: sizes, the client's request rate, and (for `/api/`) the room code, with
/// wrong codes rate-limited per client.
async fn guard(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    request: Request,
    next: Next,
) -> Response {
    let ip = peer.ip();
    if request.uri().to_string().len() > MAX_URI {
        return problem(StatusCode::URI_TOO_LONG, "the address is too long");
    }
    let headers = request.headers();
    let header_bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if header_bytes > MAX_HEADERS || headers.len() > MAX_HEADER_COUNT {
        return problem(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request's headers are too large",
        );
    }
    let now = Instant::now();
    if !shared.limiter().request(ip, now) {
        return too_many(1);
    }
    if request.uri().path().starts_with("/api/")
        && let Err(response) = check_code(&shared, request.uri(), ip, now)
    {
        return response;
    }
    next.run(request).await
}

/// The room code of an `/api/` request. A phone that has joined (its token and the code
/// both right) is never held back by someone else's guessing from the same address.
fn check_code(shared: &Shared, uri: &Uri, ip: IpAddr, now: Instant) -> Result<(), Response> {
    let Some(code) = param(uri, "code").filter(|c| !c.is_empty()) else {
        return Err(problem(
            StatusCode::UNAUTHORIZED,
            "the room code is missing",
        ));
    };
    let (right, joined) = {
        let ballot = shared.ballot();
        let right = ballot.code().matches(code);
        (right, param(uri, "token").is_some_and(|t| ballot.knows(t)))
    };
    if right && joined {
        return Ok(());
    }
    let mut limiter = shared.limiter();
    if !limiter.may_guess(ip, now) {
        return Err(too_many(limiter.guess_wait(ip)));
    }
    if !right {
        limiter.wrong_guess(ip, now);
        return Err(problem(StatusCode::FORBIDDEN, "wrong room code"));
    }
    Ok(())
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        PAGE,
    )
        .into_response()
}

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "no such page")
}

fn token(uri: &Uri) -> &str {
    param(uri, "token").unwrap_or("")
}

fn state_of(shared: &Shared, uri: &Uri) -> Result<PhoneState, Response> {
    shared
        .ballot()
        .state_for(token(uri))
        .map_err(|r| refused(&r))
}

#[derive(Serialize)]
struct Joined {
    token: String,
    state: PhoneState,
}

async fn join(State(shared): State<Arc<Shared>>) -> Response {
    let joined = {
        let mut ballot = shared.ballot();
        ballot.join().and_then(|token| {
            let state = ballot.state_for(token.as_str())?;
            Ok(Joined {
                token: token.as_str().to_owned(),
                state,
            })
        })
    };
    match joined {
        Ok(joined) => {
            shared.changed();
            json(StatusCode::OK, &joined)
        }
        Err(refusal) => refused(&refusal),
    }
}

async fn state(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    match state_of(&shared, &uri) {
        Ok(state) => json(StatusCode::OK, &state),
        Err(response) => response,
    }
}

/// A request body as JSON of type `T`, or the response refusing it.
fn body<T: for<'de> Deserialize<'de>>(bytes: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(bytes).map_err(|e| {
        problem(
            StatusCode::BAD_REQUEST,
            &format!("the request is not understood: {e}"),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    /// The decision the phone was shown.
    round: u32,
    /// The option as the room numbers them.
    option: usize,
}

async fn vote(State(shared): State<Arc<Shared>>, uri: Uri, bytes: Bytes) -> Response {
    change(&shared, &uri, &bytes, |ballot, token, vote: VoteBody| {
        ballot.vote(token, vote.round, vote.option)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Name {
    name: String,
}

async fn name(State(shared): State<Arc<Shared>>, uri: Uri, bytes: Bytes) -> Response {
    change(&shared, &uri, &bytes, |ballot, token, given: Name| {
        ballot.set_name(token, &given.name).map(|_| ())
    })
}

/// A phone's request that changes the room: its body read as `T`, the change made, and the
/// phone's state sent back (the app is woken).
fn change<T: for<'de> Deserialize<'de>>(
    shared: &Shared,
    uri: &Uri,
    bytes: &Bytes,
    make: impl FnOnce(&mut Ballot, &str, T) -> Result<(), Refusal>,
) -> Response {
    let given: T = match body(bytes) {
        Ok(given) => given,
        Err(response) => return response,
    };
    let result = {
        let mut ballot = shared.ballot();
        make(&mut ballot, token(uri), given).and_then(|()| ballot.state_for(token(uri)))
    };
    match result {
        Ok(state) => {
            shared.changed();
            json(StatusCode::OK, &state)
        }
        Err(refusal) => refused(&refusal),
    }
}

/// An open stream, counted against its client until it closes.
struct Open {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.shared.limiter().close_stream(self.ip);
    }
}

/// The phone's state now and again whenever it changes, as server-sent events; the stream
/// ends when the server stops or the phone is no longer known.
async fn events(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    uri: Uri,
) -> Response {
    if let Err(response) = state_of(&shared, &uri) {
        return response;
    }
    if !shared.limiter().open_stream(peer.ip()) {
        return too_many(5);
    }
    let open = Open {
        shared: Arc::clone(&shared),
        ip: peer.ip(),
    };
    let token = token(&uri).to_owned();
    let views = shared.views.subscribe();
    let stopping = shared.stopping.subscribe();
    let start = (open, token, views, stopping, true);
    let stream = futures_util::stream::unfold(start, |state| async move {
        let (open, token, mut views, mut stopping, first) = state;
        if !first {
            tokio::select! {
                changed = views.changed() => changed.ok()?,
                _ = stopping.wait_for(|s| *s) => return None,
            }
        }
        if *stopping.borrow() {
            return None;
        }
        let now = open.shared.ballot().state_for(&token).ok()?;
        let data = serde_json::to_string(&now).ok()?;
        let event = Event::default().event("state").data(data);
        Some((
            Ok::<_, Infallible>(event),
            (open, token, views, stopping, false),
        ))
    });
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
