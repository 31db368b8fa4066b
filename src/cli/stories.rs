//! `newsdex stories`: args → `StoriesRequest` → `Searcher::stories` → text or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use newsdex::index::reader;
use newsdex::query::FlagFilters;
use newsdex::render;
use newsdex::search::{Searcher, StoriesRequest};

#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Only articles from this date on (2025-10-31, 2025-10 or 2025)
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles up to this date, inclusive (2025-10-31, 2025-10 or 2025)
    #[arg(long)]
    pub until: Option<String>,
    /// Only articles with this topic (repeatable)
    #[arg(long)]
    pub topic: Vec<String>,
    /// Only articles about this place: a name, ISO code or alias (repeatable)
    #[arg(long)]
    pub place: Vec<String>,
    /// Stories to show
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

impl From<&StoriesArgs> for StoriesRequest {
    fn from(args: &StoriesArgs) -> Self {
        StoriesRequest {
            filters: FlagFilters {
                topics: args.topic.clone(),
                places: args.place.clone(),
                since: args.since.clone(),
                until: args.until.clone(),
                ..FlagFilters::default()
            },
            limit: args.limit,
        }
    }
}

pub fn run(args: &StoriesArgs) -> anyhow::Result<()> {
    let searcher = Searcher::new(reader::open(&args.index)?);
    let results = searcher.stories(&StoriesRequest::from(args))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        render::json::write_stories(&mut out, &results)?;
    } else {
        render::text::write_stories(&mut out, &results)?;
    }
    out.flush()?;
    Ok(())
}
