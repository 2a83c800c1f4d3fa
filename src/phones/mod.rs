//! Phone voting: a small web server on the room's own network that the trainees' phones open
//! to follow the session and vote. It runs on a thread of its own with its own runtime; the app
//! holds a [`PhoneServer`], publishes what the phones show, and reads the counts. The rules
//! (who may vote, what a phone may see) are the core's, in `play::ballot`. No Bevy.

mod address;
mod limits;
mod listener;
pub mod qr;
mod routes;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use thiserror::Error;
use tokio::sync::watch;

pub use address::local_network_ip;
pub use limits::Limits;

use crate::play::ballot::{Ballot, NoRandomness, PhoneCounts, PhoneView, RoomCode};

/// The port tried first, so that a room that used phone voting before finds the same address.
pub const PREFERRED_PORT: u16 = 7878;

/// Called from the server's thread whenever the counts change (a phone joined, voted, gave a
/// name): the app wakes and reads [`PhoneServer::counts`]. It must return quickly.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// How to run the server.
#[derive(Clone, Default)]
pub struct Options {
    /// The facilitator allows first names (shown only in the presenter view).
    pub names: bool,
    /// Called when the counts change.
    pub wake: Option<Wake>,
    pub limits: Limits,
    /// The room code; a random one when `None`.
    pub code: Option<RoomCode>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("names", &self.names)
            .field("wake", &self.wake.is_some())
            .field("limits", &self.limits)
            .field("code", &self.code)
            .finish()
    }
}

/// Why phone voting could not start.
#[derive(Debug, Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(
        "this computer has no address on a local network: join a Wi-Fi network or turn on \
         its hotspot, or choose one with --phones-addr IP:PORT"
    )]
    NoLocalNetwork,
    #[error("cannot start the phone-voting thread: {0}")]
    Thread(std::io::Error),
    #[error(transparent)]
    NoRandomness(#[from] NoRandomness),
}

/// What the server's thread and the app share.
struct Shared {
    ballot: Mutex<Ballot>,
    /// Bumped whenever the phones' view changes: every open page is sent its state again.
    views: watch::Sender<u64>,
    /// Bumped whenever the counts change.
    revision: AtomicU64,
    wake: Option<Wake>,
    limiter: Mutex<limits::Limiter>,
    /// True once the server is stopping: open streams end.
    stopping: watch::Sender<bool>,
}

impl Shared {
    fn ballot(&self) -> MutexGuard<'_, Ballot> {
        // A panic while holding the lock leaves the ballot whole (every change is one insert
        // or one assignment), so the poison is ignored.
        self.ballot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn limiter(&self) -> MutexGuard<'_, limits::Limiter> {
        self.limiter
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The counts changed: tell the app.
    fn changed(&self) {
        self.revision.fetch_add(1, Ordering::Release);
        if let Some(wake) = &self.wake {
            wake();
        }
    }
}

/// The running server. Dropping it stops the server and frees the port.
pub struct PhoneServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    code: RoomCode,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PhoneServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneServer")
            .field("addr", &self.addr)
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

impl PhoneServer {
    /// Listen on `addr` (port 0: any free port) and serve the phones until stopped. The
    /// phones see "waiting" until the first [`PhoneServer::publish`].
    pub fn start(addr: SocketAddr, options: Options) -> Result<Self, StartError> {
        let listener =
            TcpListener::bind(addr).map_err(|source| StartError::Listen { addr, source })?;
        let listen = |source| StartError::Listen { addr, source };
        let addr = listener.local_addr().map_err(listen)?;
        listener.set_nonblocking(true).map_err(listen)?;
        let code = match options.code {
            Some(code) => code,
            None => RoomCode::random()?,
        };
        let shared = Arc::new(Shared {
            ballot: Mutex::new(Ballot::new(code.clone(), options.names)),
            views: watch::Sender::new(0),
            revision: AtomicU64::new(0),
            wake: options.wake,
            limiter: Mutex::new(limits::Limiter::new(options.limits)),
            stopping: watch::Sender::new(false),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(StartError::Thread)?;
        let server = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("phone voting".into())
            .spawn(move || routes::run(runtime, listener, server))
            .map_err(StartError::Thread)?;
        Ok(Self {
            shared,
            addr,
            code,
            thread: Some(thread),
        })
    }

    /// Listen on the machine's local-network address, on [`PREFERRED_PORT`] or, when that is
    /// taken, any free port.
    pub fn start_on_local_network(options: Options) -> Result<Self, StartError> {
        let ip = local_network_ip().ok_or(StartError::NoLocalNetwork)?;
        Self::start(SocketAddr::new(ip, PREFERRED_PORT), options.clone())
            .or_else(|_| Self::start(SocketAddr::new(ip, 0), options))
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn code(&self) -> &RoomCode {
        &self.code
    }

    /// The address to read out: `http://192.168.1.23:7878`.
    pub fn address(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address with the code in it, which joins at once (what the QR code holds):
    /// `http://192.168.1.23:7878/?code=K7QX2M`.
    pub fn join_url(&self) -> String {
        format!("http://{}/?code={}", self.addr, self.code)
    }

    /// The QR code of [`PhoneServer::join_url`], rows of modules (`true` is dark), for the
    /// projector to draw with a quiet zone of [`qr::QUIET_ZONE`] modules.
    pub fn qr(&self) -> Result<Vec<Vec<bool>>, qr::QrError> {
        qr::modules(&self.join_url())
    }

    /// Show the phones `view` (the decision on screen and whether the vote is open, or
    /// waiting). Cheap when nothing changed, so the app may call it every time it redraws.
    pub fn publish(&self, view: PhoneView) {
        let changed = self.shared.ballot().publish(view);
        if changed {
            self.shared.views.send_modify(|v| *v = v.wrapping_add(1));
            self.shared.changed();
        }
    }

    /// How many phones joined and voted, and their tally on the decision on screen.
    pub fn counts(&self) -> PhoneCounts {
        self.shared.ballot().counts()
    }

    /// A number that changes whenever [`PhoneServer::counts`] does: compare it to the last one
    /// seen to know whether to redraw.
    pub fn revision(&self) -> u64 {
        self.shared.revision.load(Ordering::Acquire)
    }

    /// Allow first names or not (not allowing them forgets those given).
    pub fn allow_names(&self, names: bool) {
        self.shared.ballot().allow_names(names);
        self.shared.views.send_modify(|v| *v = v.wrapping_add(1));
        self.shared.changed();
    }

    /// Forget the phones' votes on the decision on screen.
    pub fn clear_votes(&self) {
        self.shared.ballot().clear_votes();
        self.shared.views.send_modify(|v| *v = v.wrapping_add(1));
        self.shared.changed();
    }

    /// Stop serving and free the port; returns once the server's thread has ended (open
    /// connections are given a second to close).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stopping.send_replace(true);
        if let Some(thread) = self.thread.take() {
            // The thread only ends; a panic in it has nothing left to clean up.
            let _ = thread.join();
        }
    }
}

impl Drop for PhoneServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The address to listen on when the app is given none and no local network was found: only
/// this computer can reach it.
pub const LOOPBACK: SocketAddr = SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0);

/// How long open connections are given to close when the server stops.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handle_can_live_in_the_apps_world() {
        fn shared_between_threads<T: Send + Sync + 'static>() {}
        shared_between_threads::<PhoneServer>();
        shared_between_threads::<Options>();
    }
}
