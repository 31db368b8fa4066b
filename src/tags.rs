//! Canonical names for tag values, so that every way of writing one place, person or topic is one
//! value in the index and in filters: `usa`, `US`, `United States` and `America` are
//! "United States"; Reuters codes such as `west-germany` and `james-baker` become "West Germany"
//! and "James Baker".
//!
//! Countries come from the ISO 3166 data of the `keshvar` crate (codes, short names, unofficial
//! names); a short table adds the common abbreviations and the states of the 1980s that ISO no
//! longer lists, because old archives name them.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Abbreviations and former states that keshvar does not list: (written form, canonical name).
const EXTRA_PLACE_NAMES: &[(&str, &str)] = &[
    ("uk", "United Kingdom"),
    ("u k", "United Kingdom"),
    ("britain", "United Kingdom"),
    ("great britain", "United Kingdom"),
    ("england", "United Kingdom"),
    ("u s", "United States"),
    ("u s a", "United States"),
    ("america", "United States"),
    ("west germany", "West Germany"),
    ("federal republic of germany", "West Germany"),
    ("east germany", "East Germany"),
    ("german democratic republic", "East Germany"),
    ("ussr", "Soviet Union"),
    ("soviet union", "Soviet Union"),
    ("yugoslavia", "Yugoslavia"),
    ("czechoslovakia", "Czechoslovakia"),
    ("burma", "Myanmar"),
    ("zaire", "Democratic Republic of the Congo"),
    ("ivory coast", "Côte d'Ivoire"),
    ("south korea", "South Korea"),
    ("north korea", "North Korea"),
    ("korea", "South Korea"),
    ("taiwan", "Taiwan"),
    ("iran", "Iran"),
    ("russia", "Russia"),
    ("vietnam", "Vietnam"),
    ("syria", "Syria"),
    ("bolivia", "Bolivia"),
    ("venezuela", "Venezuela"),
    ("tanzania", "Tanzania"),
    ("laos", "Laos"),
    ("moldova", "Moldova"),
    ("vatican", "Vatican City"),
];

/// Former states and the present country whose filter should also find them.
const PREDECESSORS: &[(&str, &[&str])] =
    &[("Germany", &["West Germany", "East Germany"]), ("Russia", &["Soviet Union"])];

/// Normalized written form → canonical place name.
static PLACE_NAMES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut names = HashMap::new();
    for country in keshvar::CountryIterator::new() {
        let canonical = country.unofficial_name_list().first().copied().unwrap_or(country.iso_short_name()).to_string();
        let alpha2 = country.alpha2().to_string();
        let alpha3 = country.alpha3().to_string();
        let written_forms = [alpha2.as_str(), alpha3.as_str(), country.iso_short_name(), country.iso_long_name()]
            .into_iter()
            .chain(country.unofficial_name_list().iter().copied());
        for written in written_forms {
            names.entry(normalize(written)).or_insert_with(|| canonical.clone());
        }
    }
    for (written, canonical) in EXTRA_PLACE_NAMES {
        names.insert(normalize(written), (*canonical).to_string());
    }
    // The canonical names of the table resolve to themselves, whatever keshvar calls them.
    for (_, canonical) in EXTRA_PLACE_NAMES {
        names.insert(normalize(canonical), (*canonical).to_string());
    }
    names
});

/// Canonical country name → ISO 3166 alpha-2 code (ISO 3166-3 codes for former states).
static COUNTRY_CODES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let mut codes = HashMap::new();
    for country in keshvar::CountryIterator::new() {
        let alpha2: &'static str = Box::leak(country.alpha2().to_string().into_boxed_str());
        codes.insert(canonical_place(country.iso_short_name()), alpha2);
    }
    for (name, code) in FORMER_STATE_CODES {
        codes.insert((*name).to_string(), *code);
    }
    codes
});

/// Codes of the states that ISO 3166-1 no longer lists (West Germany kept `DE`).
const FORMER_STATE_CODES: &[(&str, &str)] = &[
    ("West Germany", "DE"),
    ("East Germany", "DD"),
    ("Soviet Union", "SU"),
    ("Yugoslavia", "YU"),
    ("Czechoslovakia", "CS"),
];

/// The ISO 3166 alpha-2 code of a country, by any of its names (`usa`, `United States` → `US`).
pub fn country_code(place: &str) -> Option<&'static str> {
    COUNTRY_CODES.get(&canonical_place(place)).copied()
}

