//! Extraction quality measured on Reuters-21578 (here) and MEANTIME ([`meantime`]). On Reuters-21578: the gold DATE, PLACES, PEOPLE and ORGS tags and
//! the DATELINE place are hidden, the text (title, dateline + body) goes through
//! [`extract::extract`], and what comes out is scored against the hidden tags.
//!
//! The collection is the exam, not the textbook: extraction never reads its tags; only this
//! module maps the gold codes (`usa`, `west-germany`, `james-baker`) to names, with
//! [`tags::canonical_place`] and friends.

pub mod meantime;
pub mod ranking;
pub mod stories;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use chrono::Datelike;
use serde::Serialize;

use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::{self, ExtractContext, places};
use crate::index::{schema, writer::ArticleWriter};
use crate::{read, tags};

/// How many of the most frequent place errors a report lists.
const TOP_ERRORS: usize = 25;

/// Memory for the in-memory indexes that time indexing with and without extraction.
const INDEX_MEMORY_BUDGET: usize = 200 << 20;

/// One Reuters article as the evaluation sees it: the text extraction gets and the gold answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Title and body (dateline text, a line break, body), no tags, no date, no location.
    pub article: Article,
    /// The answers the Reuters tags give, hidden from extraction.
    pub gold: Gold,
}

/// The hidden answers of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gold {
    /// The Reuters DATE (a New York timestamp), UTC.
    pub date: Option<chrono::DateTime<chrono::Utc>>,
    /// Canonical country names (`usa` → "United States").
    pub places: Vec<String>,
    /// Reuters person codes (`james-baker`).
    pub people: Vec<String>,
    /// Reuters organisation codes (`imf`).
    pub orgs: Vec<String>,
    /// The DATELINE place as written (`SALVADOR`).
    pub location: Option<String>,
}

/// Precision and recall of one tag kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Score {
    /// Extracted values that match a gold value.
    pub true_positives: usize,
    /// Extracted values scored.
    pub extracted: usize,
    /// Gold values whose match was found.
    pub found: usize,
    /// Gold values scored.
    pub gold: usize,
    /// Share of extracted values that match a gold value (`true_positives / extracted`).
    pub precision: f64,
    /// Share of gold values found (`found / gold`).
    pub recall: f64,
}

impl Score {
    fn finish(mut self) -> Self {
        self.precision = ratio(self.true_positives, self.extracted);
        self.recall = ratio(self.found, self.gold);
        self
    }
}

/// Share of articles where the extracted value is right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Articles where the extracted value is right.
    pub correct: usize,
    /// Articles scored.
    pub total: usize,
    /// Share of articles scored where the extracted value is right (`correct / total`).
    pub accuracy: f64,
}

impl Accuracy {
    fn add(&mut self, correct: bool) {
        self.total += 1;
        self.correct += usize::from(correct);
    }

    fn finish(mut self) -> Self {
        self.accuracy = ratio(self.correct, self.total);
        self
    }
}

/// Throughput of one run, single-threaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Speed {
    /// Extraction alone.
    pub extract_articles_per_second: f64,
    /// Indexing (in memory, one thread, commit included) without extraction.
    pub index_articles_per_second: f64,
    /// Extraction and then indexing, same articles, same settings.
    pub index_with_extraction_articles_per_second: f64,
}

