//! Structural checks on a parsed scenario: ids unique and well formed, every reference resolves,
//! every node has exactly one kind, numbers make sense. Every problem is collected; none stops
//! the others from being found.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic, Names};
use super::model::{Condition, Node, NodeKind, Scenario};

/// Check the scenario's structure and references. `catalogue` is the principles catalogue the
/// choices cite; without one, principle ids are not checked.
pub fn validate(scenario: &Scenario, catalogue: Option<&Catalogue>) -> Vec<Diagnostic> {
    let mut v = Validator {
        s: scenario,
        catalogue,
        ids: scenario.nodes.iter().map(|n| n.id.as_str()).collect(),
        endings: scenario
            .nodes
            .iter()
            .filter(|n| n.ending.is_some())
            .map(|n| n.id.as_str())
            .collect(),
        node_names: OnceCell::new(),
        score_names: OnceCell::new(),
        character_names: OnceCell::new(),
        principle_names: OnceCell::new(),
        out: Vec::new(),
    };
    v.scenario_id();
    v.scores();
    v.characters();
    v.nodes();
    v.start();
    v.outcomes();
    v.out
}

/// The largest score, effect or threshold the format accepts (and the least is its negative):
/// far beyond any real scale, and small enough that no sum of a scenario's numbers overflows.
pub const MAX_NUMBER: i64 = 1_000_000;

/// The largest chance weight the format accepts.
pub const MAX_WEIGHT: i64 = 1_000_000;

/// "this scenario's scores are trust, dignity and boundaries", for a score with no near match.
fn scores_are(s: &Scenario) -> String {
    let ids: Vec<String> = s
        .scores
        .iter()
        .take(12)
        .map(|sc| format!("\"{}\"", sc.id))
        .collect();
    match ids.as_slice() {
        [] => "this scenario has no scores yet: add it to `scores`".to_owned(),
        [only] => format!("this scenario's only score is {only}"),
        [rest @ .., last] => format!("this scenario's scores are {} and {last}", rest.join(", ")),
    }
}

/// Whether `id` is a valid scenario id: `[a-z0-9-]+`.
pub fn is_valid_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid scenario id close to `text`: lower case, with anything else turned into hyphens.
pub fn suggest_scenario_id(text: &str) -> String {
    let id: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    id.trim_matches('-').to_owned()
}

/// Whether a portrait path stays inside `assets/`: relative, with no `..`.
pub fn is_safe_asset_path(path: &str) -> bool {
    let p = std::path::Path::new(path);
    !path.is_empty()
        && !path.starts_with(['/', '\\'])
        && !path.contains(':')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
        && !path.split(['/', '\\']).any(|part| part == "..")
}

