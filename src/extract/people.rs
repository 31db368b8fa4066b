//! People named in an article: `Defence Minister Rajnath Singh` → "Rajnath Singh", `Mr. Volcker`
//! → "Volcker", `…, Singh said` → "Singh", merged into "Rajnath Singh" when the full name is there.
//!
//! One pass over the words ([`super::words`]) classifies each against a few small tables (titles,
//! common capitalised words, organization words, countries and nationalities, given names); runs
//! of capitalised words then become a person when a title comes before the name, when the run
//! starts with a known given name, or when an attribution verb (`said`, `told`) sits beside it.
//! Places, organizations, weekdays, months and sentence-initial common words never do.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::words::{self, Gap, Word};

/// The most words a name may have (`Karl Otto Poehl`, `Javier Perez de Cuellar`).
const MAX_NAME_WORDS: usize = 4;

/// Given names, one a line or several separated by spaces, `#` comments; source in the file.
const FIRST_NAMES: &str = include_str!("first_names.txt");

/// Titles and roles that come before a name (`Defence Minister Rajnath Singh`, `Mr. Volcker`).
const TITLES: &[&str] = &[
    "minister",
    "secretary",
    "president",
    "president-elect",
    "chairman",
    "chairwoman",
    "chairperson",
    "governor",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "chancellor",
    "premier",
    "director",
    "commissioner",
    "ambassador",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "gen",
    "admiral",
    "adm",
    "colonel",
    "col",
    "lt",
    "captain",
    "capt",
    "major",
    "maj",
    "sergeant",
    "sgt",
    "judge",
    "justice",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "treasurer",
    "speaker",
    "envoy",
    "executive",
    "officer",
    "leader",
    "chief",
    "sheikh",
    "sultan",
    "emir",
    "ayatollah",
    "rabbi",
    "bishop",
    "cardinal",
    "sir",
    "lord",
    "lady",
    "baroness",
    "dame",
    "economist",
    "analyst",
    "coach",
    "founder",
    "secretary-general",
    "director-general",
    "vice-president",
    "messrs",
    "chairmen",
    "rev",
    "attorney",
    "auditor",
    "comptroller",
    "controller",
    "sec",
];

/// Lowercase role nouns that may stand right before a name (`said finance minister Ali Khalifa`).
const LOWERCASE_ROLES: &[&str] = &[
    "minister",
    "secretary",
    "president",
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "director",
    "economist",
    "analyst",
    "ambassador",
    "envoy",
    "commissioner",
    "executive",
    "officer",
    "leader",
    "manager",
    "trader",
    "dealer",
    "professor",
    "senator",
    "chief",
    "head",
    "strategist",
    "coach",
    "counterpart",
    "founder",
    "treasurer",
    "mayor",
    "premier",
    "chancellor",
    "general",
];

/// Nouns that describe a person in an apposition (`Arief Santoso, an economist at …`).
const APPOSITION_NOUNS: &[&str] = &[
    "researcher",
    "scientist",
    "economist",
    "analyst",
    "professor",
    "lawyer",
    "spokesman",
    "spokeswoman",
    "official",
    "director",
    "farmer",
    "resident",
    "teacher",
    "doctor",
    "engineer",
    "student",
    "driver",
    "owner",
    "member",
    "expert",
    "consultant",
    "adviser",
    "advisor",
    "author",
    "artist",
    "activist",
    "organiser",
    "organizer",
    "coordinator",
    "volunteer",
    "nurse",
    "worker",
    "fisherman",
    "mother",
    "father",
    "grandmother",
    "grandfather",
    "commander",
    "captain",
    "pilot",
    "player",
    "coach",
    "runner",
    "athlete",
    "veteran",
    "founder",
    "chairman",
    "chairwoman",
    "chief",
    "head",
    "manager",
    "broker",
    "trader",
    "dealer",
    "strategist",
    "executive",
    "officer",
    "secretary",
    "minister",
    "president",
    "leader",
    "deputy",
    "spokesperson",
    "politician",
    "lawmaker",
    "senator",
    "diplomat",
    "ambassador",
    "journalist",
    "editor",
    "historian",
    "curator",
    "architect",
    "planner",
    "surgeon",
    "physician",
    "epidemiologist",
    "geologist",
    "volcanologist",
    "seismologist",
    "meteorologist",
    "climatologist",
    "biologist",
    "ecologist",
    "physicist",
    "chemist",
    "mayor",
    "councillor",
    "councilor",
    "governor",
    "judge",
    "prosecutor",
    "inspector",
    "officer",
    "sergeant",
    "colonel",
    "general",
    "admiral",
    "survivor",
    "witness",
    "shopkeeper",
    "vendor",
    "entrepreneur",
    "investor",
    "banker",
    "accountant",
    "partner",
    "colleague",
];

