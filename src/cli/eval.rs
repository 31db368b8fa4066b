//! `newsdex eval extraction [--reuters DIR] [--meantime DIR]`: hides the gold answers of
//! Reuters-21578 and MEANTIME, runs extraction and prints precision, recall, accuracy and speed
//! (text or `--json`). `newsdex eval stories`: the stories an index forms, to judge by reading.
//! `newsdex eval ranking`: known-item search and the judged set, newsdex beside its peers.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use newsdex::eval::meantime::{self, MeantimeReport};
use newsdex::eval::ranking::{self, RankingOptions, RankingReport};
use newsdex::eval::stories::{ArticleLine, story_report};
use newsdex::eval::{self, Accuracy, ExtractionReport, Score};

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score place, people, org, location and date extraction against Reuters-21578's hidden tags
    /// and MEANTIME's annotations
    Extraction(ExtractionArgs),
    /// Print the stories an index forms, their sizes, and pairs just below the threshold, to judge
    /// story grouping by reading
    Stories(StoriesArgs),
    /// Score ranking: known-item search on Reuters-21578 (MRR@10, success@10) and the judged set
    /// (nDCG@10, MAP), beside raw tantivy BM25 and SQLite FTS5 (built with `--features peers`)
    Ranking(RankingArgs),
}

#[derive(Debug, Args)]
pub struct RankingArgs {
    /// Folder of the Reuters-21578 SGML files
    #[arg(long, default_value = "../shared/corpora/reuters21578")]
    pub reuters: PathBuf,
    /// Folder of the MEANTIME articles (`meantime/full`)
    #[arg(long, default_value = "../shared/corpora/meantime/full")]
    pub meantime: PathBuf,
    /// The judged set
    #[arg(long, default_value = "tests/data/ranking/judged.toml")]
    pub judged: PathBuf,
    /// An index of both collections to search (default: one built in a temporary folder)
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Known items sampled
    #[arg(long, default_value_t = newsdex::eval::ranking::DEFAULT_SAMPLE)]
    pub sample: usize,
    /// Seed of the sample
    #[arg(long, default_value_t = newsdex::eval::ranking::DEFAULT_SEED)]
    pub seed: u64,
    /// newsdex only, no peers
    #[arg(long)]
    pub no_peers: bool,
    /// Try another title weight (default: newsdex's)
    #[arg(long)]
    pub title_boost: Option<f32>,
    /// Try another BM25 k1, term frequency saturation, for the words (default: newsdex's)
    #[arg(long)]
    pub k1: Option<f32>,
    /// Try another BM25 b, length normalization from 0 to 1, for the words (default: newsdex's)
    #[arg(long)]
    pub b: Option<f32>,
    /// Try another proximity weight; 0 turns proximity re-ranking off (default: newsdex's)
    #[arg(long)]
    pub proximity: Option<f32>,
    /// Try another exact-word weight; 0 turns the exact-word bonus off (default: newsdex's)
    #[arg(long)]
    pub exact: Option<f32>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Days two dated write-ups of one event may lie apart
    #[arg(long, value_name = "DAYS", default_value_t = newsdex::stories::DEFAULT_WINDOW_DAYS)]
    pub story_window: u32,
    /// Show this many random stories and near misses (default: all)
    #[arg(long)]
    pub sample: Option<usize>,
    /// Seed of the random sample
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractionArgs {
    /// Folder of the Reuters-21578 SGML files
    #[arg(long, default_value = "../shared/corpora/reuters21578")]
    pub reuters: PathBuf,
    /// Folder of MEANTIME (`annotated/`, `full/`, `gold_detailed.jsonl`)
    #[arg(long, default_value = "../shared/corpora/meantime")]
    pub meantime: PathBuf,
    /// Score one collection only
    #[arg(long, value_enum)]
    pub only: Option<Collection>,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// Also list the most frequent place false positives and negatives
    #[arg(long)]
    pub verbose: bool,
    /// Skip timing indexing with and without extraction
    #[arg(long)]
    pub no_index_timing: bool,
}

/// The collections `eval extraction` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Collection {
    /// Reuters-21578 (old wire copy, 1987)
    Reuters,
    /// MEANTIME (Wikinews, 2004–2013)
    Meantime,
}

