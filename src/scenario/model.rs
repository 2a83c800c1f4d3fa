//! The scenario format as Rust types, field by field (every field is documented for authors in
//! `docs/format.md`, and `tests/format_doc.rs` keeps it so).
//!
//! Every struct refuses unknown fields, so a misspelt field is an error rather than silently
//! ignored. Defaults live here and nowhere else.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A node's id, unique within its scenario.
    NodeId
);
id_type!(
    /// A score's id (`trust`, `dignity`, `boundaries`, or a custom scale).
    ScoreId
);
id_type!(
    /// A character's id, used as a node's `speaker`.
    CharacterId
);
id_type!(
    /// A principle's id in the catalogue (`principles.ron`).
    PrincipleId
);
id_type!(
    /// A named flag that choices set and unset and conditions read.
    Flag
);

/// One scenario: one file under `scenarios/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub setting: Option<String>,
    #[serde(default)]
    pub relationship: Option<Relationship>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub content_note: Option<String>,
    #[serde(default)]
    pub shuffle_choices: bool,
    pub scores: Vec<Score>,
    pub characters: Vec<Character>,
    pub start: NodeId,
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

/// The kind of relationship a scenario practises, as the guidance names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Relationship {
    Professional,
    Therapeutic,
    Personal,
    Casual,
    Involuntary,
    Online,
    FormalCare,
    InformalCare,
    Team,
}

impl Relationship {
    /// Every relationship type, in the order the library lists them.
    pub const ALL: [Relationship; 9] = [
        Relationship::Professional,
        Relationship::Therapeutic,
        Relationship::Personal,
        Relationship::Casual,
        Relationship::Involuntary,
        Relationship::Online,
        Relationship::FormalCare,
        Relationship::InformalCare,
        Relationship::Team,
    ];

    /// A label for people, not programmers.
    pub fn label(self) -> &'static str {
        match self {
            Relationship::Professional => "Professional",
            Relationship::Therapeutic => "Therapeutic",
            Relationship::Personal => "Personal and intimate",
            Relationship::Casual => "Casual",
            Relationship::Involuntary => "Involuntary",
            Relationship::Online => "Online",
            Relationship::FormalCare => "Formal care",
            Relationship::InformalCare => "Informal care",
            Relationship::Team => "Team",
        }
    }
}

fn default_min() -> i64 {
    0
}

fn default_max() -> i64 {
    100
}

/// A scale the scenario measures. Values are integers, clamped to `[min, max]` after every effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub id: ScoreId,
    pub label: String,
    pub start: i64,
    #[serde(default = "default_min")]
    pub min: i64,
    #[serde(default = "default_max")]
    pub max: i64,
    #[serde(default)]
    pub description: String,
}

impl Score {
    /// `value` held inside this score's range.
    pub fn clamp(&self, value: i64) -> i64 {
        if self.min > self.max {
            return value;
        }
        value.clamp(self.min, self.max)
    }
}

/// Someone in the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Character {
    pub id: CharacterId,
    pub name: String,
    pub role: String,
    /// A path relative to `assets/`.
    #[serde(default)]
    pub portrait: Option<String>,
}

/// A step of the scenario. Exactly one of `choices`, `next`, `chance` and `ending` is present.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: NodeId,
    #[serde(default)]
    pub speaker: Option<CharacterId>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub narration: Option<String>,
    #[serde(default)]
    pub facilitator_note: Option<String>,
    #[serde(default)]
    pub choices: Option<Vec<Choice>>,
    #[serde(default)]
    pub next: Option<NodeId>,
    #[serde(default)]
    pub chance: Option<Vec<ChanceBranch>>,
    #[serde(default)]
    pub ending: Option<Ending>,
}

