//! Screen readers: what each screen shows reaches AccessKit (and so AT-SPI, UIA, NSAccessibility)
//! as a tree in reading order, with roles and names; the focus follows the keyboard highlight,
//! and what a new screen or a new line says is announced through a live region.
//!
//! Everything here is worked out from what the screens already spawn: `Text` + `Label` for what
//! is read, `Button` (and the action it carries) for what can be pressed, `Focused` for the keyboard highlight,
//! `ScreenRoot` for the screen (its first child is the top bar). A screen needs nothing more.
//!
//! (Bevy's own systems give each `Button` the text of only one child as its name, place every
//! node whose parent has no node straight under the window in no particular order, and never
//! update a `Label` whose text changed; the pass below does all of that once, after them.)

use accesskit::{Action, Live, Node as AxNode, Role};
use bevy::a11y::{AccessibilityNode, AccessibilityRequested, AccessibilitySystems, ActionRequest};
use bevy::ecs::entity::EntityHashSet;
use bevy::input_focus::{FocusCause, InputFocus};
use bevy::prelude::*;
use bevy::text::EditableText;

use super::group::vote::VoteAction;
use super::screen::{Screen, ScreenRoot};
use super::screens::library::LibraryAction;
use super::theme::widget::{Focused, MoreBelow};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Announcer>();
    // Bevy's winit backend registers it; headless tests have no window and no backend.
    app.add_message::<ActionRequest>();
    app.add_systems(Startup, spawn_announcer);
    app.add_systems(
        PreUpdate,
        clicks_from_screen_readers
            .after(bevy::ui::UiSystems::Focus)
            .before(super::input::Clicks),
    );
    app.add_systems(
        PostUpdate,
        (describe_ui, focus_follows_highlight, announce)
            .chain()
            .run_if(screen_reader_listening)
            .after(bevy::ui::UiSystems::PostLayout)
            .before(AccessibilitySystems::Update),
    );
}

/// Whether an assistive technology asked for the tree (nothing to do for sighted users). Headless
/// tests have no AccessKit at all, and always get the tree.
fn screen_reader_listening(requested: Option<Res<AccessibilityRequested>>) -> bool {
    requested.is_none_or(|r| r.get())
}

/// The live region: one node, outside the screens, whose name is what was last announced.
#[derive(Resource, Default, Debug)]
pub struct Announcer {
    entity: Option<Entity>,
    /// What was last announced, and on which screen.
    last: Option<(Screen, String)>,
}

/// Marks the announcer's entity.
#[derive(Component, Debug)]
pub struct LiveRegion;

fn spawn_announcer(mut commands: Commands, mut announcer: ResMut<Announcer>) {
    let mut node = AxNode::new(Role::Status);
    node.set_live(Live::Polite);
    let entity = commands
        .spawn((
            LiveRegion,
            AccessibilityNode::from(node),
            Name::new("live region"),
        ))
        .id();
    announcer.entity = Some(entity);
}

/// What one entity is to a screen reader.
#[derive(Debug, PartialEq)]
struct Semantics {
    role: Role,
    label: Option<String>,
    /// A label's text (AT-SPI takes a label's name from its value).
    value: Option<String>,
    description: Option<String>,
    hidden: bool,
    disabled: bool,
    focusable: bool,
    clickable: bool,
    shortcut: Option<String>,
    position: Option<(usize, usize)>,
}

impl Semantics {
    fn new(role: Role) -> Self {
        Self {
            role,
            label: None,
            value: None,
            description: None,
            hidden: false,
            disabled: false,
            focusable: false,
            clickable: false,
            shortcut: None,
            position: None,
        }
    }

    /// The AccessKit node, keeping what Bevy keeps up to date itself (bounds and transform).
    fn node(&self, old: &AxNode) -> AxNode {
        let mut node = AxNode::new(self.role);
        if let Some(bounds) = old.bounds() {
            node.set_bounds(bounds);
        }
        if let Some(transform) = old.transform() {
            node.set_transform(*transform);
        }
        if let Some(label) = &self.label {
            node.set_label(label.as_str());
        }
        if let Some(value) = &self.value {
            node.set_value(value.as_str());
        }
        if let Some(description) = &self.description {
            node.set_description(description.as_str());
        }
        if self.hidden {
            node.set_hidden();
        }
        if self.disabled {
            node.set_disabled();
        }
        if self.focusable {
            node.add_action(Action::Focus);
        }
        if self.clickable {
            node.add_action(Action::Click);
        }
        if let Some(shortcut) = &self.shortcut {
            node.set_keyboard_shortcut(shortcut.as_str());
        }
        if let Some((position, size)) = self.position {
            node.set_position_in_set(position);
            node.set_size_of_set(size);
        }
        node
    }
}