/// What `eval extraction --json` prints.
#[derive(Debug, serde::Serialize)]
struct Reports {
    #[serde(skip_serializing_if = "Option::is_none")]
    reuters: Option<ExtractionReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meantime: Option<MeantimeReport>,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<()> {
    match &args.command {
        EvalCommand::Extraction(args) => run_extraction(args),
        EvalCommand::Stories(args) => run_stories(args),
        EvalCommand::Ranking(args) => run_ranking(args),
    }
}

fn run_ranking(args: &RankingArgs) -> anyhow::Result<()> {
    for (folder, flag) in [(&args.reuters, "--reuters"), (&args.meantime, "--meantime"), (&args.judged, "--judged")] {
        if !folder.exists() {
            return Err(super::usage(format!("{} does not exist; give it with {flag}", folder.display())));
        }
    }
    let options = RankingOptions {
        reuters: args.reuters.clone(),
        meantime_full: args.meantime.clone(),
        judged: args.judged.clone(),
        index: args.index.clone(),
        sample: args.sample,
        seed: args.seed,
        peers: !args.no_peers,
    };
    if args.k1.is_some_and(|k1| !(k1.is_finite() && k1 >= 0.0)) {
        return Err(super::usage("--k1 must be 0 or more"));
    }
    if args.b.is_some_and(|b| !(0.0..=1.0).contains(&b)) {
        return Err(super::usage("--b must be from 0 to 1"));
    }
    let defaults = newsdex::search::Ranking::default();
    let settings = newsdex::search::Ranking {
        title_boost: args.title_boost.unwrap_or(defaults.title_boost),
        bm25: newsdex::query::bm25::Bm25 {
            k1: args.k1.unwrap_or(defaults.bm25.k1),
            b: args.b.unwrap_or(defaults.bm25.b),
        },
        proximity: args.proximity.unwrap_or(defaults.proximity),
        exact: args.exact.unwrap_or(defaults.exact),
    };
    let report = ranking::evaluate(&options, |searcher| searcher.with_ranking(settings))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report)?;
        writeln!(out, "{json}")?;
        return Ok(());
    }
    write_ranking(&mut out, &report, args.no_peers)?;
    Ok(())
}

fn write_ranking(out: &mut impl Write, report: &RankingReport, no_peers: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "known items: {} Reuters-21578 articles (seed {}), 3-5 content words of the title / first sentence; judged set: {} needs",
        report.known_items, report.seed, report.needs
    )?;
    writeln!(
        out,
        "{:<34} {:>15} {:>15} {:>15} {:>15} {:>10} {:>8} {:>10} {:>8} {:>10} {:>8}",
        "engine",
        "title MRR@10",
        "title S@10",
        "sentence MRR@10",
        "sentence S@10",
        "nDCG@10",
        "MAP",
        "tune nDCG",
        "MAP",
        "check nDCG",
        "MAP"
    )?;
    for engine in &report.engines {
        writeln!(
            out,
            "{:<34} {:>15.3} {:>15.3} {:>15.3} {:>15.3} {:>10.3} {:>8.3} {:>10.3} {:>8.3} {:>10.3} {:>8.3}",
            engine.engine,
            engine.title.mrr_at_10,
            engine.title.success_at_10,
            engine.sentence.mrr_at_10,
            engine.sentence.success_at_10,
            engine.judged.ndcg_at_10,
            engine.judged.map,
            engine.judged_tune.ndcg_at_10,
            engine.judged_tune.map,
            engine.judged_check.ndcg_at_10,
            engine.judged_check.map
        )?;
    }
    if !no_peers && !ranking::HAS_FTS5 {
        writeln!(
            out,
            "SQLite FTS5 (porter, unicode61): build with `cargo build --features peers` (compiles SQLite) for its rows"
        )?;
    }
    Ok(())
}

