//! Widgets: functions that return bundles, built from the palette and the fonts. Every text a
//! trainee reads carries `Label`, so screen readers get it (see `a11y`).

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

use super::{Fonts, Palette, font, size};

/// Fonts, palette and assets together: what a screen needs to build its widgets.
#[derive(SystemParam)]
pub struct Look<'w> {
    pub fonts: Res<'w, Fonts>,
    pub palette: Res<'w, Palette>,
    pub assets: Res<'w, AssetServer>,
}

/// Marks the element that has keyboard focus on a screen, so it is scrolled into view.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Focused;

/// The "More below" sign of a screen that goes on past the window.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct MoreBelow;

/// A container that scrolls with the mouse wheel and the arrow keys.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Scrollable;

/// The layout every button shares: key hint and label side by side.
fn button_node(padding_x: f32, border: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: Val::Px(12.0),
        padding: UiRect::axes(Val::Px(padding_x), Val::Px(10.0)),
        border: UiRect::all(Val::Px(border)),
        border_radius: BorderRadius::all(Val::Px(8.0)),
        ..default()
    }
}

impl Look<'_> {
    /// Body text that wraps.
    pub fn text(&self, text: impl Into<String>) -> impl Bundle {
        self.text_styled(text, size::BODY, self.palette.text, &self.fonts.regular)
    }

    pub fn muted(&self, text: impl Into<String>) -> impl Bundle {
        self.text_styled(text, size::SMALL, self.palette.muted, &self.fonts.regular)
    }

    pub fn bold(&self, text: impl Into<String>, rem: f32) -> impl Bundle {
        self.text_styled(text, rem, self.palette.text, &self.fonts.bold)
    }

    pub fn heading(&self, text: impl Into<String>) -> impl Bundle {
        self.text_styled(text, size::HEADING, self.palette.text, &self.fonts.bold)
    }

    pub fn title(&self, text: impl Into<String>) -> impl Bundle {
        self.text_styled(text, size::TITLE, self.palette.text, &self.fonts.bold)
    }

    /// Stage directions and non-verbal cues: italic, set apart from speech.
    pub fn narration(&self, text: impl Into<String>) -> impl Bundle {
        self.text_styled(text, size::BODY, self.palette.narration, &self.fonts.italic)
    }

    pub fn text_styled(
        &self,
        text: impl Into<String>,
        rem: f32,
        color: Color,
        handle: &Handle<Font>,
    ) -> impl Bundle {
        (Text::new(text), font(handle, rem), TextColor(color), Label)
    }

    /// A white panel with a soft border.
    pub fn panel(&self) -> impl Bundle {
        self.panel_styled(self.palette.panel, self.palette.panel_border, 1.0)
    }

    /// A panel that can hold the keyboard focus: a thick focus-coloured border when it does.
    pub fn focus_panel(&self, focused: bool) -> impl Bundle {
        if focused {
            self.panel_styled(self.palette.panel, self.palette.focus, 3.0)
        } else {
            self.panel_styled(self.palette.panel, self.palette.panel_border, 1.0)
        }
    }

    /// A panel for notices and content notes.
    pub fn notice_panel(&self) -> impl Bundle {
        self.panel_styled(self.palette.warning_panel, self.palette.panel_border, 1.0)
    }

    fn panel_styled(&self, background: Color, border: Color, width: f32) -> impl Bundle {
        (
            Node {
                flex_direction: FlexDirection::Column,
                padding: UiRect::axes(Val::Px(20.0), Val::Px(16.0)),
                row_gap: Val::Px(10.0),
                border: UiRect::all(Val::Px(width)),
                border_radius: BorderRadius::all(Val::Px(10.0)),
                ..default()
            },
            BackgroundColor(background),
            BorderColor::all(border),
        )
    }

    /// A button: a key hint (such as `1` or `Enter`) and a label; `focused` draws the focus ring.
    pub fn button(
        &self,
        key: &str,
        label: impl Into<String>,
        action: impl Component,
        focused: bool,
    ) -> impl Bundle {
        let label = label.into();
        (
            Button,
            action,
            button_node(14.0, if focused { 3.0 } else { 1.0 }),
            BackgroundColor(self.palette.panel),
            BorderColor::all(if focused {
                self.palette.focus
            } else {
                self.palette.panel_border
            }),
            children![self.key_badge(key), self.text(label)],
        )
    }

    /// A button with no key of its own: clicked, or reached by a screen reader.
    pub fn plain_button(&self, label: impl Into<String>, action: impl Component) -> impl Bundle {
        (
            Button,
            action,
            button_node(14.0, 1.0),
            BackgroundColor(self.palette.panel),
            BorderColor::all(self.palette.panel_border),
            children![self.text(label.into())],
        )
    }

    /// The main action of a screen: filled with the accent colour.
    pub fn primary_button(
        &self,
        key: &str,
        label: impl Into<String>,
        action: impl Component,
    ) -> impl Bundle {
        (
            Button,
            action,
            button_node(18.0, 0.0),
            BackgroundColor(self.palette.accent),
            children![
                self.text_styled(
                    key.to_owned(),
                    size::SMALL,
                    self.palette.accent_text,
                    &self.fonts.bold
                ),
                self.text_styled(
                    label.into(),
                    size::BODY,
                    self.palette.accent_text,
                    &self.fonts.bold
                ),
            ],
        )
    }

    /// A small framed key name, such as `Esc`.
    pub fn key_badge(&self, key: &str) -> impl Bundle {
        (
            Node {
                min_width: Val::Px(30.0),
                padding: UiRect::axes(Val::Px(7.0), Val::Px(2.0)),
                justify_content: JustifyContent::Center,
                border: UiRect::all(Val::Px(1.0)),
                border_radius: BorderRadius::all(Val::Px(5.0)),
                ..default()
            },
            BorderColor::all(self.palette.muted),
            children![self.text_styled(
                key.to_owned(),
                size::SMALL,
                self.palette.muted,
                &self.fonts.bold
            )],
        )
    }

    /// A horizontal meter: `label  value / max` over a bar.
    pub fn meter(&self, label: &str, value: i64, min: i64, max: i64) -> impl Bundle {
        let fraction = if max > min {
            (value - min) as f32 / (max - min) as f32
        } else {
            0.0
        };
        (
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: Val::Px(4.0),
                ..default()
            },
            children![
                (
                    Node {
                        justify_content: JustifyContent::SpaceBetween,
                        flex_wrap: FlexWrap::Wrap,
                        column_gap: Val::Px(10.0),
                        ..default()
                    },
                    children![
                        self.bold(label.to_owned(), size::SMALL),
                        self.muted(format!("{value} / {max}"))
                    ],
                ),
                (
                    Node {
                        height: Val::Px(10.0),
                        border_radius: BorderRadius::all(Val::Px(5.0)),
                        ..default()
                    },
                    BackgroundColor(self.palette.meter_track),
                    children![(
                        Node {
                            width: Val::Percent(100.0 * fraction.clamp(0.0, 1.0)),
                            height: Val::Percent(100.0),
                            border_radius: BorderRadius::all(Val::Px(5.0)),
                            ..default()
                        },
                        BackgroundColor(self.palette.accent),
                    )],
                ),
            ],
        )
    }

    /// A round badge with a character's initials, standing in for a portrait.
    pub fn initials(&self, name: &str) -> impl Bundle {
        let initials: String = name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphabetic())
            .take(2)
            .collect();
        (
            // At least 56 px round, and larger when the text is (the projector preset).
            Node {
                min_width: Val::Px(56.0),
                min_height: Val::Px(56.0),
                padding: UiRect::all(Val::Px(8.0)),
                aspect_ratio: Some(1.0),
                flex_shrink: 0.0,
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border_radius: BorderRadius::MAX,
                ..default()
            },
            BackgroundColor(self.palette.accent),
            children![self.text_styled(
                initials,
                size::HEADING,
                self.palette.accent_text,
                &self.fonts.bold
            )],
        )
    }

    /// A character: portrait (or initials), name and role, side by side.
    pub fn spawn_person(&self, parent: &mut ChildSpawnerCommands, c: &crate::scenario::Character) {
        parent
            .spawn(Node {
                column_gap: Val::Px(14.0),
                align_items: AlignItems::Center,
                ..default()
            })
            .with_children(|row| {
                match &c.portrait {
                    Some(path) => {
                        row.spawn((
                            ImageNode::new(self.assets.load(path.clone())),
                            Node {
                                width: Val::Px(56.0),
                                height: Val::Px(56.0),
                                flex_shrink: 0.0,
                                border_radius: BorderRadius::MAX,
                                ..default()
                            },
                        ));
                    }
                    None => {
                        row.spawn(self.initials(&c.name));
                    }
                }
                row.spawn(Node {
                    flex_direction: FlexDirection::Column,
                    ..default()
                })
                .with_children(|t| {
                    t.spawn(self.bold(c.name.clone(), size::BODY));
                    t.spawn(self.muted(c.role.clone()));
                });
            });
    }

    /// A dimmed cover over the whole window that centres what it holds (the menu, the help).
    pub fn cover(&self) -> impl Bundle {
        (
            Node {
                position_type: PositionType::Absolute,
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.6)),
        )
    }

    /// The full-window root of a screen: a top bar, then a scrolling centred column.
    pub fn screen_root(&self) -> impl Bundle {
        (
            Node {
                width: Val::Percent(100.0),
                height: Val::Percent(100.0),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            BackgroundColor(self.palette.background),
        )
    }

    /// The scrolling area under the top bar.
    pub fn scroll_area(&self) -> impl Bundle {
        (Scrollable, self.scroll_area_node())
    }

    /// The scroll area's layout.
    pub fn scroll_area_node(&self) -> Node {
        Node {
            width: Val::Percent(100.0),
            flex_grow: 1.0,
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            overflow: Overflow::scroll_y(),
            padding: UiRect::axes(Val::Px(24.0), Val::Px(20.0)),
            ..default()
        }
    }

    /// A message answering a key press, pinned to the foot of the window above the screen.
    pub fn message_banner(&self) -> impl Bundle {
        (
            Node {
                position_type: PositionType::Absolute,
                left: Val::Percent(8.0),
                right: Val::Percent(8.0),
                bottom: Val::Px(48.0),
                flex_direction: FlexDirection::Column,
                padding: UiRect::axes(Val::Px(20.0), Val::Px(14.0)),
                border: UiRect::all(Val::Px(3.0)),
                border_radius: BorderRadius::all(Val::Px(10.0)),
                ..default()
            },
            BackgroundColor(self.palette.warning_panel),
            BorderColor::all(self.palette.focus),
            GlobalZIndex(40),
        )
    }

    /// "More below": a strip at the foot of the window, under the screen (never over it), shown
    /// while the screen goes on past the window (see `scroll::show_more_below`); `right` keeps it
    /// clear of the join card.
    pub fn more_below(&self, right: f32) -> impl Bundle {
        (
            MoreBelow,
            Node {
                display: Display::None,
                flex_shrink: 0.0,
                justify_content: JustifyContent::FlexEnd,
                padding: UiRect {
                    left: Val::Px(24.0),
                    right: Val::Px(24.0 + right),
                    top: Val::Px(4.0),
                    bottom: Val::Px(6.0),
                },
                ..default()
            },
            children![(
                Node {
                    padding: UiRect::axes(Val::Px(14.0), Val::Px(4.0)),
                    border_radius: BorderRadius::all(Val::Px(12.0)),
                    ..default()
                },
                BackgroundColor(self.palette.accent),
                children![self.text_styled(
                    "More below: Page Down",
                    size::SMALL,
                    self.palette.accent_text,
                    &self.fonts.bold,
                )],
            )],
        )
    }

    /// The centred reading column inside the scroll area.
    pub fn column(&self, max_width: f32) -> impl Bundle {
        Node {
            width: Val::Percent(100.0),
            max_width: Val::Px(max_width),
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(16.0),
            flex_shrink: 0.0,
            ..default()
        }
    }

    /// The bar across the top: where you are, and the keys that matter here; `reserve` keeps
    /// that much room free at its right (for the discussion timer).
    pub fn top_bar(&self, title: &str, hints: &[(&str, &str)], reserve: f32) -> impl Bundle {
        let hint_row = hints
            .iter()
            .map(|(key, label)| {
                (
                    Node {
                        column_gap: Val::Px(6.0),
                        align_items: AlignItems::Center,
                        ..default()
                    },
                    Children::spawn((Spawn(self.key_badge(key)), Spawn(self.muted(*label)))),
                )
            })
            .collect::<Vec<_>>();
        (
            Node {
                width: Val::Percent(100.0),
                flex_shrink: 0.0,
                flex_wrap: FlexWrap::Wrap,
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                row_gap: Val::Px(6.0),
                padding: UiRect {
                    left: Val::Px(24.0),
                    right: Val::Px(24.0 + reserve),
                    top: Val::Px(12.0),
                    bottom: Val::Px(12.0),
                },
                border: UiRect::bottom(Val::Px(1.0)),
                ..default()
            },
            BackgroundColor(self.palette.panel),
            BorderColor::all(self.palette.panel_border),
            Children::spawn((
                Spawn(self.bold(format!("Rapport  ·  {title}"), size::BODY)),
                // The hints stay on one line, beside the title when they fit and under it as a
                // whole when they do not. (A row that wrapped inside itself was laid out one
                // line high when its width came out a fraction short, over the content.)
                Spawn((
                    Node {
                        column_gap: Val::Px(18.0),
                        flex_shrink: 0.0,
                        max_width: Val::Percent(100.0),
                        ..default()
                    },
                    Children::spawn(SpawnIter(hint_row.into_iter())),
                )),
            )),
        )
    }
}
