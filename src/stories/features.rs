//! The grouping features of one article, computed by the index writer when it adds the article,
//! from the article alone (no corpus statistics, so a feature never depends on what else was read
//! or in which order):
//!
//! - [`simhash`]: Charikar's SimHash of the body's word 3-shingles. Near-duplicate texts (a
//!   reprint, an update with a sentence added) share most shingles, so their 64-bit hashes differ in
//!   a few bits; unrelated texts differ in about 32.
//! - [`salient_terms`]: what the article is about, as up to [`SALIENT_WORDS`] content words of the
//!   title and lead (stemmed, stop words out) and up to [`SALIENT_ENTITIES`] of its people,
//!   organizations and places, each a 32-bit hash with its weight, packed into `u64`s
//!   ([`SalientTerm`]).
//!
//! Every hash is FNV-1a 64 finished by the MurmurHash3 mixer: fixed, so the features of one text
//! are the same on every run and platform.

use std::cell::RefCell;

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};

use crate::lexicon::languages::is_english_stop_word;

/// Content words of the title and lead kept as salient terms.
pub const SALIENT_WORDS: usize = 16;
/// People, organizations and places kept as salient terms.
pub const SALIENT_ENTITIES: usize = 8;
/// Figures of the title and lead kept (the first ones).
pub const SALIENT_FIGURES: usize = 8;
/// The lead: the body's first this many words (about three sentences of news prose).
const LEAD_WORDS: usize = 80;
/// A word of the title counts this many times: a headline names what the story is about.
const TITLE_WEIGHT: u32 = 2;
/// A lead of at least this many words …
const MIN_TABLE_WORDS: usize = 10;
/// … of which this share (percent) hold digits is a table of figures, not prose.
const TABLE_FIGURES_PERCENT: usize = 35;
/// Of each kind of entity, at most this many (the first the article gives).
const ENTITIES_OF_A_KIND: usize = 4;

/// 64-bit FNV-1a of `bytes`, then mixed so that every output bit depends on every input bit.
pub(crate) fn stable_hash(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    mix(hash)
}

/// The MurmurHash3 64-bit finalizer.
fn mix(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

thread_local! {
    /// Words as grouping sees them: alphanumeric runs, accents folded, lowercased. One per thread:
    /// building an analyzer costs more than running it on a short text.
    static WORDS: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(SimpleTokenizer::default()).filter(AsciiFoldingFilter).filter(LowerCaser).build(),
    );
}

/// Words whose stems one thread remembers (as `index::stemmer`: stemming every lead word was most
/// of the cost of the features, and news repeats its words).
const MAX_REMEMBERED_STEMS: usize = 50_000;

/// A stemmer and the stems it gave, by word.
type StemMemo = (frostem::Stemmer, std::collections::HashMap<Box<str>, Box<str>>);

thread_local! {
    static STEMS: RefCell<StemMemo> =
        RefCell::new((crate::index::stemmer::english(), std::collections::HashMap::new()));
}

/// Calls `each` with the English (Snowball) stem of `word`.
fn with_stem(word: &str, each: impl FnOnce(&str)) {
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        let (stemmer, memo) = &mut *stems;
        if let Some(stem) = memo.get(word) {
            return each(stem);
        }
        let stem: Box<str> = stemmer.stem(word).into();
        each(&stem);
        if memo.len() < MAX_REMEMBERED_STEMS {
            memo.insert(word.into(), stem);
        }
    });
}

/// Calls `each` with every word of `text` (folded, lowercased), in order; stops when it returns false.
fn for_each_word(text: &str, mut each: impl FnMut(&str) -> bool) {
    WORDS.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if !each(&token.text) {
                break;
            }
        }
    });
}

/// A text of fewer words than this tells too little to be a near-duplicate of another by its
/// shingles (`It said. Reuter`): a short body is shingled with its title, and a short title and
/// body get no SimHash.
pub const MIN_SIMHASH_WORDS: usize = 10;

