//! Which reader handles a file, and how its bytes become text: a failure becomes a
//! [`Skipped`] with the path and the reason, never a panic.
//!
//! Readers (one format each) take `&str` and return one `Result` per article, so a bad line in a
//! JSON Lines file costs that line only. Text that is not UTF-8 is decoded as Windows-1252 with a
//! warning, as old archives are.

pub mod date;
pub mod json;
pub mod markdown;
mod markup;
pub mod sgml;
pub mod text;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::Article;

pub use date::parse_date;

/// The formats newsdex reads, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `.txt`
    Text,
    /// `.md`, `.markdown`
    Markdown,
    /// `.json`: one article or an array of them
    Json,
    /// `.jsonl`, `.ndjson`: one article a line
    JsonLines,
    /// `.sgm`, `.sgml`: Reuters-21578 SGML
    Sgml,
}

/// Why one article (or the whole input) could not be read; `line` is 1-based where known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{reason}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ReadError {
    pub line: Option<usize>,
    pub reason: String,
}

impl ReadError {
    /// A problem at `line` (1-based), or in the whole input when `line` is `None`.
    pub fn new(line: Option<usize>, reason: impl Into<String>) -> Self {
        ReadError {
            line,
            reason: reason.into(),
        }
    }
}

/// A file, or a part of one, that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    /// 1-based line inside the file when only part of it was skipped.
    pub line: Option<usize>,
    pub reason: String,
}

/// What reading one file gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRead {
    pub articles: Vec<Article>,
    /// Parts of the file that could not be read (the rest was).
    pub problems: Vec<ReadError>,
    /// Things worth telling the user that did not stop the read (e.g. decoded as Windows-1252).
    pub warnings: Vec<String>,
}

impl Format {
    /// The format's name as users see it (`text`, `markdown`, `json`, `json_lines`, `sgml`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::JsonLines => "json_lines",
            Format::Sgml => "sgml",
        }
    }
}

/// How much of the start of a file is checked for NUL bytes.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// The byte-order mark some editors put at the start of UTF-8 files.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The format a file is read as, from its extension (case-insensitive); `None` for other files.
pub fn format_of(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "txt" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "json" => Some(Format::Json),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "sgm" | "sgml" => Some(Format::Sgml),
        _ => None,
    }
}

/// Bytes → text: UTF-8 (a leading BOM stripped), or else Windows-1252, with a warning that says
/// where the first byte that is not UTF-8 was.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    let without_bom = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let bom_len = bytes.len() - without_bom.len();
    match std::str::from_utf8(without_bom) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(error) => {
            let bad_offset = bom_len + error.valid_up_to();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(without_bom);
            let warning = format!(
                "not valid UTF-8 (first bad byte at offset {bad_offset}); decoded as Windows-1252"
            );
            (text, Some(warning))
        }
    }
}

/// Reads one file's bytes as `format`. The whole input fails (`Err`) when it is empty, binary, or
/// yields no article; otherwise the articles come with the problems met on the way.
pub fn read_bytes(format: Format, bytes: &[u8]) -> Result<FileRead, ReadError> {
    let content = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::new(None, "empty file"));
    }
    let sniffed = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if let Some(nul_offset) = sniffed.iter().position(|byte| *byte == 0) {
        return Err(ReadError::new(
            None,
            format!("binary file (NUL byte at offset {nul_offset}), not text"),
        ));
    }
    let (text, warning) = decode(bytes);
    let results = match format {
        Format::Text => text::parse(&text),
        Format::Markdown => markdown::parse(&text),
        Format::Json => json::parse(&text),
        Format::JsonLines => json::parse_lines(&text),
        Format::Sgml => sgml::parse(&text),
    };
    let mut file_read = FileRead {
        warnings: warning.into_iter().collect(),
        ..FileRead::default()
    };
    for result in results {
        match result {
            Ok(article) => file_read.articles.push(article),
            Err(problem) => file_read.problems.push(problem),
        }
    }
    if !file_read.articles.is_empty() {
        return Ok(file_read);
    }
    let mut problems = file_read.problems.into_iter();
    match problems.next() {
        None => Err(ReadError::new(None, "no articles found")),
        Some(first) => {
            let more = problems.len();
            let reason = match more {
                0 => first.reason,
                1 => format!("{} (and 1 more problem)", first.reason),
                _ => format!("{} (and {more} more problems)", first.reason),
            };
            Err(ReadError::new(first.line, reason))
        }
    }
}

