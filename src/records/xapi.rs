//! xAPI statements made from the records (`docs/xapi.md` describes them): `attempted` when an
//! attempt begins, `answered` for each decision, `completed` at its ending. Every statement's id
//! is Rapport's own, fixed by what the statement is about, so a re-send never makes a copy.

use serde_json::{Value, json};

use super::time::{Timestamp, iso_duration};
use super::{Attempt, Decision};

/// What a statement says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The attempt began.
    Attempted,
    /// A decision was made.
    Answered,
    /// The attempt reached an ending.
    Completed,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Attempted => "attempted",
            Kind::Answered => "answered",
            Kind::Completed => "completed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "attempted" => Some(Kind::Attempted),
            "answered" => Some(Kind::Answered),
            "completed" => Some(Kind::Completed),
            _ => None,
        }
    }

    fn verb(self) -> Value {
        json!({
            "id": format!("http://adlnet.gov/expapi/verbs/{}", self.as_str()),
            "display": { LANGUAGE: self.as_str() },
        })
    }
}

/// The language of the words in statements.
const LANGUAGE: &str = "en-GB";

/// The start of every IRI Rapport makes up: activities and extensions.
pub const IRI_BASE: &str = "urn:rapport";

/// The namespace of Rapport's statement ids (a UUID v5 namespace, fixed for ever).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6d2b_3f3e_9a4c_4f0e_8f55_1c2d_7a1b_5e01);

/// A statement's id: a UUID v5 of the attempt's registration, what the statement says and, for
/// a decision, its number and the moment it was made. The same statement always gets the same
/// id, so sending it again can never make a second copy in the store; a decision made again
/// after going back gets a new one.
pub fn statement_id(registration: &str, kind: Kind, number: usize, at: Timestamp) -> String {
    let name = match kind {
        Kind::Answered => format!("{registration}/answered/{number}/{}", at.0),
        _ => format!("{registration}/{}", kind.as_str()),
    };
    uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// An id made safe for an IRI: letters, digits and `-._~` stay, the rest is percent-encoded.
fn segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The scenario, every version: `urn:rapport:scenario:<id>`.
pub fn scenario_iri(scenario: &str) -> String {
    format!("{IRI_BASE}:scenario:{}", segment(scenario))
}

/// One version of the scenario: `urn:rapport:scenario:<id>:version:<sha256>`.
pub fn version_iri(scenario: &str, version: &str) -> String {
    format!("{}:version:{}", scenario_iri(scenario), segment(version))
}

/// One decision point (a node) of one version.
pub fn decision_iri(scenario: &str, version: &str, node: &str) -> String {
    format!("{}:node:{}", version_iri(scenario, version), segment(node))
}

/// One attempt: `urn:rapport:attempt:<registration>`.
pub fn attempt_iri(registration: &str) -> String {
    format!("{IRI_BASE}:attempt:{}", segment(registration))
}

/// An extension's IRI: `urn:rapport:extension:<name>`.
pub fn extension(name: &str) -> String {
    format!("{IRI_BASE}:extension:{name}")
}

/// The actor used in a report when the trainee has not said who they are (never sent: `rapport
/// sync` asks for an identity first).
pub fn anonymous_actor() -> Value {
    json!({
        "objectType": "Agent",
        "account": { "homePage": "https://rapport.invalid/", "name": "not-set" },
    })
}

/// One statement, with what it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub id: String,
    pub kind: Kind,
    /// The decision's number for `answered`; 0 otherwise.
    pub number: usize,
    pub json: Value,
}

/// Every statement of `attempt` so far, in the order they happened, as `actor`.
pub fn statements(attempt: &Attempt, actor: &Value) -> Vec<Statement> {
    let mut out = vec![statement(attempt, actor, Kind::Attempted, None)];
    out.extend(
        attempt
            .decisions
            .iter()
            .map(|d| statement(attempt, actor, Kind::Answered, Some(d))),
    );
    if attempt.summary.is_finished() {
        out.push(statement(attempt, actor, Kind::Completed, None));
    }
    out
}

fn statement(
    attempt: &Attempt,
    actor: &Value,
    kind: Kind,
    decision: Option<&Decision>,
) -> Statement {
    let s = &attempt.summary;
    let scenario = &attempt.scenario;
    let version = version_iri(&s.scenario, &s.version.0);
    let (number, at) = match (kind, decision) {
        (Kind::Answered, Some(d)) => (d.number, d.at),
        (Kind::Completed, _) => (0, s.ended.unwrap_or(s.started)),
        _ => (0, s.started),
    };
    let id = statement_id(&attempt.registration, kind, number, at);
    let version_activity = json!({
        "objectType": "Activity",
        "id": version,
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/simulation",
            "name": { LANGUAGE: scenario.title },
            "description": { LANGUAGE: scenario.summary },
        },
    });
    let mut context = json!({
        "registration": attempt.registration,
        "platform": "Rapport",
        "language": LANGUAGE,
        "contextActivities": {
            "grouping": [
                { "objectType": "Activity", "id": scenario_iri(&s.scenario) },
                { "objectType": "Activity", "id": attempt_iri(&attempt.registration) },
            ],
        },
        "extensions": {
            extension("mode"): s.mode.as_str(),
            extension("seed"): s.seed,
        },
    });
    let mut statement = json!({
        "id": id,
        "actor": actor,
        "verb": kind.verb(),
        "timestamp": at.iso(),
    });
    match (kind, decision) {
        (Kind::Answered, Some(d)) => {
            context["contextActivities"]["parent"] = json!([version_activity]);
            context["extensions"][extension("decision")] = d.number.into();
            statement["object"] = decision_activity(attempt, d);
            statement["result"] = decision_result(d);
        }
        (Kind::Completed, _) => {
            statement["object"] = version_activity;
            statement["result"] = completion_result(attempt);
        }
        _ => statement["object"] = version_activity,
    }
    statement["context"] = context;
    Statement {
        id,
        kind,
        number,
        json: statement,
    }
}

