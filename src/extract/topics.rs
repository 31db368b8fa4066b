//! Topic tags from a taxonomy of weighted terms: each article gets up to three tags with a score,
//! or none when nothing scores high enough (no tag rather than a wrong one).
//!
//! The bundled taxonomy (`taxonomy.toml`) follows the top level of the IPTC Media Topics; a
//! newsroom can load its own with [`Taxonomy::load`] (`--taxonomy FILE`). One Aho-Corasick pass
//! over the title and one over the body find every term; a score is the weighted hits per 100
//! words, title hits counting `title_weight` times.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};

use crate::article::{Article, MetaField};

/// The taxonomy newsdex uses unless told otherwise.
const BUNDLED: &str = include_str!("taxonomy.toml");

static BUNDLED_TAXONOMY: LazyLock<Taxonomy> =
    LazyLock::new(|| Taxonomy::from_toml(BUNDLED).expect("the bundled taxonomy is valid"));

/// Why a taxonomy file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    /// The taxonomy file could not be read.
    #[error("cannot read the taxonomy {}: {source}", path.display())]
    Read {
        /// The taxonomy file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The taxonomy is not TOML of the expected shape, or a value in it is out of range.
    #[error("the taxonomy{} is not valid: {reason}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Invalid {
        /// The taxonomy file; `None` when the text was not read from a file.
        path: Option<PathBuf>,
        /// What is wrong with it.
        reason: String,
    },
}

/// How tags are chosen from scores.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Settings {
    /// The least score a tag needs.
    pub threshold: f32,
    /// A tag also needs this much weight in all (one weak word is no topic).
    #[serde(default = "default_min_weight")]
    pub min_weight: f32,
    /// A tag also needs this share of the best tag's score.
    #[serde(default = "default_relative")]
    pub relative: f32,
    /// At most this many tags per article.
    #[serde(default = "default_max_topics")]
    pub max_topics: usize,
    /// How many times a title hit counts.
    #[serde(default = "default_title_weight")]
    pub title_weight: f32,
}

fn default_min_weight() -> f32 {
    3.0
}

fn default_relative() -> f32 {
    0.28
}

fn default_max_topics() -> usize {
    3
}

fn default_title_weight() -> f32 {
    3.0
}

/// One tag and the terms that suggest it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopicDefinition {
    pub name: String,
    /// Term (lowercase words; a final `*` matches any ending) → weight.
    pub terms: BTreeMap<String, f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    settings: Settings,
    topic: Vec<TopicDefinition>,
}

/// What one automaton pattern adds to which topics.
#[derive(Debug, Default)]
struct Pattern {
    /// (topic, weight) when the match ends at a word end.
    whole_word: Vec<(usize, f32)>,
    /// (topic, weight) whatever follows (terms ending in `*`).
    any_ending: Vec<(usize, f32)>,
}

/// A tag with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicScore {
    /// The tag's name, as the taxonomy gives it.
    pub topic: String,
    /// Weighted keyword hits per 100 words of the body (title hits weighed by the taxonomy's title weight).
    pub score: f32,
}

/// A compiled taxonomy: cheap to share (`Arc`), read-only.
#[derive(Debug)]
pub struct Taxonomy {
    settings: Settings,
    topics: Vec<TopicDefinition>,
    patterns: Vec<Pattern>,
    automaton: AhoCorasick,
}

impl PartialEq for Taxonomy {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings && self.topics == other.topics
    }
}

