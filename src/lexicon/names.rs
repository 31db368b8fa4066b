//! Word knowledge for finding people and organizations, loaded once from the data files in
//! `names/`: each lowercase word's classes (title, common word, organization word, place, given
//! name, …), the well-known organizations with their aliases, and the words that shape an
//! organization's name (heads, company words, connectors).
//!
//! A word list is words separated by spaces or line breaks, with `#` comment lines; the organization
//! list is `Display name | alias | alias …`, one organization a line. Countries and nationalities
//! come from the `keshvar` crate.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::table::words_of;

/// What a word can be: a set of the class bits below.
pub(crate) type Classes = u32;

/// Function words, pronouns, weekdays, months and plural nouns: never part of a name.
pub(crate) const COMMON: Classes = 1;
/// Comes before a name (`Minister`, `Mr`).
pub const TITLE: Classes = 2;
/// Makes a run of capitalised words an organization, a place or a thing (`Bank`, `Corp`).
pub(crate) const ORG: Classes = 4;
/// A country, nationality, city or region written as one word (`Japan`, `Indian`, `London`).
pub const PLACE: Classes = 8;
/// A given name (`Paul`).
pub(crate) const FIRST_NAME: Classes = 16;
/// A lowercase particle inside names (`de`, `von`).
pub(crate) const PARTICLE: Classes = 32;
/// Attributes speech (`said`, `told`).
pub(crate) const ATTRIBUTION: Classes = 64;
/// A lowercase role noun that may stand right before a name (`finance minister Ali Khalifa`).
pub(crate) const ROLE: Classes = 128;
/// Opens a place name (`San`, `Port`).
pub(crate) const PLACE_PREFIX: Classes = 256;
/// Describes a person in an apposition (`…, an economist at …`).
pub(crate) const APPOSITION_NOUN: Classes = 512;
/// A given name that is also a word, a month or a place (`Sydney`, `Hope`, `Will`, `April`).
pub(crate) const AMBIGUOUS_GIVEN: Classes = 1 << 10;
/// A common family name (`Brown`, `Nguyen`, `Okafor`).
pub(crate) const SURNAME: Classes = 1 << 11;
/// After a name, makes it a company's, a product's or a vehicle's (`Aircraft`, `Flight`, `Inc`).
pub(crate) const THING: Classes = 1 << 12;
/// A lowercase noun for a company, a plane, a ship or a vehicle (`carmaker`, `tanker`).
pub(crate) const COMPANY_NOUN: Classes = 1 << 13;
/// A lowercase noun that, after a name, shows a company (`shares`, `profit`).
pub(crate) const BUSINESS_NOUN: Classes = 1 << 14;
/// A lowercase noun for a plane, a ship or a vehicle (`tanker`, `airliner`); also a
/// [`COMPANY_NOUN`]. Before a title it still names the vehicle (`the liner Queen Mary`).
pub(crate) const VEHICLE_NOUN: Classes = 1 << 15;

/// A lowercase determiner or possessive (`the`, `its`, `per`): before a nationality, it makes the
/// capitalised words after it a thing's name (`the Iranian Revolutionary Guards`).
pub(crate) const DETERMINER: Classes = 1 << 16;

/// Tells generations apart after a surname (`Jr`, `Sr`, `III`).
pub(crate) const NAME_SUFFIX: Classes = 1 << 17;

/// Each word list of the classified lexicon with its class.
const CLASSIFIED_LISTS: [(&str, Classes); 18] = [
    (include_str!("names/common_words.txt"), COMMON),
    (include_str!("names/titles.txt"), TITLE),
    (include_str!("names/org_words.txt"), ORG),
    (include_str!("names/place_words.txt"), PLACE),
    (include_str!("names/first_names.txt"), FIRST_NAME),
    (include_str!("names/particles.txt"), PARTICLE),
    (include_str!("names/attribution_verbs.txt"), ATTRIBUTION),
    (include_str!("names/lowercase_roles.txt"), ROLE),
    (include_str!("names/place_prefixes.txt"), PLACE_PREFIX),
    (include_str!("names/apposition_nouns.txt"), APPOSITION_NOUN),
    (include_str!("names/ambiguous_given_names.txt"), AMBIGUOUS_GIVEN),
    (include_str!("names/surnames.txt"), SURNAME),
    (include_str!("names/thing_words.txt"), THING),
    (include_str!("names/company_nouns.txt"), COMPANY_NOUN),
    (include_str!("names/business_nouns.txt"), BUSINESS_NOUN),
    (include_str!("names/vehicle_nouns.txt"), VEHICLE_NOUN | COMPANY_NOUN),
    (include_str!("names/determiners.txt"), DETERMINER),
    (include_str!("names/name_suffixes.txt"), NAME_SUFFIX),
];

