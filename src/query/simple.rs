//! A quick reader for the queries people type most: words, `"phrases"`, `field:value` and
//! `field:[a TO b]`, with `+` or `-`, and `OR` between them. It returns exactly the AST
//! `tantivy_query_grammar::parse_query_lenient` makes of such text, or `None` for anything else,
//! which then goes through the grammar.
//!
//! Why: the grammar is a general combinator parser with error recovery. On the Reuters query log it
//! took ~28,000 instructions to read `+deal +signs` or `greenspan topic:money-fx`, about 40% of
//! `QueryBuilder::parse`; this reader takes ~2,000: one scan, and an allocation or two per item.
//!
//! What it accepts is kept small on purpose, so that the grammar's reading is easy to check (and is
//! checked, against the grammar itself, by the tests below):
//! - items are separated by ASCII spaces only (tabs, newlines, no-break spaces: the grammar);
//! - a word starts with a letter or digit and holds only letters, digits and `WORD_PUNCTUATION`,
//!   and is none of the grammar's keywords (`AND`, `OR`, `NOT`, `IN`); so no boost (`^`), slop or
//!   prefix (`~`, `*`), group, escape or stray `:`;
//! - a phrase is `"…"` without `\` inside and ends the item (no `~2`, `*` or `^2` after it);
//! - a field name is ASCII letters right before `:`, its value right after: a word, a phrase, or a
//!   range `[a TO b]` (`{`/`}` for exclusive ends) whose bounds are `*` or letters, digits, `-`, `.`
//!   and `:`;
//! - `+` or `-` may start an item; `OR` stands between two items, never beside a `-` item (the
//!   grammar turns `a OR -b` into a nested clause).

use tantivy_query_grammar::{Delimiter, Occur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral};

use super::KEYWORDS;

/// Punctuation a word may hold after its first character (`u.s.`, `e-mail`, `at&t`, `o'neil`); the
/// grammar reads all of it as part of the word.
const WORD_PUNCTUATION: &[char] = &['.', ',', '-', '&', '\'', '_'];

/// Above this many items the grammar takes over: removing duplicates here is quadratic.
const MAX_ITEMS: usize = 64;

/// One item of the query: `OR`, or a word, phrase or range with its `+`/`-`.
enum Item {
    Or,
    Leaf(Option<Occur>, UserInputLeaf),
}

/// The AST `parse_query_lenient(text)` returns (without errors) when `text` uses only the simple
/// syntax above, else `None`. `text` must be trimmed and not empty.
pub(super) fn parse(text: &str) -> Option<UserInputAst> {
    let items = items(text)?;
    // A lone item is the leaf itself, as in the grammar, unless it is excluded. (Repeats are dropped
    // after this choice in the grammar too: `oil oil` stays a clause.)
    let leaf_count = items.iter().filter(|item| matches!(item, Item::Leaf(..))).count();
    let mut clauses: Vec<(Option<Occur>, UserInputAst)> = Vec::with_capacity(leaf_count);
    let mut items = items.into_iter().peekable();
    let mut after_or = false;
    while let Some(item) = items.next() {
        let Item::Leaf(occur, leaf) = item else {
            after_or = true;
            continue;
        };
        // The grammar gives an item beside `OR` the occur `Should` unless it has its own.
        let beside_or = after_or || matches!(items.peek(), Some(Item::Or));
        after_or = false;
        if beside_or && occur == Some(Occur::MustNot) {
            return None;
        }
        let occur = occur.or(beside_or.then_some(Occur::Should));
        let clause = (occur, UserInputAst::Leaf(Box::new(leaf)));
        // The grammar drops repeated clauses (same occur, same leaf), keeping the first.
        if !clauses.contains(&clause) {
            clauses.push(clause);
        }
    }
    if leaf_count == 1
        && let Some((occur, leaf)) = clauses.pop()
    {
        if occur == Some(Occur::MustNot) {
            return Some(UserInputAst::Clause(vec![(occur, leaf)]));
        }
        return Some(leaf);
    }
    Some(UserInputAst::Clause(clauses))
}

