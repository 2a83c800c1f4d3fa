//! Checking files and folders of scenarios: finding the `*.ron` files, the principles catalogue
//! each scenario cites, and ids repeated across the library.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::analyze::analyze;
use super::catalogue::Catalogue;
use super::diagnostic::{Code, Diagnostic, Severity};
use super::load::{DEFAULT_MAX_BYTES, parse_catalogue, read_scenario, read_source};
use super::model::Scenario;
use super::spans::locate;
use super::validate::validate;

/// The file name of the principles catalogue.
pub const CATALOGUE_FILE: &str = "principles.ron";

/// How far up from a scenario to look for its library's catalogue.
const CATALOGUE_SEARCH_DEPTH: usize = 4;

/// How long each stage of checking took.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timings {
    pub parse: Duration,
    pub validate: Duration,
    pub analyze: Duration,
}

impl std::ops::AddAssign for Timings {
    fn add_assign(&mut self, other: Self) {
        self.parse += other.parse;
        self.validate += other.validate;
        self.analyze += other.analyze;
    }
}

/// One scenario's text, checked.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The scenario, when the text parsed (it may still have semantic errors).
    pub scenario: Option<Scenario>,
    /// Every problem, in order of position, each with its line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The scenario when it can be played: it parsed and has no errors.
    pub fn playable(&self) -> Option<&Scenario> {
        self.scenario.as_ref().filter(|_| !self.has_errors())
    }
}

/// Parse, validate and analyse one scenario's text.
pub fn check_source(text: &str, catalogue: Option<&Catalogue>) -> Checked {
    let mut timings = Timings::default();
    let started = Instant::now();
    let parsed = read_scenario(text);
    timings.parse = started.elapsed();
    let scenario = match parsed {
        Ok(s) => s,
        Err(diagnostics) => {
            return Checked {
                scenario: None,
                diagnostics,
                timings,
            };
        }
    };
    let started = Instant::now();
    let mut diagnostics = validate(&scenario, catalogue);
    timings.validate = started.elapsed();
    let started = Instant::now();
    diagnostics.extend(analyze(&scenario));
    locate(text, &mut diagnostics);
    sort(&mut diagnostics);
    timings.analyze = started.elapsed();
    Checked {
        scenario: Some(scenario),
        diagnostics,
        timings,
    }
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.pos, d.severity, d.code));
}

/// A file that was checked, with its text kept for rendering the diagnostics.
#[derive(Clone, Debug)]
pub struct CheckedFile {
    pub path: PathBuf,
    /// The folder under the library root that holds it (its topic), empty at the root.
    pub topic: String,
    pub source: Option<String>,
    pub checked: Checked,
}

/// A catalogue file that was loaded.
#[derive(Clone, Debug)]
pub struct CatalogueFile {
    pub path: PathBuf,
    pub source: Option<String>,
    pub catalogue: Option<Catalogue>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The result of checking a set of files and folders.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub catalogues: Vec<CatalogueFile>,
    pub scenarios: Vec<CheckedFile>,
    /// Files and folders that were not read, each with the reason (links out of the folder,
    /// loops of links, pipes and devices).
    pub skipped: Vec<Diagnostic>,
}

impl Report {
    /// Every diagnostic with the file it belongs to and that file's text.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&Diagnostic, Option<&str>)> {
        let skipped = self.skipped.iter().map(|d| (d, None));
        let cats = self
            .catalogues
            .iter()
            .flat_map(|c| c.diagnostics.iter().map(|d| (d, c.source.as_deref())));
        let scenarios = self.scenarios.iter().flat_map(|f| {
            f.checked
                .diagnostics
                .iter()
                .map(|d| (d, f.source.as_deref()))
        });
        skipped.chain(cats).chain(scenarios)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(d, _)| d.severity == severity)
            .count()
    }

    pub fn files(&self) -> usize {
        self.catalogues.len() + self.scenarios.len()
    }

    /// What was checked, in words: "18 scenarios (and the principles catalogue)".
    pub fn checked(&self) -> String {
        let scenarios = match self.scenarios.len() {
            1 => "1 scenario".to_owned(),
            n => format!("{n} scenarios"),
        };
        match self.catalogues.len() {
            0 => scenarios,
            1 => format!("{scenarios} (and the principles catalogue)"),
            n => format!("{scenarios} (and {n} principles catalogues)"),
        }
    }

    pub fn timings(&self) -> Timings {
        let mut total = Timings::default();
        for f in &self.scenarios {
            total += f.checked.timings;
        }
        total
    }

    /// The catalogue loaded for a library root (`root/principles.ron`), if any.
    pub fn catalogue(&self) -> Option<&Catalogue> {
        self.catalogues.iter().find_map(|c| c.catalogue.as_ref())
    }
}

/// Options for checking.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Files larger than this are refused.
    pub max_bytes: u64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Check files and folders (folders recursively, `*.ron` only). A `principles.ron` is loaded as
