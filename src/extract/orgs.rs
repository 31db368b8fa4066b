//! Organizations named in an article: international and government bodies by name or acronym
//! (`OPEC`, `the International Monetary Fund` → "IMF", `World Bank`), acronyms the text defines
//! (`the Securities and Exchange Commission (SEC)` → "SEC"), and government bodies by pattern
//! (`Defence Ministry`, `Ministry of Defence`, `Bank of Japan`, `Asian Development Bank`).
//!
//! Companies are organizations too, found by [`companies`] (legal forms, tickers, context, a
//! lexicon of well-known firms): [`extract_orgs`] puts them in `orgs` and in `companies`; the
//! patterns here skip names with `Corp`, `Inc`, `Ltd`, `Co`, `Group`, … and leave them to it. The
//! organization list ([`crate::lexicon::names`]) is written from general knowledge of well-known
//! international bodies; one Aho-Corasick pass finds its names.

mod companies;

pub use companies::companies;

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::words::{self, Gap, Word};
use crate::lexicon::names::{
    is_company_word, is_org_connector, is_org_head, is_org_stop_word, is_place, is_public_bank_word, organizations,
};

struct Lexicon {
    /// Display name of each pattern.
    display_of_pattern: Vec<usize>,
    displays: Vec<String>,
    /// Case-sensitive, for ordinary text.
    exact: AhoCorasick,
    /// ASCII case-insensitive, for text in capitals only (old wire copy).
    caseless: AhoCorasick,
    /// Alias (as written) → display index, for names found by pattern.
    by_alias: HashMap<String, usize>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut displays = Vec::new();
    let mut aliases = Vec::new();
    let mut display_of_pattern = Vec::new();
    let mut by_alias = HashMap::new();
    for organization in organizations() {
        let index = displays.len();
        displays.push(organization.display().to_string());
        for &alias in &organization.names {
            aliases.push(alias.to_string());
            display_of_pattern.push(index);
            by_alias.insert(alias.to_string(), index);
        }
    }
    let build = |caseless: bool| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(caseless)
            .build(&aliases)
            .expect("the organization lexicon builds")
    };
    Lexicon { display_of_pattern, displays, exact: build(false), caseless: build(true), by_alias }
});

/// Fills `article.companies` and `article.orgs` from the title and body when the file gave none;
/// the article's companies (given or found) are among the organizations filled.
pub(crate) fn extract_orgs(article: &mut crate::article::Article) {
    use crate::article::MetaField;
    let wants_companies = article.companies.is_empty();
    let wants_orgs = article.orgs.is_empty();
    if !wants_companies && !wants_orgs {
        return;
    }
    // The body and the headline are split into words once, for companies and bodies both.
    let (companies, orgs) = {
        let body_words = split(&article.body);
        let title_words = article.title.as_deref().map(split).unwrap_or_default();
        let mut texts: Vec<(&str, &[Word])> = vec![(article.body.as_str(), &body_words)];
        if let Some(title) = article.title.as_deref() {
            texts.push((title, &title_words));
        }
        let companies = if wants_companies { companies::companies_in_words(&texts) } else { Vec::new() };
        let mut orgs = Vec::new();
        if wants_orgs {
            for (text, words) in &texts {
                for name in orgs_in(text, words) {
                    if !orgs.contains(&name) {
                        orgs.push(name);
                    }
                }
            }
        }
        (companies, orgs)
    };
    if !companies.is_empty() {
        article.companies = companies;
        article.mark_extracted(MetaField::Companies);
    }
    if !wants_orgs {
        return;
    }
    let mut found = orgs;
    for company in &article.companies {
        if !found.contains(company) {
            found.push(company.clone());
        }
    }
    if !found.is_empty() {
        article.orgs = found;
        article.mark_extracted(MetaField::Orgs);
    }
}

fn split(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::with_capacity(text.len() / 5);
    words::split(text, &mut words);
    words
}

/// The organizations named in `text`, by display name, in order of first mention.
pub fn orgs(text: &str) -> Vec<String> {
    orgs_in(text, &split(text))
}

