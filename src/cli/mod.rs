//! The command line: clap definitions and `run`. The only module that prints, draws progress bars
//! or decides exit codes.

mod batch;
mod bench;
mod eval;
mod extract;
mod r#gen;
mod index;
mod search;
mod serve;
mod similar;
mod stories;

use clap::{Parser, Subcommand};
use newsdex::error::{Error, ErrorKind};

/// Exit code of a run that failed: files that cannot be read or written, an index that is missing,
/// empty, busy, of another version or damaged, a bug in newsdex.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code of a command line or query that cannot work as typed: a bad query, an unknown option
/// or bad value (clap's own errors exit 2 too), a path argument that does not exist, a taxonomy or
/// query log that is not valid.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of an `index` or `extract` run that did its work but skipped files or articles (each
/// listed on stderr with its reason, and in the `--json` summary of `index`; `--allow-skips` makes
/// such a run exit 0), and of a `batch` run some of whose queries could not run.
pub const EXIT_SKIPPED: u8 = 3;

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
    #[command(after_help = "Exit status: 0 when every file was indexed; 3 when files or articles were skipped \
(listed on stderr; the rest is indexed and committed), 0 with --allow-skips; 1 when the run failed \
(the previous index is unchanged); 2 for bad arguments.")]
    Index(index::IndexArgs),
    /// Show articles as they would be indexed (read + extracted people, orgs, topics, …), without indexing
    #[command(after_help = "Exit status: 0 when every file was read; 3 when files or articles were skipped \
(listed on stderr; the others are printed), 0 with --allow-skips; 1 on a failure; 2 for bad arguments.")]
    Extract(extract::ExtractArgs),
    /// Search the index: words, "phrases", -excluded, OR, and filters such as place:usa; one hit per story
    #[command(after_help = "Hits are stories: the best-ranked article of each, with up to 5 other articles of \
the story beneath it (its other best matches; when fewer match, its other articles, newest first). \
total_hits counts articles, total_stories stories; --limit and --offset count stories. --no-collapse lists \
every article. Facet counts are counts of articles either way.")]
    Search(search::SearchArgs),
    /// The articles most like a given one (by its id), other stories first
    #[command(after_help = "Exit status: 0 on success; 2 when no article has the id or for bad arguments; \
1 when the index cannot be read.")]
    Similar(similar::SimilarArgs),
    /// The largest stories of a period: article count, dates, main people and places, titles
    Stories(stories::StoriesArgs),
    /// Serve the index: a JSON API under /api/ and a search page at /, until Ctrl-C
    #[command(
        after_help = "Example: newsdex serve --index index --addr 127.0.0.1:7700, then open http://127.0.0.1:7700/. \
One access-log line per request on stderr (method, path, status, µs)."
    )]
    Serve(serve::ServeArgs),
    /// Run a file of queries (one a line, filters allowed): each query's counts and best hits
    #[command(after_help = "Example: newsdex batch names.txt --limit 3 --csv names.csv. \
Exit status: 0 when every query ran; 3 when queries could not run (each reported on stderr with its line; \
the others ran); 1 when the index cannot be read; 2 for bad arguments or a missing query file.")]
    Batch(batch::BatchArgs),
    /// Time the searches of a query log: p50/p90/p99 latency and queries/s, per kind and overall
    Bench(bench::BenchArgs),
    /// Write synthetic articles (and a query log) drawn from a corpus's statistics, as JSON Lines
    Gen(r#gen::GenArgs),
    /// Measure extraction quality and speed on a labelled collection (Reuters-21578)
    Eval(eval::EvalArgs),
}

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was done.
    Done,
    /// Done, except for skipped files or articles (already reported on stderr).
    Skipped,
}

impl Outcome {
    /// `0`, or [`EXIT_SKIPPED`].
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::Skipped => EXIT_SKIPPED,
        }
    }
}

/// A command line that cannot work as typed (exit code [`EXIT_USAGE`]); the message says what to
/// change.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] as an `anyhow::Error`, for `return Err(usage(…))`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Runs one command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    // A bug in one file's processing is reported as that file's skip reason, not printed twice.
    newsdex::guard::install_panic_hook();
    match cli.command {
        Command::Index(args) => index::run(&args),
        Command::Search(args) => search::run(&args).map(|()| Outcome::Done),
        Command::Similar(args) => similar::run(&args).map(|()| Outcome::Done),
        Command::Stories(args) => stories::run(&args).map(|()| Outcome::Done),
        Command::Serve(args) => serve::run(&args).map(|()| Outcome::Done),
        Command::Batch(args) => batch::run(&args),
        Command::Bench(args) => bench::run(&args).map(|()| Outcome::Done),
        Command::Extract(args) => extract::run(&args),
        Command::Gen(args) => r#gen::run(&args).map(|()| Outcome::Done),
        Command::Eval(args) => eval::run(&args).map(|()| Outcome::Done),
    }
}

