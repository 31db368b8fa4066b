//! The invariants every reader, extractor, the highlighter and the query parser must keep,
//! whatever the input: checked on generated text by `tests/properties.rs` and on libFuzzer's
//! inputs by the `fuzz/` targets, which compile this same file (`#[path]` in `fuzz/src/lib.rs`).
//! One list, so the two cannot drift apart.

use std::ops::RangeInclusive;

use newsdex::article::{Article, MetaField};
use newsdex::extract::ExtractContext;
use newsdex::highlight::Passage;
use newsdex::query::QueryError;

/// Years an extracted date may have: a written year is accepted in 1900..=2100 and a day without
/// one resolves to at most eight years before the reference date (see `extract::date`).
pub const EXTRACTED_YEARS: RangeInclusive<i32> = 1800..=2200;

/// The reference date the targets extract with (a file's time, as `ingest` passes it).
pub fn context() -> ExtractContext {
    let reference = chrono::DateTime::parse_from_rfc3339("2025-11-01T08:00:00Z").expect("a valid date");
    ExtractContext { reference_date: Some(reference.with_timezone(&chrono::Utc)), ..ExtractContext::default() }
}

/// A tag or place value as extractors must give it: not empty, no surrounding whitespace.
#[track_caller]
pub fn assert_clean_value(kind: &str, value: &str) {
    assert!(!value.is_empty(), "empty {kind}");
    assert_eq!(value, value.trim(), "{kind} {value:?} not trimmed");
}

/// Every field `extract` filled is clean: values trimmed and non-empty, dates in a sane range, a
/// detected language a two-letter lowercase code.
#[track_caller]
pub fn assert_extracted_fields(article: &Article) {
    let lists = [
        (MetaField::Places, &article.places),
        (MetaField::People, &article.people),
        (MetaField::Orgs, &article.orgs),
        (MetaField::Topics, &article.topics),
    ];
    for (field, values) in lists {
        if article.is_extracted(field) {
            assert!(!values.is_empty(), "{} marked extracted but empty", field.name());
            for value in values {
                assert_clean_value(field.name(), value);
            }
            let distinct: std::collections::HashSet<&String> = values.iter().collect();
            assert_eq!(distinct.len(), values.len(), "{} repeat: {values:?}", field.name());
        }
    }
    if article.is_extracted(MetaField::Location) {
        assert_clean_value("location", article.location.as_deref().expect("an extracted location"));
    }
    if article.is_extracted(MetaField::Title) {
        assert_clean_value("title", article.title.as_deref().expect("an extracted title"));
    }
    if article.is_extracted(MetaField::Date) {
        let date = article.date.expect("an extracted date");
        assert!(EXTRACTED_YEARS.contains(&chrono::Datelike::year(&date)), "extracted date {date}");
    }
    if article.is_extracted(MetaField::Language) {
        assert_language_code(article.language.as_deref().expect("an extracted language"));
    }
}

/// A detected language: two lowercase ASCII letters (`en`).
#[track_caller]
pub fn assert_language_code(code: &str) {
    assert!(code.len() == 2 && code.bytes().all(|byte| byte.is_ascii_lowercase()), "language {code:?}");
}

/// Highlight ranges lie inside the passage text, on char boundaries, sorted and disjoint, and
/// each covers some text.
#[track_caller]
pub fn assert_passage(passage: &Passage) {
    let text = &passage.text;
    let mut previous_end = 0;
    for range in &passage.highlights {
        assert!(range.start < range.end, "empty or reversed highlight {range:?} in {text:?}");
        assert!(range.end <= text.len(), "highlight {range:?} past the end of {text:?}");
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "highlight {range:?} splits a character of {text:?}"
        );
        assert!(previous_end <= range.start, "highlights overlap or are unsorted: {:?}", passage.highlights);
        previous_end = range.end;
    }
}

/// A query error points into the query: its column is 1-based, in characters, at most one past
/// the end.
#[track_caller]
pub fn assert_query_error(query: &str, error: &QueryError) {
    let columns = 1..=query.chars().count() + 1;
    let column = match error {
        QueryError::Syntax { column, .. }
        | QueryError::UnknownField { column, .. }
        | QueryError::BadDate { column, .. }
        | QueryError::Unsupported { column, .. } => *column,
        QueryError::Empty => {
            assert!(query.trim().is_empty(), "{query:?} called empty");
            return;
        }
    };
    assert!(columns.contains(&column), "column {column} outside {columns:?} for {query:?}: {error}");
    // An unknown field's column points at where it is written (case aside), when it is written.
    if let QueryError::UnknownField { field, .. } = error {
        let needle = format!("{field}:").to_lowercase();
        if query.to_lowercase().contains(&needle) {
            let from_column: String = query.chars().skip(column - 1).collect();
            assert!(
                from_column.to_lowercase().starts_with(&needle),
                "column {column} of {query:?} is not at {needle:?}"
            );
        }
    }
}

/// An article's byte offset and line (SGML) point at its `<REUTERS` tag in the file's bytes.
#[track_caller]
pub fn assert_position_in_file(article: &Article, bytes: &[u8]) {
    let Some(offset) = article.byte_offset else { return };
    let offset = usize::try_from(offset).expect("an offset inside the file");
    assert!(bytes.get(offset..).is_some_and(|rest| rest.starts_with(b"<REUTERS")), "offset {offset}");
    let newlines_before = bytes[..offset].iter().filter(|byte| **byte == b'\n').count();
    assert_eq!(article.line, u32::try_from(newlines_before + 1).ok(), "line of the article at {offset}");
}