/// Well-known international and government bodies: `Display name | alias | alias …` a line.
const ORGANIZATIONS_TEXT: &str = include_str!("names/organizations.txt");
/// Words after which a capitalised run names a government body (`Defence Ministry`).
const ORG_HEADS_TEXT: &str = include_str!("names/org_heads.txt");
/// Words that make a `… Bank` a public body (`Asian Development Bank`).
const PUBLIC_BANK_WORDS_TEXT: &str = include_str!("names/public_bank_words.txt");
/// Words that make a name a company's (`Corp`, `GmbH`).
const COMPANY_WORDS_TEXT: &str = include_str!("names/company_words.txt");
/// Lowercase words allowed inside an organization's name after its head (`of`, `and`).
const ORG_CONNECTORS_TEXT: &str = include_str!("names/org_connectors.txt");
/// Capitalised function words, weekdays and months: never part of an organization's name.
const ORG_STOP_WORDS_TEXT: &str = include_str!("names/org_stop_words.txt");
/// Well-known companies: `Display name | alias | ?ambiguous alias …` a line.
const COMPANIES_TEXT: &str = include_str!("names/companies.txt");
/// Legal forms after a company's name (`Inc`, `GmbH`), left out of the name kept.
const COMPANY_SUFFIXES_TEXT: &str = include_str!("names/company_suffixes.txt");
/// Last words that make a run a company's name (`Airlines`, `Aircraft`).
const COMPANY_HEADS_TEXT: &str = include_str!("names/company_heads.txt");
/// Lowercase nouns that make the name beside them a company's (`carmaker`).
const COMPANY_NOUNS_TEXT: &str = include_str!("names/company_nouns.txt");
/// Lowercase nouns that make the name beside them a company's, and also name a person's trade.
const COMPANY_TRADE_NOUNS_TEXT: &str = include_str!("names/company_trade_nouns.txt");
/// Capitalised words that make a run a body, a school or a party rather than a company.
const NOT_COMPANY_WORDS_TEXT: &str = include_str!("names/not_company_words.txt");
/// Words before or after a name that make it a company's (`shares of`, `'s chief executive`).
const COMPANY_CUES_TEXT: &str = include_str!("names/company_cues.txt");
/// Words after a company's name that make the whole a market index (`Dow Jones Industrial Average`).
const MARKET_INDEX_WORDS_TEXT: &str = include_str!("names/market_index_words.txt");

/// FNV-1a: the lexicon's keys are short words, for which SipHash is slow.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Fast = BuildHasherDefault<Fnv>;

/// Hashing for sets and maps of words: FNV-1a ([`Fnv`]), not SipHash.
pub(crate) type FastHash = Fast;

/// Lowercase word → what it can be.
static CLASSES: LazyLock<HashMap<Box<str>, Classes, Fast>> = LazyLock::new(|| {
    let mut classes: HashMap<Box<str>, Classes, Fast> = HashMap::default();
    let mut add = |word: &str, class: Classes| *classes.entry(word.to_lowercase().into()).or_default() |= class;
    for (list, class) in CLASSIFIED_LISTS {
        for word in words_of(list) {
            add(word, class);
        }
    }
    // One-word organizations (`Fed`, `Bundesbank`, `OPEC`).
    for organization in organizations() {
        for name in organization.names.iter().filter(|name| !name.contains(' ')) {
            add(name, ORG);
        }
    }
    for country in keshvar::CountryIterator::new() {
        let names = [country.iso_short_name(), country.iso_long_name()]
            .into_iter()
            .chain(country.unofficial_name_list().iter().copied())
            .chain(country.maybe_nationality());
        for name in names {
            // Single-word names only: a word of `United States` is no place on its own.
            if !name.contains(' ') {
                add(name, PLACE);
            }
        }
    }
    classes
});

