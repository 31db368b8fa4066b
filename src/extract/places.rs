//! Places: the countries, major cities and regions an article mentions, each under one canonical
//! name (the naming of [`crate::tags::canonical_place`], so filters match), with the country of
//! every city and region, and the country of the dateline place.
//!
//! The gazetteer is built once from crate data: countries, their unofficial names and
//! nationalities from `keshvar`; states and provinces from `keshvar`'s subdivisions; cities from
//! the `cities` crate (GeoNames, about 100 a country, largest first), of which only the major
//! ones count ([`MAJOR_CITY_MIN_SIZE`]). A short table adds what the data lacks:
//! the states of the 1980s, abbreviations (`U.S.`, `U.K.`) and demonyms such as `British`.
//! One `aho-corasick` automaton (leftmost-longest, case-sensitive, anchored at capitalised word
//! starts) finds every written form, as written and in capitals (Reuters titles), on whole words.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use chrono::{DateTime, NaiveDate, Utc};

use crate::article::{Article, MetaField};
use crate::tags::canonical_place;

/// Only major cities count: the largest of each country, and those whose size estimated by
/// [`zipf_size`] reaches this. In the `cities` data a country's cities come largest first, and
/// far down a small country's list names turn into villages that share words and surnames.
const MAJOR_CITY_MIN_SIZE: u64 = 150_000;

/// A city this large (estimated by [`zipf_size`]) is its country's, whatever else shares its
/// name.
const TOP_CITY_MIN_SIZE: u64 = 1_000_000;

/// The lead: how much of the body's start (dateline included) makes a mention salient alone.
const LEAD_BYTES: usize = 500;

/// Mentions that make a country salient when none is in the title or lead.
const MIN_MENTIONS: usize = 2;

/// Longer than any country's written name (`Democratic Republic of the Congo`).
const MAX_COUNTRY_NAME_BYTES: usize = 48;

/// Written forms the data lacks: (written, canonical country). Abbreviations, old names and the
/// states of the 1980s that ISO 3166 no longer lists.
const EXTRA_COUNTRY_NAMES: &[(&str, &str)] = &[
    ("U.S.", "United States"),
    ("U.S.A.", "United States"),
    ("US", "United States"),
    ("USA", "United States"),
    ("America", "United States"),
    ("United States", "United States"),
    ("U.K.", "United Kingdom"),
    ("UK", "United Kingdom"),
    ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"),
    ("England", "United Kingdom"),
    ("Scotland", "United Kingdom"),
    ("Wales", "United Kingdom"),
    ("Northern Ireland", "United Kingdom"),
    ("West Germany", "West Germany"),
    ("East Germany", "East Germany"),
    ("Soviet Union", "Soviet Union"),
    ("USSR", "Soviet Union"),
    ("U.S.S.R.", "Soviet Union"),
    ("Yugoslavia", "Yugoslavia"),
    ("Czechoslovakia", "Czechoslovakia"),
    ("Burma", "Myanmar"),
    ("Zaire", "Democratic Republic of the Congo"),
    ("Ivory Coast", "Côte d'Ivoire"),
    ("South Korea", "South Korea"),
    ("North Korea", "North Korea"),
    ("Korea", "South Korea"),
    ("Taiwan", "Taiwan"),
    ("Holland", "Netherlands"),
    ("Hong Kong", "Hong Kong"),
    ("Philippines", "Philippines"),
    ("Vatican", "Vatican City"),
    ("Kampuchea", "Cambodia"),
];

/// Demonyms the data lacks or words differently: (written, canonical country).
const EXTRA_DEMONYMS: &[(&str, &str)] = &[
    ("American", "United States"),
    ("Americans", "United States"),
    ("British", "United Kingdom"),
    ("Briton", "United Kingdom"),
    ("Britons", "United Kingdom"),
    ("English", "United Kingdom"),
    ("Scottish", "United Kingdom"),
    ("Soviet", "Soviet Union"),
    ("Soviets", "Soviet Union"),
    ("West German", "West Germany"),
    ("West Germans", "West Germany"),
    ("East German", "East Germany"),
    ("East Germans", "East Germany"),
    ("Yugoslav", "Yugoslavia"),
    ("Czechoslovak", "Czechoslovakia"),
    ("South Korean", "South Korea"),
    ("North Korean", "North Korea"),
    ("Korean", "South Korea"),
    ("Taiwanese", "Taiwan"),
    ("Dutch", "Netherlands"),
    ("Argentine", "Argentina"),
    ("Filipino", "Philippines"),
    ("Philippine", "Philippines"),
    ("Saudi", "Saudi Arabia"),
    ("Saudis", "Saudi Arabia"),
    ("Swiss", "Switzerland"),
    ("Thai", "Thailand"),
    ("Kuwaiti", "Kuwait"),
    ("Iraqi", "Iraq"),
    ("Iranian", "Iran"),
    ("Israeli", "Israel"),
    ("Pakistani", "Pakistan"),
    ("Bangladeshi", "Bangladesh"),
    ("Venezuelan", "Venezuela"),
    ("Colombian", "Colombia"),
    ("Peruvian", "Peru"),
    ("Ecuadorean", "Ecuador"),
    ("Ecuadorian", "Ecuador"),
    ("Chilean", "Chile"),
    ("Bolivian", "Bolivia"),
    ("Mexican", "Mexico"),
    ("Brazilian", "Brazil"),
    ("Canadian", "Canada"),
    ("Australian", "Australia"),
    ("New Zealand", "New Zealand"),
    ("Chinese", "China"),
    ("Japanese", "Japan"),
    ("Indonesian", "Indonesia"),
    ("Malaysian", "Malaysia"),
    ("Singaporean", "Singapore"),
    ("Nigerian", "Nigeria"),
    ("Egyptian", "Egypt"),
    ("Turkish", "Turkey"),
    ("Greek", "Greece"),
    ("Portuguese", "Portugal"),
    ("Spanish", "Spain"),
    ("French", "France"),
    ("Italian", "Italy"),
    ("Belgian", "Belgium"),
    ("Danish", "Denmark"),
    ("Norwegian", "Norway"),
    ("Swedish", "Sweden"),
    ("Finnish", "Finland"),
    ("Austrian", "Austria"),
    ("Irish", "Ireland"),
    ("Polish", "Poland"),
    ("Hungarian", "Hungary"),
    ("Romanian", "Romania"),
    ("Bulgarian", "Bulgaria"),
    ("Cuban", "Cuba"),
    ("South African", "South Africa"),
    ("Zambian", "Zambia"),
    ("Zimbabwean", "Zimbabwe"),
    ("Kenyan", "Kenya"),
    ("Algerian", "Algeria"),
    ("Libyan", "Libya"),
    ("Moroccan", "Morocco"),
    ("Tunisian", "Tunisia"),
    ("Syrian", "Syria"),
    ("Lebanese", "Lebanon"),
    ("Jordanian", "Jordan"),
    ("Qatari", "Qatar"),
    ("Omani", "Oman"),
    ("Emirates", "United Arab Emirates"),
    ("Sri Lankan", "Sri Lanka"),
    ("Vietnamese", "Vietnam"),
];