/// The first newsdex [`Error`] in the error's chain, also when it travelled inside an
/// `io::Error` (as a rendering error does).
fn library_error(error: &anyhow::Error) -> Option<&Error> {
    error.chain().find_map(|cause| {
        cause.downcast_ref::<Error>().or_else(|| {
            cause.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()).and_then(|inner| inner.downcast_ref())
        })
    })
}

/// The exit code of a failed run: [`EXIT_USAGE`] for what the user typed, [`EXIT_FAILURE`] else.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        return EXIT_USAGE;
    }
    match library_error(error).map(Error::kind) {
        Some(ErrorKind::BadRequest) => EXIT_USAGE,
        Some(ErrorKind::Busy | ErrorKind::Failed | ErrorKind::Internal) | None => EXIT_FAILURE,
    }
}

/// The whole message of a failed run, on one line (unless a bad query is shown under it): what
/// failed, where, and what to do ([`Error::hint`]).
pub fn message(error: &anyhow::Error) -> String {
    match library_error(error).and_then(Error::hint) {
        Some(hint) => format!("{error:#}; {hint}"),
        None => format!("{error:#}"),
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
    fn exit_codes_and_hints_follow_the_error_in_the_chain() {
        let bad_query = anyhow::Error::new(Error::Query(newsdex::query::QueryError::Empty));
        assert_eq!(exit_code(&bad_query), EXIT_USAGE);
        assert_eq!(exit_code(&usage("nothere does not exist")), EXIT_USAGE);
        let missing = anyhow::Error::new(Error::IndexMissing { path: PathBuf::from("idx") }).context("while searching");
        assert_eq!(exit_code(&missing), EXIT_FAILURE);
        let shown = message(&missing);
        assert!(shown.starts_with("while searching: no index at idx; build one with"), "{shown}");
        // Rendering passes library errors through `io::Error`.
        let inside_io = anyhow::Error::new(std::io::Error::other(Error::Damaged("no summaries".into())));
        assert_eq!(exit_code(&inside_io), EXIT_FAILURE);
        assert!(message(&inside_io).ends_with("--rebuild`"), "{}", message(&inside_io));
        assert_eq!(exit_code(&anyhow::anyhow!("something else")), EXIT_FAILURE);
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
        assert_eq!(args.filters.place, vec!["usa", "uk"]);
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
        assert!(newsdex::bench::BenchOptions::from(&args).suggest, "suggestions on, as in a search");
        let cli = Cli::try_parse_from(["newsdex", "bench", "--queries", "q.txt", "--no-suggest"]).expect("valid");
        let Command::Bench(args) = cli.command else { panic!("not bench") };
        assert!(!newsdex::bench::BenchOptions::from(&args).suggest);
        assert!(Cli::try_parse_from(["newsdex", "bench", "--queries", "q.txt", "--runs", "0"]).is_err());
        assert!(Cli::try_parse_from(["newsdex", "bench"]).is_err(), "--queries is required");
    }

    #[test]
    fn serve_args_parse_with_loopback_by_default() {
        let cli = Cli::try_parse_from(["newsdex", "serve"]).expect("valid arguments");
        let Command::Serve(args) = cli.command else { panic!("not serve") };
        assert_eq!(args.addr.to_string(), "127.0.0.1:7700");
        assert_eq!(args.index, PathBuf::from("index"));
        assert_eq!(args.cors, None);
        let cli = Cli::try_parse_from([
            "newsdex",
            "serve",
            "--addr",
            "0.0.0.0:0",
            "--cors",
            "https://desk.example",
            "--max-searches",
            "3",
        ])
        .expect("valid arguments");
        let Command::Serve(args) = cli.command else { panic!("not serve") };
        let options = newsdex::serve::ServeOptions::from(&args);
        assert_eq!(options.cors_origin.as_deref(), Some("https://desk.example"));
        assert_eq!(options.limits.max_searches, 3);
        assert!(Cli::try_parse_from(["newsdex", "serve", "--addr", "localhost"]).is_err(), "an address is ip:port");
        assert!(Cli::try_parse_from(["newsdex", "serve", "--max-searches", "0"]).is_err());
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
