//! What the user typed (plus filter flags) → a [`ParsedQuery`]: the tantivy query, and the terms and
//! phrases to highlight. Errors carry the column where the problem is.
//!
//! Syntax: words (all must match unless `any`), `"phrases"`, `-excluded`, `OR`, `(groups)`,
//! `title:`/`body:`, and filters that always restrict: `topic:`, `place:`, `person:`, `location:`,
//! `org:`, `source:`, `author:`, `lang:`, `date:[A TO B]` (days, months, years, `*` open ends), a
//! lone `*` for every article.
//!
//! Languages: a text clause searches `title`/`body` with English stems and, for each language of
//! [`schema::STEMMED_LANGUAGES`] the index holds articles in, that language's fields with its own
//! stems (`Gewerkschaft` finds `Gewerkschaften` in German articles), as alternatives. Which
//! languages an index holds is read from the `language` field once per set of segments; an index
//! of English articles only gets the English query alone.

pub mod bm25;
pub mod filters;
mod simple;

use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, QueryParser};
use tantivy::schema::{Field, FieldType};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Score, Term};
use tantivy_query_grammar::{
    Delimiter, Occur as AstOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};

use self::bm25::Bm25;
use self::filters::{End, ExactTags, FilterQuery, TagFilters, TagKind};
use crate::highlight::HighlightTerms;
use crate::index::people::PeopleNames;
use crate::index::schema::{self, Fields};

/// Weight of a title match relative to a body match.
pub const TITLE_BOOST: f32 = 2.0;

/// Words the grammar reads as operators rather than as words (`AND`, `OR`, `NOT`, and `IN` of
/// `field: IN [a b]`).
pub(crate) const KEYWORDS: &[&str] = &["AND", "OR", "NOT", "IN"];

/// A query that cannot be run, with the 1-based column (in characters) of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The query text does not parse.
    #[error("syntax error at column {column}: {message}")]
    Syntax {
        /// 1-based column of the problem, in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A `field:` prefix names no field newsdex has.
    #[error("unknown field `{field}` at column {column}; known fields: {known}")]
    UnknownField {
        /// The field name as typed.
        field: String,
        /// 1-based column of the field name, in characters.
        column: usize,
        /// The field names users can type, comma-separated.
        known: String,
    },
    /// A date in `date:` (or a flag) that is not a day, month or year.
    #[error("bad date `{value}` at column {column}: {reason}")]
    BadDate {
        /// The date as typed.
        value: String,
        /// 1-based column of the date, in characters (0 for `--since`/`--until`).
        column: usize,
        /// Why it is not a date newsdex reads.
        reason: String,
    },
    /// A field given a kind of clause it cannot run.
    #[error("`{field}` at column {column} does not take {what}")]
    Unsupported {
        /// The field name as typed.
        field: String,
        /// 1-based column of the clause, in characters.
        column: usize,
        /// The kind of clause the field does not take (`regular expressions`).
        what: String,
    },
    /// The query has no words and no filters.
    #[error("the query is empty; type words to search, or `*` for every article")]
    Empty,
}

/// Field names users can type, and what they mean.
const FIELD_NAMES: &[(&str, FieldKind)] = &[
    ("title", FieldKind::Text),
    ("body", FieldKind::Text),
    ("topic", FieldKind::Tag(TagKind::Topic)),
    ("topics", FieldKind::Tag(TagKind::Topic)),
    ("tag", FieldKind::Tag(TagKind::Topic)),
    ("place", FieldKind::Tag(TagKind::Place)),
    ("places", FieldKind::Tag(TagKind::Place)),
    ("location", FieldKind::Tag(TagKind::Location)),
    ("person", FieldKind::Tag(TagKind::Person)),
    ("people", FieldKind::Tag(TagKind::Person)),
    ("org", FieldKind::Tag(TagKind::Org)),
    ("orgs", FieldKind::Tag(TagKind::Org)),
    ("company", FieldKind::Tag(TagKind::Company)),
    ("companies", FieldKind::Tag(TagKind::Company)),
    ("source", FieldKind::Tag(TagKind::Source)),
    ("author", FieldKind::Tag(TagKind::Author)),
    ("lang", FieldKind::Tag(TagKind::Language)),
    ("language", FieldKind::Tag(TagKind::Language)),
    ("date", FieldKind::Date),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Text,
    Tag(TagKind),
    Date,
}

/// Filters given as flags rather than in the query text; they always restrict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagFilters {
    /// Topics an article must have, every one of them.
    pub topics: Vec<String>,
    /// Places an article must have, every one of them.
    pub places: Vec<String>,
    /// People an article must name, every one of them.
    pub people: Vec<String>,
    /// Inclusive start: a day, month or year.
    pub since: Option<String>,
    /// Inclusive end: a day, month or year.
    pub until: Option<String>,
}

/// One word of the query's positive text, as typed and as searched: why a hit matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct QueryTerm {
    /// The word as typed, lowercased.
    pub word: String,
    /// What title and body are searched for: its English stem, or the word itself when exact.
    pub stemmed: String,
    /// `=word`: only the word as written matches, not other words of its stem.
    pub exact: bool,
}

/// A query ready to run.
pub struct ParsedQuery {
    /// The tantivy query: the words scored, the filters as checks.
    pub query: Box<dyn Query>,
    /// Analyzed terms and phrases of the positive text clauses, for passages of English articles
    /// (and of every article not in a stemmed language).
    pub highlight: HighlightTerms,
    /// The same for articles in each stemmed language the query was analyzed for: its place in
    /// [`schema::STEMMED_LANGUAGES`], and the terms as that language's analyzer makes them.
    pub language_highlights: Vec<(usize, HighlightTerms)>,
    /// The positive text words, as typed and as searched, in query order.
    pub terms: Vec<QueryTerm>,
}

impl ParsedQuery {
    /// What to highlight in an article in the stemmed language at `language` (see
    /// [`schema::stemmed_language`]), or in English for `None`. A language the query was not
    /// analyzed for gets nothing to highlight.
    pub fn highlight_of(&self, language: Option<usize>) -> HighlightTerms {
        let Some(slot) = language else { return self.highlight.clone() };
        self.language_highlights
            .iter()
            .find(|(analyzed, _)| *analyzed == slot)
            .map(|(_, terms)| terms.clone())
            .unwrap_or_default()
    }
}

impl std::fmt::Debug for ParsedQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ParsedQuery")
            .field("query", &self.query)
            .field("highlight", &self.highlight)
            .field("language_highlights", &self.language_highlights)
            .field("terms", &self.terms)
            .finish()
    }
}

/// Turns query text into tantivy queries for one index. Cheap to clone; build once per index.
#[derive(Clone)]
pub struct QueryBuilder {
    fields: Fields,
    text_parser: QueryParser,
    /// The analyzer of title and body: the one `text_parser` uses, when the index has it.
    text_analyzer: TextAnalyzer,
    tag_analyzer: TextAnalyzer,
    /// Whether text literals are built here, from the one analysis that also gives their highlight
    /// terms, rather than by `text_parser` (see [`QueryBuilder::text_literal_query`]).
    builds_text_literals: bool,
    /// Title and body with their boosts, in the order `text_parser` lists its default fields.
    text_fields: [(Field, Score); 2],
    /// Tag filter queries already built, shared by the clones of this builder.
    tag_filters: TagFilters,
    /// How each stemmed language's fields are searched, in [`schema::STEMMED_LANGUAGES`]' order.
    languages: Arc<[LanguageText]>,
    /// BM25's `k1` and `b` for the terms built here (phrases, and literals left to the parser,
    /// keep tantivy's).
    bm25: Bm25,
}

/// How the fields of one stemmed language are searched: as `title` and `body`, with that
/// language's analyzer, fields and parser.
#[derive(Clone)]
struct LanguageText {
    analyzer: TextAnalyzer,
    /// The language's title and body with their boosts, as [`QueryBuilder::text_fields`].
    text_fields: [(Field, Score); 2],
    /// The language's `text_parser`: its title and body as default fields.
    parser: QueryParser,
}

