//! Screen readers: every text a trainee reads is exposed through AccessKit, and kept up to date
//! when the text changes (Bevy labels a text only when it is first spawned).

use bevy::prelude::*;
use bevy::ui::prelude::AccessibleLabel;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, label_texts);
}

/// Give every `Label` text an accessible label equal to its text, whenever the text changes.
fn label_texts(
    mut commands: Commands,
    texts: Query<(Entity, &Text), (Changed<Text>, With<Label>)>,
) {
    for (entity, text) in &texts {
        commands
            .entity(entity)
            .try_insert(AccessibleLabel::new(text.0.clone()));
    }
}