/// The evaluation's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExtractionReport {
    /// Articles with a BODY: the ones scored.
    pub articles: usize,
    /// Countries: extracted places that are countries vs gold PLACES codes.
    pub places: Score,
    /// Over articles with gold PEOPLE; a gold person counts only when the surname is in the text.
    pub people: Score,
    /// Over articles with gold ORGS.
    pub orgs: Score,
    /// The same with the extracted companies left out: Reuters ORGS tags international and
    /// government bodies, never companies.
    pub orgs_without_companies: Score,
    /// Extracted location vs the DATELINE place, case-insensitive, over articles with one.
    pub location: Accuracy,
    /// Month and day of the extracted date vs gold DATE, with gold DATE as the reference date (so
    /// only the month-day extraction is tested, not the year). Gold DATE is a New York timestamp
    /// (US Eastern time) and a dateline day is the dateline place's: the gold instant is compared
    /// on the dateline place's calendar ([`places::dateline_zone`]: the US state's or Canadian
    /// province's zone, else solar time; Eastern time where the place is unknown). `TOKYO, Feb 27` stamped 26-FEB-1987 19:07 (09:07 on the 27th in Tokyo) is right.
    pub date_month_day: Accuracy,
    /// The same, against the calendar day of gold DATE as stamped (New York's).
    pub date_month_day_as_stamped: Accuracy,
    /// Throughput, articles per second (the indexing rates 0 when indexing was not timed).
    pub speed: Option<Speed>,
    /// Countries extracted but not in the gold tags, most frequent first.
    pub places_false_positives: Vec<(String, usize)>,
    /// Gold countries not extracted, most frequent first.
    pub places_false_negatives: Vec<(String, usize)>,
    /// Dateline places of the articles with a gold country not extracted, most frequent first.
    pub places_false_negative_datelines: Vec<(String, usize)>,
    /// Wrong locations, `gold → extracted`, most frequent first.
    pub location_errors: Vec<(String, usize)>,
}

/// Reads every `.sgm` file of `dir` into evaluation cases (articles with a BODY only).
pub fn reuters_cases(dir: &Path) -> Result<Vec<Case>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::io("read the folder", dir, source))?;
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "sgm"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).map_err(|source| Error::io("read", path, source))?;
        let (text, _) = read::decode(&bytes);
        cases.extend(cases_from_sgml(&text));
    }
    Ok(cases)
}

/// The cases of one Reuters SGML file: each parsed article with its raw DATELINE text put back in
/// front of the body, and its gold tags moved aside.
pub(crate) fn cases_from_sgml(text: &str) -> Vec<Case> {
    let elements: Vec<&str> = text.split("<REUTERS").skip(1).collect();
    read::sgml::parse(text)
        .into_iter()
        .zip(elements)
        .filter_map(|(parsed, element)| {
            let article = parsed.ok()?;
            element.contains("<BODY>").then(|| case_from(article, raw_dateline(element)))
        })
        .collect()
}