/// Verbs that attribute speech to the name beside them (`Singh said`, `said Smith`).
const ATTRIBUTION_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "noted",
    "explained",
    "warned",
    "argued",
    "insisted",
    "wrote",
    "asked",
    "replied",
    "declared",
    "announced",
    "commented",
    "predicted",
    "estimated",
    "acknowledged",
    "conceded",
    "confirmed",
    "denied",
    "suggested",
    "urged",
    "stressed",
    "emphasized",
    "emphasised",
    "believes",
    "thinks",
];

/// Capitalised words that are never part of a name: function words that open sentences,
/// pronouns, weekdays, months, plural nouns that head attributions (`Officials said`).
const COMMON_WORDS: &[&str] = &[
    "the",
    "organisers",
    "organizers",
    "investigators",
    "exporters",
    "importers",
    "authorities",
    "regulators",
    "prosecutors",
    "lawyers",
    "doctors",
    "scientists",
    "researchers",
    "engineers",
    "protesters",
    "supporters",
    "opponents",
    "observers",
    "planners",
    "strategists",
    "bankers",
    "brokers",
    "investors",
    "shareholders",
    "executives",
    "managers",
    "firefighters",
    "rescuers",
    "voters",
    "fans",
    "players",
    "participants",
    "organisations",
    "organizations",
    "agencies",
    "ministries",
    "a",
    "an",
    "and",
    "but",
    "or",
    "nor",
    "so",
    "yet",
    "for",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "of",
    "with",
    "without",
    "about",
    "after",
    "before",
    "during",
    "since",
    "until",
    "while",
    "when",
    "where",
    "whether",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "why",
    "how",
    "if",
    "unless",
    "although",
    "though",
    "because",
    "as",
    "than",
    "then",
    "thus",
    "also",
    "still",
    "however",
    "meanwhile",
    "moreover",
    "furthermore",
    "indeed",
    "instead",
    "nevertheless",
    "nonetheless",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "me",
    "some",
    "any",
    "many",
    "most",
    "more",
    "much",
    "few",
    "several",
    "all",
    "both",
    "each",
    "every",
    "either",
    "neither",
    "no",
    "not",
    "none",
    "other",
    "another",
    "such",
    "only",
    "even",
    "just",
    "last",
    "next",
    "first",
    "second",
    "third",
    "new",
    "old",
    "under",
    "over",
    "between",
    "among",
    "against",
    "through",
    "into",
    "onto",
    "upon",
    "within",
    "across",
    "despite",
    "including",
    "following",
    "according",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "now",
    "sources",
    "analysts",
    "officials",
    "dealers",
    "traders",
    "economists",
    "residents",
    "police",
    "witnesses",
    "experts",
    "critics",
    "others",
    "reuters",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "god",
    "shares",
    "stocks",
    "prices",
    "sales",
    "net",
    "profit",
    "loss",
    "revenue",
    "revenues",
    "earnings",
    "dividend",
    "qtr",
    "shr",
    "mln",
    "billion",
    "million",
    "pct",
    "year",
    "note",
    "ltd",
    "corp",
    "inc",
    "co",
    "plc",
    "group",
    "sector",
    "market",
    "markets",
    "trade",
    "oil",
    "gold",
    "data",
    "figures",
    "total",
    "average",
    "compared",
    "chinese",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "federal",
    "national",
    "international",
    "foreign",
    "domestic",
    "state",
    "government",
    "cabinet",
    "ministers",
    "leaders",
    "members",
    "companies",
    "banks",
    "countries",
    "nations",
    "exports",
    "imports",
    "producers",
    "consumers",
    "farmers",
    "workers",
    "unions",
    "sales",
    "ministry",
    "he's",
    "she's",
    "we're",
    "it's",
    "that's",
    "there's",
    "let",
    "please",
    "yes",
    "well",
    "like",
    "mln",
    "dlrs",
    "vs",
    "cts",
    "avg",
    "shrs",
    "revs",
    "oper",
    "nine",
    "six",
    "three",
    "four",
    "five",
    "seven",
    "eight",
    "ten",
    "one",
    "two",
    "should",
    "would",
    "could",
    "will",
    "can",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "said",
    "says",
    "asked",
    "told",
    "added",
];

