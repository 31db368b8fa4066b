//! Places: the countries, major cities and regions an article mentions, each under one canonical
//! name (the lexicon's, [`crate::lexicon::places::canonical_place`], so filters match), with the
//! country of every city and region, and the country of the dateline place.
//!
//! The written forms come from the lexicon's gazetteer ([`crate::lexicon::places::gazetteer`]:
//! countries, demonyms, major cities, states and provinces); this module decides which matches
//! count. Its `aho-corasick` automaton (leftmost-longest, case-sensitive, anchored at capitalised word
//! starts) finds every written form, as written and in capitals (Reuters titles), on whole words.

use std::collections::{HashMap, HashSet};

use aho_corasick::{Anchored, Input};
use chrono::{DateTime, Utc};

use crate::article::{Article, MetaField};
use crate::lexicon::names::is_company_word;
use crate::lexicon::places::{
    Gazetteer, Kind, Place, dateline_region as region_of_abbreviation, gazetteer, written_forms,
};

/// A city this large (estimated size, see the lexicon's gazetteer) is its country's, whatever else shares its
/// name.
const TOP_CITY_MIN_SIZE: u64 = 1_000_000;

/// The lead: how much of the body's start (dateline included) makes a mention salient alone.
const LEAD_BYTES: usize = 500;

/// Mentions that make a country salient when none is in the title or lead.
const MIN_MENTIONS: usize = 2;

/// Longer than any country's written name (`Democratic Republic of the Congo`).
const MAX_COUNTRY_NAME_BYTES: usize = 48;

/// The time zone of a dateline, roughly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DatelineZone {
    /// Standard hours east of UTC.
    pub standard_offset_hours: i32,
    /// A US state or Canadian province: North American daylight saving time applies.
    pub north_american: bool,
}

/// The time zone of a dateline: from its US state or Canadian province (`SAN MATEO, Calif.`),
/// else by the sun at the place (its longitude over 15, rounded: near the legal zone almost
/// everywhere); `None` for places the gazetteer does not know.
pub(crate) fn dateline_zone(location: &str, body: &str) -> Option<DatelineZone> {
    if let Some(region) = dateline_region(body)
        && let Some(country) = dateline_region_country(body)
        && (country == "United States" || country == "Canada")
    {
        // A state the table does not abbreviate (`California` written out) is taken for Eastern.
        let offset = region_of_abbreviation(region).map_or(-5, |region| region.standard_offset_hours);
        return Some(DatelineZone { standard_offset_hours: offset, north_american: true });
    }
    let longitude = gazetteer().longitudes.get(&location.to_lowercase())?;
    // Longitudes lie within ±180, so the hours fit an i32.
    #[allow(clippy::cast_possible_truncation)]
    let offset = (longitude / 15.0).round() as i32;
    Some(DatelineZone { standard_offset_hours: offset, north_american: false })
}

