//! `newsdex extract PATH...`: each article as newsdex would index it (read + extract, no index),
//! as text or one JSON object a line; skipped files and warnings go to stderr. As `index`, a run
//! that skipped files exits with [`EXIT_SKIPPED`](super::EXIT_SKIPPED) unless `--allow-skips`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Args;
use serde::Serialize;

use newsdex::article::{Article, MetaField};
use newsdex::extract::topics::TopicScore;
use newsdex::extract::{ExtractContext, Taxonomy};
use newsdex::ingest;
use newsdex::read::{self, Skipped};
use newsdex::walk;

use super::Outcome;
use super::index::{skips_outcome, write_skipped, write_warning};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders of articles (.txt, .md, .json, .jsonl, .sgm)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object a line: the article as it would be indexed, with `extracted` and `topic_scores`
    #[arg(long)]
    pub json: bool,
    /// Topic taxonomy (TOML) for articles that give no topics (default: the bundled IPTC-like one)
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Aliases and exclusions for people, organizations and places (TOML; format in the README)
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
    /// Date that gives a year to dates written without one (default: each file's modification time)
    #[arg(long, value_parser = super::index::parse_reference_date)]
    pub reference_date: Option<DateTime<Utc>>,
    /// Exit 0 when files or articles were skipped (default: exit 3, after listing them on stderr)
    #[arg(long)]
    pub allow_skips: bool,
}

/// One line of `--json` output.
#[derive(Debug, Serialize)]
struct ExtractedArticle<'a> {
    #[serde(flatten)]
    article: &'a Article,
    /// The taxonomy's scores of the extracted topics, best first; empty when the file gave topics.
    topic_scores: Vec<TopicScore>,
    /// ISO 3166 alpha-2 code of each place's country, parallel to `places`.
    place_countries: Vec<Option<&'static str>>,
}

pub fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    for path in &args.paths {
        if !path.exists() {
            return Err(super::usage(format!("{} does not exist; give files or folders of articles", path.display())));
        }
    }
    let taxonomy = super::index::load_taxonomy(args.taxonomy.as_deref())?;
    let entities = super::index::load_entities(args.entities.as_deref())?;
    let mut out = std::io::stdout().lock();
    let mut errors = std::io::stderr().lock();
    let mut skips = 0;
    let mut report = |errors: &mut std::io::StderrLock, skipped: &Skipped| {
        skips += 1;
        write_skipped(errors, skipped)
    };
    for path in &args.paths {
        if path.is_file() && read::format_of(path).is_none() {
            report(&mut errors, &Skipped { path: path.clone(), line: None, reason: "unsupported file type".into() })?;
        }
    }
    // The default index folder is not articles.
    let walked = walk::walk(&args.paths, Path::new("index"));
    for skipped in &walked.skipped {
        report(&mut errors, skipped)?;
    }
    for candidate in &walked.files {
        let file_read = match ingest::read_guarded(&candidate.path) {
            Ok(file_read) => file_read,
            Err(skipped) => {
                report(&mut errors, &skipped)?;
                continue;
            }
        };
        for problem in &file_read.problems {
            let skipped = Skipped { path: candidate.path.clone(), line: problem.line, reason: problem.reason.clone() };
            report(&mut errors, &skipped)?;
        }
        for warning in &file_read.warnings {
            write_warning(&mut errors, &candidate.path, warning)?;
        }
        let context = ExtractContext {
            reference_date: Some(ingest::reference_date(candidate, args.reference_date)),
            taxonomy: taxonomy.clone(),
            entities: entities.clone(),
        };
        for mut article in file_read.articles {
            if let Err(skipped) = ingest::extract_guarded(&mut article, &context) {
                report(&mut errors, &skipped)?;
                continue;
            }
            let topic_scores = topic_scores(&article, taxonomy.as_ref());
            if args.json {
                // As an io::Error, a closed pipe (`newsdex extract … | head`) is recognised as one.
                serde_json::to_writer(
                    &mut out,
                    &ExtractedArticle {
                        article: &article,
                        topic_scores,
                        place_countries: newsdex::tags::place_country_codes(&article.places),
                    },
                )
                .map_err(std::io::Error::from)?;
                writeln!(out)?;
            } else {
                write_article(&mut out, &article, &topic_scores)?;
            }
        }
    }
    out.flush()?;
    Ok(skips_outcome(&mut errors, skips, args.allow_skips, "the others are printed")?)
}

/// The scores behind extracted topics (none when the file gave its topics).
fn topic_scores(article: &Article, taxonomy: Option<&Arc<Taxonomy>>) -> Vec<TopicScore> {
    if !article.is_extracted(MetaField::Topics) {
        return Vec::new();
    }
    let taxonomy = taxonomy.map(Arc::as_ref).unwrap_or_else(|| Taxonomy::bundled());
    taxonomy.score(article.title.as_deref(), &article.body)
}

/// The text view: the path (and position in the file), then one line per field that has a value;
/// `*` marks values newsdex extracted rather than read from the file.
fn write_article(out: &mut impl Write, article: &Article, topic_scores: &[TopicScore]) -> std::io::Result<()> {
    let position = match (article.line, article.ordinal) {
        (Some(line), _) => format!(":{line}"),
        (None, 0) => String::new(),
        (None, ordinal) => format!("#{ordinal}"),
    };
    writeln!(out, "{}{position}", article.path.display())?;
    let mark = |field: MetaField| if article.is_extracted(field) { " *" } else { "" };
    let mut field = |name: &str, value: String, meta: Option<MetaField>| -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {name:<9} {value}{}", meta.map(mark).unwrap_or_default())
    };
    field("title", article.title.clone().unwrap_or_default(), Some(MetaField::Title))?;
    field("date", article.date.map(|date| date.to_rfc3339()).unwrap_or_default(), Some(MetaField::Date))?;
    field("location", article.location.clone().unwrap_or_default(), Some(MetaField::Location))?;
    let places_with_codes: Vec<String> = article
        .places
        .iter()
        .zip(newsdex::tags::place_country_codes(&article.places))
        .map(|(place, code)| match code {
            Some(code) => format!("{place} ({code})"),
            None => place.clone(),
        })
        .collect();
    field("places", places_with_codes.join(", "), Some(MetaField::Places))?;
    field("people", article.people.join(", "), Some(MetaField::People))?;
    field("orgs", article.orgs.join(", "), Some(MetaField::Orgs))?;
    field("companies", article.companies.join(", "), Some(MetaField::Companies))?;
    let topics = if topic_scores.is_empty() {
        article.topics.join(", ")
    } else {
        topic_scores.iter().map(|score| format!("{} ({:.2})", score.topic, score.score)).collect::<Vec<_>>().join(", ")
    };
    field("topics", topics, Some(MetaField::Topics))?;
    field("language", article.language.clone().unwrap_or_default(), Some(MetaField::Language))?;
    field("authors", article.authors.join(", "), None)?;
    field("source", article.source.clone().unwrap_or_default(), None)?;
    let preview: String = article.body.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(100).collect();
    field("body", preview, None)?;
    writeln!(out)
}
