//! Places: every written form of a country, city or region and the one canonical name it stands
//! for, shared by extraction (which finds the forms in text), the index (which stores the
//! canonical names) and `place:` filters (which resolve what a user types). One alias table,
//! [`canonical_place`], answers for all of them: what extraction reads as the Netherlands
//! (`Holland`, `Dutch`) a filter reads so too.
//!
//! Countries come from the ISO 3166 data of the `keshvar` crate (codes, short, long and unofficial
//! names, nationalities, subdivisions), cities from the `cities` crate (GeoNames, about 100 a
//! country, largest first); the data files in `places/` add what those lack: abbreviations and
//! old names (`countries.txt`), demonyms, the states of the 1980s (`former_states.txt`), city
//! names in English (`cities.txt`), and the word lists extraction needs to tell a place from a
//! word. [`gazetteer`] holds every written form extraction looks for, built once.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use chrono::NaiveDate;

use super::table::{rows, words};

const COUNTRIES: &str = include_str!("places/countries.txt");
const DEMONYMS: &str = include_str!("places/demonyms.txt");
const FORMER_STATES: &str = include_str!("places/former_states.txt");
const CITIES: &str = include_str!("places/cities.txt");
const NOT_PLACES: &str = include_str!("places/not_places.txt");
const GENERIC_REGION_WORDS: &str = include_str!("places/generic_region_words.txt");
const COMMON_WORD_CITIES: &str = include_str!("places/common_word_cities.txt");
const BEFORE_CITY_WORDS: &str = include_str!("places/before_city_words.txt");
const DATELINE_REGIONS: &str = include_str!("places/dateline_regions.txt");
const CONNECTORS: &str = include_str!("places/connectors.txt");

/// Only major cities count: the largest of each country, and those whose size estimated by
/// [`zipf_size`] reaches this. In the `cities` data a country's cities come largest first, and
/// far down a small country's list names turn into villages that share words and surnames.
const MAJOR_CITY_MIN_SIZE: u64 = 150_000;

/// (written form, canonical country) rows of `countries.txt`.
fn country_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    rows(COUNTRIES).map(|row| (row[0], row[1]))
}

/// (written form, country) rows of `demonyms.txt`.
fn demonym_rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    rows(DEMONYMS).map(|row| (row[0], row[1]))
}

/// (written form, listed name, country) rows of `cities.txt`.
fn city_rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    rows(CITIES).map(|row| (row[0], row[1], row[2]))
}

/// A state of old archives that ISO 3166-1 no longer lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormerState {
    /// Its canonical name (`West Germany`).
    pub name: &'static str,
    /// Its ISO 3166-3 code (`DD`), or the code it kept (`DE`).
    pub code: &'static str,
    /// The present country whose `place:` filter also finds it (`Germany`).
    pub successor: Option<&'static str>,
    /// Before this day the successor's name means this state (`Germany` in 1987).
    pub until: Option<NaiveDate>,
}

/// The former states, as `former_states.txt` lists them.
pub(crate) fn former_states() -> &'static [FormerState] {
    static STATES: LazyLock<Vec<FormerState>> = LazyLock::new(|| {
        let optional = |value: &'static str| (value != "-").then_some(value);
        rows(FORMER_STATES)
            .map(|row| FormerState {
                name: row[0],
                code: row[1],
                successor: optional(row[2]),
                until: optional(row[3]).map(|day| {
                    NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("former_states.txt days are YYYY-MM-DD")
                }),
            })
            .collect()
    });
    &STATES
}

/// The state or province of a North American dateline (`Calif.`), as [`dateline_region`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatelineRegion {
    /// `United States` or `Canada`.
    pub country: &'static str,
    /// Standard hours east of UTC.
    pub standard_offset_hours: i32,
}

/// A US state or Canadian province as datelines abbreviate it (`Pa.`, `N.Y.`, `Calif.`), in any
/// case and with `.` as a space.
pub(crate) fn dateline_region(written: &str) -> Option<DatelineRegion> {
    static REGIONS: LazyLock<HashMap<&'static str, DatelineRegion>> = LazyLock::new(|| {
        rows(DATELINE_REGIONS)
            .map(|row| {
                let standard_offset_hours = row[2].parse().expect("dateline_regions.txt offsets are whole hours");
                (row[0], DatelineRegion { country: row[1], standard_offset_hours })
            })
            .collect()
    });
    REGIONS.get(normalize(written).as_str()).copied()
}

