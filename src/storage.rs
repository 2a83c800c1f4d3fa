//! Where Rapport keeps the trainee's settings and progress, and how it writes them: atomically
//! (a temporary file renamed into place), so a crash never leaves a half-written file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::play::Session;

/// The folders Rapport writes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    /// Settings live here (the user's config folder).
    pub config: PathBuf,
    /// Progress lives here (the user's data folder).
    pub data: PathBuf,
}

impl Storage {
    /// `$RAPPORT_HOME/{config,data}` when that is set (tests, screenshots, a portable install),
    /// otherwise the platform's config and data folders.
    pub fn from_env() -> Self {
        if let Some(home) = std::env::var_os("RAPPORT_HOME") {
            return Self::under(Path::new(&home));
        }
        let fallback = || std::env::temp_dir().join("rapport");
        Self {
            config: dirs::config_dir().map_or_else(fallback, |d| d.join("rapport")),
            data: dirs::data_dir().map_or_else(fallback, |d| d.join("rapport")),
        }
    }

    /// Both folders under one root.
    pub fn under(root: &Path) -> Self {
        Self {
            config: root.join("config"),
            data: root.join("data"),
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.ron")
    }

    pub fn progress_file(&self) -> PathBuf {
        self.data.join("progress.ron")
    }
}

/// Write `contents` to `path` atomically: the file is either the old one or the new one, never
/// a mixture, even if the program dies midway.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Save a value as pretty RON, atomically.
pub fn save_ron<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    write_atomic(path, text.as_bytes())
}

/// Load a RON value; `None` when the file is missing or unreadable (it is then ignored, and
/// rewritten on the next save).
pub fn load_ron<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let text = std::fs::read_to_string(path).ok()?;
    crate::scenario::load::ron_options().from_str(&text).ok()
}

/// Where a trainee was in a scenario: enough to replay exactly to the same place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Progress {
    pub scenario: String,
    /// The scenario file, relative to the library folder.
    pub file: String,
    pub seed: u64,
    /// The choices made (1-based, as authored).
    pub choices: Vec<usize>,
    /// Group votes at each decision, where a group voted.
    #[serde(default)]
    pub votes: Vec<Option<Vec<u32>>>,
}

impl Progress {
    pub fn of(session: &Session, file: &str) -> Self {
        Self {
            scenario: session.scenario().id.clone(),
            file: file.to_owned(),
            seed: session.seed(),
            choices: session.choices_made(),
            votes: session
                .transcript()
                .iter()
                .map(|s| s.votes.clone())
                .collect(),
        }
    }

    /// Replay the progress on `scenario`, restoring votes too.
    pub fn restore(
        &self,
        scenario: std::sync::Arc<crate::scenario::Scenario>,
    ) -> Result<Session, crate::play::PlayError> {
        let mut session = Session::new(scenario, self.seed)?;
        for (i, &choice) in self.choices.iter().enumerate() {
            session.choose(choice)?;
            if let Some(Some(votes)) = self.votes.get(i) {
                session.record_votes(votes.clone());
            }
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/file.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("file.ron")]);
    }

    #[test]
    fn progress_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let storage = Storage::under(dir.path());
        let p = Progress {
            scenario: "gift".into(),
            file: "boundaries/gift.ron".into(),
            seed: 9,
            choices: vec![1, 3],
            votes: vec![Some(vec![4, 2]), None],
        };
        save_ron(&storage.progress_file(), &p).unwrap();
        assert_eq!(load_ron::<Progress>(&storage.progress_file()), Some(p));
    }

    #[test]
    fn a_corrupt_file_is_ignored_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.ron");
        std::fs::write(&path, "(scenario: \"x\", fi").unwrap();
        assert_eq!(load_ron::<Progress>(&path), None);
        assert_eq!(load_ron::<Progress>(&dir.path().join("missing.ron")), None);
    }
}
