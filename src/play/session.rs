//! The session: where play is, the scores and flags, the path and the transcript.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::condition::{Facts, describe, holds};
use super::rng::SessionRng;
use crate::scenario::{
    Character, Choice, Ending, Flag, Node, NodeId, NodeKind, PrincipleId, Scenario, ScoreId,
};

/// How many `next`/`chance` nodes play may pass in a row before it gives up on a runaway loop.
const MAX_AUTO_STEPS: usize = 100_000;

/// Why a step of play could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayError {
    #[error("node \"{node}\" has no choice {choice}: it has {count} choice(s), numbered from 1")]
    NoSuchChoice {
        node: String,
        choice: usize,
        count: usize,
    },
    #[error("choice {choice} at node \"{node}\" is locked: {reason}")]
    Locked {
        node: String,
        choice: usize,
        reason: String,
    },
    #[error("the scenario has ended at \"{node}\": there are no more choices")]
    Finished { node: String },
    #[error("node \"{node}\" leads to \"{target}\", which is not a node of this scenario")]
    UnknownNode { node: String, target: String },
    #[error("node \"{node}\" cannot be played: {problem}")]
    BrokenNode { node: String, problem: String },
    #[error(
        "play passed {MAX_AUTO_STEPS} nodes without reaching a decision or an \
            ending, last at \"{node}\""
    )]
    Runaway { node: String },
    #[error("there is no decision {decision} to go back to: {made} decision(s) have been made")]
    NoSuchDecision { decision: usize, made: usize },
}

/// A change to one score, as applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedEffect {
    pub score: ScoreId,
    /// The change as written in the scenario.
    pub delta: i64,
    /// The change that happened, after clamping to the score's range.
    pub applied: i64,
    /// The score's value afterwards.
    pub value: i64,
}

/// One decision in the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub node: NodeId,
    /// The choice's 1-based position in the node's `choices` as authored.
    pub choice: usize,
    pub text: String,
    pub effects: Vec<AppliedEffect>,
    pub scores_after: Vec<(ScoreId, i64)>,
    pub feedback: Option<String>,
    pub principles: Vec<PrincipleId>,
    /// How a group voted at this decision: a tally for each choice, in authored order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<Vec<u32>>,
}

/// A choice as offered now.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceView<'a> {
    /// 1-based position in the node's `choices` as authored: what `choose` takes.
    pub number: usize,
    pub choice: &'a Choice,
    pub available: bool,
    /// Shown on a locked choice: the author's hint.
    pub hint: Option<&'a str>,
}

impl ChoiceView<'_> {
    pub fn text(&self) -> &str {
        &self.choice.text
    }
}

/// What to show now.
#[derive(Debug, Clone, PartialEq)]
pub struct View<'a> {
    pub node: &'a Node,
    pub speaker: Option<&'a Character>,
    /// The choices to show, in presentation order (shuffled when the scenario asks). Locked
    /// choices without a hint are left out.
    pub choices: Vec<ChoiceView<'a>>,
    pub ending: Option<&'a Ending>,
}

/// The debrief verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeReached {
    pub title: String,
    pub text: String,
}

/// How a session was carried over to an edited scenario (see [`Session::carry_over`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarriedOver {
    /// The same choices lead to the same point: nothing to tell the trainee.
    Replayed,
    /// The same point with the same scores and flags; the earlier decisions no longer fit, so
    /// the history starts again there.
    HistoryRestarted,
    /// The point play was at (`gone`, a node id) is no longer in the scenario: a new start.
    Restarted { gone: String },
    /// The edited scenario cannot start, so the previous version stays in play.
    KeptPrevious,
}

/// A scenario being played.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    index: Arc<HashMap<String, usize>>,
    seed: u64,
    rng: SessionRng,
    /// Chance nodes decided in advance: chance node id to the node play goes to there.
    chances: Arc<BTreeMap<NodeId, NodeId>>,
    scores: Vec<i64>,
    flags: BTreeSet<Flag>,
    visits: HashMap<NodeId, u32>,
    current: usize,
    /// The current decision's choices (indices into `choices`) in presentation order.
    order: Vec<usize>,
    path: Vec<NodeId>,
    /// Where in `path` the latest move began: the nodes from there to the current one were
    /// passed on the way (`next` and `chance` nodes whose text the trainee should still see).
    lead_in_from: usize,
    transcript: Vec<Step>,
}

