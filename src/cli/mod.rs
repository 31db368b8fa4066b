//! The command line: clap definitions and `run`. The only module that prints, draws progress bars
//! or decides exit codes.

mod bench;
mod eval;
mod extract;
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
    /// Show articles as they would be indexed (read + extracted people, orgs, topics, …), without indexing
    Extract(extract::ExtractArgs),
    /// Search the index: words, "phrases", -excluded, OR, and filters such as place:usa
    Search(search::SearchArgs),
    /// Time the searches of a query log: p50/p90/p99 latency and queries/s, per kind and overall
    Bench(bench::BenchArgs),
    /// Write synthetic articles (and a query log) drawn from a corpus's statistics, as JSON Lines
    Gen(r#gen::GenArgs),
    /// Measure extraction quality and speed on a labelled collection (Reuters-21578)
    Eval(eval::EvalArgs),
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // A bug in one file's processing is reported as that file's skip reason, not printed twice.
    newsdex::guard::install_panic_hook();
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Extract(args) => extract::run(&args),
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
    fn bench_args_parse_with_defaults_of_search() {
        let cli =
            Cli::try_parse_from(["newsdex", "bench", "--queries", "log.jsonl", "--threads", "2", "--no-passages"])
                .expect("valid arguments");
        let Command::Bench(args) = cli.command else { panic!("not bench") };
        assert_eq!(args.queries, PathBuf::from("log.jsonl"));
        assert_eq!((args.runs, args.warmup, args.threads, args.limit), (3, 1, 2, 10));
        assert_eq!(newsdex::bench::BenchOptions::from(&args).passages, 0);
        assert!(Cli::try_parse_from(["newsdex", "bench", "--queries", "q.txt", "--runs", "0"]).is_err());
        assert!(Cli::try_parse_from(["newsdex", "bench"]).is_err(), "--queries is required");
    }

    #[test]
    fn extract_args_parse() {
        let cli = Cli::try_parse_from([
            "newsdex",
            "extract",
            "a.txt",
            "corpus",
            "--json",
            "--taxonomy",
            "tags.toml",
            "--reference-date",
            "2025-10-31",
        ])
        .expect("valid arguments");
        let Command::Extract(args) = cli.command else { panic!("not extract") };
        assert_eq!(args.paths, vec![PathBuf::from("a.txt"), PathBuf::from("corpus")]);
        assert!(args.json);
        assert_eq!(args.taxonomy, Some(PathBuf::from("tags.toml")));
        assert!(args.reference_date.is_some());
        assert!(Cli::try_parse_from(["newsdex", "extract"]).is_err(), "a path is required");
    }

    #[test]
    fn index_takes_a_taxonomy() {
        let cli = Cli::try_parse_from(["newsdex", "index", "--taxonomy", "tags.toml"]).expect("valid arguments");
        let Command::Index(args) = cli.command else { panic!("not index") };
        assert_eq!(args.taxonomy, Some(PathBuf::from("tags.toml")));
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
