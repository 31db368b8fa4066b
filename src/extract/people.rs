//! People named in an article: `Defence Minister Rajnath Singh` → "Rajnath Singh", `Mr. Volcker`
//! → "Volcker", `…, Singh said` → "Singh", merged into "Rajnath Singh" when the full name is there.
//!
//! One pass over the words ([`super::words`]) classifies each with the word classes of
//! [`crate::lexicon::names`] (titles, common capitalised words, organization words, countries and
//! nationalities, given names); runs
//! of capitalised words then become a person when a title comes before the name, when the run
//! starts with a known given name, or when an attribution verb (`said`, `told`) sits beside it.
//! Places, organizations, weekdays, months and sentence-initial common words never do.

use std::cell::OnceCell;
use std::collections::HashSet;

use super::words::{self, Gap, Word};
use crate::lexicon::names::{
    APPOSITION_NOUN, ATTRIBUTION, COMMON, Classes, FIRST_NAME, ORG, PARTICLE, PLACE, PLACE_PREFIX, ROLE, TITLE,
    classes_of_lowercase, classify, is_initial,
};

/// The most words a name may have (`Karl Otto Poehl`, `Javier Perez de Cuellar`).
const MAX_NAME_WORDS: usize = 4;

/// How a candidate name was found; decides how much checking it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Title,
    FirstName,
    Attribution,
    /// `Arief Santoso, an economist …`, `Nathalie Rey, 67, …`
    Apposition,
}

/// Fills `article.people` from the title and body when the file gave none.
pub(crate) fn extract_people(article: &mut crate::article::Article) {
    if !article.people.is_empty() {
        return;
    }
    let mut found = people(&article.body);
    if let Some(title) = &article.title {
        for name in people(title) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
        found = merge(found);
    }
    if !found.is_empty() {
        article.people = found;
        article.mark_extracted(crate::article::MetaField::People);
    }
}

/// The people named in `text`, by display name, in order of first mention; surname-only mentions
/// are merged into the full name.
pub fn people(text: &str) -> Vec<String> {
    // Text in capitals only (old wire headlines) gives no case to go by.
    if !text.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    let mut words = Vec::with_capacity(text.len() / 5);
    words::split(text, &mut words);
    let mut buffer = String::new();
    // Only capitalised words and their neighbours (titles, roles, verbs, particles) matter.
    let classes: Vec<Classes> = (0..words.len())
        .map(|at| {
            let matters = words[at].is_capitalized()
                || (at > 0 && words[at - 1].is_capitalized())
                || words.get(at + 1).is_some_and(Word::is_capitalized);
            if matters { classify(words[at].text, &mut buffer) } else { 0 }
        })
        .collect();
    let facts = Facts { before_org: OnceCell::new(), lowercase_words: OnceCell::new() };
    let mut candidates: Vec<String> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        if !starts_run(&words[index], classes[index]) {
            index += 1;
            continue;
        }
        let mut end = index + 1;
        while end < words.len() && continues_run(&words, &classes, end) {
            end += 1;
        }
        if let Some(name) = name_in_run(text, &words, &classes, &facts, index, end) {
            candidates.push(name);
        }
        index = end;
    }
    merge(candidates)
}

fn starts_run(word: &Word, class: Classes) -> bool {
    word.is_capitalized() && class & COMMON == 0
}

/// Word `at` continues the run before it: no punctuation between, and capitalised (or a particle
/// followed by a capitalised word).
fn continues_run(words: &[Word], classes: &[Classes], at: usize) -> bool {
    let word = &words[at];
    if word.gap != Gap::Space || words[at - 1].possessive {
        return false;
    }
    if classes[at] & COMMON != 0 {
        return false;
    }
    if word.is_capitalized() {
        return true;
    }
    classes[at] & PARTICLE != 0 && words.get(at + 1).is_some_and(|next| next.gap == Gap::Space && next.is_capitalized())
}

