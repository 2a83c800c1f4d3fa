//! For each score's best path, `rapport analyze` names the ending it reaches and prints the
//! `rapport play` command that replays it, with `--chance` for each chance node on the way, so
//! it replays the same whatever the seed.

mod support;

use std::process::Command;

use support::BASE;
use support::cli::{json, rapport, stderr, stdout, temp_scenario};

/// Each "replay it:" command in the text, as its words after `rapport`.
fn replay_commands(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .filter_map(|l| l.trim().strip_prefix("replay it:"))
        .map(|c| {
            let words: Vec<String> = c.split_whitespace().map(str::to_owned).collect();
            assert_eq!(words[0], "rapport", "{c}");
            words[1..].to_vec()
        })
        .collect()
}

#[test]
fn each_best_path_names_its_ending_and_its_command_replays_it() {
    let (_dir, path) = temp_scenario(BASE);
    let out = stdout(&rapport(&["analyze", &path]));
    assert!(
        out.contains("    best path:  a:1 d:1, ending at end-good \"Good\"\n"),
        "{out}"
    );
    assert!(out.contains(", ending at end-bad \"Bad\"\n"), "{out}");
    let analysis = json(&rapport(&["analyze", &path, "--json"]));
    let commands = replay_commands(&out);
    assert_eq!(commands.len(), 2, "one for each score:\n{out}");
    for (words, (score, x)) in commands.iter().zip(analysis["scores"].as_object().unwrap()) {
        assert!(words.contains(&"--chance".to_owned()), "{words:?}");
        assert_eq!(x["best_command"], format!("rapport {}", words.join(" ")));
        for seed in ["0", "1", "2", "3", "4", "5"] {
            let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
            let at = args.iter().position(|w| *w == "--seed").unwrap();
            args[at + 1] = seed;
            args.push("--json");
            let o = rapport(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            let played = json(&o);
            assert_eq!(played["ending"], x["best_ending"], "{score} seed {seed}");
            assert_eq!(played["scores"][score], x["best"], "{score} seed {seed}");
        }
    }
}

#[test]
fn a_file_name_with_a_space_is_quoted_so_the_command_runs_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my scenario.ron");
    std::fs::write(&path, BASE).unwrap();
    let out = stdout(&rapport(&["analyze", path.to_str().unwrap()]));
    let line = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("replay it:  rapport "))
        .unwrap_or_else(|| panic!("no command in:\n{out}"));
    assert!(line.contains("'"), "{line}");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("\"$0\" {line} --json"))
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["finished"], true);
}