/// A decision point as a multiple-choice interaction: its options are the choices offered.
fn decision_activity(attempt: &Attempt, d: &Decision) -> Value {
    let s = &attempt.summary;
    let name = format!("{}: decision at \"{}\"", attempt.scenario.title, d.node);
    let node = attempt.node(d);
    let choices: Vec<Value> = node
        .map_or(&[][..], |n| &n.options)
        .iter()
        .map(|o| json!({ "id": o.number.to_string(), "description": { LANGUAGE: o.text } }))
        .collect();
    let mut definition = json!({
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "choice",
        "name": { LANGUAGE: name },
        "choices": choices,
    });
    let said = match (
        node.and_then(|n| n.speaker.as_ref()),
        node.and_then(|n| n.line.as_ref()),
    ) {
        (Some(who), Some(line)) => Some(format!("{who}: {line}")),
        (None, Some(line)) => Some(line.clone()),
        _ => None,
    };
    if let Some(said) = said {
        definition["description"] = json!({ LANGUAGE: said });
    }
    json!({
        "objectType": "Activity",
        "id": decision_iri(&s.scenario, &s.version.0, &d.node),
        "definition": definition,
    })
}

fn decision_result(d: &Decision) -> Value {
    let effects: Vec<Value> = d
        .effects
        .iter()
        .map(|e| json!({ "scale": e.score, "change": e.delta, "applied": e.applied, "value": e.value }))
        .collect();
    let mut extensions = json!({
        extension("choice-text"): d.text,
        extension("effects"): effects,
        extension("scores"): scores_object(&d.scores_after),
        extension("principles"): d.principles,
    });
    if let Some(feedback) = &d.feedback {
        extensions[extension("feedback")] = feedback.as_str().into();
    }
    if let Some(votes) = &d.votes {
        let tally: serde_json::Map<String, Value> = votes
            .iter()
            .enumerate()
            .map(|(i, n)| ((i + 1).to_string(), json!(n)))
            .collect();
        extensions[extension("votes")] = Value::Object(tally);
    }
    let mut result = json!({
        "response": d.choice.to_string(),
        "extensions": extensions,
    });
    if let Some(taken) = d.taken() {
        result["duration"] = iso_duration(taken).into();
    }
    result
}

fn completion_result(attempt: &Attempt) -> Value {
    let s = &attempt.summary;
    let mut extensions = json!({ extension("scores"): scores_object(&attempt.scores) });
    if let Some(ending) = &s.ending {
        extensions[extension("ending")] = json!({ "node": ending.node, "title": ending.title });
    }
    let mut result = json!({ "completion": true, "extensions": extensions });
    if let Some(outcome) = &s.outcome {
        result["response"] = outcome.title.as_str().into();
    }
    if let Some(score) = overall_score(attempt) {
        result["score"] = score;
    }
    if let Some(d) = s.duration() {
        result["duration"] = iso_duration(d).into();
    }
    result
}

/// The scales together as one xAPI score: `raw` is the sum of the final values, `min` and `max`
/// the sums of the scales' limits, `scaled` the mean of each scale's position in its range.
fn overall_score(attempt: &Attempt) -> Option<Value> {
    let scales = &attempt.scenario.scales;
    let (mut raw, mut min, mut max, mut positions) = (0i64, 0i64, 0i64, Vec::new());
    for scale in scales {
        let value = attempt
            .scores
            .iter()
            .find(|(id, _)| *id == scale.id)
            .map_or(scale.start, |(_, v)| *v);
        raw = raw.saturating_add(value);
        min = min.saturating_add(scale.min);
        max = max.saturating_add(scale.max);
        if scale.max > scale.min {
            positions.push((value - scale.min) as f64 / (scale.max - scale.min) as f64);
        }
    }
    if max <= min || positions.is_empty() {
        return None;
    }
    let scaled = positions.iter().sum::<f64>() / positions.len() as f64;
    let scaled = (scaled * 1000.0).round() / 1000.0;
    Some(json!({ "raw": raw, "min": min, "max": max, "scaled": scaled.clamp(-1.0, 1.0) }))
}

fn scores_object(scores: &[(String, i64)]) -> Value {
    Value::Object(
        scores
            .iter()
            .map(|(id, v)| (id.clone(), json!(v)))
            .collect(),
    )
}
