//! The screens, one state each: library, briefing, play, debrief, settings and diagnostics.

pub mod author;
mod briefing;
mod debrief;
mod diagnostics;
pub mod library;
pub mod play;
mod settings;

use bevy::ecs::system::SystemParam;
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::prelude::*;

use super::theme::widget::{Focused, Look, Scrollable};

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.init_resource::<Redraw>();
    app.init_resource::<ReturnTo>();
    app.add_systems(Update, (scroll_with_wheel, scroll_with_keys));
    app.add_systems(
        PostUpdate,
        keep_focus_visible.after(bevy::ui::UiSystems::Layout),
    );
    app.add_plugins((
        library::plugin,
        author::plugin,
        briefing::plugin,
        play::plugin,
        debrief::plugin,
        settings::plugin,
        diagnostics::plugin,
    ));
    app.add_systems(OnEnter(Screen::Library), request_redraw);
    app.add_systems(OnEnter(Screen::Briefing), request_redraw);
    app.add_systems(OnEnter(Screen::Play), request_redraw);
    app.add_systems(OnEnter(Screen::Debrief), request_redraw);
    app.add_systems(OnEnter(Screen::Settings), request_redraw);
    app.add_systems(OnEnter(Screen::Diagnostics), request_redraw);
}

#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Library,
    Briefing,
    Play,
    Debrief,
    Settings,
    Diagnostics,
}

/// Set when what a screen shows has changed; the screen then rebuilds itself once.
#[derive(Resource, Default, Debug)]
pub struct Redraw(pub bool);

impl Redraw {
    pub fn take(&mut self) -> bool {
        std::mem::take(&mut self.0)
    }
}

/// Where Settings and Diagnostics go back to.
#[derive(Resource, Default, Debug)]
pub struct ReturnTo(pub Screen);

/// The root entity of the current screen, rebuilt on redraw.
#[derive(Component, Debug)]
pub struct ScreenRoot;

fn request_redraw(mut redraw: ResMut<Redraw>) {
    redraw.0 = true;
}

/// What a screen's draw system needs: commands, the redraw flag, the current root and the look.
#[derive(SystemParam)]
pub struct Canvas<'w, 's> {
    pub commands: Commands<'w, 's>,
    redraw: ResMut<'w, Redraw>,
    roots: Query<'w, 's, Entity, With<ScreenRoot>>,
    pub look: Look<'w>,
    timer: Option<Res<'w, super::group::DiscussionTimer>>,
    settings: Res<'w, super::settings::Settings>,
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
        // The discussion timer sits at the right of the top bar, over where the hints would be.
        let timer_shown = self.settings.group
            && self
                .timer
                .as_ref()
                .is_some_and(|t| t.0.state() != crate::play::group::CountdownState::Ready);
        let reserve = if timer_shown { TIMER_WIDTH } else { 0.0 };
        let mut root = self
            .commands
            .spawn((ScreenRoot, DespawnOnExit(screen), look.screen_root()));
        root.with_children(|root| {
            root.spawn(look.top_bar(title, hints, reserve));
            root.spawn(look.scroll_area())
                .with_children(|area| content(area, look));
        });
        root.id()
    }
}

/// The room's width kept free at the right of the top bar for the discussion timer.
pub const TIMER_WIDTH: f32 = 300.0;

/// How far a scroll area scrolls with one key press, in logical pixels.
const SCROLL_STEP: f32 = 60.0;

/// Where one page further down a scroll area is, or `None` when its end is already in view:
/// `scroll` is the scroll offset, `content` and `view` the heights of what scrolls and of the
/// window onto it, all in the same unit.
pub fn next_page(scroll: f32, content: f32, view: f32) -> Option<f32> {
    let end = (content - view).max(0.0);
    (scroll + 1.0 < end).then(|| (scroll + view * 0.8).min(end))
}

/// A clicker's "next" on a long screen: scroll a page down if there is more below, and say
/// whether it did (if not, the key goes on to its action).
pub fn page_down(
    areas: &mut Query<(&ComputedNode, &mut ScrollPosition), With<Scrollable>>,
) -> bool {
    let mut scrolled = false;
    for (node, mut pos) in areas.iter_mut() {
        let scale = node.inverse_scale_factor;
        let content = node.content_size.y * scale;
        let view = node.size.y * scale;
        if let Some(y) = next_page(pos.0.y, content, view) {
            pos.0.y = y;
            scrolled = true;
        }
    }
    scrolled
}

fn scroll_with_wheel(
    mut wheel: MessageReader<MouseWheel>,
    presenter: Res<super::group::presenter::PresenterWindow>,
    mut areas: Query<&mut ScrollPosition, With<Scrollable>>,
) {
    // The wheel over the presenter window scrolls that window only.
    for event in wheel.read().filter(|e| Some(e.window) != presenter.window) {
        let dy = match event.unit {
            MouseScrollUnit::Line => event.y * SCROLL_STEP,
            MouseScrollUnit::Pixel => event.y,
        };
        for mut pos in &mut areas {
            pos.0.y = (pos.0.y - dy).max(0.0);
        }
    }
}

fn scroll_with_keys(
    keys: Res<ButtonInput<KeyCode>>,
    settings: Res<super::settings::Settings>,
    screen: Res<State<Screen>>,
    mut areas: Query<&mut ScrollPosition, With<Scrollable>>,
) {
    // In a group session a clicker's PageDown and PageUp step through the briefing and play.
    if settings.group && matches!(screen.get(), Screen::Briefing | Screen::Play) {
        return;
    }
    let dy = if keys.just_pressed(KeyCode::PageDown) {
        SCROLL_STEP * 6.0
    } else if keys.just_pressed(KeyCode::PageUp) {
        -SCROLL_STEP * 6.0
    } else if keys.just_pressed(KeyCode::Home) {
        -f32::MAX / 2.0
    } else {
        return;
    };
    for mut pos in &mut areas {
        pos.0.y = (pos.0.y + dy).max(0.0);
    }
}

/// Scroll the focused element into view inside its scroll area.
fn keep_focus_visible(
    focused: Query<(&ComputedNode, &UiGlobalTransform), (With<Focused>, Changed<ComputedNode>)>,
    mut areas: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    for (node, transform) in &focused {
        for (area, area_transform, mut scroll) in &mut areas {
            let scale = area.inverse_scale_factor;
            let top = (transform.translation.y - node.size.y / 2.0) * scale;
            let bottom = (transform.translation.y + node.size.y / 2.0) * scale;
            let view_top = (area_transform.translation.y - area.size.y / 2.0) * scale;
            let view_bottom = (area_transform.translation.y + area.size.y / 2.0) * scale;
            let margin = 16.0;
            if top < view_top + margin {
                scroll.0.y = (scroll.0.y - (view_top + margin - top)).max(0.0);
            } else if bottom > view_bottom - margin {
                scroll.0.y += bottom - (view_bottom - margin);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::next_page;

    #[test]
    fn a_page_down_scrolls_until_the_end_is_in_view() {
        assert_eq!(next_page(0.0, 1000.0, 600.0), Some(400.0));
        assert_eq!(next_page(0.0, 2000.0, 600.0), Some(480.0));
        assert_eq!(next_page(400.0, 1000.0, 600.0), None, "the end is in view");
        assert_eq!(next_page(0.0, 500.0, 600.0), None, "everything fits");
    }
}
