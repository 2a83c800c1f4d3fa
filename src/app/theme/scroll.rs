//! Scrolling: the wheel, PageUp and PageDown, a clicker's "next" that first shows what is below,
//! and keeping the keyboard focus in view.

use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::window::{PrimaryWindow, RequestRedraw};

use super::field::Field;
use super::widget::{Focused, MoreBelow, Scrollable};
use crate::app::screen::{Screen, draw_again};
use crate::app::settings::Settings;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (scroll_with_wheel, scroll_with_keys));
    app.add_systems(
        PostUpdate,
        (keep_focus_visible, keep_field_visible, show_more_below)
            .after(bevy::ui::UiSystems::Layout),
    );
}

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
    primary: Query<(), With<PrimaryWindow>>,
    mut areas: Query<&mut ScrollPosition, With<Scrollable>>,
) {
    // Only the wheel over the room's window scrolls the screen (the presenter window scrolls
    // its own view).
    for event in wheel.read().filter(|e| primary.contains(e.window)) {
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
    settings: Res<Settings>,
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
    focused: Query<
        (Entity, &ComputedNode, &UiGlobalTransform),
        (With<Focused>, Changed<ComputedNode>),
    >,
    parents: Query<&ChildOf>,
    mut areas: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    for (entity, node, transform) in &focused {
        scroll_into_view(entity, node, transform, &parents, &mut areas);
    }
}

/// Scroll the text field being typed in into view, when the focus moves to it.
fn keep_field_visible(
    focus: Option<Res<InputFocus>>,
    fields: Query<(Entity, &ComputedNode, &UiGlobalTransform), With<Field>>,
    parents: Query<&ChildOf>,
    mut areas: Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    let Some(focus) = focus.filter(|f| f.is_changed()) else {
        return;
    };
    if let Some((entity, node, transform)) = focus.get().and_then(|e| fields.get(e).ok()) {
        scroll_into_view(entity, node, transform, &parents, &mut areas);
    }
}

/// Show "More below" while the scroll area goes on past the window's foot.
fn show_more_below(
    areas: Query<(&ComputedNode, &ScrollPosition), With<Scrollable>>,
    mut signs: Query<&mut Node, With<MoreBelow>>,
    mut again: MessageWriter<RequestRedraw>,
) {
    let more = areas.iter().any(|(node, pos)| {
        let scale = node.inverse_scale_factor;
        next_page(pos.0.y, node.content_size.y * scale, node.size.y * scale).is_some()
    });
    let want = if more { Display::Flex } else { Display::None };
    for mut node in &mut signs {
        if node.display != want {
            node.display = want;
            // Laid out next frame: ask for it now.
            draw_again(&mut again);
        }
    }
}

/// Scroll the area that holds `entity` (the nearest scrolling ancestor; the projector's play
/// screen has two) so that it is in view.
fn scroll_into_view(
    entity: Entity,
    node: &ComputedNode,
    transform: &UiGlobalTransform,
    parents: &Query<&ChildOf>,
    areas: &mut Query<(&ComputedNode, &UiGlobalTransform, &mut ScrollPosition), With<Scrollable>>,
) {
    let Some(holder) = parents.iter_ancestors(entity).find(|a| areas.contains(*a)) else {
        return;
    };
    let Ok((area, area_transform, mut scroll)) = areas.get_mut(holder) else {
        return;
    };
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