/// A lowercase word allowed inside a dateline's place name (`de` in `Rio de Janeiro`).
pub(crate) fn is_place_connector(word: &str) -> bool {
    static PLACE_CONNECTORS: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| rows(CONNECTORS).filter(|row| row[1] == "yes").map(|row| row[0]).collect());
    PLACE_CONNECTORS.contains(word)
}

/// A word that stays lowercase inside a name shown in title case (`de`, `of`, `the`), lowercased.
fn is_lowercase_name_word(lowercase: &str) -> bool {
    static NAME_CONNECTORS: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| rows(CONNECTORS).map(|row| row[0]).collect());
    NAME_CONNECTORS.contains(lowercase)
}

/// A word before a capitalised city name that does not make it a surname (`In`, `From`).
pub(crate) fn is_before_city_word(word: &str) -> bool {
    static BEFORE_CITY: LazyLock<HashSet<&'static str>> = LazyLock::new(|| words(BEFORE_CITY_WORDS).collect());
    BEFORE_CITY.contains(word)
}

/// Lowercases, folds `-`, `_`, `.` and runs of spaces into one space, trims: the key of a written
/// form in the alias table (`U.S.` → `u s`, `hong-kong` → `hong kong`).
pub fn normalize(value: &str) -> String {
    let mut normalized = String::with_capacity(value.len());
    for word in value.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.')) {
        if word.is_empty() {
            continue;
        }
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.extend(word.chars().flat_map(char::to_lowercase));
    }
    normalized
}

/// Title case for values written all in lower or all in upper case; others as written, trimmed.
/// Hyphens and underscores between words become spaces (`west-germany` → "West Germany").
pub(crate) fn display_case(value: &str) -> String {
    let trimmed = value.trim();
    let has_lower = trimmed.chars().any(char::is_lowercase);
    let has_upper = trimmed.chars().any(char::is_uppercase);
    let one_case = !(has_lower && has_upper);
    if !one_case {
        return trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let words = trimmed.split(|c: char| c.is_whitespace() || c == '-' || c == '_').filter(|w| !w.is_empty());
    words.map(title_case_word).collect::<Vec<_>>().join(" ")
}

fn title_case_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if is_lowercase_name_word(&lower) {
        return lower;
    }
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Country codes and names: keshvar's codes, short, long and unofficial names (the first country
/// to claim a form keeps it), then `countries.txt`, which wins, and the names of the former
/// states. The first layer of [`ALIASES`]: the gazetteer names its countries by it.
static COUNTRY_ALIASES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut aliases = HashMap::new();
    let table_names: HashMap<String, &str> =
        country_rows().map(|(_, canonical)| (normalize(canonical), canonical)).collect();
    for country in keshvar::CountryIterator::new() {
        let alpha2 = country.alpha2().to_string();
        let alpha3 = country.alpha3().to_string();
        let written_forms = || {
            [alpha2.as_str(), alpha3.as_str(), country.iso_short_name(), country.iso_long_name()]
                .into_iter()
                .chain(country.unofficial_name_list().iter().copied())
        };
        // The name `countries.txt` gives the country when one of its forms is that name (`Côte
        // d'Ivoire`, not keshvar's `Côte D'Ivoire`), so each country has one canonical name.
        let canonical = match written_forms().find_map(|written| table_names.get(&normalize(written))) {
            Some(table_name) => (*table_name).to_string(),
            None => country.unofficial_name_list().first().copied().unwrap_or(country.iso_short_name()).to_string(),
        };
        for written in written_forms() {
            aliases.entry(normalize(written)).or_insert_with(|| canonical.clone());
        }
    }
    for (written, canonical) in country_rows() {
        aliases.insert(normalize(written), canonical.to_string());
    }
    // The canonical names of the table resolve to themselves, whatever keshvar calls them.
    for (_, canonical) in country_rows() {
        aliases.insert(normalize(canonical), canonical.to_string());
    }
    for state in former_states() {
        aliases.insert(normalize(state.name), state.name.to_string());
    }
    aliases
});

