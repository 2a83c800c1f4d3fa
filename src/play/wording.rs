//! Score changes in words, one formatter for the app, the transcript and the printed script:
//! "+5 Trust", "-10 Boundaries (down)", "+5 Trust (capped at 100)". A sign and a word, never
//! colour alone.

use std::fmt;

use crate::play::Step;
use crate::scenario::{Choice, Scenario};

/// One score's change, with the score's label as the scenario writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    pub delta: i64,
    pub label: &'a str,
    /// The score's value when the change was clamped to the score's range.
    pub capped_at: Option<i64>,
}

impl fmt::Display for Change<'_> {
    /// "+5 Trust", and " (capped at 100)" when the change was cut short.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:+} {}", self.delta, self.label)?;
        if let Some(value) = self.capped_at {
            write!(f, " (capped at {value})")?;
        }
        Ok(())
    }
}

impl Change<'_> {
    /// "+5 Trust (up)": the direction in a word as well, for the screen, where the colour
    /// carries it too.
    pub fn with_direction(&self) -> String {
        let direction = if self.delta > 0 { "up" } else { "down" };
        format!("{:+} {} ({direction})", self.delta, self.label)
    }
}

/// The label of the score `id`, or the id itself when the scenario has no such score.
pub fn score_label<'a>(scenario: &'a Scenario, id: &'a str) -> &'a str {
    scenario.score(id).map_or(id, |s| s.label.as_str())
}

/// What a choice would do, as written: every non-zero effect.
pub fn choice_changes<'a>(scenario: &'a Scenario, choice: &'a Choice) -> Vec<Change<'a>> {
    choice
        .effects
        .iter()
        .filter(|(_, delta)| *delta != 0)
        .map(|(id, delta)| Change {
            delta,
            label: score_label(scenario, id.as_str()),
            capped_at: None,
        })
        .collect()
}

/// What a decision did: every change that happened, and every one that was written but cut to
/// nothing by the score's range (with its cap).
pub fn step_changes<'a>(scenario: &'a Scenario, step: &'a Step) -> Vec<Change<'a>> {
    applied_changes(
        step.effects
            .iter()
            .map(|e| (e.score.as_str(), e.delta, e.applied, e.value)),
        |id| score_label(scenario, id),
    )
}

/// Changes as applied, each given as (score id, change written, change applied, value after),
/// with `label` naming each score: every change that happened, and every one written but cut to
/// nothing by the score's range. What [`step_changes`] and the practice records say.
pub fn applied_changes<'a>(
    effects: impl IntoIterator<Item = (&'a str, i64, i64, i64)>,
    label: impl Fn(&'a str) -> &'a str,
) -> Vec<Change<'a>> {
    effects
        .into_iter()
        .filter(|(_, delta, applied, _)| *applied != 0 || *delta != 0)
        .map(|(id, delta, applied, value)| Change {
            delta: applied,
            label: label(id),
            capped_at: (applied != delta).then_some(value),
        })
        .collect()
}

/// The changes joined with commas, or `none` when there are none.
pub fn joined(changes: &[Change<'_>], none: &str) -> String {
    if changes.is_empty() {
        return none.to_owned();
    }
    changes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_has_a_sign_a_word_and_its_cap() {
        let up = Change {
            delta: 5,
            label: "Trust",
            capped_at: None,
        };
        assert_eq!(up.to_string(), "+5 Trust");
        assert_eq!(up.with_direction(), "+5 Trust (up)");
        let capped = Change {
            delta: -3,
            label: "Dignity",
            capped_at: Some(0),
        };
        assert_eq!(capped.to_string(), "-3 Dignity (capped at 0)");
        assert_eq!(capped.with_direction(), "-3 Dignity (down)");
        assert_eq!(
            joined(&[up, capped], "none"),
            "+5 Trust, -3 Dignity (capped at 0)"
        );
        assert_eq!(joined(&[], "no change"), "no change");
    }
}
