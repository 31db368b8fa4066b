//! Story grouping, for reading by a person: the stories an index forms (each article's date,
//! title and path), how many of each size, and a sample of the pairs that just missed the
//! similarity threshold. There is no gold grouping to score against: `newsdex eval stories`
//! prints what to judge.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tantivy::{DocAddress, DocId};

use crate::error::{Error, Result};
use crate::r#gen::Rng;
use crate::index::reader;
use crate::index::schema;
use crate::index::summary::StoredSummary;
use crate::stories::{self, EdgeKind, GroupingOptions};

/// One article as a reader judges it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLine {
    /// Article id.
    pub id: String,
    /// Date, `YYYY-MM-DD HH:MM`, or empty.
    pub date: String,
    /// Headline, or the first words of the body.
    pub title: String,
    /// File (and Reuters NEWID or ordinal).
    pub source: String,
}

/// One story of two or more articles.
#[derive(Debug, Clone, Serialize)]
pub struct StoryLines {
    /// Story id (hex).
    pub story: String,
    /// Its articles, by date.
    pub articles: Vec<ArticleLine>,
    /// Whether near-duplicate edges alone formed it.
    pub near_duplicates_only: bool,
}

/// A pair of articles with their similarity.
#[derive(Debug, Clone, Serialize)]
pub struct PairLines {
    /// Weighted salient-term cosine.
    pub similarity: f64,
    /// One article.
    pub a: ArticleLine,
    /// The other.
    pub b: ArticleLine,
}

/// What `newsdex eval stories` prints.
#[derive(Debug, Clone, Serialize)]
pub struct StoryReport {
    /// Articles in the index.
    pub articles: usize,
    /// Stories of two or more.
    pub stories: usize,
    /// Articles in them.
    pub articles_in_stories: usize,
    /// Story size → how many stories of that size.
    pub sizes: BTreeMap<usize, usize>,
    /// Near-duplicate edges and event edges taken.
    pub near_duplicate_edges: usize,
    /// Event edges that joined or confirmed a story.
    pub event_edges: usize,
    /// Event edges refused because the story would span too long.
    pub refused_by_span: usize,
    /// The stories shown (all, or a random sample).
    pub shown: Vec<StoryLines>,
    /// Pairs just below the threshold (a random sample).
    pub near_misses: Vec<PairLines>,
    /// Every event edge taken (or refused), strongest first (JSON only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event_pairs: Vec<PairLines>,
}

/// Groups the index in `dir` and reports `sample` random stories and near misses (all of them when
/// `sample` is `None`), drawn with `seed`.
/// With `with_edges`, every event edge is listed too.
pub fn story_report(
    dir: &Path,
    options: GroupingOptions,
    sample: Option<usize>,
    seed: u64,
    with_edges: bool,
) -> Result<StoryReport> {
    let open = reader::open(dir)?;
    let searcher = open.reader.searcher();
    let opstamp = open.index.load_metas().map(|metas| metas.opstamp).unwrap_or(0);
    let grouping = stories::analyze(&searcher, opstamp, options)?;
    let lines = article_lines(&searcher)?;
    let line_of = |key: u64| {
        lines.get(&key).cloned().unwrap_or_else(|| ArticleLine {
            id: format!("{key:016x}"),
            date: String::new(),
            title: String::new(),
            source: String::new(),
        })
    };
    let mut members: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for (key, story) in grouping.table.members() {
        members.entry(story).or_default().push(key);
    }
    let mut sizes = BTreeMap::new();
    for keys in members.values() {
        *sizes.entry(keys.len()).or_insert(0) += 1;
    }
    let mut event_joined: std::collections::HashSet<u64> = std::collections::HashSet::new();
    for edge in grouping.edges.iter().filter(|edge| edge.kind == EdgeKind::Event && edge.accepted) {
        event_joined.insert(grouping.table.story_of(edge.a));
    }
    let mut all: Vec<StoryLines> = members
        .iter()
        .map(|(story, keys)| {
            let mut articles: Vec<ArticleLine> = keys.iter().map(|key| line_of(*key)).collect();
            articles.sort_by(|x, y| (&x.date, &x.id).cmp(&(&y.date, &y.id)));
            StoryLines { story: format!("{story:016x}"), articles, near_duplicates_only: !event_joined.contains(story) }
        })
        .collect();
    let mut misses: Vec<PairLines> = grouping
        .near_misses
        .iter()
        .filter(|pair| grouping.table.story_of(pair.a) != grouping.table.story_of(pair.b))
        .map(|pair| PairLines { similarity: pair.similarity, a: line_of(pair.a), b: line_of(pair.b) })
        .collect();
    if let Some(sample) = sample {
        let mut rng = Rng::new(seed);
        all = sample_of(all, sample, &mut rng);
        misses = sample_of(misses, sample, &mut rng);
    }
    Ok(StoryReport {
        articles: lines.len(),
        stories: members.len(),
        articles_in_stories: members.values().map(Vec::len).sum(),
        sizes,
        near_duplicate_edges: grouping.edges.iter().filter(|edge| edge.kind == EdgeKind::NearDuplicate).count(),
        event_edges: grouping.edges.iter().filter(|edge| edge.kind == EdgeKind::Event && edge.accepted).count(),
        refused_by_span: grouping.edges.iter().filter(|edge| !edge.accepted).count(),
        shown: all,
        near_misses: misses,
        event_pairs: grouping
            .edges
            .iter()
            .filter(|edge| edge.kind == EdgeKind::Event && with_edges)
            .map(|pair| PairLines { similarity: pair.similarity, a: line_of(pair.a), b: line_of(pair.b) })
            .collect(),
    })
}

/// `count` items drawn without replacement, in their original order.
fn sample_of<T>(items: Vec<T>, count: usize, rng: &mut Rng) -> Vec<T> {
    if items.len() <= count {
        return items;
    }
    let mut chosen: Vec<usize> = (0..items.len()).collect();
    for at in 0..count {
        let pick = at + rng.below((items.len() - at) as u64) as usize;
        chosen.swap(at, pick);
    }
    chosen.truncate(count);
    chosen.sort_unstable();
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    chosen.into_iter().filter_map(|at| items[at].take()).collect()
}

/// Every live article's line, by story key.
fn article_lines(searcher: &tantivy::Searcher) -> Result<HashMap<u64, ArticleLine>> {
    let fail = |source| Error::tantivy("cannot read the index", source);
    let mut lines = HashMap::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let keys = fast.u64(schema::STORY_KEY).map_err(fail)?;
        let summaries = fast.u64(schema::SUMMARY).map_err(fail)?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() as DocId {
            if alive.is_some_and(|alive| !alive.is_alive(doc)) {
                continue;
            }
            let Some(key) = keys.first(doc) else { continue };
            let words: Vec<u64> = summaries.values_for_doc(doc).collect();
            let address = DocAddress::new(segment_ord as u32, doc);
            let stored = StoredSummary::from_words(&words, address).map_err(Error::Damaged)?;
            let summary = stored.fields()?;
            let file = Path::new(summary.path).file_name().map(|name| name.to_string_lossy().into_owned());
            let position = summary.external_id.map(str::to_string).unwrap_or_else(|| format!("#{}", summary.ordinal));
            lines.insert(
                key,
                ArticleLine {
                    id: summary.id.to_string(),
                    date: summary.date.map(|date| date.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default(),
                    title: summary.title.or(summary.lead).unwrap_or_default().chars().take(90).collect(),
                    source: format!("{} {position}", file.unwrap_or_default()),
                },
            );
        }
    }
    Ok(lines)
}
