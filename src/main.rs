//! `rapport`: with no subcommand, the app; otherwise the command line.

use std::process::ExitCode;

use clap::Parser as _;
use rapport::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => open_app(args.app),
    }
}

#[cfg(feature = "app")]
fn open_app(args: cli::AppArgs) -> ExitCode {
    rapport::app::run(args)
}

#[cfg(not(feature = "app"))]
fn open_app(args: cli::AppArgs) -> ExitCode {
    use clap::CommandFactory as _;
    if args.screenshots.is_some()
        || args.author
        || args.projector
        || args.presenter_window
        || args.scenarios.is_some()
    {
        eprintln!(
            "rapport: this build has no app (it was built without the `app` \
                feature); use a subcommand"
        );
        return ExitCode::from(cli::EXIT_USAGE);
    }
    let _ = Cli::command().print_help();
    ExitCode::SUCCESS
}