/// One converted clause, and whether it is a filter (restricts, never scores, ignores `any`).
struct Converted {
    query: Box<dyn Query>,
    is_filter: bool,
}

impl QueryBuilder {
    /// A builder for `index`, whose field handles are `fields`.
    pub fn new(index: &Index, fields: Fields) -> Self {
        Self::with_title_boost(index, fields, TITLE_BOOST)
    }

    /// A builder whose title matches weigh `title_boost` times a body match (see [`TITLE_BOOST`]).
    pub fn with_title_boost(index: &Index, fields: Fields, title_boost: Score) -> Self {
        Self::with_scoring(index, fields, title_boost, Bm25::default())
    }

    /// A builder whose title matches weigh `title_boost` times a body match and whose single terms
    /// (title and body in every language, and `=word`) are scored by BM25 with `bm25`'s `k1` and
    /// `b` ([`Bm25::term_query`]). Phrases, and the literals left to tantivy's parser (prefixes,
    /// `Title:`), keep tantivy's `k1` and `b`.
    pub fn with_scoring(index: &Index, fields: Fields, title_boost: Score, bm25: Bm25) -> Self {
        let mut text_parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
        text_parser.set_field_boost(fields.title, title_boost);
        text_parser.set_conjunction_by_default();
        let parser_analyzer = text_analyzer_of(index, fields);
        let languages = fields
            .languages
            .iter()
            .enumerate()
            .map(|(slot, language)| {
                let mut parser = QueryParser::for_index(index, vec![language.title, language.body]);
                parser.set_field_boost(language.title, title_boost);
                parser.set_conjunction_by_default();
                LanguageText {
                    analyzer: schema::language_text_analyzer(slot),
                    text_fields: [(language.title, title_boost), (language.body, 1.0)],
                    parser,
                }
            })
            .collect();
        QueryBuilder {
            languages,
            fields,
            text_parser,
            builds_text_literals: parser_analyzer.is_some(),
            text_analyzer: parser_analyzer.unwrap_or_else(schema::text_analyzer),
            text_fields: [(fields.title, title_boost), (fields.body, 1.0)],
            tag_analyzer: schema::tag_analyzer(),
            tag_filters: TagFilters::default(),
            bm25,
        }
    }

    /// Parses `text`; `any` makes plain words optional (at least one must match) instead of required.
    /// `searcher` tells which whole tag values the index holds (see [`filters::tag_query`]).
    pub fn parse(
        &self,
        text: &str,
        any: bool,
        flags: &FlagFilters,
        searcher: &tantivy::Searcher,
    ) -> Result<ParsedQuery, QueryError> {
        self.parse_with(text, any, flags, searcher, Pipeline::Quick)
    }

    fn parse_with(
        &self,
        text: &str,
        any: bool,
        flags: &FlagFilters,
        searcher: &tantivy::Searcher,
        pipeline: Pipeline,
    ) -> Result<ParsedQuery, QueryError> {
        let exact = ExactTags { field: self.fields.exact_tags, searcher };
        let mut context = Context::new(text, any, exact, pipeline);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let trimmed = text.trim();
        check_nesting(text)?;
        check_length(text)?;
        if !trimmed.is_empty() {
            let simple_ast = match pipeline {
                Pipeline::Quick => simple::parse(trimmed),
                Pipeline::Reference => None,
            };
            let ast = match simple_ast {
                Some(ast) => ast,
                None => {
                    let (ast, errors) = tantivy_query_grammar::parse_query_lenient(trimmed);
                    if let Some(error) = errors.first() {
                        let leading = text.len() - text.trim_start().len();
                        let column = column_of_byte(text, leading + error.pos.min(trimmed.len()));
                        return Err(QueryError::Syntax { column, message: error.message.clone() });
                    }
                    ast
                }
            };
            let converted = self.convert(&ast, false, &mut context)?;
            clauses.push((Occur::Must, converted.query));
        }
        let flag_clauses = self.flag_clauses(flags, &mut context)?;
        if clauses.is_empty() && flag_clauses.is_empty() {
            return Err(QueryError::Empty);
        }
        clauses.extend(flag_clauses.into_iter().map(|query| (Occur::Must, query)));
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().map(|(_, query)| query).unwrap_or_else(|| Box::new(AllQuery))
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let mut highlight = context.highlight;
        dedup_keeping_order(&mut highlight.terms);
        dedup_keeping_order(&mut highlight.phrases);
        let mut language_highlights = context.language_highlights;
        for (_, terms) in &mut language_highlights {
            dedup_keeping_order(&mut terms.terms);
            dedup_keeping_order(&mut terms.phrases);
        }
        let mut terms = context.terms;
        dedup_keeping_order(&mut terms);
        Ok(ParsedQuery { query, highlight, language_highlights, terms })
    }

    fn flag_clauses(&self, flags: &FlagFilters, context: &mut Context) -> Result<Vec<Box<dyn Query>>, QueryError> {
        let mut clauses = Vec::new();
        if flags == &FlagFilters::default() {
            // The common case: no flags, and no analyzer to clone for them.
            return Ok(clauses);
        }
        let tag_flags = [
            (&flags.topics, self.fields.topics, TagKind::Topic),
            (&flags.places, self.fields.places, TagKind::Place),
            (&flags.people, self.fields.people, TagKind::Person),
        ];
        for (values, field, kind) in tag_flags {
            for value in values {
                clauses.push(self.tag_filter(field, kind, value, &context.exact));
            }
        }
        if flags.since.is_some() || flags.until.is_some() {
            let flag_error = |flag: &str, value: &str, reason: String| QueryError::BadDate {
                value: value.to_string(),
                column: 0,
                reason: format!("{reason} (in --{flag})"),
            };
            let lower = filters::date_bound(flags.since.as_deref(), true, End::Lower)
                .map_err(|reason| flag_error("since", flags.since.as_deref().unwrap_or_default(), reason))?;
            let upper = filters::date_bound(flags.until.as_deref(), true, End::Upper)
                .map_err(|reason| flag_error("until", flags.until.as_deref().unwrap_or_default(), reason))?;
            clauses.push(filters::date_query(self.fields.date, lower, upper));
        }
        Ok(clauses)
    }

    fn convert(&self, ast: &UserInputAst, negated: bool, context: &mut Context) -> Result<Converted, QueryError> {
        match ast {
            UserInputAst::Leaf(leaf) => self.convert_leaf(leaf, negated, context),
            UserInputAst::Boost(inner, boost) => {
                let converted = self.convert(inner, negated, context)?;
                let query = Box::new(tantivy::query::BoostQuery::new(converted.query, boost.into_inner() as f32));
                Ok(Converted { query, is_filter: converted.is_filter })
            }
            UserInputAst::Clause(children) => self.convert_clause(children, negated, context),
        }
    }