/// The one alias table: normalized written form → canonical place name. [`COUNTRY_ALIASES`], then
/// every other written form extraction finds in text, under the name extraction lists it
/// (demonyms, English city names, `St.` for `Saint`), where it names nothing else.
static ALIASES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut aliases = COUNTRY_ALIASES.clone();
    let gazetteer = gazetteer();
    // A city extraction lists under a name that keshvar gives a country only as an unofficial name
    // or a three-letter code (`Salvador`, `Guadalupe`, `Dom`) is the city, as in extraction.
    let strong_country_keys: HashSet<String> = keshvar::CountryIterator::new()
        .flat_map(|country| [normalize(country.iso_short_name()), normalize(&country.alpha2().to_string())])
        .chain(country_rows().flat_map(|(written, canonical)| [normalize(written), normalize(canonical)]))
        .chain(former_states().iter().map(|state| normalize(state.name)))
        .collect();
    for place in gazetteer.places.iter().filter(|place| matches!(place.kind, Kind::City | Kind::Region)) {
        let key = normalize(&place.name);
        if aliases.contains_key(&key) && !strong_country_keys.contains(&key) {
            aliases.insert(key, place.name.clone());
        }
    }
    for (written, place) in gazetteer.patterns.iter().map(|(written, place)| (written, &gazetteer.places[*place])) {
        if place.kind != Kind::Ignored && normalize(written) != normalize(&place.name) {
            aliases.entry(normalize(written)).or_insert_with(|| place.name.clone());
        }
    }
    aliases
});

/// A country's canonical name by [`COUNTRY_ALIASES`], else `value` in display case.
fn canonical_country(value: &str) -> String {
    COUNTRY_ALIASES.get(&normalize(value)).cloned().unwrap_or_else(|| display_case(value))
}

/// The canonical name of a place: a country by any of its names, codes or demonyms, a city by the
/// name extraction lists it under (`Peking` → "Beijing"), else the value in title case when it
/// was written all in one case (`KUALA LUMPUR`, `hong-kong`).
pub(crate) fn canonical_place(value: &str) -> String {
    match ALIASES.get(&normalize(value)) {
        Some(canonical) => canonical.clone(),
        None => display_case(value),
    }
}

/// The canonical names a `place:` filter should match: the place itself and, for a present-day
/// country, the former states it continues (`germany` also finds "West Germany").
pub(crate) fn place_filter_names(value: &str) -> Vec<String> {
    let canonical = canonical_place(value);
    let predecessors = former_states().iter().filter(|state| state.successor == Some(canonical.as_str()));
    let predecessor_names: Vec<String> = predecessors.map(|state| state.name.to_string()).collect();
    std::iter::once(canonical).chain(predecessor_names).collect()
}

/// The name of a country in the era of an article written on `day`: `Germany` before 3 October
/// 1990 is West Germany, `Russia` before 26 December 1991 the Soviet Union.
pub(crate) fn name_in_era(name: String, day: NaiveDate) -> String {
    let former = former_states()
        .iter()
        .find(|state| state.successor == Some(name.as_str()) && state.until.is_some_and(|until| day < until));
    match former {
        Some(state) => state.name.to_string(),
        None => name,
    }
}

/// The ISO 3166 alpha-2 code of a country, by any of its names (`usa`, `United States` → `US`).
pub(crate) fn country_code(place: &str) -> Option<&'static str> {
    static COUNTRY_CODES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
        let mut codes = HashMap::new();
        for country in keshvar::CountryIterator::new() {
            let alpha2: &'static str = Box::leak(country.alpha2().to_string().into_boxed_str());
            codes.insert(canonical_place(country.iso_short_name()), alpha2);
        }
        for state in former_states() {
            codes.insert(state.name.to_string(), state.code);
        }
        codes
    });
    COUNTRY_CODES.get(&canonical_place(place)).copied()
}

