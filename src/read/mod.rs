//! Which reader handles a file, and how its bytes become text: a failure becomes a
//! [`Skipped`] with the path and the reason, never a panic.
//!
//! Readers (one format each) take `&str` and return one `Result` per article, so a bad line in a
//! JSON Lines file costs that line only. Text that is not UTF-8 is decoded as Windows-1252 with a
//! warning, as old archives are.

pub mod date;
pub mod json;
mod keys;
pub mod markdown;
mod markup;
pub(crate) mod sgml;
pub mod text;

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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
    /// 1-based line of the problem, or `None` when it concerns the whole input.
    pub line: Option<usize>,
    /// What is wrong, in words for the user.
    pub reason: String,
}

impl ReadError {
    /// A problem at `line` (1-based), or in the whole input when `line` is `None`.
    pub fn new(line: Option<usize>, reason: impl Into<String>) -> Self {
        ReadError { line, reason: reason.into() }
    }
}

/// A file, or a part of one, that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file skipped, or the file the skipped part belongs to.
    pub path: PathBuf,
    /// 1-based line inside the file when only part of it was skipped.
    pub line: Option<usize>,
    /// Why it was skipped, in words for the user.
    pub reason: String,
}

/// What reading one file gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRead {
    /// Articles read from the file, in file order.
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
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    let without_bom = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let bom_len = bytes.len() - without_bom.len();
    match std::str::from_utf8(without_bom) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(error) => {
            let bad_offset = bom_len + error.valid_up_to();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(without_bom);
            let warning = format!("not valid UTF-8 (first bad byte at offset {bad_offset}); decoded as Windows-1252");
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
        return Err(ReadError::new(None, format!("binary file (NUL byte at offset {nul_offset}), not text")));
    }
    let (text, warning) = decode(bytes);
    let results = match format {
        Format::Text => text::parse(&text),
        Format::Markdown => markdown::parse(&text),
        Format::Json => json::parse(&text),
        Format::JsonLines => json::parse_lines(&text),
        Format::Sgml => sgml::parse(&text),
    };
    let decoded_as_windows_1252 = warning.is_some();
    let mut file_read = FileRead { warnings: warning.into_iter().collect(), ..FileRead::default() };
    for result in results {
        match result {
            Ok(mut article) => {
                // Readers count in the decoded text; users seek in the file.
                article.byte_offset =
                    article.byte_offset.map(|offset| offset_in_file(bytes, &text, decoded_as_windows_1252, offset));
                article.normalize_text();
                file_read.articles.push(article);
            }
            Err(problem) => file_read.problems.push(problem),
        }
    }
    if !file_read.articles.is_empty() {
        return Ok(file_read);
    }
    Err(summarize_problems(file_read.problems))
}

/// The offset in the file's `bytes` of `offset` in their decoded `text` (see [`decode`]): past the
/// byte-order mark decoding dropped, and counted in bytes of the file when it was decoded as
/// Windows-1252, which gives one character per byte but two or three UTF-8 bytes for most above 0x7F.
fn offset_in_file(bytes: &[u8], text: &str, decoded_as_windows_1252: bool, offset: u64) -> u64 {
    let bom_len = if bytes.starts_with(UTF8_BOM) { UTF8_BOM.len() as u64 } else { 0 };
    let prefix = usize::try_from(offset).ok().and_then(|offset| text.get(..offset));
    match prefix {
        Some(prefix) if decoded_as_windows_1252 => bom_len + prefix.chars().count() as u64,
        _ => bom_len + offset,
    }
}

/// Why an input that gave no article failed: its first problem and how many more, or "no
/// articles found" when there were none.
fn summarize_problems(problems: Vec<ReadError>) -> ReadError {
    let mut problems = problems.into_iter();
    match problems.next() {
        None => ReadError::new(None, "no articles found"),
        Some(first) => {
            let more = problems.len();
            let reason = match more {
                0 => first.reason,
                1 => format!("{} (and 1 more problem)", first.reason),
                _ => format!("{} (and {more} more problems)", first.reason),
            };
            ReadError::new(first.line, reason)
        }
    }
}

