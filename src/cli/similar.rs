//! `newsdex similar ID`: args → `SimilarRequest` → `Searcher::similar` → text or JSON, as `search`.

use std::path::PathBuf;

use clap::Args;

use newsdex::index::reader;
use newsdex::search::{Searcher, SimilarRequest};

use super::search::{ColorArg, print_results};

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The article's id (the `id` of its hit in `newsdex search --json`, 16 hex digits)
    pub id: String,
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Hits to show (stories, unless --no-collapse)
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip, for paging
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Include the article's own story (its reprints, updates and other write-ups); the article
    /// itself is never listed
    #[arg(long)]
    pub same_story: bool,
    /// List every similar article (default: one hit per story, as `search`)
    #[arg(long)]
    pub no_collapse: bool,
    /// Passages per hit (0 for none)
    #[arg(long, default_value_t = 3)]
    pub passages: usize,
    /// Print one JSON object, as `newsdex search --json`
    #[arg(long)]
    pub json: bool,
    /// Bold matches: auto (when stdout is a terminal), always, never
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

impl From<&SimilarArgs> for SimilarRequest {
    fn from(args: &SimilarArgs) -> Self {
        SimilarRequest {
            limit: args.limit,
            offset: args.offset,
            same_story: args.same_story,
            passages: args.passages,
            body: args.json,
            collapse: !args.no_collapse,
            ..SimilarRequest::new(args.id.clone())
        }
    }
}

pub fn run(args: &SimilarArgs) -> anyhow::Result<()> {
    let searcher = Searcher::new(reader::open(&args.index)?);
    let results = searcher.similar(&SimilarRequest::from(args))?;
    print_results(&results, args.json, args.color)
}