/// The country codes a city or region may have, most likely first (by the size of the city of
/// that name in each country); empty for countries and places the gazetteer does not know.
fn local_place_codes(place: &str) -> Vec<&'static str> {
    let Some(index) = GAZETTEER.by_lowercase.get(&place.to_lowercase()) else { return Vec::new() };
    let place = &GAZETTEER.places[*index];
    if !matches!(place.kind, Kind::City | Kind::Region) {
        return Vec::new();
    }
    place.countries.iter().filter_map(|(country, _)| country_code(country)).collect()
}

/// The country code of each place of an article's list, in order: a country's own; for a city or
/// region, the code of the country listed right after it (extraction lists each city followed by
/// its country) when that can be its country, else of the first of its possible countries that
/// the list names elsewhere (a country already listed is not repeated); else `None`.
pub fn place_country_codes(places: &[String]) -> Vec<Option<&'static str>> {
    let codes: Vec<Option<&'static str>> = places.iter().map(|place| country_code(place)).collect();
    let listed_codes: HashSet<&'static str> = codes.iter().flatten().copied().collect();
    places
        .iter()
        .enumerate()
        .map(|(index, place)| {
            if let Some(code) = codes[index] {
                return Some(code);
            }
            let next_code = codes.get(index + 1).copied().flatten();
            let possible = local_place_codes(place);
            if possible.is_empty() {
                return next_code;
            }
            next_code
                .filter(|code| possible.contains(code))
                .or_else(|| possible.iter().copied().find(|code| listed_codes.contains(code)))
        })
        .collect()
}

/// Whether `written` (as in text, one or more words) names a country (`Kenya`) or a nationality
/// (`Ugandan`) in the gazetteer: `Some(Kind::Country)`, `Some(Kind::Demonym)` or `None` (cities,
/// regions and unknown words).
pub(crate) fn country_or_demonym(written: &str) -> Option<Kind> {
    let gazetteer = gazetteer();
    let place = &gazetteer.places[*gazetteer.patterns.get(written)?];
    match place.kind {
        Kind::Country | Kind::Demonym if !place.common_word => Some(place.kind),
        _ => None,
    }
}

/// The forms in which the gazetteer finds one place, by canonical name: `Britain`, `British`,
/// `English`, `U.K.` and `United Kingdom` for the United Kingdom.
#[derive(Debug, Default)]
pub(crate) struct WrittenForms {
    /// Forms of one word (`British`), and the canonical name if it is one word.
    pub one_word: Vec<&'static str>,
    /// Forms of several words (`United Kingdom`, `Great Britain`).
    pub longer: Vec<&'static str>,
}

/// The written forms of the place whose canonical name is `place` (built once, on first use).
pub(crate) fn written_forms(place: &str) -> Option<&'static WrittenForms> {
    static FORMS: LazyLock<HashMap<&'static str, WrittenForms>> = LazyLock::new(|| {
        let gazetteer = gazetteer();
        let mut forms: HashMap<&'static str, WrittenForms> = HashMap::new();
        for (written, index) in &gazetteer.patterns {
            let entry = forms.entry(gazetteer.places[*index].name.as_str()).or_default();
            if written.contains(' ') {
                entry.longer.push(written.as_str());
            } else {
                entry.one_word.push(written.as_str());
            }
        }
        for (name, entry) in &mut forms {
            if !name.contains(' ') && !entry.one_word.contains(name) {
                entry.one_word.push(name);
            }
        }
        forms
    });
    FORMS.get(place)
}

/// What a gazetteer name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) struct Place {
    pub kind: Kind,
    /// The canonical name listed in `places`: the country's for countries and demonyms.
    pub name: String,
    /// The countries it may be in, with the city's estimated size there (`u64::MAX` for
    /// countries and regions), largest first.
    pub countries: Vec<(String, u64)>,
    /// A common word or first name: counts only in a dateline or before a country.
    pub common_word: bool,
}

/// Every written form extraction looks for in text, and the place each stands for.
pub(crate) struct Gazetteer {
    /// Leftmost-longest, anchored: the written forms as written and in capitals (Reuters titles).
    pub matcher: AhoCorasick,
    /// Pattern index → place index.
    pub pattern_places: Vec<usize>,
    pub places: Vec<Place>,
    /// Written form (as in text) → place index.
    pub patterns: HashMap<String, usize>,
    /// Lowercased written form → place index, for dateline places.
    pub by_lowercase: HashMap<String, usize>,
    /// Canonical names that are countries.
    pub countries: HashSet<String>,
    /// Lowercased city or country name → longitude: of the largest city of that name; of the
    /// largest city of a country.
    pub longitudes: HashMap<String, f64>,
}

