//! Datelines: the place (and maybe the day) a story opens with — `SALVADOR, Feb 26 - `,
//! `Kuala Lumpur | `, `PARIS (AP) — ` — and the place-name casing shared with given locations.

use crate::calendar::month_number;
use crate::lexicon::places::is_place_connector;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};

/// The most words a place name may have (`Rio de Janeiro` has three).
const MAX_PLACE_WORDS: usize = 4;

/// How far into the text the separator after a dateline may be.
const MAX_DATELINE_BYTES: usize = 100;

/// A dateline found at the start of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place, title-cased when it was written in capitals (`SALVADOR` → `Salvador`); a state or
    /// province after a comma (`N.Y.`, `Calif.`) is not part of it.
    pub place: String,
    /// (month, day) when the dateline gives a day: `Feb 26` → `(2, 26)`.
    pub date: Option<(u32, u32)>,
    /// Byte offset in the text where the body proper starts (after the separator and spaces).
    pub end: usize,
}

/// What separates a dateline from the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// `|`, `—`, `–`: strong enough on their own.
    Strong,
    /// ` - ` or `--`: also ends ordinary clauses, so the dateline needs capitals, a day, an agency
    /// or a state after the place.
    Hyphen,
}

const SEPARATORS: &[(&str, Separator)] = &[
    (" | ", Separator::Strong),
    ("—", Separator::Strong),
    ("–", Separator::Strong),
    ("--", Separator::Hyphen),
    (" - ", Separator::Hyphen),
];

/// Finds a dateline at the very start of `text` (after optional whitespace): `Kuala Lumpur | …`,
/// `SALVADOR, Feb 26 - …`, `NEW DELHI, Oct 31 (Reuters) - …`, `WASHINGTON — …`,
/// `BEIJING, Oct. 31 (Xinhua) --`, `NEW YORK, N.Y., Oct 31 -`, `Springfield, Ill. -`.
/// `None` when the text opens with anything else, such as an ordinary sentence.
pub fn dateline(text: &str) -> Option<Dateline> {
    let start = text.len() - text.trim_start().len();
    let opening = &text[start..];
    let first_line = opening.split('\n').next().unwrap_or(opening);
    let window = crate::text::prefix_within(first_line, MAX_DATELINE_BYTES);
    // A hyphen that ends the first line separates too: `CHICAGO, Feb 26 -` with the story below.
    let line_end_hyphen = first_line
        .trim_end()
        .strip_suffix('-')
        .filter(|head| head.len() < window.len() && !head.ends_with('-'))
        .map(|head| (head.len(), "-", Separator::Hyphen));
    let (separator_at, separator, separator_kind) = SEPARATORS
        .iter()
        .filter_map(|(pattern, kind)| window.find(pattern).map(|at| (at, *pattern, *kind)))
        .chain(line_end_hyphen)
        .min_by_key(|(at, _, _)| *at)?;
    let after_separator = &opening[separator_at + separator.len()..];
    let body_start = opening.len() - after_separator.trim_start().len();
    if body_start >= opening.len() {
        return None;
    }
    let head = parse_head(&opening[..separator_at])?;
    let written_in_capitals = !head.place.chars().any(char::is_lowercase);
    if separator_kind == Separator::Hyphen
        && !(written_in_capitals || head.date.is_some() || head.has_agency || head.has_region)
    {
        return None;
    }
    Some(Dateline { place: title_case_place(&head.place), date: head.date, end: start + body_start })
}

/// What comes before the separator, taken apart.
#[derive(Debug, PartialEq)]
struct Head {
    place: String,
    date: Option<(u32, u32)>,
    has_agency: bool,
    /// A state or province followed the place (`Springfield, Ill.`).
    has_region: bool,
}