/// Splits `text` into items, or `None` when it holds anything outside the simple syntax.
fn items(text: &str) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    let mut rest = text.trim_start_matches(' ');
    while !rest.is_empty() {
        if items.len() == MAX_ITEMS {
            return None;
        }
        // `OR` is an operator only when a space follows it; a last `OR` is refused below as a keyword.
        if let Some(after) = rest.strip_prefix("OR ") {
            items.push(Item::Or);
            rest = after.trim_start_matches(' ');
            continue;
        }
        let (occur, item) = match rest.as_bytes()[0] {
            b'+' => (Some(Occur::Must), &rest[1..]),
            b'-' => (Some(Occur::MustNot), &rest[1..]),
            _ => (None, rest),
        };
        let (leaf, after) = leaf(item)?;
        if !(after.is_empty() || after.starts_with(' ')) {
            return None;
        }
        items.push(Item::Leaf(occur, leaf));
        rest = after.trim_start_matches(' ');
    }
    // `OR` must stand between two items: the grammar reports one at either end, and reads `OR OR`
    // as an operator and a word.
    let or_at = |index: Option<usize>| matches!(index.and_then(|index| items.get(index)), Some(Item::Or));
    let misplaced_or = or_at(Some(0))
        || or_at(items.len().checked_sub(1))
        || items.windows(2).any(|pair| matches!(pair, [Item::Or, Item::Or]));
    (!items.is_empty() && !misplaced_or).then_some(items)
}

/// The word, phrase or range (each maybe after a field name) that `text` starts with, and the text
/// after it.
fn leaf(text: &str) -> Option<(UserInputLeaf, &str)> {
    let (field_name, value) = match field_prefix(text) {
        Some((field_name, value)) => (Some(field_name.to_string()), value),
        None => (None, text),
    };
    if field_name.is_some() && value.starts_with(['[', '{']) {
        let (lower, upper, after) = range(value)?;
        return Some((UserInputLeaf::Range { field: field_name, lower, upper }, after));
    }
    let (phrase, delimiter, after) = if let Some(quoted) = value.strip_prefix('"') {
        let end = quoted.find('"')?;
        let phrase = &quoted[..end];
        if phrase.contains('\\') {
            return None;
        }
        (phrase, Delimiter::DoubleQuotes, &quoted[end + 1..])
    } else {
        let end = value.find(' ').unwrap_or(value.len());
        let word = &value[..end];
        if !is_plain_word(word) {
            return None;
        }
        (word, Delimiter::None, &value[end..])
    };
    let literal = UserInputLiteral { field_name, phrase: phrase.to_string(), delimiter, slop: 0, prefix: false };
    Some((UserInputLeaf::Literal(literal), after))
}

/// `name:` (ASCII letters) at the start of `text`, and the value after it.
fn field_prefix(text: &str) -> Option<(&str, &str)> {
    let name_length = text.find(|char: char| !char.is_ascii_alphabetic()).unwrap_or(text.len());
    let (name, rest) = text.split_at(name_length);
    let value = rest.strip_prefix(':')?;
    (!name.is_empty()).then_some((name, value))
}

/// The bounds of the range `text` starts with (`[` or `{`), and the text after it.
fn range(text: &str) -> Option<(UserInputBound, UserInputBound, &str)> {
    let lower_inclusive = text.starts_with('[');
    let inside = &text[1..];
    let close = inside.find([']', '}'])?;
    let upper_inclusive = inside[close..].starts_with(']');
    let (lower, upper) = inside[..close].split_once(" TO ")?;
    let (lower, upper) = (lower.trim_end_matches(' '), upper.trim_start_matches(' '));
    let bound = |value: &str, inclusive: bool| {
        let plain = !value.is_empty()
            && value != "TO"
            && value.chars().all(|char| char.is_ascii_alphanumeric() || matches!(char, '-' | '.' | ':'));
        match value {
            "*" => Some(UserInputBound::Unbounded),
            _ if !plain => None,
            _ if inclusive => Some(UserInputBound::Inclusive(value.to_string())),
            _ => Some(UserInputBound::Exclusive(value.to_string())),
        }
    };
    Some((bound(lower, lower_inclusive)?, bound(upper, upper_inclusive)?, &inside[close + 1..]))
}

