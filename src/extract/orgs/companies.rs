//! Companies named in an article. A capitalised run of words is a company when the text says so:
//! a legal form after it (`Boeing Co`, `AirTanker Ltd.`, `Siemens AG`), a company's last word
//! (`Adam Air`, `Douglas Aircraft`, `JSA Research`), a ticker (`News Corp <NWS>`, `(NYSE: BA)`),
//! an acronym defined from a company's name (`European Aeronautic Defence and Space Company (EADS)`),
//! a business noun beside it (`carmaker Volkswagen`, `Ryanair, the low-cost airline`), or a cue
//! from `lexicon/names/company_cues.txt` (`shares of X`, `X's chief executive`, `X said in a
//! statement`). Well-known companies (`lexicon/names/companies.txt`) are found by name; those whose
//! name is also a word, a person or a place (`Apple`, `Ford`, `Shell`) count only when the article
//! gives the name other company evidence.
//!
//! A company is kept under its name without the legal form (`Boeing Co` → "Boeing"), or the
//! lexicon's display name (`GM` → "General Motors"), so each company is one name. Names that are a
//! person's (a given name first, a title, or the surname of a person the article names), a place,
//! or a public body (`Ministry`, `University`, `Party`) are not companies. Text without case (wire
//! copy in capitals, headlines in title case) gives no runs to go by: only the lexicon's
//! unambiguous names are found there.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::extract::words::{self, Gap, Word};
use crate::lexicon::names::{
    self, Ambiguity, COMMON, CompanyCue, CuePlace, FIRST_NAME, ROLE, TITLE, classify, company_cues, is_company_head,
    is_company_noun, is_company_suffix, is_company_word, is_market_index_word, is_not_company_word, is_org_connector,
    is_org_stop_word, is_place, is_public_bank_word, organizations,
};
use crate::lexicon::places::gazetteer;

/// The cues, indexed by the word next to the name, so that a run checks only the cues that can
/// match it.
struct CueWords {
    /// First words of cues after a name (`CEO`, `shares`): a name ends before them.
    after_first: HashSet<&'static str>,
    /// First words of cues before a name, lowercase (`shares` of `shares of`).
    before_first: HashSet<String>,
    /// Cues after a name by their first word.
    after: HashMap<&'static str, Vec<&'static CompanyCue>>,
    /// Cues before a name by their last word, lowercase (`of` of `shares of`).
    before: HashMap<String, Vec<&'static CompanyCue>>,
}

static CUE_WORDS: LazyLock<CueWords> = LazyLock::new(|| {
    let mut words = CueWords {
        after_first: HashSet::new(),
        before_first: HashSet::new(),
        after: HashMap::new(),
        before: HashMap::new(),
    };
    for cue in company_cues() {
        match cue.place {
            CuePlace::After => {
                words.after_first.insert(cue.words[0]);
                words.after.entry(cue.words[0]).or_default().push(cue);
            }
            CuePlace::Before => {
                words.before_first.insert(cue.words[0].to_lowercase());
                let last = cue.words[cue.words.len() - 1].to_lowercase();
                words.before.entry(last).or_default().push(cue);
            }
        }
    }
    words
});

/// The company lexicon, matched in one pass.
struct Lexicon {
    displays: Vec<&'static str>,
    /// Pattern → (display index, what else the name can be).
    patterns: Vec<(usize, Ambiguity)>,
    /// Every written form, case-sensitive.
    exact: AhoCorasick,
    /// Unambiguous forms of three characters or more, ASCII case ignored, for text without case.
    caseless: AhoCorasick,
    caseless_patterns: Vec<usize>,
    /// Written form → display index, for names found by evidence.
    by_name: HashMap<&'static str, usize>,
    /// Names of the organization lexicon: never companies.
    organizations: HashSet<&'static str>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut displays = Vec::new();
    let mut patterns = Vec::new();
    let mut written = Vec::new();
    let mut caseless_written = Vec::new();
    let mut caseless_patterns = Vec::new();
    let mut by_name = HashMap::new();
    for company in names::companies() {
        let index = displays.len();
        displays.push(company.display);
        for &(name, ambiguous) in &company.names {
            written.push(name);
            patterns.push((index, ambiguous));
            by_name.insert(name, index);
            if ambiguous == Ambiguity::None && name.len() >= 3 {
                caseless_written.push(name);
                caseless_patterns.push(index);
            }
        }
    }
    let build = |names: &[&str], caseless: bool| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(caseless)
            .build(names)
            .expect("the company lexicon builds")
    };
    let organizations = organizations().iter().flat_map(|organization| organization.names.iter().copied()).collect();
    Lexicon {
        exact: build(&written, false),
        caseless: build(&caseless_written, true),
        displays,
        patterns,
        caseless_patterns,
        by_name,
        organizations,
    }
});