impl Taxonomy {
    /// The taxonomy bundled in newsdex (IPTC Media Topics, top level).
    pub fn bundled() -> &'static Taxonomy {
        &BUNDLED_TAXONOMY
    }

    /// Reads and compiles a taxonomy file.
    pub fn load(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| TaxonomyError::Read { path: path.to_path_buf(), source })?;
        Taxonomy::from_toml(&text).map_err(|error| match error {
            TaxonomyError::Invalid { reason, .. } => TaxonomyError::Invalid { path: Some(path.to_path_buf()), reason },
            other => other,
        })
    }

    /// Compiles a taxonomy from its TOML text (format in the bundled `taxonomy.toml`).
    pub(crate) fn from_toml(text: &str) -> Result<Taxonomy, TaxonomyError> {
        let invalid = |reason: String| TaxonomyError::Invalid { path: None, reason };
        let file: TaxonomyFile = toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
        let settings = file.settings;
        if !(settings.threshold.is_finite() && settings.threshold > 0.0) {
            return Err(invalid("settings.threshold must be a number above 0".to_string()));
        }
        if settings.max_topics == 0 {
            return Err(invalid("settings.max_topics must be at least 1".to_string()));
        }
        let mut pattern_of_text: HashMap<String, usize> = HashMap::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (topic_index, topic) in file.topic.iter().enumerate() {
            if topic.name.trim().is_empty() {
                return Err(invalid(format!("topic {} has no name", topic_index + 1)));
            }
            if file.topic[..topic_index].iter().any(|earlier| earlier.name == topic.name) {
                return Err(invalid(format!("topic `{}` is defined twice", topic.name)));
            }
            for (term, &weight) in &topic.terms {
                if !weight.is_finite() {
                    return Err(invalid(format!("term `{term}` of topic `{}` has no finite weight", topic.name)));
                }
                let (words, any_ending) = match term.strip_suffix('*') {
                    Some(stem) => (stem.trim().to_lowercase(), true),
                    None => (term.trim().to_lowercase(), false),
                };
                if words.is_empty() {
                    return Err(invalid(format!("topic `{}` has an empty term", topic.name)));
                }
                let index = *pattern_of_text.entry(words.clone()).or_insert_with(|| {
                    pattern_texts.push(words);
                    patterns.push(Pattern::default());
                    patterns.len() - 1
                });
                let hits = if any_ending { &mut patterns[index].any_ending } else { &mut patterns[index].whole_word };
                hits.push((topic_index, weight));
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&pattern_texts)
            .map_err(|error| invalid(format!("the terms do not compile: {error}")))?;
        Ok(Taxonomy { settings, topics: file.topic, patterns, automaton })
    }

    #[cfg(test)]
    /// The tag names, in the file's order.
    pub(crate) fn topic_names(&self) -> impl Iterator<Item = &str> {
        self.topics.iter().map(|topic| topic.name.as_str())
    }

    /// The tags of an article, best first: at most `max_topics`, each at least `threshold` and
    /// `relative` × the best score. Empty when nothing fits.
    pub fn score(&self, title: Option<&str>, body: &str) -> Vec<TopicScore> {
        let mut raw = vec![0f32; self.topics.len()];
        self.add_hits(body, 1.0, &mut raw);
        if let Some(title) = title {
            self.add_hits(title, self.settings.title_weight, &mut raw);
        }
        // About six bytes a word; short texts count as 60 words so that one hit is not a topic.
        let words = (body.len() / 6).max(60) as f32;
        let mut scores: Vec<(usize, f32)> = raw
            .iter()
            .enumerate()
            .filter(|(_, hits)| **hits >= self.settings.min_weight)
            .map(|(topic, hits)| (topic, hits * 100.0 / words))
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = scores.first().map(|(_, score)| *score).unwrap_or(0.0);
        scores
            .into_iter()
            .take(self.settings.max_topics)
            .filter(|(_, score)| *score >= self.settings.threshold && *score >= best * self.settings.relative)
            .map(|(topic, score)| TopicScore {
                topic: self.topics[topic].name.clone(),
                score: (score * 100.0).round() / 100.0,
            })
            .collect()
    }

    fn add_hits(&self, text: &str, factor: f32, raw: &mut [f32]) {
        let bytes = text.as_bytes();
        for found in self.automaton.find_iter(text) {
            let starts_word = found.start() == 0 || !is_word_byte(bytes[found.start() - 1]);
            if !starts_word {
                continue;
            }
            let ends_word = found.end() == bytes.len() || !is_word_byte(bytes[found.end()]);
            let pattern = &self.patterns[found.pattern().as_usize()];
            for &(topic, weight) in &pattern.any_ending {
                raw[topic] += weight * factor;
            }
            if ends_word {
                for &(topic, weight) in &pattern.whole_word {
                    raw[topic] += weight * factor;
                }
            }
        }
    }
}