fn is_plain_word(word: &str) -> bool {
    let mut chars = word.chars();
    let starts_well = chars.next().is_some_and(char::is_alphanumeric);
    starts_well
        && chars.all(|char| char.is_alphanumeric() || WORD_PUNCTUATION.contains(&char))
        && !KEYWORDS.contains(&word)
}

/// `count` random queries (untrimmed, some empty) made of items the simple syntax takes (words,
/// phrases, fields, ranges, `OR`, `+`/`-`) and pieces it leaves to the grammar, for tests that compare
/// readings. The same `seed` gives the same queries.
#[cfg(test)]
pub(super) fn random_queries(seed: u64, count: usize) -> Vec<String> {
    const LONG: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let items = [
        "oil",
        "Oil",
        "prices",
        "running",
        "deal",
        "signs",
        "gas",
        "u.s.",
        "e-mail",
        "o'neil",
        "at&t",
        "a,b",
        "café",
        "İ",
        "ΣΑΣ",
        "1987",
        "5",
        "the",
        "ORE",
        "TO",
        LONG,
        "\"coupon bond\"",
        "\"oil price rise\"",
        "\"the\"",
        "\"x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa y\"",
        "\"a: (b) ~ *\"",
        "\"\"",
        "title:oil",
        "body:\"oil price\"",
        "Title:oil",
        "title:e-mail",
        "topic:money-fx",
        "place:usa",
        "person:\"james baker\"",
        "date:1987",
        "date:[1987 TO 1988]",
        "date:{1987-03 TO *]",
        "date:[* TO 1987-04-19T08:00:00Z}",
        "foo:bar",
        "OR",
        "OR",
        "OR",
        "AND",
        "NOT",
        "IN",
    ];
    let pieces = [
        "+",
        "-",
        "\"",
        "'",
        "(",
        ")",
        "*",
        ":",
        "^2",
        "~2",
        "~1",
        "\\",
        "/",
        "!",
        ",",
        ".",
        "_",
        "&",
        "[",
        "]",
        "{",
        "}",
        "\t",
        "\u{a0}",
        "—",
        "date:",
        "topic:",
        "title:",
        "-x:",
        "[1987 TO 1988]",
        "[*",
        "1987]",
        "TO *}",
    ];
    let mut state = seed;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..1 + next(6) {
                if next(4) == 0 {
                    text.push_str(pieces[next(pieces.len())]);
                } else {
                    text.push_str(["", "", "", "", "", "-", "-", "+"][next(8)]);
                    text.push_str(items[next(items.len())]);
                }
                text.push_str(["", " ", " ", " ", "  "][next(5)]);
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar's reading, when it has no errors.
    fn grammar(text: &str) -> Option<UserInputAst> {
        let (ast, errors) = tantivy_query_grammar::parse_query_lenient(text);
        errors.is_empty().then_some(ast)
    }

    #[track_caller]
    fn assert_same_as_grammar(text: &str) {
        let simple = parse(text).unwrap_or_else(|| panic!("the simple syntax takes {text:?}"));
        assert_eq!(Some(simple), grammar(text), "{text:?}");
    }

    /// The most common query, one word (what the one-word fast path before this reader took).
    #[test]
    fn one_word_reads_as_the_grammar_does() {
        for word in ["aapl", "Volcker", "1987", "g7", "and", "x", "INCOME", "OPEC", "u.s.", "e-mail", "zürich"] {
            assert_same_as_grammar(word);
        }
        for other in ["AND", "OR", "NOT", "IN", "oil*", "oil^2", ""] {
            assert_eq!(parse(other), None, "{other} goes through the grammar");
        }
    }

    #[test]
    fn reads_the_simple_syntax_as_the_grammar_does() {
        for text in [
            "oil",
            "Oil prices",
            "oil oil",
            "oil Oil",
            "oil  prices   rise",
            "u.s. e-mail at&t o'neil a,b a_b",
            "café Zürich İstanbul ΣΑΣ 日本",
            "1987 1.5",
            "\"coupon bond\"",
            "\"\"",
            "\"a: (b) [c] ~ ^ * 'd'\"",
            "+deal +signs",
            "+deal +deal",
            "+deal -signs",
            "-deal",
            "-5",
            "-deal -signs",
            "deal OR signs",
            "deal OR signs OR bonds",
            "deal OR signs bonds",
            "deal signs OR bonds",
            "deal OR deal",
            "deal OR  signs",
            "+deal OR signs",
            "deal OR +signs",
            "+\"coupon bond\" OR oil",
            "-\"coupon bond\" oil",
            "ORACLE ANDES NOTE INDIA",
            "title:oil",
            "body:\"oil price\" Title:oil",
            "greenspan topic:money-fx",
            "person:\"james baker\" -place:usa org:opec",
            "person:\"james baker\" OR place:usa -org:opec",
            "OR:x NOT:x IN:x",
            "date:[1987-04-12 TO 1987-04-19]",
            "date:{1987-03 TO *] oil",
            "date:[* TO 1987-04-19T08:00:00Z}",
            "date:[1987  TO  1988]",
            "+date:[1987 TO 1988] -date:[1987 TO 1988]",
        ] {
            assert_same_as_grammar(text);
        }
    }

    #[test]
    fn leaves_the_rest_to_the_grammar() {
        for text in [
            "oil:",
            ":oil",
            "title: oil",
            "title :oil",
            "a:b:c",
            "tag-x:y",
            "date:[1987 TO]",
            "date:[ 1987 TO 1988]",
            "date:[1987 TO 1988]x",
            "date:[1987 TO 1988",
            "date:[TO TO 1988]",
            "date:[19* TO 1988]",
            "date:>1987",
            "[1987 TO 1988]",
            "oil AND gas",
            "NOT oil",
            "oil NOT gas",
            "OR oil",
            "oil OR",
            "oil OR OR gas",
            "oil OR -gas",
            "-oil OR gas",
            "person:\"james baker\" -place:usa OR org:opec",
            "oil*",
            "*",
            "oil^2",
            "\"oil price\"~2",
            "\"oil pr\"*",
            "\"oil price\"x",
            "\"oil",
            "(oil)",
            "oil\tgas",
            "oil\u{a0}gas",
            "oil\\ gas",
            "\"oil\\\" gas\"",
            "-",
            "+",
            "--oil",
            "+ oil",
            "#1",
            "a!",
            "a/b",
            "IN",
            "a IN [b]",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let many_words = vec!["word"; MAX_ITEMS + 1].join(" ");
        assert_eq!(parse(&many_words), None);
    }

    /// Random queries from pieces of the syntax, the simple and the rest: whatever the simple reader
    /// takes, the grammar reads the same way and without errors.
    #[test]
    fn agrees_with_the_grammar_on_random_queries() {
        let mut taken = 0;
        for text in random_queries(0x2545_f491_4f6c_dd1d, 50_000) {
            let trimmed = text.trim();
            if let Some(simple) = parse(trimmed) {
                taken += 1;
                assert_eq!(Some(simple), grammar(trimmed), "{trimmed:?}");
            }
        }
        assert!(taken > 10_000, "the random queries exercise the simple reader: {taken}");
    }
}