/// Places that are not a country although their words contain one (`Latin America`), and set
/// phrases whose country word is not a place (`Indian Ocean`): matched so that the longer form
/// wins over the country inside it, then ignored.
const NOT_A_COUNTRY: &[&str] = &[
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "Indian Ocean",
    "American Indian",
    "West Indies",
    "New Guinea",
    "Middle East",
    "Gulf of Mexico",
    "English Channel",
    "Mexican Gulf",
    "French franc",
    "French francs",
    "Swiss franc",
    "Swiss francs",
    "Japanese yen",
    "Paris Club",
];

/// Words that make a state or province name generic when all its words are among them
/// (`Central`, `Gulf`, `Western Area`): such names are ordinary words in news text.
const GENERIC_REGION_WORDS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Gulf",
    "Capital",
    "Coast",
    "Coastal",
    "Islands",
    "Island",
    "Lakes",
    "Upper",
    "Lower",
    "Middle",
    "Highlands",
    "Interior",
    "Border",
    "Area",
    "Region",
    "Province",
    "District",
    "Territory",
    "National",
    "Federal",
    "Mountain",
    "Valley",
    "River",
    "Sea",
    "Lake",
    "Plateau",
    "Great",
    "New",
    "Northwest",
    "Southwest",
    "Northeast",
    "Southeast",
    "North-West",
    "South-West",
    "North-East",
    "South-East",
    "Centre",
    "Center",
    "Littoral",
    "Atlantic",
    "Pacific",
    "Red",
    "Volta",
    "Savanes",
    "Plateaux",
    "Maritime",
    "Kara",
    "Est",
    "Ouest",
    "Nord",
    "Sud",
    "Centro",
    "Oriental",
    "Occidental",
    "Norte",
    "Sur",
    "Este",
    "Oeste",
];

/// Cities and landmarks the data lacks or names otherwise: (written, listed name, country).
const EXTRA_CITY_NAMES: &[(&str, &str, &str)] = &[
    // (written, city or place name, country)
    ("New York", "New York", "United States"),
    ("Wall Street", "Wall Street", "United States"),
    ("White House", "White House", "United States"),
    ("Peking", "Beijing", "China"),
    ("Bombay", "Mumbai", "India"),
    ("Calcutta", "Kolkata", "India"),
    ("Madras", "Chennai", "India"),
    ("Rangoon", "Yangon", "Myanmar"),
    ("Saigon", "Ho Chi Minh City", "Vietnam"),
    ("Leningrad", "Leningrad", "Soviet Union"),
    ("Bonn", "Bonn", "West Germany"),
    ("Frankfurt", "Frankfurt", "Germany"),
    // English names of major cities that the GeoNames data spells otherwise or lacks.
    ("Geneva", "Geneva", "Switzerland"),
    ("Basle", "Basel", "Switzerland"),
    ("Basel", "Basel", "Switzerland"),
    ("Berne", "Bern", "Switzerland"),
    ("Munich", "Munich", "Germany"),
    ("Cologne", "Cologne", "Germany"),
    ("Nuremberg", "Nuremberg", "Germany"),
    ("Duesseldorf", "Duesseldorf", "Germany"),
    ("Dusseldorf", "Duesseldorf", "Germany"),
    ("Vienna", "Vienna", "Austria"),
    ("Milan", "Milan", "Italy"),
    ("Turin", "Turin", "Italy"),
    ("Naples", "Naples", "Italy"),
    ("Prague", "Prague", "Czech Republic"),
    ("Belgrade", "Belgrade", "Serbia"),
    ("Taipei", "Taipei", "Taiwan"),
    ("Cairo", "Cairo", "Egypt"),
    ("Riyadh", "Riyadh", "Saudi Arabia"),
    ("Jeddah", "Jeddah", "Saudi Arabia"),
    ("Abu Dhabi", "Abu Dhabi", "United Arab Emirates"),
    ("Dubai", "Dubai", "United Arab Emirates"),
    ("New Delhi", "New Delhi", "India"),
    ("Hanoi", "Hanoi", "Vietnam"),
    ("Tel Aviv", "Tel Aviv", "Israel"),
    ("Dacca", "Dhaka", "Bangladesh"),
    ("Abidjan", "Abidjan", "Côte d'Ivoire"),
    ("Kinshasa", "Kinshasa", "Democratic Republic of the Congo"),
    ("Salt Lake City", "Salt Lake City", "United States"),
    ("Des Moines", "Des Moines", "United States"),
    ("Stamford", "Stamford", "United States"),
    ("The Hague", "The Hague", "Netherlands"),
];