type UiItem<'a> = (
    Entity,
    Option<&'a Children>,
    Option<&'a Text>,
    Has<Label>,
    Has<Button>,
    Option<&'a LibraryAction>,
    Option<&'a VoteAction>,
    Has<Focused>,
    Has<ImageNode>,
);

/// Give every UI entity the node that says what it is: containers are transparent (so the
/// tree keeps the screen's order and nesting), texts are labels, buttons and highlighted cards
/// are named after all the text inside them (which is then not read a second time).
fn describe_ui(
    mut commands: Commands,
    roots: Query<Entity, (With<Node>, Without<ChildOf>)>,
    items: Query<UiItem, With<Node>>,
    fields: Query<(&EditableText, Option<&Name>)>,
    more_below: Query<Entity, With<MoreBelow>>,
    children: Query<&Children>,
    mut nodes: Query<&mut AccessibilityNode>,
) {
    let decorative = decorative_texts(roots.iter(), &items);
    let mut wanted = Vec::new();
    for root in &roots {
        describe(root, false, &items, &decorative, &mut wanted);
    }
    // "More below" is for the eyes: a screen reader reads the whole screen anyway.
    let unseen: EntityHashSet = more_below
        .iter()
        .flat_map(|sign| children.iter_descendants(sign))
        .collect();
    // A text field: a text input named by its label, its value what is typed in it.
    for (entity, semantics) in &mut wanted {
        if unseen.contains(entity) || more_below.contains(*entity) {
            semantics.hidden = true;
        }
        if let Ok((field, name)) = fields.get(*entity) {
            let mut s = Semantics::new(if field.allow_newlines {
                Role::MultilineTextInput
            } else {
                Role::TextInput
            });
            s.label = name.map(|n| n.as_str().to_owned());
            s.value = Some(field.value().into_iter().collect());
            s.focusable = true;
            *semantics = s;
        }
    }
    for (entity, semantics) in wanted {
        match nodes.get_mut(entity) {
            Ok(mut node) => {
                let new = semantics.node(&node);
                if node.0 != new {
                    node.0 = new;
                }
            }
            Err(_) => {
                let new = semantics.node(&AxNode::default());
                commands
                    .entity(entity)
                    .try_insert(AccessibilityNode::from(new));
            }
        }
    }
}

fn describe(
    entity: Entity,
    inside_control: bool,
    items: &Query<UiItem, With<Node>>,
    decorative: &EntityHashSet,
    out: &mut Vec<(Entity, Semantics)>,
) {
    let Ok((_, children, text, label, button, library, vote, focused, image)) = items.get(entity)
    else {
        return;
    };
    // A control is named after the texts inside it, which are then hidden (read once).
    let mut is_control = true;
    let mut semantics = if let Some(text) = text {
        is_control = false;
        let mut s = Semantics::new(Role::Label);
        if label {
            s.label = Some(text.0.clone());
            s.value = Some(text.0.clone());
        }
        s.hidden = decorative.contains(&entity);
        s
    } else if button {
        control(library, vote, &texts_within(entity, items))
    } else if let Some(s) = locked_choice(entity, items) {
        s
    } else {
        is_control = false;
        if focused {
            // A highlighted card that is not a button: a settings row, a debrief decision.
            let mut s = Semantics::new(Role::Group);
            s.label = Some(join(&texts_outside_controls(entity, items)));
            s.focusable = true;
            s
        } else if image {
            // Portraits stand beside the person's name; alone they say nothing.
            let mut s = Semantics::new(Role::Image);
            s.hidden = true;
            s
        } else {
            Semantics::new(Role::GenericContainer)
        }
    };
    if inside_control {
        semantics.hidden = true;
    }
    out.push((entity, semantics));
    for child in children.into_iter().flatten() {
        describe(*child, inside_control || is_control, items, decorative, out);
    }
}

/// A button (or a scenario in the library, which is a list item named by its title).
fn control(
    library: Option<&LibraryAction>,
    vote: Option<&VoteAction>,
    texts: &[String],
) -> Semantics {
    let mut s;
    match (library, vote) {
        (Some(LibraryAction::Pick(_)), _) => {
            s = Semantics::new(Role::ListItem);
            s.label = texts.first().cloned();
            let rest = texts.get(1..).unwrap_or_default();
            if !rest.is_empty() {
                s.description = Some(join(rest));
            }
        }
        (_, Some(VoteAction::AddVote(n))) => {
            s = Semantics::new(Role::Button);
            s.label = Some(format!("Add a vote for option {n}"));
            s.shortcut = Some(n.to_string());
        }
        (_, Some(VoteAction::RemoveVote(n))) => {
            s = Semantics::new(Role::Button);
            s.label = Some(format!("Take a vote away from option {n}"));
            s.shortcut = Some(format!("Shift+{n}"));
        }
        _ => {
            s = Semantics::new(Role::Button);
            s.label = Some(button_name(texts));
            if let Some(key) = texts.first().filter(|_| texts.len() > 1) {
                s.shortcut = Some(key.clone());
            }
        }
    }
    s.focusable = true;
    s.clickable = true;
    s
}

