//! The command line: clap definitions and `run`. The only module that prints, draws progress bars
//! or decides exit codes.

mod eval;
mod r#gen;
mod index;
mod search;

use clap::{Parser, Subcommand};

/// Full-text search for folders of news articles.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index folders of articles (.txt, .md, .json, .jsonl, .sgm); re-runs read only what changed
    Index(index::IndexArgs),
    /// Search the index: words, "phrases", -excluded, OR, and filters such as place:usa
    Search(search::SearchArgs),
    /// Write synthetic articles (and a query log) drawn from a corpus's statistics, as JSON Lines
    Gen(r#gen::GenArgs),
    /// Measure extraction quality and speed on a labelled collection (Reuters-21578)
    Eval(eval::EvalArgs),
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Gen(args) => r#gen::run(&args),
        Command::Eval(args) => eval::run(&args),
    }
}

/// True when the error is a closed pipe (`newsdex search … | head`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn search_args_parse() {
        let cli = Cli::try_parse_from([
            "newsdex", "search", "money", "supply", "--place", "usa", "--place", "uk", "--limit", "5", "--sort",
            "date", "--json",
        ])
        .expect("valid arguments");
        let Command::Search(args) = cli.command else { panic!("not a search") };
        assert_eq!(args.query.join(" "), "money supply");
        assert_eq!(args.place, vec!["usa", "uk"]);
        assert_eq!(args.limit, 5);
        assert!(args.json);
    }

    #[test]
    fn eval_args_parse() {
        let cli = Cli::try_parse_from(["newsdex", "eval", "extraction", "--reuters", "dir", "--json", "--verbose"])
            .expect("valid arguments");
        let Command::Eval(eval::EvalArgs { command: eval::EvalCommand::Extraction(args) }) = cli.command else {
            panic!("not eval extraction")
        };
        assert_eq!(args.reuters, PathBuf::from("dir"));
        assert!(args.json && args.verbose && !args.no_index_timing);
    }

    #[test]
    fn index_args_default_to_corpus_and_index() {
        let cli = Cli::try_parse_from(["newsdex", "index"]).expect("valid arguments");
        let Command::Index(args) = cli.command else { panic!("not index") };
        assert_eq!(args.dirs, vec![PathBuf::from("corpus")]);
        assert_eq!(args.index, PathBuf::from("index"));
    }
}
