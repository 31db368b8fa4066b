//! English month names, shared by the readers (Reuters `26-FEB-1987`) and the dateline and date
//! extractors (`Feb 26`, `October 31`).

/// Month number (1–12) of an English month name or abbreviation (`Feb`, `Feb.`, `Sept`, `FEBRUARY`).
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    if word == "sept" {
        return Some(9);
    }
    let position = MONTHS.iter().position(|month| *month == word || (word.len() == 3 && month.starts_with(&word)))?;
    u32::try_from(position + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(month_number("Feb"), Some(2));
        assert_eq!(month_number("Feb."), Some(2));
        assert_eq!(month_number("FEBRUARY"), Some(2));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("dec"), Some(12));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
        assert_eq!(month_number(""), None);
    }
}