/// Words that make a capitalised run an organization, a place or a thing rather than a person.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "banque",
    "banco",
    "banca",
    "world",
    "service",
    "bancorp",
    "bancshares",
    "enterprises",
    "pharmaceuticals",
    "products",
    "foods",
    "stores",
    "ag",
    "sa",
    "nv",
    "llc",
    "gmbh",
    "bhd",
    "spa",
    "studies",
    "futures",
    "analytics",
    "consulting",
    "consultants",
    "associates",
    "advisors",
    "advisers",
    "economics",
    "solutions",
    "logistics",
    "labs",
    "laboratories",
    "cooperative",
    "co-operative",
    "alliance",
    "coalition",
    "movement",
    "front",
    "bank",
    "banks",
    "corp",
    "corporation",
    "inc",
    "co",
    "ltd",
    "plc",
    "group",
    "holdings",
    "exchange",
    "council",
    "commission",
    "committee",
    "agency",
    "association",
    "federation",
    "union",
    "institute",
    "university",
    "college",
    "school",
    "fund",
    "organization",
    "organisation",
    "department",
    "office",
    "board",
    "authority",
    "reserve",
    "trust",
    "partners",
    "securities",
    "brothers",
    "industries",
    "international",
    "company",
    "party",
    "army",
    "navy",
    "force",
    "forces",
    "court",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "government",
    "administration",
    "treasury",
    "airlines",
    "airways",
    "motors",
    "petroleum",
    "energy",
    "foundation",
    "center",
    "centre",
    "club",
    "times",
    "post",
    "news",
    "journal",
    "press",
    "agreement",
    "framework",
    "partnership",
    "policy",
    "act",
    "plan",
    "program",
    "programme",
    "initiative",
    "summit",
    "meeting",
    "conference",
    "forum",
    "talks",
    "accord",
    "treaty",
    "pact",
    "declaration",
    "street",
    "avenue",
    "road",
    "square",
    "airport",
    "station",
    "river",
    "lake",
    "mountain",
    "mountains",
    "island",
    "islands",
    "valley",
    "region",
    "province",
    "states",
    "city",
    "county",
    "district",
    "republic",
    "kingdom",
    "empire",
    "east",
    "west",
    "north",
    "south",
    "pacific",
    "atlantic",
    "gulf",
    "sea",
    "ocean",
    "day",
    "week",
    "cup",
    "games",
    "olympics",
    "league",
    "championship",
    "festival",
    "index",
    "stock",
    "nasdaq",
    "dow",
    "system",
    "systems",
    "technologies",
    "technology",
    "services",
    "financial",
    "capital",
    "investment",
    "investments",
    "resources",
    "mining",
    "chemical",
    "chemicals",
    "electric",
    "steel",
    "power",
    "communications",
    "airline",
    "railway",
    "railways",
    "ministers",
    "defence",
    "defense",
    "finance",
    "economy",
    "economic",
    "commerce",
    "trade",
    "agriculture",
    "interior",
    "justice",
    "health",
    "labour",
    "labor",
    "affairs",
    "relations",
    "development",
    "research",
    "council",
    "communist",
    "socialist",
    "democratic",
    "republican",
    "liberal",
    "conservative",
    "labour",
    "christian",
    "islamic",
    "muslim",
    "catholic",
    "church",
    "mosque",
    "temple",
    "hospital",
    "museum",
    "gallery",
    "theatre",
    "theater",
    "stadium",
    "park",
    "bridge",
    "tower",
    "palace",
    "house",
    "hall",
    "building",
    "plaza",
    "port",
    "harbour",
    "harbor",
    "canal",
    "bay",
    "coast",
    "desert",
    "plus",
    "ventures",
    "america",
    "americas",
    "europe",
    "asia",
    "africa",
    "eurobond",
    "bond",
    "bonds",
    "treasuries",
    "telecom",
    "mobile",
    "network",
    "media",
    "television",
    "radio",
    "tv",
    "agency's",
    "club",
    "fc",
    "united",
    "city",
    "rovers",
    "marathon",
    "prize",
    "award",
    "awards",
    "medal",
    "trophy",
    "open",
    "tour",
    "grand",
];