/// City names in the data that are common English words or first names, so a capitalised
/// match is more likely a sentence start, a title word or a person: they count only in a
/// dateline or when a country follows (`Reading, England`). Written from general knowledge.
const COMMON_WORD_CITIES: &[&str] = &[
    "Reading",
    "Mobile",
    "Nice",
    "Split",
    "Bath",
    "Of",
    "Come",
    "Goes",
    "Hard",
    "Hit",
    "Most",
    "Say",
    "Save",
    "Young",
    "Manage",
    "Race",
    "Orange",
    "Metro",
    "Mega",
    "Colon",
    "Cascade",
    "Batman",
    "Roman",
    "Papa",
    "Van",
    "Sale",
    "David",
    "Darwin",
    "Singleton",
    "Mercedes",
    "Victoria",
    "Dolores",
    "Aurora",
    "Paradise",
    "Henderson",
    "Chandler",
    "Madison",
    "Garland",
    "Lincoln",
    "Columbus",
    "Phoenix",
    "Charlotte",
    "Buffalo",
    "Riverside",
    "Stockton",
    "Durham",
    "Plano",
    "Arlington",
    "Norfolk",
    "Austin",
    "Portland",
    "Jackson",
    "Marion",
    "Florence",
    "Eugene",
    "Troy",
    "Sparta",
    "Athens",
    "Union",
    "Independence",
    "Concord",
    "Liberty",
    "Progress",
    "Bar",
    "March",
    "May",
    "Sun",
    "Gold",
    "Mill",
    "Mold",
    "Deal",
    "Wells",
    "Street",
    "Marshall",
    "Hamilton",
    "Clinton",
    "Douglas",
    "Salisbury",
    "Wellington",
    "Kingston",
    "Newcastle",
    "Richmond",
    "Winchester",
    "Worcester",
    "Chester",
    "Derby",
    "Hull",
    "Poole",
    "Sandy",
    "Rugby",
    "Corby",
    "Bury",
    "Deli",
    "Male",
    "Police",
    "Bologna",
    "Mandi",
    "Bari",
    "Tours",
    "Pau",
    "Nancy",
    "Laval",
    "Lille",
    "Vienne",
    "Sete",
    "Cork",
    "Naga",
    "Bata",
    "Ho",
    "Ha",
    "Wa",
    "Ig",
    "Ita",
    "Aba",
    "Ans",
    "Cot",
    "Dom",
    "Ede",
    "Mir",
    "Oss",
    "Sig",
    "Suf",
    "Zug",
    "Hue",
    "Mako",
    "Coro",
    "Ica",
    "Java",
    "Jinja",
    "Batan",
    "Turbo",
    "Warken",
    "Frome",
    "San",
    "Santa",
    "Bloomington",
    "Nassau",
    "Georgetown",
    "Fortuna",
    "Esperanza",
    "Concepcion",
    "Trinidad",
    "Providence",
    "Mission",
    "Moore",
    "Mesa",
    "Globe",
    "Tema",
    "Kita",
    "Ilan",
    "Kobe",
    "Bo",
    "Jos",
    "Ife",
    "Owo",
    "Ede",
    "Kano",
    "Bida",
    "Ise",
];

/// Words before a capitalised city name that do not make it a surname (`In Houston`).
const FUNCTION_WORDS: &[&str] = &[
    "In", "At", "From", "To", "The", "For", "By", "On", "And", "But", "Of", "With", "Near", "Outside", "Since", "Both",
    "Between", "Across", "Via", "IN", "AT", "FROM", "TO", "THE", "FOR", "BY", "ON", "AND", "OF",
];