/// the catalogue for the scenarios in and below its folder.
pub fn check_paths(paths: &[PathBuf], options: &CheckOptions) -> Report {
    let mut found = Found::default();
    for path in paths {
        let canonical = path.canonicalize();
        if path.is_dir() {
            let canonical = canonical.unwrap_or_else(|_| path.clone());
            if found.folders.insert(canonical.clone()) {
                let before = found.files.len();
                collect_ron_files(path, &canonical, path, 0, &mut found);
                let scenarios = found.files[before..]
                    .iter()
                    .filter(|(p, _)| p.file_name().is_none_or(|n| n != CATALOGUE_FILE))
                    .count();
                if scenarios == 0 {
                    found.skipped.push(
                        Diagnostic::new(
                            Code::NoScenarios,
                            format!("there are no scenario files (ending in .ron) in {}", path.display()),
                        )
                        .in_file(path)
                        .with_help("check the folder's name, and that the scenario files in it end in .ron"),
                    );
                }
            }
            continue;
        }
        let topic = topic_of(path, path.parent().unwrap_or(Path::new("")));
        match canonical {
            // A named file that is a link is read only when it stays inside its own folder.
            Ok(c) if path.is_symlink() => {
                let folder = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .canonicalize();
                if folder.is_ok_and(|f| c.starts_with(f)) {
                    found.take(path.clone(), c, topic);
                } else {
                    found.skip(path, "it is a link to a file outside its folder");
                }
            }
            Ok(c) => found.take(path.clone(), c, topic),
            // Missing: read_source says so, with the file's name.
            Err(_) => found.files.push((path.clone(), topic)),
        }
    }
    let Found {
        files,
        skipped,
        unreadable,
        ..
    } = found;
    let mut report = Report {
        skipped,
        ..Report::default()
    };
    let mut catalogues: HashMap<PathBuf, Option<usize>> = HashMap::new();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (path, topic) in files {
        if path.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
            load_catalogue(&path, options, &mut report, &mut catalogues);
            continue;
        }
        let catalogue_path = find_catalogue(&path);
        let catalogue = catalogue_path
            .as_ref()
            .and_then(|c| load_catalogue(c, options, &mut report, &mut catalogues))
            .and_then(|i| report.catalogues[i].catalogue.clone());
        let (source, mut checked) = match read_source(&path, options.max_bytes) {
            Ok(text) => {
                let checked = check_source(&text, catalogue.as_ref());
                (Some(text), checked)
            }
            Err(d) => (
                None,
                Checked {
                    diagnostics: vec![d],
                    ..Checked::default()
                },
            ),
        };
        if let Some(s) = &checked.scenario {
            if let Some(first) = ids.get(&s.id) {
                let d = duplicate_id(&s.id, first, source.as_deref());
                checked.diagnostics.insert(0, d);
                sort(&mut checked.diagnostics);
            } else {
                ids.insert(s.id.clone(), path.clone());
            }
            if catalogue_path.is_none() {
                checked.diagnostics.push(
                    Diagnostic::new(
                        Code::NoCatalogue,
                        "checked on its own, without a principles catalogue: principle ids were not verified",
                    )
                    .with_help(format!("put the scenario in a library folder with a {CATALOGUE_FILE}")),
                );
            }
        }
        for d in &mut checked.diagnostics {
            d.file = Some(path.clone());
        }
        report.scenarios.push(CheckedFile {
            path,
            topic,
            source,
            checked,
        });
    }
    for (path, error) in unreadable {
        report.scenarios.push(CheckedFile {
            topic: String::new(),
            source: None,
            checked: Checked {
                diagnostics: vec![
                    Diagnostic::new(
                        Code::Read,
                        format!("cannot read {}: {error}", path.display()),
                    )
                    .in_file(&path),
                ],
                ..Checked::default()
            },
            path,
        });
    }
    report
}

/// Load (once) the catalogue at `path`, returning its index in the report.
fn load_catalogue(
    path: &Path,
    options: &CheckOptions,
    report: &mut Report,
    loaded: &mut HashMap<PathBuf, Option<usize>>,
) -> Option<usize> {
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some(i) = loaded.get(&key) {
        return *i;
    }
    let (source, catalogue, mut diagnostics) = match read_source(path, options.max_bytes) {
        Ok(text) => match parse_catalogue(&text) {
            Ok(principles) => {
                let catalogue = Catalogue::new(principles);
                let mut diagnostics = catalogue.validate();
                locate(&text, &mut diagnostics);
                (Some(text), Some(catalogue), diagnostics)
            }
            Err(d) => (Some(text), None, vec![d]),
        },
        Err(d) => (None, None, vec![d]),
    };
    for d in &mut diagnostics {
        d.file = Some(path.to_path_buf());
    }
    let index = report.catalogues.len();
    report.catalogues.push(CatalogueFile {
        path: path.to_path_buf(),
        source,
        catalogue,
        diagnostics,
    });
    loaded.insert(key, Some(index));
    Some(index)
}

/// The nearest `principles.ron` in the scenario's folder or the folders above it.
pub fn find_catalogue(scenario: &Path) -> Option<PathBuf> {
    catalogue_candidates(scenario).find(|p| p.is_file())
}

