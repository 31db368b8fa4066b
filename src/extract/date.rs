//! Date: the day an article's first sentences give (`on Friday, October 31, 2025`,
//! `31 October 2025`, `Oct. 31`), for articles whose file and dateline gave none. A day without a
//! year is resolved against the reference date like a dateline day; dates are midnight UTC.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::article::{Article, MetaField};
use crate::calendar::month_number;
use crate::extract::dateline::resolve_date;
use crate::sentences;

/// How much of the body counts as its first sentences.
const MAX_OPENING_BYTES: usize = 600;

/// The first sentences end after this many sentence stops.
const MAX_SENTENCES: usize = 3;

/// Fills `date` from the opening sentences when it is still empty.
pub(crate) fn extract_date(article: &mut Article, reference_date: Option<DateTime<Utc>>) {
    if article.date.is_some() {
        return;
    }
    if let Some(date) = date_in_text(&article.body, reference_date) {
        article.date = Some(date);
        article.mark_extracted(MetaField::Date);
    }
}

/// The first date with a day in the opening sentences of `text`; one without a year needs
/// `reference_date`.
pub fn date_in_text(text: &str, reference_date: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let opening = opening_sentences(text);
    let words: Vec<&str> = opening.split_whitespace().collect();
    (0..words.len()).find_map(|index| date_at(&words[index..], reference_date))
}

/// The text up to the end of its third sentence ([`crate::sentences`]), at most
/// [`MAX_OPENING_BYTES`].
fn opening_sentences(text: &str) -> &str {
    let window = crate::text::prefix_within(text, MAX_OPENING_BYTES);
    match sentences::split(window).get(MAX_SENTENCES - 1) {
        Some(third) => &window[..third.end],
        None => window,
    }
}

/// A date starting at `words[0]`: `October 31, 2025`, `Oct. 31`, `31 October 2025`, `31 Oct`.
fn date_at(words: &[&str], reference_date: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let first = *words.first()?;
    let second = *words.get(1)?;
    let (month, day, year_word) = if let Some(month) = capitalised_month(first) {
        (month, day_number(second)?, words.get(2))
    } else {
        let day = day_number(first)?;
        (capitalised_month(second)?, day, words.get(2))
    };
    let year = year_word.and_then(|word| year_number(word));
    match year {
        Some(year) => {
            let date = NaiveDate::from_ymd_opt(year, month, day)?;
            Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)))
        }
        None => resolve_date(month, day, reference_date?),
    }
}

/// A month name written with a capital (`October`, `Oct.`, `OCT`); `may` is a verb.
fn capitalised_month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(',');
    if !word.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    month_number(word)
}

/// `31`, `31,`, `31st` → 31.
fn day_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches([',', '.']);
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|day| (1..=31).contains(day))
}

/// `2025`, `2025,`, `2025.` → 2025.
fn year_number(word: &str) -> Option<i32> {
    let word = word.trim_end_matches([',', '.', ';', ')']);
    (word.len() == 4).then(|| word.parse().ok()).flatten().filter(|year| (1900..=2100).contains(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(value: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(value).expect("valid date").with_timezone(&Utc)
    }

    #[track_caller]
    fn assert_date(text: &str, reference: Option<&str>, expected: Option<&str>) {
        assert_eq!(date_in_text(text, reference.map(utc)), expected.map(utc), "in {text:?}");
    }

    #[test]
    fn full_dates() {
        assert_date("It was signed on Friday, October 31, 2025, in Kuala Lumpur.", None, Some("2025-10-31T00:00:00Z"));
        assert_date("Signed 31 October 2025 in Kuala Lumpur.", None, Some("2025-10-31T00:00:00Z"));
        assert_date("Signed on Oct. 31st, 2025.", None, Some("2025-10-31T00:00:00Z"));
    }

    #[test]
    fn yearless_dates_use_the_reference() {
        assert_date(
            "Talks ended on Oct. 31, officials said.",
            Some("2025-11-02T08:00:00Z"),
            Some("2025-10-31T00:00:00Z"),
        );
        assert_date("Talks ended on 31 Oct.", Some("2026-01-02T08:00:00Z"), Some("2025-10-31T00:00:00Z"));
        assert_date("Talks ended on Oct. 31.", None, None);
    }

    #[test]
    fn not_dates() {
        assert_date("Prices may 5 percent rise.", Some("2025-11-02T08:00:00Z"), None);
        assert_date("The roadmap was agreed in May 2023.", None, None);
        assert_date("He scored 31 goals.", Some("2025-11-02T08:00:00Z"), None);
        assert_date("First. Second sentence here. Third sentence here. Fourth on October 31, 2025.", None, None);
    }

    #[test]
    fn seed_article() {
        let path = format!("{}/../shared/corpora/seeds/004_dbf7c52e2ea52442.txt", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap_or_else(|_| {
            "The agreement was signed on Friday, October 31, 2025, during the 12th ASEAN meeting.".to_string()
        });
        let mut article = Article { body: text, ..Article::default() };
        extract_date(&mut article, Some(utc("2025-11-03T00:00:00Z")));
        assert_eq!(article.date, Some(utc("2025-10-31T00:00:00Z")));
        assert!(article.is_extracted(MetaField::Date));
    }
}