/// US state and Canadian province abbreviations as datelines write them (`HORSHAM, Pa.`).
const DATELINE_REGIONS: &[(&str, &str)] = &[
    ("ala", "United States"),
    ("al", "United States"),
    ("alaska", "United States"),
    ("ak", "United States"),
    ("ariz", "United States"),
    ("az", "United States"),
    ("ark", "United States"),
    ("ar", "United States"),
    ("calif", "United States"),
    ("cal", "United States"),
    ("ca", "United States"),
    ("colo", "United States"),
    ("co", "United States"),
    ("conn", "United States"),
    ("ct", "United States"),
    ("del", "United States"),
    ("de", "United States"),
    ("d c", "United States"),
    ("dc", "United States"),
    ("fla", "United States"),
    ("fl", "United States"),
    ("ga", "United States"),
    ("hawaii", "United States"),
    ("hi", "United States"),
    ("idaho", "United States"),
    ("id", "United States"),
    ("ill", "United States"),
    ("il", "United States"),
    ("ind", "United States"),
    ("in", "United States"),
    ("iowa", "United States"),
    ("ia", "United States"),
    ("kan", "United States"),
    ("kans", "United States"),
    ("ks", "United States"),
    ("ky", "United States"),
    ("la", "United States"),
    ("maine", "United States"),
    ("me", "United States"),
    ("md", "United States"),
    ("mass", "United States"),
    ("ma", "United States"),
    ("mich", "United States"),
    ("mi", "United States"),
    ("minn", "United States"),
    ("mn", "United States"),
    ("miss", "United States"),
    ("ms", "United States"),
    ("mo", "United States"),
    ("mont", "United States"),
    ("mt", "United States"),
    ("neb", "United States"),
    ("nebr", "United States"),
    ("ne", "United States"),
    ("nev", "United States"),
    ("nv", "United States"),
    ("n h", "United States"),
    ("nh", "United States"),
    ("n j", "United States"),
    ("nj", "United States"),
    ("n m", "United States"),
    ("n mex", "United States"),
    ("nm", "United States"),
    ("n y", "United States"),
    ("ny", "United States"),
    ("n c", "United States"),
    ("nc", "United States"),
    ("n d", "United States"),
    ("n dak", "United States"),
    ("nd", "United States"),
    ("ohio", "United States"),
    ("oh", "United States"),
    ("okla", "United States"),
    ("ok", "United States"),
    ("ore", "United States"),
    ("or", "United States"),
    ("pa", "United States"),
    ("penn", "United States"),
    ("r i", "United States"),
    ("ri", "United States"),
    ("s c", "United States"),
    ("sc", "United States"),
    ("s d", "United States"),
    ("s dak", "United States"),
    ("sd", "United States"),
    ("tenn", "United States"),
    ("tn", "United States"),
    ("texas", "United States"),
    ("tex", "United States"),
    ("tx", "United States"),
    ("utah", "United States"),
    ("ut", "United States"),
    ("vt", "United States"),
    ("va", "United States"),
    ("wash", "United States"),
    ("wa", "United States"),
    ("w va", "United States"),
    ("wv", "United States"),
    ("wis", "United States"),
    ("wisc", "United States"),
    ("wi", "United States"),
    ("wyo", "United States"),
    ("wy", "United States"),
    ("ont", "Canada"),
    ("b c", "Canada"),
    ("bc", "Canada"),
    ("alta", "Canada"),
    ("sask", "Canada"),
    ("man", "Canada"),
    ("que", "Canada"),
    ("n s", "Canada"),
    ("n b", "Canada"),
    ("nfld", "Canada"),
];

/// Standard hours east of UTC of the US states and Canadian provinces (as datelines abbreviate
/// them) outside Eastern time (UTC−5), from general knowledge.
const REGION_UTC_OFFSETS: &[(i32, &[&str])] = &[
    (-10, &["hawaii", "hi"]),
    (-9, &["alaska", "ak"]),
    (-8, &["calif", "cal", "ca", "wash", "wa", "ore", "or", "nev", "nv", "b c", "bc"]),
    (
        -7,
        &[
            "ariz", "az", "colo", "co", "idaho", "id", "mont", "mt", "n m", "n mex", "nm", "utah", "ut", "wyo", "wy",
            "alta",
        ],
    ),
    (
        -6,
        &[
            "ala", "al", "ark", "ar", "ill", "il", "iowa", "ia", "kan", "kans", "ks", "la", "minn", "mn", "miss", "ms",
            "mo", "neb", "nebr", "ne", "n d", "n dak", "nd", "okla", "ok", "s d", "s dak", "sd", "tenn", "tn", "texas",
            "tex", "tx", "wis", "wisc", "wi", "sask", "man",
        ],
    ),
    (-4, &["n s", "n b", "nfld"]),
];

/// The time zone of a dateline, roughly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatelineZone {
    /// Standard hours east of UTC.
    pub standard_offset_hours: i32,
    /// A US state or Canadian province: North American daylight saving time applies.
    pub north_american: bool,
}

/// The time zone of a dateline: from its US state or Canadian province (`SAN MATEO, Calif.`),
/// else by the sun at the place (its longitude over 15, rounded: near the legal zone almost
/// everywhere); `None` for places the gazetteer does not know.
pub fn dateline_zone(location: &str, body: &str) -> Option<DatelineZone> {
    if let Some(region) = dateline_region(body)
        && let Some(country) = dateline_region_country(body)
        && (country == "United States" || country == "Canada")
    {
        let key = crate::tags::normalize(region);
        let offset = REGION_UTC_OFFSETS
            .iter()
            .find(|(_, regions)| regions.contains(&key.as_str()))
            .map_or(-5, |(offset, _)| *offset);
        return Some(DatelineZone { standard_offset_hours: offset, north_american: true });
    }
    let longitude = GAZETTEER.longitudes.get(&location.to_lowercase())?;
    // Longitudes lie within ±180, so the hours fit an i32.
    #[allow(clippy::cast_possible_truncation)]
    let offset = (longitude / 15.0).round() as i32;
    Some(DatelineZone { standard_offset_hours: offset, north_american: false })
}

/// What a gazetteer name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Country,
    /// `Japanese`: counts for its country, is not listed itself.
    Demonym,
    City,
    Region,
    /// `Latin America`: matched so that the country inside does not count.
    Ignored,
}

/// One place the gazetteer knows.
#[derive(Debug)]
struct Place {
    kind: Kind,
    /// The canonical name listed in `places`: the country's for countries and demonyms.
    name: String,
    /// The countries it may be in, with the city's estimated size there (`u64::MAX` for
    /// countries and regions), largest first.
    countries: Vec<(String, u64)>,
    /// A common word or first name: counts only in a dateline or before a country.
    common_word: bool,
}

