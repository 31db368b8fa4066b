//! The `index` pipeline: walk → read → extract → write, committed once at the end, with progress
//! events for the CLI. A run that is killed or fails before the commit leaves the previous index as
//! it was, and searchable.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::{self, Entities, ExtractContext, Taxonomy};
use crate::guard::{self, InternalError, Stage};
use crate::index::lock::IndexLock;
use crate::index::writer::{self, ArticleWriter};
use crate::index::{self, MANIFEST_FILE};
use crate::manifest::Manifest;
use crate::read::{self, Format, ReadError, Skipped};
use crate::stories::{self, StoryTable};
use crate::walk::{self, Candidate};

/// What `newsdex index` was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexOptions {
    /// Folders (or single files) to index.
    pub roots: Vec<PathBuf>,
    /// The index folder; created when missing.
    pub index_dir: PathBuf,
    /// Start over: every file is read again and nothing of the old index is kept.
    pub rebuild: bool,
    /// Threads for reading and for tantivy's writer; 0 means one per core.
    pub threads: usize,
    /// Memory tantivy may use for buffering before it writes a segment, in bytes.
    pub memory_budget: usize,
    /// Gives a year to dates without one when the file name has no date (default: the file's mtime).
    pub reference_date: Option<DateTime<Utc>>,
    /// Topic taxonomy for articles that give no topics (`--taxonomy FILE`); `None` is the bundled one.
    pub taxonomy: Option<Arc<Taxonomy>>,
    /// The user's aliases and exclusions for people, organizations and places (`--entities FILE`).
    pub entities: Option<Arc<Entities>>,
    /// Days two dated write-ups of one event may lie apart to share a story (`--story-window`;
    /// [`stories::DEFAULT_WINDOW_DAYS`]).
    pub story_window_days: u32,
}

/// Progress of a run, for progress bars.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The walk is done: this many files (and bytes) will be read.
    Planned {
        /// Files to read.
        files: usize,
        /// Size of the files to read, bytes.
        bytes: u64,
        /// Files unchanged since the last run, not read again.
        unchanged: usize,
        /// Files gone since the last run, whose articles are removed.
        gone: usize,
    },
    /// Part of a large file was read and its articles queued (JSON Lines, a batch at a time): these
    /// bytes and articles are new since the file's previous event.
    FileProgress {
        /// Bytes read since the file's previous event.
        bytes: u64,
        /// Articles queued since the file's previous event.
        articles: usize,
    },
    /// One file was read and its articles queued: the bytes and articles not yet told by a
    /// [`Event::FileProgress`] (the whole file for formats read at once).
    FileDone {
        /// Bytes of the file not told by an earlier event.
        bytes: u64,
        /// Articles of the file not told by an earlier event.
        articles: usize,
    },
    /// Everything is queued; the commit is being written.
    Committing,
    /// The commit is written; the stories are being regrouped.
    Grouping,
}

/// A warning about a file that was indexed all the same.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// The file the warning is about.
    pub path: PathBuf,
    /// What to tell the user.
    pub message: String,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Articles indexed by this run.
    pub articles_indexed: usize,
    /// Files read and indexed by this run (a file that failed is in `skipped` instead).
    pub files_read: usize,
    /// Files left as they were: unchanged since the last run.
    pub files_unchanged: usize,
    /// Files gone since the last run, whose articles were removed from the index.
    pub files_removed: usize,
    /// Files of types newsdex does not read.
    pub files_ignored: usize,
    /// Files (or parts of files, with a line) that were not indexed, and why.
    pub skipped: Vec<Skipped>,
    /// Warnings about files indexed all the same.
    pub warnings: Vec<Warning>,
    /// Size of the files read and indexed by this run, bytes.
    pub bytes_read: u64,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Size of the index folder after the run (files directly inside it), bytes.
    pub index_bytes: u64,
    /// Articles in the index after the run.
    pub total_articles: u64,
    /// False when nothing had changed and no commit was needed.
    pub committed: bool,
    /// Stories of two or more articles in the index after the run (0 when grouping failed: see
    /// `warnings`).
    pub stories: usize,
    /// Articles in those stories.
    pub articles_in_stories: usize,
}

/// One file's outcome, from the reading threads.
struct FileOutcome {
    candidate: Candidate,
    articles: usize,
    result: std::result::Result<Vec<Warning>, Skipped>,
    partial: Vec<Skipped>,
}