/// Where a scenario's catalogue may be, nearest first: `principles.ron` in its folder and in
/// the folders above, no further up than a library is searched.
pub fn catalogue_candidates(scenario: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    scenario
        .ancestors()
        .skip(1)
        .take(CATALOGUE_SEARCH_DEPTH)
        .map(|dir| dir.join(CATALOGUE_FILE))
}

/// The problem with a second scenario whose id `first` already uses, placed on its `id` when
/// its text is given.
pub fn duplicate_id(id: &str, first: &Path, source: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::DuplicateScenario,
        format!(
            "the scenario id \"{id}\" is also the id of {}",
            first.display()
        ),
    )
    .at("id")
    .with_help(
        "each scenario in a library needs an id of its own: \
         change it in one of the two files (if one is a copy, in the copy)",
    );
    if let Some(text) = source {
        locate(text, std::slice::from_mut(&mut d));
    }
    d
}

fn topic_of(path: &Path, root: &Path) -> String {
    path.parent()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// How many folders deep a library is searched.
const MAX_FOLDER_DEPTH: usize = 32;

/// What a search of folders found: the files to check, and what it would not read.
#[derive(Default)]
struct Found {
    files: Vec<(PathBuf, String)>,
    /// Files and folders left alone, each with the reason (W011).
    skipped: Vec<Diagnostic>,
    unreadable: Vec<(PathBuf, std::io::Error)>,
    /// Canonical folders already searched and files already taken, so links cannot loop or
    /// make a file count twice.
    folders: HashSet<PathBuf>,
    taken: HashSet<PathBuf>,
}

impl Found {
    fn skip(&mut self, path: &Path, why: &str) {
        self.skipped.push(
            Diagnostic::new(
                Code::Skipped,
                format!("{} was not read: {why}", path.display()),
            )
            .in_file(path),
        );
    }

    /// Take a scenario file (by its canonical path, once).
    fn take(&mut self, path: PathBuf, canonical: PathBuf, topic: String) {
        if self.taken.insert(canonical) {
            self.files.push((path, topic));
        }
    }
}

/// The file name looks like a scenario's.
fn is_ron(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
}

/// A file not named `.ron` that is probably a scenario anyway: `.RON`, `name.ron.txt`, or a
/// `.txt` whose start reads like one (Notepad adds `.txt`; Windows hides it).
fn looks_like_a_scenario(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".ron") || name.ends_with(".ron.txt") {
        return true;
    }
    if !name.ends_with(".txt") {
        return false;
    }
    // Only the first few kilobytes are read.
    let mut start = [0u8; 4096];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&start[..read]);
    let text = text.trim_start_matches('\u{FEFF}');
    (text.contains("#![enable(implicit_some)]") || text.trim_start().starts_with('('))
        && text.contains("nodes:")
}

fn collect_ron_files(
    root: &Path,
    canonical_root: &Path,
    dir: &Path,
    depth: usize,
    found: &mut Found,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.unreadable.push((dir.to_path_buf(), e));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // The catalogue first, then files and folders in name order, so output is stable.
    paths.sort_by_key(|p| (p.file_name().is_none_or(|n| n != CATALOGUE_FILE), p.clone()));
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        // Where the entry really is: a link is followed only while it stays inside the folder
        // being checked, so a link to /etc/passwd is never read (nor quoted).
        let (canonical, target) = if meta.file_type().is_symlink() {
            match (path.canonicalize(), std::fs::metadata(&path)) {
                (Ok(c), Ok(m)) if c.starts_with(canonical_root) => (c, m),
                (Ok(_), Ok(m)) => {
                    if m.is_dir() || is_ron(&path) {
                        found.skip(
                            &path,
                            "it is a link to somewhere outside the folder being checked",
                        );
                    }
                    continue;
                }
                _ => {
                    if is_ron(&path) {
                        found.skip(&path, "it is a link that leads nowhere");
                    }
                    continue;
                }
            }
        } else {
            (path.canonicalize().unwrap_or_else(|_| path.clone()), meta)
        };
        if target.is_dir() {
            if depth >= MAX_FOLDER_DEPTH {
                found.skip(&path, "it is too many folders deep");
            } else if !found.folders.insert(canonical) {
                found.skip(
                    &path,
                    "it is a link to a folder that is already being checked",
                );
            } else {
                collect_ron_files(root, canonical_root, &path, depth + 1, found);
            }
        } else if !is_ron(&path) {
            if target.is_file() && looks_like_a_scenario(&path) {
                found.skipped.push(
                    Diagnostic::new(
                        Code::LooksLikeScenario,
                        format!(
                            "{} looks like a scenario, but only files ending in .ron are checked",
                            path.display()
                        ),
                    )
                    .in_file(&path)
                    .with_help("rename it to end in .ron (in lower case), then check again"),
                );
            }
        } else {
            if target.is_file() {
                let topic = topic_of(&path, root);
                found.take(path, canonical, topic);
            } else {
                found.skip(
                    &path,
                    "it is not a plain file (a pipe, a socket or a device)",
                );
            }
        }
    }
}
