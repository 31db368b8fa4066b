//! `newsdex index [DIR...]`: args → options → `ingest::run` with a progress bar → summary on
//! stdout, skipped files and warnings on stderr. A run that skipped files exits with
//! [`EXIT_SKIPPED`](super::EXIT_SKIPPED) unless `--allow-skips`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsdex::extract::entities::EntitiesError;
use newsdex::extract::topics::TaxonomyError;
use newsdex::extract::{Entities, Taxonomy};
use newsdex::ingest::{self, Event, IndexOptions, Summary};
use newsdex::read::Skipped;

use super::{Outcome, usage};

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (or files) to index
    #[arg(default_value = "corpus")]
    pub dirs: Vec<PathBuf>,
    /// Index folder
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Start over: re-read every file and drop everything else from the index
    #[arg(long)]
    pub rebuild: bool,
    /// Threads for reading and indexing (default: one per core)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Memory budget of the index writer, in MiB (bounded, whatever the corpus size)
    #[arg(long, default_value_t = 256)]
    pub memory_mb: usize,
    /// Date that gives a year to dates written without one (default: each file's modification time)
    #[arg(long, value_parser = parse_reference_date)]
    pub reference_date: Option<DateTime<Utc>>,
    /// Topic taxonomy (TOML) for articles that give no topics (default: the bundled IPTC-like one)
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Aliases and exclusions for people, organizations and places (TOML; format in the README)
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Days two dated write-ups of one event may lie apart and share a story
    #[arg(long, value_name = "DAYS", default_value_t = newsdex::stories::DEFAULT_WINDOW_DAYS)]
    pub story_window: u32,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
    /// Exit 0 when files or articles were skipped (default: exit 3, after listing them on stderr)
    #[arg(long)]
    pub allow_skips: bool,
}

pub(crate) fn parse_reference_date(value: &str) -> Result<DateTime<Utc>, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|date| date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
        .map_err(|error| format!("{error}; write the date as 2025-10-31"))
}

pub fn run(args: &IndexArgs) -> anyhow::Result<Outcome> {
    for dir in &args.dirs {
        if !dir.exists() {
            return Err(usage(format!(
                "{} does not exist; give a folder of articles, e.g. `newsdex index corpus`",
                dir.display()
            )));
        }
    }
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let entities = load_entities(args.entities.as_deref())?;
    let options = IndexOptions {
        roots: args.dirs.clone(),
        index_dir: args.index.clone(),
        rebuild: args.rebuild,
        threads: args.threads,
        memory_budget: args.memory_mb.max(16) << 20,
        reference_date: args.reference_date,
        taxonomy,
        entities,
        story_window_days: args.story_window,
    };
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, ETA {eta}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let files_done = std::sync::atomic::AtomicUsize::new(0);
    let articles_done = std::sync::atomic::AtomicUsize::new(0);
    let summary = ingest::run(&options, |event| match event {
        Event::Planned { bytes, .. } => bar.set_length(*bytes),
        Event::FileDone { bytes, articles } => {
            use std::sync::atomic::Ordering::Relaxed;
            let files = files_done.fetch_add(1, Relaxed) + 1;
            let total_articles = articles_done.fetch_add(*articles, Relaxed) + articles;
            bar.inc(*bytes);
            bar.set_message(format!("{files} files, {total_articles} articles"));
        }
        Event::FileProgress { bytes, articles } => {
            use std::sync::atomic::Ordering::Relaxed;
            let files = files_done.load(Relaxed);
            let total_articles = articles_done.fetch_add(*articles, Relaxed) + articles;
            bar.inc(*bytes);
            bar.set_message(format!("{files} files, {total_articles} articles"));
        }
        Event::Committing => bar.set_message("committing"),
        Event::Grouping => bar.set_message("grouping stories"),
    })
    .with_context(|| {
        format!("indexing into {} failed; the previous index (if any) is unchanged", args.index.display())
    })?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        write_summary(&mut out, &summary, &args.index)?;
    }
    out.flush()?;
    let mut errors = std::io::stderr().lock();
    for skipped in &summary.skipped {
        write_skipped(&mut errors, skipped)?;
    }
    for warning in &summary.warnings {
        write_warning(&mut errors, &warning.path, &warning.message)?;
    }
    Ok(skips_outcome(&mut errors, summary.skipped.len(), args.allow_skips, "the rest is indexed")?)
}