/// Runs the pipeline; `on_event` is called from several threads.
pub fn run(options: &IndexOptions, on_event: impl Fn(&Event) + Sync) -> Result<Summary> {
    let started = Instant::now();
    // Held until the run ends: a second run on this index is refused at once.
    let mut lock = IndexLock::acquire(&options.index_dir)?;
    let index = open_index(&options.index_dir, options.rebuild)?;
    let manifest_path = options.index_dir.join(MANIFEST_FILE);
    let committed_opstamp = index.load_metas().map(|metas| metas.opstamp).unwrap_or(0);
    let mut manifest = Manifest::load(&manifest_path)?;
    // A manifest from another commit (a run killed between commit and manifest) cannot be trusted:
    // start over, which is always correct.
    let stale_manifest = manifest.opstamp != committed_opstamp && committed_opstamp != 0;
    let rebuild = options.rebuild || stale_manifest;
    if rebuild {
        manifest = Manifest::default();
    }
    let walked = walk::walk(&options.roots, &options.index_dir);
    let plan = walk::plan(&walked, &options.roots, &manifest, rebuild);
    let bytes_to_read: u64 = plan.to_read.iter().map(|candidate| candidate.stamp.size).sum();
    on_event(&Event::Planned {
        files: plan.to_read.len(),
        bytes: bytes_to_read,
        unchanged: plan.unchanged.len(),
        gone: plan.gone.len(),
    });
    let threads = if options.threads == 0 { default_threads() } else { options.threads };
    let writer = ArticleWriter::new(&index, threads, options.memory_budget)?;
    if rebuild {
        writer.delete_all()?;
    }
    for path in &plan.gone {
        writer.delete_path(&path.to_string_lossy());
    }
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| Error::ThreadPool { threads, source })?;
    let outcomes: Vec<FileOutcome> = pool.install(|| {
        plan.to_read
            .par_iter()
            .map(|candidate| index_file(candidate, &writer, options, &first_error, &on_event))
            .collect()
    });
    if let Some(error) = first_error.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
        return Err(error);
    }

    let mut summary = Summary {
        files_unchanged: plan.unchanged.len(),
        files_removed: plan.gone.len(),
        files_ignored: walked.ignored,
        skipped: walked.skipped,
        ..Summary::default()
    };
    for path in &plan.gone {
        manifest.files.remove(path);
    }
    for outcome in outcomes {
        summary.skipped.extend(outcome.partial);
        match outcome.result {
            Ok(warnings) => {
                summary.files_read += 1;
                summary.articles_indexed += outcome.articles;
                summary.bytes_read += outcome.candidate.stamp.size;
                summary.warnings.extend(warnings);
                manifest.files.insert(outcome.candidate.path, outcome.candidate.stamp);
            }
            // The file's earlier articles, if any, stay indexed, and its old stamp stays in the
            // manifest, so the next run tries it again.
            Err(skipped) => summary.skipped.push(skipped),
        }
    }
    summary.skipped.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));

    let changed = rebuild || !plan.to_read.is_empty() || !plan.gone.is_empty();
    if changed {
        on_event(&Event::Committing);
        lock.note_phase("committing");
        // A panic here leaves the previous commit as it was: tantivy switches commits by renaming
        // meta.json, the last step.
        manifest.opstamp = guard::guarded(Stage::Commit, || writer.commit())??;
        manifest.save(&manifest_path)?;
        summary.committed = true;
    } else {
        drop(writer);
    }
    // Regrouped after every commit, and when the table on disk is another commit's (a run killed
    // after its commit) or another window's. A failure costs a warning: search recomputes it.
    let options_grouping = stories::GroupingOptions { window_days: options.story_window_days };
    let table = StoryTable::read(&options.index_dir).filter(|table| {
        !changed && table.opstamp == committed_opstamp && table.window_days == Some(options.story_window_days)
    });
    let table = match table {
        Some(table) => Some(table),
        None => {
            on_event(&Event::Grouping);
            lock.note_phase("grouping stories");
            let grouped = guard::guarded(Stage::Grouping, || {
                guard::inject_fault(Stage::Grouping, "");
                let table = stories::regroup_index(&index, options_grouping)?;
                table.write(&options.index_dir)?;
                Ok::<_, Error>(table)
            });
            match grouped {
                Ok(Ok(table)) => Some(table),
                Ok(Err(error)) => {
                    summary.warnings.push(grouping_warning(&options.index_dir, &error.to_string()));
                    None
                }
                Err(internal) => {
                    summary.warnings.push(grouping_warning(&options.index_dir, &internal.to_string()));
                    None
                }
            }
        }
    };
    if let Some(table) = table {
        summary.stories = table.stories().count();
        summary.articles_in_stories = table.stories().map(|(_, size)| size).sum();
    }
    summary.total_articles = count_articles(&index)?;
    summary.index_bytes = index::size_on_disk(&options.index_dir);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The warning of a grouping that failed: the index is committed all the same.
