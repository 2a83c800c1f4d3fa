//! "My practice" (M on the library): every attempt recorded, newest first, a page at a time; for
//! each scenario the outcomes reached so far; the principles practised well and poorly across all
//! attempts. Enter opens an attempt's debrief again, as it was; R writes a printable report of
//! the highlighted attempt and E of everything, into the data folder's `reports`.

use bevy::prelude::*;

use super::PracticeRecords;
use super::sync::SyncStatus;
use crate::app::input::{
    Act, Binding, ENTER, add_actions, for_screen, hints, keys_free, send_keys,
};
use crate::app::library::LibraryIndex;
use crate::app::playing::{Playing, Recording};
use crate::app::screen::{Redraw, Screen};
use crate::app::settings::{Settings, StorageDirs};
use crate::app::theme::frame::Canvas;
use crate::app::theme::size;
use crate::app::theme::widget::Focused;
use crate::records::html::Cover;
use crate::records::time::{Timestamp, readable_duration};
use crate::records::{
    AttemptSummary, Filter, PrinciplePractice, Records, RecordsError, ScenarioOutcomes,
};

/// Attempts listed on one page: with 10,000 recorded, the screen still draws a page.
pub const PAGE: usize = 10;

pub(super) fn plugin(app: &mut App) {
    add_actions::<PracticeAction>(app);
    app.init_resource::<PracticeView>();
    app.init_resource::<OpenedAttempt>();
    app.add_systems(OnEnter(Screen::Practice), load);
    app.add_systems(
        Update,
        (keys.run_if(keys_free), act, redraw_on_sync, draw)
            .chain()
            .run_if(in_state(Screen::Practice)),
    );
}

/// When the attempt opened from the list was played (its debrief says so).
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct OpenedAttempt(pub Option<Timestamp>);

/// What the screen shows, read from the records when it opens.
#[derive(Resource, Default, Debug)]
pub struct PracticeView {
    pub attempts: Vec<AttemptSummary>,
    pub outcomes: Vec<ScenarioOutcomes>,
    pub principles: Vec<PrinciplePractice>,
    /// The highlighted attempt (an index into `attempts`).
    pub focus: usize,
    /// What the last key did ("Report written to …"), or why it could not.
    pub message: Option<String>,
    /// Why the records could not be read.
    pub problem: Option<String>,
    /// The attempt Delete was pressed on once: pressed again, it is deleted.
    pub deleting: Option<crate::records::AttemptId>,
}

impl PracticeView {
    /// Everything the screen shows, from the records.
    pub fn read(db: &Records) -> Result<Self, RecordsError> {
        Ok(Self {
            attempts: db.attempts()?,
            outcomes: db.outcomes_by_scenario()?,
            principles: db.principles()?,
            ..Self::default()
        })
    }

    /// The attempts on the page that holds the highlight.
    pub fn page(&self) -> (usize, &[AttemptSummary]) {
        let start = self.focus / PAGE * PAGE;
        let end = (start + PAGE).min(self.attempts.len());
        (start, self.attempts.get(start..end).unwrap_or_default())
    }
}

/// What the trainee asks of "My practice".
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PracticeAction {
    FocusPrev,
    FocusNext,
    PagePrev,
    PageNext,
    /// Open the highlighted attempt's debrief (Enter).
    Open,
    /// Open the attempt at this position in the list (a click).
    Pick(usize),
    /// A report of the highlighted attempt.
    ReportAttempt,
    /// A report of everything recorded.
    ReportAll,
    /// Who the records are sent as, and sending them.
    Sharing,
    /// Delete the highlighted attempt (pressed twice).
    Delete,
    Back,
}

/// The keys of "My practice".
pub const KEYS: [Binding<PracticeAction>; 10] = [
    Binding::key(
        &[KeyCode::ArrowUp],
        "Up Down",
        "move between attempts",
        PracticeAction::FocusPrev,
    )
    .hint("Up Down", "choose"),
    Binding::key(
        &[KeyCode::ArrowDown],
        "Up Down",
        "move between attempts",
        PracticeAction::FocusNext,
    ),
    Binding::key(
        &[KeyCode::PageUp],
        "Page Up  Page Down",
        "earlier or later page of attempts",
        PracticeAction::PagePrev,
    ),
    Binding::key(
        &[KeyCode::PageDown],
        "Page Up  Page Down",
        "earlier or later page of attempts",
        PracticeAction::PageNext,
    ),
    Binding::key(ENTER, "Enter", "open its debrief", PracticeAction::Open).hint("Enter", "open"),
    Binding::key(
        &[KeyCode::KeyR],
        "R",
        "a printable report of this attempt",
        PracticeAction::ReportAttempt,
    )
    .hint("R", "report"),
    Binding::key(
        &[KeyCode::KeyE],
        "E",
        "a printable report of everything",
        PracticeAction::ReportAll,
    )
    .hint("E", "report of all"),
    Binding::key(
        &[KeyCode::Delete],
        "Delete",
        "delete this attempt (press twice)",
        PracticeAction::Delete,
    ),
    Binding::key(
        &[KeyCode::KeyY],
        "Y",
        "send to your organisation",
        PracticeAction::Sharing,
    ),
    Binding::key(
        &[KeyCode::KeyL, KeyCode::Escape],
        "L",
        "back to the library",
        PracticeAction::Back,
    )
    .hint("L", "library"),
];