impl Facts for Session {
    fn score(&self, id: &str) -> Option<i64> {
        self.scenario
            .scores
            .iter()
            .position(|s| s.id.as_str() == id)
            .map(|i| self.scores[i])
    }

    fn flag(&self, flag: &str) -> bool {
        self.flags.contains(flag)
    }

    fn visited(&self, node: &str) -> bool {
        self.visits.get(node).is_some_and(|&n| n > 0)
    }
}

impl Session {
    /// Start the scenario with this seed, passing any `next` and `chance` nodes at the start.
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Result<Self, PlayError> {
        Self::with_chances(scenario, seed, BTreeMap::new())
    }

    /// Start with some chance nodes decided in advance (an authoring aid, `rapport play
    /// --chance`): at each chance node named in `chances`, play goes to the node given instead of
    /// drawing, every time it passes; other chance nodes are drawn from the seed as usual. The
    /// caller checks that each target is one of the node's branches.
    pub fn with_chances(
        scenario: Arc<Scenario>,
        seed: u64,
        chances: BTreeMap<NodeId, NodeId>,
    ) -> Result<Self, PlayError> {
        let mut index = HashMap::with_capacity(scenario.nodes.len());
        for (i, n) in scenario.nodes.iter().enumerate() {
            index.entry(n.id.0.clone()).or_insert(i);
        }
        Self::with_index(scenario, Arc::new(index), seed, Arc::new(chances))
    }

    fn with_index(
        scenario: Arc<Scenario>,
        index: Arc<HashMap<String, usize>>,
        seed: u64,
        chances: Arc<BTreeMap<NodeId, NodeId>>,
    ) -> Result<Self, PlayError> {
        let start = *index
            .get(scenario.start.as_str())
            .ok_or_else(|| PlayError::UnknownNode {
                node: "start".to_owned(),
                target: scenario.start.0.clone(),
            })?;
        let scores = scenario.scores.iter().map(|s| s.clamp(s.start)).collect();
        let mut session = Self {
            scenario,
            index,
            seed,
            rng: SessionRng::new(seed),
            chances,
            scores,
            flags: BTreeSet::new(),
            visits: HashMap::new(),
            current: start,
            order: Vec::new(),
            path: Vec::new(),
            lead_in_from: 0,
            transcript: Vec::new(),
        };
        session.enter(start)?;
        Ok(session)
    }