struct Gazetteer {
    matcher: AhoCorasick,
    /// Pattern index → place index.
    pattern_places: Vec<usize>,
    places: Vec<Place>,
    /// Lowercased written form → place index, for dateline places.
    by_lowercase: HashMap<String, usize>,
    /// Canonical names that are countries.
    countries: HashSet<String>,
    /// Lowercased city or country name → longitude: of the largest city of that name; of the
    /// largest city of a country.
    longitudes: HashMap<String, f64>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(build_gazetteer);

/// Builder state: written form → place, in priority order (first writer wins).
#[derive(Default)]
struct GazetteerBuilder {
    places: Vec<Place>,
    patterns: HashMap<String, usize>,
    /// (kind, name) → place index, so a city in several countries is one place.
    place_index: HashMap<(u8, String), usize>,
}

impl GazetteerBuilder {
    fn place(&mut self, kind: Kind, name: &str) -> usize {
        let key = (kind as u8, name.to_string());
        if let Some(index) = self.place_index.get(&key) {
            return *index;
        }
        self.places.push(Place { kind, name: name.to_string(), countries: Vec::new(), common_word: false });
        self.place_index.insert(key, self.places.len() - 1);
        self.places.len() - 1
    }

    /// Adds `written` for the place; a written form already taken keeps its first place, except
    /// that cities of one name in several countries merge.
    fn add(&mut self, written: &str, kind: Kind, name: &str, country: Option<(&str, u64)>) {
        let written = written.trim();
        if written.chars().count() < 2 || !written.starts_with(|c: char| c.is_uppercase()) {
            return;
        }
        if let Some(existing) = self.patterns.get(written).copied() {
            let same_kind = self.places[existing].kind == kind && self.places[existing].name == name;
            let both_local = matches!(self.places[existing].kind, Kind::City | Kind::Region)
                && matches!(kind, Kind::City | Kind::Region);
            if (same_kind || both_local)
                && let Some((country, rank)) = country
                && !self.places[existing].countries.iter().any(|(known, _)| known == country)
            {
                self.places[existing].countries.push((country.to_string(), rank));
            }
            return;
        }
        let index = self.place(kind, name);
        if let Some((country, rank)) = country
            && !self.places[index].countries.iter().any(|(known, _)| known == country)
        {
            self.places[index].countries.push((country.to_string(), rank));
        }
        self.patterns.insert(written.to_string(), index);
    }
}

/// A size to compare cities of one name across countries: by Zipf's law the city of rank `r`
/// (0-based) in a country is about 1/(r+1) the size of the largest, and the largest grows with
/// the country; a tenth of the population stands in for it. So San Francisco (United States,
/// 18th) outweighs Costa Rica's.
fn zipf_size(country_population: u64, rank: usize) -> u64 {
    let rank = u64::try_from(rank).unwrap_or(u64::MAX).saturating_add(1);
    country_population / 10 / rank
}

/// Letters, spaces and the punctuation of place names only: drops names in other scripts and
/// forms such as `Korea (Republic of)`.
fn is_plain_name(name: &str) -> bool {
    name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
}

fn build_gazetteer() -> Gazetteer {
    let mut builder = GazetteerBuilder::default();
    for written in NOT_A_COUNTRY {
        builder.add(written, Kind::Ignored, written, None);
    }
    // The tables name countries as `tags::canonical_place` does; resolving them keeps it so.
    for (written, country) in EXTRA_COUNTRY_NAMES {
        let country = canonical_place(country);
        builder.add(written, Kind::Country, &country, Some((&country, u64::MAX)));
    }
    for (written, country) in EXTRA_DEMONYMS {
        let country = canonical_place(country);
        builder.add(written, Kind::Demonym, &country, Some((&country, u64::MAX)));
    }
    let mut country_names = Vec::new();
    // An unofficial country name that is also a city's (`Salvador`, Brazil's, for El Salvador)
    // names the city.
    let city_names: HashSet<&str> = cities::all().iter().map(|city| city.city).collect();
    for country in keshvar::CountryIterator::new() {
        let canonical = canonical_place(country.iso_short_name());
        country_names.push(canonical.clone());
        let unofficial = country.unofficial_name_list().iter().copied().filter(|name| !city_names.contains(name));
        let names =
            std::iter::once(canonical.as_str()).chain(std::iter::once(country.iso_short_name())).chain(unofficial);
        for written in names {
            if is_plain_name(written) && written.len() >= 4 {
                builder.add(written, Kind::Country, &canonical, Some((&canonical, u64::MAX)));
            }
        }
        if let Some(nationality) = country.maybe_nationality()
            && is_plain_name(nationality)
            && nationality.len() >= 4
        {
            builder.add(nationality, Kind::Demonym, &canonical, Some((&canonical, u64::MAX)));
            if !nationality.ends_with('s') && !nationality.ends_with("ese") && !nationality.ends_with("ish") {
                builder.add(&format!("{nationality}s"), Kind::Demonym, &canonical, Some((&canonical, u64::MAX)));
            }
        }
    }
    for (written, city, country) in EXTRA_CITY_NAMES {
        builder.add(written, Kind::City, city, Some((&canonical_place(country), u64::MAX)));
    }
    let population_of: HashMap<String, u64> = keshvar::CountryIterator::new()
        .map(|country| (canonical_place(country.iso_short_name()), country.maybe_population().unwrap_or(0)))
        .collect();
    let mut longitudes: HashMap<String, (u64, f64)> = HashMap::new();
    let mut rank_in_country: HashMap<&str, usize> = HashMap::new();
    let mut country_of_data_name: HashMap<&str, String> = HashMap::new();
    for city in cities::all() {
        let rank = rank_in_country.entry(city.country).or_insert(0);
        let city_rank = *rank;
        *rank += 1;
        let country = country_of_data_name.entry(city.country).or_insert_with(|| canonical_place(city.country)).clone();
        let size = zipf_size(population_of.get(&country).copied().unwrap_or(0), city_rank);
        if city_rank == 0 {
            longitudes.insert(country.to_lowercase(), (u64::MAX, city.longitude));
        }
        let known = longitudes.entry(city.city.to_lowercase()).or_insert((size, city.longitude));
        if known.0 < size {
            *known = (size, city.longitude);
        }
        let is_major = city_rank == 0 || size >= MAJOR_CITY_MIN_SIZE;
        if !is_major || !is_plain_name(city.city) {
            continue;
        }
        builder.add(city.city, Kind::City, city.city, Some((&country, size)));
        if let Some(rest) = city.city.strip_prefix("Saint ") {
            builder.add(&format!("St. {rest}"), Kind::City, city.city, Some((&country, size)));
        }
    }
    for country in keshvar::CountryIterator::new() {
        let canonical = canonical_place(country.iso_short_name());
        for subdivision in country.subdivisions().values() {
            let is_state = matches!(
                subdivision.subdivision_type(),
                keshvar::SubdivisionType::State | keshvar::SubdivisionType::Province
            );
            let name = subdivision.name();
            let is_generic = name.split([' ', '-']).all(|word| GENERIC_REGION_WORDS.contains(&word));
            if is_state
                && !is_generic
                && is_plain_name(name)
                && name.len() >= 4
                && name.starts_with(|c: char| c.is_uppercase())
            {
                builder.add(name, Kind::Region, name, Some((&canonical, u64::MAX)));
            }
        }
    }
    for common in COMMON_WORD_CITIES {
        if let Some(index) = builder.patterns.get(*common).copied()
            && matches!(builder.places[index].kind, Kind::City | Kind::Region)
        {
            builder.places[index].common_word = true;
        }
    }
    // Very short city names (`Ho`, `Bo`) are words or abbreviations far more often than places.
    for (written, index) in &builder.patterns {
        if builder.places[*index].kind == Kind::City && written.chars().count() <= 3 {
            builder.places[*index].common_word = true;
        }
    }
    for place in &mut builder.places {
        place.countries.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    }
    let mut written_forms: Vec<(String, usize)> = Vec::new();
    let mut by_lowercase = HashMap::new();
    for (written, index) in &builder.patterns {
        written_forms.push((written.clone(), *index));
        by_lowercase.entry(written.to_lowercase()).or_insert(*index);
        let capitals = written.to_uppercase();
        if capitals != *written && !builder.patterns.contains_key(&capitals) {
            written_forms.push((capitals, *index));
        }
    }
    written_forms.sort();
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(written_forms.iter().map(|(written, _)| written.as_str()))
        .expect("the gazetteer's patterns build an automaton");
    Gazetteer {
        matcher,
        pattern_places: written_forms.iter().map(|(_, index)| *index).collect(),
        places: builder.places,
        by_lowercase,
        longitudes: longitudes.into_iter().map(|(name, (_, longitude))| (name, longitude)).collect(),
        countries: country_names
            .into_iter()
            .chain(EXTRA_COUNTRY_NAMES.iter().map(|(_, c)| canonical_place(c)))
            .collect(),
    }
}

/// True when `name` is a canonical country name (`United States`, `West Germany`), not a city or
/// region.
pub fn is_country(name: &str) -> bool {
    GAZETTEER.countries.contains(name)
}

/// One place found in the text.
#[derive(Debug)]
struct Mention {
    place: usize,
    /// Followed by a country (`Reading, England`): a common-word city counts then.
    confirmed: bool,
    /// In the title or the lead (the first [`LEAD_BYTES`] of the body).
    in_lead: bool,
}

/// Fills `places` when the file gave none: the dateline place and its country first, then every
/// place the title and body mention, in order, each city followed by its country.
pub fn extract_places(article: &mut Article, reference_date: Option<DateTime<Utc>>) {
    if !article.places.is_empty() {
        return;
    }
    let when = article.date.or(reference_date);
    let found = places(article.title.as_deref(), &article.body, article.location.as_deref(), when);
    if !found.is_empty() {
        article.places = found;
        article.mark_extracted(MetaField::Places);
    }
}

/// The places of an article: dateline place and its country, then those the text mentions.
/// `when` (the article's date) names former states: `Germany` before 3 October 1990 is West
/// Germany, `Russia` before 26 December 1991 the Soviet Union.
pub fn places(title: Option<&str>, body: &str, location: Option<&str>, when: Option<DateTime<Utc>>) -> Vec<String> {
    let gazetteer = &*GAZETTEER;
    let mut mentions = Vec::new();
    if let Some(title) = title {
        find_mentions(gazetteer, title, usize::MAX, &mut mentions);
    }
    find_mentions(gazetteer, body, LEAD_BYTES, &mut mentions);
    let mentioned_countries: HashSet<&str> = mentions
        .iter()
        .map(|mention| &gazetteer.places[mention.place])
        .filter(|place| matches!(place.kind, Kind::Country | Kind::Demonym))
        .map(|place| place.name.as_str())
        .collect();
    let mut result = Vec::new();
    let mut location_country = None;
    if let Some(location) = location {
        let place_index = gazetteer.by_lowercase.get(&location.to_lowercase()).copied();
        let region_country = dateline_region_country(body);
        match place_index.map(|index| &gazetteer.places[index]) {
            Some(place) if place.kind != Kind::Ignored => {
                let country =
                    region_country.or_else(|| choose_country(place, &mentioned_countries, None).map(str::to_string));
                if matches!(place.kind, Kind::City | Kind::Region) {
                    result.push(place.name.clone());
                }
                location_country = country;
            }
            _ => location_country = region_country,
        }
        if let Some(country) = &location_country {
            result.push(country.clone());
        }
    }
    // (place listed, its country, in the lead) for each mention that names a place.
    let mut named: Vec<(&str, Option<&str>, bool)> = Vec::new();
    for mention in &mentions {
        let place = &gazetteer.places[mention.place];
        match place.kind {
            Kind::Ignored => {}
            Kind::Country | Kind::Demonym => named.push((&place.name, None, mention.in_lead)),
            Kind::City | Kind::Region => {
                if place.common_word && !mention.confirmed {
                    continue;
                }
                let country = choose_country(place, &mentioned_countries, location_country.as_deref());
                named.push((&place.name, country, mention.in_lead));
            }
        }
    }
    // A country the article is about is in its title or lead, or comes up again; one named once
    // in passing further down (`like the U.S. last year`) is not listed.
    let mut mentions_of: HashMap<&str, usize> = HashMap::new();
    for (place, country, _) in &named {
        *mentions_of.entry(country.unwrap_or(place)).or_default() += 1;
    }
    for (place, country, in_lead) in named {
        let is_salient = in_lead || mentions_of[country.unwrap_or(place)] >= MIN_MENTIONS;
        if is_salient {
            result.push(place.to_string());
            result.extend(country.map(str::to_string));
        }
    }
    let mut seen = HashSet::new();
    result.into_iter().map(|name| name_in_era(name, when)).filter(|name| seen.insert(name.clone())).collect()
}

/// The country of a city or region: where it is a city of millions (London is England's, even
/// in an article that names Canada), else one the article names, else the
/// dateline's, else the country where it ranks highest.
fn choose_country<'a>(place: &'a Place, mentioned: &HashSet<&str>, dateline_country: Option<&str>) -> Option<&'a str> {
    let candidates = || place.countries.iter().map(|(country, _)| country.as_str());
    if let Some((country, size)) = place.countries.first()
        && *size >= TOP_CITY_MIN_SIZE
    {
        return Some(country);
    }
    candidates()
        .find(|country| mentioned.contains(country))
        .or_else(|| candidates().find(|country| Some(*country) == dateline_country))
        .or_else(|| candidates().next())
}

