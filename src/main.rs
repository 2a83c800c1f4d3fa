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
fn open_app(_args: cli::AppArgs) -> ExitCode {
    use clap::CommandFactory as _;
    let _ = Cli::command().print_help();
    ExitCode::SUCCESS
}
