//! The format of the bundled data files: one entry a line, `#` comments and blank lines skipped.

/// The rows of a table: columns separated by `|`, trimmed.
pub(crate) fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    lines(table).map(|line| line.split('|').map(str::trim).collect())
}

/// The entries of a word list, one a line.
pub(crate) fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    lines(list)
}

fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}
