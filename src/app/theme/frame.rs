//! The frame every screen is drawn in: the root (despawned on leaving the screen), the top bar
//! with the key hints, and the scroll area. Screens redraw on change only: a system that changes
//! what a screen shows sets [`Redraw`], and the screen's draw system rebuilds it once.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::widget::Look;
use crate::app::screen::{Redraw, Screen, ScreenRoot};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TopBarReserve>();
    app.init_resource::<SideReserve>();
}

/// Room kept free at the right of every screen's content, in logical pixels (the phone-voting
/// join card stands there while it is shown).
#[derive(Resource, Default, Debug, PartialEq)]
pub struct SideReserve(pub f32);

/// Room kept free at the right of the top bar, in logical pixels (the group session's
/// discussion timer sits there while it is shown).
#[derive(Resource, Default, Debug, PartialEq)]
pub struct TopBarReserve(pub f32);

/// What a screen's draw system needs: commands, the redraw flag, the current root and the look.
#[derive(SystemParam)]
pub struct Canvas<'w, 's> {
    pub commands: Commands<'w, 's>,
    redraw: ResMut<'w, Redraw>,
    roots: Query<'w, 's, Entity, With<ScreenRoot>>,
    pub look: Look<'w>,
    reserve: Res<'w, TopBarReserve>,
    side: Res<'w, SideReserve>,
}

impl Canvas<'_, '_> {
    /// Despawn the current screen's root if a redraw was asked for; false when there is nothing
    /// to do.
    pub fn begin(&mut self) -> bool {
        if !self.redraw.take() {
            return false;
        }
        for root in &self.roots {
            self.commands.entity(root).despawn();
        }
        true
    }

    /// Spawn a screen's frame: the root (despawned on leaving `screen`), the top bar with the
    /// key hints, and the scroll area, which `content` fills. Returns the root, for overlays.
    pub fn frame(
        &mut self,
        screen: Screen,
        title: &str,
        hints: &[(&str, &str)],
        content: impl FnOnce(&mut ChildSpawnerCommands, &Look),
    ) -> Entity {
        let look = &self.look;
        let reserve = self.reserve.0;
        let side = self.side.0;
        let mut root = self
            .commands
            .spawn((ScreenRoot, DespawnOnExit(screen), look.screen_root()));
        root.with_children(|root| {
            root.spawn(look.top_bar(title, hints, reserve));
            let mut area = root.spawn(look.scroll_area());
            if side > 0.0 {
                area.insert(Node {
                    padding: UiRect {
                        right: Val::Px(24.0 + side),
                        ..UiRect::axes(Val::Px(24.0), Val::Px(20.0))
                    },
                    ..look.scroll_area_node()
                });
            }
            area.with_children(|area| content(area, look));
            root.spawn(look.more_below(side));
        });
        root.id()
    }
}