/// [`orgs`] of a text already split into `words` ([`words::split`]).
fn orgs_in(text: &str, words: &[Word]) -> Vec<String> {
    let lexicon = &*LEXICON;
    // (offset, name) pairs, sorted by offset at the end.
    let mut found: Vec<(usize, String)> = Vec::new();
    let in_capitals = !text.chars().any(char::is_lowercase);
    let automaton = if in_capitals { &lexicon.caseless } else { &lexicon.exact };
    let mut lexicon_spans: Vec<(usize, usize)> = Vec::new();
    for found_match in automaton.find_iter(text) {
        if is_word_boundary(text, found_match.start(), found_match.end()) {
            let display = &lexicon.displays[lexicon.display_of_pattern[found_match.pattern().as_usize()]];
            found.push((found_match.start(), display.clone()));
            lexicon_spans.push((found_match.start(), found_match.end()));
        }
    }
    if !in_capitals {
        let mut by_pattern = Vec::new();
        find_patterns(text, words, &mut by_pattern);
        // A pattern inside a name the lexicon knows (`Monetary Fund` in `International Monetary
        // Fund`) or the text defines (`Indian Council of Medical Research (ICMR)`) is that name.
        let defined_spans: Vec<(usize, usize)> =
            by_pattern.iter().filter(|found| found.defined).map(|found| (found.start, found.end)).collect();
        let overlaps = |spans: &[(usize, usize)], start: usize, end: usize| {
            spans.iter().any(|&(known_start, known_end)| start < known_end && known_start < end)
        };
        for found_name in &by_pattern {
            let known = lexicon.by_alias.contains_key(found_name.name);
            let inside_lexicon = overlaps(&lexicon_spans, found_name.start, found_name.end);
            let inside_definition = !found_name.defined && overlaps(&defined_spans, found_name.start, found_name.end);
            if known || (!inside_lexicon && !inside_definition) {
                found.push((found_name.start, resolve(lexicon, found_name.name)));
            }
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    let mut names: Vec<String> = Vec::with_capacity(found.len());
    for (_, name) in found {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// No letter or digit right before `start` or right after `end`.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Government bodies by pattern, and acronyms the text defines.
/// A name found by pattern: byte span, name, and whether the text defined it as an acronym.
struct Found<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    defined: bool,
}

/// Pushes each name found by pattern.
fn find_patterns<'a>(text: &'a str, words: &[Word<'a>], found: &mut Vec<Found<'a>>) {
    for (at, word) in words.iter().enumerate() {
        if !word.is_capitalized() {
            continue;
        }
        if is_org_head(word.text) {
            let before = name_before_head(text, words, at);
            let after = name_after_head(text, words, at);
            // `Indian Council` + `Council of Medical Research` is one name.
            let span = match (before, after) {
                (Some((start, _)), Some(after)) => Some((start, word.start + after.len())),
                (Some((start, before)), None) => Some((start, start + before.len())),
                (None, Some(after)) => Some((word.start, word.start + after.len())),
                (None, None) => None,
            };
            if let Some((start, end)) = span {
                found.push(Found { start, end, name: &text[start..end], defined: false });
            }
        }
        if let Some((start, name)) = defined_acronym(text, words, at) {
            found.push(Found { start, end: word.end, name, defined: true });
        }
    }
}

/// The lexicon's display name for a name it knows, else the name itself.
/// Line breaks and runs of spaces inside a name become one space.
fn resolve(lexicon: &Lexicon, name: &str) -> String {
    let name = if name.contains(|c: char| c.is_whitespace() && c != ' ') || name.contains("  ") {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        name.to_string()
    };
    match lexicon.by_alias.get(name.as_str()) {
        Some(&index) => lexicon.displays[index].clone(),
        None => name,
    }
}

/// `Defence Ministry`, `Japanese Finance Ministry`, `Asian Development Bank`: capitalised words
/// right before the head.
fn name_before_head<'a>(text: &'a str, words: &[Word], head_at: usize) -> Option<(usize, &'a str)> {
    let mut start = head_at;
    while start > 0 {
        let current = &words[start];
        let previous = &words[start - 1];
        let joined = current.gap == Gap::Space && !previous.possessive && previous.is_capitalized();
        if !joined || is_common(previous.text) || start + 4 <= head_at {
            break;
        }
        start -= 1;
    }
    if start == head_at {
        return None;
    }
    let run = &words[start..=head_at];
    if run.iter().any(|word| is_company_word(word.text))
        || words.get(head_at + 1).is_some_and(|next| next.gap == Gap::Space && is_company_word(next.text))
    {
        return None;
    }
    if words[head_at].text == "Bank" && !run.iter().any(|word| is_public_bank_word(word.text)) {
        return None;
    }
    Some((run[0].start, &text[run[0].start..words[head_at].start + words[head_at].text.len()]))
}

/// `Ministry of Defence`, `Ministry of International Trade and Industry`, `Bank of Japan`.
fn name_after_head<'a>(text: &'a str, words: &[Word], head_at: usize) -> Option<&'a str> {
    let of = words.get(head_at + 1)?;
    if of.text != "of" || of.gap != Gap::Space || words[head_at].possessive {
        return None;
    }
    let mut end = head_at + 2;
    let mut last_capitalized = None;
    while let Some(word) = words.get(end) {
        if word.gap != Gap::Space {
            break;
        }
        if word.is_capitalized() && !is_common(word.text) {
            last_capitalized = Some(end);
        } else if !is_org_connector(word.text) {
            break;
        }
        end += 1;
        if word.possessive {
            break;
        }
    }
    let last = last_capitalized?;
    let run = &words[head_at..=last];
    if run.iter().any(|word| is_company_word(word.text)) {
        return None;
    }
    // A `Bank of …` is a central bank only when a country or a capital follows (`Bank of Japan`,
    // `Bank of England`); `Bank of America` is a company.
    if words[head_at].text == "Bank" {
        let place = &words[head_at + 2];
        let is_country = is_place(place.text) || place.text == "England";
        if last != head_at + 2 || !is_country || place.text == "America" {
            return None;
        }
    }
    Some(&text[words[head_at].start..words[last].start + words[last].text.len()])
}

