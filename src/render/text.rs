//! The terminal view of search results: a numbered list with title, date, place, file, score and
//! passages, matches in bold when writing to a terminal.

use std::io::Write;
use std::path::Path;

use crate::highlight::render_with;
use crate::search::{FacetCount, SearchResults};

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Writes `results`; `color` turns on bold matches and dim metadata.
pub fn write(out: &mut impl Write, results: &SearchResults, color: bool) -> std::io::Result<()> {
    let (bold, dim, reset) = if color { (BOLD, DIM, RESET) } else { ("", "", "") };
    let shown_to = results.offset + results.hits.len();
    let noun = if results.total_hits == 1 { "article" } else { "articles" };
    if results.hits.is_empty() {
        writeln!(
            out,
            "{} {noun} match {:?} (showing none; {:.1} ms)",
            results.total_hits,
            results.query,
            ms(results.took_us)
        )?;
    } else {
        writeln!(
            out,
            "{} {noun} match {:?}; showing {}-{} ({:.1} ms)",
            results.total_hits,
            results.query,
            results.offset + 1,
            shown_to,
            ms(results.took_us)
        )?;
    }
    let cwd = std::env::current_dir().ok();
    for hit in &results.hits {
        writeln!(out)?;
        let summary = hit.summary.fields().map_err(std::io::Error::other)?;
        let title = summary.title.filter(|title| !title.trim().is_empty()).or(summary.lead).unwrap_or("(untitled)");
        writeln!(out, "{:>3}. {bold}{title}{reset}  {dim}score {:.2}{reset}", hit.rank, hit.score)?;
        let mut meta = Vec::new();
        if let Some(date) = summary.date {
            meta.push(date.format("%Y-%m-%d").to_string());
        }
        if let Some(location) = summary.location {
            meta.push(location.to_string());
        }
        if let Some(source) = summary.source {
            meta.push(source.to_string());
        }
        meta.push(display_path(summary.path, cwd.as_deref(), summary.ordinal, summary.line));
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