/// SimHash of the word 3-shingles of `body`; `None` when body and title together have fewer than
/// [`MIN_SIMHASH_WORDS`] words. The title is left out (a reprint under another headline is still
/// a near-duplicate) unless the body is shorter than that.
pub fn simhash(title: Option<&str>, body: &str) -> Option<u64> {
    let mut words: Vec<u64> = Vec::new();
    for_each_word(body, |word| {
        words.push(stable_hash(word.bytes()));
        true
    });
    if words.len() < MIN_SIMHASH_WORDS {
        let mut title_words = Vec::new();
        for_each_word(title.unwrap_or_default(), |word| {
            title_words.push(stable_hash(word.bytes()));
            true
        });
        title_words.extend(words);
        words = title_words;
    }
    if words.len() < MIN_SIMHASH_WORDS {
        return None;
    }
    // For each bit, how many shingle hashes set it; the SimHash bit is set when most do.
    let mut set_counts = [0u32; 64];
    let shingles = words.windows(3).len() as u32;
    for window in words.windows(3) {
        let hash = shingle_hash(window);
        for (bit, count) in set_counts.iter_mut().enumerate() {
            *count += ((hash >> bit) & 1) as u32;
        }
    }
    let mut hash = 0u64;
    for (bit, count) in set_counts.iter().enumerate() {
        if 2 * count > shingles {
            hash |= 1 << bit;
        }
    }
    Some(hash)
}

/// The hash of three consecutive word hashes, in order.
fn shingle_hash(words: &[u64]) -> u64 {
    mix(words[0] ^ words[1].rotate_left(21) ^ words[2].rotate_left(42))
}

/// Number of bits in which two SimHashes differ.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// One salient term of an article: a 32-bit hash of a stemmed word or of an entity, how often the
/// word occurs in the title and lead (titles count double; 1 for an entity), and whether it is an
/// entity (a person, organization or place the article names) and a place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SalientTerm {
    /// Hash of the term (kind-prefixed for entities, so `Jordan` the person is not the place).
    pub hash: u32,
    /// Term frequency, at most 255.
    pub frequency: u8,
    /// A person, organization or place rather than a word.
    pub entity: bool,
    /// A place (an entity): a country, or a place whose country is not known.
    pub place: bool,
    /// A person named in full (an entity): "Statistics" or a surname alone says less.
    pub person: bool,
    /// A figure of the title or lead (`6.9`, `1,200`: its digit runs), not part of the similarity:
    /// it tells a report from the next one in the same words.
    pub figure: bool,
}

impl SalientTerm {
    /// The term as one `u64` fast-field value: hash (bits 32–63), figure flag (11), person flag
    /// (10), place flag (9), entity flag (8), frequency (0–7).
    pub fn encode(self) -> u64 {
        (u64::from(self.hash) << 32)
            | (u64::from(self.figure) << 11)
            | (u64::from(self.person) << 10)
            | (u64::from(self.place) << 9)
            | (u64::from(self.entity) << 8)
            | u64::from(self.frequency)
    }

    /// The term of a value written by [`SalientTerm::encode`].
    pub fn decode(value: u64) -> SalientTerm {
        SalientTerm {
            hash: (value >> 32) as u32,
            frequency: (value & 0xff) as u8,
            entity: (value >> 8) & 1 == 1,
            place: (value >> 9) & 1 == 1,
            person: (value >> 10) & 1 == 1,
            figure: (value >> 11) & 1 == 1,
        }
    }
}

/// The entities of an article, as the index holds them (canonical values).
#[derive(Debug, Clone, Copy, Default)]
pub struct Entities<'a> {
    /// People.
    pub people: &'a [String],
    /// Organizations, companies included.
    pub orgs: &'a [String],
    /// Places.
    pub places: &'a [String],
    /// The country code of each place, when known (`tags::place_country_codes`).
    pub countries: &'a [Option<&'a str>],
}