fn keys(keys: Res<ButtonInput<KeyCode>>, mut out: MessageWriter<Act<PracticeAction>>) {
    send_keys(&keys, Screen::Practice, &KEYS, &mut out);
}

fn load(records: Res<PracticeRecords>, mut view: ResMut<PracticeView>) {
    let focus = view.focus;
    *view = match records.get() {
        Some(db) => PracticeView::read(&db).unwrap_or_else(|e| PracticeView {
            problem: Some(e.to_string()),
            ..PracticeView::default()
        }),
        None => PracticeView {
            problem: records.problem.clone(),
            ..PracticeView::default()
        },
    };
    view.focus = focus.min(view.attempts.len().saturating_sub(1));
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: opening an attempt and writing reports touch each of these"
)]
fn act(
    mut actions: MessageReader<Act<PracticeAction>>,
    mut commands: Commands,
    mut view: ResMut<PracticeView>,
    mut redraw: ResMut<Redraw>,
    mut next: ResMut<NextState<Screen>>,
    records: Res<PracticeRecords>,
    index: Res<LibraryIndex>,
    settings: Res<Settings>,
    storage: Res<StorageDirs>,
) {
    let count = view.attempts.len();
    for &action in for_screen(&mut actions, Screen::Practice) {
        // Any other key keeps the attempt Delete was pressed on.
        let confirming = view.deleting.take();
        if confirming.is_some() && action != PracticeAction::Delete {
            view.message = None;
            redraw.0 = true;
        }
        match action {
            PracticeAction::Delete => {
                let Some((id, started)) = view.attempts.get(view.focus).map(|a| (a.id, a.started))
                else {
                    continue;
                };
                if confirming != Some(id) {
                    view.deleting = Some(id);
                    view.message = Some(format!(
                        "Press Delete again to delete this attempt ({}) and your reflection on \
                         it from this computer, for good. Any other key keeps it.",
                        started
                    ));
                } else {
                    let done = records
                        .get()
                        .map(|db| db.delete_attempt(id).and_then(|()| PracticeView::read(&db)));
                    match done {
                        Some(Ok(fresh)) => {
                            let focus = view.focus.min(fresh.attempts.len().saturating_sub(1));
                            *view = PracticeView {
                                focus,
                                message: Some("The attempt is deleted from this computer.".into()),
                                ..fresh
                            };
                        }
                        Some(Err(e)) => {
                            view.message = Some(format!("The attempt could not be deleted. {e}"));
                        }
                        None => {}
                    }
                }
            }
            PracticeAction::FocusPrev => view.focus = view.focus.saturating_sub(1),
            PracticeAction::FocusNext if view.focus + 1 < count => view.focus += 1,
            PracticeAction::PagePrev => view.focus = view.focus.saturating_sub(PAGE) / PAGE * PAGE,
            PracticeAction::PageNext if count > 0 => {
                view.focus = ((view.focus / PAGE + 1) * PAGE).min(count - 1);
            }
            PracticeAction::Pick(i) if i < count => {
                view.focus = i;
                open(&mut commands, &mut view, &records, &index, &mut next);
            }
            PracticeAction::Open => open(&mut commands, &mut view, &records, &index, &mut next),
            PracticeAction::ReportAttempt | PracticeAction::ReportAll => {
                let one = (action == PracticeAction::ReportAttempt)
                    .then(|| view.attempts.get(view.focus).map(|a| a.id))
                    .flatten();
                if action == PracticeAction::ReportAttempt && one.is_none() {
                    continue;
                }
                let name = settings.sharing.trainee_name().map(str::to_owned);
                view.message = Some(match write_report(&records, &storage, one, name) {
                    Ok(path) => format!(
                        "The report is written to {}. Open it in a web browser to read or \
                         print it.",
                        path.display()
                    ),
                    Err(e) => format!("The report could not be written. {e}"),
                });
            }
            PracticeAction::Sharing => next.set(Screen::Sharing),
            PracticeAction::Back => next.set(Screen::Library),
            _ => continue,
        }
        redraw.0 = true;
    }
}