    /// A clause list: text clauses are grouped so that optional words stay optional even beside
    /// required filters; filters and exclusions are added around the group.
    fn convert_clause(
        &self,
        children: &[(Option<AstOccur>, UserInputAst)],
        negated: bool,
        context: &mut Context,
    ) -> Result<Converted, QueryError> {
        let mut text_group: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut filter_alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut outer: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut all_filters = true;
        for (occur, child) in children {
            let excluded = matches!(occur, Some(AstOccur::MustNot));
            let converted = self.convert(child, negated ^ excluded, context)?;
            all_filters &= converted.is_filter;
            match (occur, converted.is_filter) {
                (Some(AstOccur::MustNot), _) => outer.push((Occur::MustNot, converted.query)),
                (Some(AstOccur::Should), true) => filter_alternatives.push((Occur::Should, converted.query)),
                (None | Some(AstOccur::Must), true) => outer.push((Occur::Must, converted.query)),
                (Some(AstOccur::Must), false) => text_group.push((Occur::Must, converted.query)),
                (Some(AstOccur::Should), false) => push_optional(&mut text_group, converted.query),
                (None, false) if context.any => push_optional(&mut text_group, converted.query),
                (None, false) => text_group.push((Occur::Must, converted.query)),
            }
        }
        if !text_group.is_empty() {
            outer.push((Occur::Must, single_or_boolean(text_group)));
        }
        if !filter_alternatives.is_empty() {
            let alternatives = FilterQuery::matching(single_or_boolean(filter_alternatives));
            outer.push((Occur::Must, Box::new(alternatives)));
        }
        if outer.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            outer.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Converted { query: single_or_boolean(outer), is_filter: all_filters })
    }

    fn convert_leaf(
        &self,
        leaf: &UserInputLeaf,
        negated: bool,
        context: &mut Context,
    ) -> Result<Converted, QueryError> {
        match leaf {
            UserInputLeaf::All => Ok(Converted { query: Box::new(AllQuery), is_filter: true }),
            UserInputLeaf::Literal(literal) => self.convert_literal(literal, negated, context),
            UserInputLeaf::Range { field, lower, upper } => {
                let Some(field_name) = field else {
                    let column = context.column_of("[");
                    return Err(QueryError::Unsupported {
                        field: "a range".into(),
                        column,
                        what: "a field; write date:[A TO B]".into(),
                    });
                };
                let column = context.column_of(&format!("{field_name}:"));
                match field_kind(field_name, column)? {
                    FieldKind::Date => {
                        let bound = |bound: &UserInputBound, end: End| {
                            let (value, inclusive) = match bound {
                                UserInputBound::Inclusive(value) => (Some(value.as_str()), true),
                                UserInputBound::Exclusive(value) => (Some(value.as_str()), false),
                                UserInputBound::Unbounded => (None, true),
                            };
                            let value = value.filter(|value| *value != "*");
                            filters::date_bound(value, inclusive, end).map_err(|reason| QueryError::BadDate {
                                value: value.unwrap_or_default().to_string(),
                                column,
                                reason,
                            })
                        };
                        let lower = bound(lower, End::Lower)?;
                        let upper = bound(upper, End::Upper)?;
                        Ok(Converted { query: filters::date_query(self.fields.date, lower, upper), is_filter: true })
                    }
                    _ => Err(QueryError::Unsupported {
                        field: field_name.clone(),
                        column,
                        what: "ranges; only date: does".into(),
                    }),
                }
            }
            UserInputLeaf::Set { field, elements } => {
                let field_name = field.clone().unwrap_or_default();
                let column = context.column_of(&format!("{field_name}:"));
                let FieldKind::Tag(kind) = field_kind(&field_name, column)? else {
                    return Err(QueryError::Unsupported {
                        field: field_name,
                        column,
                        what: "IN [...] sets; tag filters do".into(),
                    });
                };
                let alternatives = elements
                    .iter()
                    .map(|value| (Occur::Should, self.tag_filter(self.tag_field(kind), kind, value, &context.exact)))
                    .collect();
                let query = FilterQuery::matching(Box::new(BooleanQuery::new(alternatives)));
                Ok(Converted { query: Box::new(query), is_filter: true })
            }
            UserInputLeaf::Exists { field } => {
                let column = context.column_of(&format!("{field}:"));
                Err(QueryError::Unsupported { field: field.clone(), column, what: "`*` (exists) queries".into() })
            }
            UserInputLeaf::Regex { field, .. } => {
                let field_name = field.clone().unwrap_or_default();
                let column = context.column_of("/");
                Err(QueryError::Unsupported { field: field_name, column, what: "regular expressions".into() })
            }
        }
    }

    fn convert_literal(
        &self,
        literal: &UserInputLiteral,
        negated: bool,
        context: &mut Context,
    ) -> Result<Converted, QueryError> {
        let kind = match &literal.field_name {
            None => FieldKind::Text,
            Some(field_name) => {
                let column = context.column_of(&format!("{field_name}:"));
                field_kind(field_name, column)?
            }
        };
        match kind {
            FieldKind::Text => {
                let query = self.text_query(literal, negated, context)?;
                Ok(Converted { query, is_filter: false })
            }
            FieldKind::Tag(TagKind::Language) => {
                Ok(Converted { query: filters::language_query(self.fields.language, &literal.phrase), is_filter: true })
            }
            FieldKind::Tag(kind) => {
                let query = self.tag_filter(self.tag_field(kind), kind, &literal.phrase, &context.exact);
                Ok(Converted { query, is_filter: true })
            }
            FieldKind::Date => {
                let field_name = literal.field_name.clone().unwrap_or_default();
                let column = context.column_of(&format!("{field_name}:"));
                let period = filters::parse_period(&literal.phrase).map_err(|reason| QueryError::BadDate {
                    value: literal.phrase.clone(),
                    column,
                    reason,
                })?;
                let query =
                    filters::date_query(self.fields.date, Bound::Included(period.start), Bound::Excluded(period.end));
                Ok(Converted { query, is_filter: true })
            }
        }
    }

    /// The filter `kind:value` on `field` (see [`filters::tag_query`]), built once per value.
    fn tag_filter(&self, field: Field, kind: TagKind, value: &str, exact: &ExactTags<'_>) -> Box<dyn Query> {
        self.tag_filters.get_or_build(kind, value, exact, || {
            let people = (kind == TagKind::Person).then(|| self.tag_filters.people_names(exact.searcher));
            filters::tag_query(field, kind, value, &mut self.tag_analyzer.clone(), exact, people.as_deref())
        })
    }

    /// The index's surname-only people and the full name each stands for, cached with the filters.
    pub(crate) fn people_names(&self, searcher: &tantivy::Searcher) -> Arc<PeopleNames> {
        self.tag_filters.people_names(searcher)
    }

    fn tag_field(&self, kind: TagKind) -> tantivy::schema::Field {
        match kind {
            TagKind::Topic => self.fields.topics,
            TagKind::Place => self.fields.places,
            TagKind::Location => self.fields.location,
            TagKind::Person => self.fields.people,
            TagKind::Org => self.fields.orgs,
            TagKind::Company => self.fields.companies,
            TagKind::Source => self.fields.source,
            TagKind::Author => self.fields.authors,
            TagKind::Language => self.fields.language,
        }
    }

    /// The query of a text literal (`oil`, `"coupon bond"`, `title:oil`); a positive one also adds
    /// its highlight terms. One analysis gives both where [`QueryBuilder::literal_fields`] allows;
    /// elsewhere `text_parser` builds the query.
    fn text_query(
        &self,
        literal: &UserInputLiteral,
        negated: bool,
        context: &mut Context,
    ) -> Result<Box<dyn Query>, QueryError> {
        let exact_word = literal.field_name.is_none() && matches!(literal.delimiter, Delimiter::None);
        if exact_word && let Some(written) = literal.phrase.strip_prefix('=') {
            return Ok(self.exact_query(written, negated, context));
        }
        let analyzer = context.text_analyzer.get_or_insert_with(|| self.text_analyzer.clone());
        let tokens = analyzed_tokens(&literal.phrase, analyzer);
        if !negated {
            let words_analyzer = context.words_analyzer.get_or_insert_with(schema::words_analyzer);
            let written = analyzed_tokens(&literal.phrase, words_analyzer);
            for ((_, word), (_, stemmed)) in written.into_iter().zip(&tokens) {
                context.terms.push(QueryTerm { word, stemmed: stemmed.clone(), exact: false });
            }
        }
        let built_here = match context.pipeline {
            Pipeline::Quick => self.literal_fields(literal),
            Pipeline::Reference => None,
        };
        let query = match built_here {
            Some(fields) => self.text_literal_query(fields, &tokens, literal.slop),
            None => self
                .text_parser
                .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal.clone()))))
                .map_err(|error| QueryError::Syntax {
                    column: context.column_of(&literal.phrase),
                    message: error.to_string(),
                })?,
        };
        if !negated {
            let words = tokens.into_iter().map(|(_, word)| word).collect();
            collect_highlight(words, literal, &mut context.highlight);
        }
        let languages = context.present_languages(self);
        if languages == 0 {
            return Ok(query);
        }
        self.with_languages(query, literal, negated, languages, context)
    }

    /// `english` (a text literal's query over `title` and `body`) or the same literal over the
    /// fields of each stemmed language in `languages` (bit `slot` for
    /// [`schema::STEMMED_LANGUAGES`]`[slot]`), analyzed by that language's analyzer; a positive
    /// literal adds its highlight terms in each language. The alternatives are one flat union, as
    /// [`push_optional`] makes them.
    fn with_languages(
        &self,
        english: Box<dyn Query>,
        literal: &UserInputLiteral,
        negated: bool,
        languages: u32,
        context: &mut Context,
    ) -> Result<Box<dyn Query>, QueryError> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        push_optional(&mut alternatives, english);
        for (slot, language) in self.languages.iter().enumerate() {
            if languages & (1 << slot) == 0 {
                continue;
            }
            let analyzer = context.language_analyzer(slot, language);
            let tokens = analyzed_tokens(&literal.phrase, analyzer);
            let built_here = match context.pipeline {
                Pipeline::Quick => self.language_literal_fields(literal, language),
                Pipeline::Reference => None,
            };
            let query = match built_here {
                Some(fields) => self.text_literal_query(fields, &tokens, literal.slop),
                None => {
                    let mut renamed = literal.clone();
                    renamed.field_name = match literal.field_name.as_deref() {
                        Some(schema::TITLE) => Some(schema::language_title_field(slot)),
                        Some(schema::BODY) => Some(schema::language_body_field(slot)),
                        _ => literal.field_name.clone(),
                    };
                    let ast = UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(renamed)));
                    language.parser.build_query_from_user_input_ast(ast).map_err(|error| QueryError::Syntax {
                        column: context.column_of(&literal.phrase),
                        message: error.to_string(),
                    })?
                }
            };
            push_optional(&mut alternatives, query);
            if !negated {
                let words = tokens.into_iter().map(|(_, word)| word).collect();
                collect_highlight(words, literal, context.language_highlight(slot));
            }
        }
        Ok(Box::new(BooleanQuery::new(alternatives)))
    }

    /// [`QueryBuilder::literal_fields`] for a stemmed language: its title and body instead of
    /// `title` and `body`.
    fn language_literal_fields<'a>(
        &self,
        literal: &UserInputLiteral,
        language: &'a LanguageText,
    ) -> Option<&'a [(Field, Score)]> {
        if !self.builds_text_literals || literal.prefix {
            return None;
        }
        let [title, body] = &language.text_fields;
        match literal.field_name.as_deref() {
            None => Some(&language.text_fields),
            Some(schema::TITLE) => Some(std::slice::from_ref(title)),
            Some(schema::BODY) => Some(std::slice::from_ref(body)),
            Some(_) => None,
        }
    }

    /// Which stemmed languages the index holds articles in, as bits (see
    /// [`QueryBuilder::with_languages`]), read once per set of segments.
    pub(crate) fn present_languages(&self, searcher: &tantivy::Searcher) -> u32 {
        self.tag_filters.present_languages(searcher, self.fields.language)
    }

    /// `=word`: the word as written (lowercased, not stemmed) in title or body, through `words`;
    /// its stem is highlighted. Several words (`=e-mail`) must all be there.
    fn exact_query(&self, written: &str, negated: bool, context: &mut Context) -> Box<dyn Query> {
        let words_analyzer = context.words_analyzer.get_or_insert_with(schema::words_analyzer);
        let words: Vec<String> = analyzed_tokens(written, words_analyzer).into_iter().map(|(_, word)| word).collect();
        let term_query = |word: &String| self.bm25.term_query(Term::from_field_text(self.fields.words, word));
        let query: Box<dyn Query> = match words.as_slice() {
            [] => Box::new(EmptyQuery),
            [word] => term_query(word),
            _ => Box::new(BooleanQuery::new(words.iter().map(|word| (Occur::Must, term_query(word))).collect())),
        };
        if !negated {
            let analyzer = context.text_analyzer.get_or_insert_with(|| self.text_analyzer.clone());
            for word in words {
                let stem =
                    analyzed_tokens(&word, analyzer).into_iter().next().map(|(_, stem)| stem).unwrap_or_default();
                context.highlight.terms.push(stem);
                context.terms.push(QueryTerm { stemmed: word.clone(), word, exact: true });
            }
        }
        query
    }

    /// The fields a text literal searches when [`QueryBuilder::text_literal_query`] can build its
    /// query: title and body (in the parser's order) for a plain literal, one of them for
    /// `title:`/`body:` spelled as in the schema. `None` leaves the literal to `text_parser`: prefix
    /// queries (`"oil pr"*`), which it reports errors for, and `Title:`, which it refuses.
    fn literal_fields(&self, literal: &UserInputLiteral) -> Option<&[(Field, Score)]> {
        if !self.builds_text_literals || literal.prefix {
            return None;
        }
        let [title, body] = &self.text_fields;
        match literal.field_name.as_deref() {
            None => Some(&self.text_fields),
            Some(schema::TITLE) => Some(std::slice::from_ref(title)),
            Some(schema::BODY) => Some(std::slice::from_ref(body)),
            Some(_) => None,
        }
    }

    /// The query tantivy's `QueryParser` (as set up in [`QueryBuilder::new`]) builds for a literal of
    /// `tokens` over `fields`, built from tokens analyzed once: the parser would analyze the literal
    /// again for each field (fetching and cloning the analyzer each time), after the analysis for
    /// highlighting: three analyses, each mostly English stemming, where one does. Per field: one
    /// token, a term with frequencies; several, a phrase with their positions and the literal's
    /// slop; then the field's boost. Several fields are alternatives; no token matches nothing.
    /// A term is scored with the builder's `k1` and `b` ([`Bm25::term_query`]: tantivy's
    /// `TermQuery` for tantivy's).
    fn text_literal_query(&self, fields: &[(Field, Score)], tokens: &[(usize, String)], slop: u32) -> Box<dyn Query> {
        if tokens.is_empty() {
            return Box::new(EmptyQuery);
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = fields
            .iter()
            .map(|&(field, boost)| {
                let query: Box<dyn Query> = match tokens {
                    [(_, word)] => self.bm25.term_query(Term::from_field_text(field, word)),
                    _ => Box::new(PhraseQuery::new_with_offset_and_slop(
                        tokens.iter().map(|(position, word)| (*position, Term::from_field_text(field, word))).collect(),
                        slop,
                    )),
                };
                // As the parser's `LogicalAst::boost`: a boost of 1 adds no `BoostQuery`.
                let boosted: Box<dyn Query> =
                    if (boost - 1.0).abs() < Score::EPSILON { query } else { Box::new(BoostQuery::new(query, boost)) };
                (Occur::Should, boosted)
            })
            .collect();
        if alternatives.len() == 1
            && let Some((_, query)) = alternatives.pop()
        {
            return query;
        }
        Box::new(BooleanQuery::new(alternatives))
    }
}