/// Cities, states and regions often written alone (general knowledge); countries and nationalities come
/// from the `keshvar` crate.
const PLACE_WORDS: &[&str] = &[
    "london",
    "alabama",
    "arizona",
    "arkansas",
    "colorado",
    "connecticut",
    "delaware",
    "georgia",
    "idaho",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "tennessee",
    "utah",
    "vermont",
    "virginia",
    "wisconsin",
    "wyoming",
    "ontario",
    "quebec",
    "alberta",
    "manitoba",
    "saskatchewan",
    "queensland",
    "tasmania",
    "bavaria",
    "scotland",
    "wales",
    "paris",
    "tokyo",
    "washington",
    "beijing",
    "peking",
    "moscow",
    "berlin",
    "bonn",
    "brussels",
    "geneva",
    "frankfurt",
    "zurich",
    "rome",
    "madrid",
    "ottawa",
    "toronto",
    "montreal",
    "sydney",
    "melbourne",
    "delhi",
    "mumbai",
    "bombay",
    "singapore",
    "jakarta",
    "manila",
    "bangkok",
    "seoul",
    "cairo",
    "riyadh",
    "tehran",
    "baghdad",
    "dubai",
    "lagos",
    "nairobi",
    "johannesburg",
    "chicago",
    "houston",
    "dallas",
    "boston",
    "detroit",
    "atlanta",
    "miami",
    "seattle",
    "denver",
    "phoenix",
    "angeles",
    "york",
    "francisco",
    "hong",
    "kong",
    "kuala",
    "lumpur",
    "taipei",
    "shanghai",
    "osaka",
    "karachi",
    "islamabad",
    "kabul",
    "jerusalem",
    "beirut",
    "damascus",
    "ankara",
    "istanbul",
    "athens",
    "lisbon",
    "vienna",
    "prague",
    "warsaw",
    "budapest",
    "stockholm",
    "oslo",
    "copenhagen",
    "helsinki",
    "dublin",
    "amsterdam",
    "rotterdam",
    "milan",
    "munich",
    "hamburg",
    "canberra",
    "wellington",
    "auckland",
    "santiago",
    "lima",
    "bogota",
    "caracas",
    "brasilia",
    "janeiro",
    "aires",
    "havana",
    "texas",
    "california",
    "florida",
    "ohio",
    "illinois",
    "alaska",
    "hawaii",
    "europe",
    "asia",
    "africa",
    "america",
    "latin",
    "middle",
    "far",
    "indo-pacific",
    "kremlin",
    "pentagon",
    "whitehall",
    "wall",
    "gaza",
    "kashmir",
    "crimea",
    "kyiv",
    "kiev",
    "ukraine",
    "taiwan",
    "soviet",
    "ussr",
    "u.s.",
    "u.k.",
    "uk",
    "us",
    "usa",
    "eu",
    "un",
    "nato",
    "opec",
    "asean",
    "imf",
    "gatt",
    "oecd",
    "ec",
    "eec",
    "eastern",
    "western",
    "asian",
    "african",
    "european",
    "arab",
    "arabs",
    "nordic",
    "baltic",
    "scandinavian",
    "latino",
    "hispanic",
    "anglo",
    "gulf",
];

/// Lowercase particles inside names (`Javier Perez de Cuellar`, `Ursula von der Leyen`).
const PARTICLES: &[&str] =
    &["de", "da", "del", "della", "di", "van", "von", "der", "den", "le", "la", "du", "bin", "ibn", "al", "el", "dos"];

/// Words that open place names (`San Pedro de Atacama`, `St. Louis`, `Port Moresby`).
const PLACE_PREFIXES: &[&str] = &[
    "san", "santa", "santo", "sao", "são", "saint", "st", "port", "fort", "mount", "cape", "puerto", "porto", "ciudad",
];

const COMMON: u16 = 1;
const TITLE: u16 = 2;
const ORG: u16 = 4;
const PLACE: u16 = 8;
const FIRST_NAME: u16 = 16;
const PARTICLE: u16 = 32;
const ATTRIBUTION: u16 = 64;
const ROLE: u16 = 128;
const PLACE_PREFIX: u16 = 256;
const APPOSITION_NOUN: u16 = 512;

/// FNV-1a: the lexicon's keys are short words, for which SipHash is slow.
#[derive(Default)]
struct Fnv(u64);

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

type Lexicon = HashMap<Box<str>, u16, BuildHasherDefault<Fnv>>;

