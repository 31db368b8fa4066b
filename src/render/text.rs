//! The terminal view of search results: a numbered list with title, date, place, file, score,
//! passages and the story's other articles, matches in bold when writing to a terminal; and of
//! the largest stories of a period.

use std::io::Write;
use std::path::Path;

use crate::highlight::render_with;
use crate::index::summary::Summary;
use crate::search::batch::Answer;
use crate::search::{FacetCount, SearchResults, StoriesResults, StoryArticle};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Writes `results`; `color` turns on bold matches and dim metadata.
pub fn write(out: &mut impl Write, results: &SearchResults, color: bool) -> std::io::Result<()> {
    let (bold, dim, reset) = if color { (BOLD, DIM, RESET) } else { ("", "", "") };
    let shown_to = results.offset + results.hits.len();
    let articles = plural(results.total_hits, "article", "articles");
    // The verb agrees with the articles: "1 article matches", "2 articles in 1 story match".
    let verb = if results.total_hits == 1 { "matches" } else { "match" };
    let (matching, shown) = match results.total_stories {
        Some(stories) if results.collapsed => {
            (format!("{articles} in {} {verb}", plural(stories, "story", "stories")), "stories ")
        }
        _ => (format!("{articles} {verb}"), ""),
    };
    if results.hits.is_empty() {
        writeln!(out, "{matching} {:?} (showing none; {:.1} ms)", results.query, ms(results.took_us))?;
    } else {
        writeln!(
            out,
            "{matching} {:?}; showing {shown}{}-{} ({:.1} ms)",
            results.query,
            results.offset + 1,
            shown_to,
            ms(results.took_us)
        )?;
    }
    if !results.suggestions.is_empty() {
        let shown: Vec<String> = results
            .suggestions
            .iter()
            .map(|suggestion| {
                format!("{bold}{}{reset} ({})", suggestion.query, plural(suggestion.total_hits, "article", "articles"))
            })
            .collect();
        writeln!(out, "Did you mean: {}", shown.join(", "))?;
    }
    let cwd = std::env::current_dir().ok();
    for hit in &results.hits {
        writeln!(out)?;
        let summary = hit.summary.fields().map_err(std::io::Error::other)?;
        let title = shown_title(&summary);
        writeln!(out, "{:>3}. {bold}{title}{reset}  {dim}score {:.2}{reset}", hit.rank, hit.score)?;
        let mut meta = date_place_source(&summary);
        meta.push(display_path(summary.path, cwd.as_deref(), summary.ordinal, summary.line));
        if !results.collapsed && hit.story_size > 1 {
            meta.push(format!("story {} of {} articles", hit.story, hit.story_size));
        }
        writeln!(out, "     {dim}{}{reset}", meta.join(" · "))?;
        let mut tags = Vec::new();
        for (label, values) in [
            ("topics", &summary.topics),
            ("places", &summary.places),
            ("people", &summary.people),
            ("companies", &summary.companies),
        ] {
            if !values.is_empty() {
                tags.push(format!("{label}: {}", values.join(", ")));
            }
        }
        if !tags.is_empty() {
            writeln!(out, "     {dim}{}{reset}", tags.join(" | "))?;
        }
        for passage in &hit.passages {
            let text = render_with(passage, bold, reset).replace('\n', " ");
            writeln!(out, "     {text}")?;
        }
        if results.collapsed && hit.story_size > 1 {
            let others = hit.story_size - 1;
            let shown = if hit.more.len() < others { format!(" ({} shown)", hit.more.len()) } else { String::new() };
            writeln!(out, "     + {} in this story{shown}:", plural(others, "more article", "more articles"))?;
            for article in &hit.more {
                writeln!(out, "       {}", article_line(article, dim, reset))?;
            }
        }
    }
    if let Some(facets) = &results.facets {
        writeln!(out)?;
        for (label, counts) in [
            ("topics", &facets.topics),
            ("places", &facets.places),
            ("people", &facets.people),
            ("orgs", &facets.orgs),
            ("companies", &facets.companies),
            ("sources", &facets.sources),
        ] {
            if !counts.is_empty() {
                writeln!(out, "{bold}{label}{reset}: {}", facet_line(counts))?;
            }
        }
    }
    Ok(())
}