/// `the Organization of Petroleum Exporting Countries (OPEC)` → (`OPEC`'s offset, "OPEC") when
/// the capitalised words before the brackets spell the acronym.
fn defined_acronym<'a>(text: &'a str, words: &[Word<'a>], at: usize) -> Option<(usize, &'a str)> {
    let word = &words[at];
    if at == 0 || !word.is_all_caps() || word.text.contains('.') {
        return None;
    }
    let letters: Vec<char> = word.text.chars().filter(char::is_ascii_uppercase).collect();
    if !(2..=8).contains(&letters.len()) {
        return None;
    }
    let opens = text[words[at - 1].end..word.start].trim_end().ends_with('(');
    let closes = text[word.end..].starts_with(')');
    if !opens || !closes {
        return None;
    }
    // Walk back over capitalised words and connectors, matching initials from the last letter.
    let mut needed = letters.len();
    let mut start = at;
    while needed > 0 && start > 0 {
        if start < at && words[start].gap != Gap::Space {
            return None;
        }
        let candidate = &words[start - 1];
        if candidate.is_capitalized() && !is_common(candidate.text) {
            let initials: Vec<char> =
                candidate.text.split('-').filter_map(|part| part.chars().next()).filter(|c| c.is_uppercase()).collect();
            if initials.len() > needed || initials.as_slice() != &letters[needed - initials.len()..needed] {
                return None;
            }
            needed -= initials.len();
        } else if start == at || !is_org_connector(candidate.text) {
            return None;
        }
        start -= 1;
    }
    if needed > 0 {
        return None;
    }
    let full = &words[start..at];
    // The bracket sits between the full name and the acronym; inside the name only spaces.
    if full.iter().skip(1).any(|word| word.gap != Gap::Space)
        || full.iter().any(|word| is_company_word(word.text))
        || words.get(at + 1).is_some_and(|next| is_company_word(next.text))
    {
        return None;
    }
    let full_name = &text[full[0].start..full[full.len() - 1].start + full[full.len() - 1].text.len()];
    if LEXICON.by_alias.contains_key(full_name) {
        return Some((full[0].start, full_name));
    }
    Some((full[0].start, word.text))
}

/// Words that open sentences (`The`, `But`), weekdays and months.
fn is_common(word: &str) -> bool {
    is_org_stop_word(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_orgs(text: &str, expected: &[&str]) {
        assert_eq!(orgs(text), expected, "organizations in {text:?}");
    }

    #[test]
    fn lexicon_names_and_acronyms() {
        assert_orgs("OPEC and the IMF met the World Bank.", &["OPEC", "IMF", "World Bank"]);
        assert_orgs("the European Community and ASEAN", &["EC", "ASEAN"]);
        assert_orgs("under GATT rules, the Federal Reserve said", &["GATT", "Federal Reserve"]);
        assert_orgs("The International Monetary Fund (IMF) said", &["IMF"]);
        assert_orgs("THE IMF AND THE INTERNATIONAL MONETARY FUND", &["IMF"]);
        assert_orgs("SOPEC and OPECs are not OPEC", &["OPEC"]);
    }

    #[test]
    fn defined_acronyms_merge() {
        assert_orgs("the Organization of Petroleum Exporting Countries (OPEC) said. OPEC output rose.", &["OPEC"]);
        assert_orgs("the Securities and Exchange Commission (SEC) said. The SEC", &["SEC"]);
        assert_orgs("the Bundesanstalt fuer Arbeit (BA)", &[]);
        assert_orgs("American Telephone and Telegraph Co (ATT)", &[]);
    }

    #[test]
    fn government_patterns() {
        assert_orgs("the Defence Ministry said", &["Defence Ministry"]);
        assert_orgs("The Ministry of Defence stated", &["Ministry of Defence"]);
        assert_orgs(
            "Japan's Ministry of International Trade and Industry",
            &["Ministry of International Trade and Industry"],
        );
        assert_orgs("the Bank of Japan and the Asian Development Bank", &["Bank of Japan", "ADB"]);
        assert_orgs("Chase Manhattan Bank and Bank of America", &[]);
        assert_orgs("the Interamerican\n    Development Bank", &["Interamerican Development Bank"]);
        assert_orgs("the Inter-American\nDevelopment Bank", &["IDB"]);
        assert_orgs("Acme Holdings Group Board", &[]);
        assert_orgs("the Indian Council of Medical Research said", &["Indian Council of Medical Research"]);
        assert_orgs("the Indian Council of Medical Research (ICMR) said. ICMR", &["ICMR"]);
    }

    #[test]
    fn seeds() {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/seeds/004_dbf7c52e2ea52442.txt");
        let text = std::fs::read_to_string(seed).expect("../shared/corpora/seeds beside the project");
        let found = orgs(&text);
        assert!(found.contains(&"ASEAN".to_string()), "{found:?}");
        assert!(found.contains(&"Ministry of Defence".to_string()), "{found:?}");
    }
}