/// The gazetteer, built on first use.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
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
    for written in words(NOT_PLACES) {
        builder.add(written, Kind::Ignored, written, None);
    }
    for (written, country) in country_rows() {
        let country = canonical_country(country);
        builder.add(written, Kind::Country, &country, Some((&country, u64::MAX)));
    }
    for (written, country) in demonym_rows() {
        let country = canonical_country(country);
        builder.add(written, Kind::Demonym, &country, Some((&country, u64::MAX)));
    }
    let mut country_names = Vec::new();
    // An unofficial country name that is also a city's (`Salvador`, Brazil's, for El Salvador)
    // names the city.
    let city_names: HashSet<&str> = cities::all().iter().map(|city| city.city).collect();
    for country in keshvar::CountryIterator::new() {
        let canonical = canonical_country(country.iso_short_name());
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
    for (written, city, country) in city_rows() {
        builder.add(written, Kind::City, city, Some((&canonical_country(country), u64::MAX)));
    }
    let population_of: HashMap<String, u64> = keshvar::CountryIterator::new()
        .map(|country| (canonical_country(country.iso_short_name()), country.maybe_population().unwrap_or(0)))
        .collect();
    let mut longitudes: HashMap<String, (u64, f64)> = HashMap::new();
    let mut rank_in_country: HashMap<&str, usize> = HashMap::new();
    let mut country_of_data_name: HashMap<&str, String> = HashMap::new();
    for city in cities::all() {
        let rank = rank_in_country.entry(city.country).or_insert(0);
        let city_rank = *rank;
        *rank += 1;
        let country =
            country_of_data_name.entry(city.country).or_insert_with(|| canonical_country(city.country)).clone();
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
    let generic_region_words: HashSet<&str> = words(GENERIC_REGION_WORDS).collect();
    for country in keshvar::CountryIterator::new() {
        let canonical = canonical_country(country.iso_short_name());
        for subdivision in country.subdivisions().values() {
            let is_state = matches!(
                subdivision.subdivision_type(),
                keshvar::SubdivisionType::State | keshvar::SubdivisionType::Province
            );
            let name = subdivision.name();
            let is_generic = name.split([' ', '-']).all(|word| generic_region_words.contains(word));
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
    for common in words(COMMON_WORD_CITIES) {
        if let Some(index) = builder.patterns.get(common).copied()
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
    let mut plain_forms: HashSet<String> = HashSet::new();
    for (written, index) in &builder.patterns {
        written_forms.push((written.clone(), *index));
        by_lowercase.entry(written.to_lowercase()).or_insert(*index);
        let capitals = written.to_uppercase();
        if capitals != *written && !builder.patterns.contains_key(&capitals) {
            written_forms.push((capitals, *index));
        }
        // Extraction matches text with its marks dropped (`Kraków` as `Krakow`), so a name listed
        // with marks (`Zürich`) is matched plain too, and a name the city data writes the German way
        // (`Malmoe`, `Goeteborg`) also as its marks-dropped form (`Malmo`).
        let folded = crate::text::fold_latin(written).into_owned();
        let german_way = builder.places[*index].kind == Kind::City
            && written.is_ascii()
            && ["ae", "oe", "ue"].iter().any(|pair| written.contains(pair));
        let dropped_e =
            if german_way { written.replace("ae", "a").replace("oe", "o").replace("ue", "u") } else { folded.clone() };
        for plain in [folded, dropped_e] {
            if plain != *written && !builder.patterns.contains_key(&plain) && plain_forms.insert(plain.clone()) {
                by_lowercase.entry(plain.to_lowercase()).or_insert(*index);
                written_forms.push((plain, *index));
            }
        }
    }
    written_forms.sort();
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(written_forms.iter().map(|(written, _)| written.as_str()))
        .expect("the gazetteer's patterns build an automaton");
    let extra_countries: Vec<String> = country_rows().map(|(_, country)| canonical_country(country)).collect();
    Gazetteer {
        matcher,
        pattern_places: written_forms.iter().map(|(_, index)| *index).collect(),
        places: builder.places,
        patterns: builder.patterns,
        by_lowercase,
        longitudes: longitudes.into_iter().map(|(name, (_, longitude))| (name, longitude)).collect(),
        countries: country_names.into_iter().chain(extra_countries).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_place(written: &str, canonical: &str) {
        assert_eq!(canonical_place(written), canonical, "canonical place of {written:?}");
    }

    /// Extraction lists what it reads under `place.name`; a `place:` filter typed as the text
    /// wrote it must resolve to that same name, or the filter misses the articles extraction
    /// tagged (`place:holland` once found none).
    #[test]
    fn every_written_form_extraction_knows_resolves_as_a_filter_to_the_same_place() {
        let gazetteer = gazetteer();
        for written in ["Holland", "Scotland", "Kampuchea", "Dutch", "Peking", "U.S.", "Korean", "California"] {
            assert!(gazetteer.patterns.contains_key(written), "the gazetteer lacks {written:?}");
        }
        let mut mismatches = Vec::new();
        let mut checked = 0;
        for (written, index) in &gazetteer.patterns {
            let place = &gazetteer.places[*index];
            if place.kind == Kind::Ignored {
                continue;
            }
            checked += 1;
            let filter_names = place_filter_names(written);
            if filter_names.first() != Some(&place.name) {
                mismatches
                    .push(format!("{written:?} is {:?} for extraction, {filter_names:?} as a filter", place.name));
            }
            for (country, _) in &place.countries {
                if canonical_place(country) != *country {
                    mismatches.push(format!(
                        "{written:?} is in {country:?}, which resolves to {:?}",
                        canonical_place(country)
                    ));
                }
            }
        }
        assert!(checked > 4_000, "only {checked} written forms checked");
        assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
    }

    /// What extraction lists (a place's name, a former state in its era) is a canonical name: the
    /// index stores it unchanged and a filter of that name finds it.
    #[test]
    fn every_name_extraction_lists_is_canonical() {
        let gazetteer = gazetteer();
        let listed =
            gazetteer.places.iter().filter(|place| place.kind != Kind::Ignored).map(|place| place.name.as_str());
        let former = former_states().iter().map(|state| state.name);
        let mut changed: Vec<String> = listed
            .chain(former)
            .filter(|name| canonical_place(name) != *name)
            .map(|name| format!("{name:?} → {:?}", canonical_place(name)))
            .collect();
        changed.sort();
        changed.dedup();
        assert!(changed.is_empty(), "{} names change when indexed:\n{}", changed.len(), changed.join("\n"));
    }

    /// A present name read as a former state in old articles (`Germany` in 1987) finds that state
    /// as a filter too.
    #[test]
    fn a_present_name_read_as_a_former_state_finds_it() {
        let day = NaiveDate::from_ymd_opt(1987, 3, 1).expect("a day");
        for state in former_states().iter().filter(|state| state.until.is_some()) {
            let successor = state.successor.expect("a state with an era has a successor");
            assert_eq!(name_in_era(successor.to_string(), day), state.name);
            assert!(
                place_filter_names(successor).iter().any(|name| name == state.name),
                "{successor} → {}",
                state.name
            );
        }
    }

    #[test]
    fn aliases_the_filters_once_missed() {
        assert_place("holland", "Netherlands");
        assert_place("Scotland", "United Kingdom");
        assert_place("kampuchea", "Cambodia");
        assert_place("dutch", "Netherlands");
        assert_place("Peking", "Beijing");
        assert_eq!(place_filter_names("serbia"), ["Serbia", "Yugoslavia"]);
    }

    #[test]
    fn dateline_regions() {
        assert_eq!(dateline_region("Calif.").map(|region| region.standard_offset_hours), Some(-8));
        assert_eq!(dateline_region("N.Y.").map(|region| region.country), Some("United States"));
        assert_eq!(dateline_region("Ont.").map(|region| region.country), Some("Canada"));
        assert_eq!(dateline_region("Bavaria"), None);
    }
}
