//! What a record holds: an attempt, its decisions as they were shown, and the scenario as it was
//! played. Everything needed to draw an attempt's debrief again is here, so a record outlives
//! edits to its scenario file, or the file itself.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::time::Timestamp;
use crate::play::Step;
use crate::play::wording::{Change, applied_changes};
use crate::scenario::{Catalogue, Choice, Node, NodeKind, Scenario};

/// An attempt's number in the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttemptId(pub i64);

impl fmt::Display for AttemptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Whether one trainee played, or a group voted on a projector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Alone,
    Group,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Alone => "alone",
            Mode::Group => "group",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        match text {
            "alone" => Some(Mode::Alone),
            "group" => Some(Mode::Group),
            _ => None,
        }
    }
}

/// The version of a scenario: a SHA-256 of its file's text, in hex. An edited file is a new version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Version(pub String);

impl Version {
    pub fn of_source(source: &str) -> Self {
        let digest = sha2::Sha256::digest(source.as_bytes());
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The first 12 hex digits: enough to tell versions apart in a report.
    pub fn short(&self) -> &str {
        self.0.get(..12).unwrap_or(&self.0)
    }
}

/// One of a scenario's scales, as it was when played.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    pub label: String,
    pub min: i64,
    pub max: i64,
    pub start: i64,
}

/// The scenario as it was played: its briefing, its scales and the names of the principles it
/// cites. Kept once per version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub setting: Option<String>,
    pub content_note: Option<String>,
    pub objectives: Vec<String>,
    pub scales: Vec<Scale>,
    /// Principle id to its name, for every principle the scenario cites.
    pub principles: BTreeMap<String, String>,
    /// Every decision point, by node id: what was said there and the options offered. Kept once
    /// per version rather than with each decision.
    #[serde(default)]
    pub nodes: BTreeMap<String, NodeRecord>,
}

/// A decision point as the trainee saw it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRecord {
    /// Who spoke, by name and role ("Mrs Ahmed (resident)"), when someone did.
    pub speaker: Option<String>,
    /// The line said, or the narration, before the choices.
    pub line: Option<String>,
    /// Every option, in authored order.
    pub options: Vec<OptionShown>,
}

impl ScenarioRecord {
    pub fn of(scenario: &Scenario, catalogue: Option<&Catalogue>) -> Self {
        let principles = scenario
            .nodes
            .iter()
            .flat_map(|n| n.choices.iter().flatten())
            .flat_map(|c| &c.principles)
            .map(|p| {
                let name = catalogue.map_or(p.as_str(), |c| c.name(p.as_str()));
                (p.0.clone(), name.to_owned())
            })
            .collect();
        Self {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
            setting: scenario.setting.clone(),
            content_note: scenario.content_note.clone(),
            objectives: scenario.objectives.clone(),
            scales: scenario
                .scores
                .iter()
                .map(|s| Scale {
                    id: s.id.0.clone(),
                    label: s.label.clone(),
                    min: s.min,
                    max: s.max,
                    start: s.clamp(s.start),
                })
                .collect(),
            principles,
            nodes: scenario
                .nodes
                .iter()
                .filter_map(|n| match n.kind() {
                    Some(NodeKind::Choices(choices)) => {
                        Some((n.id.0.clone(), NodeRecord::of(scenario, n, choices)))
                    }
                    _ => None,
                })
                .collect(),
        }
    }

    /// A principle's name, or its id when the catalogue did not name it.
    pub fn principle_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.principles.get(id).map_or(id, String::as_str)
    }

    /// A scale's label, or its id.
    pub fn scale_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.scales
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.label.as_str())
    }
}

impl NodeRecord {
    fn of(scenario: &Scenario, node: &Node, choices: &[Choice]) -> Self {
        Self {
            speaker: node
                .speaker
                .as_ref()
                .and_then(|s| scenario.character(s.as_str()))
                .map(|c| format!("{} ({})", c.name, c.role)),
            line: node.text.clone().or_else(|| node.narration.clone()),
            options: choices
                .iter()
                .enumerate()
                .map(|(i, c)| OptionShown {
                    number: i + 1,
                    text: c.text.clone(),
                    effects: c.effects.iter().map(|(id, d)| (id.0.clone(), d)).collect(),
                    feedback: c.feedback.clone(),
                })
                .collect(),
        }
    }
}

/// A change to one score, as applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    pub score: String,
    /// As written in the scenario.
    pub delta: i64,
    /// As it happened, after the score's limits.
    pub applied: i64,
    /// The score afterwards.
    pub value: i64,
}

/// One option at a decision as it was offered, taken or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionShown {
    /// Its position in the node's choices as authored (1-based).
    pub number: usize,
    pub text: String,
    /// Its effects as written: score id and change.
    pub effects: Vec<(String, i64)>,
    pub feedback: Option<String>,
}