/// Open attempt `view.focus`'s debrief, as it was played.
fn open(
    commands: &mut Commands,
    view: &mut PracticeView,
    records: &PracticeRecords,
    index: &LibraryIndex,
    next: &mut NextState<Screen>,
) {
    let Some(summary) = view.attempts.get(view.focus) else {
        return;
    };
    let Some(db) = records.get() else {
        return;
    };
    match db.session(summary.id) {
        Ok(session) => {
            let file = index
                .entries
                .iter()
                .find(|e| e.scenario().is_some_and(|s| s.id == summary.scenario))
                .map(|e| e.path.clone())
                .unwrap_or_default();
            commands.insert_resource(Playing {
                recording: Recording::Past(summary.id),
                ..Playing::from_session(&file, session)
            });
            commands.insert_resource(OpenedAttempt(Some(summary.started)));
            next.set(Screen::Debrief);
        }
        Err(e) => view.message = Some(format!("That attempt cannot be opened. {e}")),
    }
}

/// Write a printable report (HTML) of attempt `one`, or of everything, into the data folder's
/// `reports` folder; the file's path.
pub fn write_report(
    records: &PracticeRecords,
    storage: &StorageDirs,
    one: Option<crate::records::AttemptId>,
    name: Option<String>,
) -> Result<std::path::PathBuf, String> {
    let db = records
        .get()
        .ok_or_else(|| records.problem.clone().unwrap_or_default())?;
    let filter = Filter {
        attempt: one,
        ..Filter::default()
    };
    let attempts = db.find(&filter).map_err(|e| e.to_string())?;
    let now = Timestamp::now();
    let html = crate::records::html::report(
        &attempts,
        &Cover {
            name,
            made: Some(now),
            covers: match one {
                Some(id) => format!("attempt {}", id.0),
                None => "everything recorded".to_owned(),
            },
        },
    );
    let file = match one {
        Some(id) => format!("rapport-attempt-{}-{}.html", id.0, now.date()),
        None => format!("rapport-practice-{}.html", now.date()),
    };
    let path = storage.0.data.join("reports").join(file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("The folder {} cannot be made: {e}.", dir.display()))?;
    }
    crate::storage::write_atomic(&path, html.as_bytes())
        .map_err(|e| format!("{} cannot be written: {e}.", path.display()))?;
    Ok(path)
}

fn redraw_on_sync(status: Res<SyncStatus>, mut redraw: ResMut<Redraw>) {
    if status.is_changed() {
        redraw.0 = true;
    }
}

/// "3 attempts, 2 finished: Trusted ×2".
fn outcomes_line(o: &ScenarioOutcomes) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            one.to_owned()
        } else {
            format!("{one}s")
        }
    };
    let mut line = format!(
        "{} {}, {} finished",
        o.attempts,
        plural(o.attempts, "attempt"),
        o.finished
    );
    if !o.outcomes.is_empty() {
        let reached: Vec<String> = o
            .outcomes
            .iter()
            .map(|(title, n)| format!("{title} ×{n}"))
            .collect();
        line.push_str(": ");
        line.push_str(&reached.join("  ·  "));
    }
    line
}

/// One attempt in the list: "12 March 2025 09:30 · Alone · ended “Good” · outcome “Trusted”".
pub fn attempt_line(a: &AttemptSummary) -> String {
    let mode = match a.mode {
        crate::records::Mode::Alone => "alone",
        crate::records::Mode::Group => "in a group",
    };
    let mut parts = vec![a.started.readable(), format!("played {mode}")];
    match (&a.ending, &a.outcome) {
        (Some(e), Some(o)) => parts.push(format!("ended “{}”, outcome “{}”", e.title, o.title)),
        (Some(e), None) => parts.push(format!("ended “{}”", e.title)),
        _ if a.is_finished() => parts.push("finished".to_owned()),
        _ => parts.push(format!(
            "unfinished after {} decision{}",
            a.decisions,
            if a.decisions == 1 { "" } else { "s" }
        )),
    }
    if let Some(d) = a.duration() {
        // Kept on one line ("5 s", not "5" then "s").
        parts.push(readable_duration(d).replace(' ', "\u{a0}"));
    }
    parts.join("  ·  ")
}