/// The country code of each place of an article's list, in order: a country's own, and for a city or
/// region the code of the country listed right after it (extraction lists each city followed by its
/// country), else `None`.
pub fn place_country_codes(places: &[String]) -> Vec<Option<&'static str>> {
    places
        .iter()
        .enumerate()
        .map(|(index, place)| country_code(place).or_else(|| places.get(index + 1).and_then(|next| country_code(next))))
        .collect()
}

/// Lowercases, folds `-`, `_`, `.` and runs of spaces into one space, trims.
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

/// The canonical name of a place: a country by any of its names or codes, else the value in
/// title case when it was written all in one case (`KUALA LUMPUR`, `hong-kong`).
pub fn canonical_place(value: &str) -> String {
    let key = normalize(value);
    match PLACE_NAMES.get(&key) {
        Some(canonical) => canonical.clone(),
        None => display_case(value),
    }
}

/// The canonical names a `place:` filter should match: the place itself and, for a present-day
/// country, the former states it continues (`germany` also finds "West Germany").
pub fn place_filter_names(value: &str) -> Vec<String> {
    let canonical = canonical_place(value);
    let mut names = vec![canonical.clone()];
    for (country, predecessors) in PREDECESSORS {
        if *country == canonical {
            names.extend(predecessors.iter().map(|name| (*name).to_string()));
        }
    }
    names
}

/// The display form of a person: `james-baker` → "James Baker", `VOLCKER` → "Volcker".
pub fn canonical_person(value: &str) -> String {
    display_case(value)
}

/// The display form of an organization: short lowercase codes are acronyms (`imf` → "IMF").
pub fn canonical_org(value: &str) -> String {
    let trimmed = value.trim();
    let is_code = trimmed.len() <= 5 && trimmed.chars().all(|c| c.is_ascii_lowercase());
    if is_code { trimmed.to_ascii_uppercase() } else { display_case(trimmed) }
}

/// Topics are lowercase codes or words (`money-fx`, `economy`).
pub fn canonical_topic(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Title case for values written all in lower or all in upper case; others as written, trimmed.
/// Hyphens and underscores between words become spaces (`west-germany` → "West Germany").
pub fn display_case(value: &str) -> String {
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
    if matches!(lower.as_str(), "de" | "del" | "da" | "la" | "of" | "the" | "and" | "es" | "am") {
        return lower;
    }
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_place(written: &str, canonical: &str) {
        assert_eq!(canonical_place(written), canonical, "canonical place of {written:?}");
    }

    #[test]
    fn country_names_and_codes_are_one_place() {
        for written in ["usa", "US", "United States", "united-states", "U.S.", "America", "USA"] {
            assert_place(written, "United States");
        }
        assert_place("uk", "United Kingdom");
        assert_place("Britain", "United Kingdom");
        assert_place("west-germany", "West Germany");
        assert_place("ussr", "Soviet Union");
        assert_place("japan", "Japan");
        assert_place("hong-kong", "Hong Kong");
        assert_place("MALAYSIA", "Malaysia");
    }

    #[test]
    fn country_codes() {
        assert_eq!(country_code("usa"), Some("US"));
        assert_eq!(country_code("United States"), Some("US"));
        assert_eq!(country_code("Malaysia"), Some("MY"));
        assert_eq!(country_code("west-germany"), Some("DE"));
        assert_eq!(country_code("Kuala Lumpur"), None);
        let places = ["Kuala Lumpur", "Malaysia", "India", "Bahia"].map(String::from);
        assert_eq!(place_country_codes(&places), [Some("MY"), Some("MY"), Some("IN"), None]);
    }

    #[test]
    fn unknown_places_keep_their_name_in_title_case() {
        assert_place("KUALA LUMPUR", "Kuala Lumpur");
        assert_place("Kuala Lumpur", "Kuala Lumpur");
        assert_place("rio-de-janeiro", "Rio de Janeiro");
        assert_place("Zürich", "Zürich");
    }

    #[test]
    fn germany_filter_finds_former_states() {
        assert_eq!(place_filter_names("germany"), vec!["Germany", "West Germany", "East Germany"]);
        assert_eq!(place_filter_names("usa"), vec!["United States"]);
    }

    #[test]
    fn people_orgs_topics() {
        assert_eq!(canonical_person("james-baker"), "James Baker");
        assert_eq!(canonical_person("volcker"), "Volcker");
        assert_eq!(canonical_person("Rajnath Singh"), "Rajnath Singh");
        assert_eq!(canonical_person("de-larosiere"), "de Larosiere");
        assert_eq!(canonical_org("imf"), "IMF");
        assert_eq!(canonical_org("European Community"), "European Community");
        assert_eq!(canonical_topic("Money-FX"), "money-fx");
    }
}
