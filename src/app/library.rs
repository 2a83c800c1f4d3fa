//! The scenario library as Bevy assets: a loader that wraps the core's checker, and an index of
//! every file with its scenario or its diagnostics. A broken file is listed, never fatal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::{AssetSource, AssetSourceBuilder, AssetSourceId, Reader};
use bevy::asset::{AssetLoader, LoadContext, LoadedFolder};
use bevy::prelude::*;

use crate::scenario::library::{CATALOGUE_FILE, catalogue_candidates, duplicate_id};
use crate::scenario::load::{DEFAULT_MAX_BYTES, decode, parse_catalogue};
use crate::scenario::spans::locate;
use crate::scenario::{Catalogue, Checked, Code, Diagnostic, Scenario, Severity, check_source};

/// The asset source the library is read from: `scenarios://topic/name.ron`.
pub const SOURCE: &str = "scenarios";

/// How long the file watcher waits for an editor to finish saving before reloading.
const WATCH_DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(120);

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<LibraryFile>();
    app.init_asset_loader::<LibraryFileLoader>();
    app.init_resource::<LibraryIndex>();
    app.init_resource::<SelectedEntry>();
    app.add_systems(Startup, load_library);
    app.add_systems(
        PreUpdate,
        rebuild_index.after(bevy::asset::AssetTrackingSystems),
    );
}

/// Register the library folder as the `scenarios` asset source. Call before adding
/// `AssetPlugin` (that is, before `DefaultPlugins`).
pub fn register_source(app: &mut App, dir: &Path) {
    let dir = dir.to_string_lossy().into_owned();
    // A shorter debounce than Bevy's 300 ms default, so a saved edit shows within half a second.
    let source = AssetSourceBuilder::platform_default(&dir, None).with_watcher(
        AssetSource::get_default_watcher(dir.clone(), WATCH_DEBOUNCE),
    );
    app.register_asset_source(SOURCE, source);
    app.insert_resource(LibraryRoot(PathBuf::from(dir)));
}

/// The library folder on disk.
#[derive(Resource, Clone, Debug)]
pub struct LibraryRoot(pub PathBuf);

/// One file of the library, checked.
#[derive(Asset, TypePath, Debug)]
pub struct LibraryFile {
    /// The path inside the library, such as `home-care/first-morning.ron`.
    pub path: String,
    pub content: FileContent,
    /// The scenario's text, to place problems found across files (a duplicate id) on it.
    pub source: Option<Arc<str>>,
}

#[derive(Debug)]
pub enum FileContent {
    Scenario(Box<Checked>),
    Catalogue(Option<Catalogue>, Vec<Diagnostic>),
}

/// Reads `.ron` files in the library: scenarios are checked (with the nearest catalogue), and
/// `principles.ron` is read as the catalogue.
#[derive(Default, TypePath)]
pub struct LibraryFileLoader;

impl AssetLoader for LibraryFileLoader {
    type Asset = LibraryFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        ctx: &mut LoadContext<'_>,
    ) -> Result<LibraryFile, Self::Error> {
        let path = ctx.path().path().to_string_lossy().replace('\\', "/");
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let file = PathBuf::from(&path);
        let with_file = |mut d: Diagnostic| {
            d.file = Some(file.clone());
            d
        };
        if bytes.len() as u64 > DEFAULT_MAX_BYTES {
            let d = Diagnostic::new(
                Code::TooLarge,
                format!("the file is {} bytes, over the limit", bytes.len()),
            );
            return Ok(LibraryFile {
                content: FileContent::Scenario(Box::new(Checked {
                    diagnostics: vec![with_file(d)],
                    ..default()
                })),
                path,
                source: None,
            });
        }
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(d) => {
                return Ok(LibraryFile {
                    content: FileContent::Scenario(Box::new(Checked {
                        diagnostics: vec![with_file(d)],
                        ..default()
                    })),
                    path,
                    source: None,
                });
            }
        };
        if file.file_name().is_some_and(|n| n == CATALOGUE_FILE) {
            let (catalogue, mut diagnostics) = match parse_catalogue(&text) {
                Ok(p) => {
                    let c = Catalogue::new(p);
                    let mut d = c.validate();
                    locate(&text, &mut d);
                    (Some(c), d)
                }
                Err(d) => (None, vec![d]),
            };
            diagnostics = diagnostics.into_iter().map(with_file).collect();
            return Ok(LibraryFile {
                content: FileContent::Catalogue(catalogue, diagnostics),
                path,
                source: None,
            });
        }
        let catalogue = nearest_catalogue(ctx, &file).await;
        let mut checked = check_source(&text, catalogue.as_ref());
        for d in &mut checked.diagnostics {
            d.file = Some(file.clone());
        }
        Ok(LibraryFile {
            content: FileContent::Scenario(Box::new(checked)),
            path,
            source: Some(Arc::from(text)),
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// The catalogue in the scenario's folder or the folders above it, inside the library. Reading
/// it makes it a dependency, so editing the catalogue re-checks the scenarios.
async fn nearest_catalogue(ctx: &mut LoadContext<'_>, file: &Path) -> Option<Catalogue> {
    for candidate in catalogue_candidates(file) {
        let path =
            bevy::asset::AssetPath::from_path(&candidate).with_source(AssetSourceId::from(SOURCE));
        if let Ok(bytes) = ctx.read_asset_bytes(path).await {
            let text = String::from_utf8(bytes).ok()?;
            return parse_catalogue(&text).ok().map(Catalogue::new);
        }
    }
    None
}

/// Whether an entry can be played.
#[derive(Clone, Debug)]
pub enum EntryStatus {
    Playable(Arc<Scenario>),
    Broken(Vec<Diagnostic>),
}

/// One scenario file in the library, as the library screen lists it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub path: String,
    pub topic: String,
    pub title: String,
    pub status: EntryStatus,
    /// Warnings and notes of a playable scenario.
    pub diagnostics: Vec<Diagnostic>,
}

impl Entry {
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        match &self.status {
            EntryStatus::Playable(s) => Some(s),
            EntryStatus::Broken(_) => None,
        }
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        match &self.status {
            EntryStatus::Broken(d) => d.iter().filter(|d| d.severity == Severity::Error).collect(),
            EntryStatus::Playable(_) => Vec::new(),
        }
    }
}