/// Reads the file at `path`: checks what it is before opening it (a FIFO, socket or device is
/// skipped unopened, as opening a FIFO blocks), picks the reader by extension and sets
/// [`Article::path`] on every article.
pub fn read_path(path: &Path) -> Result<FileRead, Skipped> {
    let skipped = |line: Option<usize>, reason: String| Skipped {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(|error| skipped(None, error.to_string()))?;
    if !metadata.is_file() {
        return Err(skipped(None, describe_non_file(&metadata)));
    }
    let Some(format) = format_of(path) else {
        return Err(skipped(None, "unsupported file type".to_string()));
    };
    let bytes = std::fs::read(path).map_err(|error| skipped(None, error.to_string()))?;
    let mut file_read =
        read_bytes(format, &bytes).map_err(|error| skipped(error.line, error.reason))?;
    for article in &mut file_read.articles {
        article.path = path.to_path_buf();
    }
    Ok(file_read)
}

/// Why a path that is not a regular file is skipped.
fn describe_non_file(metadata: &std::fs::Metadata) -> String {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a directory, not a file".to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO), not a regular file".to_string();
        }
        if file_type.is_socket() {
            return "a socket, not a regular file".to_string();
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device, not a regular file".to_string();
        }
    }
    "not a regular file".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension() {
        assert_eq!(format_of(Path::new("a/b.txt")), Some(Format::Text));
        assert_eq!(format_of(Path::new("b.MD")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("b.markdown")), Some(Format::Markdown));
        assert_eq!(format_of(Path::new("b.Json")), Some(Format::Json));
        assert_eq!(format_of(Path::new("b.jsonl")), Some(Format::JsonLines));
        assert_eq!(format_of(Path::new("b.ndjson")), Some(Format::JsonLines));
        assert_eq!(format_of(Path::new("reut2-000.SGM")), Some(Format::Sgml));
        assert_eq!(format_of(Path::new("x.sgml")), Some(Format::Sgml));
        assert_eq!(format_of(Path::new("x.html")), None);
        assert_eq!(format_of(Path::new("txt")), None);
        assert_eq!(format_of(Path::new("noext")), None);
    }

    #[test]
    fn decode_utf8_and_bom() {
        assert_eq!(decode(b"plain"), (Cow::Borrowed("plain"), None));
        assert_eq!(decode(b"\xEF\xBB\xBFwith bom").0, "with bom");
        assert_eq!(decode("Zürich".as_bytes()), (Cow::Borrowed("Zürich"), None));
    }

    #[test]
    fn decode_windows_1252_with_warning() {
        let (text, warning) = decode(b"Caf\xe9 in Z\xfcrich");
        assert_eq!(text, "Café in Zürich");
        assert_eq!(
            warning.as_deref(),
            Some("not valid UTF-8 (first bad byte at offset 3); decoded as Windows-1252")
        );
        let (smart_quotes, _) = decode(b"\x93quoted\x94 \x80 5");
        assert_eq!(smart_quotes, "\u{201C}quoted\u{201D} \u{20AC} 5");
    }

    #[test]
    fn empty_and_whitespace_files_fail() {
        for bytes in [&b""[..], b"  \n\t\r\n", b"\xEF\xBB\xBF\n"] {
            let error = read_bytes(Format::Text, bytes).unwrap_err();
            assert_eq!(error.reason, "empty file");
        }
    }

    #[test]
    fn binary_files_fail() {
        let error = read_bytes(Format::Text, b"PK\x03\x04\x00\x00zip").unwrap_err();
        assert_eq!(error.reason, "binary file (NUL byte at offset 4), not text");
    }

    #[test]
    fn windows_1252_file_reads_with_warning() {
        let file_read = read_bytes(
            Format::Text,
            b"Caf\xe9 in Z\xfcrich opens\n\nThe caf\xe9 opened today.",
        )
        .unwrap();
        assert_eq!(file_read.articles.len(), 1);
        assert_eq!(
            file_read.articles[0].title.as_deref(),
            Some("Café in Zürich opens")
        );
        assert_eq!(file_read.warnings.len(), 1);
        assert!(file_read.warnings[0].contains("offset 3"));
    }

    #[test]
    fn only_problems_fail_with_first_and_count() {
        let error = read_bytes(Format::JsonLines, b"{bad\n[1]\n{\"x\": 1}\n").unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(
            error.reason.ends_with("(and 2 more problems)"),
            "{}",
            error.reason
        );
    }

    #[test]
    fn no_articles_no_problems() {
        let error = read_bytes(Format::Json, b"[]").unwrap_err();
        assert_eq!(error, ReadError::new(None, "no articles found"));
    }

    #[test]
    fn some_problems_keep_the_articles() {
        let file_read = read_bytes(
            Format::JsonLines,
            b"{\"title\": \"A\"}\n{oops\n{\"title\": \"B\"}\n",
        )
        .unwrap();
        assert_eq!(file_read.articles.len(), 2);
        assert_eq!(file_read.problems.len(), 1);
        assert_eq!(file_read.problems[0].line, Some(2));
    }

    #[test]
    fn read_error_display() {
        assert_eq!(ReadError::new(Some(3), "bad").to_string(), "line 3: bad");
        assert_eq!(ReadError::new(None, "bad").to_string(), "bad");
    }

    #[test]
    fn read_path_sets_path_and_skips_unsupported() {
        let directory =
            std::env::temp_dir().join(format!("newsdex-read-test-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let article_path = directory.join("story.txt");
        std::fs::write(&article_path, "Title here\n\nBody text.").unwrap();
        let file_read = read_path(&article_path).unwrap();
        assert_eq!(file_read.articles[0].path, article_path);

        let other_path = directory.join("picture.png");
        std::fs::write(&other_path, "x").unwrap();
        assert_eq!(
            read_path(&other_path).unwrap_err().reason,
            "unsupported file type"
        );

        let skipped = read_path(&directory).unwrap_err();
        assert_eq!(skipped.reason, "a directory, not a file");

        let missing = read_path(&directory.join("missing.txt")).unwrap_err();
        assert!(
            missing.reason.contains("No such file"),
            "{}",
            missing.reason
        );

        let empty_path = directory.join("empty.md");
        std::fs::write(&empty_path, "").unwrap();
        assert_eq!(read_path(&empty_path).unwrap_err().reason, "empty file");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn read_path_skips_fifo_without_opening_it() {
        let directory =
            std::env::temp_dir().join(format!("newsdex-fifo-test-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let fifo_path = directory.join("pipe.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo_path)
            .status();
        if status.is_ok_and(|status| status.success()) {
            let skipped = read_path(&fifo_path).unwrap_err();
            assert_eq!(skipped.reason, "a named pipe (FIFO), not a regular file");
        }
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