/// The classes of `key`, a word already in lowercase (no trimming, no case folding).
pub(crate) fn classes_of_lowercase(key: &str) -> Classes {
    CLASSES.get(key).copied().unwrap_or(0)
}

/// The classes of `word` as written (case-insensitive; a final `.` is ignored); `buffer` is
/// scratch space reused across calls. An initial (`J.`) has none.
pub(crate) fn classify(word: &str, buffer: &mut String) -> Classes {
    if is_initial(word) {
        return 0;
    }
    let trimmed = word.trim_end_matches('.');
    buffer.clear();
    if trimmed.is_ascii() {
        buffer.push_str(trimmed);
        buffer.make_ascii_lowercase();
    } else {
        buffer.extend(trimmed.chars().flat_map(char::to_lowercase));
    }
    let mut class = classes_of_lowercase(buffer);
    // `Secretary-General`, `Vice-Chairman`: a hyphenated word ending in a title is a title;
    // `Jean-Marie`, `Anne-Sophie`: one starting with a given name is a given name.
    if class == 0
        && let Some((first, _)) = buffer.split_once('-')
    {
        class |= classes_of_lowercase(first) & FIRST_NAME;
    }
    if class & TITLE == 0
        && let Some((_, last)) = buffer.rsplit_once('-')
    {
        class |= classes_of_lowercase(last) & TITLE;
    }
    class
}

/// A country, nationality or well-known city written as one word (`Japan`, `Indian`, `London`).
pub(crate) fn is_place(word: &str) -> bool {
    classify(word, &mut String::new()) & PLACE != 0
}

/// A single capital letter with a dot (`J.`).
pub(crate) fn is_initial(text: &str) -> bool {
    let mut characters = text.chars();
    matches!((characters.next(), characters.next(), characters.next()), (Some(letter), Some('.'), None) if letter.is_uppercase())
}

/// A well-known organization: its display name first, then the other ways text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Organization {
    /// Display name, then aliases, as written (case matters).
    pub names: Vec<&'static str>,
}

impl Organization {
    /// The name it is shown by (`IMF`).
    pub fn display(&self) -> &'static str {
        self.names[0]
    }
}

static ORGANIZATIONS: LazyLock<Vec<Organization>> = LazyLock::new(|| {
    ORGANIZATIONS_TEXT
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| Organization { names: line.split('|').map(str::trim).filter(|name| !name.is_empty()).collect() })
        .filter(|organization| !organization.names.is_empty())
        .collect()
});

/// The well-known organizations, in file order.
pub(crate) fn organizations() -> &'static [Organization] {
    &ORGANIZATIONS
}

/// What else a company's name can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ambiguity {
    /// Only the company (`Boeing`).
    None,
    /// Also a common word (`Apple`, `Shell`): the company inside a sentence, where the capital
    /// marks a name.
    Word,
    /// Also a person's name or a place (`Ford`, `Dell`): the company only with evidence.
    Name,
}

/// A well-known company: its display name and the ways text writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Company {
    /// The name it is shown by (`Boeing`).
    pub display: &'static str,
    /// Every written form, the display name included, with what else it can be.
    pub names: Vec<(&'static str, Ambiguity)>,
}

static COMPANIES: LazyLock<Vec<Company>> = LazyLock::new(|| {
    super::table::rows(COMPANIES_TEXT)
        .filter_map(|columns| {
            let names: Vec<(&'static str, Ambiguity)> = columns
                .into_iter()
                .filter(|name| !name.is_empty())
                .map(|name| {
                    if let Some(word) = name.strip_prefix('~') {
                        (word.trim(), Ambiguity::Word)
                    } else if let Some(person_or_place) = name.strip_prefix('?') {
                        (person_or_place.trim(), Ambiguity::Name)
                    } else {
                        (name, Ambiguity::None)
                    }
                })
                .collect();
            let display = names.first()?.0;
            Some(Company { display, names })
        })
        .collect()
});

/// The well-known companies, in file order.
pub(crate) fn companies() -> &'static [Company] {
    &COMPANIES
}