/// True when `name` is a canonical country name (`United States`, `West Germany`), not a city or
/// region.
pub(crate) fn is_country(name: &str) -> bool {
    gazetteer().countries.contains(name)
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
pub(crate) fn extract_places(article: &mut Article, reference_date: Option<DateTime<Utc>>) {
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

/// Drops an extracted place whose every mention is part of a person's name the article gives
/// (`Jordan` of `Coach Jordan Ellis`, `Georgia` of `Georgia Whitfield`, and `United Kingdom`
/// when its only mention is the `Welsh` of `Jack Welsh`): people run after places, so places
/// cannot see them. A place is looked for under every one-word form the gazetteer writes it in
/// (`English`, `British`, `Britain` for the United Kingdom). Given places and the dateline place
/// stay.
pub(crate) fn drop_person_names(article: &mut Article) {
    if !article.is_extracted(MetaField::Places) || article.people.is_empty() {
        return;
    }
    let location = article.location.clone().unwrap_or_default();
    let texts = [article.title.as_deref().unwrap_or(""), article.body.as_str()];
    let people = &article.people;
    let mentions_of = |word: &str| texts.iter().map(|text| whole_word_count(text, word)).sum::<usize>();
    article.places.retain(|place| {
        if *place == location {
            return true;
        }
        let single = [place.as_str()];
        let (one_word, longer): (&[&str], &[&str]) = match written_forms(place) {
            Some(forms) => (&forms.one_word, &forms.longer),
            None if !place.contains(' ') => (&single, &[]),
            None => return true,
        };
        let holds = |person: &String, form: &str| person.split(' ').any(|word| word == form);
        if !one_word.iter().any(|form| people.iter().any(|person| holds(person, form))) {
            return true;
        }
        // Some form is inside a name: the place stays if any form is also written outside names.
        one_word.iter().any(|form| {
            let in_names: usize =
                people.iter().filter(|person| holds(person, form)).map(|person| mentions_of(person)).sum();
            mentions_of(form) > in_names
        }) || longer.iter().any(|form| mentions_of(form) > 0)
    });
}

/// Removes each city or region that is also the name of one of the article's organizations or
/// companies (`Toyota`, a city in Japan, in an article about Toyota Motor; `Nokia`, a town in
/// Finland): the organization extractor has judged those mentions a company's, so a text naming
/// both the company and the city (`Toyota, a city near Nagoya`) loses the city. Countries stay
/// (`Canada` as an organization is its government), and so does the dateline place.
pub(crate) fn drop_organization_names(article: &mut Article) {
    if !article.is_extracted(MetaField::Places) || article.orgs.is_empty() {
        return;
    }
    let location = article.location.clone().unwrap_or_default();
    let countries = &gazetteer().countries;
    let orgs = &article.orgs;
    article.places.retain(|place| {
        *place == location || countries.contains(place) || !orgs.iter().any(|org| org.eq_ignore_ascii_case(place))
    });
}

/// How often `word` stands in `text` as a whole word (or words), case as written.
fn whole_word_count(text: &str, word: &str) -> usize {
    text.match_indices(word)
        .filter(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .count()
}

/// The places of an article: dateline place and its country, then those the text mentions.
/// `when` (the article's date) names former states: `Germany` before 3 October 1990 is West
/// Germany, `Russia` before 26 December 1991 the Soviet Union.
pub fn places(title: Option<&str>, body: &str, location: Option<&str>, when: Option<DateTime<Utc>>) -> Vec<String> {
    let gazetteer = gazetteer();
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
        let place_index = gazetteer
            .by_lowercase
            .get(&location.to_lowercase())
            .copied()
            .or_else(|| gazetteer.by_lowercase.get(&crate::text::fold_latin(location).to_lowercase()).copied());
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
/// of the Soviet Union is the Soviet Union; `Serbia` before 1992 is Yugoslavia (the lexicon's
/// former states).
fn name_in_era(name: String, when: Option<DateTime<Utc>>) -> String {
    match when {
        Some(when) => crate::lexicon::places::name_in_era(name, when.date_naive()),
        None => name,
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
    // Matched with marks dropped (`Kraków` as `Krakow`): the gazetteer holds both forms.
    let folded = crate::text::fold_latin(text);
    let lead_bytes = match &folded {
        std::borrow::Cow::Owned(_) if lead_bytes < text.len() => {
            crate::text::fold_latin(crate::text::prefix_within(text, lead_bytes)).len()
        }
        _ => lead_bytes,
    };
    let text = folded.as_ref();
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
        if names_a_company(&text[end..]) {
            // `Jordan Ltd`, `Japan Industries`: a company's name, not the place.
            continue;
        }
        let confirmed = followed_by_country(gazetteer, &text[end..]);
        mentions.push(Mention { place: place_index, confirmed, in_lead: start < lead_bytes });
    }
}

/// True when the word just after a place is a company word (`Ltd`, `Corp`, `Group`): the place
/// starts a company's name.
fn names_a_company(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else { return false };
    let word = crate::text::first_word(rest, |c| c.is_alphanumeric() || c == '.');
    is_company_word(word) || is_company_word(word.trim_end_matches('.'))
}

/// True when the word just before (same sentence) is a capitalised name word: the match is then
/// more likely a surname (`Charles Darwin`) than a city.
fn follows_name(before: &str) -> bool {
    let Some(previous) = before.strip_suffix(' ') else { return false };
    let word = crate::text::last_word(previous, |c| c.is_alphanumeric() || c == '.');
    let is_capitalised = word.starts_with(|c: char| c.is_uppercase()) && word.chars().any(char::is_lowercase);
    is_capitalised && !crate::lexicon::places::is_before_city_word(word) && !word.ends_with('.')
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
    if let Some(abbreviated) = region_of_abbreviation(region) {
        return Some(abbreviated.country.to_string());
    }
    let place = gazetteer().by_lowercase.get(&region.to_lowercase())?;
    let place = &gazetteer().places[*place];
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
    fn a_place_that_starts_a_company_name_is_not_the_place() {
        assert_lacks("Shares of Jordan Ltd. rose on Monday.", &["Jordan"]);
        assert_lacks("Brazil Corp said it would sell the unit.", &["Brazil"]);
        assert_has("Jordan and Egypt signed a treaty. Ltd talks went on.", &["Jordan", "Egypt"]);
    }

    #[test]
    fn accented_city_names_are_places() {
        assert_has(
            "Dockers in Gdańsk and Malmö stopped work, while unions in Kraków, Montréal and Reykjavík said they would join.",
            &["Gdansk", "Poland", "Malmoe", "Sweden", "Krakow", "Montreal", "Canada", "Reykjavik", "Iceland"],
        );
        assert_has("Talks in Zürich failed.", &["Zurich", "Switzerland"]);
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

    /// English names of European cities, old spellings listed under today's, and no German city
    /// in the name of a New York bank.
    #[test]
    fn english_names_of_european_cities() {
        assert_eq!(
            found("Fairs open in Gothenburg, Athens and Genoa; talks moved from Kiev to Odessa."),
            ["Gothenburg", "Sweden", "Athens", "Greece", "Genoa", "Italy", "Kyiv", "Ukraine", "Odesa"]
        );
        assert_eq!(found("Manufacturers Hanover Trust raised its prime rate."), Vec::<String>::new());
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