struct Validator<'a> {
    s: &'a Scenario,
    catalogue: Option<&'a Catalogue>,
    /// Every node id, for reference checks.
    ids: HashSet<&'a str>,
    /// Every ending node's id, for outcomes' `endings`.
    endings: BTreeSet<&'a str>,
    /// The names a "did you mean" chooses from, indexed once.
    /// (Built the first time a name is not found, so a clean file never pays for them.)
    node_names: OnceCell<Names<'a>>,
    score_names: OnceCell<Names<'a>>,
    character_names: OnceCell<Names<'a>>,
    principle_names: OnceCell<Names<'a>>,
    out: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    fn scenario_id(&mut self) {
        if !is_valid_scenario_id(&self.s.id) {
            self.push(
                Diagnostic::new(
                    Code::BadId,
                    format!(
                        "the scenario id \"{}\" may only use a-z, 0-9 and -",
                        self.s.id
                    ),
                )
                .at("id")
                .with_help(format!(
                    "write it as \"{}\"",
                    suggest_scenario_id(&self.s.id)
                )),
            );
        }
    }

    /// Report every id after the first that repeats one before it.
    fn duplicates<'i>(
        &mut self,
        ids: impl Iterator<Item = &'i str>,
        code: Code,
        what: &str,
        list: &str,
    ) {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(&at) = first.get(id) {
                self.push(
                    Diagnostic::new(code, format!("the {what} id \"{id}\" is used twice"))
                        .at(format!("{list}[{i}].id"))
                        .with_help_at(
                            "the first is on line {line}; give this one another id",
                            format!("{list}[{at}].id"),
                        ),
                );
            } else {
                first.insert(id, i);
            }
        }
    }

    fn scores(&mut self) {
        self.duplicates(
            self.s.scores.iter().map(|s| s.id.as_str()),
            Code::DuplicateScore,
            "score",
            "scores",
        );
        for (i, score) in self.s.scores.iter().enumerate() {
            for (field, value) in [
                ("min", score.min),
                ("max", score.max),
                ("start", score.start),
            ] {
                self.number(value, format!("scores[{i}].{field}"), "a score");
            }
            if score.min >= score.max {
                self.push(
                    Diagnostic::new(
                        Code::ScoreRange,
                        format!(
                            "score \"{}\" has min {} and max {}: min must be below max",
                            score.id, score.min, score.max
                        ),
                    )
                    .at(format!("scores[{i}]")),
                );
            } else if !(score.min..=score.max).contains(&score.start) {
                self.push(
                    Diagnostic::new(
                        Code::ScoreStart,
                        format!(
                            "score \"{}\" starts at {}, outside its range [{}, {}]",
                            score.id, score.start, score.min, score.max
                        ),
                    )
                    .at(format!("scores[{i}].start")),
                );
            }
        }
    }

    fn characters(&mut self) {
        self.duplicates(
            self.s.characters.iter().map(|c| c.id.as_str()),
            Code::DuplicateCharacter,
            "character",
            "characters",
        );
        for (i, c) in self.s.characters.iter().enumerate() {
            if let Some(portrait) = &c.portrait
                && !is_safe_asset_path(portrait)
            {
                self.push(
                    Diagnostic::new(
                        Code::PortraitPath,
                        format!("the portrait \"{portrait}\" of \"{}\" leaves assets/", c.id),
                    )
                    .at(format!("characters[{i}].portrait"))
                    .with_help("write a path relative to assets/, like \"portraits/name.png\""),
                );
            }
        }
    }

    fn node_ids(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.s.nodes.iter().map(|n| n.id.as_str())
    }

    fn unknown_node(&mut self, id: &str, path: String, role: &str) {
        if self.ids.contains(id) {
            return;
        }
        let d = Diagnostic::new(
            Code::UnknownNode,
            format!("{role} \"{id}\" is not a node of this scenario"),
        )
        .at(path)
        .suggest_from(
            id,
            self.node_names
                .get_or_init(|| Names::new(self.s.nodes.iter().map(|n| n.id.as_str()))),
        )
        .or_help("check the spelling against the nodes' ids, or add a node with this id");
        self.push(d);
    }

    fn nodes(&mut self) {
        self.duplicates(self.node_ids(), Code::DuplicateNode, "node", "nodes");
        for (i, node) in self.s.nodes.iter().enumerate() {
            self.node_kind(i, node);
            let at = format!("nodes[{i}]");
            if let Some(speaker) = &node.speaker
                && self.s.character(speaker.as_str()).is_none()
            {
                let d = Diagnostic::new(
                    Code::UnknownSpeaker,
                    format!("the speaker \"{speaker}\" is not one of the characters"),
                )
                .at(format!("{at}.speaker"))
                .suggest_from(
                    speaker.as_str(),
                    self.character_names.get_or_init(|| {
                        Names::new(self.s.characters.iter().map(|c| c.id.as_str()))
                    }),
                );
                self.push(d);
            }
            if let Some(next) = &node.next {
                self.unknown_node(next.as_str(), format!("{at}.next"), "`next`");
            }
            for (j, branch) in node.chance.iter().flatten().enumerate() {
                if branch.weight > MAX_WEIGHT {
                    self.push(
                        Diagnostic::new(
                            Code::OutOfRange,
                            format!("chance weight {} is more than {MAX_WEIGHT}", branch.weight),
                        )
                        .at(format!("{at}.chance[{j}].weight"))
                        .with_help(
                            "weights only compare with each other: use smaller numbers in the same \
                            proportion",
                        ),
                    );
                }
                if branch.weight <= 0 {
                    self.push(
                        Diagnostic::new(
                            Code::ChanceWeight,
                            format!("chance weight {} must be 1 or more", branch.weight),
                        )
                        .at(format!("{at}.chance[{j}].weight")),
                    );
                }
                self.unknown_node(
                    branch.next.as_str(),
                    format!("{at}.chance[{j}].next"),
                    "chance branch to",
                );
            }
            for (j, choice) in node.choices.iter().flatten().enumerate() {
                let cat = format!("{at}.choices[{j}]");
                match &choice.next {
                    None => self.push(
                        Diagnostic::new(
                            Code::ChoiceWithoutNext,
                            format!("choice {} at node \"{}\" has no `next`", j + 1, node.id),
                        )
                        .at(cat.clone())
                        .with_help("add next: \"node-id\" to say where this choice leads"),
                    ),
                    Some(next) => self.unknown_node(next.as_str(), format!("{cat}.next"), "`next`"),
                }
                for (score, delta) in choice.effects.iter() {
                    self.number(
                        delta,
                        format!("{cat}.effects{}", super::spans::map_key(score.as_str())),
                        "an effect",
                    );
                    self.score_ref(
                        score.as_str(),
                        format!("{cat}.effects{}", super::spans::map_key(score.as_str())),
                        "effects",
                    );
                }
                for (k, principle) in choice.principles.iter().enumerate() {
                    if let Some(catalogue) = self.catalogue
                        && !catalogue.contains(principle.as_str())
                    {
                        let d = Diagnostic::new(
                            Code::UnknownPrinciple,
                            format!("the principle \"{principle}\" is not in the catalogue"),
                        )
                        .at(format!("{cat}.principles[{k}]"))
                        .suggest_from(
                            principle.as_str(),
                            self.principle_names
                                .get_or_init(|| Names::new(catalogue.ids())),
                        )
                        .or_help(
                            "add it to the principles catalogue (principles.ron at the top of the \
                                library folder), or use an id from there",
                        );
                        self.push(d);
                    }
                }
                if let Some(condition) = &choice.requires {
                    self.condition(condition, format!("{cat}.requires"));
                } else if choice.locked_hint.is_some() {
                    self.push(
                        Diagnostic::new(
                            Code::HintNeverShown,
                            format!(
                                "choice {} at node \"{}\" has a locked_hint but no requires, so it is \
                                    never locked",
                                j + 1,
                                node.id
                            ),
                        )
                        .at(format!("{cat}.locked_hint")),
                    );
                }
                if choice
                    .feedback
                    .as_deref()
                    .is_none_or(|f| f.trim().is_empty())
                {
                    self.push(
                        Diagnostic::new(
                            Code::NoFeedback,
                            format!("choice {} at node \"{}\" has no feedback", j + 1, node.id),
                        )
                        .at(cat)
                        .with_help(
                            "say in a sentence or two why this helps or harms the relationship",
                        ),
                    );
                }
            }
        }
    }

    fn node_kind(&mut self, i: usize, node: &Node) {
        let names: Vec<&str> = node
            .kinds()
            .map(|k| match k {
                NodeKind::Choices(_) => "choices",
                NodeKind::Next(_) => "next",
                NodeKind::Chance(_) => "chance",
                NodeKind::Ending(_) => "ending",
            })
            .collect();
        let at = format!("nodes[{i}]");
        match names.as_slice() {
            [] => self.push(
                Diagnostic::new(
                    Code::NodeKind,
                    format!(
                        "node \"{}\" has none of `choices`, `next`, `chance` or `ending`",
                        node.id
                    ),
                )
                .at(format!("{at}.id"))
                .with_help("add one, so the scenario knows what happens after this node"),
            ),
            [_] => {}
            [first, rest @ ..] => self.push(
                Diagnostic::new(
                    Code::NodeKind,
                    format!(
                        "node \"{}\" has both `{first}` and `{}`: a node has exactly one",
                        node.id,
                        rest.join("` and `")
                    ),
                )
                .at(format!("{at}.{}", rest[0])),
            ),
        }
        let empty = match node.kind() {
            Some(NodeKind::Choices([])) => Some("choices"),
            Some(NodeKind::Chance([])) => Some("chance"),
            _ => None,
        };
        if let Some(field) = empty {
            self.push(
                Diagnostic::new(
                    Code::EmptyList,
                    format!("node \"{}\" has an empty `{field}` list", node.id),
                )
                .at(format!("{at}.{field}")),
            );
        }
    }

    fn score_ref(&mut self, id: &str, path: String, role: &str) {
        if self.s.score(id).is_none() {
            let d = Diagnostic::new(
                Code::UnknownScore,
                format!("the score \"{id}\" in {role} is not one of this scenario's scores"),
            )
            .at(path)
            .suggest_from(
                id,
                self.score_names
                    .get_or_init(|| Names::new(self.s.scores.iter().map(|s| s.id.as_str()))),
            )
            .or_help(scores_are(self.s));
            self.push(d);
        }
    }

    fn condition(&mut self, c: &Condition, path: String) {
        match c {
            Condition::Always | Condition::Flag(_) | Condition::NotFlag(_) => {}
            Condition::ScoreAtLeast(score, n) | Condition::ScoreBelow(score, n) => {
                self.score_ref(score.as_str(), format!("{path}.0"), "a condition");
                self.number(*n, format!("{path}.1"), "a condition");
            }
            Condition::Visited(node) => {
                self.unknown_node(node.as_str(), format!("{path}.0"), "Visited");
            }
            Condition::All(items) | Condition::Any(items) => {
                for (k, item) in items.iter().enumerate() {
                    self.condition(item, format!("{path}.0[{k}]"));
                }
            }
            Condition::Not(inner) => self.condition(inner, format!("{path}.0")),
        }
    }

    /// Report a number outside `-MAX_NUMBER..=MAX_NUMBER`.
    fn number(&mut self, value: i64, path: String, what: &str) {
        if value.unsigned_abs() > MAX_NUMBER.unsigned_abs() {
            self.push(
                Diagnostic::new(
                    Code::OutOfRange,
                    format!(
                        "{value} in {what} is outside what a scenario accepts (-{MAX_NUMBER} \
                            to {MAX_NUMBER})"
                    ),
                )
                .at(path)
                .with_help(
                    "scores usually run from 0 to 100; changes of 5 to 20 points are \
                    typical",
                ),
            );
        }
    }

    fn start(&mut self) {
        let start = self.s.start.as_str();
        self.unknown_node(start, "start".to_owned(), "`start`");
    }

    fn outcomes(&mut self) {
        for (i, outcome) in self.s.outcomes.iter().enumerate() {
            self.condition(&outcome.when, format!("outcomes[{i}].when"));
            for (k, ending) in outcome.endings.iter().enumerate() {
                let path = format!("outcomes[{i}].endings[{k}]");
                if !self.ids.contains(ending.as_str()) {
                    self.unknown_node(ending.as_str(), path, "the ending");
                } else if !self.endings.contains(ending.as_str()) {
                    let d = Diagnostic::new(
                        Code::OutcomeNotEnding,
                        format!(
                            "the outcome \"{}\" belongs to \"{ending}\", which is not an ending",
                            outcome.title
                        ),
                    )
                    .at(path)
                    .suggest(ending.as_str(), self.endings.iter().copied());
                    self.push(d);
                }
            }
        }
    }
}