fn grouping_warning(index_dir: &Path, reason: &str) -> Warning {
    Warning {
        path: index_dir.to_path_buf(),
        message: format!("stories were not grouped ({reason}); searches will group them when they first need them"),
    }
}

/// Reads one file, extracts what it lacks and queues its articles, replacing its earlier ones.
fn index_file(
    candidate: &Candidate,
    writer: &ArticleWriter,
    options: &IndexOptions,
    first_error: &Mutex<Option<Error>>,
    on_event: &(impl Fn(&Event) + Sync),
) -> FileOutcome {
    if read::format_of(&candidate.path) == Some(Format::JsonLines) {
        return index_json_lines(candidate, writer, options, first_error, on_event);
    }
    let outcome = index_whole_file(candidate, writer, options, first_error);
    on_event(&Event::FileDone { bytes: candidate.stamp.size, articles: outcome.articles });
    outcome
}

/// What extraction knows about a file: its reference date (its mtime, unless given) and taxonomy.
fn extract_context(candidate: &Candidate, options: &IndexOptions) -> ExtractContext {
    ExtractContext {
        reference_date: Some(reference_date(candidate, options.reference_date)),
        taxonomy: options.taxonomy.clone(),
        entities: options.entities.clone(),
    }
}

/// Indexes a JSON Lines file a batch of lines at a time (parsed and extracted in parallel), so
/// memory holds one batch, not the file.
fn index_json_lines(
    candidate: &Candidate,
    writer: &ArticleWriter,
    options: &IndexOptions,
    first_error: &Mutex<Option<Error>>,
    on_event: &(impl Fn(&Event) + Sync),
) -> FileOutcome {
    let context = extract_context(candidate, options);
    let path_key = candidate.path.to_string_lossy();
    let mut deleted = false;
    let mut articles = 0;
    let mut bytes_told: u64 = 0;
    let mut failed: Vec<Skipped> = Vec::new();
    let streamed = guard::guarded(Stage::Reading, || {
        guard::inject_fault(Stage::Reading, &path_key);
        read::stream_json_lines(&candidate.path, read::JSON_LINES_BATCH, |batch, bytes| {
            let batch = extract_all(batch, &context, &mut failed);
            // The file's earlier articles go with its first article, so a file that gives none
            // keeps them, as with files read at once.
            if !deleted && !batch.is_empty() {
                writer.delete_path(&path_key);
                deleted = true;
            }
            let (added, flow) = add_all(writer, &batch, first_error, &mut failed);
            articles += added;
            bytes_told += bytes;
            on_event(&Event::FileProgress { bytes, articles: added });
            flow
        })
    });
    on_event(&Event::FileDone { bytes: candidate.stamp.size.saturating_sub(bytes_told), articles: 0 });
    match streamed {
        Err(internal) => skipped_outcome(candidate, internal_skip(&candidate.path, None, &internal)),
        Ok(Err(skipped)) => skipped_outcome(candidate, skipped),
        Ok(Ok(_)) if articles == 0 && !failed.is_empty() => all_failed_outcome(candidate, failed),
        Ok(Ok(streamed)) => {
            let mut outcome = read_outcome(candidate, articles, streamed.problems, streamed.warnings);
            outcome.partial.extend(failed);
            outcome
        }
    }
}

/// Reads a whole file at once, then extracts and queues its articles.
fn index_whole_file(
    candidate: &Candidate,
    writer: &ArticleWriter,
    options: &IndexOptions,
    first_error: &Mutex<Option<Error>>,
) -> FileOutcome {
    let file_read = match read_guarded(&candidate.path) {
        Ok(file_read) => file_read,
        Err(skipped) => return skipped_outcome(candidate, skipped),
    };
    let context = extract_context(candidate, options);
    let mut failed = Vec::new();
    let extracted = extract_all(file_read.articles, &context, &mut failed);
    if extracted.is_empty() && !failed.is_empty() {
        return all_failed_outcome(candidate, failed);
    }
    writer.delete_path(&candidate.path.to_string_lossy());
    let (articles, _) = add_all(writer, &extracted, first_error, &mut failed);
    let mut outcome = read_outcome(candidate, articles, file_read.problems, file_read.warnings);
    outcome.partial.extend(failed);
    outcome
}