fn draw(
    mut canvas: Canvas,
    view: Res<PracticeView>,
    status: Res<SyncStatus>,
    settings: Res<Settings>,
) {
    if !canvas.begin() {
        return;
    }
    let hints = hints(&KEYS);
    canvas.frame(Screen::Practice, "My practice", &hints, |area, look| {
        area.spawn(look.column(960.0)).with_children(|col| {
            col.spawn(look.title("My practice"));
            col.spawn(look.muted(
                "Every attempt you play is kept on this computer, in your account: anyone who \
                 can log in as you here can read them. Open one to read its debrief again, or \
                 write a report to print or keep as evidence of your practice in scenarios.",
            ));
            for text in view.problem.iter().chain(&view.message) {
                col.spawn(look.notice_panel()).with_children(|p| {
                    p.spawn(look.text(text.clone()));
                });
            }
            if let Some(line) = status.line(&settings.sharing) {
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.heading("Sending to your organisation"));
                    p.spawn(look.text(line));
                });
            }
            if view.attempts.is_empty() && view.problem.is_none() {
                col.spawn(look.panel()).with_children(|p| {
                    p.spawn(look.text(
                        "Nothing recorded yet. Play a scenario from the library and it will \
                         appear here.",
                    ));
                });
                return;
            }
            col.spawn(look.panel()).with_children(|p| {
                p.spawn(look.heading("By scenario"));
                for o in &view.outcomes {
                    p.spawn(look.bold(o.title.clone(), size::BODY));
                    p.spawn(look.text(outcomes_line(o)));
                }
            });
            let well: Vec<String> = view
                .principles
                .iter()
                .filter(|p| p.well > 0)
                .map(|p| format!("{} ({}×)", p.name, p.well))
                .collect();
            let poorly: Vec<String> = view
                .principles
                .iter()
                .filter(|p| p.poorly > 0)
                .map(|p| format!("{} ({}×)", p.name, p.poorly))
                .collect();
            col.spawn(look.panel()).with_children(|p| {
                p.spawn(look.heading("Principles across all attempts"));
                let or_none = |v: &[String]| {
                    if v.is_empty() {
                        "none yet".to_owned()
                    } else {
                        v.join("  ·  ")
                    }
                };
                p.spawn(look.text(format!("Practised well: {}", or_none(&well))));
                p.spawn(look.text(format!("To work on: {}", or_none(&poorly))));
            });
            let (start, page) = view.page();
            col.spawn(look.heading(format!(
                "Attempts, newest first ({} to {} of {})",
                start + 1,
                start + page.len(),
                view.attempts.len()
            )));
            for (k, a) in page.iter().enumerate() {
                let i = start + k;
                let focused = i == view.focus;
                let mut card =
                    col.spawn((Button, PracticeAction::Pick(i), look.focus_panel(focused)));
                if focused {
                    card.insert(Focused);
                }
                card.with_children(|c| {
                    c.spawn(look.bold(a.title.clone(), size::HEADING));
                    c.spawn(look.text(attempt_line(a)));
                });
            }
            if view.attempts.len() > PAGE {
                col.spawn(look.muted("Page Up and Page Down show earlier and later attempts."));
            }
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{AttemptId, EndingRecord, Mode, OutcomeRecord, Version};

    fn summary(decisions: usize, ended: bool) -> AttemptSummary {
        AttemptSummary {
            id: AttemptId(1),
            scenario: "s".into(),
            title: "S".into(),
            version: Version("v".into()),
            seed: 1,
            mode: Mode::Group,
            started: Timestamp(0),
            ended: ended.then_some(Timestamp(95_000)),
            ending: ended.then(|| EndingRecord {
                node: "end".into(),
                title: "Good".into(),
                summary: String::new(),
            }),
            outcome: ended.then(|| OutcomeRecord {
                title: "Trusted".into(),
                text: String::new(),
            }),
            decisions,
        }
    }

    #[test]
    fn an_attempt_is_described_with_its_date_mode_ending_and_outcome() {
        assert_eq!(
            attempt_line(&summary(3, true)),
            "1970-01-01 00:00 UTC  ·  played in a group  ·  ended “Good”, outcome “Trusted”  ·  1\u{a0}min\u{a0}35\u{a0}s"
        );
        assert_eq!(
            attempt_line(&summary(1, false)),
            "1970-01-01 00:00 UTC  ·  played in a group  ·  unfinished after 1 decision"
        );
    }

    #[test]
    fn the_page_is_the_one_holding_the_highlight() {
        let mut view = PracticeView {
            attempts: (0..25).map(|_| summary(1, false)).collect(),
            ..PracticeView::default()
        };
        view.focus = 23;
        let (start, page) = view.page();
        assert_eq!((start, page.len()), (20, 5));
    }
}