/// `Germany` in an article from before reunification is West Germany; `Russia` before the end
/// of the Soviet Union is the Soviet Union; `Serbia` before 1992 is Yugoslavia.
fn name_in_era(name: String, when: Option<DateTime<Utc>>) -> String {
    let Some(when) = when else { return name };
    let day = when.date_naive();
    let before = |year, month, date| NaiveDate::from_ymd_opt(year, month, date).is_some_and(|end| day < end);
    match name.as_str() {
        "Germany" if before(1990, 10, 3) => "West Germany".to_string(),
        "Russia" if before(1991, 12, 26) => "Soviet Union".to_string(),
        "Serbia" if before(1992, 4, 27) => "Yugoslavia".to_string(),
        _ => name,
    }
}

/// Every gazetteer match on whole words in `text`, with what confirms an ambiguous one.
/// The longest written form starting at `start` in `text`, if any.
fn match_at(gazetteer: &Gazetteer, text: &str, start: usize) -> Option<aho_corasick::Match> {
    gazetteer.matcher.find(Input::new(text).span(start..text.len()).anchored(Anchored::Yes))
}

/// Where a capitalised word starts in `text`: every written form starts so. Searching only there
/// (anchored) skips the lowercase bulk of a text.
fn capitalised_word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut previous = ' ';
    text.char_indices().filter_map(move |(index, character)| {
        let starts_word = character.is_uppercase() && !previous.is_alphanumeric();
        previous = character;
        starts_word.then_some(index)
    })
}