/// How [`QueryBuilder::parse_with`] reads the text and builds its text literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pipeline {
    /// [`simple::parse`] for the simple syntax (the grammar for the rest), and text literals built
    /// from one analysis by [`QueryBuilder::text_literal_query`].
    Quick,
    /// The grammar for all text and tantivy's `QueryParser` for every text literal, as before
    /// `Quick`: what tests compare it with.
    #[cfg_attr(not(test), allow(dead_code))]
    Reference,
}

/// The analyzer tantivy's query parser analyzes title and body literals with, when both fields are
/// named as `title:` and `body:` find them, indexed by [`schema::TEXT_ANALYZER`] with positions, and
/// the index has it registered: then [`QueryBuilder::text_literal_query`] with it builds what the
/// parser would. `None` (another schema, analyzers not registered) keeps the parser for every
/// literal, and its errors.
fn text_analyzer_of(index: &Index, fields: Fields) -> Option<TextAnalyzer> {
    let schema = index.schema();
    let analyzed_by_text_analyzer = |field: Field, name: &str| {
        let entry = schema.get_field_entry(field);
        let FieldType::Str(options) = entry.field_type() else { return false };
        entry.name() == name
            && options.get_indexing_options().is_some_and(|indexing| {
                indexing.tokenizer() == schema::TEXT_ANALYZER && indexing.index_option().has_positions()
            })
    };
    if !(analyzed_by_text_analyzer(fields.title, schema::TITLE) && analyzed_by_text_analyzer(fields.body, schema::BODY))
    {
        return None;
    }
    index.tokenizers().get(schema::TEXT_ANALYZER)
}