/// Writes one query's answer of `newsdex batch`: its line, the query and its counts, then a line
/// per hit (rank, date, title, place, source, id) with its best passage beneath it.
pub fn write_batch_answer(out: &mut impl Write, answer: &Answer<'_>, color: bool) -> std::io::Result<()> {
    let (bold, dim, reset) = if color { (BOLD, DIM, RESET) } else { ("", "", "") };
    let results = match &answer.outcome {
        Ok(results) => results,
        Err(error) => {
            return writeln!(
                out,
                "{dim}{:>4}{reset}  {bold}{}{reset}  failed: {error}",
                answer.query.line, answer.query.text
            );
        }
    };
    let articles = plural(results.total_hits, "article", "articles");
    let counts = match results.total_stories {
        _ if results.total_hits == 0 => "no article".to_string(),
        Some(stories) if results.collapsed => format!("{articles} in {}", plural(stories, "story", "stories")),
        _ => articles,
    };
    writeln!(out, "{dim}{:>4}{reset}  {bold}{}{reset}  {counts}", answer.query.line, answer.query.text)?;
    for hit in &results.hits {
        let summary = hit.summary.fields().map_err(std::io::Error::other)?;
        let title = shown_title(&summary);
        let mut meta = date_place_source(&summary);
        meta.push(summary.id.to_string());
        writeln!(out, "      {:>2}. {title}  {dim}{}{reset}", hit.rank, meta.join(" · "))?;
        if let Some(passage) = hit.passages.first() {
            writeln!(out, "          {}", render_with(passage, bold, reset).replace('\n', " "))?;
        }
    }
    Ok(())
}

/// A hit's title as shown: its title, else its lead, else "(untitled)".
fn shown_title<'a>(summary: &Summary<'a>) -> &'a str {
    summary.title.filter(|title| !title.trim().is_empty()).or(summary.lead).unwrap_or("(untitled)")
}

/// A hit's date, location and source, those it has.
fn date_place_source(summary: &Summary<'_>) -> Vec<String> {
    let mut meta = Vec::new();
    if let Some(date) = summary.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    meta.extend(summary.location.map(str::to_string));
    meta.extend(summary.source.map(str::to_string));
    meta
}

/// Writes the largest stories of a period: each with its article count, dates, people, places
/// and its articles' titles.
pub fn write_stories(out: &mut impl Write, results: &StoriesResults) -> std::io::Result<()> {
    if results.stories.is_empty() {
        return writeln!(out, "no story of two or more articles ({:.1} ms)", ms(results.took_us));
    }
    writeln!(
        out,
        "{} of two or more articles; showing the {} largest ({:.1} ms)",
        plural(results.total_stories, "story", "stories"),
        results.stories.len(),
        ms(results.took_us)
    )?;
    for (rank, story) in (1..).zip(&results.stories) {
        writeln!(out)?;
        let day = |date: Option<chrono::DateTime<chrono::Utc>>| date.map(|date| date.format("%Y-%m-%d").to_string());
        let span = match (day(story.first), day(story.last)) {
            (Some(first), Some(last)) if first == last => first,
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "undated".to_string(),
        };
        let of_all =
            if story.story_size > story.articles { format!(" (of {})", story.story_size) } else { String::new() };
        writeln!(out, "{rank:>3}. story {}: {} articles{of_all}, {span}", story.story, story.articles)?;
        for (label, counts) in [("people", &story.people), ("places", &story.places)] {
            if !counts.is_empty() {
                writeln!(out, "     {label}: {}", facet_line(counts))?;
            }
        }
        for article in &story.titles {
            writeln!(out, "       {}", article_line(article, "", ""))?;
        }
    }
    Ok(())
}

/// `- Title  date · source`, the date and source dimmed.
fn article_line(article: &StoryArticle, dim: &str, reset: &str) -> String {
    let title = article.title.as_deref().filter(|title| !title.trim().is_empty()).unwrap_or("(untitled)");
    let mut meta = Vec::new();
    if let Some(date) = article.date {
        meta.push(date.format("%Y-%m-%d").to_string());
    }
    if let Some(source) = &article.source {
        meta.push(source.clone());
    }
    if meta.is_empty() { format!("- {title}") } else { format!("- {title}  {dim}{}{reset}", meta.join(" · ")) }
}

/// `1 story`, `2 stories`.
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn facet_line(counts: &[FacetCount]) -> String {
    counts.iter().map(|count| format!("{} ({})", count.value, count.count)).collect::<Vec<_>>().join(", ")
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

/// The path relative to the working folder when it is under it; `#N` or `:line` for multi-article files.
fn display_path(path: &str, cwd: Option<&Path>, ordinal: u64, line: Option<u64>) -> String {
    let relative = cwd.and_then(|cwd| Path::new(path).strip_prefix(cwd).ok()).map(|p| p.display().to_string());
    let shown = relative.unwrap_or_else(|| path.to_string());
    match line {
        Some(line) => format!("{shown}:{line}"),
        None if ordinal > 0 => format!("{shown}#{ordinal}"),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_with_their_place_in_the_file() {
        let cwd = Path::new("/work/x");
        assert_eq!(display_path("/work/x/corpus/a.sgm", Some(cwd), 3, Some(120)), "corpus/a.sgm:120");
        assert_eq!(display_path("/elsewhere/a.json", Some(cwd), 2, None), "/elsewhere/a.json#2");
        assert_eq!(display_path("/work/x/a.txt", Some(cwd), 0, None), "a.txt");
    }
}