/// Where a cue stands relative to the name it marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CuePlace {
    /// Right before the name (`shares of` Boeing).
    Before,
    /// Right after the name (Boeing `shares`); a first word `'s` means the name is possessive.
    After,
}

/// A cue: words that make the name beside them a company's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompanyCue {
    /// Where the words stand.
    pub place: CuePlace,
    /// The name is possessive (`Boeing's chief executive`).
    pub possessive: bool,
    /// The cue's words, as written (the first may be capitalised in text).
    pub words: Vec<&'static str>,
    /// People and bodies share it with companies (`announced`): it counts only for names of two
    /// words or more, and acronyms.
    pub weak: bool,
}

static COMPANY_CUES: LazyLock<Vec<CompanyCue>> = LazyLock::new(|| {
    super::table::rows(COMPANY_CUES_TEXT)
        .filter_map(|columns| {
            let (place, words, weak) = match columns.as_slice() {
                [place, words] => (place, words, false),
                [place, words, weak] if *weak == "weak" => (place, words, true),
                _ => return None,
            };
            let place = match *place {
                "before" => CuePlace::Before,
                "after" => CuePlace::After,
                _ => return None,
            };
            let mut words: Vec<&'static str> = words.split_whitespace().collect();
            let possessive = words.first() == Some(&"'s");
            if possessive {
                words.remove(0);
            }
            (!words.is_empty()).then_some(CompanyCue { place, possessive, words, weak })
        })
        .collect()
});

/// The cues that make a name a company's, in file order.
pub(crate) fn company_cues() -> &'static [CompanyCue] {
    &COMPANY_CUES
}

/// A set of words as written (case matters), from a word list.
struct WordSet(HashSet<&'static str, Fast>);

impl WordSet {
    fn new(text: &'static str) -> Self {
        WordSet(words_of(text).collect())
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

static ORG_HEADS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_HEADS_TEXT));
static PUBLIC_BANK_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PUBLIC_BANK_WORDS_TEXT));
static COMPANY_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPANY_WORDS_TEXT));
static ORG_CONNECTORS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_CONNECTORS_TEXT));
static ORG_STOP_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ORG_STOP_WORDS_TEXT));
static COMPANY_SUFFIXES: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPANY_SUFFIXES_TEXT));
static COMPANY_HEADS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPANY_HEADS_TEXT));
static COMPANY_NOUNS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPANY_NOUNS_TEXT));
static COMPANY_TRADE_NOUNS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(COMPANY_TRADE_NOUNS_TEXT));
static NOT_COMPANY_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_COMPANY_WORDS_TEXT));
static MARKET_INDEX_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(MARKET_INDEX_WORDS_TEXT));

/// `Ministry`, `Commission`, `Bank`: a capitalised run before or after it names a government body.
pub(crate) fn is_org_head(word: &str) -> bool {
    ORG_HEADS.contains(word)
}

/// `Development`, `Central`: a `… Bank` with one of these is a public body.
pub(crate) fn is_public_bank_word(word: &str) -> bool {
    PUBLIC_BANK_WORDS.contains(word)
}

/// `Corp`, `Inc.`, `GmbH`: the name is a company's.
pub(crate) fn is_company_word(word: &str) -> bool {
    COMPANY_WORDS.contains(word)
}

/// `Inc`, `Ltd.`, `GmbH`: a legal form after a company's name.
pub(crate) fn is_company_suffix(word: &str) -> bool {
    COMPANY_SUFFIXES.contains(word)
}

/// `Airlines`, `Aircraft`, `Bank`: a last word that makes a run a company's name.
pub(crate) fn is_company_head(word: &str) -> bool {
    COMPANY_HEADS.contains(word)
}