/// The companies named in `text`, by display name, in order of first mention.
pub fn companies(text: &str) -> Vec<String> {
    companies_in(&[text])
}

/// The companies named in `texts` (a body and its headline), in order of first mention: evidence
/// in one text counts for the same name in the others.
pub(crate) fn companies_in(texts: &[&str]) -> Vec<String> {
    let split: Vec<Vec<Word>> = texts
        .iter()
        .map(|text| {
            let mut words = Vec::new();
            words::split(text, &mut words);
            words
        })
        .collect();
    let texts: Vec<(&str, &[Word])> = texts.iter().copied().zip(split.iter().map(Vec::as_slice)).collect();
    companies_in_words(&texts)
}

/// [`companies_in`] of texts already split into words ([`words::split`]).
pub(crate) fn companies_in_words(texts: &[(&str, &[Word])]) -> Vec<String> {
    let mut state = State::default();
    for (text_index, &(text, words)) in texts.iter().enumerate() {
        state.text_index = text_index;
        if has_no_case(text) {
            state.lexicon_caseless(text);
            continue;
        }
        state.lexicon_exact(text);
        state.by_evidence(text, words);
    }
    state.finish()
}

/// Where a name was found: which text, and the byte offset in it.
type Position = (usize, usize);

#[derive(Default)]
struct State {
    text_index: usize,
    /// Companies found, with where.
    found: Vec<(Position, String)>,
    /// Ambiguous lexicon names seen, waiting for evidence, and whether they may also be a person's
    /// name or a place (rather than a word).
    pending: Vec<(Position, String, bool)>,
    /// Names with company evidence in the article.
    evidenced: HashSet<String>,
    /// Last words of the article's person names (`Ford` of `Gerald Ford`).
    surnames: HashSet<String>,
}

impl State {
    fn add(&mut self, at: usize, name: String) {
        self.evidenced.insert(name.clone());
        self.found.push(((self.text_index, at), name));
    }

    /// Lexicon names in text without case: unambiguous ones only.
    fn lexicon_caseless(&mut self, text: &str) {
        let lexicon = &*LEXICON;
        for found in lexicon.caseless.find_iter(text) {
            if is_word_boundary(text, found.start(), found.end()) {
                let display = lexicon.displays[lexicon.caseless_patterns[found.pattern().as_usize()]];
                self.add(found.start(), display.to_string());
            }
        }
    }

    /// Lexicon names as written; an ambiguous one waits for evidence and must be a whole run
    /// (`Apple`, not the `Apple` of `Apple Valley`).
    fn lexicon_exact(&mut self, text: &str) {
        let lexicon = &*LEXICON;
        for found in lexicon.exact.find_iter(text) {
            let (start, end) = (found.start(), found.end());
            let exchange_of_ticker = text[..start].ends_with('(') && text[end..].starts_with(':');
            if !is_word_boundary(text, start, end) || exchange_of_ticker || names_market_index(&text[end..]) {
                continue;
            }
            let (index, ambiguity) = lexicon.patterns[found.pattern().as_usize()];
            let display = lexicon.displays[index].to_string();
            let position = (self.text_index, start);
            match ambiguity {
                Ambiguity::None => self.add(start, display),
                _ if extends_run(text, start, end) => {}
                Ambiguity::Word if !opens_sentence_at(text, start) => self.add(start, display),
                Ambiguity::Word => self.pending.push((position, display, false)),
                Ambiguity::Name => self.pending.push((position, display, true)),
            }
        }
    }