/// [`Outcome::Skipped`] when something was skipped and the user did not allow it, saying so on
/// `errors` after the skip lines; `rest` says what became of the other files.
pub(crate) fn skips_outcome(
    errors: &mut impl Write,
    skipped: usize,
    allow_skips: bool,
    rest: &str,
) -> std::io::Result<Outcome> {
    if skipped == 0 || allow_skips {
        return Ok(Outcome::Done);
    }
    let plural = if skipped == 1 { "" } else { "s" };
    writeln!(
        errors,
        "newsdex: {skipped} file{plural} or article{plural} skipped, listed above; {rest} \
         (exit code {}; --allow-skips exits 0)",
        super::EXIT_SKIPPED
    )?;
    Ok(Outcome::Skipped)
}

/// One skip line: `skipped PATH[:LINE]: REASON`.
pub(crate) fn write_skipped(errors: &mut impl Write, skipped: &Skipped) -> std::io::Result<()> {
    let line = skipped.line.map(|line| format!(":{line}")).unwrap_or_default();
    writeln!(errors, "skipped {}{line}: {}", skipped.path.display(), skipped.reason)
}

/// One warning line: `warning PATH: MESSAGE`.
pub(crate) fn write_warning(errors: &mut impl Write, path: &std::path::Path, message: &str) -> std::io::Result<()> {
    writeln!(errors, "warning {}: {message}", path.display())
}

/// The taxonomy of `--taxonomy FILE`, shared by the reading threads; `None` for the bundled one.
pub(crate) fn load_taxonomy(path: Option<&std::path::Path>) -> anyhow::Result<Option<Arc<Taxonomy>>> {
    let Some(path) = path else { return Ok(None) };
    let advice = "fix it or leave out --taxonomy for the bundled one";
    if !path.exists() {
        return Err(usage(format!("the taxonomy {} does not exist; {advice}", path.display())));
    }
    let taxonomy = Taxonomy::load(path).map_err(|error| match error {
        TaxonomyError::Invalid { .. } => usage(format!("{error}; {advice}")),
        TaxonomyError::Read { .. } => anyhow::Error::new(error).context(format!("cannot use --taxonomy; {advice}")),
    })?;
    Ok(Some(Arc::new(taxonomy)))
}

/// The entities file of `--entities FILE`, shared by the reading threads.
pub(crate) fn load_entities(path: Option<&std::path::Path>) -> anyhow::Result<Option<Arc<Entities>>> {
    let Some(path) = path else { return Ok(None) };
    let advice = "fix it or leave out --entities";
    if !path.exists() {
        return Err(usage(format!("the entities file {} does not exist; {advice}", path.display())));
    }
    let entities = Entities::load(path).map_err(|error| match error {
        EntitiesError::Invalid { .. } => usage(format!("{error}; {advice}")),
        EntitiesError::Read { .. } => anyhow::Error::new(error).context(format!("cannot use --entities; {advice}")),
    })?;
    Ok(Some(Arc::new(entities)))
}

fn write_summary(out: &mut impl Write, summary: &Summary, index: &std::path::Path) -> std::io::Result<()> {
    let seconds = summary.elapsed.as_secs_f64();
    let rate = if seconds > 0.0 { summary.articles_indexed as f64 / seconds } else { 0.0 };
    writeln!(
        out,
        "indexed {} articles from {} files in {:.2} s ({:.0} articles/s, {:.1} MB read)",
        summary.articles_indexed,
        summary.files_read,
        seconds,
        rate,
        summary.bytes_read as f64 / 1e6
    )?;
    writeln!(
        out,
        "unchanged files: {}, removed files: {}, skipped: {}, other file types ignored: {}",
        summary.files_unchanged,
        summary.files_removed,
        summary.skipped.len(),
        summary.files_ignored
    )?;
    writeln!(
        out,
        "index {}: {} articles, {:.1} MB{}",
        index.display(),
        summary.total_articles,
        summary.index_bytes as f64 / 1e6,
        if summary.committed { "" } else { " (nothing changed)" }
    )?;
    writeln!(out, "stories of two or more articles: {} ({} articles)", summary.stories, summary.articles_in_stories)
}
