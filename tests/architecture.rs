//! The shape of the code: the arrows between modules point one way. `scenario` never uses
//! `play`; nothing in the core uses `cli` or `app`; and no modules import each other round a
//! circle of more than two. A module's references to its own parts (a parent adding its
//! children's plugins) are not imports across concerns and are not counted; a part's
//! references to its parent are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of the crate (as `app::screens::play`), with its source.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix("src").unwrap().with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"] || parts == ["main"] {
                    continue;
                }
                out.insert(parts.join("::"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new("src"), &mut out);
    out
}

/// The source without comments (doc comments name modules without importing them).
fn code(source: &str) -> String {
    source
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a module's code names, absolute (`app::input::Act`): `crate::` and `super::`
/// paths, with one level of `{a, b}` groups expanded.
fn paths(module: &str, source: &str) -> Vec<String> {
    let text = code(source);
    let mut out = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let starts = ["crate::", "super::"];
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        if !(boundary && starts.contains(&rest.as_str())) {
            i += 1;
            continue;
        }
        // Read the path, with a brace group if there is one.
        let mut j = i;
        let mut depth = 0;
        while j < bytes.len() {
            let c = bytes[j];
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                if depth == 0 {
                    j += 1;
                    break;
                }
            } else if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') {
                break;
            }
            j += 1;
        }
        let raw: String = bytes[i..j].iter().collect();
        i = j.max(i + 1);
        let expanded: Vec<String> = match raw.split_once('{') {
            Some((prefix, group)) => group
                .trim_end_matches('}')
                .split(',')
                .map(|item| format!("{prefix}{}", item.trim().split(' ').next().unwrap_or("")))
                .collect(),
            None => vec![raw],
        };
        for path in expanded {
            let mut base: Vec<&str> = if path.starts_with("crate::") {
                Vec::new()
            } else {
                module.split("::").collect()
            };
            let mut rest = path.as_str();
            if let Some(r) = rest.strip_prefix("crate::") {
                rest = r;
            }
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            let mut parts: Vec<String> = base.iter().map(|s| (*s).to_owned()).collect();
            parts.extend(
                rest.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
            out.push(parts.join("::"));
        }
    }
    out
}

/// Which module a path names: the longest known module it starts with.
fn target(path: &str, known: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| known.contains(m))
}

fn is_within(module: &str, ancestor: &str) -> bool {
    module == ancestor || module.starts_with(&format!("{ancestor}::"))
}

/// Each module's imports of other modules (not counting its own parts).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(module, source)| {
            let edges = paths(module, source)
                .iter()
                .filter_map(|p| target(p, &known))
                .filter(|t| !is_within(t, module))
                .collect();
            (module.clone(), edges)
        })
        .collect()
}

/// A circle of more than two modules, if there is one.
fn long_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let names: Vec<&String> = graph.keys().collect();
    let index = |n: &str| names.iter().position(|m| *m == n);
    fn search(
        start: usize,
        at: usize,
        path: &mut Vec<usize>,
        edges: &[Vec<usize>],
    ) -> Option<Vec<usize>> {
        for &next in &edges[at] {
            if next == start && path.len() > 2 {
                return Some(path.clone());
            }
            if next > start && !path.contains(&next) {
                path.push(next);
                if let Some(found) = search(start, next, path, edges) {
                    return Some(found);
                }
                path.pop();
            }
        }
        None
    }
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| graph[*n].iter().filter_map(|t| index(t)).collect())
        .collect();
    (0..names.len()).find_map(|start| {
        search(start, start, &mut vec![start], &edges)
            .map(|c| c.into_iter().map(|i| names[i].clone()).collect())
    })
}

#[test]
fn no_modules_import_each_other_round_a_circle_of_more_than_two() {
    let graph = graph();
    assert!(graph.contains_key("app::screen") || !cfg!(feature = "app"));
    if let Some(cycle) = long_cycle(&graph) {
        panic!(
            "these modules import each other in a circle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_arrows_point_one_way() {
    for (module, imports) in graph() {
        let core = ["scenario", "play", "storage", "records", "phones"]
            .iter()
            .any(|c| is_within(&module, c));
        for import in imports {
            assert!(
                !(is_within(&module, "scenario") && is_within(&import, "play")),
                "{module} uses {import}: `scenario` must not use `play`"
            );
            assert!(
                !(core && (is_within(&import, "cli") || is_within(&import, "app"))),
                "{module} uses {import}: the core must not use the command line or the app"
            );
        }
    }
}

#[test]
fn the_checker_sees_a_circle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .iter()
        .map(|(m, t)| ((*m).to_owned(), BTreeSet::from([(*t).to_owned()])))
        .collect();
    assert_eq!(
        long_cycle(&graph),
        Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
    );
    let pair: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "a")]
        .iter()
        .map(|(m, t)| ((*m).to_owned(), BTreeSet::from([(*t).to_owned()])))
        .collect();
    assert_eq!(long_cycle(&pair), None, "two modules may use each other");
}
