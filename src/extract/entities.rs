//! One name per entity in an article: a given person (`volcker`, a Reuters code, a JSON `people`
//! entry) becomes the full name the article's text gives (`Paul Volcker`) when the text names
//! exactly one such person; then the user's entities file (`--entities FILE`) renames aliases
//! (`"Paul A. Volcker" = "Paul Volcker"`, `"US" = "United States"`) and drops what is not an
//! entity of a kind (`not_person = ["Morgan Stanley"]`), for given and extracted values alike.
//!
//! The file is TOML:
//!
//! ```toml
//! not_person = ["Morgan Stanley"]   # never a person
//! not_org = []                      # never an organization
//! not_place = []                    # never a place
//!
//! [aliases]                         # written form = the one name (people, organizations, places)
//! "Paul A. Volcker" = "Paul Volcker"
//! "Jorio Dauster" = "Jorio Dauster"
//! "US" = "United States"
//! ```
//!
//! Names are compared by [`tags::normalize`] (case, `-`, `_` and `.` do not matter).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::people;
use crate::article::Article;
use crate::tags;

/// A user's entities file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EntitiesError {
    /// The file could not be read.
    #[error("cannot read the entities file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not TOML of the expected shape.
    #[error("the entities file{} is not valid: {reason}", path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Invalid {
        /// The file, when it was read from one.
        path: Option<PathBuf>,
        /// What is wrong, with the line and column TOML gives.
        reason: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntitiesFile {
    #[serde(default)]
    aliases: HashMap<String, String>,
    #[serde(default)]
    not_person: Vec<String>,
    #[serde(default)]
    not_org: Vec<String>,
    #[serde(default)]
    not_place: Vec<String>,
}

/// A user's aliases and exclusions, compiled for lookups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entities {
    /// Normalized written form → the one name.
    aliases: HashMap<String, String>,
    not_person: HashSet<String>,
    not_org: HashSet<String>,
    not_place: HashSet<String>,
}

impl Entities {
    /// Reads and compiles the entities file at `path`.
    pub fn load(path: &Path) -> Result<Entities, EntitiesError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| EntitiesError::Read { path: path.to_path_buf(), source })?;
        Entities::from_toml(&text).map_err(|error| match error {
            EntitiesError::Invalid { reason, .. } => EntitiesError::Invalid { path: Some(path.to_path_buf()), reason },
            other => other,
        })
    }

    /// Compiles an entities file from its TOML text (format in the module documentation).
    pub fn from_toml(text: &str) -> Result<Entities, EntitiesError> {
        let file: EntitiesFile =
            toml::from_str(text).map_err(|error| EntitiesError::Invalid { path: None, reason: error.to_string() })?;
        let keys = |names: Vec<String>| names.iter().map(|name| tags::normalize(name)).collect();
        let mut aliases = HashMap::new();
        for (written, name) in file.aliases {
            if name.trim().is_empty() {
                return Err(EntitiesError::Invalid {
                    path: None,
                    reason: format!("the alias {written:?} names nothing; write the one name after `=`"),
                });
            }
            aliases.insert(tags::normalize(&written), name.trim().to_string());
        }
        Ok(Entities {
            aliases,
            not_person: keys(file.not_person),
            not_org: keys(file.not_org),
            not_place: keys(file.not_place),
        })
    }

    /// Renames aliases and drops exclusions in the article's people, organizations (companies
    /// included) and places.
    fn apply(&self, article: &mut Article) {
        let rename = |values: &mut Vec<String>, excluded: &HashSet<String>| {
            let mut seen = HashSet::new();
            values.retain_mut(|value| {
                let key = tags::normalize(value);
                if excluded.contains(&key) {
                    return false;
                }
                if let Some(name) = self.aliases.get(&key) {
                    value.clone_from(name);
                }
                seen.insert(tags::normalize(value))
            });
        };
        rename(&mut article.people, &self.not_person);
        rename(&mut article.orgs, &self.not_org);
        // A company is an organization: its aliases and `not_org` apply to companies too.
        rename(&mut article.companies, &self.not_org);
        rename(&mut article.places, &self.not_place);
    }
}