fn run_stories(args: &StoriesArgs) -> anyhow::Result<()> {
    let options = newsdex::stories::GroupingOptions { window_days: args.story_window };
    let report = story_report(&args.index, options, args.sample, args.seed, args.json)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report)?;
        writeln!(out, "{json}")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} articles; {} stories of two or more ({} articles); edges: {} near-duplicate, {} event, {} refused by the span guard",
        report.articles,
        report.stories,
        report.articles_in_stories,
        report.near_duplicate_edges,
        report.event_edges,
        report.refused_by_span
    )?;
    let sizes: Vec<String> = report.sizes.iter().map(|(size, count)| format!("{size}: {count}")).collect();
    writeln!(out, "sizes (articles: stories): {}", sizes.join(", "))?;
    let line = |article: &ArticleLine| format!("{:16} {:<90} {}", article.date, article.title, article.source);
    writeln!(out, "\nstories ({} shown):", report.shown.len())?;
    for story in &report.shown {
        let how = if story.near_duplicates_only { " near-duplicates" } else { "" };
        writeln!(out, "- {} ({} articles{how})", story.story, story.articles.len())?;
        for article in &story.articles {
            writeln!(out, "    {}", line(article))?;
        }
    }
    writeln!(out, "\nnear misses ({} shown):", report.near_misses.len())?;
    for pair in &report.near_misses {
        writeln!(out, "- {:.3}\n    {}\n    {}", pair.similarity, line(&pair.a), line(&pair.b))?;
    }
    Ok(())
}

fn run_extraction(args: &ExtractionArgs) -> anyhow::Result<()> {
    let wants = |collection| args.only.is_none_or(|only| only == collection);
    let mut reports = Reports { reuters: None, meantime: None };
    if wants(Collection::Reuters) {
        let give_reuters =
            || format!("give the Reuters-21578 folder with --reuters (tried {})", args.reuters.display());
        if !args.reuters.exists() {
            return Err(super::usage(format!(
                "{} does not exist; give the Reuters-21578 folder with --reuters, or score MEANTIME alone with --only meantime",
                args.reuters.display()
            )));
        }
        let cases = eval::reuters_cases(&args.reuters).with_context(give_reuters)?;
        if cases.is_empty() {
            return Err(super::usage(format!("no Reuters articles with a body in {}", args.reuters.display())));
        }
        reports.reuters = Some(eval::evaluate(&cases, !args.no_index_timing)?);
    }
    if wants(Collection::Meantime) {
        if !args.meantime.exists() {
            return Err(super::usage(format!(
                "{} does not exist; give the MEANTIME folder with --meantime, or score Reuters-21578 alone with --only reuters",
                args.meantime.display()
            )));
        }
        let cases = meantime::meantime_cases(&args.meantime)
            .with_context(|| format!("give the MEANTIME folder with --meantime (tried {})", args.meantime.display()))?;
        reports.meantime = Some(meantime::evaluate_meantime(&cases));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        // Through a String, so a closed pipe stays an io::Error (`… --json | head` succeeds).
        let json = serde_json::to_string_pretty(&reports)?;
        writeln!(out, "{json}")?;
        return Ok(());
    }
    if let Some(report) = &reports.reuters {
        write_text(&mut out, report, args.verbose)?;
    }
    if let Some(report) = &reports.meantime {
        if reports.reuters.is_some() {
            writeln!(out)?;
        }
        write_meantime(&mut out, report, args.verbose)?;
    }
    Ok(())
}