/// Reads the file at `path`: checks what it is before opening it (a FIFO, socket or device is
/// skipped unopened, as opening a FIFO blocks), picks the reader by extension and sets
/// [`Article::path`] on every article.
pub fn read_path(path: &Path) -> Result<FileRead, Skipped> {
    let skipped = |line: Option<usize>, reason: String| Skipped { path: path.to_path_buf(), line, reason };
    let metadata = std::fs::metadata(path).map_err(|error| skipped(None, error.to_string()))?;
    if !metadata.is_file() {
        return Err(skipped(None, describe_non_file(&metadata)));
    }
    let Some(format) = format_of(path) else {
        return Err(skipped(None, "unsupported file type".to_string()));
    };
    let bytes = std::fs::read(path).map_err(|error| skipped(None, error.to_string()))?;
    let mut file_read = read_bytes(format, &bytes).map_err(|error| skipped(error.line, error.reason))?;
    for article in &mut file_read.articles {
        article.path = path.to_path_buf();
    }
    Ok(file_read)
}

/// Lines of a JSON Lines file parsed together (in parallel) by [`stream_json_lines`]; memory holds
/// about one batch of lines and articles, whatever the size of the file.
pub(crate) const JSON_LINES_BATCH: usize = 1_000;

/// Size of the read buffer of [`stream_json_lines`].
const STREAM_BUFFER: usize = 1 << 20;

/// What streaming a JSON Lines file gave besides its articles, which went to the callback.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Streamed {
    /// Articles handed to the callback.
    pub articles: usize,
    /// Lines that could not be read (the rest were).
    pub problems: Vec<ReadError>,
    /// E.g. lines decoded as Windows-1252.
    pub warnings: Vec<String>,
    /// True when the callback stopped the read early.
    pub stopped: bool,
}

/// One line of a JSON Lines batch: its article or error (`None` for a blank line), and where its
/// first invalid UTF-8 byte was, when it was decoded as Windows-1252.
type ParsedLine = (Option<Result<Article, ReadError>>, Option<usize>);