/// The person a run of capitalised words `start..end` names, if any.
fn name_in_run<'a>(
    text: &str,
    words: &[Word<'a>],
    classes: &[Classes],
    facts: &Facts<'a>,
    start: usize,
    end: usize,
) -> Option<String> {
    let last_title = (start..end).rev().find(|&at| classes[at] & TITLE != 0);
    let (name_start, evidence) = if let Some(title_at) = last_title {
        (title_at + 1, Evidence::Title)
    } else if start > 0 && words[start].gap == Gap::Space && is_lowercase_role(&words[start - 1], classes[start - 1]) {
        (start, Evidence::Title)
    } else if let Some(first_at) = (start..end.saturating_sub(1)).find(|&at| classes[at] & FIRST_NAME != 0) {
        if (start..first_at).any(|at| classes[at] & PLACE_PREFIX != 0) {
            return None;
        }
        (first_at, Evidence::FirstName)
    } else if is_attributed(words, classes, start, end) {
        (start, Evidence::Attribution)
    } else if (2..=3).contains(&(end - start)) && has_person_apposition(words, end) {
        (start, Evidence::Apposition)
    } else {
        return None;
    };
    let name_end = end.min(name_start + MAX_NAME_WORDS);
    if name_start >= name_end {
        return None;
    }
    let name_words = &words[name_start..name_end];
    let name_classes = &classes[name_start..name_end];
    let rejected = name_classes.iter().any(|class| class & (COMMON | ORG | PLACE | TITLE) != 0)
        || name_words
            .iter()
            .any(|word| (word.is_all_caps() && !is_initial(word.text)) || has_inner_capitals(word.text))
        || name_words.iter().any(|word| word.text.chars().any(|c| c.is_ascii_digit()))
        || !name_words[0].is_capitalized()
        || !name_words[name_words.len() - 1].is_capitalized()
        || is_initial(name_words[name_words.len() - 1].text);
    if rejected {
        return None;
    }
    // The run continues into an organization (`Paul Volcker Corp` cannot be, `Morgan Stanley Inc`).
    let continues =
        end < words.len() && words[end].gap == Gap::Space && !words[end - 1].possessive && words[end].is_capitalized();
    if continues && classes[end] & ORG != 0 {
        return None;
    }
    if matches!(evidence, Evidence::Attribution | Evidence::Apposition)
        && speaks_as_company(words, classes, facts, name_end - 1, end)
    {
        return None;
    }
    if name_words.len() == 1 {
        let word = &name_words[0];
        if word.text.chars().count() < 3 {
            return None;
        }
        // A lone word opening a sentence may be a common noun: it is one if the text also has it
        // in lowercase.
        if evidence == Evidence::Attribution
            && matches!(word.gap, Gap::Start | Gap::Stop | Gap::Other)
            && facts.appears_lowercase(words, word.text)
        {
            return None;
        }
    }
    let first = name_words[0].start;
    let last = name_words[name_words.len() - 1];
    let display = &text[first..last.start + last.text.len()];
    Some(display.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Signs that an attributed name is a company's: `Hecla said it …`, or the same word elsewhere
/// before an organization word (`Hecla Mining`, `Albertson Inc`).
fn speaks_as_company<'a>(
    words: &[Word<'a>],
    classes: &[Classes],
    facts: &Facts<'a>,
    last_name_word: usize,
    run_end: usize,
) -> bool {
    let said_it = run_end + 1 < words.len()
        && classes[run_end] & ATTRIBUTION != 0
        && words[run_end + 1].gap == Gap::Space
        && matches!(words[run_end + 1].text, "it" | "its" | "they" | "their");
    if said_it {
        return true;
    }
    facts.is_before_org(words, classes, words[last_name_word].text)
}

/// After the run: `, who …`, `, 67, …`, or `, a|an …researcher|economist|… ` (within three words).
fn has_person_apposition(words: &[Word], end: usize) -> bool {
    let Some(next) = words.get(end) else { return false };
    if next.gap != Gap::Comma {
        return false;
    }
    match next.text {
        "who" | "whose" => true,
        "a" | "an" => words[end + 1..]
            .iter()
            .take(3)
            .take_while(|word| word.gap == Gap::Space)
            .any(|word| !word.is_capitalized() && classes_of_lowercase(word.text) & APPOSITION_NOUN != 0),
        age => {
            age.len() <= 3
                && age.bytes().all(|byte| byte.is_ascii_digit())
                && words.get(end + 1).is_some_and(|after| after.gap == Gap::Comma)
        }
    }
}

fn is_lowercase_role(word: &Word, class: Classes) -> bool {
    class & ROLE != 0 && !word.is_capitalized() && !word.possessive
}

/// Two capitals in a row after the first letter (`WestLB`): brand names, not people;
/// `McDonald` and `DeConcini` pass.
fn has_inner_capitals(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).skip(1).any(|pair| pair[0].is_ascii_uppercase() && pair[1].is_ascii_uppercase())
}

/// `Singh said`, `Singh told`, `said Singh.`, `said Singh, the minister`, `according to Singh`.
fn is_attributed(words: &[Word], classes: &[Classes], start: usize, end: usize) -> bool {
    let is_verb = |at: usize| classes[at] & ATTRIBUTION != 0 && !words[at].is_capitalized();
    let verb_after = end < words.len() && matches!(words[end].gap, Gap::Space | Gap::Comma) && is_verb(end);
    // `Mikulic has said`, `Smith also told`
    let auxiliary = |word: &Word| matches!(word.text, "has" | "had" | "also" | "later" | "then" | "again");
    let verb_after_auxiliary = end + 1 < words.len()
        && words[end].gap == Gap::Space
        && auxiliary(&words[end])
        && words[end + 1].gap == Gap::Space
        && words[end + 1].text.len() > 2
        && classes_of_lowercase(words[end + 1].text) & ATTRIBUTION != 0;
    if verb_after || verb_after_auxiliary {
        return true;
    }
    let closes = end == words.len() || matches!(words[end].gap, Gap::Stop | Gap::Comma);
    let verb_before = start > 0
        && words[start].gap == Gap::Space
        && classes[start - 1] & ATTRIBUTION != 0
        && !words[start - 1].is_capitalized();
    let according_to = start > 1
        && words[start].gap == Gap::Space
        && words[start - 1].text == "to"
        && words[start - 2].text.eq_ignore_ascii_case("according");
    closes && (verb_before || according_to)
}

/// What the checks of candidate names ask about the whole text, gathered once per text so that
/// many candidates in a long text cost no rescans.
struct Facts<'a> {
    /// Words written right before an organization word (`Hecla Mining`, `Albertson Inc`); built
    /// on first use.
    before_org: OnceCell<HashSet<&'a str>>,
    /// Words that start with a lowercase letter; built on first use.
    lowercase_words: OnceCell<HashSet<&'a str>>,
}

