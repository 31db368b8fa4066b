//! Canonical names for tag values, so that every way of writing one place, person or topic is one
//! value in the index and in filters: `usa`, `US`, `United States` and `America` are
//! "United States"; Reuters codes such as `west-germany` and `james-baker` become "West Germany"
//! and "James Baker".
//!
//! Places resolve through the one alias table of [`crate::lexicon::places`], the table extraction
//! reads text with, so that a filter finds what extraction tagged.

pub(crate) use crate::lexicon::places::{canonical_place, display_case, place_filter_names};
/// Places, their country codes and the key of a written form come from the lexicon's one table.
pub use crate::lexicon::places::{normalize, place_country_codes};

/// The display form of a person: `james-baker` → "James Baker", `VOLCKER` → "Volcker".
pub(crate) fn canonical_person(value: &str) -> String {
    display_case(value)
}

/// The display form of an organization: short lowercase codes are acronyms (`imf` → "IMF"), and
/// so is one short word in capitals (`IMF`, `EADS`, `AT&T` stay as written).
pub(crate) fn canonical_org(value: &str) -> String {
    let trimmed = value.trim();
    let is_code = trimmed.len() <= 5 && trimmed.chars().all(|c| c.is_ascii_lowercase());
    let is_acronym = trimmed.chars().count() <= 8
        && !trimmed.contains(char::is_whitespace)
        && trimmed.chars().any(char::is_uppercase)
        && !trimmed.chars().any(char::is_lowercase);
    if is_code {
        trimmed.to_ascii_uppercase()
    } else if is_acronym {
        trimmed.to_string()
    } else {
        display_case(trimmed)
    }
}

/// Topics are lowercase codes or words (`money-fx`, `economy`).
pub(crate) fn canonical_topic(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::places;

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
        assert_eq!(places::country_code("usa"), Some("US"));
        assert_eq!(places::country_code("United States"), Some("US"));
        assert_eq!(places::country_code("Malaysia"), Some("MY"));
        assert_eq!(places::country_code("west-germany"), Some("DE"));
        assert_eq!(places::country_code("Kuala Lumpur"), None);
        let places = ["Kuala Lumpur", "Malaysia", "India", "Bahia"].map(String::from);
        assert_eq!(place_country_codes(&places), [Some("MY"), Some("MY"), Some("IN"), None]);
    }

    /// Extraction lists a country once: a city whose country came earlier is followed by another
    /// country, whose code it once took (Manchester showed `JP`).
    #[test]
    fn regression_a_city_does_not_take_the_next_country_code() {
        let places = ["United Kingdom", "Manchester", "Japan"].map(String::from);
        assert_eq!(place_country_codes(&places), [Some("GB"), Some("GB"), Some("JP")]);
        let places = ["Japan", "Manchester", "United Kingdom"].map(String::from);
        assert_eq!(place_country_codes(&places), [Some("JP"), Some("GB"), Some("GB")]);
        // A place the gazetteer does not know keeps the code of the country after it.
        let places = ["Nowhere Springs", "Canada"].map(String::from);
        assert_eq!(place_country_codes(&places), [Some("CA"), Some("CA")]);
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
        assert_eq!(canonical_org("IMF"), "IMF", "an extracted acronym stays an acronym");
        assert_eq!(canonical_org("AT&T"), "AT&T");
        assert_eq!(canonical_org("INTERNATIONAL MONETARY FUND"), "International Monetary Fund");
        assert_eq!(canonical_org("European Community"), "European Community");
        assert_eq!(canonical_topic("Money-FX"), "money-fx");
    }
}