    /// Play `choices` (1-based, as authored) from the start: how a saved session is restored.
    pub fn replay(
        scenario: Arc<Scenario>,
        seed: u64,
        choices: &[usize],
    ) -> Result<Self, PlayError> {
        let mut session = Self::new(scenario, seed)?;
        for &c in choices {
            session.choose(c)?;
        }
        Ok(session)
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The node play is at: a decision or an ending.
    pub fn node(&self) -> &Node {
        &self.scenario.nodes[self.current]
    }

    /// What to show now.
    pub fn current(&self) -> View<'_> {
        let node = self.node();
        let choices = match node.kind() {
            Some(NodeKind::Choices(choices)) => self
                .order
                .iter()
                .filter_map(|&i| {
                    let choice = &choices[i];
                    let available = choice.requires.as_ref().is_none_or(|c| holds(c, self));
                    (available || choice.locked_hint.is_some()).then_some(ChoiceView {
                        number: i + 1,
                        choice,
                        available,
                        hint: if available {
                            None
                        } else {
                            choice.locked_hint.as_deref()
                        },
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        View {
            node,
            speaker: node
                .speaker
                .as_ref()
                .and_then(|s| self.scenario.character(s.as_str())),
            choices,
            ending: node.ending.as_ref(),
        }
    }

    /// The nodes passed automatically (`next` and `chance`) on the way to the current node since
    /// the last choice, in order: their text and narration come before the current scene.
    pub fn lead_in(&self) -> impl Iterator<Item = &Node> {
        let end = self.path.len().saturating_sub(1);
        self.path[self.lead_in_from.min(end)..end]
            .iter()
            .filter_map(|id| {
                self.index
                    .get(id.as_str())
                    .map(|&i| &self.scenario.nodes[i])
            })
    }

    pub fn is_finished(&self) -> bool {
        self.node().ending.is_some()
    }

    /// The numbers (as authored, what `choose` takes) of the choices that can be taken now, in
    /// the order they are shown.
    pub fn open_choices(&self) -> Vec<usize> {
        self.current()
            .choices
            .iter()
            .filter(|c| c.available)
            .map(|c| c.number)
            .collect()
    }

    /// Whether play is stuck: a decision where every choice is locked, so nothing can be chosen
    /// (a fault in the scenario, which `rapport check` reports).
    pub fn is_stuck(&self) -> bool {
        match self.node().kind() {
            Some(NodeKind::Choices(choices)) => choices
                .iter()
                .all(|c| c.requires.as_ref().is_some_and(|r| !holds(r, self))),
            _ => false,
        }
    }

    /// Take choice `number` (1-based, as authored) at the current decision.
    pub fn choose(&mut self, number: usize) -> Result<&Step, PlayError> {
        let scenario = Arc::clone(&self.scenario);
        let node = &scenario.nodes[self.current];
        let choices = match node.kind() {
            Some(NodeKind::Choices(choices)) => choices,
            Some(NodeKind::Ending(_)) => {
                return Err(PlayError::Finished {
                    node: node.id.0.clone(),
                });
            }
            _ => {
                return Err(PlayError::BrokenNode {
                    node: node.id.0.clone(),
                    problem: "it is not a decision".to_owned(),
                });
            }
        };
        let choice = number
            .checked_sub(1)
            .and_then(|i| choices.get(i))
            .ok_or_else(|| PlayError::NoSuchChoice {
                node: node.id.0.clone(),
                choice: number,
                count: choices.len(),
            })?;
        if let Some(requires) = &choice.requires
            && !holds(requires, self)
        {
            let needs = describe(requires, &scenario);
            let reason = match &choice.locked_hint {
                Some(hint) => format!("{hint} (open only when {needs})"),
                None => format!("open only when {needs}"),
            };
            return Err(PlayError::Locked {
                node: node.id.0.clone(),
                choice: number,
                reason,
            });
        }
        let next = choice.next.as_ref().ok_or_else(|| PlayError::BrokenNode {
            node: node.id.0.clone(),
            problem: format!("choice {number} has no `next`"),
        })?;
        let target = self.lookup(node, next)?;
        // What the move changes, kept so that a move that cannot finish (a runaway loop of
        // automatic nodes) leaves the session exactly as it was.
        let before = (
            self.scores.clone(),
            self.flags.clone(),
            self.visits.clone(),
            self.rng.clone(),
            self.current,
            self.order.clone(),
            self.path.len(),
            self.lead_in_from,
        );
        let mut effects = Vec::new();
        for (id, delta) in choice.effects.iter() {
            let Some(i) = scenario.scores.iter().position(|s| &s.id == id) else {
                continue; // an unknown score is a validation error; play ignores it
            };
            let before = self.scores[i];
            let after = scenario.scores[i].clamp(before.saturating_add(delta));
            self.scores[i] = after;
            effects.push(AppliedEffect {
                score: id.clone(),
                delta,
                applied: after - before,
                value: after,
            });
        }
        for f in &choice.set {
            self.flags.insert(f.clone());
        }
        for f in &choice.unset {
            self.flags.remove(f.as_str());
        }
        self.transcript.push(Step {
            node: node.id.clone(),
            choice: number,
            text: choice.text.clone(),
            effects,
            scores_after: self.score_values(),
            feedback: choice.feedback.clone(),
            principles: choice.principles.clone(),
            votes: None,
        });
        if let Err(e) = self.enter(target) {
            let (scores, flags, visits, rng, current, order, path, lead_in_from) = before;
            self.scores = scores;
            self.flags = flags;
            self.visits = visits;
            self.rng = rng;
            self.current = current;
            self.order = order;
            self.path.truncate(path);
            self.lead_in_from = lead_in_from;
            self.transcript.pop();
            return Err(e);
        }
        Ok(self.transcript.last().expect("a step was just pushed"))
    }

    /// Record how a group voted at the last decision taken.
    pub fn record_votes(&mut self, tallies: Vec<u32>) {
        if let Some(step) = self.transcript.last_mut() {
            step.votes = Some(tallies);
        }
    }

    /// Go back to just before decision `decision` (0-based: 0 is the first decision) so that a
    /// different choice can be tried. The session replays from its seed, so chance falls the same.
    pub fn rewind(&mut self, decision: usize) -> Result<(), PlayError> {
        if decision > self.transcript.len() {
            return Err(PlayError::NoSuchDecision {
                decision: decision + 1,
                made: self.transcript.len(),
            });
        }
        let mut fresh = Self::with_index(
            Arc::clone(&self.scenario),
            Arc::clone(&self.index),
            self.seed,
            Arc::clone(&self.chances),
        )?;
        for step in &self.transcript[..decision] {
            fresh.choose(step.choice)?;
            fresh.record_votes_from(step);
        }
        *self = fresh;
        Ok(())
    }

    fn record_votes_from(&mut self, step: &Step) {
        if let Some(v) = &step.votes {
            self.record_votes(v.clone());
        }
    }

    /// The choices made so far (1-based, as authored): with the seed, enough to restore play.
    pub fn choices_made(&self) -> Vec<usize> {
        self.transcript.iter().map(|s| s.choice).collect()
    }

    pub fn transcript(&self) -> &[Step] {
        &self.transcript
    }

    /// Every node reached, in order, including `next` and `chance` nodes and the current one.
    pub fn path(&self) -> &[NodeId] {
        &self.path
    }

    pub fn flags(&self) -> &BTreeSet<Flag> {
        &self.flags
    }

    /// How many times play has entered each node.
    pub fn visits(&self) -> &HashMap<NodeId, u32> {
        &self.visits
    }

    /// Each score of the scenario with its current value, in the scenario's order.
    pub fn scores(&self) -> impl Iterator<Item = (&crate::scenario::Score, i64)> {
        self.scenario.scores.iter().zip(self.scores.iter().copied())
    }

    pub fn score_values(&self) -> Vec<(ScoreId, i64)> {
        self.scores().map(|(s, v)| (s.id.clone(), v)).collect()
    }

    /// The first outcome whose condition holds now; `None` before the end or when none matches.
    pub fn outcome(&self) -> Option<OutcomeReached> {
        if !self.is_finished() {
            return None;
        }
        self.scenario
            .verdict_at(self.node().id.as_str(), |c| holds(c, self))
            .map(|o| OutcomeReached {
                title: o.title.clone(),
                text: o.text.clone(),
            })
    }

    /// The same session on an edited version of its scenario (live reload), and how it was
    /// carried over. In order of preference: the same choices replayed, if they still lead to
    /// the same node; else the same node with the same scores and flags, history starting
    /// afresh; else a new start, because the node is gone; else, when the edited scenario
    /// cannot start at all, this session as it is.
    pub fn carry_over(&self, edited: Arc<Scenario>) -> (Session, CarriedOver) {
        let here = self.node().id.0.clone();
        if let Ok(mut replayed) = Session::new(Arc::clone(&edited), self.seed)
            && self.transcript.iter().all(|step| {
                let ok = replayed.choose(step.choice).is_ok();
                if let (true, Some(v)) = (ok, &step.votes) {
                    replayed.record_votes(v.clone());
                }
                ok
            })
            && replayed.node().id.0 == here
        {
            return (replayed, CarriedOver::Replayed);
        }
        if edited.node(&here).is_some()
            && let Ok(mut kept) = Session::new(Arc::clone(&edited), self.seed)
        {
            for (score, value) in self.scores() {
                kept.set_score(score.id.as_str(), value);
            }
            for flag in &self.flags {
                kept.set_flag(flag.as_str(), true);
            }
            if kept.start_at(&here).is_ok() {
                return (kept, CarriedOver::HistoryRestarted);
            }
        }
        match Session::new(Arc::clone(&edited), self.seed) {
            Ok(fresh) => (fresh, CarriedOver::Restarted { gone: here }),
            Err(_) => (self.clone(), CarriedOver::KeptPrevious),
        }
    }

    /// Begin again at `node` (an authoring aid, `rapport play --from`): the path, visits and
    /// transcript start afresh there; scores and flags are kept as they are.
    pub fn start_at(&mut self, node: &str) -> Result<(), PlayError> {
        let target = *self.index.get(node).ok_or_else(|| PlayError::UnknownNode {
            node: "--from".to_owned(),
            target: node.to_owned(),
        })?;
        self.path.clear();
        self.visits.clear();
        self.transcript.clear();
        self.enter(target)
    }

    /// Jump to `node` (an authoring aid): play continues from there with the current scores.
    pub fn jump_to(&mut self, node: &str) -> Result<(), PlayError> {
        let target = *self.index.get(node).ok_or_else(|| PlayError::UnknownNode {
            node: self.node().id.0.clone(),
            target: node.to_owned(),
        })?;
        self.enter(target)
    }

    /// Set a score directly (an authoring aid), clamped to its range. Returns false for an
    /// unknown score.
    pub fn set_score(&mut self, id: &str, value: i64) -> bool {
        match self
            .scenario
            .scores
            .iter()
            .position(|s| s.id.as_str() == id)
        {
            Some(i) => {
                self.scores[i] = self.scenario.scores[i].clamp(value);
                true
            }
            None => false,
        }
    }

    /// Set or clear a flag directly (an authoring aid).
    pub fn set_flag(&mut self, flag: &str, on: bool) {
        if on {
            self.flags.insert(Flag(flag.to_owned()));
        } else {
            self.flags.remove(flag);
        }
    }

    fn lookup(&self, from: &Node, target: &NodeId) -> Result<usize, PlayError> {
        self.index
            .get(target.as_str())
            .copied()
            .ok_or_else(|| PlayError::UnknownNode {
                node: from.id.0.clone(),
                target: target.0.clone(),
            })
    }

    /// Enter `node`, then pass `next` and `chance` nodes until a decision or an ending.
    fn enter(&mut self, mut node: usize) -> Result<(), PlayError> {
        let scenario = Arc::clone(&self.scenario);
        self.lead_in_from = self.path.len();
        for _ in 0..MAX_AUTO_STEPS {
            let n = &scenario.nodes[node];
            self.current = node;
            self.path.push(n.id.clone());
            *self.visits.entry(n.id.clone()).or_insert(0) += 1;
            match n.kind() {
                Some(NodeKind::Next(next)) => node = self.lookup(n, next)?,
                Some(NodeKind::Chance(branches)) => {
                    if let Some(decided) = self.chances.get(&n.id) {
                        node = self.lookup(n, decided)?;
                        continue;
                    }
                    let pick = self
                        .rng
                        .weighted(branches.iter().map(|b| b.weight))
                        .ok_or_else(|| PlayError::BrokenNode {
                            node: n.id.0.clone(),
                            problem: "no chance branch has a weight above zero".to_owned(),
                        })?;
                    node = self.lookup(n, &branches[pick].next)?;
                }
                Some(NodeKind::Choices(choices)) => {
                    let mut order: Vec<usize> = (0..choices.len()).collect();
                    if scenario.shuffle_choices {
                        self.rng.shuffle(&mut order);
                    }
                    self.order = order;
                    return Ok(());
                }
                Some(NodeKind::Ending(_)) => {
                    self.order.clear();
                    return Ok(());
                }
                None => {
                    return Err(PlayError::BrokenNode {
                        node: n.id.0.clone(),
                        problem: "it needs exactly one of choices, next, chance or ending"
                            .to_owned(),
                    });
                }
            }
        }
        Err(PlayError::Runaway {
            node: scenario.nodes[node].id.0.clone(),
        })
    }
}
