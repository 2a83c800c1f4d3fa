//! Phone voting in a group session (Q, or the Settings row): the local web server the room's
//! phones vote through, started and stopped with the setting; what the phones may see, sent as
//! the session moves on; the phones' votes added to the room's vote; the join address, room code
//! and QR code for the projector. The rules are the core's (`play::ballot`), the server is
//! `phones`; this module only carries messages between them and the app.

use std::net::SocketAddr;
use std::sync::Arc;

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};

use super::Group;
use crate::app::playing::Playing;
use crate::app::screen::{Redraw, Screen};
use crate::app::settings::Settings;
use crate::phones::{Options, PhoneServer, qr};
use crate::play::ballot::{PhoneCounts, PhoneView};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Phones>();
    app.init_resource::<PhonesAddr>();
    app.add_systems(
        Update,
        (start_or_stop, take_counts).chain().after(super::act),
    );
    app.add_systems(PostUpdate, publish);
}

/// Where the server listens: `--phones-addr IP:PORT`, or the local network's address.
#[derive(Resource, Default, Debug, Clone)]
pub struct PhonesAddr(pub Option<SocketAddr>);

/// Phone voting, while it is on.
#[derive(Resource, Default)]
pub struct Phones {
    server: Option<PhoneServer>,
    /// Why phone voting could not start, for the facilitator.
    pub problem: Option<String>,
    /// The QR code of the join address, drawn once each time the server starts.
    pub qr: Option<Handle<Image>>,
    /// The phones' counts, as last read.
    pub counts: PhoneCounts,
    revision: u64,
}

impl Phones {
    /// Whether the room's phones can vote now.
    pub fn on(&self) -> bool {
        self.server.is_some()
    }

    /// The address to open, with the code in it (what the QR code holds).
    pub fn join_url(&self) -> Option<String> {
        self.server.as_ref().map(PhoneServer::join_url)
    }

    /// The address without the code, to read out, and the code.
    pub fn address_and_code(&self) -> Option<(String, String)> {
        self.server
            .as_ref()
            .map(|s| (s.address(), s.code().as_str().to_owned()))
    }
}

/// Start the server when phone voting is asked for in a group session; stop it when it is
/// turned off or the group session ends. A server that cannot start says why, and the session
/// goes on with hands.
fn start_or_stop(
    mut phones: ResMut<Phones>,
    mut settings: ResMut<Settings>,
    addr: Res<PhonesAddr>,
    proxy: Option<Res<EventLoopProxyWrapper>>,
    mut images: ResMut<Assets<Image>>,
    mut redraw: ResMut<Redraw>,
) {
    let wanted = settings.group && settings.phones;
    if !settings.group && settings.phones {
        settings.phones = false;
    }
    match (wanted, phones.server.is_some()) {
        (true, false) if phones.problem.is_none() => {
            let wake = proxy.map(|p| {
                let proxy = (**p).clone();
                Arc::new(move || {
                    let _ = proxy.send_event(WinitUserEvent::WakeUp);
                }) as crate::phones::Wake
            });
            let options = Options {
                wake,
                names: settings.phone_names,
                ..Options::default()
            };
            let started = match addr.0 {
                Some(addr) => PhoneServer::start(addr, options),
                None => PhoneServer::start_on_local_network(options),
            };
            match started {
                Ok(server) => {
                    // One line on standard output, for a facilitator to read out and for scripts.
                    println!("phone voting: {}", server.join_url());
                    info!("phone voting: {}", server.join_url());
                    phones.qr = server.qr().ok().map(|rows| images.add(qr_image(&rows)));
                    phones.revision = u64::MAX;
                    phones.server = Some(server);
                }
                Err(e) => {
                    warn!("phone voting could not start: {e}");
                    phones.problem = Some(format!(
                        "Phone voting could not start: {e}. The room can still vote by hands."
                    ));
                }
            }
            redraw.0 = true;
        }
        (false, true) => {
            if let Some(server) = phones.server.take() {
                server.stop();
            }
            phones.qr = None;
            phones.counts = PhoneCounts::default();
            redraw.0 = true;
        }
        (false, false) if phones.problem.is_some() => {
            phones.problem = None;
            redraw.0 = true;
        }
        (true, true) if settings.is_changed() => {
            if let Some(server) = &phones.server {
                server.allow_names(settings.phone_names);
            }
        }
        _ => {}
    }
}

/// Read the phones' counts when they changed, into the room's vote.
fn take_counts(
    mut phones: ResMut<Phones>,
    playing: Option<Res<Playing>>,
    mut group: ResMut<Group>,
    mut redraw: ResMut<Redraw>,
) {
    let Some(server) = phones.server.as_ref() else {
        return;
    };
    let revision = server.revision();
    if revision == phones.revision {
        return;
    }
    let counts = server.counts();
    phones.revision = revision;
    if let (Some(playing), Some(vote)) = (playing.as_ref(), group.vote.as_mut())
        && vote.is_for(&playing.session)
    {
        vote.set_phones(&playing.session, counts.clone());
    }
    info!(
        "phones: {} joined, {} voted, {:?}",
        counts.joined, counts.voted, counts.shown
    );
    phones.counts = counts;
    redraw.0 = true;
}

/// Tell the phones what the room sees now: the decision while play waits for one, else
/// "waiting" (the briefing, feedback, the debrief). Only when something they see may have
/// changed, not on every frame the timer draws.
fn publish(
    phones: Res<Phones>,
    screen: Res<State<Screen>>,
    playing: Option<Res<Playing>>,
    group: Res<Group>,
) {
    let Some(server) = phones.server.as_ref() else {
        return;
    };
    let changed = phones.is_changed()
        || screen.is_changed()
        || group.is_changed()
        || playing.as_ref().is_some_and(Res::is_changed);
    if !changed {
        return;
    }
    let view = match (screen.get(), playing) {
        (Screen::Play, Some(p)) if p.feedback.is_none() => {
            PhoneView::of(&p.session, group.open_vote(&p.session).is_some())
        }
        _ => PhoneView::Waiting,
    };
    server.publish(view);
}

/// The QR code as an image: 8 pixels a module, black on white, with its quiet zone.
fn qr_image(rows: &[Vec<bool>]) -> Image {
    let (side, grey) = qr::pixels(rows, 8);
    let rgba: Vec<u8> = grey.iter().flat_map(|&g| [g, g, g, 255]).collect();
    let side = side as u32;
    Image::new(
        Extent3d {
            width: side,
            height: side,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        rgba,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}