/// `carmaker`, `airline`, `rival`: a noun that makes the name beside it a company's (lowercase);
/// the people finder drops a name only for the first kind (`company_nouns.txt`), as `rival`,
/// `publisher` also name a person's trade.
pub(crate) fn is_company_noun(word: &str) -> bool {
    COMPANY_NOUNS.contains(word) || COMPANY_TRADE_NOUNS.contains(word)
}

/// `Ministry`, `University`, `Party`: the run names something other than a company.
pub(crate) fn is_not_company_word(word: &str) -> bool {
    NOT_COMPANY_WORDS.contains(word)
}

/// `Index`, `Average`, `Composite`: after a company's name, the whole is a market index.
pub(crate) fn is_market_index_word(word: &str) -> bool {
    MARKET_INDEX_WORDS.contains(word)
}

/// `of`, `and`, `the`: may stand inside an organization's name.
pub(crate) fn is_org_connector(word: &str) -> bool {
    ORG_CONNECTORS.contains(word)
}

/// `The`, `Monday`, `March`: capitalised words never part of an organization's name.
pub(crate) fn is_org_stop_word(word: &str) -> bool {
    ORG_STOP_WORDS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word list with its file name, for messages, and whether case matters in it.
    fn all_lists() -> Vec<(&'static str, &'static str, bool)> {
        vec![
            ("common_words", CLASSIFIED_LISTS[0].0, false),
            ("titles", CLASSIFIED_LISTS[1].0, false),
            ("org_words", CLASSIFIED_LISTS[2].0, false),
            ("place_words", CLASSIFIED_LISTS[3].0, false),
            ("first_names", CLASSIFIED_LISTS[4].0, false),
            ("particles", CLASSIFIED_LISTS[5].0, false),
            ("attribution_verbs", CLASSIFIED_LISTS[6].0, false),
            ("lowercase_roles", CLASSIFIED_LISTS[7].0, false),
            ("place_prefixes", CLASSIFIED_LISTS[8].0, false),
            ("apposition_nouns", CLASSIFIED_LISTS[9].0, false),
            ("ambiguous_given_names", CLASSIFIED_LISTS[10].0, false),
            ("surnames", CLASSIFIED_LISTS[11].0, false),
            ("thing_words", CLASSIFIED_LISTS[12].0, false),
            ("company_nouns", CLASSIFIED_LISTS[13].0, false),
            ("business_nouns", CLASSIFIED_LISTS[14].0, false),
            ("vehicle_nouns", CLASSIFIED_LISTS[15].0, false),
            ("org_heads", ORG_HEADS_TEXT, true),
            ("public_bank_words", PUBLIC_BANK_WORDS_TEXT, true),
            ("company_words", COMPANY_WORDS_TEXT, true),
            ("org_connectors", ORG_CONNECTORS_TEXT, true),
            ("org_stop_words", ORG_STOP_WORDS_TEXT, true),
            ("company_suffixes", COMPANY_SUFFIXES_TEXT, true),
            ("company_heads", COMPANY_HEADS_TEXT, true),
            ("company_trade_nouns", COMPANY_TRADE_NOUNS_TEXT, true),
            ("not_company_words", NOT_COMPANY_WORDS_TEXT, true),
            ("market_index_words", MARKET_INDEX_WORDS_TEXT, true),
        ]
    }

    #[test]
    fn word_lists_load_without_duplicates() {
        for (name, text, case_matters) in all_lists() {
            let words: Vec<&str> = words_of(text).collect();
            assert!(!words.is_empty(), "{name}.txt has no words");
            let mut seen = HashSet::new();
            let key = |word: &str| if case_matters { word.to_string() } else { word.to_lowercase() };
            let repeated: Vec<&str> = words.iter().copied().filter(|word| !seen.insert(key(word))).collect();
            assert!(repeated.is_empty(), "{name}.txt lists {repeated:?} more than once");
        }
    }

    #[test]
    fn classified_lexicon_knows_each_list() {
        for (list, class) in CLASSIFIED_LISTS {
            for word in words_of(list) {
                let classes = classes_of_lowercase(&word.to_lowercase());
                assert!(classes & class != 0, "{word:?} lost its class {class}");
            }
        }
        assert!(classify("Minister", &mut String::new()) & TITLE != 0);
        assert!(classify("Secretary-General", &mut String::new()) & TITLE != 0);
        assert!(is_place("Japan") && is_place("Indian") && !is_place("Volcker"));
        assert_eq!(classify("J.", &mut String::new()), 0, "an initial has no class");
    }

    #[test]
    fn given_names_are_never_common_words() {
        // A common word never enters a run of capitalised words, so such a given name is dead.
        let dead: Vec<&str> = words_of(CLASSIFIED_LISTS[4].0)
            .filter(|name| classes_of_lowercase(&name.to_lowercase()) & COMMON != 0)
            .collect();
        assert!(dead.is_empty(), "given names that are also common words: {dead:?}");
    }

    #[test]
    fn ambiguous_given_names_are_not_plain_given_names() {
        // A plain given name starts a name on its own; listing it as ambiguous too would be a
        // contradiction the extractor resolves silently.
        let both: Vec<&str> = words_of(CLASSIFIED_LISTS[10].0)
            .filter(|name| classes_of_lowercase(&name.to_lowercase()) & FIRST_NAME != 0)
            .collect();
        assert!(both.is_empty(), "given names listed as plain and ambiguous: {both:?}");
        assert!(classify("Jean-Marie", &mut String::new()) & FIRST_NAME != 0, "a hyphenated given name");
    }

    #[test]
    fn organizations_load_with_unique_names() {
        let organizations = organizations();
        assert!(organizations.len() > 50, "{} organizations", organizations.len());
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for organization in organizations {
            for name in &organization.names {
                let previous = owner.insert(name, organization.display());
                assert!(previous.is_none(), "{name:?} names both {previous:?} and {:?}", organization.display());
            }
        }
        assert_eq!(owner["International Monetary Fund"], "IMF");
        assert!(classes_of_lowercase("opec") & ORG != 0, "one-word organizations are organization words");
    }

    #[test]
    fn companies_load_with_unique_names() {
        let companies = companies();
        assert!(companies.len() > 200, "{} companies", companies.len());
        let organization_names: HashSet<&str> =
            organizations().iter().flat_map(|organization| organization.names.iter().copied()).collect();
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for company in companies {
            assert_eq!(company.names[0].0, company.display);
            for &(name, _) in &company.names {
                let previous = owner.insert(name, company.display);
                assert!(previous.is_none(), "{name:?} names both {previous:?} and {:?}", company.display);
                assert!(!organization_names.contains(name), "{name:?} is both a company and an organization");
            }
        }
        let apple = companies.iter().find(|company| company.display == "Apple").expect("Apple is known");
        assert_eq!(apple.names, [("Apple", Ambiguity::Word), ("Apple Computer", Ambiguity::None)]);
        let ford = companies.iter().find(|company| company.display == "Ford").expect("Ford is known");
        assert_eq!(ford.names[0], ("Ford", Ambiguity::Name));
        assert_eq!(owner["Ford Motor Company"], "Ford");
    }

    #[test]
    fn company_cues_load() {
        let cues = company_cues();
        assert!(cues.iter().any(|cue| cue.place == CuePlace::Before && cue.words == ["shares", "of"]));
        assert!(cues.iter().any(|cue| cue.place == CuePlace::After && cue.possessive && cue.words == ["CEO"]));
        assert!(cues.iter().all(|cue| !cue.words.contains(&"'s")));
        assert_eq!(cues.len(), super::super::table::rows(COMPANY_CUES_TEXT).count(), "every cue line is well-formed");
    }

    #[test]
    fn organization_word_sets() {
        assert!(is_org_head("Ministry") && !is_org_head("ministry"));
        assert!(is_company_word("Corp.") && is_company_word("GmbH"));
        assert!(is_public_bank_word("Development") && is_org_connector("of") && is_org_stop_word("Monday"));
        // A connector is lowercase and a stop word capitalised: the two never meet.
        assert!(words_of(ORG_CONNECTORS_TEXT).all(|word| !is_org_stop_word(word)));
    }
}
