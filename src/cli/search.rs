//! `newsdex search QUERY`: args → `SearchRequest` → `Searcher::search` → text or JSON.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use newsdex::error::{Error, ErrorKind};
use newsdex::index::reader;
use newsdex::query::{FlagFilters, QueryError};
use newsdex::render;
use newsdex::search::recent::{self, Recency};
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
    /// Hits to show (stories, unless --no-collapse)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip, for paging (stories, unless --no-collapse)
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// List every matching article. By default hits are stories: one per story (its best-ranked
    /// article), with up to 5 other articles of the story beneath it — its other best matches,
    /// then, when fewer match the query, its other articles, newest first
    #[arg(long)]
    pub no_collapse: bool,
    #[command(flatten)]
    pub order: OrderArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Passages per hit (0 for none)
    #[arg(long, default_value_t = 3)]
    pub passages: usize,
    /// Show counts of topics, places, people, organizations, companies and sources over all hits
    /// (counts of articles, also when hits are collapsed into stories)
    #[arg(long)]
    pub facets: bool,
    /// Print one JSON object (each hit with its full text in `body`)
    #[arg(long)]
    pub json: bool,
    /// Write every matching article, not only the top --limit, as --jsonl or --csv: articles, not
    /// stories (--limit, --offset and story collapsing do not apply), streamed as they are read
    #[arg(long, conflicts_with_all = ["json", "facets"])]
    pub all: bool,
    /// With --all: one JSON object a line, the fields of a --json hit without the text (passages
    /// as --passages asks)
    #[arg(long, requires = "all", conflicts_with = "csv")]
    pub jsonl: bool,
    /// With --all: CSV with a header row (id, date, title, location, source, path, url, score,
    /// places, people, topics; several values joined with `; `)
    #[arg(long, requires = "all")]
    pub csv: bool,
    /// Bold matches: auto (when stdout is a terminal), always, never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
    Recent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The order of hits, the same for `search` and `batch`.
#[derive(Debug, Args)]
pub struct OrderArgs {
    /// Order of hits: relevance (BM25), date (newest first), or recent (relevance halved every
    /// --half-life of age)
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// With --sort recent: the age at which relevance counts half (12h, 30d, 2w, 1y; a bare number
    /// is days)
    #[arg(long, default_value = "30d", value_parser = recent::parse_half_life)]
    pub half_life: u64,
    /// With --sort recent: measure ages from the end of this day (1987-03-01) instead of from the
    /// newest article of the index
    #[arg(long, value_parser = recent::parse_as_of)]
    pub as_of: Option<i64>,
}

/// The flag filters, the same for `search` and `batch` (where they apply to every query).
#[derive(Debug, Args)]
pub struct FilterArgs {
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
}

impl OrderArgs {
    /// The library's order; `half_life` and `as_of` are read for `recent` only.
    pub fn sort(&self) -> Sort {
        match self.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
            SortArg::Recent => Sort::Recent(Recency { half_life_seconds: self.half_life, as_of: self.as_of }),
        }
    }
}

impl FilterArgs {
    /// The filters as the library takes them.
    pub fn flag_filters(&self) -> FlagFilters {
        FlagFilters {
            topics: self.topic.clone(),
            places: self.place.clone(),
            people: self.person.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
        }
    }
}

impl ColorArg {
    /// Whether to write in color to `stdout`: auto is a terminal without `NO_COLOR`.
    pub fn on(self, stdout: &std::io::Stdout) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

impl From<&SearchArgs> for SearchRequest {
    fn from(args: &SearchArgs) -> Self {
        SearchRequest {
            query: args.query.join(" "),
            any: args.filters.any,
            filters: args.filters.flag_filters(),
            limit: args.limit,
            offset: args.offset,
            sort: args.order.sort(),
            passages: args.passages,
            body: args.json,
            facets: args.facets,
            collapse: !args.no_collapse,
            suggest: true,
        }
    }
}

pub fn run(args: &SearchArgs) -> anyhow::Result<()> {
    let request = SearchRequest::from(args);
    if args.all && !args.jsonl && !args.csv {
        return Err(super::usage("--all writes --jsonl or --csv; add one of them"));
    }
    let index = reader::open(&args.index)?;
    let searcher = Searcher::new(index);
    if args.all {
        return export(&searcher, &request, args.csv).map_err(|error| explain_search_error(error, &request.query));
    }
    let results = searcher.search(&request).map_err(|error| explain_search_error(error, &request.query))?;
    print_results(&results, args.json, args.color)
}

/// Writes every hit of `request` to stdout as CSV (`csv`) or JSON Lines, one at a time.
fn export(searcher: &Searcher, request: &SearchRequest, csv: bool) -> Result<(), Error> {
    let request =
        SearchRequest { collapse: false, passages: if csv { 0 } else { request.passages }, ..request.clone() };
    let written = |source| Error::io("write to", "standard output", source);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if csv {
        render::csv::write_header(&mut out).map_err(written)?;
    }
    searcher.export(&request, |hit| {
        let line =
            if csv { render::csv::write_hit(&mut out, hit) } else { render::json::write_hit_line(&mut out, hit) };
        line.map_err(written)
    })?;
    out.flush().map_err(written)
}

/// Prints `results` as JSON or for a terminal (`color` decides bold matches).
pub fn print_results(results: &newsdex::search::SearchResults, json: bool, color: ColorArg) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let color = color.on(&stdout);
    let mut out = stdout.lock();
    if json {
        render::json::write(&mut out, results)?;
    } else {
        render::text::write(&mut out, results, color)?;
    }
    out.flush()?;
    Ok(())
}

/// At most [`WINDOW_BEFORE`] characters of a long query before the 1-based `column` and
/// [`WINDOW_AFTER`] after it, with `…` where it was cut, and the column within that window.
fn query_window(query: &str, column: usize) -> (String, usize) {
    const WINDOW_BEFORE: usize = 60;
    const WINDOW_AFTER: usize = 20;
    let characters: Vec<char> = query.chars().collect();
    let start = column.saturating_sub(1).saturating_sub(WINDOW_BEFORE);
    let end = (column + WINDOW_AFTER).min(characters.len());
    let mut shown: String = characters[start.min(end)..end].iter().collect();
    let mut caret_column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_column += 1;
    }
    if end < characters.len() {
        shown.push('…');
    }
    (shown, caret_column)
}

/// Adds the query (around the column, when long) and a caret under the column to query errors,
/// which are usage errors; other errors pass through.
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
            let (shown, caret_column) = query_window(query, column);
            let caret = format!("{}^", " ".repeat(caret_column - 1));
            super::usage(format!("bad query: {error}\n  {shown}\n  {caret}"))
        }
        _ if error.kind() == ErrorKind::BadRequest => super::usage(format!("bad query: {error}")),
        _ => anyhow::Error::new(error),
    }
}

#[cfg(test)]
mod tests {
    use super::query_window;

    #[test]
    fn long_queries_are_shown_around_the_column() {
        assert_eq!(query_window("rain date:yesterday", 6), ("rain date:yesterday".to_string(), 6));
        let long = format!("{}é{}", "a".repeat(100), "b".repeat(100));
        let (shown, caret) = query_window(&long, 101);
        assert_eq!(shown.chars().nth(caret - 1), Some('é'), "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…') && shown.chars().count() == 83, "{shown}");
    }
}