impl<'a> Facts<'a> {
    fn is_before_org(&self, words: &[Word<'a>], classes: &[Classes], word: &str) -> bool {
        let before_org = self.before_org.get_or_init(|| {
            (1..words.len())
                .filter(|&at| {
                    words[at].gap == Gap::Space
                        && words[at].is_capitalized()
                        && classes[at] & ORG != 0
                        && !words[at - 1].possessive
                })
                .map(|at| words[at - 1].text)
                .collect()
        });
        before_org.contains(word)
    }

    /// `word` also occurs in the text written in lowercase (`Officials` / `officials`).
    fn appears_lowercase(&self, words: &[Word<'a>], word: &str) -> bool {
        let lowercase_words = self.lowercase_words.get_or_init(|| {
            words
                .iter()
                .filter(|candidate| candidate.text.chars().next().is_some_and(char::is_lowercase))
                .map(|candidate| candidate.text)
                .collect()
        });
        lowercase_words.contains(word.to_lowercase().as_str())
    }
}

/// Removes repeats; a surname or given name alone is dropped when a full name has it, and a
/// full name that ends another (`Otto Poehl`, `Karl Otto Poehl`) is dropped for the longer one.
fn merge(candidates: Vec<String>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if !unique.contains(&candidate) {
            unique.push(candidate);
        }
    }
    let full_names: Vec<&String> = unique.iter().filter(|name| name.contains(' ')).collect();
    let keep: Vec<bool> = unique
        .iter()
        .map(|name| {
            if !name.contains(' ') {
                return !full_names.iter().any(|full| full.split(' ').any(|part| part == name));
            }
            let covered = full_names.iter().any(|full| {
                full.len() > name.len() && (full.ends_with(&format!(" {name}")) || same_person_with_middle(full, name))
            });
            !covered
        })
        .collect();
    unique.into_iter().zip(keep).filter_map(|(name, keep)| keep.then_some(name)).collect()
}

/// `James A. Baker` and `James Baker` are one person.
fn same_person_with_middle(longer: &str, shorter: &str) -> bool {
    let long_parts: Vec<&str> = longer.split(' ').collect();
    let short_parts: Vec<&str> = shorter.split(' ').collect();
    short_parts.len() == 2
        && long_parts.len() > 2
        && long_parts.first() == short_parts.first()
        && long_parts.last() == short_parts.last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_people(text: &str, expected: &[&str]) {
        assert_eq!(people(text), expected, "people in {text:?}");
    }

    #[track_caller]
    fn assert_nobody(text: &str) {
        assert_people(text, &[]);
    }

    #[test]
    fn titles_and_roles() {
        assert_people("Defence Minister Rajnath Singh met him.", &["Rajnath Singh"]);
        assert_people("He met US Secretary of War Pete Hegseth on Friday.", &["Pete Hegseth"]);
        assert_people("He spoke to Mr. Volcker yesterday.", &["Volcker"]);
        assert_people("Treasury Secretary James Baker said the dollar fell.", &["James Baker"]);
        assert_people("Fed Chairman Paul Volcker told Congress.", &["Paul Volcker"]);
        assert_people("said finance minister Ali Khalifa al-Sabah.", &["Ali Khalifa"]);
        assert_people("U.N. Secretary-General Javier Perez de Cuellar arrived.", &["Javier Perez de Cuellar"]);
        assert_people("Japanese Prime Minister Yasuhiro Nakasone said.", &["Yasuhiro Nakasone"]);
    }

    #[test]
    fn attribution() {
        assert_people("The plan will work, Singh said.", &["Singh"]);
        assert_people("\"It is good,\" said Stoltenberg.", &["Stoltenberg"]);
        assert_people("according to Lawson, rates fall.", &["Lawson"]);
        assert_people("Mikulic has said inflation would fall.", &["Mikulic"]);
        assert_people("trade. Katrín Björnsdóttir, an energy researcher at the university", &["Katrín Björnsdóttir"]);
        assert_people("warned. Agnieszka Wójcik, who chairs an association", &["Agnieszka Wójcik"]);
        assert_people("said.\n\nNathalie Rey, 67, who spent the afternoon", &["Nathalie Rey"]);
        assert_nobody("They met in Kuala Lumpur, a city of millions, and Harbourfront Analytics, a consultancy.");
        assert_people("gave Margaret Thatcher's Conservative party a lead", &["Margaret Thatcher"]);
        assert_people("discarded President\nReagan's economic assumptions", &["Reagan"]);
    }

    #[test]
    fn surnames_merge_into_full_names() {
        assert_people(
            "Fed Chairman Paul Volcker spoke. Volcker said rates would hold. Mr. Volcker left.",
            &["Paul Volcker"],
        );
        assert_people("Karl Otto Poehl spoke. Otto Poehl left.", &["Karl Otto Poehl"]);
        assert_people("James A. Baker spoke and James Baker left.", &["James A. Baker"]);
    }

    #[test]
    fn no_false_people() {
        assert_nobody("The talks ended. But Monday was quiet in Kuala Lumpur.");
        assert_nobody("The Defence Ministry said on Monday that the New York Stock Exchange closed.");
        assert_nobody("Japan said it would act. Officials said prices rose.");
        assert_nobody("Prices rose in March, the Finance Ministry said.");
        assert_nobody("Reuters said. Analysts said. Traders said.");
        assert_nobody("Morgan Stanley Inc said it would buy shares.");
        assert_nobody("India said its exports fell, the World Bank said.");
        assert_nobody("TREASURY SECRETARY JAMES BAKER SAID");
        assert_nobody("They flew to San Pedro de Atacama on Monday.");
        assert_nobody("Organisers said the race was a success, Harbourfront Analytics said.");
        assert_nobody("In the dispute, Montana said it would appeal.");
        assert_nobody("Hecla said it would buy the mine.");
        assert_nobody("WestLB said rates rose; Banque Internationale said so too.");
        assert_people("Dennis DeConcini and Mitch McConnell said", &["Dennis DeConcini", "Mitch McConnell"]);
        assert_nobody("Albertson Inc raised prices. Albertson said demand was strong.");
        assert_nobody("The Fed said rates would hold. Bundesbank said so too.");
        assert_nobody("Southwest Bancorp said profits rose; Weather Service said rain.");
    }

    #[test]
    fn seeds() {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/seeds");
        let entries = std::fs::read_dir(seeds).expect("../shared/corpora/seeds beside the project");
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("readable seed");
            assert_eq!(people(&text), ["Rajnath Singh", "Pete Hegseth"], "people in {}", entry.path().display());
        }
    }
}