/// The tokens `analyzer` makes of `text`, with their positions (a phrase keeps the gap a dropped
/// long word leaves).
fn analyzed_tokens(text: &str, analyzer: &mut TextAnalyzer) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

/// Records the analyzed words of a positive text literal: one word is a term, several written
/// together (a quoted phrase, or `e-mail`) are a phrase, as tantivy matches them.
fn collect_highlight(mut words: Vec<String>, literal: &UserInputLiteral, highlight: &mut HighlightTerms) {
    let quoted = !matches!(literal.delimiter, Delimiter::None);
    match words.len() {
        0 => {}
        1 => highlight.terms.push(words.swap_remove(0)),
        _ if quoted || literal.slop == 0 => highlight.phrases.push(words),
        _ => highlight.terms.extend(words),
    }
}

/// Drops repeated items, keeping each one's first place. Linear for the few terms people type, a
/// set beyond that: checking each new term against all earlier ones made a 100,000-word query
/// take 80 s.
fn dedup_keeping_order<T: Eq + std::hash::Hash + Clone>(items: &mut Vec<T>) {
    const LINEAR_MAX: usize = 32;
    if items.len() <= LINEAR_MAX {
        let mut kept = 0;
        for index in 0..items.len() {
            if !items[..kept].contains(&items[index]) {
                items.swap(kept, index);
                kept += 1;
            }
        }
        items.truncate(kept);
    } else {
        let mut seen = std::collections::HashSet::with_capacity(items.len());
        items.retain(|item| seen.insert(item.clone()));
    }
}

/// Adds an optional clause to a group. A group of optional clauses itself (a word over title and
/// body) is spliced in: the same documents match with the same summed score, and tantivy sees one
/// flat union of terms, which it scores on its fast path (`lines OR case`: 64 → 38 µs p50).
fn push_optional(group: &mut Vec<(Occur, Box<dyn Query>)>, query: Box<dyn Query>) {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>()
        && boolean.get_minimum_number_should_match() <= 1
        && boolean.clauses().iter().all(|(occur, _)| *occur == Occur::Should)
    {
        group.extend(boolean.clauses().iter().map(|(occur, clause)| (*occur, clause.box_clone())));
        return;
    }
    group.push((Occur::Should, query));
}

fn single_or_boolean(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1
        && clauses[0].0 == Occur::Must
        && let Some((_, query)) = clauses.pop()
    {
        return query;
    }
    Box::new(BooleanQuery::new(clauses))
}

fn field_kind(name: &str, column: usize) -> Result<FieldKind, QueryError> {
    let lower = name.to_lowercase();
    FIELD_NAMES
        .iter()
        .find(|(known, _)| *known == lower)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| QueryError::UnknownField { field: name.to_string(), column, known: known_fields() })
}

/// Where the words after a `name:` prefix are looked up, for corrections
/// ([`crate::search::suggest`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordsOf {
    /// Title and body, stemmed.
    Text,
    /// The tag field of this name, unstemmed.
    Tag(&'static str),
    /// Nothing to correct: dates, languages, names newsdex does not know.
    Nothing,
}

/// Where the words of `name:` are looked up: `person` → the people field, `title` → text.
pub(crate) fn words_of(name: &str) -> WordsOf {
    match field_kind(name, 0) {
        Ok(FieldKind::Text) => WordsOf::Text,
        Ok(FieldKind::Tag(TagKind::Language)) | Ok(FieldKind::Date) | Err(_) => WordsOf::Nothing,
        Ok(FieldKind::Tag(kind)) => WordsOf::Tag(kind.field_name()),
    }
}

/// The field names users can type, for error messages and help.
pub(crate) fn known_fields() -> String {
    ["title", "body", "topic", "place", "location", "person", "org", "source", "author", "lang", "date"].join(", ")
}

struct Context<'a> {
    text: &'a str,
    exact: ExactTags<'a>,
    any: bool,
    highlight: HighlightTerms,
    /// Byte offset from which the next `column_of` looks, so repeated fields point at the right one.
    search_from: usize,
    pipeline: Pipeline,
    /// The builder's text analyzer, cloned on first use and then kept for the whole parse
    /// (analyzing needs `&mut`, and `parse` takes `&self` so that one builder serves every search).
    text_analyzer: Option<TextAnalyzer>,
    /// The stemmed languages the index holds (see [`QueryBuilder::present_languages`]), read on
    /// the first text literal.
    languages: Option<u32>,
    /// Each stemmed language's analyzer, by slot, cloned on first use (empty until then).
    language_analyzers: Vec<Option<TextAnalyzer>>,
    /// Highlight terms of each stemmed language the query was analyzed for.
    language_highlights: Vec<(usize, HighlightTerms)>,
    /// The analyzer of `words` (unstemmed), made on first use.
    words_analyzer: Option<TextAnalyzer>,
    /// The positive text words, as typed and as searched.
    terms: Vec<QueryTerm>,
}

impl<'a> Context<'a> {
    fn new(text: &'a str, any: bool, exact: ExactTags<'a>, pipeline: Pipeline) -> Self {
        let highlight = HighlightTerms::default();
        Context {
            text,
            exact,
            any,
            highlight,
            search_from: 0,
            pipeline,
            text_analyzer: None,
            languages: None,
            language_analyzers: Vec::new(),
            language_highlights: Vec::new(),
            words_analyzer: None,
            terms: Vec::new(),
        }
    }

    /// The stemmed languages the index holds, as bits.
    fn present_languages(&mut self, builder: &QueryBuilder) -> u32 {
        *self.languages.get_or_insert_with(|| builder.present_languages(self.exact.searcher))
    }

    /// The analyzer of the stemmed language at `slot`, cloned from `language` on first use.
    fn language_analyzer(&mut self, slot: usize, language: &LanguageText) -> &mut TextAnalyzer {
        if self.language_analyzers.len() <= slot {
            self.language_analyzers.resize_with(slot + 1, || None);
        }
        self.language_analyzers[slot].get_or_insert_with(|| language.analyzer.clone())
    }

    /// The highlight terms of the stemmed language at `slot`, added on first use.
    fn language_highlight(&mut self, slot: usize) -> &mut HighlightTerms {
        let index = match self.language_highlights.iter().position(|(known, _)| *known == slot) {
            Some(index) => index,
            None => {
                self.language_highlights.push((slot, HighlightTerms::default()));
                self.language_highlights.len() - 1
            }
        };
        &mut self.language_highlights[index].1
    }

    /// 1-based character column of the next occurrence of `needle` (case-insensitive), else 1.
    fn column_of(&mut self, needle: &str) -> usize {
        // Searched in the text itself: offsets into a lowercased copy drift after `İ` or `ẞ`.
        let found = crate::text::find_ignoring_case(self.text, needle, self.search_from)
            .or_else(|| crate::text::find_ignoring_case(self.text, needle, 0));
        match found {
            Some(range) => {
                self.search_from = range.end.max(range.start + 1);
                column_of_byte(self.text, range.start)
            }
            None => 1,
        }
    }
}

/// How deep groups may nest: `((a))` is 2. Parsing and converting a query recurse once per level,
/// and 100,000 levels would overflow the stack (an abort, not an error); no one types 100.
pub(crate) const MAX_NESTING: usize = 100;

