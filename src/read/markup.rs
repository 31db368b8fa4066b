//! Small text helpers the readers share: SGML/HTML entities, control characters, HTML tags,
//! line endings and blank-line paragraphs.

/// Decodes `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` `&nbsp;` `&#NN;` `&#xNN;`; unknown entities are kept
/// as written. Control characters (from entities or literal) other than `\n` and `\t` are dropped.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        push_without_controls(&mut decoded, &rest[..amp]);
        let after = &rest[amp..];
        match decode_one_entity(after) {
            Some((character, consumed)) => {
                if !is_dropped_control(character) {
                    decoded.push(character);
                }
                rest = &after[consumed..];
            }
            None => {
                decoded.push('&');
                rest = &after[1..];
            }
        }
    }
    push_without_controls(&mut decoded, rest);
    decoded
}

/// `text` starts with `&`; returns the character and how many bytes the entity took.
fn decode_one_entity(text: &str) -> Option<(char, usize)> {
    let semicolon = text
        .as_bytes()
        .iter()
        .take(12)
        .position(|byte| *byte == b';')?;
    let name = &text[1..semicolon];
    let character = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
        }
    };
    Some((character, semicolon + 1))
}

/// Control characters that never belong in article text (`\n` and `\t` do).
fn is_dropped_control(character: char) -> bool {
    character.is_control() && character != '\n' && character != '\t'
}

fn push_without_controls(target: &mut String, text: &str) {
    // Byte check first (fast): C0 controls and DEL are single bytes, C1 controls start with 0xC2.
    let may_hold_control = text.bytes().any(|byte| {
        (byte < 0x20 && byte != b'\n' && byte != b'\t') || byte == 0x7F || byte == 0xC2
    });
    if may_hold_control && text.chars().any(is_dropped_control) {
        target.extend(text.chars().filter(|c| !is_dropped_control(*c)));
    } else {
        target.push_str(text);
    }
}

/// Plain text with paragraphs separated by exactly one blank line: CRLF → LF, trailing spaces trimmed,
/// runs of blank lines collapsed, no blank lines at the start or the end.
pub(crate) fn tidy_paragraphs(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    let mut pending_blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            pending_blank = !tidy.is_empty();
            continue;
        }
        if !tidy.is_empty() {
            tidy.push_str(if pending_blank { "\n\n" } else { "\n" });
        }
        tidy.push_str(line);
        pending_blank = false;
    }
    tidy
}

/// HTML → plain text: block elements become paragraph breaks, other tags vanish, `<script>` and
/// `<style>` content is dropped, entities are decoded.
pub(crate) fn strip_html(html: &str) -> String {
    const BLOCK_TAGS: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "pre",
        "table",
        "hr",
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let tag_and_after = &rest[open..];
        let Some(close) = tag_and_after.find('>') else {
            rest = "";
            break;
        };
        let tag = &tag_and_after[1..close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = &tag_and_after[close + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let end_tag = format!("</{name}");
            rest = match find_ignore_ascii_case(rest, &end_tag) {
                Some(end) => rest[end..].find('>').map_or("", |gt| &rest[end + gt + 1..]),
                None => "",
            };
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            text.push_str("\n\n");
        }
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    let single_spaced: String = decoded
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    tidy_paragraphs(&single_spaced)
}

fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when `text` looks like HTML rather than plain text (starts with a tag and closes one).
pub(crate) fn looks_like_html(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with('<') && (trimmed.contains("</") || trimmed.contains("<br"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decoded_controls_dropped() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &quot;c&quot; &#65;&#x42;"),
            "a <b> & \"c\" AB"
        );
        assert_eq!(
            decode_entities("&#2;text\n\t&#3;&#5;&#22;&#127;end"),
            "text\n\tend"
        );
        assert_eq!(
            decode_entities("AT&T &unknown; & alone &#;"),
            "AT&T &unknown; & alone &#;"
        );
        assert_eq!(decode_entities("bell\u{7}\r\n"), "bell\n");
        assert_eq!(decode_entities("&#99999999;"), "\u{FFFD}");
        assert_eq!(decode_entities("trailing &"), "trailing &");
    }

    #[test]
    fn tidy_paragraphs_collapses_blank_lines() {
        assert_eq!(
            tidy_paragraphs("\n\n one  \r\ntwo\r\n\r\n\r\n three\n\n"),
            " one\ntwo\n\n three"
        );
        assert_eq!(tidy_paragraphs("   \n\n"), "");
    }

    #[test]
    fn html_to_text() {
        let html =
            "<p>First &amp; <b>bold</b></p><script>var x = '<p>';</script><p>Second<br>line</p>";
        assert_eq!(strip_html(html), "First & bold\n\nSecond\n\nline");
        assert_eq!(strip_html("unclosed <b"), "unclosed");
        assert!(looks_like_html("<p>x</p>"));
        assert!(!looks_like_html("a < b and c > d"));
    }
}