/// One name per person and the user's file: called after the extractors.
pub(crate) fn resolve(article: &mut Article, entities: Option<&Entities>) {
    resolve_given_people(article);
    if let Some(entities) = entities {
        entities.apply(article);
    }
}

/// Given people written as codes or shorter than the text writes them (`james-baker`, `volcker`,
/// `de-larosiere`) become the
/// full name the text gives (`Paul Volcker`, `Jacques de Larosiere`) when exactly one person the
/// text names ends with those words.
fn resolve_given_people(article: &mut Article) {
    if article.is_extracted(crate::article::MetaField::People) || article.people.is_empty() {
        return;
    }
    let mut full_names: Option<Vec<(Vec<String>, String)>> = None;
    let mut seen = HashSet::new();
    let mut resolved = Vec::with_capacity(article.people.len());
    for given in std::mem::take(&mut article.people) {
        let given_words = words(&given);
        let names = full_names.get_or_insert_with(|| {
            let found = people::people_in_article(article.title.as_deref(), &article.body);
            found.into_iter().map(|name| (words(&name), name)).collect()
        });
        let mut matches = names.iter().filter(|(words, _)| words.ends_with(&given_words)).map(|(_, name)| name);
        let value = match (matches.next(), matches.next()) {
            (Some(name), None) if !given_words.is_empty() => name.clone(),
            _ => given,
        };
        if seen.insert(tags::normalize(&value)) {
            resolved.push(value);
        }
    }
    article.people = resolved;
}

fn words(name: &str) -> Vec<String> {
    tags::normalize(name).split(' ').filter(|word| !word.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(people: &[&str], body: &str) -> Article {
        Article {
            people: people.iter().map(|name| name.to_string()).collect(),
            body: body.to_string(),
            ..Article::default()
        }
    }

    #[test]
    fn a_given_surname_becomes_the_full_name_the_text_gives() {
        let mut given = article(
            &["volcker", "james-baker", "de-larosiere"],
            "Fed Chairman Paul Volcker met Treasury Secretary James Baker and IMF head Jacques de Larosiere. \
             Volcker said rates would hold.",
        );
        resolve(&mut given, None);
        assert_eq!(given.people, ["Paul Volcker", "James Baker", "Jacques de Larosiere"]);
    }

    #[test]
    fn an_ambiguous_or_absent_full_name_leaves_the_given_value() {
        let mut two = article(&["smith"], "Treasury Secretary John Smith met Senator Mary Smith on Monday.");
        resolve(&mut two, None);
        assert_eq!(two.people, ["smith"]);
        let mut none = article(&["volcker"], "The Fed chairman said rates would hold.");
        resolve(&mut none, None);
        assert_eq!(none.people, ["volcker"]);
    }

    #[test]
    fn the_file_renames_aliases_and_drops_exclusions_of_given_and_extracted_values() {
        let entities = Entities::from_toml(
            "not_person = [\"Morgan Stanley\"]\nnot_place = [\"Jordan\"]\n[aliases]\n\"Paul A. Volcker\" = \"Paul Volcker\"\n\"US\" = \"United States\"\n",
        )
        .expect("valid");
        let mut given = Article {
            people: vec!["Paul A. Volcker".into(), "morgan-stanley".into(), "Paul Volcker".into()],
            places: vec!["US".into(), "Jordan".into(), "Japan".into()],
            ..Article::default()
        };
        resolve(&mut given, Some(&entities));
        assert_eq!(given.people, ["Paul Volcker"], "renamed, excluded, and the duplicate it made dropped");
        assert_eq!(given.places, ["United States", "Japan"]);
    }

    #[test]
    fn a_bad_file_says_where() {
        let error = Entities::from_toml("not_person = \"Morgan Stanley\"\n").expect_err("a string, not a list");
        assert!(error.to_string().contains("line 1"), "{error}");
        let error = Entities::from_toml("not_people = []\n").expect_err("unknown key");
        assert!(error.to_string().contains("not_people"), "{error}");
        let error = Entities::from_toml("[aliases]\n\"US\" = \" \"\n").expect_err("empty name");
        assert!(error.to_string().contains("\"US\""), "{error}");
    }
}