    /// Names the text marks as companies by form or context.
    fn by_evidence(&mut self, text: &str, words: &[Word]) {
        let mut defined_from = Vec::new();
        for at in 0..words.len() {
            if let Some((first, acronym)) = defined_acronym(text, words, at) {
                self.add(words[first].start, resolve(acronym));
                defined_from.push((first, at));
            }
        }
        let runs = runs(text, words);
        let surnames = surnames(words, &runs);
        self.surnames.extend(surnames.iter().map(|surname| surname.to_string()));
        let mut run_ending_at = vec![usize::MAX; words.len()];
        for (index, run) in runs.iter().enumerate() {
            run_ending_at[run.last] = index;
        }
        for run in &runs {
            if defined_from.iter().any(|&(first, acronym)| (first..acronym).contains(&run.last)) {
                continue;
            }
            if names_market_index(&text[words[run.last].end..]) {
                continue;
            }
            let Some(candidate) = Candidate::of(text, words, run) else { continue };
            let strong = candidate.has_suffix || has_ticker(text, words, run) || in_angle_brackets(text, words, run);
            // A possessive cue (`Marlow's chief executive`) holds even for a word opening a sentence.
            let possessive_cue = words[run.last].possessive && cue_after(words, candidate.first, run.last);
            let evidence = strong
                || possessive_cue
                || candidate.has_head
                || cue_before(words, run.first)
                || cue_after(words, candidate.first, run.last)
                || apposition(words, run.last);
            if evidence && (strong || candidate.can_be_company(words, &surnames, possessive_cue)) {
                let name = resolve(&one_line(candidate.name));
                self.add(words[candidate.first].start, name);
            }
        }
        for run in runs.iter().filter(|run| run.last > run.first) {
            if let Some(name) = regional_unit(text, words, run, &self.evidenced) {
                self.add(words[run.first].start, name);
            }
        }
    }

    /// Companies in order of first mention, ambiguous lexicon names included when evidenced; a
    /// name that can be a person's or a place also when the article names other companies and
    /// never a person of that name.
    fn finish(mut self) -> Vec<String> {
        let pending = std::mem::take(&mut self.pending);
        let other_companies = !self.found.is_empty();
        for (position, name, can_be_person) in pending {
            let among_companies = can_be_person && other_companies && !self.surnames.contains(&name);
            if self.evidenced.contains(&name) || among_companies {
                self.found.push((position, name));
            }
        }
        self.found.sort_by_key(|(position, _)| *position);
        let mut names: Vec<String> = Vec::with_capacity(self.found.len());
        for (_, name) in self.found {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

/// No lowercase letter at all (wire copy in capitals), or a headline in title case: no final stop,
/// and every word of four letters or more capitalised.
fn has_no_case(text: &str) -> bool {
    if !text.chars().any(char::is_lowercase) {
        return true;
    }
    // A headline is short and has no final stop.
    if text.len() > 300 || text.trim_end().ends_with(['.', '"', '”']) {
        return false;
    }
    let long_words: Vec<&str> =
        text.split_whitespace().filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let capitalized = long_words.iter().filter(|word| word.starts_with(char::is_uppercase)).count();
    long_words.len() >= 3 && long_words.len() <= 25 && capitalized == long_words.len()
}

/// No letter or digit right before `start` or right after `end`.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The byte `start` opens the text or a sentence: only spaces, quotes or brackets since a `.`, `!`,
/// `?` or a blank line.
fn opens_sentence_at(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '(', '\'']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// `Dow Jones Industrial Average`, `Nasdaq Composite`, `Nikkei 225`: what follows a name (`after`)
/// makes it a market index.
fn names_market_index(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else { return false };
    let next: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
    is_market_index_word(next) || (!next.is_empty() && next.chars().all(|c| c.is_ascii_digit()))
}

/// A capitalised word joins the match on either side with a space between (`Apple Valley`,
/// `Big Apple`), so the match is only part of a longer name.
fn extends_run(text: &str, start: usize, end: usize) -> bool {
    let after = &text[end..];
    let next_word_capitalized = after.strip_prefix(' ').is_some_and(|rest| {
        let word: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
        word.starts_with(char::is_uppercase) && !is_company_suffix(word) && !is_org_stop_word(word)
    });
    let before = &text[..start];
    let previous_word_capitalized = before.strip_suffix(' ').is_some_and(|rest| {
        let word = rest.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
        word.starts_with(char::is_uppercase)
            && !is_org_stop_word(word)
            && classify(word, &mut String::new()) & COMMON == 0
    });
    next_word_capitalized || previous_word_capitalized
}

/// A run of capitalised words: indices of its first and last word.
#[derive(Debug, Clone, Copy)]
struct Run {
    first: usize,
    last: usize,
}

/// Capitalised runs: words joined by a space or ` & ` (`Procter & Gamble`), a legal form after a
/// comma included (`Apple, Inc.`); a possessive word ends a run, and a title starts a new one
/// (`Apple` `CEO Steve Jobs`). A word opening a sentence that is
/// an ordinary word (`Shares`, `Rival`) is left out.
fn runs(text: &str, words: &[Word]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut buffer = String::new();
    let mut at = 0;
    while at < words.len() {
        if !is_name_word(&words[at]) || (opens_sentence(&words[at]) && is_ordinary_word(words[at].text)) {
            at += 1;
            continue;
        }
        let first = at;
        let mut last = at;
        while !words[last].possessive && last + 1 < words.len() {
            let next = &words[last + 1];
            let joined = match next.gap {
                // `Apple CEO Steve Jobs`: a title ends the name before it.
                Gap::Space => {
                    is_name_word(next)
                        && classify(next.text, &mut buffer) & (TITLE | ROLE) == 0
                        && !CUE_WORDS.after_first.contains(next.text)
                }
                Gap::Other => text[words[last].end..next.start].trim() == "&" && is_name_word(next),
                Gap::Comma => is_company_suffix(next.text),
                _ => false,
            };
            if !joined {
                break;
            }
            last += 1;
        }
        runs.push(Run { first, last });
        at = last + 1;
    }
    runs
}

/// Capitalised and not a function word, weekday or month (`The`, `Monday`) or a place of business
/// (`Seattle-based`).
fn is_name_word(word: &Word) -> bool {
    word.is_capitalized() && !is_org_stop_word(word.text) && !word.text.ends_with("-based")
}

/// The word starts the text or a sentence.
fn opens_sentence(word: &Word) -> bool {
    matches!(word.gap, Gap::Start | Gap::Stop)
}

/// A word that is capitalised only because it opens a sentence: a common word, a business noun
/// or the first word of a cue (`Shares of …`).
fn is_ordinary_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    classify(word, &mut String::new()) & COMMON != 0
        || is_company_noun(&lower)
        || CUE_WORDS.before_first.contains(&lower)
}

/// Last words of person names in the text: the word after a given name or a title
/// (`Alan Mulally`, `Mr Smith`), so that `Mulally said in a statement` is a person.
fn surnames<'a>(words: &[Word<'a>], runs: &[Run]) -> HashSet<&'a str> {
    let mut surnames = HashSet::new();
    let mut buffer = String::new();
    for run in runs.iter().filter(|run| run.last > run.first) {
        let opener = classify(words[run.first].text, &mut buffer);
        if opener & (FIRST_NAME | TITLE) != 0 && !is_company_suffix(words[run.last].text) {
            surnames.insert(words[run.last].text);
        }
    }
    surnames
}

