//! The formats of the bundled data files, in one place: `#` lines are comments and blank lines
//! are skipped; a table has one row a line with `|` between columns, an entry list one entry a line
//! (entries may hold spaces), a word list any number of whitespace-separated words a line.

/// The rows of a table: columns separated by `|`, trimmed.
pub(crate) fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    lines(table).map(|line| line.split('|').map(str::trim).collect())
}

/// The entries of a word list, one a line.
pub(crate) fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    lines(list)
}

/// The words of a word list: separated by whitespace, any number a line.
pub(crate) fn words_of(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().filter(|line| !line.trim_start().starts_with('#')).flat_map(str::split_whitespace)
}

fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}