/// `NEW YORK, N.Y., Oct 31 (Reuters)` → place `NEW YORK`, date (10, 31), an agency.
fn parse_head(head: &str) -> Option<Head> {
    let mut head = head.trim();
    let mut has_agency = false;
    if let Some(without_paren) = head.strip_suffix(')') {
        let open = without_paren.rfind('(')?;
        let agency = without_paren[open + 1..].trim();
        if agency.is_empty() || agency.len() > 30 || !agency.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        has_agency = true;
        head = without_paren[..open].trim_end();
    }
    let mut parts: Vec<&str> = head.split(',').map(str::trim).collect();
    let mut date = None;
    if parts.len() > 1 {
        date = parts.last().and_then(|last| month_day(last));
        if date.is_some() {
            parts.pop();
        } else if let Some(last) = parts.last_mut()
            && let Some((region, day)) = split_trailing_month_day(last)
        {
            // `RICHMOND, Va. Feb 26`: the day follows the state without a comma.
            *last = region;
            date = Some(day);
        }
    }
    let (place_part, regions) = parts.split_first()?;
    if regions.len() > 2 || !regions.iter().all(|region| is_region(region)) {
        return None;
    }
    let mut words: Vec<&str> = place_part.split_whitespace().collect();
    if date.is_none()
        && words.len() >= 3
        && let Some(found) = month_day(&words[words.len() - 2..].join(" "))
    {
        date = Some(found);
        words.truncate(words.len() - 2);
    }
    let valid_place = (1..=MAX_PLACE_WORDS).contains(&words.len())
        && words.iter().enumerate().all(|(index, word)| is_place_word(word, index == 0 || index == words.len() - 1));
    valid_place.then(|| Head { place: words.join(" "), date, has_agency, has_region: !regions.is_empty() })
}

/// `Va. Feb 26` → (`Va.`, (2, 26)).
fn split_trailing_month_day(part: &str) -> Option<(&str, (u32, u32))> {
    let words: Vec<&str> = part.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let day = month_day(&words[words.len() - 2..].join(" "))?;
    let region_end = part.find(words[words.len() - 2])?;
    Some((part[..region_end].trim_end(), day))
}