/// A run as a company name: legal forms and a leading `The` left out.
struct Candidate<'a> {
    /// First and last word of the name.
    first: usize,
    last: usize,
    /// The name as written.
    name: &'a str,
    has_suffix: bool,
    has_head: bool,
}

impl<'a> Candidate<'a> {
    fn of(text: &'a str, words: &[Word], run: &Run) -> Option<Candidate<'a>> {
        let mut first = run.first;
        if words[first].text == "The" {
            first += 1;
        }
        let mut last = run.last;
        let mut has_suffix = false;
        while last > first && is_company_suffix(words[last].text) {
            has_suffix = true;
            last -= 1;
        }
        if first > last || is_company_suffix(words[first].text) {
            return None;
        }
        // `MacBook Air` is a product: a name with inner capitals is no airline.
        let product_like = words[last].text == "Air"
            && words[first..last].iter().any(|word| word.text.chars().skip(1).any(char::is_uppercase));
        let has_head = last > first && is_company_head(words[last].text) && !product_like;
        if has_suffix || has_head {
            first = start_before_connectors(words, first);
        }
        let name = &text[words[first].start..words[last].start + words[last].text.len()];
        Some(Candidate { first, last, name, has_suffix, has_head })
    }

    /// Not a person, a place, a public body or an ordinary word; a lone word opening a sentence
    /// only with a possessive cue.
    fn can_be_company(&self, words: &[Word], surnames: &HashSet<&str>, possessive_cue: bool) -> bool {
        let run = &words[self.first..=self.last];
        if self.name.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return false;
        }
        if run.iter().any(|word| is_not_company_word(word.text)) || LEXICON.organizations.contains(self.name) {
            return false;
        }
        if words[self.last].text == "Bank" && run.iter().any(|word| is_public_bank_word(word.text)) {
            return false;
        }
        if is_place_name(self.name) {
            return false;
        }
        if LEXICON.by_name.contains_key(self.name) {
            return true;
        }
        let mut buffer = String::new();
        // `CEO Steve Jobs`, `Chairman Rick Wagoner`: a title or a given name before another name.
        for (offset, word) in run.iter().enumerate() {
            let classes = classify(word.text, &mut buffer);
            let before_name = run.get(offset + 1).is_some_and(|next| !is_company_head(next.text));
            if classes & (TITLE | ROLE) != 0 || (classes & FIRST_NAME != 0 && before_name) {
                return false;
            }
        }
        if self.has_head {
            return true;
        }
        if run.len() == 1 {
            // A lone word opening a sentence may be any word (`Initially`, `Global`).
            let opener = classify(run[0].text, &mut buffer);
            return opener & COMMON == 0
                && (possessive_cue || !opens_sentence(&run[0]))
                && !surnames.contains(run[0].text);
        }
        true
    }
}

