//! The `newsdex` binary: parse the command line, run it, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let parsed = cli::Cli::parse();
    match cli::run(parsed) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("newsdex: {}", cli::message(&error));
            ExitCode::from(cli::exit_code(&error))
        }
    }
}
