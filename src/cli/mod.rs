//! The `rapport` command line: `check`, `play`, `report`, `sync` and friends. No Bevy here; with no subcommand,
//! `main` opens the app.

mod analyze;
mod check;
pub mod fix;
pub mod graph;
pub mod new;
mod play;
mod report;
pub mod script;
mod setup;
mod sync;
mod transcript;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

pub use check::{CheckArgs, to_json as check_json, to_text as check_text};
pub use play::{PlayArgs, stuck_text};

/// Rapport: practise the relationships at the heart of care work.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub app: AppArgs,
}

/// Options for the app (used when no subcommand is given).
#[derive(Debug, Clone, Default, Args)]
pub struct AppArgs {
    /// The scenario library to open (default: `scenarios/` next to the program, or in the
    /// current folder).
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Open the author panel during play (also F12): jump to nodes, set scores and flags.
    #[arg(long)]
    pub author: bool,
    /// Start in the group preset for a projector (also F5): large text, high contrast, scores
    /// hidden until revealed, group votes.
    #[arg(long)]
    pub projector: bool,
    /// Open the presenter view in a second window (also F6): facilitator notes, every option's
    /// effects and feedback, scores, the vote and the timer.
    #[arg(long)]
    pub presenter_window: bool,
    /// Let the room vote from their own phones (also Q in a group session): starts a small web
    /// server on the local network and prints its address, `phone voting: http://...`.
    #[arg(long)]
    pub phones: bool,
    /// Where phone voting listens, as IP:PORT (default: this machine's local-network address
    /// and a free port).
    #[arg(long, value_name = "IP:PORT")]
    pub phones_addr: Option<std::net::SocketAddr>,
    /// Walk through every screen, save a PNG of each in DIR, and exit (for the screenshot script).
    #[arg(long, value_name = "DIR", hide = true)]
    pub screenshots: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and folders and report every problem.
    Check(CheckArgs),
    /// Play a scenario in the terminal, or with a list of choices.
    Play(PlayArgs),
    /// Analyse a scenario's balance: endings, score ranges, outcomes, best and worst paths, smells.
    Analyze(analyze::AnalyzeArgs),
    /// Draw the node graph: Graphviz DOT, an SVG sized for A4, or A4 pages in HTML to print.
    Graph(graph::GraphArgs),
    /// Write a commented template scenario to start from.
    New(new::NewArgs),
    /// Repair what word processors do to a file (curly quotes, line endings, byte-order mark,
    /// accents), keeping the original as a backup.
    Fix(fix::FixArgs),
    /// Write the whole scenario as one printable page (HTML), to send to a colleague to review.
    Script(script::ScriptArgs),
    /// Write your practice records as a printable page (HTML), a spreadsheet (CSV) or xAPI
    /// statements: everything, one attempt, a scenario or a date range.
    Report(report::ReportArgs),
    /// Send your practice records to your organisation's learning record store (xAPI), if one is
    /// set, and say what happened.
    Sync(sync::SyncArgs),
}

/// Exit code for a usage error (as clap uses), and for input or output that cannot be read or
/// written (a missing file, a full disk). Problems found in a scenario exit with 1.
pub const EXIT_USAGE: u8 = 2;

/// Write `text` to standard output and return `ok`. A reader that went away (`rapport check |
/// head`) is not a failure; any other failure to write (a full disk) is said on standard error
/// and gives exit code 2. Never panics.
pub fn emit(text: &str, ok: ExitCode) -> ExitCode {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ok,
        Err(e) => {
            say(&format!("rapport: cannot write the output: {e}\n"));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Write `text` to the file `output` (atomically: a reader never sees half of it) or, without
/// one, to standard output. A file that cannot be written is said on standard error and gives
/// exit code 2.
pub fn write_output(output: Option<&std::path::Path>, text: &str) -> ExitCode {
    let Some(path) = output else {
        return emit(text, ExitCode::SUCCESS);
    };
    match crate::storage::write_atomic(path, text.as_bytes()) {
        Ok(()) => {
            say(&format!("wrote {}\n", path.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            say(&format!("rapport: cannot write {}: {e}\n", path.display()));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Write a message to standard error, ignoring a failure to do so (never panics).
pub fn say(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Run a subcommand.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Play(args) => play::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::New(args) => new::run(&args),
        Command::Fix(args) => fix::run(&args),
        Command::Script(args) => script::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Sync(args) => sync::run(&args),
    }
}
