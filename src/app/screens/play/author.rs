//! The author panel (F12, or `rapport --author`): jump to any node, set scores and flags, and see
//! the current scores, flags and visited nodes while playing.

use bevy::prelude::*;

use crate::app::input::{Act, Binding, add_actions, for_screen, keys_free, send_keys};
use crate::app::playing::Playing;
use crate::app::screen::{Redraw, Screen};
use crate::app::theme::size;
use crate::app::theme::widget::{Focused, Look};
use crate::scenario::Scenario;
use crate::scenario::analyze::flag_names;

pub(super) fn plugin(app: &mut App) {
    add_actions::<AuthorAction>(app);
    app.init_resource::<AuthorPanel>();
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act)
            .chain()
            .before(super::PlaySystems)
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Playing>)),
    );
}

/// The panel's state: open or not, the row with the focus, and the node chosen for a jump.
#[derive(Resource, Default, Debug)]
pub struct AuthorPanel {
    pub open: bool,
    pub row: usize,
    pub jump_to: usize,
}

/// Every flag the scenario mentions, in name order.
pub fn flags(s: &Scenario) -> Vec<String> {
    flag_names(s).into_iter().map(str::to_owned).collect()
}

/// What the author panel is asked to do.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorAction {
    Toggle,
    /// Move between the rows.
    Row(isize),
    /// Change the row: the node to jump to, a score by 5, a flag on or off.
    Change(isize),
    Jump,
}

/// F12 opens and closes the panel, anywhere in play.
pub const TOGGLE: Binding<AuthorAction> =
    Binding::key(&[KeyCode::F12], "F12", "author panel", AuthorAction::Toggle);

/// The panel's keys while it is open.
pub const KEYS: [Binding<AuthorAction>; 5] = [
    Binding::key(&[KeyCode::PageUp], "PageUp", "", AuthorAction::Row(-1)),
    Binding::key(&[KeyCode::PageDown], "PageDown", "", AuthorAction::Row(1)),
    Binding::key(&[KeyCode::BracketLeft], "[", "", AuthorAction::Change(-1)),
    Binding::key(&[KeyCode::BracketRight], "]", "", AuthorAction::Change(1)),
    Binding::key(&[KeyCode::KeyJ], "J", "", AuthorAction::Jump),
];

/// Rows: 0 is the node to jump to, then one per score, then one per flag.
fn rows(s: &Scenario) -> usize {
    1 + s.scores.len() + flags(s).len()
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    panel: Res<AuthorPanel>,
    mut out: MessageWriter<Act<AuthorAction>>,
) {
    send_keys(&keys, Screen::Play, &[TOGGLE], &mut out);
    if panel.open {
        send_keys(&keys, Screen::Play, &KEYS, &mut out);
    }
}

fn act(
    mut actions: MessageReader<Act<AuthorAction>>,
    mut panel: ResMut<AuthorPanel>,
    mut playing: ResMut<Playing>,
    mut redraw: ResMut<Redraw>,
) {
    for action in for_screen(&mut actions, Screen::Play) {
        let scenario = playing.session.scenario().clone();
        let score_rows = scenario.scores.len();
        match action {
            AuthorAction::Toggle => panel.open = !panel.open,
            AuthorAction::Row(by) => {
                let n = rows(&scenario) as isize;
                panel.row = (panel.row as isize + by).rem_euclid(n) as usize;
            }
            AuthorAction::Change(by) if panel.row == 0 => {
                let n = scenario.nodes.len() as isize;
                panel.jump_to = (panel.jump_to as isize + by).rem_euclid(n.max(1)) as usize;
            }
            AuthorAction::Change(by) if panel.row <= score_rows => {
                let score = &scenario.scores[panel.row - 1];
                let now = playing
                    .session
                    .scores()
                    .nth(panel.row - 1)
                    .map_or(0, |(_, v)| v);
                playing
                    .session
                    .set_score(score.id.as_str(), now + 5 * by.signum() as i64);
            }
            AuthorAction::Change(_) => {
                if let Some(flag) = flags(&scenario).get(panel.row - 1 - score_rows) {
                    let on = playing.session.flags().contains(flag.as_str());
                    playing.session.set_flag(flag, !on);
                }
            }
            AuthorAction::Jump => {
                if let Some(node) = scenario.nodes.get(panel.jump_to) {
                    let id = node.id.0.clone();
                    if playing.session.jump_to(&id).is_ok() {
                        playing.feedback = None;
                        playing.notice = Some(format!("Author panel: jumped to \"{id}\"."));
                    }
                }
            }
        }
        redraw.0 = true;
    }
}

/// The panel, drawn beside the scene while it is open.
pub fn spawn_panel(
    parent: &mut ChildSpawnerCommands,
    look: &Look,
    playing: &Playing,
    panel: &AuthorPanel,
) {
    let s = playing.session.scenario();
    let row_style = |i: usize| {
        if i == panel.row {
            look.palette.focus
        } else {
            look.palette.text
        }
    };
    parent
        .spawn(look.panel())
        .insert(Node {
            flex_direction: FlexDirection::Column,
            row_gap: Val::Px(6.0),
            flex_basis: Val::Px(300.0),
            min_width: Val::Px(240.0),
            padding: UiRect::all(Val::Px(16.0)),
            border: UiRect::all(Val::Px(2.0)),
            border_radius: BorderRadius::all(Val::Px(10.0)),
            ..default()
        })
        .with_children(|p| {
            p.spawn(look.heading("Author panel"));
            p.spawn(look.muted("PgUp/PgDn row · [ ] change · J jump · F12 close"));
            p.spawn(look.muted(format!("At node: {}", playing.session.node().id)));
            let target = s.nodes.get(panel.jump_to).map_or("", |n| n.id.as_str());
            let mut jump = p.spawn(look.text_styled(
                format!("Jump to: {target}"),
                size::BODY,
                row_style(0),
                &look.fonts.bold,
            ));
            if panel.row == 0 {
                jump.insert(Focused);
            }
            for (i, (score, value)) in playing.session.scores().enumerate() {
                p.spawn(look.text_styled(
                    format!("{}: {value}", score.label),
                    size::BODY,
                    row_style(i + 1),
                    &look.fonts.regular,
                ));
            }
            for (i, flag) in flags(s).iter().enumerate() {
                let on = if playing.session.flags().contains(flag.as_str()) {
                    "set"
                } else {
                    "not set"
                };
                let row = 1 + s.scores.len() + i;
                p.spawn(look.text_styled(
                    format!("flag {flag}: {on}"),
                    size::SMALL,
                    row_style(row),
                    &look.fonts.regular,
                ));
            }
            let mut visited: Vec<&str> = playing
                .session
                .visits()
                .keys()
                .map(|n| n.as_str())
                .collect();
            visited.sort_unstable();
            p.spawn(look.muted(format!("Visited: {}", visited.join(", "))));
        });
}
