//! `newsdex search QUERY`: args → `SearchRequest` → `Searcher::search` → text or JSON.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use newsdex::error::Error;
use newsdex::index::reader;
use newsdex::query::{FlagFilters, QueryError};
use newsdex::render;
use newsdex::search::{SearchRequest, Searcher, Sort};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, e.g. `'"money supply" place:usa -mexico'` (quote a query that has `-excluded`
    /// words, so they are not taken for options)
    #[arg(required = false)]
    pub query: Vec<String>,
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Hits to show
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging)
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Any word may match (default: all words must)
    #[arg(long)]
    pub any: bool,
    /// Only articles with this topic (repeatable)
    #[arg(long)]
    pub topic: Vec<String>,
    /// Only articles about this place: a name, ISO code or alias (repeatable)
    #[arg(long)]
    pub place: Vec<String>,
    /// Only articles naming this person (repeatable)
    #[arg(long)]
    pub person: Vec<String>,
    /// Only articles from this date on (2025-10-31, 2025-10 or 2025)
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles up to this date, inclusive (2025-10-31, 2025-10 or 2025)
    #[arg(long)]
    pub until: Option<String>,
    /// Passages per hit (0 for none)
    #[arg(long, default_value_t = 3)]
    pub passages: usize,
    /// Show counts of topics, places, people and sources over all hits
    #[arg(long)]
    pub facets: bool,
    /// Print one JSON object (each hit with its full text in `body`)
    #[arg(long)]
    pub json: bool,
    /// Bold matches: auto (when stdout is a terminal), always, never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<&SearchArgs> for SearchRequest {
    fn from(args: &SearchArgs) -> Self {
        SearchRequest {
            query: args.query.join(" "),
            any: args.any,
            filters: FlagFilters {
                topics: args.topic.clone(),
                places: args.place.clone(),
                people: args.person.clone(),
                since: args.since.clone(),
                until: args.until.clone(),
            },
            limit: args.limit,
            offset: args.offset,
            sort: match args.sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Date => Sort::Date,
            },
            passages: args.passages,
            body: args.json,
            facets: args.facets,
        }
    }
}

pub fn run(args: &SearchArgs) -> anyhow::Result<()> {
    let request = SearchRequest::from(args);
    let index = reader::open(&args.index).map_err(|error| explain_open_error(error, &args.index))?;
    let searcher = Searcher::new(index);
    let results = searcher.search(&request).map_err(|error| explain_search_error(error, &request.query))?;
    let stdout = std::io::stdout();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = stdout.lock();
    if args.json {
        render::json::write(&mut out, &results)?;
    } else {
        render::text::write(&mut out, &results, color)?;
    }
    out.flush()?;
    Ok(())
}

fn explain_open_error(error: Error, dir: &std::path::Path) -> anyhow::Error {
    match error {
        Error::IndexMissing { .. } | Error::IndexEmpty { .. } => anyhow::anyhow!(
            "{error}; build one with `newsdex index DIR --index {}` (e.g. `newsdex index corpus`)",
            dir.display()
        ),
        Error::SchemaMismatch { .. } => anyhow::anyhow!("{error}; rebuild it with `newsdex index DIR --rebuild`"),
        other => anyhow::Error::new(other),
    }
}

/// Adds the query and a caret under the column to query errors.
fn explain_search_error(error: Error, query: &str) -> anyhow::Error {
    let column = match &error {
        Error::Query(QueryError::Syntax { column, .. })
        | Error::Query(QueryError::UnknownField { column, .. })
        | Error::Query(QueryError::BadDate { column, .. })
        | Error::Query(QueryError::Unsupported { column, .. }) => Some(*column),
        _ => None,
    };
    match column {
        Some(column) if column > 0 => {
            let caret = format!("{}^", " ".repeat(column - 1));
            anyhow::anyhow!("bad query: {error}\n  {query}\n  {caret}")
        }
        _ if error.is_user_error() => anyhow::anyhow!("bad query: {error}"),
        _ => anyhow::Error::new(error),
    }
}