/// `Bank of America Corp`: a company's name reaches back over `of` to a company's word (`Bank`) and
/// the capitalised words before it.
fn start_before_connectors(words: &[Word], first: usize) -> usize {
    let mut start = first;
    while start >= 2
        && words[start].gap == Gap::Space
        && words[start - 1].gap == Gap::Space
        && words[start - 1].text == "of"
        && is_company_head(words[start - 2].text)
        && !words[start - 2].possessive
        && first - start < 6
    {
        start -= 2;
        while start > 0
            && words[start].gap == Gap::Space
            && is_name_word(&words[start - 1])
            && !words[start - 1].possessive
            && !opens_sentence(&words[start])
        {
            start -= 1;
        }
    }
    start
}

/// A name written over a line break or with runs of spaces, on one line with single spaces.
fn one_line(name: &str) -> String {
    if name.contains(|c: char| c.is_whitespace() && c != ' ') || name.contains("  ") {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        name.to_string()
    }
}

/// `Texaco Canada`, `Ford Europe`: a company of the article followed by places is a company too.
fn regional_unit(text: &str, words: &[Word], run: &Run, companies: &HashSet<String>) -> Option<String> {
    if !is_place_name(words[run.last].text) {
        return None;
    }
    (run.first + 1..=run.last).find_map(|split| {
        let company = &text[words[run.first].start..words[split - 1].start + words[split - 1].text.len()];
        let all_places = words[split..=run.last].iter().all(|word| is_place_name(word.text));
        (all_places && companies.contains(company))
            .then(|| text[words[run.first].start..words[run.last].start + words[run.last].text.len()].to_string())
    })
}

/// A country, nationality, city or region (`Seattle`, `Japanese`).
fn is_place_name(name: &str) -> bool {
    if is_place(name) {
        return true;
    }
    let gazetteer = gazetteer();
    gazetteer.patterns.get(name).is_some_and(|&index| !gazetteer.places[index].common_word)
}

/// The lexicon's display name for a name it knows, also with company words after it (`Fiat Group`,
/// `Qantas Airways` → "Qantas"); else the name.
fn resolve(name: &str) -> String {
    let lexicon = &*LEXICON;
    let mut known = name;
    loop {
        if let Some(&index) = lexicon.by_name.get(known) {
            return lexicon.displays[index].to_string();
        }
        match known.rsplit_once(' ') {
            Some((shorter, last)) if is_company_head(last) => known = shorter,
            _ => return name.to_string(),
        }
    }
}

/// `Boeing Co (NYSE: BA)`, `News Corp <NWS>`: a ticker right after the run.
fn has_ticker(text: &str, words: &[Word], run: &Run) -> bool {
    let after = text[words[run.last].end..].trim_start();
    if let Some(inside) = after.strip_prefix('(').and_then(|rest| rest.split(')').next()) {
        let Some((exchange, symbol)) = inside.split_once(':') else { return false };
        let exchange = exchange.trim();
        let symbol = symbol.trim();
        return (2..=10).contains(&exchange.len())
            && exchange.chars().all(|c| c.is_ascii_alphabetic())
            && exchange.starts_with(|c: char| c.is_ascii_uppercase())
            && is_symbol(symbol);
    }
    after.strip_prefix('<').and_then(|rest| rest.split('>').next()).is_some_and(is_symbol)
}

