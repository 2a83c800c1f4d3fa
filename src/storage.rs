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

    /// The practice records (SQLite), beside the progress file.
    pub fn records_file(&self) -> PathBuf {
        self.data.join(crate::records::FILE_NAME)
    }
}

/// Settings and progress files larger than this are not read (a real one is a few hundred bytes).
pub const MAX_STATE_BYTES: u64 = 1024 * 1024;

/// A number for each temporary file this process makes, so two threads never share one.
static TEMPORARY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Write `contents` to `path` atomically: the file is either the old one or the new one, never
/// a mixture, even if the program dies midway or the power goes. The data goes to a temporary
/// file of its own (unique to this process and this call), is flushed to the disk, renamed into
/// place, and the folder is flushed too, so that the rename itself survives a power cut.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        "{}{}-{}.tmp",
        temporary_prefix(path),
        std::process::id(),
        TEMPORARY.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename is an entry in the folder: flush the folder as well.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The start of the names of `path`'s temporary files: `.progress.ron.`.
fn temporary_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Remove temporary files of `path` left by a process that died before it could rename them
/// (a `kill -9`, a power cut). A file is left alone while the process that made it still runs.
pub fn clean_temporary_files(path: &Path) {
    let Some(dir) = path.parent() else {
        return;
    };
    let prefix = temporary_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest
            .split(['-', '.'])
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        let alive = match pid {
            Some(pid) if pid == std::process::id() => true,
            Some(pid) if Path::new("/proc/self").exists() => {
                Path::new(&format!("/proc/{pid}")).exists()
            }
            // Where processes cannot be looked up, only old files are removed.
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age < std::time::Duration::from_secs(3600)),
        };
        if !alive {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Save a value as pretty RON, atomically.
pub fn save_ron<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let text = ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    write_atomic(path, text.as_bytes())
}

/// What reading a saved file gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded<T> {
    /// There is no file yet.
    Missing,
    /// The file was read whole.
    Read(T),
    /// The file could not be read (damaged, cut short, from a newer version, too large, not a
    /// plain file). It was moved aside to `kept`, so nothing is lost, and what could be saved
    /// from it is in `value`; `problem` says what was wrong, for the person.
    Damaged {
        value: Option<T>,
        kept: Option<PathBuf>,
        problem: String,
    },
}

impl<T> Loaded<T> {
    /// The value, read whole or in part.
    pub fn value(self) -> Option<T> {
        match self {
            Loaded::Read(v) => Some(v),
            Loaded::Damaged { value, .. } => value,
            Loaded::Missing => None,
        }
    }

    /// A sentence for the person when the file was damaged.
    pub fn problem(&self, what: &str) -> Option<String> {
        match self {
            Loaded::Damaged { kept, problem, .. } => Some(match kept {
                Some(kept) => format!(
                    "Your {what} could not be read ({problem}). The file was kept as {}.",
                    kept.display()
                ),
                None => format!("Your {what} could not be read ({problem})."),
            }),
            _ => None,
        }
    }
}

/// Read a saved RON value. A damaged file is moved aside (renamed, never deleted) and reported;
/// with `partial`, every field of a damaged record that still reads is kept (for settings: one
/// unknown value does not reset the others). Never blocks on a pipe, never reads a huge file,
/// and clears away temporary files left by a crash.
pub fn load_state<T: DeserializeOwned>(path: &Path, partial: bool) -> Loaded<T> {
    clean_temporary_files(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return damaged(path, None, format!("it cannot be opened: {e}")),
    };
    if !meta.is_file() {
        return damaged(path, None, "it is not a plain file".to_owned());
    }
    if meta.len() > MAX_STATE_BYTES {
        return damaged(
            path,
            None,
            format!("it is {} bytes, far larger than a real one", meta.len()),
        );
    }
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return damaged(path, None, "it is not text".to_owned()),
        Err(e) => return damaged(path, None, format!("it cannot be read: {e}")),
    };
    let options = crate::scenario::load::ron_options();
    match options.from_str::<T>(&text) {
        Ok(value) => Loaded::Read(value),
        Err(e) => {
            let value = partial.then(|| read_fields(&text)).flatten();
            let problem = if text.trim().is_empty() {
                "it is empty".to_owned()
            } else {
                format!(
                    "line {} has something this version of Rapport does not understand",
                    e.span.start.line
                )
            };
            damaged(path, value, problem)
        }
    }
}

/// Move a damaged file aside as `NAME.damaged-SECONDS` and say so.
fn damaged<T>(path: &Path, value: Option<T>, problem: String) -> Loaded<T> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut kept = path.as_os_str().to_owned();
    kept.push(format!(".damaged-{seconds}"));
    let kept = PathBuf::from(kept);
    let kept = std::fs::rename(path, &kept).ok().map(|()| kept);
    Loaded::Damaged {
        value,
        kept,
        problem,
    }
}

/// The fields of a RON record `( name: value, ... )` that read on their own: each is tried as a
/// record of one field (the type fills the rest with its defaults), and those that read are put
/// together again. `None` when the text is not a record at all.
fn read_fields<T: DeserializeOwned>(text: &str) -> Option<T> {
    let options = crate::scenario::load::ron_options();
    let fields = top_level_fields(text)?;
    let good: Vec<&str> = fields
        .into_iter()
        .filter(|f| options.from_str::<T>(&format!("({f})")).is_ok())
        .collect();
    options
        .from_str::<T>(&format!("({})", good.join(", ")))
        .ok()
}

