//! Diagnostics screen: why a scenario cannot be played, problem by problem, with the place in
//! the file and how to fix it.

use bevy::prelude::*;

use crate::app::input::{Act, Binding, add_actions, for_screen, hints, keys_free, send_keys};
use crate::app::library::{EntryStatus, LibraryIndex, SelectedEntry};
use crate::app::screen::{Redraw, ReturnTo, Screen};
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::scenario::Diagnostic;

pub(super) fn plugin(app: &mut App) {
    add_actions::<DiagnosticsAction>(app);
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, redraw_on_change, draw)
            .chain()
            .run_if(in_state(Screen::Diagnostics)),
    );
}

/// What the trainee asks of the diagnostics screen: only to go back.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticsAction {
    Back,
}

/// The diagnostics screen's keys.
pub const KEYS: [Binding<DiagnosticsAction>; 1] = [Binding::key(
    &[KeyCode::Escape, KeyCode::Enter, KeyCode::Backspace],
    "Esc",
    "back",
    DiagnosticsAction::Back,
)
.hint("Esc", "back")];

fn keys(keys: Res<ButtonInput<KeyCode>>, mut out: MessageWriter<Act<DiagnosticsAction>>) {
    send_keys(&keys, Screen::Diagnostics, &KEYS, &mut out);
}

fn act(
    mut actions: MessageReader<Act<DiagnosticsAction>>,
    mut next: ResMut<NextState<Screen>>,
    return_to: Res<ReturnTo>,
) {
    for action in for_screen(&mut actions, Screen::Diagnostics) {
        match action {
            DiagnosticsAction::Back => next.set(return_to.0),
        }
    }
}

fn redraw_on_change(index: Res<LibraryIndex>, mut redraw: ResMut<Redraw>) {
    if index.is_changed() {
        redraw.0 = true;
    }
}

/// One diagnostic as lines for a person: where, what, and how to fix it.
pub fn describe(d: &Diagnostic) -> (String, String) {
    let place = match (&d.file, d.pos) {
        (Some(f), Some(p)) => format!("{}, line {}, column {}", f.display(), p.line, p.column),
        (Some(f), None) => f.display().to_string(),
        (None, Some(p)) => format!("line {}, column {}", p.line, p.column),
        (None, None) => String::new(),
    };
    let mut fix = d.code.fix().to_owned();
    if let Some(help) = &d.help {
        fix = format!("{help}. {fix}");
    }
    (
        format!("{} {}: {}  ({place})", d.severity, d.code, d.message),
        fix,
    )
}

fn draw(mut canvas: Canvas, index: Res<LibraryIndex>, selected: Res<SelectedEntry>) {
    if !canvas.begin() {
        return;
    }
    let entry = index.find(&selected.0);
    let diagnostics: Vec<Diagnostic> = match entry.map(|e| &e.status) {
        Some(EntryStatus::Broken(d)) => d.clone(),
        Some(EntryStatus::Playable(_)) => entry.map(|e| e.diagnostics.clone()).unwrap_or_default(),
        None => Vec::new(),
    };
    let hints = hints(&KEYS);
    let title = "Problems in a scenario file";
    canvas.frame(Screen::Diagnostics, title, &hints, |area, look| {
        area.spawn(look.column(960.0)).with_children(|col| {
            let heading = entry.map_or_else(|| selected.0.clone(), |e| e.title.clone());
            col.spawn(look.title(heading));
            col.spawn(look.text(format!(
                "{} has {} problem{}. \
                         Fix them in the file and save it: the library updates by itself.",
                selected.0,
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            )));
            for d in &diagnostics {
                let (what, fix) = describe(d);
                col.spawn(look.panel()).with_children(|p| {
                    let color = if d.is_error() {
                        look.palette.error
                    } else {
                        look.palette.text
                    };
                    p.spawn(look.text_styled(what, size::BODY, color, &look.fonts.bold));
                    p.spawn(look.text(fix));
                });
            }
            col.spawn(Node::default()).with_children(|r| {
                r.spawn(look.primary_button("Esc", "Back", DiagnosticsAction::Back));
            });
        });
    });
}