/// Refuses a query whose parentheses, or prefix operators, nest deeper than [`MAX_NESTING`],
/// pointing at the first character past the limit. Quoted text does not count.
fn check_nesting(text: &str) -> Result<(), QueryError> {
    let (mut depth, mut prefixes, mut quoted) = (0_usize, 0_usize, false);
    // Bytes of a `NOT` already counted.
    let mut skip_until = 0;
    for (byte, character) in text.char_indices() {
        if byte < skip_until {
            continue;
        }
        let starts_word = text[..byte].ends_with(|c: char| c.is_whitespace() || c == '(') || byte == 0;
        let not_operator = !quoted
            && starts_word
            && text[byte..].starts_with("NOT")
            && text[byte + 3..].starts_with(|c: char| c.is_whitespace() || c == '(');
        match character {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            // `- - - -x`, `+-+-x`, `NOT NOT x`: each is a level of the grammar's recursion too.
            '-' | '+' if !quoted => prefixes += 1,
            'N' if not_operator => {
                prefixes += 1;
                skip_until = byte + 3;
            }
            _ if !quoted && !character.is_whitespace() => prefixes = 0,
            _ => {}
        }
        if depth + prefixes > MAX_NESTING {
            let message = format!("groups and signs nest deeper than {MAX_NESTING} levels; simplify the query");
            return Err(QueryError::Syntax { column: column_of_byte(text, byte), message });
        }
    }
    Ok(())
}

/// How many words (runs of non-space characters, filters included; the operators of [`KEYWORDS`]
/// not) a query may have. Each word becomes a scorer per field and language the index holds,
/// about a kilobyte each (tantivy's BM25 table), so 100,000 words would take a gigabyte; no one
/// types 10,000, and a list of names is `newsdex batch`'s work.
pub const MAX_WORDS: usize = 10_000;