fn find_mentions(gazetteer: &Gazetteer, text: &str, lead_bytes: usize, mentions: &mut Vec<Mention>) {
    let mut searched_to = 0;
    for word_start in capitalised_word_starts(text) {
        if word_start < searched_to {
            continue;
        }
        let Some(found) = match_at(gazetteer, text, word_start) else { continue };
        let (start, end) = (found.start(), found.end());
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let matched = &text[start..end];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' && !matched.ends_with('.'))
            || after.is_some_and(char::is_alphanumeric)
            || (after == Some('.') && !matched.ends_with('.') && text[end + 1..].starts_with(char::is_alphanumeric))
        {
            continue;
        }
        searched_to = end;
        let place_index = gazetteer.pattern_places[found.pattern().as_usize()];
        let place = &gazetteer.places[place_index];
        if place.kind == Kind::City && !matched.contains(' ') && follows_name(&text[..start]) {
            // `Charles Darwin`, `Mr Lincoln`: a surname, not the city.
            continue;
        }
        let confirmed = followed_by_country(gazetteer, &text[end..]);
        mentions.push(Mention { place: place_index, confirmed, in_lead: start < lead_bytes });
    }
}

/// True when the word just before (same sentence) is a capitalised name word: the match is then
/// more likely a surname (`Charles Darwin`) than a city.
fn follows_name(before: &str) -> bool {
    let Some(previous) = before.strip_suffix(' ') else { return false };
    let word = crate::text::last_word(previous, |c| c.is_alphanumeric() || c == '.');
    let is_capitalised = word.starts_with(|c: char| c.is_uppercase()) && word.chars().any(char::is_lowercase);
    is_capitalised && !FUNCTION_WORDS.contains(&word) && !word.ends_with('.')
}