/// Reads the file at `path` under [`guard`]: a panic in a reader is that file's skip.
pub fn read_guarded(path: &Path) -> std::result::Result<read::FileRead, Skipped> {
    let path_key = path.to_string_lossy();
    let read = guard::guarded(Stage::Reading, || {
        guard::inject_fault(Stage::Reading, &path_key);
        read::read_path(path)
    });
    read.unwrap_or_else(|internal| Err(internal_skip(path, None, &internal)))
}

/// Extracts one article under [`guard`]: a panic is that article's skip, its line or position named.
pub fn extract_guarded(article: &mut Article, context: &ExtractContext) -> std::result::Result<(), Skipped> {
    let extracted = guard::guarded(Stage::Extraction, || {
        guard::inject_fault(Stage::Extraction, &article.body);
        extract::extract(article, context);
    });
    extracted.map_err(|internal| article_skip(article, &internal))
}

/// Extracts every article (in parallel); an article whose extraction panics is left out and
/// reported in `failed`, the others go on.
fn extract_all(mut articles: Vec<Article>, context: &ExtractContext, failed: &mut Vec<Skipped>) -> Vec<Article> {
    let outcomes: Vec<std::result::Result<(), Skipped>> =
        articles.par_iter_mut().map(|article| extract_guarded(article, context)).collect();
    let mut kept = Vec::with_capacity(articles.len());
    for (article, outcome) in articles.into_iter().zip(outcomes) {
        match outcome {
            Ok(()) => kept.push(article),
            Err(skipped) => failed.push(skipped),
        }
    }
    kept
}

/// Queues articles until the writer fails; the first failure of the run is kept in `first_error`.
/// An article whose conversion panics is reported in `failed` and the others go on. Returns how
/// many were queued, and whether to go on.
fn add_all(
    writer: &ArticleWriter,
    articles: &[Article],
    first_error: &Mutex<Option<Error>>,
    failed: &mut Vec<Skipped>,
) -> (usize, ControlFlow<()>) {
    let mut added = 0;
    for article in articles {
        let queued = guard::guarded(Stage::Writing, || {
            guard::inject_fault(Stage::Writing, &article.body);
            writer.add(article)
        });
        match queued {
            Ok(Ok(())) => added += 1,
            Ok(Err(error)) => {
                first_error.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get_or_insert(error);
                return (added, ControlFlow::Break(()));
            }
            Err(internal) => failed.push(article_skip(article, &internal)),
        }
    }
    (added, ControlFlow::Continue(()))
}

/// A panic in `path`'s processing, reported as a skip (of the line, when known).
fn internal_skip(path: &Path, line: Option<usize>, internal: &InternalError) -> Skipped {
    Skipped { path: path.to_path_buf(), line, reason: internal.to_string() }
}

/// A panic in one article's processing: the article is skipped, its line or position named.
fn article_skip(article: &Article, internal: &InternalError) -> Skipped {
    let line = article.line.map(|line| line as usize);
    let mut skipped = internal_skip(&article.path, line, internal);
    if line.is_none() && article.ordinal > 0 {
        skipped.reason = format!("article #{}: {}", article.ordinal + 1, skipped.reason);
    }
    skipped
}

/// A file every article of which failed: skipped as a whole, so its earlier articles stay indexed
/// and the next run tries it again.
fn all_failed_outcome(candidate: &Candidate, mut failed: Vec<Skipped>) -> FileOutcome {
    let first = failed.remove(0);
    let more = match failed.len() {
        0 => String::new(),
        1 => " (and 1 more article)".to_string(),
        more => format!(" (and {more} more articles)"),
    };
    let reason = format!("{}{more}", first.reason);
    skipped_outcome(candidate, Skipped { path: candidate.path.clone(), line: first.line, reason })
}

/// The outcome of a file that was read: its parts that could not be, and its warnings, with its path.
fn read_outcome(
    candidate: &Candidate,
    articles: usize,
    problems: Vec<ReadError>,
    warnings: Vec<String>,
) -> FileOutcome {
    let path = &candidate.path;
    let partial = problems
        .into_iter()
        .map(|problem| Skipped { path: path.clone(), line: problem.line, reason: problem.reason })
        .collect();
    let warnings = warnings.into_iter().map(|message| Warning { path: path.clone(), message }).collect();
    FileOutcome { candidate: candidate.clone(), articles, result: Ok(warnings), partial }
}