/// What a node does once it is shown: the one of `choices`, `next`, `chance`, `ending` it has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeKind<'a> {
    Choices(&'a [Choice]),
    Next(&'a NodeId),
    Chance(&'a [ChanceBranch]),
    Ending(&'a Ending),
}

impl Node {
    /// The node's kind, or `None` when it has none or more than one (a validation error).
    pub fn kind(&self) -> Option<NodeKind<'_>> {
        let mut kinds = self.kinds();
        let first = kinds.next()?;
        kinds.next().is_none().then_some(first)
    }

    /// Every kind field present, in the order `choices`, `next`, `chance`, `ending`.
    pub fn kinds(&self) -> impl Iterator<Item = NodeKind<'_>> {
        [
            self.choices.as_deref().map(NodeKind::Choices),
            self.next.as_ref().map(NodeKind::Next),
            self.chance.as_deref().map(NodeKind::Chance),
            self.ending.as_ref().map(NodeKind::Ending),
        ]
        .into_iter()
        .flatten()
    }

    /// The nodes this one can lead to directly, with no regard to conditions.
    pub fn successors(&self) -> impl Iterator<Item = &NodeId> {
        let choices = self
            .choices
            .iter()
            .flatten()
            .filter_map(|c| c.next.as_ref());
        let chance = self.chance.iter().flatten().map(|b| &b.next);
        choices.chain(self.next.iter()).chain(chance)
    }
}

/// One of the trainee's options at a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub effects: Effects,
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default)]
    pub principles: Vec<PrincipleId>,
    #[serde(default)]
    pub requires: Option<Condition>,
    #[serde(default)]
    pub locked_hint: Option<String>,
    #[serde(default)]
    pub set: Vec<Flag>,
    #[serde(default)]
    pub unset: Vec<Flag>,
    /// Required by the format; optional here so the validator can say so precisely.
    #[serde(default)]
    pub next: Option<NodeId>,
}

/// A choice's effects on the scores, in the order written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Effects(pub Vec<(ScoreId, i64)>);

impl Effects {
    pub fn iter(&self) -> impl Iterator<Item = (&ScoreId, i64)> {
        self.0.iter().map(|(id, delta)| (id, *delta))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The change to `score`, zero when the choice does not touch it.
    pub fn get(&self, score: &str) -> i64 {
        self.0
            .iter()
            .find(|(id, _)| id.as_str() == score)
            .map_or(0, |(_, d)| *d)
    }
}

impl<'de> Deserialize<'de> for Effects {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EffectsVisitor;

        impl<'de> Visitor<'de> for EffectsVisitor {
            type Value = Effects;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of score id to change, like {\"trust\": 5, \"dignity\": -10}")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Effects, A::Error> {
                let mut seen = BTreeSet::new();
                let mut out = Vec::new();
                while let Some((id, delta)) = map.next_entry::<ScoreId, i64>()? {
                    if !seen.insert(id.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "the score \"{id}\" appears twice in these effects: give each score \
                                once"
                        )));
                    }
                    out.push((id, delta));
                }
                Ok(Effects(out))
            }
        }

        deserializer.deserialize_map(EffectsVisitor)
    }
}

/// One branch of a `chance` node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChanceBranch {
    pub weight: i64,
    pub next: NodeId,
}

/// Where the scenario ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub title: String,
    pub summary: String,
}

/// A test on the session's scores, flags and visited nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    ScoreAtLeast(ScoreId, i64),
    ScoreBelow(ScoreId, i64),
    Flag(Flag),
    NotFlag(Flag),
    Visited(NodeId),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// A debrief verdict: the first outcome that applies at the ending reached and whose condition
/// holds there wins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The condition on the final state; `Always` when left out.
    #[serde(default = "always")]
    pub when: Condition,
    pub title: String,
    pub text: String,
    /// The endings this verdict belongs to; empty (the default) means every ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endings: Vec<NodeId>,
}

fn always() -> Condition {
    Condition::Always
}

impl Outcome {
    /// Whether this outcome is considered when play ends at the ending node `ending`.
    pub fn applies_at(&self, ending: &str) -> bool {
        self.endings.is_empty() || self.endings.iter().any(|e| e.as_str() == ending)
    }
}

/// One practice principle in the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: PrincipleId,
    pub name: String,
    pub summary: String,
    pub source: String,
}

impl Scenario {
    /// The node with this id, if any (a linear search: use [`crate::scenario::Index`] in loops).
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id.as_str() == id)
    }

    pub fn score(&self, id: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.id.as_str() == id)
    }

    /// The outcomes considered at the ending node `ending`, in the order they are tried.
    pub fn outcomes_at<'a>(&'a self, ending: &'a str) -> impl Iterator<Item = &'a Outcome> + 'a {
        self.outcomes.iter().filter(move |o| o.applies_at(ending))
    }

    /// The verdict at `ending`: the first outcome considered there whose condition `holds`.
    pub fn verdict_at<'a>(
        &'a self,
        ending: &'a str,
        mut holds: impl FnMut(&Condition) -> bool,
    ) -> Option<&'a Outcome> {
        self.outcomes_at(ending).find(|o| holds(&o.when))
    }

    pub fn character(&self, id: &str) -> Option<&Character> {
        self.characters.iter().find(|c| c.id.as_str() == id)
    }
}