/// `, Malaysia` or ` (Malaysia)` right after a place.
fn followed_by_country(gazetteer: &Gazetteer, after: &str) -> bool {
    let rest = after.trim_start_matches([',', ' ', '(']);
    if rest.len() == after.len() || !rest.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    // Only a country right here counts: search no further than the longest country name.
    let rest = crate::text::prefix_within(rest, MAX_COUNTRY_NAME_BYTES);
    match_at(gazetteer, rest, 0).is_some_and(|found| {
        gazetteer.places[gazetteer.pattern_places[found.pattern().as_usize()]].kind == Kind::Country
    })
}

/// The state or province of a dateline: `HORSHAM, Pa., March 23 -` → `Pa.`.
fn dateline_region(body: &str) -> Option<&str> {
    let first_line = body.trim_start().lines().next()?;
    let head = first_line.split(" - ").next()?.split("--").next()?;
    Some(head.split(',').nth(1)?.trim())
}

/// The country of a dateline's state or province: `HORSHAM, Pa., March 23 -` → United States.
fn dateline_region_country(body: &str) -> Option<String> {
    let region = dateline_region(body)?;
    let key = crate::tags::normalize(region);
    if let Some((_, country)) = DATELINE_REGIONS.iter().find(|(written, _)| *written == key) {
        return Some((*country).to_string());
    }
    let place = GAZETTEER.by_lowercase.get(&region.to_lowercase())?;
    let place = &GAZETTEER.places[*place];
    (place.kind == Kind::Region).then(|| place.countries.first().map(|(country, _)| country.clone())).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        places(None, text, None, None)
    }

    #[track_caller]
    fn assert_has(text: &str, expected: &[&str]) {
        let places = found(text);
        for place in expected {
            assert!(places.iter().any(|found| found == place), "{place} not in {places:?} for {text:?}");
        }
    }

    #[track_caller]
    fn assert_lacks(text: &str, unexpected: &[&str]) {
        let places = found(text);
        for place in unexpected {
            assert!(!places.iter().any(|found| found == place), "{place} in {places:?} for {text:?}");
        }
    }

    #[test]
    fn regression_city_after_multibyte_character() {
        // `£` is two bytes: the word before `London` once started one byte into it (a panic).
        assert_has("The bid values the exchange at £1.3bn London traders said.", &["London"]);
        for before in ["€", "—", "“", "¥", "₹", "é "] {
            assert_has(&format!("Shares rose {before}Paris traders said."), &["Paris"]);
        }
    }

    #[test]
    fn countries_aliases_and_demonyms() {
        assert_has("The U.S. and Japan agreed.", &["United States", "Japan"]);
        assert_has("US officials met Indian and Malaysian ministers.", &["United States", "India", "Malaysia"]);
        assert_has("Soviet and West German banks.", &["Soviet Union", "West Germany"]);
        assert_has("JAPAN RAISES RATES", &["Japan"]);
        assert_lacks("Let us know.", &["United States"]);
        assert_lacks("Latin America and South America.", &["United States"]);
    }

    #[test]
    fn cities_count_for_their_country() {
        assert_eq!(found("Talks were held in Kuala Lumpur."), vec!["Kuala Lumpur", "Malaysia"]);
        assert_has("Officials in Washington said.", &["United States"]);
        assert_has("Reading, England.", &["United Kingdom"]);
        assert_lacks("Reading the report, he said.", &["United Kingdom", "Reading"]);
        assert_lacks("Charles Darwin wrote.", &["Australia"]);
    }

    #[test]
    fn dateline_country_comes_first() {
        let places = places(None, "HORSHAM, Pa., March 23 - Shares rose.", Some("Horsham"), None);
        assert_eq!(places, vec!["United States"]);
        let places = places_of("KUALA LUMPUR, March 3 - Palm oil.", "Kuala Lumpur");
        assert_eq!(places, vec!["Kuala Lumpur", "Malaysia"]);
    }

    fn places_of(body: &str, location: &str) -> Vec<String> {
        places(None, body, Some(location), None)
    }

    #[track_caller]
    fn assert_zone(location: &str, body: &str, offset: Option<i32>) {
        let zone = dateline_zone(location, body);
        assert_eq!(zone.map(|zone| zone.standard_offset_hours), offset, "zone of {location} in {body:?}");
    }

    #[test]
    fn dateline_zones() {
        assert_zone("TOKYO", "TOKYO, Feb 27 - ", Some(9));
        assert_zone("London", "LONDON - ", Some(0));
        assert_zone("New York City", "", Some(-5));
        assert_zone("Japan", "", Some(9));
        assert_zone("San Mateo", "SAN MATEO, Calif., March 2 -", Some(-8));
        assert_zone("Kokomo", "KOKOMO, Ind., Feb 26 -", Some(-5));
        assert_zone("Nowhere Springs", "NOWHERE SPRINGS - ", None);
    }

    #[test]
    fn former_states_by_date() {
        let date = DateTime::parse_from_rfc3339("1987-03-01T00:00:00Z").ok().map(|d| d.with_timezone(&Utc));
        assert_eq!(places(None, "Germany and Russia.", None, date), vec!["West Germany", "Soviet Union"]);
        assert_eq!(places(None, "Germany and Russia.", None, None), vec!["Germany", "Russia"]);
    }

    #[test]
    fn seed_articles() {
        for seed in ["000_0a08bd7476022494.txt", "004_dbf7c52e2ea52442.txt"] {
            let path = format!("{}/../shared/corpora/seeds/{seed}", env!("CARGO_MANIFEST_DIR"));
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let places = found(&text);
            for country in ["India", "United States", "Malaysia"] {
                assert!(places.iter().any(|place| place == country), "{country} not in {places:?} of {seed}");
            }
        }
    }
}