/// "1. I can see this is hard." for a choice, "Start (Enter)" for a button with a key.
fn button_name(texts: &[String]) -> String {
    match texts {
        [] => String::new(),
        [only] => only.clone(),
        [key, rest @ ..] => {
            let text = join(rest);
            if key.chars().all(|c| c.is_ascii_digit()) {
                format!("{key}. {text}")
            } else if text.is_empty() {
                key.clone()
            } else {
                format!("{text} ({key})")
            }
        }
    }
}

/// A choice that cannot be taken yet: its number and text, then "Locked: why". Shown as a
/// disabled button: "2. Tell her the results, unavailable: ask her first".
fn locked_choice(entity: Entity, items: &Query<UiItem, With<Node>>) -> Option<Semantics> {
    let (_, children, ..) = items.get(entity).ok()?;
    let texts: Vec<&str> = children?
        .iter()
        .filter_map(|c| items.get(c).ok().and_then(|i| i.2).map(|t| t.0.as_str()))
        .collect();
    let [choice, locked] = texts.as_slice() else {
        return None;
    };
    let hint = locked.strip_prefix("Locked: ")?;
    let (number, text) = choice.split_once(' ')?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut s = Semantics::new(Role::Button);
    let text = text.trim().trim_end_matches('.');
    s.label = Some(format!("{number}. {text}, unavailable: {hint}"));
    s.disabled = true;
    s.focusable = true;
    s.shortcut = Some(number.to_owned());
    Some(s)
}

/// The initials drawn in place of a portrait ("KB" before "Kai Brennan"): the name follows, so
/// they are not read.
fn decorative_texts(
    roots: impl Iterator<Item = Entity>,
    items: &Query<UiItem, With<Node>>,
) -> EntityHashSet {
    fn walk(entity: Entity, items: &Query<UiItem, With<Node>>, out: &mut Vec<(Entity, String)>) {
        let Ok((_, children, text, ..)) = items.get(entity) else {
            return;
        };
        if let Some(text) = text {
            out.push((entity, text.0.trim().to_owned()));
        }
        for child in children.into_iter().flatten() {
            walk(*child, items, out);
        }
    }
    let mut texts = Vec::new();
    for root in roots {
        walk(root, items, &mut texts);
    }
    texts
        .windows(2)
        .filter(|pair| is_initials_of(&pair[0].1, &pair[1].1))
        .map(|pair| pair[0].0)
        .collect()
}

fn is_initials_of(initials: &str, name: &str) -> bool {
    let of_name: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .take(2)
        .collect();
    !initials.is_empty() && initials.chars().count() <= 3 && initials == of_name
}

/// Every text under `entity`, in reading order.
fn texts_within(entity: Entity, items: &Query<UiItem, With<Node>>) -> Vec<String> {
    let mut out = Vec::new();
    collect_texts(entity, items, false, &mut out);
    out
}

/// The texts under `entity` that are not inside a button (a settings row's name and value).
fn texts_outside_controls(entity: Entity, items: &Query<UiItem, With<Node>>) -> Vec<String> {
    let mut out = Vec::new();
    collect_texts(entity, items, true, &mut out);
    out
}

fn collect_texts(
    entity: Entity,
    items: &Query<UiItem, With<Node>>,
    skip_controls: bool,
    out: &mut Vec<String>,
) {
    let Ok((_, children, text, ..)) = items.get(entity) else {
        return;
    };
    if let Some(text) = text {
        let t = text.0.trim();
        if !t.is_empty() {
            out.push(t.to_owned());
        }
    }
    for child in children.into_iter().flatten() {
        if skip_controls
            && items
                .get(*child)
                .is_ok_and(|(_, _, _, _, button, ..)| button)
        {
            continue;
        }
        collect_texts(*child, items, skip_controls, out);
    }
}

/// Texts read one after another: a full stop between them unless one ends a sentence already.
fn join(texts: &[String]) -> String {
    let mut out = String::new();
    for t in texts {
        if !out.is_empty() {
            let ends = out
                .chars()
                .last()
                .is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | '…' | '”' | '"' | ')'));
            out.push_str(if ends { " " } else { ". " });
        }
        out.push_str(t);
    }
    out
}