/// Lowercase word → what it can be.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    let mut add = |word: &str, class: u16| *lexicon.entry(word.to_lowercase().into()).or_default() |= class;
    for (words, class) in [
        (COMMON_WORDS, COMMON),
        (TITLES, TITLE),
        (ORG_WORDS, ORG),
        (PLACE_WORDS, PLACE),
        (PARTICLES, PARTICLE),
        (ATTRIBUTION_VERBS, ATTRIBUTION),
        (LOWERCASE_ROLES, ROLE),
        (PLACE_PREFIXES, PLACE_PREFIX),
        (APPOSITION_NOUNS, APPOSITION_NOUN),
    ] {
        for word in words {
            add(word, class);
        }
    }
    for line in FIRST_NAMES.lines().filter(|line| !line.starts_with('#')) {
        for name in line.split_whitespace() {
            add(name, FIRST_NAME);
        }
    }
    // One-word organizations the orgs lexicon knows (`Fed`, `Bundesbank`, `OPEC`).
    for line in super::orgs::LEXICON_TEXT.lines().filter(|line| !line.starts_with('#')) {
        for alias in line.split('|').map(str::trim).filter(|alias| !alias.is_empty() && !alias.contains(' ')) {
            add(alias, ORG);
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
    lexicon
});

/// The class bits of `word` (case-insensitive; a final `.` is ignored).
fn classify(word: &str, buffer: &mut String) -> u16 {
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
    let mut class = LEXICON.get(buffer.as_str()).copied().unwrap_or(0);
    // `Secretary-General`, `Vice-Chairman`: a hyphenated word ending in a title is a title.
    if class & TITLE == 0
        && let Some((_, last)) = buffer.rsplit_once('-')
    {
        class |= LEXICON.get(last).copied().unwrap_or(0) & TITLE;
    }
    class
}

/// A country, nationality or well-known city written as one word (`Japan`, `Indian`, `London`).
pub(crate) fn is_place(word: &str) -> bool {
    classify(word, &mut String::new()) & PLACE != 0
}

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
pub fn extract_people(article: &mut crate::article::Article) {
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
    let classes: Vec<u16> = (0..words.len())
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

fn starts_run(word: &Word, class: u16) -> bool {
    word.is_capitalized() && class & COMMON == 0
}

/// Word `at` continues the run before it: no punctuation between, and capitalised (or a particle
/// followed by a capitalised word).
fn continues_run(words: &[Word], classes: &[u16], at: usize) -> bool {
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
    classes: &[u16],
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
    classes: &[u16],
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
        "a" | "an" => words[end + 1..].iter().take(3).take_while(|word| word.gap == Gap::Space).any(|word| {
            !word.is_capitalized() && LEXICON.get(word.text).is_some_and(|class| class & APPOSITION_NOUN != 0)
        }),
        age => {
            age.len() <= 3
                && age.bytes().all(|byte| byte.is_ascii_digit())
                && words.get(end + 1).is_some_and(|after| after.gap == Gap::Comma)
        }
    }
}

fn is_lowercase_role(word: &Word, class: u16) -> bool {
    class & ROLE != 0 && !word.is_capitalized() && !word.possessive
}

/// Two capitals in a row after the first letter (`WestLB`): brand names, not people;
/// `McDonald` and `DeConcini` pass.
fn has_inner_capitals(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).skip(1).any(|pair| pair[0].is_ascii_uppercase() && pair[1].is_ascii_uppercase())
}

/// A single capital letter with a dot (`J.`).
fn is_initial(text: &str) -> bool {
    let mut characters = text.chars();
    matches!((characters.next(), characters.next(), characters.next()), (Some(letter), Some('.'), None) if letter.is_uppercase())
}

/// `Singh said`, `Singh told`, `said Singh.`, `said Singh, the minister`, `according to Singh`.
fn is_attributed(words: &[Word], classes: &[u16], start: usize, end: usize) -> bool {
    let is_verb = |at: usize| classes[at] & ATTRIBUTION != 0 && !words[at].is_capitalized();
    let verb_after = end < words.len() && matches!(words[end].gap, Gap::Space | Gap::Comma) && is_verb(end);
    // `Mikulic has said`, `Smith also told`
    let auxiliary = |word: &Word| matches!(word.text, "has" | "had" | "also" | "later" | "then" | "again");
    let verb_after_auxiliary = end + 1 < words.len()
        && words[end].gap == Gap::Space
        && auxiliary(&words[end])
        && words[end + 1].gap == Gap::Space
        && words[end + 1].text.len() > 2
        && LEXICON.get(words[end + 1].text).is_some_and(|class| class & ATTRIBUTION != 0);
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
    fn is_before_org(&self, words: &[Word<'a>], classes: &[u16], word: &str) -> bool {
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