/// The text of each `name: value` between the outer `(` and `)`, split at the commas that are
/// not inside brackets, strings or comments.
fn top_level_fields(text: &str) -> Option<Vec<&str>> {
    let body = text.trim();
    let body = body.strip_prefix('(')?;
    let bytes = body.as_bytes();
    let mut fields = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => {
                fields.push(&body[start..i]);
                break;
            }
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => {
                fields.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if i >= bytes.len() && start < bytes.len() {
        fields.push(&body[start..]);
    }
    Some(
        fields
            .into_iter()
            .map(str::trim)
            .filter(|f| f.contains(':'))
            .collect(),
    )
}

/// Load a RON value; `None` when the file is missing or cannot be read (see [`load_state`],
/// which also says why and keeps a damaged file aside).
pub fn load_ron<T: DeserializeOwned>(path: &Path) -> Option<T> {
    load_state(path, false).value()
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
    /// The attempt being recorded in the practice records, so that play resumed after a restart
    /// goes on recording into the same attempt.
    #[serde(default)]
    pub attempt: Option<crate::records::AttemptId>,
    /// The feedback on the last choice was on screen, not yet read: resuming shows it again.
    #[serde(default)]
    pub feedback: bool,
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
            attempt: None,
            feedback: false,
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
            attempt: Some(crate::records::AttemptId(12)),
            feedback: true,
        };
        save_ron(&storage.progress_file(), &p).unwrap();
        assert_eq!(load_ron::<Progress>(&storage.progress_file()), Some(p));
    }

    #[test]
    fn progress_saved_before_records_still_resumes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.ron");
        std::fs::write(
            &path,
            "(scenario: \"gift\", file: \"gift.ron\", seed: 9, choices: [1])",
        )
        .unwrap();
        let p = load_ron::<Progress>(&path).unwrap();
        assert_eq!((p.choices, p.attempt, p.feedback), (vec![1], None, false));
    }

    #[test]
    fn a_corrupt_file_is_ignored_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.ron");
        std::fs::write(&path, "(scenario: \"x\", fi").unwrap();
        assert_eq!(load_ron::<Progress>(&path), None);
        assert_eq!(load_ron::<Progress>(&dir.path().join("missing.ron")), None);
    }

    #[test]
    fn a_damaged_file_is_kept_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.ron");
        std::fs::write(&path, "(scenario: \"x\", fi").unwrap();
        let loaded = load_state::<Progress>(&path, false);
        let message = loaded.problem("saved place").unwrap();
        assert!(message.contains("could not be read"), "{message}");
        let Loaded::Damaged {
            kept: Some(kept), ..
        } = loaded
        else {
            panic!("not kept aside");
        };
        assert_eq!(
            std::fs::read_to_string(&kept).unwrap(),
            "(scenario: \"x\", fi"
        );
        assert!(
            !path.exists(),
            "the damaged file was moved, not left to be overwritten"
        );
        // Read once: the next start finds no file and says nothing.
        assert_eq!(load_state::<Progress>(&path, false), Loaded::Missing);
    }

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    #[serde(default)]
    struct Prefs {
        size: u32,
        colour: String,
        loud: bool,
    }

    impl Default for Prefs {
        fn default() -> Self {
            Self {
                size: 2,
                colour: "blue".into(),
                loud: false,
            }
        }
    }

    #[test]
    fn one_bad_value_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        std::fs::write(&path, "(size: Huge, colour: \"red, (really)\", loud: true)").unwrap();
        let loaded = load_state::<Prefs>(&path, true);
        assert!(loaded.problem("settings").is_some());
        assert_eq!(
            loaded.value(),
            Some(Prefs {
                size: 2,
                colour: "red, (really)".into(),
                loud: true
            })
        );
    }

    #[test]
    fn pipes_huge_files_and_folders_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("progress.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block for ever if it were opened.
            assert!(matches!(
                load_state::<Progress>(&fifo, false),
                Loaded::Damaged { .. }
            ));
        }
        let big = dir.path().join("big.ron");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_STATE_BYTES + 1).unwrap();
        assert!(matches!(
            load_state::<Progress>(&big, false),
            Loaded::Damaged { .. }
        ));
    }

    #[test]
    fn temporary_files_of_dead_processes_are_cleared_and_names_never_clash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.ron");
        // A process id that cannot be running (above the kernel's maximum).
        let stale = dir.path().join(".progress.ron.4294967-0.tmp");
        std::fs::write(&stale, "half").unwrap();
        let mine = dir
            .path()
            .join(format!(".progress.ron.{}-999999.tmp", std::process::id()));
        std::fs::write(&mine, "in flight").unwrap();
        assert_eq!(load_state::<Progress>(&path, false), Loaded::Missing);
        assert!(!stale.exists());
        assert!(
            mine.exists(),
            "a file this process is still writing is left alone"
        );
        // Many threads saving at once each use their own temporary file: every read sees a
        // whole file.
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        let text = format!("({t}, {i}, \"{}\")", "x".repeat(500));
                        write_atomic(&path, text.as_bytes()).unwrap();
                        let read = std::fs::read_to_string(&path).unwrap();
                        assert!(read.starts_with('(') && read.ends_with(')'), "{read}");
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }
}