/// `BA`, `NWS`, `BRK.A`: one to six capitals, digits or dots.
fn is_symbol(text: &str) -> bool {
    (1..=8).contains(&text.len())
        && text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
}

/// Reuters marks company names in angle brackets: `<Cominco Ltd>` (`<NWS>` is a ticker).
fn in_angle_brackets(text: &str, words: &[Word], run: &Run) -> bool {
    let inside = &text[words[run.first].start..words[run.last].end];
    text[..words[run.first].start].ends_with('<') && text[words[run.last].end..].starts_with('>') && !is_symbol(inside)
}

/// Words of a cue match `words` from `at` on, each after a space (the first may be capitalised).
fn cue_words_match(cue: &[&str], words: &[Word], at: usize) -> bool {
    cue.iter().enumerate().all(|(offset, expected)| {
        words.get(at + offset).is_some_and(|word| {
            let same = word.text == *expected
                || (offset == 0 && word.text.len() == expected.len() && word.text.eq_ignore_ascii_case(expected));
            same && (offset == 0 || word.gap == Gap::Space) && (offset + 1 == cue.len() || !word.possessive)
        })
    })
}

/// A cue right before the run's first word (`shares of`, `carmaker`, `Seattle-based`).
fn cue_before(words: &[Word], first: usize) -> bool {
    if first == 0 || words[first].gap != Gap::Space {
        return false;
    }
    let previous = &words[first - 1];
    if previous.possessive {
        return false;
    }
    let lowercase: std::borrow::Cow<str> =
        if previous.is_capitalized() { previous.text.to_lowercase().into() } else { previous.text.into() };
    if is_company_noun(&lowercase) || previous.text.ends_with("-based") {
        return true;
    }
    let Some(cues) = CUE_WORDS.before.get(lowercase.as_ref()) else { return false };
    cues.iter().any(|cue| first >= cue.words.len() && cue_words_match(&cue.words, words, first - cue.words.len()))
}

/// A cue right after the run's last word (`shares`, `'s chief executive`, `said in a statement`);
/// a weak cue (`announced`) only after a name of two words or more.
fn cue_after(words: &[Word], first: usize, last: usize) -> bool {
    let weak_allowed = last > first;
    let possessive = words[last].possessive;
    let next = last + 1;
    let Some(next_word) = words.get(next).filter(|word| word.gap == Gap::Space) else { return false };
    let Some(cues) = CUE_WORDS.after.get(next_word.text) else { return false };
    cues.iter()
        .filter(|cue| cue.possessive == possessive && (weak_allowed || !cue.weak))
        .any(|cue| cue_words_match(&cue.words, words, next))
}

/// `Ryanair, the low-cost airline`, `Boeing, the world's largest planemaker`: a comma, an article
/// and a business noun within five words.
fn apposition(words: &[Word], last: usize) -> bool {
    let Some(article) = words.get(last + 1) else { return false };
    if article.gap != Gap::Comma || !matches!(article.text, "the" | "a" | "an") || words[last].possessive {
        return false;
    }
    for word in words.iter().skip(last + 2).take(5) {
        if word.gap != Gap::Space {
            return false;
        }
        if is_company_noun(word.text) && !word.possessive {
            return true;
        }
    }
    false
}