/// The screen reader's focus is the keyboard highlight (`Focused`), or else the screen's first
/// button. Never taken from a text field, where typing must stay.
fn focus_follows_highlight(
    focus: Option<ResMut<InputFocus>>,
    fields: Query<(), With<EditableText>>,
    exists: Query<()>,
    roots: Query<Entity, With<ScreenRoot>>,
    items: Query<UiItem, With<Node>>,
) {
    let Some(mut focus) = focus else {
        return;
    };
    if focus.get().is_some_and(|e| fields.contains(e)) {
        return;
    }
    let Some(root) = roots.iter().next() else {
        return;
    };
    // The highlight, else the first thing that can be pressed.
    let target = first_in_order(root, &items, &|_, focused| focused)
        .or_else(|| first_in_order(root, &items, &|control, _| control));
    let Some(target) = target else {
        return;
    };
    let current = focus.get().filter(|e| exists.contains(*e));
    if current != Some(target) {
        focus.set(target, FocusCause::Navigated);
    }
}

/// The first entity at or under `entity`, in reading order, for which `wanted(is a control,
/// is highlighted)` holds.
fn first_in_order(
    entity: Entity,
    items: &Query<UiItem, With<Node>>,
    wanted: &dyn Fn(bool, bool) -> bool,
) -> Option<Entity> {
    let (_, children, _, _, button, _, _, focused, _) = items.get(entity).ok()?;
    if wanted(button, focused) {
        return Some(entity);
    }
    children
        .into_iter()
        .flatten()
        .find_map(|child| first_in_order(*child, items, wanted))
}

/// Announce what a screen says before its first thing to press: on a new screen its title and
/// opening text, in play each new line (who speaks, what they say, the narration), after a
/// choice the feedback. Moving the highlight is not announced again (the focus says it).
fn announce(
    mut announcer: ResMut<Announcer>,
    screen: Res<State<Screen>>,
    roots: Query<Entity, With<ScreenRoot>>,
    items: Query<UiItem, With<Node>>,
    mut nodes: Query<&mut AccessibilityNode, With<LiveRegion>>,
) {
    let Some(root) = roots.iter().next() else {
        return;
    };
    let Some(text) = opening_text(root, &items) else {
        return;
    };
    let screen = *screen.get();
    if announcer
        .last
        .as_ref()
        .is_some_and(|(s, t)| *s == screen && *t == text)
    {
        return;
    }
    let Some(mut node) = announcer.entity.and_then(|e| nodes.get_mut(e).ok()) else {
        return;
    };
    // The same words on a new screen must still be spoken: a name that does not change is not.
    let mut name = text.clone();
    if node.label() == Some(name.as_str()) {
        name.push(' ');
    }
    node.set_label(name);
    announcer.last = Some((screen, text));
}

/// The screen's title (the top bar's first text), then the texts of its content up to the
/// first button or highlighted item; `None` while the screen has not been built yet.
fn opening_text(root: Entity, items: &Query<UiItem, With<Node>>) -> Option<String> {
    let (_, children, ..) = items.get(root).ok()?;
    let mut children = children?.iter();
    let bar = children.next()?;
    let mut texts = Vec::new();
    if let Some(title) = texts_within(bar, items).first() {
        texts.push(
            title
                .trim_start_matches("Rapport")
                .trim_start_matches([' ', '·'])
                .to_owned(),
        );
    }
    for part in children {
        if opening_texts(part, items, &mut texts) {
            break;
        }
    }
    let mut read = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        // Initials stand for the name after them; a heading may repeat the screen's title.
        if texts
            .get(i + 1)
            .is_some_and(|next| is_initials_of(text, next))
            || read.last() == Some(text)
        {
            continue;
        }
        read.push(text.clone());
    }
    Some(join(&read))
}

/// Collect texts in order until a control or the highlight; true when one was reached.
fn opening_texts(entity: Entity, items: &Query<UiItem, With<Node>>, out: &mut Vec<String>) -> bool {
    let Ok((_, children, text, _, button, _, _, focused, _)) = items.get(entity) else {
        return false;
    };
    if button || focused || locked_choice(entity, items).is_some() {
        return true;
    }
    if let Some(text) = text {
        let t = text.0.trim();
        if !t.is_empty() {
            out.push(t.to_owned());
        }
    }
    for child in children.into_iter().flatten() {
        if opening_texts(*child, items, out) {
            return true;
        }
    }
    false
}

/// A screen reader's "press" on a button does what a click does: the button is pressed, and
/// the screen's own click handling sends its action.
fn clicks_from_screen_readers(
    mut requests: MessageReader<ActionRequest>,
    buttons: Query<(), With<Button>>,
    mut commands: Commands,
) {
    for request in requests.read() {
        if request.action != Action::Click {
            continue;
        }
        let entity = Entity::try_from_bits(request.target_node.0);
        if let Some(entity) = entity.filter(|e| buttons.contains(*e)) {
            commands.entity(entity).insert(Interaction::Pressed);
        }
    }
}
