//! The trainee's written reflection on the debrief: a field under each prompt, saved with the
//! attempt in the practice records as it is typed (one small transaction per change: a crash
//! loses at most the last key), and again when the debrief closes if a save failed.
//! W (or a click, or Tab) puts the cursor in the first field; while typing, no shortcut fires.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::text::EditableText;

use super::DebriefAction;
use crate::app::input::{Act, for_screen};
use crate::app::playing::Playing;
use crate::app::practice::PracticeRecords;
use crate::app::screen::Screen;
use crate::app::theme::field::{Field, TypingIn, enter_field, field_text};
use crate::play::debrief::reflection_prompts;
use crate::records::{AttemptId, Reflection};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ReflectionDraft>();
    app.add_systems(OnEnter(Screen::Debrief), begin);
    app.add_systems(OnExit(Screen::Debrief), save_now);
    app.add_systems(
        Update,
        (write, collect)
            .chain()
            .run_if(in_state(Screen::Debrief).and_then(resource_exists::<Playing>)),
    );
}

/// The reflection being written: one answer for each prompt.
#[derive(Resource, Default, Debug, Clone, PartialEq)]
pub struct ReflectionDraft {
    /// The attempt it is saved with; `None` when the attempt is not recorded.
    pub attempt: Option<AttemptId>,
    pub prompts: Vec<String>,
    pub answers: Vec<String>,
    /// The answers as last saved.
    saved: Vec<String>,
    /// Why the last save failed.
    pub problem: Option<String>,
}

impl ReflectionDraft {
    /// The answers to keep: each prompt with what was written (blank answers too, so a cleared
    /// answer is saved as cleared).
    pub fn reflection(&self) -> Vec<Reflection> {
        self.prompts
            .iter()
            .zip(&self.answers)
            .map(|(prompt, answer)| Reflection {
                prompt: prompt.clone(),
                answer: answer.trim_end().to_owned(),
            })
            .collect()
    }
}

/// The prompts of the attempt on screen, with what was written before (a reopened attempt).
fn begin(
    playing: Option<Res<Playing>>,
    records: Option<Res<PracticeRecords>>,
    mut draft: ResMut<ReflectionDraft>,
    mut typing: ResMut<TypingIn>,
) {
    typing.0 = None;
    let Some(playing) = playing else {
        return;
    };
    let attempt = playing.recording.attempt();
    let prompts = reflection_prompts(&playing.session);
    let earlier: Vec<Reflection> = attempt
        .zip(records.as_deref().and_then(PracticeRecords::get))
        .and_then(|(id, db)| db.attempt(id).ok())
        .map(|a| a.reflection)
        .unwrap_or_default();
    let answers: Vec<String> = prompts
        .iter()
        .map(|p| {
            earlier
                .iter()
                .find(|r| &r.prompt == p)
                .map(|r| r.answer.clone())
                .unwrap_or_default()
        })
        .collect();
    *draft = ReflectionDraft {
        attempt,
        prompts,
        saved: answers.clone(),
        answers,
        ..ReflectionDraft::default()
    };
}

fn write(
    mut actions: MessageReader<Act<DebriefAction>>,
    fields: Query<(Entity, &Field)>,
    focus: Option<ResMut<InputFocus>>,
    mut typing: ResMut<TypingIn>,
) {
    let Some(mut focus) = focus else {
        return;
    };
    if for_screen(&mut actions, Screen::Debrief).any(|a| *a == DebriefAction::Write) {
        enter_field(0, &fields, &mut focus, &mut typing);
    }
}

/// Keep what is in the fields, and save it when it changed.
fn collect(
    fields: Query<(&Field, &EditableText), Changed<EditableText>>,
    records: Option<Res<PracticeRecords>>,
    mut draft: ResMut<ReflectionDraft>,
) {
    let mut changed = false;
    for (field, text) in &fields {
        let now = field_text(text);
        if draft.answers.get(field.0).is_some_and(|a| *a != now) {
            draft.answers[field.0] = now;
            changed = true;
        }
    }
    if changed {
        save(records.as_deref(), &mut draft);
    }
}

fn save_now(records: Option<Res<PracticeRecords>>, mut draft: ResMut<ReflectionDraft>) {
    save(records.as_deref(), &mut draft);
}

/// Save the reflection if it changed since the last save.
fn save(records: Option<&PracticeRecords>, draft: &mut ReflectionDraft) {
    if draft.answers == draft.saved {
        return;
    }
    let (Some(id), Some(db)) = (draft.attempt, records.and_then(PracticeRecords::get)) else {
        return;
    };
    match db.save_reflection(id, &draft.reflection()) {
        Ok(()) => {
            draft.saved = draft.answers.clone();
            draft.problem = None;
        }
        Err(e) => {
            warn!("the reflection could not be saved: {e}");
            draft.problem = Some(format!("Your reflection could not be saved. {e}"));
        }
    }
}
