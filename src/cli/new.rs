//! `rapport new NAME [--topic T]`: a commented template scenario to start from. It checks with no
//! warnings and plays, so an author starts from something that works; outside a library it also
//! writes the principles catalogue the template cites.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::EXIT_USAGE;
use crate::scenario::library::{CATALOGUE_FILE, find_catalogue};
use crate::scenario::validate::{is_valid_scenario_id, suggest_scenario_id};

/// The bundled catalogue of practice principles, written beside a new scenario that has none.
const CATALOGUE: &str = include_str!("../../scenarios/principles.ron");

/// What `new` wrote.
pub struct Created {
    /// The new scenario.
    pub scenario: PathBuf,
    /// The principles catalogue, when there was none for the scenario to cite.
    pub catalogue: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The scenario's id and file name, like `night-shift` (lower case, digits and hyphens).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The topic folder to put it in.
    #[arg(long, value_name = "TOPIC", default_value = "my-scenarios")]
    pub topic: String,
    /// The library folder.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    pub dir: PathBuf,
}

pub fn run(args: &NewArgs) -> ExitCode {
    match create(args) {
        Ok(created) => {
            let path = created.scenario.display();
            let mut text = format!("wrote {path}\n");
            if let Some(catalogue) = &created.catalogue {
                text.push_str(&format!(
                    "wrote {}: the practice principles that choices cite; add your own there\n",
                    catalogue.display()
                ));
            }
            text.push_str(&format!(
                "next: edit it, then run `rapport check {path}` and `rapport play {path}`\n"
            ));
            super::emit(&text, ExitCode::SUCCESS)
        }
        Err(message) => {
            super::say(&format!("rapport: {message}\n"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Write the template, and the principles catalogue in the library folder when the template would
/// find none; never overwrites an existing file.
pub fn create(args: &NewArgs) -> Result<Created, String> {
    if !is_valid_scenario_id(&args.name) {
        return Err(format!(
            "\"{}\" can't be a scenario name: use lower case letters, digits and \
                hyphens, like \"{}\"",
            args.name,
            suggest_scenario_id(&args.name)
        ));
    }
    if !is_valid_scenario_id(&args.topic) {
        return Err(format!(
            "\"{}\" can't be a topic folder: use lower case letters, digits and hyphens",
            args.topic
        ));
    }
    let folder = args.dir.join(&args.topic);
    let path = folder.join(format!("{}.ron", args.name));
    if path.exists() {
        return Err(format!(
            "{} already exists; choose another name",
            path.display()
        ));
    }
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let catalogue = match find_catalogue(&path) {
        Some(_) => None,
        None => {
            let catalogue = args.dir.join(CATALOGUE_FILE);
            crate::storage::write_atomic(&catalogue, CATALOGUE.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", catalogue.display()))?;
            Some(catalogue)
        }
    };
    crate::storage::write_atomic(&path, template(&args.name).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Created {
        scenario: path,
        catalogue,
    })
}

fn title_of(name: &str) -> String {
    let words = name.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The template text for a scenario called `name`.
pub fn template(name: &str) -> String {
    TEMPLATE
        .replace("{ID}", name)
        .replace("{TITLE}", &title_of(name))
}

const TEMPLATE: &str = r#"// {TITLE}: a new Rapport scenario. Lines starting with // are comments.
// The guide is docs/authoring.md, and every field is in docs/format.md. Check your work with
// `rapport check` and try it with `rapport play`.
// Keep the next line as it is, above the opening bracket. It lets you write an optional field
// plainly, like speaker: "alex", rather than wrapped up as speaker: Some("alex").
#![enable(implicit_some)]
(
    id: "{ID}",                       // unique in the library: lower case, digits, hyphens
    title: "{TITLE}",
    summary: "One or two sentences for the library screen: who, where, and the dilemma.",
    setting: "Where and when, e.g. a care home in Leeds on a Sunday afternoon.",
    relationship: Professional,       // Professional, Therapeutic, Personal, Casual, Involuntary,
                                      // Online, FormalCare, InformalCare or Team
    duration_minutes: 10,
    objectives: [
        "What the trainee should practise, as an action.",
    ],
    // content_note: "Add one if the theme is heavy, so trainees can step out.",
    scores: [
        (id: "trust", label: "Trust", start: 50),
        (id: "dignity", label: "Dignity", start: 50),
        (id: "boundaries", label: "Boundaries", start: 50),
    ],
    characters: [
        (id: "alex", name: "Alex", role: "Service user"),
    ],
    start: "opening",
    nodes: [
        (
            id: "opening",
            text: "Narration with no speaker sets the scene.",
            narration: "Non-verbal cues go here: posture, eye contact, tone.",
            next: "first-question",
        ),
        (
            id: "first-question",
            speaker: "alex",
            text: "What the person says to the trainee.",
            narration: "How they say it.",
            facilitator_note: "A question for the group to discuss at this decision.",
            choices: [
                (
                    text: "A warm answer that listens first.",
                    effects: {"trust": 10, "dignity": 5},
                    feedback: "Explain why this helps or harms the relationship, in a sentence or \
                        two.",
                    principles: ["active-listening", "empathy"],
                    set: ["listened"],        // a flag that a later choice can require
                    next: "second-question",
                ),
                (
                    text: "A quick answer that skips their feelings.",
                    effects: {"trust": -5, "boundaries": 5},
                    feedback: "Say what this answer gets right and what it costs.",
                    principles: ["empathy"],
                    next: "second-question",
                ),
            ],
        ),
        (
            id: "second-question",
            speaker: "alex",
            text: "A harder question that tests a boundary.",
            narration: "They look at you, waiting.",
            choices: [
                (
                    text: "An answer that is only open to a trainee who listened earlier.",
                    effects: {"trust": 5, "boundaries": 10},
                    feedback: "Locked choices show earlier decisions mattering.",
                    principles: ["professional-boundaries", "honesty"],
                    requires: Flag("listened"),
                    locked_hint: "Shown when the choice is locked: what would have opened it.",
                    next: "end-good",
                ),
                (
                    text: "A warm answer that crosses a line.",
                    effects: {"trust": 10, "boundaries": -20},
                    feedback: "The warmest answer sometimes costs a boundary.",
                    principles: ["professional-boundaries"],
                    next: "end-blurred",
                ),
                (
                    text: "A correct answer that costs some trust.",
                    effects: {"trust": -5, "dignity": -5, "boundaries": 10},
                    feedback: "The most correct answer sometimes costs trust.",
                    principles: ["honesty"],
                    next: "end-distant",
                ),
            ],
        ),
        (id: "end-good", ending: (title: "A good ending", summary: "What happened, in a sentence.")),
        (id: "end-blurred", ending: (title: "Too close", summary: "What happened, in a sentence.")),
        (id: "end-distant", ending: (title: "Correct, but distant", summary: "What happened, in a sentence.")),
    ],
    outcomes: [
        // The first outcome whose condition holds at the end is the debrief's verdict.
        (when: ScoreBelow("boundaries", 40), title: "The line slipped", text: "What the trainee should reflect on."),
        (when: All([ScoreAtLeast("trust", 60), ScoreAtLeast("boundaries", 60)]), title: "Trust and boundaries", text: "What went well."),
        (when: Always, title: "Room to grow", text: "A general reflection."),
    ],
)
"#;