/// The salient terms of an article: its most frequent content words of the title and lead (ties:
/// the earlier word first), then its first people, organizations and places.
pub fn salient_terms(title: Option<&str>, body: &str, entities: Entities<'_>) -> Vec<SalientTerm> {
    // (stem, frequency, first position); a lead has at most ~100 distinct words, so a scan is fine.
    let mut counted: Vec<(String, u32, usize)> = Vec::new();
    let mut position = 0usize;
    let mut figures_seen: Vec<u32> = Vec::new();
    let mut count = |word: &str, weight: u32, position: usize| {
        if word.len() >= 2 && word.bytes().any(|byte| byte.is_ascii_digit()) {
            let hash = (stable_hash(b"f:".iter().copied().chain(word.bytes())) >> 32) as u32;
            if figures_seen.len() < SALIENT_FIGURES && !figures_seen.contains(&hash) {
                figures_seen.push(hash);
            }
        }
        if word.len() < 3 || word.bytes().all(|byte| byte.is_ascii_digit()) || is_english_stop_word(word) {
            return;
        }
        with_stem(word, |stem| match counted.iter_mut().find(|(seen, _, _)| seen == stem) {
            Some((_, frequency, _)) => *frequency += weight,
            None => counted.push((stem.to_string(), weight, position)),
        });
    };
    if let Some(title) = title {
        for_each_word(title, |word| {
            count(word, TITLE_WEIGHT, position);
            position += 1;
            true
        });
    }
    let mut lead_words = 0;
    let mut figures = 0;
    for_each_word(body, |word| {
        figures += usize::from(word.bytes().any(|byte| byte.is_ascii_digit()));
        count(word, 1, position);
        position += 1;
        lead_words += 1;
        lead_words < LEAD_WORDS
    });
    // A table of figures (prices, rates, results) says which market, not which event: its
    // words would join every table of that market. It keeps its entities only.
    if lead_words >= MIN_TABLE_WORDS && figures * 100 >= lead_words * TABLE_FIGURES_PERCENT {
        counted.clear();
    }
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut terms: Vec<SalientTerm> = Vec::with_capacity(SALIENT_WORDS + SALIENT_ENTITIES);
    for (stem, frequency, _) in counted.iter().take(SALIENT_WORDS) {
        let hash = (stable_hash(b"w:".iter().copied().chain(stem.bytes())) >> 32) as u32;
        let frequency = u8::try_from(*frequency).unwrap_or(u8::MAX);
        push_unique(&mut terms, SalientTerm { hash, frequency, ..SalientTerm::default() });
    }
    // Places as their countries where known: "Santos, São Paulo, Brazil" and "Brazil" are one
    // place to tell events apart by, and a city's report names its city, another's its country.
    let places: Vec<String> = entities
        .places
        .iter()
        .enumerate()
        .map(|(at, place)| match entities.countries.get(at).copied().flatten() {
            Some(country) => country.to_string(),
            None => place.clone(),
        })
        .collect();
    let mut kept_entities = 0;
    for (prefix, values) in [(b"p:", entities.people), (b"o:", entities.orgs), (b"l:", places.as_slice())] {
        let mut kept_of_kind = 0;
        for value in values {
            if kept_entities == SALIENT_ENTITIES || kept_of_kind == ENTITIES_OF_A_KIND {
                break;
            }
            let lowercase = value.to_lowercase();
            let hash = (stable_hash(prefix.iter().copied().chain(lowercase.bytes())) >> 32) as u32;
            let (place, person) = (prefix == b"l:", prefix == b"p:" && value.trim().contains(' '));
            let term = SalientTerm { hash, frequency: 1, entity: true, place, person, figure: false };
            if push_unique(&mut terms, term) {
                kept_entities += 1;
                kept_of_kind += 1;
            }
        }
    }
    for hash in figures_seen {
        push_unique(&mut terms, SalientTerm { hash, figure: true, ..SalientTerm::default() });
    }
    terms
}