/// Every scenario in the library, grouped by topic, and the catalogue.
#[derive(Resource, Default, Debug)]
pub struct LibraryIndex {
    folder: Option<Handle<LoadedFolder>>,
    pub loaded: bool,
    pub entries: Vec<Entry>,
    pub catalogue: Option<Arc<Catalogue>>,
    /// Problems with the catalogue itself.
    pub catalogue_diagnostics: Vec<Diagnostic>,
}

impl LibraryIndex {
    pub fn find(&self, path: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.path == path)
    }

    /// A principle's name from the catalogue, or its id.
    pub fn principle_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.catalogue.as_deref().map_or(id, |c| c.name(id))
    }
}

fn load_library(assets: Res<AssetServer>, mut index: ResMut<LibraryIndex>) {
    index.folder = Some(assets.load_folder(format!("{SOURCE}://")));
}

/// Rebuild the index whenever a library file is added, changed or removed.
fn rebuild_index(
    mut events: MessageReader<AssetEvent<LibraryFile>>,
    mut folder_events: MessageReader<AssetEvent<LoadedFolder>>,
    folders: Res<Assets<LoadedFolder>>,
    files: Res<Assets<LibraryFile>>,
    mut index: ResMut<LibraryIndex>,
) {
    let changed = events.read().count() + folder_events.read().count() > 0;
    if !changed {
        return;
    }
    let Some(folder) = index.folder.as_ref().and_then(|h| folders.get(h)) else {
        return;
    };
    let handles: Vec<Handle<LibraryFile>> = folder
        .handles
        .iter()
        .filter_map(|h| h.clone().try_typed::<LibraryFile>().ok())
        .collect();
    let mut entries = Vec::new();
    let mut sources = std::collections::HashMap::new();
    let mut catalogue = None;
    let mut catalogue_diagnostics = Vec::new();
    for handle in &handles {
        let Some(file) = files.get(handle) else {
            continue;
        };
        match &file.content {
            FileContent::Catalogue(c, d) => {
                if file.path == CATALOGUE_FILE || catalogue.is_none() {
                    catalogue = c.clone().map(Arc::new);
                    catalogue_diagnostics.clone_from(d);
                }
            }
            FileContent::Scenario(checked) => {
                entries.push(entry(&file.path, checked));
                if let Some(text) = &file.source {
                    sources.insert(file.path.clone(), Arc::clone(text));
                }
            }
        }
    }
    entries.sort_by(|a, b| {
        (a.topic.as_str(), a.title.as_str(), a.path.as_str()).cmp(&(
            b.topic.as_str(),
            b.title.as_str(),
            b.path.as_str(),
        ))
    });
    mark_duplicate_ids(&mut entries, &sources);
    index.loaded = handles.iter().all(|h| files.contains(h));
    index.entries = entries;
    index.catalogue = catalogue;
    index.catalogue_diagnostics = catalogue_diagnostics;
}

fn entry(path: &str, checked: &Checked) -> Entry {
    let topic = Path::new(path)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = checked
        .scenario
        .as_ref()
        .map_or_else(|| path.to_owned(), |s| s.title.clone());
    let status = match checked.playable() {
        Some(s) => EntryStatus::Playable(Arc::new(s.clone())),
        None => EntryStatus::Broken(checked.diagnostics.clone()),
    };
    let diagnostics = match status {
        EntryStatus::Playable(_) => checked.diagnostics.clone(),
        EntryStatus::Broken(_) => Vec::new(),
    };
    Entry {
        path: path.to_owned(),
        topic,
        title,
        status,
        diagnostics,
    }
}

/// A second scenario with an id already used in the library cannot be played: the same
/// problem, worded and placed as `rapport check` reports it.
fn mark_duplicate_ids(
    entries: &mut [Entry],
    sources: &std::collections::HashMap<String, Arc<str>>,
) {
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for e in entries.iter_mut() {
        let Some(id) = e.scenario().map(|s| s.id.clone()) else {
            continue;
        };
        if let Some(first) = seen.get(&id) {
            let source = sources.get(&e.path).map(AsRef::as_ref);
            let d = duplicate_id(&id, Path::new(first), source).in_file(Path::new(&e.path));
            e.status = EntryStatus::Broken(vec![d]);
        } else {
            seen.insert(id, e.path.clone());
        }
    }
}

/// A topic folder's name as a heading: `home-care` becomes "Home care".
pub fn topic_heading(topic: &str) -> String {
    let words = topic.replace(['-', '_', '/'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Other".to_owned(),
    }
}

/// The scenario file chosen on the library screen (for the briefing and diagnostics screens
/// and the presenter view).
#[derive(Resource, Default, Debug, Clone)]
pub struct SelectedEntry(pub String);