/// Reads a JSON Lines file at `path` a batch of `batch_lines` lines at a time, instead of all at
/// once as [`read_path`] does: each batch is parsed in parallel and its articles (with
/// [`Article::path`] set) go to `on_batch` with the bytes the batch covered, so memory does not grow
/// with the file. `on_batch` returns [`ControlFlow::Break`] to stop.
///
/// As with [`read_path`], a bad line is a problem at its line number and the file fails as a whole
/// when it is not a regular file, empty, binary, or gives no article. A line that is not UTF-8 is
/// decoded as Windows-1252 with a warning (only that line: the others stay UTF-8).
pub fn stream_json_lines(
    path: &Path,
    batch_lines: usize,
    mut on_batch: impl FnMut(Vec<Article>, u64) -> ControlFlow<()>,
) -> Result<Streamed, Skipped> {
    let skipped = |line: Option<usize>, reason: String| Skipped { path: path.to_path_buf(), line, reason };
    let io_error = |error: std::io::Error| skipped(None, error.to_string());
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(skipped(None, describe_non_file(&metadata)));
    }
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let mut sniffed = Vec::with_capacity(BINARY_SNIFF_LEN);
    (&mut file).take(BINARY_SNIFF_LEN as u64).read_to_end(&mut sniffed).map_err(io_error)?;
    if let Some(nul_offset) = sniffed.iter().position(|byte| *byte == 0) {
        return Err(skipped(None, format!("binary file (NUL byte at offset {nul_offset}), not text")));
    }
    let mut reader = BufReader::with_capacity(STREAM_BUFFER, sniffed.chain(file));
    let batch_lines = batch_lines.max(1);

    let mut streamed = Streamed::default();
    let mut saw_content = false;
    let mut ordinal: u32 = 0;
    // Windows-1252 lines: how many, and the first one's line and offset of its first bad byte.
    let mut non_utf8_lines = 0usize;
    let mut first_non_utf8: Option<(usize, u64)> = None;
    // One batch: its lines' bytes end to end, and each line's number, the file offset where its
    // text starts (after a BOM) and its range in `data`.
    let mut data: Vec<u8> = Vec::new();
    let mut lines: Vec<(usize, u64, std::ops::Range<usize>)> = Vec::with_capacity(batch_lines);
    let mut line_number = 0usize;
    let mut offset: u64 = 0;
    loop {
        data.clear();
        lines.clear();
        let batch_start = offset;
        while lines.len() < batch_lines {
            let start = data.len();
            let read = reader.read_until(b'\n', &mut data).map_err(io_error)?;
            if read == 0 {
                break;
            }
            line_number += 1;
            let mut range = start..data.len();
            if line_number == 1 && data[range.clone()].starts_with(UTF8_BOM) {
                range.start += UTF8_BOM.len();
            }
            saw_content |= !data[range.clone()].iter().all(u8::is_ascii_whitespace);
            lines.push((line_number, offset + (range.start - start) as u64, range));
            offset += read as u64;
        }
        if lines.is_empty() {
            break;
        }
        let parsed: Vec<ParsedLine> = lines
            .par_iter()
            .map(|(number, _, range)| {
                let bytes = &data[range.clone()];
                match std::str::from_utf8(bytes) {
                    Ok(text) => (json::parse_line(text, *number), None),
                    Err(error) => {
                        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                        (json::parse_line(&text, *number), Some(error.valid_up_to()))
                    }
                }
            })
            .collect();
        let mut articles = Vec::with_capacity(parsed.len());
        for ((result, bad_byte), (number, line_offset, _)) in parsed.into_iter().zip(&lines) {
            if let Some(bad_byte) = bad_byte {
                non_utf8_lines += 1;
                first_non_utf8.get_or_insert((*number, line_offset + bad_byte as u64));
            }
            let Some(result) = result else {
                continue;
            };
            match result {
                Ok(mut article) => {
                    article.ordinal = ordinal;
                    article.path = path.to_path_buf();
                    article.normalize_text();
                    articles.push(article);
                }
                Err(problem) => streamed.problems.push(problem),
            }
            ordinal = ordinal.saturating_add(1);
        }
        streamed.articles += articles.len();
        if on_batch(articles, offset - batch_start).is_break() {
            streamed.stopped = true;
            break;
        }
    }
    if let Some((line, bad_offset)) = first_non_utf8 {
        let more = match non_utf8_lines {
            1 => String::new(),
            2 => " and 1 more line".to_string(),
            _ => format!(" and {} more lines", non_utf8_lines - 1),
        };
        streamed.warnings.push(format!(
            "line {line}{more} not valid UTF-8 (first bad byte at offset {bad_offset}); decoded as Windows-1252"
        ));
    }
    if streamed.articles > 0 || streamed.stopped {
        return Ok(streamed);
    }
    if !saw_content {
        return Err(skipped(None, "empty file".to_string()));
    }
    let error = summarize_problems(streamed.problems);
    Err(skipped(error.line, error.reason))
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
        assert_eq!(warning.as_deref(), Some("not valid UTF-8 (first bad byte at offset 3); decoded as Windows-1252"));
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
        let file_read = read_bytes(Format::Text, b"Caf\xe9 in Z\xfcrich opens\n\nThe caf\xe9 opened today.").unwrap();
        assert_eq!(file_read.articles.len(), 1);
        assert_eq!(file_read.articles[0].title.as_deref(), Some("Café in Zürich opens"));
        assert_eq!(file_read.warnings.len(), 1);
        assert!(file_read.warnings[0].contains("offset 3"));
    }

    #[test]
    fn regression_sgml_offsets_after_a_bom_or_windows_1252() {
        // Offsets were counted in the decoded text: 3 short after a BOM, 1 long per `é` before.
        let article = b"<REUTERS NEWID=\"2\"><TEXT><BODY>Second</BODY></TEXT></REUTERS>";
        let first = b"<REUTERS NEWID=\"1\"><TEXT><BODY>Caf\xe9 opens</BODY></TEXT></REUTERS>\n";
        for file in [[UTF8_BOM, &article[..]].concat(), [&first[..], &article[..]].concat()] {
            let file_read = read_bytes(Format::Sgml, &file).expect("reads");
            let last = file_read.articles.last().and_then(|article| article.byte_offset).expect("an offset");
            assert_eq!(&file[last as usize..], article, "offset {last} in {:?}", String::from_utf8_lossy(&file));
        }
    }

    #[test]
    fn only_problems_fail_with_first_and_count() {
        let error = read_bytes(Format::JsonLines, b"{bad\n[1]\n{\"x\": 1}\n").unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(error.reason.ends_with("(and 2 more problems)"), "{}", error.reason);
    }

    #[test]
    fn no_articles_no_problems() {
        let error = read_bytes(Format::Json, b"[]").unwrap_err();
        assert_eq!(error, ReadError::new(None, "no articles found"));
    }

    #[test]
    fn some_problems_keep_the_articles() {
        let file_read = read_bytes(Format::JsonLines, b"{\"title\": \"A\"}\n{oops\n{\"title\": \"B\"}\n").unwrap();
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
        let directory = std::env::temp_dir().join(format!("newsdex-read-test-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let article_path = directory.join("story.txt");
        std::fs::write(&article_path, "Title here\n\nBody text.").unwrap();
        let file_read = read_path(&article_path).unwrap();
        assert_eq!(file_read.articles[0].path, article_path);

        let other_path = directory.join("picture.png");
        std::fs::write(&other_path, "x").unwrap();
        assert_eq!(read_path(&other_path).unwrap_err().reason, "unsupported file type");

        let skipped = read_path(&directory).unwrap_err();
        assert_eq!(skipped.reason, "a directory, not a file");

        let missing = read_path(&directory.join("missing.txt")).unwrap_err();
        assert!(missing.reason.contains("No such file"), "{}", missing.reason);

        let empty_path = directory.join("empty.md");
        std::fs::write(&empty_path, "").unwrap();
        assert_eq!(read_path(&empty_path).unwrap_err().reason, "empty file");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[test]
    fn stream_json_lines_in_batches() {
        let directory = std::env::temp_dir().join(format!("newsdex-stream-test-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("feed.jsonl");
        // Batches of 3 lines: the bad line 2 sits inside the first batch; line 5 is Windows-1252;
        // line 4 is blank (no ordinal).
        let mut bytes = b"\xEF\xBB\xBF{\"title\": \"A\"}\n{oops\n{\"title\": \"Z\xc3\xbcrich\"}\n\n".to_vec();
        bytes.extend_from_slice(b"{\"title\": \"Caf\xe9\"}\r\n{\"title\": \"F\"}");
        std::fs::write(&path, &bytes).unwrap();
        let mut batches = Vec::new();
        let streamed = stream_json_lines(&path, 3, |articles, bytes| {
            batches.push((articles, bytes));
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(batches.len(), 2);
        assert_eq!(batches.iter().map(|(_, bytes)| bytes).sum::<u64>(), bytes.len() as u64);
        let articles: Vec<&Article> = batches.iter().flat_map(|(articles, _)| articles).collect();
        let seen: Vec<(Option<&str>, u32, Option<u32>)> =
            articles.iter().map(|article| (article.title.as_deref(), article.ordinal, article.line)).collect();
        assert_eq!(
            seen,
            [
                (Some("A"), 0, Some(1)),
                (Some("Zürich"), 2, Some(3)),
                (Some("Café"), 3, Some(5)),
                (Some("F"), 4, Some(6))
            ]
        );
        assert!(articles.iter().all(|article| article.path == path));
        assert_eq!(streamed.articles, 4);
        assert_eq!(streamed.problems.len(), 1);
        assert_eq!(streamed.problems[0].line, Some(2));
        let offset = bytes.iter().position(|byte| *byte == 0xe9).unwrap();
        assert_eq!(
            streamed.warnings,
            [format!("line 5 not valid UTF-8 (first bad byte at offset {offset}); decoded as Windows-1252")]
        );

        // The same as reading it at once, but for the one line decoded as Windows-1252.
        let whole = read_path(&path).unwrap();
        assert_eq!(whole.problems, streamed.problems);
        let whole_seen: Vec<(u32, Option<u32>)> =
            whole.articles.iter().map(|article| (article.ordinal, article.line)).collect();
        let streamed_seen: Vec<(u32, Option<u32>)> =
            articles.iter().map(|article| (article.ordinal, article.line)).collect();
        assert_eq!(whole_seen, streamed_seen);

        std::fs::write(&path, b"{bad\n[1]\n").unwrap();
        let skipped = stream_json_lines(&path, 1, |_, _| ControlFlow::Continue(())).unwrap_err();
        assert_eq!((skipped.line, skipped.reason.ends_with("(and 1 more problem)")), (Some(1), true));
        std::fs::write(&path, b" \n\n").unwrap();
        let skipped = stream_json_lines(&path, 1, |_, _| ControlFlow::Continue(())).unwrap_err();
        assert_eq!(skipped.reason, "empty file");
        std::fs::write(&path, b"{\"title\": \"A\"}\n\x00").unwrap();
        let skipped = stream_json_lines(&path, 1, |_, _| ControlFlow::Continue(())).unwrap_err();
        assert_eq!(skipped.reason, "binary file (NUL byte at offset 15), not text");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn read_path_skips_fifo_without_opening_it() {
        let directory = std::env::temp_dir().join(format!("newsdex-fifo-test-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let fifo_path = directory.join("pipe.txt");
        let status = std::process::Command::new("mkfifo").arg(&fifo_path).status();
        if status.is_ok_and(|status| status.success()) {
            let skipped = read_path(&fifo_path).unwrap_err();
            assert_eq!(skipped.reason, "a named pipe (FIFO), not a regular file");
        }
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