/// Adds `term` unless a term of the same hash is there (a 32-bit collision, or an entity given
/// twice); returns whether it was added.
fn push_unique(terms: &mut Vec<SalientTerm>, term: SalientTerm) -> bool {
    if terms.iter().any(|kept| kept.hash == term.hash) {
        return false;
    }
    terms.push(term);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `stories::NEAR_DUPLICATE_BITS`, without importing the regrouping here.
    const NEAR_BITS: u32 = 3;

    const TEXT: &str = "The port authority of Santos said on Tuesday that a strike by dock workers had \
        left about seventy ships waiting at anchor, while the union demanded a nine percent rise in pay \
        and the terminal operator offered five and a half percent, blaming crane automation.";

    /// A longer wire story: [`TEXT`] and four more sentences.
    fn story() -> String {
        format!(
            "{TEXT} Port officials said the queue of vessels stretched past the breakwater by nightfall and that \
             perishable cargo was being diverted to Paranaguá and Rio de Janeiro. Exporters of sugar, coffee and \
             orange juice warned that contracts due this month could be delayed by a week or more if the \
             stoppage lasted beyond Thursday. The union leader told reporters that members would return to work \
             only when the operator withdrew its plan to replace crane drivers with remote operators from a \
             control room. A labour court in São Paulo scheduled a hearing between the two sides, and the \
             ministry of ports urged both to accept mediation before the harvest season reaches its peak."
        )
    }

    #[test]
    fn simhash_is_stable_and_near_for_near_duplicates() {
        let text = story();
        let simhash = |body: &str| simhash(Some("A headline"), body);
        let hash = simhash(&text).expect("words");
        assert_eq!(simhash(&text), Some(hash));
        assert_eq!(super::simhash(Some("Another headline"), &text), Some(hash), "the title does not count");
        assert_eq!(simhash(&text.to_uppercase()), Some(hash), "case does not matter");
        assert_eq!(simhash(&text.replace(' ', "  ").replace(',', " ,")), Some(hash), "nor spacing or punctuation");
        assert_eq!(simhash(&text.replace("São", "Sao")), Some(hash), "nor accents");
        // One word changes 3 of ~190 shingles: a few bits near a tie flip. Near-duplicates of
        // short texts therefore lie a few bits apart, which is why event edges back SimHash up.
        let one_word = hamming(hash, simhash(&text.replace("nightfall", "midnight")).expect("words"));
        assert!(one_word <= 2 * NEAR_BITS, "a word changed: {one_word} bits");
        let added = format!("{text} The strike is the third at the port this year.");
        let other = "Shares of the mining group fell sharply after the company cut its forecast for copper \
            output this year, citing lower ore grades at its largest mine and a long dispute with contractors.";
        let unrelated = hamming(hash, simhash(other).expect("words"));
        assert!(
            hamming(hash, simhash(&added).expect("words")) < unrelated,
            "a sentence added: closer than another text"
        );
        assert!(unrelated > 16, "unrelated texts differ in about half their bits: {unrelated}");
        // A short body counts with its title: two briefs with the same two-word body are not
        // near-duplicates unless their titles are the same too.
        let brief = |title: &str| super::simhash(Some(title), "It said. Reuter");
        let first = brief("Lindqvist Marine shares rise after first quarter ferry orders");
        assert!(first.is_some());
        assert_eq!(brief("Lindqvist Marine shares rise after first quarter ferry orders"), first);
        let second = brief("Valparaiso dockers strike over night shift pay at the port");
        assert!(hamming(first.unwrap_or_default(), second.unwrap_or_default()) > 3);
        assert_eq!(super::simhash(Some("Short title"), "It said. Reuter"), None, "too few words to tell");
    }

    #[test]
    fn salient_terms_are_content_words_and_entities() {
        let people = vec!["Carlos Pimentel".to_string()];
        let places = vec!["Brazil".to_string(), "Santos".to_string()];
        let countries = [Some("BR"), None];
        let entities = Entities { people: &people, orgs: &[], places: &places, countries: &countries };
        let terms = salient_terms(Some("Santos dock strike strands ships"), TEXT, entities);
        assert!(terms.len() <= SALIENT_WORDS + SALIENT_ENTITIES + SALIENT_FIGURES);
        assert_eq!(terms.iter().filter(|term| term.person).count(), 1, "a full name");
        assert_eq!(terms.iter().filter(|term| term.entity).count(), 3);
        let word = |word: &str| (stable_hash(b"w:".iter().copied().chain(word.bytes())) >> 32) as u32;
        let frequency_of = |stem: &str| terms.iter().find(|term| term.hash == word(stem)).map(|term| term.frequency);
        assert_eq!(frequency_of("santo"), Some(3), "twice in the title (weight 2) and once in the lead");
        assert_eq!(frequency_of("ship"), Some(3), "`ships` stemmed, title and lead");
        assert_eq!(frequency_of("the"), None, "a stop word");
        assert_eq!(frequency_of("said"), None, "a reporting verb");
        for term in &terms {
            assert_eq!(SalientTerm::decode(term.encode()), *term);
        }
    }
}
