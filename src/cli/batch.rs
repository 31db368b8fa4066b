//! `newsdex batch QUERIES`: a file of queries → `search::batch::run` → text, CSV or JSON Lines.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use newsdex::bench;
use newsdex::error::Error;
use newsdex::index::reader;
use newsdex::render;
use newsdex::search::batch::{self, Answer, BatchQuery};
use newsdex::search::{SearchRequest, Searcher};

use super::Outcome;
use super::search::{ColorArg, FilterArgs, OrderArgs};

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The queries: one a line in the search syntax (filters allowed: `"Jorio Dauster" place:brazil`);
    /// blank lines and `#` comments are skipped. A `.jsonl` file takes `q` from each line
    pub queries: PathBuf,
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Hits to list per query (stories, unless --no-collapse); 0 for the counts only
    #[arg(long, default_value_t = 3)]
    pub limit: usize,
    /// List every matching article (default: one hit per story, as `search`)
    #[arg(long)]
    pub no_collapse: bool,
    #[command(flatten)]
    pub order: OrderArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Passages per hit (the best is shown, and written to the CSV's `passage` column); 0 for none
    #[arg(long, default_value_t = 1)]
    pub passages: usize,
    /// Write CSV to this file (`-` for standard output): a row per hit with the query's line, text
    /// and counts; a query with no hit, or that failed, gets one row
    #[arg(long, value_name = "OUT", conflicts_with = "jsonl")]
    pub csv: Option<PathBuf>,
    /// Write one JSON object per query to standard output: line, query, total_hits,
    /// total_stories and hits as `search --json` gives them, or `error`
    #[arg(long)]
    pub jsonl: bool,
    /// Bold queries and matches: auto (when stdout is a terminal), always, never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl From<&BatchArgs> for SearchRequest {
    fn from(args: &BatchArgs) -> Self {
        SearchRequest {
            query: String::new(),
            any: args.filters.any,
            filters: args.filters.flag_filters(),
            limit: args.limit,
            offset: 0,
            sort: args.order.sort(),
            passages: args.passages,
            body: false,
            facets: false,
            collapse: !args.no_collapse,
            // A list checked against an archive wants counts of what was typed, not corrections.
            suggest: false,
        }
    }
}

/// How the answers are written.
enum Format {
    Text { color: bool },
    Csv,
    Jsonl,
}

pub fn run(args: &BatchArgs) -> anyhow::Result<Outcome> {
    if !args.queries.exists() {
        return Err(super::usage(format!(
            "no query file at {}; give a file with one query a line",
            args.queries.display()
        )));
    }
    let queries = bench::load_queries(&args.queries)?;
    let searcher = Searcher::new(reader::open(&args.index)?);
    let template = SearchRequest::from(args);
    let (mut out, format): (Box<dyn Write>, Format) = match &args.csv {
        Some(path) if path.as_os_str() != "-" => {
            let file = File::create(path).map_err(|source| Error::io("create the CSV file", path, source))?;
            (Box::new(BufWriter::new(file)), Format::Csv)
        }
        Some(_) => (Box::new(BufWriter::new(std::io::stdout().lock())), Format::Csv),
        None => {
            let stdout = std::io::stdout();
            let color = args.color.on(&stdout);
            let format = if args.jsonl { Format::Jsonl } else { Format::Text { color } };
            (Box::new(BufWriter::new(stdout.lock())), format)
        }
    };
    let target = args.csv.as_ref().filter(|path| path.as_os_str() != "-");
    let written = |source: std::io::Error| match target {
        Some(path) => Error::io("write to", path, source),
        None => Error::io("write to", "standard output", source),
    };
    if let Format::Csv = format {
        render::csv::write_batch_header(&mut out).map_err(written)?;
    }
    let file = args.queries.display().to_string();
    let each = |answer: Answer<'_>| -> newsdex::error::Result<()> {
        if let Err(error) = &answer.outcome {
            eprintln!(
                "newsdex: {file}:{}: bad query {:?}: {error}; the other queries ran",
                answer.query.line, answer.query.text
            );
        }
        let result = match format {
            Format::Text { color } => render::text::write_batch_answer(&mut out, &answer, color),
            Format::Csv => render::csv::write_batch_answer(&mut out, &answer),
            Format::Jsonl => render::json::write_batch_line(&mut out, &answer),
        };
        result.map_err(written)
    };
    let listed = queries.iter().map(|query| BatchQuery { line: query.line, text: &query.text });
    let summary = batch::run(&searcher, listed, &template, each)?;
    out.flush().map_err(written)?;
    drop(out);
    eprintln!(
        "newsdex: {} queries in {:.2} s: {} found articles, {} found none, {} failed",
        summary.queries,
        summary.took_us as f64 / 1e6,
        summary.with_hits,
        summary.queries - summary.with_hits - summary.failed,
        summary.failed
    );
    Ok(if summary.failed > 0 { Outcome::Skipped } else { Outcome::Done })
}