/// The outcome of a file that could not be read at all.
fn skipped_outcome(candidate: &Candidate, skipped: Skipped) -> FileOutcome {
    FileOutcome { candidate: candidate.clone(), articles: 0, result: Err(skipped), partial: Vec::new() }
}

/// The date that gives a year to dates written without one (`SALVADOR, Feb 26 -`): a date in the file
/// name (`2025-08-14-arequipa.txt`, as archives name files), else `flag` (`--reference-date`), else the
/// file's modification time.
pub fn reference_date(candidate: &Candidate, flag: Option<DateTime<Utc>>) -> DateTime<Utc> {
    let from_name = candidate.path.file_name().and_then(|name| date_in_name(&name.to_string_lossy()));
    let modified = || DateTime::<Utc>::from(UNIX_EPOCH + Duration::from_nanos(candidate.stamp.modified_ns));
    from_name.or(flag).unwrap_or_else(modified)
}

/// The first `YYYY-MM-DD` in a file name that is a real date, at noon UTC.
fn date_in_name(name: &str) -> Option<DateTime<Utc>> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|start| {
        let candidate = name.get(start..start + 10)?;
        let shape_ok = candidate.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
        let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
        let digit_after = bytes.get(start + 10).is_some_and(u8::is_ascii_digit);
        if !shape_ok || digit_before || digit_after {
            return None;
        }
        let date = chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d").ok()?;
        Some(date.and_hms_opt(12, 0, 0)?.and_utc())
    })
}

/// Opens the index; with `rebuild`, an index of another schema version is removed first.
fn open_index(dir: &Path, rebuild: bool) -> Result<tantivy::Index> {
    match writer::open_or_create(dir) {
        Err(Error::SchemaMismatch { .. }) if rebuild => {
            remove_index_files(dir)?;
            writer::open_or_create(dir)
        }
        Err(Error::SchemaMismatch { path, found, expected }) => Err(Error::SchemaMismatch { path, found, expected }),
        other => other,
    }
}

/// Removes tantivy's files (and the manifest) from the index folder, leaving anything else.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::io("list the index folder", dir, source))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_index_file = name == "meta.json"
            || name == ".managed.json"
            || name == MANIFEST_FILE
            || name.starts_with(".tantivy")
            || [".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm", ".del"].iter().any(|ext| name.ends_with(ext));
        if is_index_file {
            std::fs::remove_file(entry.path())
                .map_err(|source| Error::io("remove an old index file", entry.path(), source))?;
        }
    }
    Ok(())
}

fn count_articles(index: &tantivy::Index) -> Result<u64> {
    let reader =
        index.reader().map_err(|source| Error::tantivy("cannot reopen the index to count articles", source))?;
    Ok(reader.searcher().num_docs())
}

/// One thread per core.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map(usize::from).unwrap_or(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_file_names() {
        let noon = |text: &str| {
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|d| d.and_utc())
        };
        assert_eq!(date_in_name("2025-08-14-arequipa-earthquake.txt"), noon("2025-08-14"));
        assert_eq!(date_in_name("wire_1987-02-26.sgm"), noon("1987-02-26"));
        assert_eq!(date_in_name("2025-13-14-x.txt"), None, "no month 13");
        assert_eq!(date_in_name("12025-08-14.txt"), None, "part of a longer number");
        assert_eq!(date_in_name("lisbon-azulejo-restoration.txt"), None);
    }

    #[test]
    fn file_name_beats_flag_beats_mtime() {
        let stamp = crate::manifest::FileStamp { size: 1, modified_ns: 1_700_000_000_000_000_000 };
        let named = Candidate { path: "/a/2025-08-14-x.txt".into(), stamp };
        let plain = Candidate { path: "/a/x.txt".into(), stamp };
        let flag = DateTime::parse_from_rfc3339("2020-01-01T12:00:00Z").ok().map(|d| d.with_timezone(&Utc));
        assert_eq!(reference_date(&named, flag).date_naive().to_string(), "2025-08-14");
        assert_eq!(reference_date(&plain, flag), flag.expect("flag"));
        assert_eq!(reference_date(&plain, None).date_naive().to_string(), "2023-11-14");
    }
}