fn write_text(out: &mut impl Write, report: &ExtractionReport, verbose: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "Reuters-21578, {} articles with a body; gold DATE, PLACES, PEOPLE, ORGS and DATELINE hidden",
        report.articles
    )?;
    writeln!(out, "{:<34} {:>9} {:>9} {:>22}", "field", "precision", "recall", "counts")?;
    let score_row = |out: &mut dyn Write, name: &str, score: &Score| {
        writeln!(
            out,
            "{name:<34} {:>9.3} {:>9.3} {:>22}",
            score.precision,
            score.recall,
            format!("{}/{} of {}/{}", score.true_positives, score.extracted, score.found, score.gold)
        )
    };
    score_row(out, "places (countries)", &report.places)?;
    score_row(out, "people (surnames, gold in text)", &report.people)?;
    score_row(out, "orgs", &report.orgs)?;
    score_row(out, "orgs, companies left out", &report.orgs_without_companies)?;
    let accuracy_row = |out: &mut dyn Write, name: &str, accuracy: &Accuracy| {
        writeln!(
            out,
            "{name:<34} {:>9} {:>9.3} {:>22}",
            "accuracy",
            accuracy.accuracy,
            format!("{}/{}", accuracy.correct, accuracy.total)
        )
    };
    accuracy_row(out, "dateline location", &report.location)?;
    accuracy_row(out, "date month-day (*)", &report.date_month_day)?;
    accuracy_row(out, "date month-day, New York day (*)", &report.date_month_day_as_stamped)?;
    writeln!(out, "(*) reference date = gold DATE, so only the month and day extraction is tested, not the year;")?;
    writeln!(
        out,
        "    gold DATE is stamped in New York (US Eastern) and is compared on the dateline place's calendar \
         (state or provincial zone, else solar time), or as stamped"
    )?;
    if let Some(speed) = &report.speed {
        writeln!(out, "extraction alone: {:.0} articles/s (one thread)", speed.extract_articles_per_second)?;
        if speed.index_articles_per_second > 0.0 {
            let cost = 1.0 - speed.index_with_extraction_articles_per_second / speed.index_articles_per_second;
            writeln!(
                out,
                "indexing in memory, one thread: {:.0} articles/s without extraction, {:.0} with ({:.0}% slower)",
                speed.index_articles_per_second,
                speed.index_with_extraction_articles_per_second,
                cost * 100.0
            )?;
        }
    }
    if verbose {
        writeln!(out, "\nplaces, top false positives (extracted, not in gold):")?;
        for (place, count) in &report.places_false_positives {
            writeln!(out, "  {count:>6}  {place}")?;
        }
        writeln!(out, "places, top false negatives (gold, not extracted):")?;
        for (place, count) in &report.places_false_negatives {
            writeln!(out, "  {count:>6}  {place}")?;
        }
        writeln!(out, "datelines of articles with a missed gold country:")?;
        for (place, count) in &report.places_false_negative_datelines {
            writeln!(out, "  {count:>6}  {place}")?;
        }
        writeln!(out, "dateline location errors (gold → extracted):")?;
        for (error, count) in &report.location_errors {
            writeln!(out, "  {count:>6}  {error}")?;
        }
    }
    Ok(())
}

fn write_meantime(out: &mut impl Write, report: &MeantimeReport, verbose: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "MEANTIME, {} Wikinews articles; entities on annotated/ (headline + first sentences), date on full/",
        report.articles
    )?;
    writeln!(out, "{:<34} {:>9} {:>9} {:>22}", "field", "precision", "recall", "counts")?;
    for (name, score) in [
        ("people", &report.people),
        ("orgs (companies included)", &report.orgs),
        ("places (loose gold, see README)", &report.places),
    ] {
        writeln!(
            out,
            "{name:<34} {:>9.3} {:>9.3} {:>22}",
            score.precision,
            score.recall,
            format!("{}/{} of {}/{}", score.true_positives, score.extracted, score.found, score.gold)
        )?;
    }
    writeln!(
        out,
        "{:<34} {:>9} {:>9.3} {:>22}",
        "date",
        "accuracy",
        report.date.accuracy,
        format!("{}/{}", report.date.correct, report.date.total)
    )?;
    if verbose {
        for (title, list) in [
            ("people extracted, not annotated:", &report.people_false_positives),
            ("people annotated, not extracted:", &report.people_false_negatives),
            ("orgs extracted, not annotated:", &report.orgs_false_positives),
            ("orgs annotated, not extracted:", &report.orgs_false_negatives),
            ("places extracted, not annotated:", &report.places_false_positives),
            ("places annotated, not extracted:", &report.places_false_negatives),
        ] {
            writeln!(out, "{title}")?;
            for (name, count) in list {
                writeln!(out, "  {count:>6}  {name}")?;
            }
        }
        writeln!(out, "wrong dates (gold → extracted):")?;
        for error in &report.date_errors {
            writeln!(out, "  {error}")?;
        }
    }
    Ok(())
}