/// One decision, as the trainee saw and made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// 1 for the first decision of the attempt.
    pub number: usize,
    /// When it was made.
    pub at: Timestamp,
    /// How long the trainee (or the room) took, from the choices appearing to the choice.
    pub taken_ms: Option<u64>,
    /// The decision point: its line and options are in [`ScenarioRecord::nodes`].
    pub node: String,
    /// The choice's position in the node's choices as authored (1-based).
    pub choice: usize,
    /// The words chosen, as shown.
    pub text: String,
    pub feedback: Option<String>,
    pub principles: Vec<String>,
    pub effects: Vec<Effect>,
    /// Every score after the decision, in the scenario's order.
    pub scores_after: Vec<(String, i64)>,
    /// The room's tally for each option, in authored order, in a group.
    pub votes: Option<Vec<u32>>,
}

impl Decision {
    /// The decision `step`, the `number`th of its attempt.
    pub fn of(number: usize, step: &Step, at: Timestamp, taken: Option<Duration>) -> Self {
        Self {
            number,
            at,
            taken_ms: taken.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            node: step.node.0.clone(),
            choice: step.choice,
            text: step.text.clone(),
            feedback: step.feedback.clone(),
            principles: step.principles.iter().map(|p| p.0.clone()).collect(),
            effects: step
                .effects
                .iter()
                .map(|e| Effect {
                    score: e.score.0.clone(),
                    delta: e.delta,
                    applied: e.applied,
                    value: e.value,
                })
                .collect(),
            scores_after: step
                .scores_after
                .iter()
                .map(|(id, v)| (id.0.clone(), *v))
                .collect(),
            votes: step.votes.clone(),
        }
    }

    /// The sum of the changes applied: above zero the choice helped, below it harmed.
    pub fn net(&self) -> i64 {
        self.effects
            .iter()
            .fold(0i64, |sum, e| sum.saturating_add(e.applied))
    }

    /// What the decision did, in words ("+5 Trust", "-3 Dignity (capped at 0)"): every change
    /// that happened, and every one written but cut to nothing by the scale's range.
    pub fn changes<'a>(&'a self, scenario: &'a ScenarioRecord) -> Vec<Change<'a>> {
        applied_changes(
            self.effects
                .iter()
                .map(|e| (e.score.as_str(), e.delta, e.applied, e.value)),
            |id| scenario.scale_label(id),
        )
    }

    /// How long it took, when known.
    pub fn taken(&self) -> Option<Duration> {
        self.taken_ms.map(Duration::from_millis)
    }
}

/// Where play ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingRecord {
    pub node: String,
    pub title: String,
    pub summary: String,
}

/// The debrief's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub title: String,
    pub text: String,
}

/// A reflection prompt and what the trainee wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub prompt: String,
    pub answer: String,
}

/// An attempt as the "My practice" list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptSummary {
    pub id: AttemptId,
    pub scenario: String,
    pub title: String,
    pub version: Version,
    pub seed: u64,
    pub mode: Mode,
    pub started: Timestamp,
    /// `None` while the attempt is unfinished.
    pub ended: Option<Timestamp>,
    pub ending: Option<EndingRecord>,
    pub outcome: Option<OutcomeRecord>,
    pub decisions: usize,
}

impl AttemptSummary {
    pub fn is_finished(&self) -> bool {
        self.ended.is_some()
    }

    /// How long the attempt took, start to end, when it ended.
    pub fn duration(&self) -> Option<Duration> {
        let ms = self.ended?.0.checked_sub(self.started.0)?;
        u64::try_from(ms).ok().map(Duration::from_millis)
    }
}

/// An attempt in full: enough to draw its debrief again, as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub summary: AttemptSummary,
    /// The attempt's UUID: xAPI's `context.registration`.
    pub registration: String,
    /// The scenario as it was played, shared by every attempt at the same version.
    pub scenario: Arc<ScenarioRecord>,
    pub decisions: Vec<Decision>,
    /// The scores at the end (or now, when unfinished), in the scenario's order.
    pub scores: Vec<(String, i64)>,
    pub reflection: Vec<Reflection>,
}

impl Attempt {
    /// The decision point of `d`: what was said and the options offered.
    pub fn node(&self, d: &Decision) -> Option<&NodeRecord> {
        self.scenario.nodes.get(&d.node)
    }

    /// Each scale with its value at the start and after each decision: the points of its chart.
    pub fn score_series(&self) -> Vec<(&Scale, Vec<i64>)> {
        self.scenario
            .scales
            .iter()
            .map(|scale| {
                let after = self.decisions.iter().map(|d| {
                    d.scores_after
                        .iter()
                        .find(|(id, _)| *id == scale.id)
                        .map_or(scale.start, |(_, v)| *v)
                });
                (scale, std::iter::once(scale.start).chain(after).collect())
            })
            .collect()
    }
}

/// How often each outcome of one scenario was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioOutcomes {
    pub scenario: String,
    pub title: String,
    pub attempts: usize,
    pub finished: usize,
    /// Each outcome title reached, with how many attempts reached it, most first.
    pub outcomes: Vec<(String, usize)>,
}

/// How a principle went across every attempt: in how many attempts the choices citing it helped
/// overall, and in how many they harmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrinciplePractice {
    pub id: String,
    pub name: String,
    pub well: usize,
    pub poorly: usize,
}