/// Letters and digits of any script (UTF-8 continuation and lead bytes count as letters).
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

/// Fills `article.topics` when the file gave none.
pub(crate) fn extract_topics(article: &mut Article, taxonomy: &Taxonomy) {
    if !article.topics.is_empty() {
        return;
    }
    let scores = taxonomy.score(article.title.as_deref(), &article.body);
    if !scores.is_empty() {
        article.topics = scores.into_iter().map(|score| score.topic).collect();
        article.mark_extracted(MetaField::Topics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn topics(title: Option<&str>, body: &str) -> Vec<String> {
        Taxonomy::bundled().score(title, body).into_iter().map(|score| score.topic).collect()
    }

    #[track_caller]
    fn assert_has_topic(title: Option<&str>, body: &str, topic: &str) {
        let found = topics(title, body);
        assert!(found.iter().any(|found| found == topic), "{topic} not in {found:?} for {body:?}");
    }

    #[test]
    fn bundled_taxonomy_has_the_iptc_top_level() {
        let names: Vec<&str> = Taxonomy::bundled().topic_names().collect();
        for expected in [
            "economy",
            "politics",
            "conflict-defence",
            "crime",
            "disaster",
            "health",
            "science-technology",
            "environment",
            "sport",
            "arts-culture",
            "education",
            "labour",
            "religion",
            "society",
            "lifestyle",
            "weather",
            "human-interest",
        ] {
            assert!(names.contains(&expected), "{expected} missing");
        }
    }

    #[test]
    fn clear_articles_get_their_topic() {
        assert_has_topic(
            Some("Quake kills 12 in Peru"),
            "A magnitude 6.1 earthquake struck southern Peru, killing 12 people. Rescue teams searched collapsed homes and aftershocks continued.",
            "disaster",
        );
        assert_has_topic(
            None,
            "The central bank raised interest rates to curb inflation as economic growth slowed and the currency fell.",
            "economy",
        );
        assert_has_topic(
            Some("Rugby sevens: hosts win the cup"),
            "The home team won the tournament final, the coach said, as fans filled the stadium.",
            "sport",
        );
    }

    #[test]
    fn no_tag_rather_than_a_wrong_one() {
        assert!(topics(None, "He walked to the shop and bought some bread, then went home.").is_empty());
        assert!(topics(None, "").is_empty());
        assert!(topics(Some("Said and done"), "The Said family said hello.").is_empty());
    }

    #[test]
    fn at_most_three_tags() {
        let body = "election vote war troops earthquake flood vaccine hospital football match inflation";
        assert!(topics(None, body).len() <= 3);
    }

    #[test]
    fn custom_taxonomy() {
        let taxonomy = Taxonomy::from_toml(
            "[settings]\nthreshold = 0.5\n[[topic]]\nname = \"cocoa\"\n[topic.terms]\n\"cocoa\" = 2\n\"bean*\" = 1\n",
        )
        .expect("valid taxonomy");
        let scores = taxonomy.score(Some("COCOA"), "Cocoa beans rose.");
        assert_eq!(scores.len(), 1);
        assert_eq!(scores[0].topic, "cocoa");
        assert!(scores[0].score > 0.5);
    }

    #[test]
    fn invalid_taxonomies_say_why() {
        let error = Taxonomy::from_toml("[settings]\nthreshold = 0\n[[topic]]\nname = \"a\"\nterms = {}\n")
            .expect_err("threshold 0 is refused");
        assert!(error.to_string().contains("threshold"), "{error}");
        let error = Taxonomy::from_toml("nonsense").expect_err("not TOML");
        assert!(error.to_string().starts_with("the taxonomy is not valid"), "{error}");
    }

    #[test]
    fn seeds_are_politics_and_defence() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/seeds");
        let entries = std::fs::read_dir(seeds).expect("../shared/corpora/seeds beside the project");
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("readable seed");
            let found = topics(None, &text);
            for expected in ["politics", "conflict-defence"] {
                assert!(found.iter().any(|topic| topic == expected), "{expected} not in {found:?} for {entry:?}");
            }
        }
    }
}