/// Refuses a query of more than [`MAX_WORDS`] words, pointing at the first word past the limit.
fn check_length(text: &str) -> Result<(), QueryError> {
    let mut words = 0_usize;
    let mut start: Option<usize> = None;
    // Every run of non-space characters, with the byte where it starts; a final space ends the last.
    let ends = text.char_indices().map(|(byte, c)| (byte, c.is_whitespace())).chain([(text.len(), true)]);
    for (byte, space) in ends {
        match (start, space) {
            (None, false) => start = Some(byte),
            (Some(from), true) => {
                start = None;
                if KEYWORDS.contains(&&text[from..byte]) {
                    continue;
                }
                words += 1;
                if words > MAX_WORDS {
                    let message = format!(
                        "the query has more than {MAX_WORDS} words; search fewer at once, or run a list of queries with `newsdex batch`"
                    );
                    return Err(QueryError::Syntax { column: column_of_byte(text, from), message });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn column_of_byte(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|(index, _)| *index < byte).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_of_more_than_max_words_are_refused_at_the_first_word_past_it() {
        let words = |count: usize| vec!["bank"; count].join("  ");
        assert!(check_length(&words(MAX_WORDS)).is_ok());
        let error = check_length(&words(MAX_WORDS + 1)).expect_err("one word too many");
        // Each "bank" and its two spaces take 6 columns.
        assert!(matches!(&error, QueryError::Syntax { column, .. } if *column == 6 * MAX_WORDS + 1), "{error}");
        assert!(check_length("\u{3000}bank\u{3000}").is_ok(), "Unicode spaces separate words");
        let either = vec!["bank"; MAX_WORDS].join(" OR ");
        assert!(check_length(&either).is_ok(), "operators are not words");
    }

    fn parse(text: &str, any: bool) -> Box<dyn Query> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let searcher = index.reader().expect("a reader").searcher();
        let builder = QueryBuilder::new(&index, fields);
        builder.parse(text, any, &FlagFilters::default(), &searcher).expect("parses").query
    }

    fn clauses(query: &dyn Query) -> &[(Occur, Box<dyn Query>)] {
        query.downcast_ref::<BooleanQuery>().map(BooleanQuery::clauses).unwrap_or_default()
    }

    #[test]
    fn without_the_analyzers_literals_are_left_to_the_parser() {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        let builder = QueryBuilder::new(&index, fields);
        assert!(!builder.builds_text_literals);
        let searcher = index.reader().expect("a reader").searcher();
        let flags = FlagFilters::default();
        let error = builder.parse("oil", false, &flags, &searcher).expect_err("no analyzer to search with");
        assert!(
            matches!(&error, QueryError::Syntax { column: 1, message } if message.contains("newsdex_en")),
            "{error}"
        );
        assert_eq!(builder.parse_with("oil", false, &flags, &searcher, Pipeline::Reference).err(), Some(error));
    }

    #[test]
    fn regression_deep_nesting_is_an_error_not_a_stack_overflow() {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let builder = QueryBuilder::new(&index, fields);
        let searcher = index.reader().expect("a reader").searcher();
        let flags = FlagFilters::default();
        let nested = |depth: usize| format!("{}oil{}", "(".repeat(depth), ")".repeat(depth));
        builder.parse(&nested(MAX_NESTING), false, &flags, &searcher).expect("100 levels parse");
        let deep_queries =
            [nested(100_000), "-".repeat(100_000) + "oil", "-(".repeat(60_000) + "oil", "NOT ".repeat(50_000) + "oil"];
        for query in deep_queries {
            let error = builder.parse(&query, false, &flags, &searcher).expect_err("too deep");
            assert!(matches!(&error, QueryError::Syntax { column, .. } if *column <= 4 * MAX_NESTING + 1), "{error}");
        }
        // Signs between words and inside quotes are not nesting.
        let words = vec!["co-op"; 200].join(" - ");
        builder.parse(&words, false, &flags, &searcher).expect("hyphens between words");
        builder.parse(&format!("\"{}\"", "(".repeat(500)), false, &flags, &searcher).expect("quoted parentheses");
    }

    #[test]
    fn tag_filters_are_built_once_per_value_until_the_segments_change() {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let reader = index.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into().expect("reader");
        let builder = QueryBuilder::new(&index, fields);
        let flags = FlagFilters::default();
        let printed = |searcher: &tantivy::Searcher| {
            format!("{:?}", builder.parse("person:james-baker", false, &flags, searcher).expect("parses").query)
        };
        // No article has the whole tag: a phrase inside longer values, the same from the cache.
        let before = reader.searcher();
        let first = printed(&before);
        assert!(first.contains("PhraseQuery"), "{first}");
        assert_eq!(printed(&before), first);
        // An article tagged exactly "James Baker" arrives: the next searcher's filter is its term.
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        let words = ["james".to_string(), "baker".to_string()];
        let exact = schema::exact_tag_text(TagKind::Person.field_name(), &words);
        writer.add_document(tantivy::doc!(fields.exact_tags => exact.as_str())).expect("add");
        writer.commit().expect("commit");
        reader.reload().expect("reload");
        let after = printed(&reader.searcher());
        assert!(!after.contains("PhraseQuery") && after.contains("james baker"), "{after}");
        // A searcher of the old segments is still answered for its segments.
        assert_eq!(printed(&before), first);
    }

    #[test]
    fn alternatives_are_one_flat_union_of_terms() {
        for (text, any) in [("lines OR case", false), ("lines case", true)] {
            let query = parse(text, any);
            let flat = clauses(query.as_ref());
            assert_eq!(flat.len(), 4, "title and body of each word: {query:?}");
            assert!(flat.iter().all(|(occur, clause)| *occur == Occur::Should && clauses(clause.as_ref()).is_empty()));
        }
        // Required words stay groups: each must match in the title or the body.
        let query = parse("deal signs", false);
        let groups = clauses(query.as_ref());
        assert_eq!(groups.len(), 2, "{query:?}");
        assert!(groups.iter().all(|(occur, group)| *occur == Occur::Must && clauses(group.as_ref()).len() == 2));
    }

    #[test]
    fn terms_are_tantivys_for_its_k1_and_b_and_our_own_for_others() {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let searcher = index.reader().expect("a reader").searcher();
        let printed = |bm25: Bm25, text: &str| {
            let builder = QueryBuilder::with_scoring(&index, fields, TITLE_BOOST, bm25);
            format!("{:?}", builder.parse(text, false, &FlagFilters::default(), &searcher).expect("parses").query)
        };
        let tantivys = Bm25::default();
        let other = Bm25 { k1: 0.9, b: 0.5 };
        for text in ["oil prices", "title:oil", "=strikes"] {
            let (theirs, ours) = (printed(tantivys, text), printed(other, text));
            assert!(theirs.contains("TermQuery(") && !theirs.contains("Bm25TermQuery"), "{text}: {theirs}");
            assert!(!ours.contains(" TermQuery(") && ours.contains("Bm25TermQuery"), "{text}: {ours}");
            assert!(ours.contains("k1: 0.9, b: 0.5"), "{ours}");
        }
        // Phrases keep tantivy's scoring.
        assert_eq!(printed(tantivys, "\"oil prices\""), printed(other, "\"oil prices\""));
    }

    /// Reuters articles with tags, dates and repeated words, for [`Fixture`].
    const ARTICLES: &str = r#"<REUTERS TOPICS="YES" NEWID="1">
<DATE>14-APR-1987 10:01:00.00</DATE>
<TOPICS><D>money-fx</D><D>interest</D></TOPICS>
<PLACES><D>usa</D></PLACES>
<PEOPLE><D>greenspan</D><D>james-baker</D></PEOPLE>
<ORGS><D>opec</D></ORGS>
<TEXT><TITLE>GREENSPAN SEES DEAL ON DOLLAR</TITLE>
<DATELINE>    WASHINGTON, April 14 - </DATELINE><BODY>Greenspan said the deal signs point to a stable
dollar; the deal was signed by U.S. officials. A coupon bond, a coupon bond and loans.
 Reuter
</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" NEWID="2">
<DATE>12-MAR-1987 08:30:00.00</DATE>
<TOPICS><D>crude</D></TOPICS>
<PLACES><D>pakistan</D><D>japan</D></PLACES>
<TEXT><TITLE>OIL PRICES RISE, OIL OUTPUT HOLDS</TITLE>
<DATELINE>    KARACHI, March 12 - </DATELINE><BODY>Oil prices rose as oil output held. The oil price
rise follows running e-mail talks at AT&T with O'Neil in Zurich; Eaton will hold orders.
 Reuter
</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE>19-APR-1987 17:00:00.00</DATE>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<TEXT><TITLE>COCOA LOANS</TITLE>
<BODY>Loans to cocoa growers in the Bahia zone; the project lines are the case for great
network cuts, shares and Nasdaq holders. Kohl and Reagan met Conable.
 Reuter
</BODY></TEXT>
</REUTERS>
"#;

    /// An index in a temp dir with the project's schema, made by `newsdex index` of [`ARTICLES`],
    /// and a builder for it.
    struct Fixture {
        _dir: tempfile::TempDir,
        index: crate::index::reader::OpenIndex,
        builder: QueryBuilder,
    }

    /// A German and a French article, for [`Fixture::with`].
    const OTHER_LANGUAGES: &[(&str, &str)] = &[
        (
            "de.txt",
            "Gewerkschaften drohen den Regierungen mit Streiks\n\nDie Gewerkschaften haben am Dienstag mit \
             Warnstreiks gedroht, falls die Regierungen der Länder ihr Angebot nicht verbessern. Die \
             Arbeitgeber bieten bisher eine Erhöhung der Löhne um vier Prozent.\n",
        ),
        (
            "fr.txt",
            "Les syndicats nationaux appellent à la grève\n\nLes principaux syndicats nationaux du secteur des \
             transports ont appelé mardi à une journée de grève jeudi, pour protester contre le projet de \
             réforme des retraites présenté par le gouvernement.\n",
        ),
    ];

    impl Fixture {
        fn new() -> Fixture {
            Fixture::with(&[])
        }

        /// [`ARTICLES`] and the `extra` files (name, text).
        fn with(extra: &[(&str, &str)]) -> Fixture {
            let dir = tempfile::tempdir().expect("temp dir");
            let articles = dir.path().join("articles");
            std::fs::create_dir(&articles).expect("articles dir");
            std::fs::write(articles.join("reut2-000.sgm"), ARTICLES).expect("write articles");
            for (name, text) in extra {
                std::fs::write(articles.join(name), text).expect("write an article");
            }
            let options = crate::ingest::IndexOptions {
                roots: vec![articles],
                index_dir: dir.path().join("index"),
                rebuild: false,
                threads: 1,
                memory_budget: 64 << 20,
                reference_date: None,
                taxonomy: None,
                entities: None,
                story_window_days: crate::stories::DEFAULT_WINDOW_DAYS,
            };
            let summary = crate::ingest::run(&options, |_event| {}).expect("indexes");
            assert_eq!(summary.articles_indexed, 3 + extra.len());
            let index = crate::index::reader::open(&options.index_dir).expect("opens");
            let builder = QueryBuilder::new(&index.index, index.fields);
            assert!(builder.builds_text_literals, "the project's schema takes the quick text literals");
            Fixture { _dir: dir, index, builder }
        }

        /// What `query` finds: the top documents with their scores, or the error.
        fn hits(&self, query: &dyn Query) -> Result<Vec<(Score, tantivy::DocAddress)>, String> {
            let top = tantivy::collector::TopDocs::with_limit(10).order_by_score();
            self.index.reader.searcher().search(query, &top).map_err(|error| error.to_string())
        }

        /// Checks that `parse` (the quick pipeline) and the reference pipeline agree on `text`: the
        /// same query as printed, the same highlight terms, or the same error. Returns both queries.
        #[track_caller]
        fn assert_same_as_reference(&self, text: &str, any: bool) -> Option<(ParsedQuery, ParsedQuery)> {
            let searcher = self.index.reader.searcher();
            let flags = FlagFilters::default();
            let quick = self.builder.parse_with(text, any, &flags, &searcher, Pipeline::Quick);
            let reference = self.builder.parse_with(text, any, &flags, &searcher, Pipeline::Reference);
            match (quick, reference) {
                (Ok(quick), Ok(reference)) => {
                    assert_eq!(format!("{:?}", quick.query), format!("{:?}", reference.query), "{text:?} (any: {any})");
                    assert_eq!(quick.highlight, reference.highlight, "{text:?} (any: {any})");
                    assert_eq!(quick.language_highlights, reference.language_highlights, "{text:?} (any: {any})");
                    Some((quick, reference))
                }
                (Err(quick), Err(reference)) => {
                    assert_eq!(quick, reference, "{text:?} (any: {any})");
                    None
                }
                (quick, reference) => panic!("{text:?} (any: {any}): quick {quick:?}, reference {reference:?}"),
            }
        }

        /// [`Fixture::assert_same_as_reference`], and the same hits with the same scores when both
        /// queries run: `TermQuery` does not print its record option, the scores show it. (Not for
        /// any query: in debug builds, tantivy 0.27 trips an assertion in `PhraseScorer::seek_danger`
        /// on some excluded phrases, such as `NOT u.s.`, quickwit-oss/tantivy#2811.)
        #[track_caller]
        fn assert_same_as_reference_when_run(&self, text: &str, any: bool) {
            if let Some((quick, reference)) = self.assert_same_as_reference(text, any) {
                let hits = self.hits(quick.query.as_ref());
                assert_eq!(hits, self.hits(reference.query.as_ref()), "{text:?} (any: {any}): {:?}", quick.query);
            }
        }
    }

    /// Queries that use every corner of the syntax, and literals whose analysis is unusual (no
    /// word, a dropped long word, stems, punctuation).
    const TRICKY: &[&str] = &[
        "oil",
        "Oil prices",
        "oil oil",
        "oil Oil",
        "oil  prices",
        " oil ",
        "running runs ran",
        "u.s. e-mail",
        "at&t o'neil",
        "café Zürich naïve",
        "İstanbul",
        "\"coupon bond\"",
        "\"\"",
        "\"a\"",
        "\"the\"",
        "+deal +signs",
        "+deal +deal",
        "+deal -signs",
        "-deal",
        "-deal -signs",
        "deal OR signs",
        "deal OR -signs",
        "-deal OR signs",
        "deal OR signs OR bonds",
        "deal OR signs bonds",
        "deal signs OR bonds",
        "deal OR deal",
        "deal AND signs",
        "deal && signs",
        "deal AND signs OR loans",
        "OR deal",
        "deal OR",
        "deal OR OR signs",
        "NOT deal",
        "deal NOT signs",
        "IN",
        "a IN [b]",
        "oil*",
        "\"oil pr\"*",
        "\"oil\"*",
        "title:\"oil pr\"*",
        "\"oil price\"~2",
        "\"oil price rise\"~1",
        "\"oil\"~2",
        "oil~2",
        "oil^2",
        "title:oil^3",
        "\"oil price\"^2",
        "oil^1",
        "(oil prices)",
        "(oil OR gas) -price",
        "+(deal signs) loans",
        "title:(oil prices)",
        "title:oil",
        "Title:oil",
        "TITLE:oil",
        "body:\"oil price\"",
        "BODY:oil",
        "title:e-mail",
        "-title:oil",
        "title:\"\"",
        "body:—",
        "title:u.s.",
        "topic:money-fx",
        "greenspan topic:money-fx",
        "place:usa oil",
        "place:USA",
        "person:\"james baker\"",
        "person:james-baker",
        "-place:usa deal",
        "topic:money-fx OR place:japan",
        "topics:IN [crude interest]",
        "lang:en oil",
        "org:opec",
        "source:x",
        "author:y",
        "date:1987",
        "date:1987-04",
        "date:[1987-03-01 TO 1987-03-07]",
        "date:{1987-03 TO *]",
        "date:[* TO *]",
        "date:[* TO 1987-04-19T08:00:00Z}",
        "date:[1987  TO  1988]",
        "date:[1987 TO foo]",
        "date:1987 date:foo",
        "date:foo",
        "oil date:foo",
        "date:>1987",
        "date:<=1987-04",
        "title:[a TO b]",
        "foo:bar",
        "foo:[a TO b]",
        "*",
        "* oil",
        "oil -*",
        "-*",
        "title:*",
        "/re/",
        "title:/re/",
        "[a TO b]",
        "a\tb",
        "a\u{a0}b",
        "\u{a0}oil",
        "oil\n",
        "—",
        "\"—\"",
        "a — b",
        "!!!",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa y",
        "\"x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa y\"",
        "\"x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa y\"~1",
        "'single quoted'",
        "'oil price'~2",
        "a'b",
        "a\"b",
        "+\"coupon bond\"",
        "-\"coupon bond\" oil",
        "\"coupon bond\" OR oil",
        "oil:",
        ":oil",
        "oil :x",
        "title: oil",
        "title :oil",
        "1987",
        "-5",
        "1.5",
        "a,b",
        "a_b",
        "a!",
        "!a",
        "a/b",
        "#1",
        "$5",
        "50%",
        "oil)",
        "(oil",
        "oil\\ prices",
        "\"oil\\\" prices\"",
        "TO",
        "AND",
        "NOT",
        "OR",
        "oil OR",
        "+",
        "-",
        "+ oil",
        "oil +",
        "\"oil",
        "oil\"",
        "ΣΑΣ",
        "日本 経済",
        "OR:x NOT:x IN:x",
        "ORACLE ANDES NOTE INDIA",
        "",
        "   ",
    ];

    #[test]
    fn quick_pipeline_matches_the_reference_on_tricky_queries() {
        let fixture = Fixture::new();
        for text in TRICKY {
            for any in [false, true] {
                fixture.assert_same_as_reference_when_run(text, any);
            }
        }
    }

    #[test]
    fn an_index_of_english_articles_only_gets_the_english_query() {
        let fixture = Fixture::new();
        let searcher = fixture.index.reader.searcher();
        assert_eq!(fixture.builder.present_languages(&searcher), 0);
        for text in ["oil", "\"oil price\"", "title:oil", "oil OR gas", "\"oil pr\"*"] {
            let parsed = fixture.builder.parse(text, false, &FlagFilters::default(), &searcher).expect("parses");
            assert!(!format!("{:?}", parsed.query).contains("_de"), "{text}: {:?}", parsed.query);
            assert!(parsed.language_highlights.is_empty());
        }
    }

    #[test]
    fn a_text_clause_is_analyzed_for_each_language_the_index_holds() {
        let fixture = Fixture::with(OTHER_LANGUAGES);
        let searcher = fixture.index.reader.searcher();
        let german = schema::stemmed_language("de").expect("German");
        let french = schema::stemmed_language("fr").expect("French");
        assert_eq!(fixture.builder.present_languages(&searcher), (1 << german) | (1 << french));
        let parsed = fixture.builder.parse("Gewerkschaften nationaux", false, &FlagFilters::default(), &searcher);
        let parsed = parsed.expect("parses");
        assert_eq!(parsed.highlight.terms, ["gewerkschaften", "nationaux"], "English stems");
        assert_eq!(parsed.highlight_of(Some(german)).terms[0], "gewerkschaft");
        assert_eq!(parsed.highlight_of(Some(french)).terms[1], "national");
        assert_eq!(parsed.language_highlights.len(), 2);
        // Each word must match, in some language: no article has both.
        assert_eq!(fixture.hits(parsed.query.as_ref()).map(|hits| hits.len()), Ok(0));
        for (text, expected) in [("Gewerkschaft", 1), ("Regierung", 1), ("nationale", 1), ("oil", 1), ("deal", 1)] {
            let parsed = fixture.builder.parse(text, false, &FlagFilters::default(), &searcher).expect("parses");
            assert_eq!(fixture.hits(parsed.query.as_ref()).map(|hits| hits.len()), Ok(expected), "{text}");
        }
    }

    #[test]
    fn quick_pipeline_matches_the_reference_in_every_language() {
        let fixture = Fixture::with(OTHER_LANGUAGES);
        for text in
            TRICKY.iter().chain(&["Gewerkschaft", "\"syndicat nationale\"", "title:Regierung", "\"nationaux syn\"*"])
        {
            for any in [false, true] {
                fixture.assert_same_as_reference_when_run(text, any);
            }
        }
    }

    /// The shared query log (read at test time, never copied here): every query parses, the same way
    /// on both pipelines, and the quick reader takes almost all of it.
    #[test]
    fn quick_pipeline_matches_the_reference_on_the_query_log() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/queries/reuters-queries.txt");
        let Ok(log) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: no query log at {}", path.display());
            return;
        };
        let fixture = Fixture::new();
        let queries: Vec<&str> = log.lines().filter(|line| !line.trim().is_empty()).collect();
        for text in &queries {
            for any in [false, true] {
                fixture.assert_same_as_reference_when_run(text, any);
            }
        }
        let read_quickly = queries.iter().filter(|text| simple::parse(text.trim()).is_some()).count();
        assert!(read_quickly * 100 >= queries.len() * 95, "{read_quickly} of {} skip the grammar", queries.len());
    }

    /// Random queries from pieces of the syntax, of text literals and of filters.
    #[test]
    fn quick_pipeline_matches_the_reference_on_random_queries() {
        let fixture = Fixture::new();
        let mut read_quickly = 0;
        for (round, text) in simple::random_queries(0x9e37_79b9_7f4a_7c15, 20_000).iter().enumerate() {
            read_quickly += usize::from(simple::parse(text.trim()).is_some());
            fixture.assert_same_as_reference(text, round % 2 == 1);
        }
        assert!(read_quickly > 4_000, "the random queries exercise the quick reader: {read_quickly}");
    }

    #[test]
    fn regression_column_after_text_that_lowercases_longer() {
        // `İ` is two bytes and lowercases to three: columns were counted in the lowercased copy.
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let searcher = index.reader().expect("a reader").searcher();
        let builder = QueryBuilder::new(&index, fields);
        let error = builder.parse("İİ foo:bar", false, &FlagFilters::default(), &searcher).expect_err("unknown field");
        assert!(matches!(&error, QueryError::UnknownField { column: 4, .. }), "{error}");
        let error = builder.parse("ẞ date:soon", false, &FlagFilters::default(), &searcher).expect_err("bad date");
        assert!(matches!(&error, QueryError::BadDate { column: 3, .. }), "{error}");
    }
}