/// The text inside `<DATELINE>…</DATELINE>`, entities decoded.
fn raw_dateline(element: &str) -> Option<String> {
    let start = element.find("<DATELINE>")? + "<DATELINE>".len();
    let end = start + element[start..].find("</DATELINE>")?;
    let raw = &element[start..end];
    Some(raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

fn case_from(mut article: Article, dateline: Option<String>) -> Case {
    let gold = Gold {
        date: article.date.take(),
        places: std::mem::take(&mut article.places).iter().map(|code| gold_place(code)).collect(),
        people: std::mem::take(&mut article.people),
        orgs: std::mem::take(&mut article.orgs),
        location: article.location.take(),
    };
    article.topics.clear();
    if let Some(dateline) = dateline {
        article.body = format!("{dateline}\n{}", article.body);
    }
    Case { article, gold }
}

/// Reuters PLACES codes that [`tags::canonical_place`] does not resolve, with the country's name
/// (from the collection's code list, which the evaluation alone may read).
const REUTERS_PLACE_CODES: &[(&str, &str)] = &[
    ("uae", "United Arab Emirates"),
    ("trinidad-tobago", "Trinidad and Tobago"),
    ("antigua", "Antigua and Barbuda"),
    ("kampuchea", "Cambodia"),
    ("yemen-arab-republic", "Yemen"),
    ("yemen-demo-republic", "Yemen"),
    ("us-virgin-islands", "Virgin Islands (U.S.)"),
];

/// The canonical country of a Reuters PLACES code.
fn gold_place(code: &str) -> String {
    let name = REUTERS_PLACE_CODES.iter().find(|(known, _)| *known == code).map_or(code, |(_, name)| name);
    tags::canonical_place(name)
}

/// Runs extraction on every case and scores it; with `measure_indexing`, also times indexing in
/// memory with and without extraction.
pub fn evaluate(cases: &[Case], measure_indexing: bool) -> Result<ExtractionReport> {
    let mut report = ExtractionReport { articles: cases.len(), ..ExtractionReport::default() };
    let mut false_positives: HashMap<String, usize> = HashMap::new();
    let mut false_negatives: HashMap<String, usize> = HashMap::new();
    let mut false_negative_datelines: HashMap<String, usize> = HashMap::new();
    let mut location_errors: HashMap<String, usize> = HashMap::new();
    let mut extracted_articles = Vec::with_capacity(cases.len());
    // Build the gazetteer and other tables before timing: a one-off cost, not per article.
    extract::extract(&mut Article::default(), &ExtractContext::default());
    let started = Instant::now();
    for case in cases {
        let mut article = case.article.clone();
        extract::extract(&mut article, &ExtractContext { reference_date: case.gold.date, ..ExtractContext::default() });
        extracted_articles.push(article);
    }
    let extract_seconds = started.elapsed().as_secs_f64();
    for (case, article) in cases.iter().zip(&extracted_articles) {
        let found_before = report.places.found;
        score_places(&case.gold, article, &mut report.places, &mut false_positives, &mut false_negatives);
        if report.places.found - found_before < case.gold.places.len() {
            let dateline = case.gold.location.clone().unwrap_or_default();
            *false_negative_datelines.entry(dateline).or_default() += 1;
        }
        score_people(&case.gold, article, &mut report.people);
        score_orgs(&case.gold, &article.orgs, &mut report.orgs);
        let bodies: Vec<String> = article.orgs.iter().filter(|org| !article.companies.contains(org)).cloned().collect();
        score_orgs(&case.gold, &bodies, &mut report.orgs_without_companies);
        if let Some(gold_location) = &case.gold.location {
            let extracted = article.location.as_deref().unwrap_or("");
            let correct = extracted.to_lowercase() == gold_location.to_lowercase();
            report.location.add(correct);
            if !correct {
                *location_errors.entry(format!("{gold_location} → {extracted}")).or_default() += 1;
            }
        }
        if let Some(gold_date) = case.gold.date {
            let month_day = |date: chrono::DateTime<chrono::Utc>| (date.month(), date.day());
            let extracted = article.date.map(month_day);
            report.date_month_day_as_stamped.add(extracted == Some(month_day(gold_date)));
            let zone = article.location.as_deref().and_then(|place| places::dateline_zone(place, &article.body));
            let local_gold = gold_in_dateline_time(gold_date, zone);
            report.date_month_day.add(extracted == Some(month_day(local_gold)));
        }
    }
    report.places = report.places.finish();
    report.people = report.people.finish();
    report.orgs = report.orgs.finish();
    report.orgs_without_companies = report.orgs_without_companies.finish();
    report.location = report.location.finish();
    report.date_month_day = report.date_month_day.finish();
    report.date_month_day_as_stamped = report.date_month_day_as_stamped.finish();
    report.places_false_positives = most_frequent(false_positives);
    report.places_false_negatives = most_frequent(false_negatives);
    report.places_false_negative_datelines = most_frequent(false_negative_datelines);
    report.location_errors = most_frequent(location_errors);
    if measure_indexing {
        let index_seconds = time_indexing(cases, false)?;
        let index_with_extraction_seconds = time_indexing(cases, true)?;
        report.speed = Some(Speed {
            extract_articles_per_second: per_second(cases.len(), extract_seconds),
            index_articles_per_second: per_second(cases.len(), index_seconds),
            index_with_extraction_articles_per_second: per_second(cases.len(), index_with_extraction_seconds),
        });
    } else {
        report.speed =
            Some(Speed { extract_articles_per_second: per_second(cases.len(), extract_seconds), ..Speed::default() });
    }
    Ok(report)
}

/// Seconds to index every case into a fresh in-memory index with one thread, extracting first when
/// `with_extraction`.
fn time_indexing(cases: &[Case], with_extraction: bool) -> Result<f64> {
    let (schema, _) = schema::build();
    let index = tantivy::Index::create_in_ram(schema);
    schema::register_writing_analyzers(&index);
    let writer = ArticleWriter::new(&index, 1, INDEX_MEMORY_BUDGET)?;
    let started = Instant::now();
    for case in cases {
        let mut article = case.article.clone();
        if with_extraction {
            extract::extract(
                &mut article,
                &ExtractContext { reference_date: case.gold.date, ..ExtractContext::default() },
            );
        }
        writer.add(&article)?;
    }
    writer.commit()?;
    Ok(started.elapsed().as_secs_f64())
}

/// A Reuters DATE (read as if it were UTC, but written in New York) moved to the local time of
/// the dateline `place`: US Eastern time is UTC−5, UTC−4 under daylight saving time (1987–2006
/// rule: first Sunday in April to last Sunday in October, 2:00 local).
fn gold_in_dateline_time(
    stamped: chrono::DateTime<chrono::Utc>,
    zone: Option<places::DatelineZone>,
) -> chrono::DateTime<chrono::Utc> {
    let Some(zone) = zone else {
        return stamped;
    };
    let daylight_saving = i32::from(is_us_daylight_saving(stamped.naive_utc()));
    let eastern_offset = -5 + daylight_saving;
    let local_offset = zone.standard_offset_hours + if zone.north_american { daylight_saving } else { 0 };
    stamped + chrono::TimeDelta::hours(i64::from(local_offset - eastern_offset))
}

fn is_us_daylight_saving(local: chrono::NaiveDateTime) -> bool {
    use chrono::{NaiveDate, Weekday};
    let year = local.year();
    let (Some(start), Some(end)) = (
        NaiveDate::from_weekday_of_month_opt(year, 4, Weekday::Sun, 1),
        (1..=5).rev().find_map(|week| NaiveDate::from_weekday_of_month_opt(year, 10, Weekday::Sun, week)),
    ) else {
        return false;
    };
    let two_am = chrono::NaiveTime::from_hms_opt(2, 0, 0).unwrap_or_default();
    local >= start.and_time(two_am) && local < end.and_time(two_am)
}

fn score_places(
    gold: &Gold,
    article: &Article,
    score: &mut Score,
    false_positives: &mut HashMap<String, usize>,
    false_negatives: &mut HashMap<String, usize>,
) {
    let gold_places: HashSet<&str> = gold.places.iter().map(String::as_str).collect();
    let extracted: HashSet<&str> =
        article.places.iter().map(String::as_str).filter(|place| places::is_country(place)).collect();
    score.extracted += extracted.len();
    score.gold += gold_places.len();
    for place in &extracted {
        if gold_places.contains(place) {
            score.true_positives += 1;
        } else {
            *false_positives.entry((*place).to_string()).or_default() += 1;
        }
    }
    for place in &gold_places {
        if extracted.contains(place) {
            score.found += 1;
        } else {
            *false_negatives.entry((*place).to_string()).or_default() += 1;
        }
    }
}

/// Gold `james-baker` is found when an extracted person's last word is `Baker`; it counts only
/// when the surname occurs in the text at all.
fn score_people(gold: &Gold, article: &Article, score: &mut Score) {
    if gold.people.is_empty() {
        return;
    }
    let text = format!("{} {}", article.title.as_deref().unwrap_or(""), article.body).to_lowercase();
    let words: HashSet<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let surname_of = |name: &str| name.rsplit([' ', '-']).next().unwrap_or(name).to_lowercase();
    let gold_surnames: HashSet<String> =
        gold.people.iter().map(|code| surname_of(code)).filter(|surname| words.contains(surname.as_str())).collect();
    let extracted_surnames: HashSet<String> = article.people.iter().map(|name| surname_of(name)).collect();
    score.gold += gold_surnames.len();
    score.found += gold_surnames.intersection(&extracted_surnames).count();
    score.extracted += extracted_surnames.len();
    score.true_positives += extracted_surnames.intersection(&gold_surnames).count();
}

/// Gold `imf` is found when an extracted organisation is "IMF" or has the initials I, M, F
/// (`International Monetary Fund`).
fn score_orgs(gold: &Gold, orgs: &[String], score: &mut Score) {
    if gold.orgs.is_empty() {
        return;
    }
    let gold_keys: HashSet<String> = gold.orgs.iter().map(|code| tags::normalize(code).replace(' ', "")).collect();
    let matches_gold = |name: &str| {
        let key = tags::normalize(name).replace(' ', "");
        let initials: String = tags::normalize(name)
            .split(' ')
            .filter(|word| !matches!(*word, "of" | "the" | "and" | "for"))
            .filter_map(|word| word.chars().next())
            .collect();
        gold_keys.iter().find(|gold_key| **gold_key == key || **gold_key == initials).cloned()
    };
    let matched: HashSet<String> = orgs.iter().filter_map(|name| matches_gold(name)).collect();
    score.gold += gold_keys.len();
    score.found += matched.len();
    score.extracted += orgs.len();
    score.true_positives += orgs.iter().filter(|name| matches_gold(name).is_some()).count();
}

fn most_frequent(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.truncate(TOP_ERRORS);
    sorted
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

fn per_second(count: usize, seconds: f64) -> f64 {
    if seconds > 0.0 { count as f64 / seconds } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELEMENT: &str = r#"<REUTERS NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE><TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>uruguay</D></PLACES><PEOPLE></PEOPLE><ORGS></ORGS>
<TEXT><TITLE>BAHIA COCOA REVIEW</TITLE><DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued
throughout the week in the Bahia cocoa zone.</BODY></TEXT></REUTERS>
<REUTERS NEWID="2"><DATE>26-FEB-1987 15:02:20.00</DATE><TEXT TYPE="BRIEF"><TITLE>BRIEF</TITLE></TEXT></REUTERS>"#;

    #[test]
    fn cases_hide_the_gold_tags() {
        let cases = cases_from_sgml(ELEMENT);
        assert_eq!(cases.len(), 1, "the brief has no body");
        let case = &cases[0];
        assert!(case.article.body.starts_with("    SALVADOR, Feb 26 - \nShowers"));
        assert_eq!(case.article.location, None);
        assert_eq!(case.article.date, None);
        assert!(case.article.places.is_empty() && case.article.topics.is_empty());
        assert_eq!(case.gold.places, vec!["El Salvador", "United States", "Uruguay"]);
        assert_eq!(case.gold.location.as_deref(), Some("SALVADOR"));
        let report = evaluate(&cases, false).expect("evaluates");
        assert_eq!(report.location.accuracy, 1.0);
        assert_eq!(report.date_month_day.accuracy, 1.0);
        assert_eq!(report.places.gold, 3);
        assert_eq!(report.places.extracted, 1, "Brazil, from Salvador and Bahia");
        assert_eq!(report.places.true_positives, 0);
    }

    #[test]
    fn gold_dates_move_to_the_dateline_place() {
        let stamped = |value: &str| chrono::DateTime::parse_from_rfc3339(value).expect("valid").to_utc();
        // 19:07 in New York (EST) is 09:07 the next day in Tokyo.
        let zone =
            |offset, north_american| Some(places::DatelineZone { standard_offset_hours: offset, north_american });
        let tokyo = gold_in_dateline_time(stamped("1987-02-26T19:07:00Z"), zone(9, false));
        assert_eq!((tokyo.month(), tokyo.day()), (2, 27));
        // Under daylight saving time New York is UTC-4: 21:00 is 02:00 in London.
        let london = gold_in_dateline_time(stamped("1987-06-01T21:00:00Z"), zone(0, false));
        assert_eq!((london.month(), london.day()), (6, 2));
        // 00:30 in New York is 21:30 the day before in California.
        let san_mateo = gold_in_dateline_time(stamped("1987-03-03T00:30:00Z"), zone(-8, true));
        assert_eq!((san_mateo.month(), san_mateo.day()), (3, 2));
        let unknown = gold_in_dateline_time(stamped("1987-02-26T23:00:00Z"), None);
        assert_eq!((unknown.month(), unknown.day()), (2, 26));
    }

    /// The quality floors on the whole collection (articles with a body).
    #[test]
    fn reuters_floors() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578");
        assert!(dir.is_dir(), "../shared/corpora/reuters21578 must sit beside the project: {}", dir.display());
        let cases = reuters_cases(&dir).expect("reads Reuters-21578");
        assert!(cases.len() > 19_000, "{} articles with a body", cases.len());
        let report = evaluate(&cases, false).expect("evaluates");
        let summary = format!("{report:?}");
        assert!(report.places.recall >= 0.88, "places recall: {summary}");
        assert!(report.places.precision >= 0.75, "places precision: {summary}");
        assert!(report.location.accuracy >= 0.98, "location accuracy: {summary}");
        assert!(report.date_month_day.accuracy >= 0.97, "date accuracy: {summary}");
        assert!(report.people.recall >= 0.95, "people recall: {summary}");
        assert!(report.orgs.recall >= 0.75, "orgs recall: {summary}");
    }
}