/// `European Aeronautic Defence and Space Company (EADS)` → (offset of the full name, "EADS"):
/// an acronym in brackets whose letters are the initials of the capitalised words before it, when
/// those words name a company (a legal form, `Company`, `Motors`, `Airlines`, …). Returns the index
/// of the full name's first word.
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
    if !opens || !text[word.end..].starts_with(')') {
        return None;
    }
    let mut needed = letters.len();
    let mut start = at;
    let mut names_company = false;
    while start > 0 {
        let candidate = &words[start - 1];
        if start < at && words[start].gap != Gap::Space {
            break;
        }
        if is_company_suffix(candidate.text) && start == at {
            names_company = true;
        } else if candidate.is_capitalized() && !is_org_stop_word(candidate.text) {
            if needed == 0 {
                break;
            }
            let initials: Vec<char> =
                candidate.text.split('-').filter_map(|part| part.chars().next()).filter(|c| c.is_uppercase()).collect();
            if initials.len() > needed || initials.as_slice() != &letters[needed - initials.len()..needed] {
                return None;
            }
            if is_not_company_word(candidate.text) {
                return None;
            }
            needed -= initials.len();
            names_company |= is_company_word(candidate.text) || is_company_head(candidate.text);
        } else if start == at || !is_org_connector(candidate.text) || needed == 0 {
            break;
        }
        start -= 1;
    }
    (needed == 0 && names_company).then_some((start, word.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_companies(text: &str, expected: &[&str]) {
        assert_eq!(companies(text), expected, "companies in {text:?}");
    }

    #[test]
    fn legal_forms_are_left_out_of_the_name() {
        assert_companies("AirTanker Ltd. won the deal.", &["AirTanker"]);
        assert_companies("Acme Widgets Inc said on Monday.", &["Acme Widgets"]);
        assert_companies("Siemens AG and Volvo Cars Corp signed.", &["Siemens", "Volvo", "Volvo Cars"]);
        assert_companies("Bank of America Corp and the Bank of Kelso Ltd.", &["Bank of America", "Bank of Kelso"]);
        assert_companies("Goldman Sachs & Co advised Apple, Inc. on the deal.", &["Goldman Sachs", "Apple"]);
        assert_companies("The Boeing Company said.", &["Boeing"]);
    }

    #[test]
    fn tickers_and_brackets() {
        assert_companies("Zeta Dynamics (NYSE: ZD) rose.", &["Zeta Dynamics"]);
        assert_companies("Orbital Foods <ORBF> said it", &["Orbital Foods"]);
        assert_companies("said <Quillon Mills> would", &["Quillon Mills"]);
        assert_companies("growth (GDP: 2%) was", &[]);
    }

    #[test]
    fn defined_acronyms_of_companies() {
        assert_companies("the European Aeronautic Defence and Space Company (EADS) said", &["EADS"]);
        assert_companies("the Pacific Northern Railway Company (PNR) said", &["PNR"]);
        assert_companies("Pacific Northern Railway Company said", &["Pacific Northern Railway"]);
        assert_companies("the Securities and Exchange Commission (SEC) said", &[]);
    }

    #[test]
    fn context_makes_a_company() {
        assert_companies("Shares of Vantor rose.", &["Vantor"]);
        assert_companies("Budget airline Flyrite cut fares.", &["Flyrite"]);
        assert_companies("Fares fell at Kestrel, the low-cost airline, in May.", &["Kestrel"]);
        assert_companies("Initially, the company said no.", &[]);
        assert_companies("Global shares fell.", &[]);
        assert_companies("the Dow Jones Industrial Average and the Nasdaq Composite fell", &[]);
        assert_companies("Fiat Group and Qantas Airways Ltd", &["Fiat", "Qantas"]);
        assert_companies("Apple CEO Steve Jobs announced a phone.", &["Apple"]);
        assert_companies("Marlow's chief executive quit.", &["Marlow"]);
        assert_companies("Mark April, an analyst at Halvard Partners, said.", &["Halvard Partners"]);
        assert_companies("The Seattle-based Norvane said.", &["Norvane"]);
    }

    #[test]
    fn people_places_and_bodies_are_not_companies() {
        assert_companies("Jane Marlow said in a statement.", &[]);
        assert_companies("Paul Teller left. Teller said in a statement he would stay.", &[]);
        assert_companies("President Obama announced the plan.", &[]);
        assert_companies("Japan's chief executive", &[]);
        assert_companies("the Defence Ministry said in a statement", &[]);
        assert_companies("the Asian Development Bank and the US Air Force", &[]);
    }

    #[test]
    fn ambiguous_names_need_evidence() {
        assert_companies("Apple pie and apple juice.", &[]);
        assert_companies("Apple shares rose. Apple said.", &["Apple"]);
        assert_companies("Gerald Ford spoke. Ford said.", &[]);
        assert_companies("Ford Motor Co said Ford sales fell.", &["Ford"]);
        assert_companies("Boeing and GM", &["Boeing", "General Motors"]);
    }

    #[test]
    fn text_without_case_uses_the_lexicon_only() {
        assert_companies("BOEING SAYS ACME WIDGETS INC BUYS APPLE", &["Boeing"]);
        assert_companies("Boeing Wins Big Order From Acme Airlines Today", &["Boeing"]);
    }

    #[test]
    fn headline_and_body_share_evidence() {
        assert_eq!(companies_in(&["Apple shares rose on Tuesday.", "Apple unveils phone"]), ["Apple"]);
        assert_eq!(companies_in(&["The pie was good.", "Apple unveils phone"]), Vec::<String>::new());
    }
}