/// A word of a place name: capitalised (`Kuala`, `SALVADOR`, `St.`, `Winston-Salem`), or a
/// lowercase connector inside the name (`de`).
fn is_place_word(word: &str, at_an_end: bool) -> bool {
    if !at_an_end && is_place_connector(word) {
        return true;
    }
    word.starts_with(|c: char| c.is_uppercase())
        && word.chars().any(char::is_alphabetic)
        && word.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// A state or province after the place: `N.Y.`, `Ill.`, `PA`, `British Columbia`.
fn is_region(region: &str) -> bool {
    let words: Vec<&str> = region.split_whitespace().collect();
    (1..=3).contains(&words.len()) && words.iter().all(|word| is_place_word(word, true))
}

/// `Feb 26`, `Oct. 31`, `March 3`, `31 October` → (month, day).
fn month_day(text: &str) -> Option<(u32, u32)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [first, second] = words.as_slice() else {
        return None;
    };
    let (month, day_word) = match month_number(first) {
        Some(month) => (month, second),
        None => (month_number(second)?, first),
    };
    let day: u32 = day_word.parse().ok()?;
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

/// A place name in title case when its name part (before any comma) has no lowercase letter:
/// `SALVADOR` → `Salvador`, `RIO DE JANEIRO` → `Rio de Janeiro`, `NEW YORK, N.Y.` → `New York, N.Y.`.
/// Names written in mixed case are returned as written.
pub(crate) fn title_case_place(place: &str) -> String {
    let (name, rest) = match place.find(',') {
        Some(comma) => place.split_at(comma),
        None => (place, ""),
    };
    if name.chars().any(char::is_lowercase) || !name.chars().any(char::is_uppercase) {
        return place.to_string();
    }
    let words: Vec<String> =
        name.split_whitespace().enumerate().map(|(index, word)| title_case_word(word, index == 0)).collect();
    format!("{}{rest}", words.join(" "))
}

/// `SALVADOR` → `Salvador`; `WINSTON-SALEM` → `Winston-Salem`; `DE` → `de` inside a name;
/// abbreviations such as `U.S.` stay as written.
fn title_case_word(word: &str, is_first: bool) -> String {
    let lowercase = word.to_lowercase();
    if !is_first && is_place_connector(&lowercase) {
        return lowercase;
    }
    let is_abbreviation = word.contains('.') && word.split('.').all(|segment| segment.chars().count() <= 1);
    if is_abbreviation {
        return word.to_string();
    }
    // Character by character from the word as written: lowercasing the whole word first turns
    // `İ` into `i` + U+0307, and uppercasing that gives `I` + a stray combining dot.
    let mut result = String::with_capacity(word.len());
    let mut capitalize_next = true;
    for character in word.chars() {
        if capitalize_next && character.is_alphabetic() {
            result.push(character);
            capitalize_next = false;
        } else if character == 'İ' {
            // Turkish dotted capital I: its lowercase is a plain `i`.
            result.push('i');
        } else {
            result.extend(character.to_lowercase());
        }
        if character == '-' {
            capitalize_next = true;
        }
    }
    result
}

/// The date a (month, day) dateline means, seen from `reference` (the file's time or a header
/// date): the latest such day not more than 7 days after `reference`, at midnight UTC.
pub(crate) fn resolve_date(month: u32, day: u32, reference: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let reference_day = reference.date_naive();
    let latest = reference_day.checked_add_days(Days::new(7))?;
    // Eight years back reaches a leap year for 29 February.
    (0..=8).find_map(|years_back| {
        let candidate = NaiveDate::from_ymd_opt(reference_day.year().checked_sub(years_back)?, month, day)?;
        (candidate <= latest).then(|| Utc.from_utc_datetime(&candidate.and_time(NaiveTime::MIN)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_dateline(text: &str, place: &str, date: Option<(u32, u32)>, body: &str) {
        let found = dateline(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
        assert_eq!(found.place, place, "place in {text:?}");
        assert_eq!(found.date, date, "date in {text:?}");
        assert_eq!(&text[found.end..], body, "body of {text:?}");
    }

    #[track_caller]
    fn assert_place(text: &str, place: &str) {
        assert_eq!(dateline(text).map(|found| found.place).as_deref(), Some(place), "in {text:?}");
    }

    #[track_caller]
    fn assert_no_dateline(text: &str) {
        assert_eq!(dateline(text), None, "in {text:?}");
    }

    #[test]
    fn reuters_datelines() {
        assert_dateline("SALVADOR, Feb 26 - Showers continued", "Salvador", Some((2, 26)), "Showers continued");
        assert_dateline("    NEW DELHI, Oct 31 (Reuters) - India said", "New Delhi", Some((10, 31)), "India said");
        assert_dateline("LONDON, March 3 - Sterling rose", "London", Some((3, 3)), "Sterling rose");
        assert_dateline("RIO DE JANEIRO, March 30 - Brazil", "Rio de Janeiro", Some((3, 30)), "Brazil");
        assert_dateline("JOHANNESBURG March 13 - Gold", "Johannesburg", Some((3, 13)), "Gold");
        assert_place("VIENNA, Va., April 13 - Shares", "Vienna");
        assert_place("WINSTON-SALEM, N.C., March 3 - Shares", "Winston-Salem");
        assert_place("VANCOUVER, British Columbia, March 2 - Shares", "Vancouver");
        assert_place("HORSHAM, PA, March 23 - Shares", "Horsham");
        assert_place("SPRINGFIELD, Ill., Oct. 19 - Shares", "Springfield");
        assert_place("Chicago, April 1 - Shares", "Chicago");
        assert_dateline("    CHICAGO, Feb 26 -\n    \nOper shr loss", "Chicago", Some((2, 26)), "Oper shr loss");
        assert_dateline(
            "    SANTA CRUZ, Calif., Feb 26 -\n    \nShr 34 cts",
            "Santa Cruz",
            Some((2, 26)),
            "Shr 34 cts",
        );
        assert_dateline("RICHMOND, Va. Feb 26 -\nQtly div", "Richmond", Some((2, 26)), "Qtly div");
        assert_dateline("    MONTREAL, Feb 26-\n    \nShr 1.11 dlrs", "Montreal", Some((2, 26)), "Shr 1.11 dlrs");
    }

    #[test]
    fn seed_dateline() {
        let text = std::fs::read_to_string("../shared/corpora/seeds/000_0a08bd7476022494.txt")
            .unwrap_or_else(|_| "Kuala Lumpur | In a major boost to strategic cooperation".to_string());
        let found = dateline(&text).expect("the seed opens with a dateline");
        assert_eq!(found.place, "Kuala Lumpur");
        assert_eq!(found.date, None);
        assert!(text[found.end..].starts_with("In a major boost"));
    }

    #[test]
    fn dash_datelines() {
        assert_dateline("WASHINGTON — The president", "Washington", None, "The president");
        assert_dateline("WASHINGTON – The president", "Washington", None, "The president");
        assert_dateline("WASHINGTON—The president", "Washington", None, "The president");
        assert_dateline("WASHINGTON - The president", "Washington", None, "The president");
        assert_dateline("PARIS (AP) — France said", "Paris", None, "France said");
        assert_dateline("BEIJING, Oct. 31 (Xinhua) -- China said", "Beijing", Some((10, 31)), "China said");
        assert_dateline("NEW YORK, N.Y., Oct 31 - Stocks", "New York", Some((10, 31)), "Stocks");
        assert_dateline("Springfield, Ill. - The mayor", "Springfield", None, "The mayor");
        assert_dateline("St. Louis — The team", "St. Louis", None, "The team");
        assert_dateline("Frankfurt am Main | Die Bank", "Frankfurt am Main", None, "Die Bank");
    }

    #[test]
    fn sentences_are_not_datelines() {
        assert_no_dateline("The minister said - the talks failed");
        assert_no_dateline("Showers continued throughout the week - cocoa");
        assert_no_dateline("Apple Inc - shares rose");
        assert_no_dateline("London - the capital");
        assert_no_dateline("In a major boost to strategic cooperation, India and the United States");
        assert_no_dateline("SALVADOR, Feb 26 - ");
        assert_no_dateline("");
        assert_no_dateline("A B C D E — too many words");
        assert_no_dateline("de Paris — lowercase first");
        assert_no_dateline("Paris (AP — unbalanced");
        assert_no_dateline("Paris, France, Europe, Earth, Feb 3 - too many regions");
        assert_no_dateline("1987 - a year");
        assert_no_dateline("NEW YORK\n- later line");
    }

    #[test]
    fn multibyte_text_never_panics() {
        assert_no_dateline(&"é".repeat(200));
        assert_no_dateline(&format!("{} — x", "Ü".repeat(60)));
    }

    #[track_caller]
    fn assert_title_case(place: &str, expected: &str) {
        assert_eq!(title_case_place(place), expected);
    }

    #[test]
    fn title_case() {
        assert_title_case("SALVADOR", "Salvador");
        assert_title_case("NEW DELHI", "New Delhi");
        assert_title_case("RIO DE JANEIRO", "Rio de Janeiro");
        assert_title_case("WINSTON-SALEM", "Winston-Salem");
        assert_title_case("NEW YORK, N.Y.", "New York, N.Y.");
        assert_title_case("U.S.", "U.S.");
        assert_title_case("ST. LOUIS", "St. Louis");
        assert_title_case("Kuala Lumpur", "Kuala Lumpur");
        assert_title_case("McAllen", "McAllen");
        assert_title_case("ZÜRICH", "Zürich");
        assert_title_case("123", "123");
    }

    #[test]
    fn regression_title_case_keeps_dotted_capital_i_whole() {
        // `İ`.to_lowercase() is `i` + U+0307: lowercasing first left a stray combining dot.
        assert_title_case("İSTANBUL", "İstanbul");
        assert_title_case("İZMİR", "İzmir");
        assert_title_case("GDAŃSK", "Gdańsk");
        assert_title_case("ŁÓDŹ", "Łódź");
    }

    #[track_caller]
    fn assert_resolved(month: u32, day: u32, reference: &str, expected: &str) {
        let reference = DateTime::parse_from_rfc3339(reference).expect("valid reference").with_timezone(&Utc);
        let expected = DateTime::parse_from_rfc3339(expected).expect("valid expectation").with_timezone(&Utc);
        assert_eq!(resolve_date(month, day, reference), Some(expected));
    }

    #[test]
    fn resolve_year() {
        assert_resolved(2, 26, "1987-02-26T15:01:01Z", "1987-02-26T00:00:00Z");
        assert_resolved(10, 31, "2025-11-03T09:00:00Z", "2025-10-31T00:00:00Z");
        assert_resolved(11, 5, "2025-10-31T09:00:00Z", "2025-11-05T00:00:00Z");
        assert_resolved(12, 30, "2026-01-02T09:00:00Z", "2025-12-30T00:00:00Z");
        assert_resolved(11, 10, "2025-10-31T09:00:00Z", "2024-11-10T00:00:00Z");
        assert_resolved(2, 29, "2025-03-01T00:00:00Z", "2024-02-29T00:00:00Z");
    }
}
